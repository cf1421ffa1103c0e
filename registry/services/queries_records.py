"""Reading a creator's records (platform accounts, works, recognitions, awards, skill
certificates): their lists, and the read of one record (what ``node(id)`` refetches), each
shown to exactly those its list shows it to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, select

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.awards import AwardGrant
from ..domain.creators import PlatformAccount, Recognition, Work
from ..domain.enums import AwardState, RecognitionState
from ..domain.paging import Page, PageRequest
from ..domain.skills import SkillCertificate, SkillLevel
from .awards import to_award_grant
from .certificates import to_certificate
from .common import fetch_one
from .context import ServiceContext
from .creators import to_platform_account, to_work
from .reads import numeric_key
from .recognitions import to_recognition
from .visibility import creator_page, creator_pk, narrow, visible_certificates, visible_records

__all__ = [
    "get_award",
    "get_certificate",
    "get_platform_account",
    "get_recognition",
    "get_work",
    "list_awards",
    "list_certificates",
    "list_platform_accounts",
    "list_recognitions",
    "list_works",
]

T = TypeVar("T")


async def _rows_of_creator(
    ctx: ServiceContext,
    principal: Principal,
    creator_id: str,
    model: Any,
    to_item: Callable[[Any], T],
) -> list[T]:
    authorize(principal, Action.READ_CREATOR)
    async with ctx.uow(read_only=True) as uow:
        pk = await creator_pk(uow.session, principal, creator_id)
        statement = select(model).where(model.creator_id == pk).order_by(model.id)
        rows = await uow.session.execute(
            narrow(statement, visible_records(principal, model.creator_id))
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
        row = await fetch_one(uow.session, narrow(statement, clause), what=what, field=field)
        return to_item(row)


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
    statement = narrow(select(m.Recognition), visible_records(principal, m.Recognition.creator_id))
    if region_code is not None:
        statement = statement.where(m.Recognition.region_code == region_code)
    if state is not None:
        statement = statement.where(m.Recognition.state == state)
    return await creator_page(
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
    statement = narrow(select(m.AwardGrant), visible_records(principal, m.AwardGrant.creator_id))
    if programme_code is not None:
        statement = statement.where(
            m.AwardGrant.programme_id.in_(
                select(m.AwardProgramme.id).where(m.AwardProgramme.code == programme_code)
            )
        )
    if state is not None:
        statement = statement.where(m.AwardGrant.state == state)
    return await creator_page(
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
    statement = narrow(select(m.SkillCertificate), visible_certificates(principal))
    if level is not None:
        statement = statement.where(m.SkillCertificate.level == level)
    return await creator_page(
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
        visible_records(principal, m.PlatformAccount.creator_id),
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
        visible_records(principal, m.Work.creator_id),
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
        visible_records(principal, m.Recognition.creator_id),
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
        visible_records(principal, m.AwardGrant.creator_id),
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
