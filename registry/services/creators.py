"""Register creators (ID numbers sealed, hashed and masked), their platform accounts and works.

Who sees a creator: officials of the talent, CAC and HR offices; an evaluation institution
only the creators it registered or certified; a creator only itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize, require_creator_self
from ..db import models as m
from ..domain.creators import Creator, PlatformAccount, Work, check_percentile
from ..domain.enums import (
    CreatorKind,
    IdDocumentType,
    IdentityForm,
    Origin,
    Platform,
    Role,
    WorkType,
)
from ..domain.identity import (
    birth_date_in,
    mask_id_number,
    mask_name,
    may_carry_birth_date,
    normalise_id_number,
)
from ..domain.regions import check_region
from ..errors import Conflict, ErrorCode, InvalidInput, NotAuthorized
from .common import by_public_id, new_public_id, record_change
from .context import ServiceContext

if TYPE_CHECKING:
    from ..pii import PiiVault

__all__ = [
    "AddPlatformAccount",
    "AddWork",
    "RegisterCreator",
    "add_platform_account",
    "add_work",
    "birth_date_of_creator",
    "carried_birth_date",
    "creator_for_update",
    "creator_visible",
    "find_creator_by_id_number",
    "get_creator",
    "id_number_context",
    "register_creator",
    "to_creator",
    "to_platform_account",
    "to_work",
]


@dataclass(frozen=True, slots=True)
class RegisterCreator:
    name: str
    origin: Origin
    id_document_type: IdDocumentType
    id_number: str = field(repr=False)
    kind: CreatorKind = CreatorKind.PERSON
    identity_form: IdentityForm = IdentityForm.UPLOADER
    region_code: str | None = None


@dataclass(frozen=True, slots=True)
class AddPlatformAccount:
    creator_id: str
    platform: Platform
    handle: str
    followers: int
    measured_on: date
    percentile: Decimal | None = None


@dataclass(frozen=True, slots=True)
class AddWork:
    creator_id: str
    title: str
    work_type: WorkType
    platform: Platform | None = None
    url: str | None = None
    published_on: date | None = None


def id_number_context(public_id: str) -> str:
    return f"creator:{public_id}:id_number"


def carried_birth_date(vault: PiiVault, creator: m.Creator) -> date | None:
    """The birth date the creator's document number carries, or None. The number is opened
    for this use only; the date is never stored or shown."""
    if not may_carry_birth_date(creator.id_document_type):
        return None
    number = vault.unseal(creator.id_number_sealed, context=id_number_context(creator.public_id))
    return birth_date_in(number, creator.id_document_type)


async def birth_date_of_creator(
    session: AsyncSession, vault: PiiVault, creator: m.Creator
) -> date | None:
    """The creator's birth date: from the document number when it carries one, else the one
    an official recorded from the document (a passport), else None."""
    carried = carried_birth_date(vault, creator)
    if carried is not None:
        return carried
    recorded = (
        await session.execute(
            select(m.CreatorFactsRecord.facts).where(m.CreatorFactsRecord.creator_id == creator.id)
        )
    ).scalar_one_or_none()
    value = None if recorded is None else recorded.get("birth_date")
    return date.fromisoformat(value) if isinstance(value, str) else None


def to_creator(row: m.Creator) -> Creator:
    return Creator(
        id=row.public_id,
        kind=row.kind,
        identity_form=row.identity_form,
        name=row.name,
        masked_name=mask_name(row.name),
        origin=row.origin,
        id_document_type=row.id_document_type,
        id_number_masked=row.id_number_masked,
        region_code=row.region_code,
        registered_by=row.registered_by.code,
        created_at=row.created_at,
        show_full_name=row.show_full_name,
        name_display_chosen_at=row.name_display_chosen_at,
    )


def to_platform_account(row: m.PlatformAccount) -> PlatformAccount:
    return PlatformAccount(
        id=row.id,
        creator_id=row.creator.public_id,
        platform=row.platform,
        handle=row.handle,
        followers=row.followers,
        percentile=row.percentile,
        measured_on=row.measured_on,
        attested_by=None if row.attested_by is None else row.attested_by.code,
    )


def to_work(row: m.Work) -> Work:
    return Work(
        id=row.public_id,
        creator_id=row.creator.public_id,
        title=row.title,
        work_type=row.work_type,
        platform=row.platform,
        url=row.url,
        published_on=row.published_on,
    )


def _check_identity(command: RegisterCreator) -> str:
    if (command.kind is CreatorKind.STUDIO) != (command.id_document_type is IdDocumentType.USCC):
        raise InvalidInput(
            "a studio registers with its USCC, a person with a personal document",
            field="id_document_type",
        )
    if (
        command.kind is CreatorKind.PERSON
        and command.origin is Origin.DOMESTIC
        and command.id_document_type is not IdDocumentType.RESIDENT_ID
    ):
        raise InvalidInput(
            "domestic creators register with a resident ID card", field="id_document_type"
        )
    if not command.name.strip() or len(command.name) > 200:
        raise InvalidInput("a name has 1–200 characters", field="name")
    return normalise_id_number(command.id_number, command.id_document_type)


def _id_number_taken(principal: Principal) -> Conflict:
    # Officials need to know; a creator account must not be able to probe whether an ID
    # number is registered (PIPL), so it gets the same refusal whatever the cause.
    if principal.role is Role.CREATOR:
        return Conflict("this profile cannot be registered; contact a registry office")
    if principal.role is Role.EVALUATOR:
        # An institution may not see a creator another office registered; it need not: a
        # certificate names its holder by ID document and name, and the registry finds them.
        return Conflict(
            "a creator with this ID number is registered: record the certificate naming the "
            "holder by ID document type, number and name, as on the exam roster",
            code=ErrorCode.DUPLICATE,
            field="id_number",
        )
    return Conflict(
        "a creator with this ID number is registered",
        code=ErrorCode.DUPLICATE,
        field="id_number",
    )


async def _own_account(session: AsyncSession, principal: Principal) -> m.Account | None:
    """For a creator registering itself: its account row, locked, refused if it already
    has a profile (the principal may have been authenticated before that profile existed)."""
    if principal.role is not Role.CREATOR or principal.account_id is None:
        return None
    account = (
        await session.execute(
            select(m.Account)
            .where(m.Account.id == principal.account_id)
            .with_for_update(of=m.Account)
        )
    ).scalar_one()
    if account.creator_id is not None:
        raise Conflict("this account already has a creator profile", code=ErrorCode.DUPLICATE)
    return account


async def register_creator(
    ctx: ServiceContext, principal: Principal, command: RegisterCreator
) -> Creator:
    authorize(principal, Action.REGISTER_CREATOR)
    if principal.role is Role.CREATOR and principal.creator_id is not None:
        raise Conflict("this account already has a creator profile", code=ErrorCode.DUPLICATE)
    if principal.organisation_id is None:
        raise NotAuthorized("creators are registered by an organisation's account")
    number = _check_identity(command)
    region = None if command.region_code is None else check_region(command.region_code)
    lookup = ctx.vault.lookup_hash(command.id_document_type, number)
    now = ctx.now()
    async with ctx.uow() as uow:
        account = await _own_account(uow.session, principal)
        taken = await uow.session.execute(
            select(m.Creator.id).where(m.Creator.id_number_hash == lookup)
        )
        if taken.first() is not None:
            raise _id_number_taken(principal)
        public_id = new_public_id("cr")
        row = m.Creator(
            public_id=public_id,
            kind=command.kind,
            identity_form=command.identity_form,
            name=command.name.strip(),
            origin=command.origin,
            id_document_type=command.id_document_type,
            id_number_sealed=ctx.vault.seal(number, context=id_number_context(public_id)),
            id_number_hash=lookup,
            id_number_masked=mask_id_number(number),
            region_code=region,
            registered_by=await uow.session.get_one(m.Organisation, principal.organisation_id),
            registered_by_org_id=principal.organisation_id,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        try:
            await uow.session.flush()
        except IntegrityError:
            raise _id_number_taken(principal) from None
        if account is not None:
            account.creator_id = row.id
        record_change(uow, principal, "creator.register", "creator", row, at=now)
        await uow.commit()
        return to_creator(row)


async def creator_visible(session: AsyncSession, principal: Principal, row: m.Creator) -> None:
    """Refuse unless ``principal`` may read this creator's record."""
    authorize(principal, Action.READ_CREATOR)
    require_creator_self(principal, row.id)
    if principal.role is Role.EVALUATOR and row.registered_by_org_id != principal.organisation_id:
        certified = await session.execute(
            select(
                exists()
                .where(m.SkillCertificate.creator_id == row.id)
                .where(m.SkillCertificate.filing_id == m.Filing.id)
                .where(m.Filing.organisation_id == principal.organisation_id)
            )
        )
        if not certified.scalar():
            raise NotAuthorized(
                "an institution sees the creators it registered or certified",
                code=ErrorCode.OUT_OF_SCOPE,
                field="creator_id",
            )


