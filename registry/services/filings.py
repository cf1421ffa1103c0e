"""Evaluation-institution filings (备案): filed, suspended, reinstated, withdrawn, renewed.

Filings are kept by the operator and by HR authorities: the ministry level (national scope)
files national filings; a provincial bureau files for its own province only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..authz import Action, Principal, authorize, require_region
from ..db import models as m
from ..domain.enums import FilingScope, FilingState, InstitutionCategory, OrgKind, Role
from ..domain.regions import NATIONAL, REGIONS
from ..domain.skills import FILING_TRANSITIONS, Filing, SkillLevel, filing_prefix
from ..domain.transitions import next_state
from ..errors import Conflict, ErrorCode, InvalidInput, NotAuthorized
from .common import by_public_id, fetch_one, new_public_id, organisation_by_code, record_change
from .context import ServiceContext

__all__ = [
    "FileFiling",
    "file_filing",
    "get_filing",
    "list_filings",
    "reinstate_filing",
    "renew_filing",
    "suspend_filing",
    "to_filing",
    "withdraw_filing",
]


@dataclass(frozen=True, slots=True)
class FileFiling:
    organisation: str
    occupation_code: str
    directions: tuple[str, ...]
    levels: tuple[SkillLevel, ...]
    scope: FilingScope
    province_code: str
    category: InstitutionCategory
    institution_code: str
    site_serial: str
    valid_from: date
    valid_until: date
    reference: str | None = None


def to_filing(row: m.Filing) -> Filing:
    return Filing(
        id=row.public_id,
        organisation=row.organisation.code,
        occupation_code=row.occupation.code,
        directions=tuple(row.directions),
        levels=tuple(SkillLevel(level) for level in row.levels),
        scope=row.scope,
        province_code=row.province_code,
        category=row.category,
        prefix=row.prefix,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        state=row.state,
    )


def _authority_region(scope: FilingScope, province_code: str) -> str:
    return NATIONAL if scope is FilingScope.NATIONAL else f"{province_code}0000"


def _require_filing_authority(principal: Principal, scope: FilingScope, province: str) -> None:
    authorize(principal, Action.MANAGE_FILINGS)
    if principal.role is Role.HRSS_OFFICIAL:
        if scope is FilingScope.NATIONAL and principal.region_code != NATIONAL:
            raise NotAuthorized(
                "national filings are kept by the ministry",
                code=ErrorCode.OUT_OF_SCOPE,
                field="scope",
            )
        require_region(principal, _authority_region(scope, province), field="province_code")


async def file_filing(ctx: ServiceContext, principal: Principal, command: FileFiling) -> Filing:
    if f"{command.province_code}0000" not in REGIONS:
        raise InvalidInput(
            "unknown province code", code=ErrorCode.INVALID_REGION, field="province_code"
        )
    _require_filing_authority(principal, command.scope, command.province_code)
    prefix = filing_prefix(
        command.category,
        command.institution_code,
        command.province_code,
        command.site_serial,
        command.scope,
    )
    if command.valid_until <= command.valid_from:
        raise InvalidInput("a filing's term ends after it starts", field="valid_until")
    if not command.levels:
        raise InvalidInput("a filing covers at least one level", field="levels")
    now = ctx.now()
    async with ctx.uow() as uow:
        org = await organisation_by_code(uow.session, command.organisation)
        if org.kind is not OrgKind.EVALUATION_INSTITUTION:
            raise InvalidInput("only evaluation institutions hold filings", field="organisation")
        occupation = await fetch_one(
            uow.session,
            select(m.Occupation).where(m.Occupation.code == command.occupation_code),
            what="occupation",
            field="occupation_code",
        )
        if not set(command.levels) <= {SkillLevel(level) for level in occupation.levels}:
            raise InvalidInput(
                f"{occupation.name} is certified at {', '.join(occupation.levels)} only",
                code=ErrorCode.INVALID_LEVEL,
                field="levels",
            )
        if not set(command.directions) <= set(occupation.directions):
            raise InvalidInput(
                f"not all directions belong to {occupation.name}",
                code=ErrorCode.INVALID_DIRECTION,
                field="directions",
            )
        row = m.Filing(
            public_id=new_public_id("fl"),
            reference=command.reference,
            organisation=org,
            organisation_id=org.id,
            occupation=occupation,
            occupation_id=occupation.id,
            directions=sorted(command.directions),
            levels=[level.value for level in command.levels],
            scope=command.scope,
            province_code=command.province_code,
            category=command.category,
            institution_code=command.institution_code,
            site_serial=command.site_serial,
            prefix=prefix,
            valid_from=command.valid_from,
            valid_until=command.valid_until,
            state=FilingState.ACTIVE,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        record_change(uow, principal, "filing.file", "filing", row, at=now)
        await uow.commit()
        return to_filing(row)


async def _change(
    ctx: ServiceContext,
    principal: Principal,
    filing_id: str,
    action: str,
    *,
    valid_until: date | None = None,
) -> Filing:
    authorize(principal, Action.MANAGE_FILINGS)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await by_public_id(
            uow.session, m.Filing, filing_id, field="filing_id", what="filing", for_update=True
        )
        _require_filing_authority(principal, row.scope, row.province_code)
        before = row.audit_snapshot()
        if action == "renew":
            if row.state is FilingState.WITHDRAWN:
                raise Conflict("a withdrawn filing cannot be renewed", code=ErrorCode.INVALID_STATE)
            if valid_until is None or valid_until <= row.valid_until:
                raise InvalidInput("a renewal extends the term", field="valid_until")
            row.valid_until = valid_until
        else:
            row.state = next_state(FILING_TRANSITIONS, row.state, action, what="filing")
        row.updated_at = now
        record_change(uow, principal, f"filing.{action}", "filing", row, at=now, before=before)
        await uow.commit()
        return to_filing(row)


async def suspend_filing(ctx: ServiceContext, principal: Principal, filing_id: str) -> Filing:
    return await _change(ctx, principal, filing_id, "suspend")


async def reinstate_filing(ctx: ServiceContext, principal: Principal, filing_id: str) -> Filing:
    return await _change(ctx, principal, filing_id, "reinstate")


async def withdraw_filing(ctx: ServiceContext, principal: Principal, filing_id: str) -> Filing:
    return await _change(ctx, principal, filing_id, "withdraw")


async def renew_filing(
    ctx: ServiceContext, principal: Principal, filing_id: str, *, valid_until: date
) -> Filing:
    return await _change(ctx, principal, filing_id, "renew", valid_until=valid_until)


async def get_filing(ctx: ServiceContext, principal: Principal, filing_id: str) -> Filing:
    authorize(principal, Action.READ_FILINGS)
    async with ctx.uow(read_only=True) as uow:
        row = await by_public_id(uow.session, m.Filing, filing_id, field="filing_id", what="filing")
        if principal.role is Role.EVALUATOR and row.organisation_id != principal.organisation_id:
            raise NotAuthorized(
                "an institution reads its own filings",
                code=ErrorCode.OUT_OF_SCOPE,
                field="filing_id",
            )
        return to_filing(row)


async def list_filings(
    ctx: ServiceContext, principal: Principal, *, organisation: str | None = None
) -> list[Filing]:
    authorize(principal, Action.READ_FILINGS)
    statement = select(m.Filing).order_by(m.Filing.id)
    if principal.role is Role.EVALUATOR:
        statement = statement.where(m.Filing.organisation_id == principal.organisation_id)
    if organisation is not None:
        statement = statement.join(m.Filing.organisation).where(m.Organisation.code == organisation)
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(statement)).unique().scalars().all()
        return [to_filing(row) for row in rows]
