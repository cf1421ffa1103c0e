"""Read side: lists with filters and keyset pagination, and batch loads for DataLoaders.

Every query is narrowed to what the principal may see (see ``creators.creator_visible``):
officials see the registry; an evaluation institution the creators it registered or
certified and its own credentials; a creator its own records only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.awards import AwardGrant
from ..domain.creators import Creator, PlatformAccount, Recognition, Work
from ..domain.credentials import Credential
from ..domain.enums import (
    AwardState,
    CredentialKind,
    CredentialStatus,
    Origin,
    Platform,
    RecognitionState,
    Role,
)
from ..domain.paging import Page, PageRequest
from ..domain.skills import SkillCertificate, SkillLevel
from ..errors import NotFound
from .awards import to_award_grant
from .certificates import to_certificate
from .common import by_public_id, fetch_one
from .context import ServiceContext
from .creators import creator_visible, to_creator, to_platform_account, to_work
from .credential_status import load_operations, to_credential
from .paging import keyset_page
from .reads import numeric_key
from .recognitions import to_recognition

__all__ = [
    "CreatorFilter",
    "CredentialFilter",
    "get_award",
    "get_certificate",
    "get_credential",
    "get_credential_qr",
    "get_platform_account",
    "get_recognition",
    "get_work",
    "list_awards",
    "list_certificates",
    "list_creators",
    "list_credentials",
    "list_platform_accounts",
    "list_recognitions",
    "list_works",
    "load_creators",
    "load_credentials",
    "own_certificates",
    "visible_certificates",
    "visible_creators",
    "visible_credentials",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CreatorFilter:
    origin: Origin | None = None
    region_code: str | None = None
    cluster_code: str | None = None  # holds an active recognition in this cluster
    platform: Platform | None = None
    name_contains: str | None = None
    registered_by: str | None = None  # organisation code


@dataclass(frozen=True, slots=True)
class CredentialFilter:
    kind: CredentialKind | None = None
    status: CredentialStatus | None = None
    creator_id: str | None = None
    organisation: str | None = None
    issued_after: datetime | None = None
    issued_before: datetime | None = None


def visible_creators(principal: Principal, creator_column: Any) -> ColumnElement[bool] | None:
    """A WHERE clause narrowing ``creator_column`` to the creators ``principal`` may see."""
    if principal.role is Role.CREATOR:
        return creator_column == (principal.creator_id if principal.creator_id else -1)  # type: ignore[no-any-return]
    if principal.role is Role.EVALUATOR:
        registered = select(m.Creator.id).where(
            m.Creator.registered_by_org_id == principal.organisation_id
        )
        certified = (
            select(m.SkillCertificate.creator_id)
            .join(m.Filing, m.SkillCertificate.filing_id == m.Filing.id)
            .where(m.Filing.organisation_id == principal.organisation_id)
        )
        return or_(creator_column.in_(registered), creator_column.in_(certified))
    return None


def _narrow(statement: Select[Any], clause: ColumnElement[bool] | None) -> Select[Any]:
    return statement if clause is None else statement.where(clause)


async def _creator_pk(session: AsyncSession, principal: Principal, creator_id: str) -> int:
    row = await by_public_id(session, m.Creator, creator_id, field="creator_id", what="creator")
    await creator_visible(session, principal, row)
    return row.id


async def _creator_page(
    ctx: ServiceContext,
    principal: Principal,
    statement: Select[Any],
    model: Any,
    page: PageRequest,
    to_item: Callable[[Any], T],
    *,
    creator_id: str | None,
) -> Page[T]:
    """A keyset page of ``model`` rows, narrowed to one creator (who must be visible)."""
    async with ctx.uow(read_only=True) as uow:
        if creator_id is not None:
            pk = await _creator_pk(uow.session, principal, creator_id)
            statement = statement.where(model.creator_id == pk)
        return await keyset_page(uow.session, statement, model.id, page, to_item)


async def _rows_of_creator(
    ctx: ServiceContext,
    principal: Principal,
    creator_id: str,
    model: Any,
    to_item: Callable[[Any], T],
) -> list[T]:
    authorize(principal, Action.READ_CREATOR)
    async with ctx.uow(read_only=True) as uow:
        pk = await _creator_pk(uow.session, principal, creator_id)
        rows = await uow.session.execute(
            select(model).where(model.creator_id == pk).order_by(model.id)
        )
        return [to_item(row) for row in rows.scalars()]


async def _creator_record(
    ctx: ServiceContext,
    principal: Principal,
    statement: Select[Any],
    clause: ColumnElement[bool] | None,
    to_item: Callable[[Any], T],
    *,
    what: str,
    field: str,
) -> T:
    """One record of a creator, narrowed by the clause its list uses: a record the caller may
    not see is NotFound, like an absent one."""
    authorize(principal, Action.READ_CREATOR)
    async with ctx.uow(read_only=True) as uow:
        row = await fetch_one(uow.session, _narrow(statement, clause), what=what, field=field)
        return to_item(row)


def own_certificates(principal: Principal) -> ColumnElement[bool]:
    """An evaluator's certificates: those recorded under its own filings."""
    return m.SkillCertificate.filing_id.in_(
        select(m.Filing.id).where(m.Filing.organisation_id == principal.organisation_id)
    )