async def creator_for_update(
    session: AsyncSession, principal: Principal, creator_id: str
) -> m.Creator:
    """The creator row, if ``principal`` may add to its profile."""
    authorize(principal, Action.UPDATE_CREATOR)
    row = await by_public_id(session, m.Creator, creator_id, field="creator_id", what="creator")
    require_creator_self(principal, row.id)
    return row


async def get_creator(ctx: ServiceContext, principal: Principal, creator_id: str) -> Creator:
    authorize(principal, Action.READ_CREATOR)
    async with ctx.uow(read_only=True) as uow:
        row = await by_public_id(
            uow.session, m.Creator, creator_id, field="creator_id", what="creator"
        )
        await creator_visible(uow.session, principal, row)
        return to_creator(row)


async def find_creator_by_id_number(
    ctx: ServiceContext,
    principal: Principal,
    document_type: IdDocumentType,
    id_number: str,
) -> Creator | None:
    """Officials and evaluators find a creator by the exact document number (keyed hash)."""
    authorize(principal, Action.READ_CREATOR)
    if principal.role is Role.CREATOR:
        raise NotAuthorized("creators cannot search the registry", code=ErrorCode.FORBIDDEN)
    lookup = ctx.vault.lookup_hash(document_type, normalise_id_number(id_number, document_type))
    async with ctx.uow(read_only=True) as uow:
        row = (
            (await uow.session.execute(select(m.Creator).where(m.Creator.id_number_hash == lookup)))
            .scalars()
            .first()
        )
        return None if row is None else to_creator(row)


