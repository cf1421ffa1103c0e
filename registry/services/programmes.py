"""Eligibility programme versions: read the version in force, list them, publish a new one.

A programme is published as its JSON document, stored verbatim beside its digest. New
evaluations use the newest version; recorded decisions keep pointing at the version (and
digest) they were made under. The shipped files are seeded by the migrations
(:mod:`registry.db.programme_seed`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize, require_region
from ..db import models as m
from ..domain.eligibility import ProgrammeTierInfo, ProgrammeVersionInfo
from ..domain.enums import DecisionOutcome, DecisionState, Role
from ..domain.regions import NATIONAL
from ..eligibility import Programme as EngineProgramme
from ..eligibility import (
    ProgrammeFileError,
    PublicationError,
    check_groups,
    ensure_successor,
    parse_programme_text,
)
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import audit_event, by_public_id, fetch_one
from .context import ServiceContext

__all__ = [
    "current_version",
    "current_versions",
    "list_programmes",
    "programme_of",
    "publish_programme_version",
    "require_programme_authority",
    "to_programme_info",
]

MAX_DOCUMENT = 200_000  # characters; the seeded programmes are a few kilobytes

# Parsed programmes by digest: a stored document never changes, so its parse never does.
_PARSED: dict[str, EngineProgramme] = {}


def programme_of(row: m.ProgrammeVersion) -> EngineProgramme:
    found = _PARSED.get(row.digest)
    if found is None:
        found = parse_programme_text(row.document, source=f"{row.code}@{row.version}")
        _PARSED[row.digest] = found
    return found


def require_programme_authority(
    principal: Principal, programme: EngineProgramme, *, field: str = "programme_code"
) -> None:
    """OUT_OF_SCOPE unless the principal's office has authority in the programme's region:
    a district office acts for its own district's programmes, a city's for the city's."""
    if principal.role is Role.SYSTEM_ADMIN:
        return
    require_region(principal, programme.policy.region or NATIONAL, field=field)


async def current_versions(session: AsyncSession) -> dict[str, m.ProgrammeVersion]:
    """The newest version of every programme, by code."""
    rows = (
        await session.execute(
            select(m.ProgrammeVersion).order_by(m.ProgrammeVersion.code, m.ProgrammeVersion.version)
        )
    ).scalars()
    return {row.code: row for row in rows}


async def current_version(
    session: AsyncSession, code: str, *, field: str = "programme_code"
) -> m.ProgrammeVersion:
    return await fetch_one(
        session,
        select(m.ProgrammeVersion)
        .where(m.ProgrammeVersion.code == code)
        .order_by(m.ProgrammeVersion.version.desc())
        .limit(1),
        what="eligibility programme",
        field=field,
    )


def to_programme_info(row: m.ProgrammeVersion) -> ProgrammeVersionInfo:
    programme = programme_of(row)
    policy = programme.policy
    return ProgrammeVersionInfo(
        code=programme.code,
        version=programme.version,
        digest=row.digest,
        name_zh=programme.name.zh,
        name_en=programme.name.en,
        jurisdiction_level=policy.jurisdiction_level.value,
        region_code=policy.region,
        dedup_group=programme.dedup_group,
        effective_from=policy.effective_from,
        effective_until=policy.effective_until,
        provisional_max_days=None
        if programme.provisional is None
        else programme.provisional.max_days,
        tiers=tuple(
            ProgrammeTierInfo(t.code, t.name.zh, t.name.en, t.favourability)
            for t in programme.tiers
        ),
        published_by=row.published_by,
        published_at=row.published_at,
        source_title_zh=policy.title.zh,
        source_title_en=policy.title.en,
        source_issuer_zh=policy.issuer.zh,
        source_issuer_en=policy.issuer.en,
        source_document_number=policy.document_number,
        source_published_on=policy.published_on,
    )


async def list_programmes(ctx: ServiceContext) -> list[ProgrammeVersionInfo]:
    """The version in force of every programme (public: the rules are published)."""
    async with ctx.uow(read_only=True) as uow:
        rows = await current_versions(uow.session)
        return [to_programme_info(row) for row in rows.values()]


async def publish_programme_version(
    ctx: ServiceContext, principal: Principal, text: str
) -> ProgrammeVersionInfo:
    """Publish a programme's next version (or a new programme's first).

    Checked like the shipped files, then against the version in force (same code, version one
    more) and against every programme in force for 从高从优不重复 ties.
    """
    authorize(principal, Action.PUBLISH_PROGRAMME)
    if len(text) > MAX_DOCUMENT:
        raise InvalidInput("the programme document is too long", field="text")
    try:
        proposed = parse_programme_text(text, source="publication")
    except ProgrammeFileError as exc:
        raise InvalidInput(
            f"{exc.field or '<document>'}: {exc.reason}",
            code=ErrorCode.INVALID_PROGRAMME,
            field="text",
        ) from None
    require_programme_authority(principal, proposed, field="text")
    now = ctx.now()
    async with ctx.uow() as uow:
        in_force = await current_versions(uow.session)
        current_row = in_force.get(proposed.code)
        current = None if current_row is None else programme_of(current_row)
        if current is not None:
            # A city office cannot take over a district's programme by republishing it.
            require_programme_authority(principal, current, field="text")
        elif proposed.version != 1:
            raise Conflict(
                f"{proposed.code} is new: its first version is 1",
                code=ErrorCode.VERSION_NOT_NEXT,
                field="text",
            )
        try:
            ensure_successor(current, proposed)
            others = [programme_of(r) for code, r in in_force.items() if code != proposed.code]
            check_groups([*others, proposed])
        except PublicationError as exc:
            raise Conflict(str(exc), code=ErrorCode(exc.code), field="text") from None
        except ProgrammeFileError as exc:
            raise Conflict(
                f"{exc.field}: {exc.reason}", code=ErrorCode.INVALID_PROGRAMME, field="text"
            ) from None
        row = m.ProgrammeVersion(
            code=proposed.code,
            version=proposed.version,
            region_code=proposed.policy.region,
            document=text,
            digest=proposed.digest,
            published_by=principal.actor,
            published_at=now,
        )
        uow.session.add(row)
        uow.record(
            audit_event(
                principal,
                "programme.publish",
                "programme",
                f"{row.code}@{row.version}",
                at=now,
                before=None if current_row is None else current_row.audit_snapshot(),
                after=row.audit_snapshot(),
            )
        )
        await uow.commit()
        _PARSED.setdefault(row.digest, proposed)
        return to_programme_info(row)


async def live_grant_under_authority(
    session: AsyncSession, principal: Principal, decision_id: str, *, what: str
) -> tuple[m.EligibilityDecision, EngineProgramme]:
    """An APPROVED, ACTIVE decision of the principal's region, locked, with the programme
    version it was made under; ``what`` names what is taken under it in the refusal."""
    row = await by_public_id(
        session,
        m.EligibilityDecision,
        decision_id,
        field="decision_id",
        what="eligibility decision",
        for_update=True,
    )
    decided = programme_of(await session.get_one(m.ProgrammeVersion, row.programme_version_id))
    require_programme_authority(principal, decided, field="decision_id")
    if row.outcome is not DecisionOutcome.APPROVED or row.state is not DecisionState.ACTIVE:
        raise Conflict(
            f"{what} are taken under an active approval, not a {row.state} {row.outcome} decision",
            code=ErrorCode.INVALID_STATE,
            field="decision_id",
        )
    return row, decided