def visible_certificates(principal: Principal) -> ColumnElement[bool] | None:
    """An evaluator sees the certificates of its own filings, others those of the creators
    they may see."""
    if principal.role is Role.EVALUATOR:
        return own_certificates(principal)
    return visible_creators(principal, m.SkillCertificate.creator_id)


async def list_creators(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    filters: CreatorFilter | None = None,
) -> Page[Creator]:
    authorize(principal, Action.READ_CREATOR)
    f = filters or CreatorFilter()
    statement = _narrow(select(m.Creator), visible_creators(principal, m.Creator.id))
    if f.origin is not None:
        statement = statement.where(m.Creator.origin == f.origin)
    if f.region_code is not None:
        statement = statement.where(m.Creator.region_code == f.region_code)
    if f.name_contains:
        statement = statement.where(m.Creator.name.contains(f.name_contains, autoescape=True))
    if f.registered_by is not None:
        statement = statement.where(
            m.Creator.registered_by_org_id.in_(
                select(m.Organisation.id).where(m.Organisation.code == f.registered_by)
            )
        )
    if f.cluster_code is not None:
        statement = statement.where(
            exists()
            .where(m.Recognition.creator_id == m.Creator.id)
            .where(m.Recognition.cluster_code == f.cluster_code)
            .where(m.Recognition.state == RecognitionState.ACTIVE)
        )
    if f.platform is not None:
        statement = statement.where(
            exists()
            .where(m.PlatformAccount.creator_id == m.Creator.id)
            .where(m.PlatformAccount.platform == f.platform)
        )
    async with ctx.uow(read_only=True) as uow:
        return await keyset_page(uow.session, statement, m.Creator.id, page, to_creator)


async def load_creators(
    ctx: ServiceContext, principal: Principal, ids: Sequence[str]
) -> list[Creator | None]:
    """Batch load for a DataLoader: results in ``ids`` order, None where not visible."""
    authorize(principal, Action.READ_CREATOR)
    statement = _narrow(
        select(m.Creator).where(m.Creator.public_id.in_(list(ids))),
        visible_creators(principal, m.Creator.id),
    )
    async with ctx.uow(read_only=True) as uow:
        found = {
            row.public_id: to_creator(row)
            for row in (await uow.session.execute(statement)).scalars()
        }
    return [found.get(i) for i in ids]


async def list_platform_accounts(
    ctx: ServiceContext, principal: Principal, creator_id: str
) -> list[PlatformAccount]:
    return await _rows_of_creator(
        ctx, principal, creator_id, m.PlatformAccount, to_platform_account
    )


async def list_works(ctx: ServiceContext, principal: Principal, creator_id: str) -> list[Work]:
    return await _rows_of_creator(ctx, principal, creator_id, m.Work, to_work)


async def list_recognitions(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    *,
    creator_id: str | None = None,
    region_code: str | None = None,
    state: RecognitionState | None = None,
) -> Page[Recognition]:
    authorize(principal, Action.READ_CREATOR)
    statement = _narrow(
        select(m.Recognition), visible_creators(principal, m.Recognition.creator_id)
    )
    if region_code is not None:
        statement = statement.where(m.Recognition.region_code == region_code)
    if state is not None:
        statement = statement.where(m.Recognition.state == state)
    return await _creator_page(
        ctx, principal, statement, m.Recognition, page, to_recognition, creator_id=creator_id
    )


async def list_awards(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    *,
    creator_id: str | None = None,
    programme_code: str | None = None,
    state: AwardState | None = None,
) -> Page[AwardGrant]:
    authorize(principal, Action.READ_CREATOR)
    statement = _narrow(select(m.AwardGrant), visible_creators(principal, m.AwardGrant.creator_id))
    if programme_code is not None:
        statement = statement.where(
            m.AwardGrant.programme_id.in_(
                select(m.AwardProgramme.id).where(m.AwardProgramme.code == programme_code)
            )
        )
    if state is not None:
        statement = statement.where(m.AwardGrant.state == state)
    return await _creator_page(
        ctx, principal, statement, m.AwardGrant, page, to_award_grant, creator_id=creator_id
    )


async def list_certificates(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    *,
    creator_id: str | None = None,
    level: SkillLevel | None = None,
) -> Page[SkillCertificate]:
    authorize(principal, Action.READ_CREATOR)
    statement = _narrow(select(m.SkillCertificate), visible_certificates(principal))
    if level is not None:
        statement = statement.where(m.SkillCertificate.level == level)
    return await _creator_page(
        ctx, principal, statement, m.SkillCertificate, page, to_certificate, creator_id=creator_id
    )