async def add_platform_account(
    ctx: ServiceContext, principal: Principal, command: AddPlatformAccount
) -> PlatformAccount:
    """Record a platform account's audience as measured on a date (an update if it exists).

    Officials' entries count as attested by their organisation; a creator's own are not.
    """
    handle = command.handle.strip()
    if not 1 <= len(handle) <= 100:
        raise InvalidInput("a handle has 1–100 characters", field="handle")
    if command.followers < 0:
        raise InvalidInput("followers cannot be negative", field="followers")
    percentile = None if command.percentile is None else check_percentile(command.percentile)
    attested_by = None if principal.role is Role.CREATOR else principal.organisation_id
    now = ctx.now()
    async with ctx.uow() as uow:
        creator = await creator_for_update(uow.session, principal, command.creator_id)
        attester = (
            None if attested_by is None else await uow.session.get_one(m.Organisation, attested_by)
        )
        row = (
            (
                await uow.session.execute(
                    select(m.PlatformAccount)
                    .where(m.PlatformAccount.creator_id == creator.id)
                    .where(m.PlatformAccount.platform == command.platform)
                    .where(m.PlatformAccount.handle == handle)
                    .with_for_update(of=m.PlatformAccount)
                )
            )
            .scalars()
            .first()
        )
        before = None if row is None else row.audit_snapshot()
        if row is None:
            row = m.PlatformAccount(
                creator=creator,
                creator_id=creator.id,
                platform=command.platform,
                handle=handle,
                created_at=now,
            )
            uow.session.add(row)
        row.followers = command.followers
        row.percentile = percentile
        row.measured_on = command.measured_on
        row.attested_by = attester
        row.attested_by_org_id = attested_by
        row.updated_at = now
        await uow.session.flush()
        record_change(
            uow,
            principal,
            "creator.platform_account",
            "platform_account",
            row,
            at=now,
            before=before,
            target_id=str(row.id),
        )
        await uow.commit()
        return to_platform_account(row)


async def add_work(ctx: ServiceContext, principal: Principal, command: AddWork) -> Work:
    title = command.title.strip()
    if not 1 <= len(title) <= 300:
        raise InvalidInput("a title has 1–300 characters", field="title")
    if command.url is not None and not command.url.startswith(("https://", "http://")):
        raise InvalidInput("a work's URL is http(s)", field="url")
    now = ctx.now()
    async with ctx.uow() as uow:
        creator = await creator_for_update(uow.session, principal, command.creator_id)
        row = m.Work(
            public_id=new_public_id("wk"),
            creator=creator,
            creator_id=creator.id,
            title=title,
            work_type=command.work_type,
            platform=command.platform,
            url=command.url,
            published_on=command.published_on,
            created_at=now,
        )
        uow.session.add(row)
        record_change(uow, principal, "work.add", "work", row, at=now)
        await uow.commit()
        return to_work(row)