async def get_platform_account(
    ctx: ServiceContext, principal: Principal, account_id: str
) -> PlatformAccount:
    """A platform account, to whoever may read its creator (as ``list_platform_accounts``)."""
    pk = numeric_key(account_id, what="platform account", field="platform_account_id")
    return await _creator_record(
        ctx,
        principal,
        select(m.PlatformAccount).where(m.PlatformAccount.id == pk),
        visible_creators(principal, m.PlatformAccount.creator_id),
        to_platform_account,
        what="platform account",
        field="platform_account_id",
    )


async def get_work(ctx: ServiceContext, principal: Principal, work_id: str) -> Work:
    """A work, to whoever may read its creator (as ``list_works``)."""
    return await _creator_record(
        ctx,
        principal,
        select(m.Work).where(m.Work.public_id == work_id),
        visible_creators(principal, m.Work.creator_id),
        to_work,
        what="work",
        field="work_id",
    )


async def get_recognition(
    ctx: ServiceContext, principal: Principal, recognition_id: str
) -> Recognition:
    """A recognition, to whoever may read its creator (as ``list_recognitions``)."""
    return await _creator_record(
        ctx,
        principal,
        select(m.Recognition).where(m.Recognition.public_id == recognition_id),
        visible_creators(principal, m.Recognition.creator_id),
        to_recognition,
        what="recognition",
        field="recognition_id",
    )


async def get_award(ctx: ServiceContext, principal: Principal, award_id: str) -> AwardGrant:
    """An award grant, to whoever may read its creator (as ``list_awards``)."""
    return await _creator_record(
        ctx,
        principal,
        select(m.AwardGrant).where(m.AwardGrant.public_id == award_id),
        visible_creators(principal, m.AwardGrant.creator_id),
        to_award_grant,
        what="award",
        field="award_id",
    )


async def get_certificate(
    ctx: ServiceContext, principal: Principal, certificate_id: str
) -> SkillCertificate:
    """A skill certificate, as ``list_certificates`` shows it: an evaluator its own filings'
    certificates, everyone else those of the creators they may read."""
    return await _creator_record(
        ctx,
        principal,
        select(m.SkillCertificate).where(m.SkillCertificate.public_id == certificate_id),
        visible_certificates(principal),
        to_certificate,
        what="certificate",
        field="certificate_id",
    )


def visible_credentials(principal: Principal) -> ColumnElement[bool] | None:
    authorize(principal, Action.READ_CREDENTIAL)
    if principal.role is Role.CREATOR:
        return m.Credential.creator_id == (principal.creator_id or -1)
    if principal.role is Role.EVALUATOR:
        return m.Credential.organisation_id == principal.organisation_id
    return None


async def _credential_row(
    session: AsyncSession, principal: Principal, credential_id: str
) -> m.Credential:
    clause = visible_credentials(principal)
    statement = _narrow(select(m.Credential).where(m.Credential.public_id == credential_id), clause)
    row = (await session.execute(statement)).scalars().first()
    if row is None:
        # Not found and not visible look alike: ids of others' credentials are not confirmed.
        raise NotFound("no such credential", field="credential_id")
    assert isinstance(row, m.Credential)
    return row


async def get_credential(
    ctx: ServiceContext, principal: Principal, credential_id: str
) -> Credential:
    async with ctx.uow(read_only=True) as uow:
        row = await _credential_row(uow.session, principal, credential_id)
        return to_credential(row, await load_operations(uow, row.id))


async def get_credential_qr(ctx: ServiceContext, principal: Principal, credential_id: str) -> str:
    """The signed QR text, for the holder and the issuing organisation only."""
    from .loaders import load_qr_texts

    [found] = await load_qr_texts(ctx, principal, [credential_id])
    if found is None:
        raise NotFound("no such credential", field="credential_id")
    return found


async def load_credentials(
    ctx: ServiceContext, principal: Principal, ids: Sequence[str]
) -> list[Credential | None]:
    statement = _narrow(
        select(m.Credential).where(m.Credential.public_id.in_(list(ids))),
        visible_credentials(principal),
    )
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(statement)).scalars().all()
        found = {row.public_id: to_credential(row) for row in rows}
    return [found.get(i) for i in ids]


async def list_credentials(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    filters: CredentialFilter | None = None,
) -> Page[Credential]:
    f = filters or CredentialFilter()
    statement = _narrow(select(m.Credential), visible_credentials(principal))
    if f.kind is not None:
        statement = statement.where(m.Credential.kind == f.kind)
    if f.status is not None:
        statement = statement.where(m.Credential.status == f.status)
    if f.organisation is not None:
        statement = statement.where(
            m.Credential.organisation_id.in_(
                select(m.Organisation.id).where(m.Organisation.code == f.organisation)
            )
        )
    if f.issued_after is not None:
        statement = statement.where(m.Credential.issued_at >= f.issued_after)
    if f.issued_before is not None:
        statement = statement.where(m.Credential.issued_at < f.issued_before)
    return await _creator_page(
        ctx, principal, statement, m.Credential, page, to_credential, creator_id=f.creator_id
    )
