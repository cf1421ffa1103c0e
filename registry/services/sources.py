"""What a credential attests: resolving issue requests to their source records, in bulk.

Each kind has its authority (see :data:`registry.authz.ISSUERS`) and its scope: a talent
office issues recognition credentials for its own region's recognitions, a CAC office award
credentials for programmes it may verify, an evaluation institution certificate credentials
for its own certificates only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from signing import Achievement
from signing.vocabulary import DIRECTION_CODES

from ..authz import Principal, require_organisation, require_region
from ..db import models as m
from ..domain.enums import (
    AwardState,
    CredentialKind,
    CredentialStatus,
    DecisionOutcome,
    DecisionState,
    RecognitionState,
    SourceType,
)
from ..domain.regions import NATIONAL
from ..domain.skills import check_filing_covers
from ..eligibility import Programme as EngineProgramme
from ..errors import Conflict, DomainError, ErrorCode, NotAuthorized, NotFound
from .awards import award_authority
from .filings import to_filing
from .programmes import programme_of, require_programme_authority

__all__ = ["Draft", "IssueCredential", "IssueRequest", "Refusal", "resolve"]


@dataclass(frozen=True, slots=True)
class IssueCredential:
    """Issue a credential attesting one record: a recognition, an award grant, a skill
    certificate or an approved eligibility decision. Everything the credential says is read
    from that record; the caller names it and may only shorten its validity."""

    kind: CredentialKind
    source_id: str
    valid_until: datetime | None = None


IssueRequest = IssueCredential


@dataclass(frozen=True, slots=True)
class Draft:
    """A credential about to be signed: everything but its id, status index and signature."""

    position: int
    kind: CredentialKind
    source_type: SourceType
    source_ref: str
    creator_id: int
    creator_ref: str
    creator_name: str
    achievement: Achievement
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class Refusal:
    position: int
    error: DomainError


def _validity(
    requested: datetime | None,
    now: datetime,
    default: timedelta,
    cap: datetime | None,
    *,
    cap_is_default: bool = False,
) -> datetime:
    until = requested or (cap if cap_is_default and cap is not None else now + default)
    if cap is not None:
        until = min(until, cap)
    if until <= now:
        raise Conflict("the record's validity has ended", code=ErrorCode.INVALID_STATE)
    return until


async def resolve(
    session: AsyncSession,
    principal: Principal,
    requests: Sequence[tuple[int, IssueRequest]],
    *,
    now: datetime,
    default_validity: timedelta,
) -> tuple[list[Draft], list[Refusal]]:
    """Drafts for the requests that may be issued; refusals (with their reason) for the rest."""
    drafts: list[Draft] = []
    refusals: list[Refusal] = []
    by_kind: dict[CredentialKind, list[tuple[int, IssueRequest]]] = {}
    for position, request in requests:
        by_kind.setdefault(request.kind, []).append((position, request))
    for kind, group in by_kind.items():
        ids = [r.source_id for _, r in group]
        model = _MODELS[kind]
        found = await session.execute(select(model).where(model.public_id.in_(ids)))
        rows: dict[str, Any] = {row.public_id: row for row in found.unique().scalars().all()}
        programmes = await _programmes_of(session, rows.values())
        for position, request in group:
            try:
                drafts.append(
                    _draft(
                        kind, position, request, rows, programmes, principal, now, default_validity
                    )
                )
            except DomainError as error:
                refusals.append(Refusal(position, error))
    drafts, duplicates = await _without_live_duplicates(session, drafts)
    return drafts, refusals + duplicates


_MODELS: dict[CredentialKind, Any] = {
    CredentialKind.CREATOR_RECOGNITION: m.Recognition,
    CredentialKind.AWARD: m.AwardGrant,
    CredentialKind.SKILL_CERTIFICATE: m.SkillCertificate,
    CredentialKind.TALENT_ELIGIBILITY: m.EligibilityDecision,
}

# Only grants are attested; a refusal is not, nor a grant no longer in force.
_GRANTS = (DecisionOutcome.APPROVED, DecisionOutcome.PROVISIONAL)


async def _programmes_of(session: AsyncSession, rows: Iterable[Any]) -> dict[int, EngineProgramme]:
    """The programme version each eligibility decision was taken under, by version id."""
    ids = {row.programme_version_id for row in rows if isinstance(row, m.EligibilityDecision)}
    if not ids:
        return {}
    found = await session.execute(select(m.ProgrammeVersion).where(m.ProgrammeVersion.id.in_(ids)))
    return {version.id: programme_of(version) for version in found.scalars()}


def _day_end(day: date | None) -> datetime | None:
    """A recognition valid "until" a date is valid through that whole day."""
    if day is None:
        return None
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=1)


def _draft(
    kind: CredentialKind,
    position: int,
    request: IssueRequest,
    rows: dict[str, Any],
    programmes: dict[int, EngineProgramme],
    principal: Principal,
    now: datetime,
    default: timedelta,
) -> Draft:
    row = rows.get(request.source_id)
    if row is None:
        raise NotFound("no such record to attest", field="source_id")
    if isinstance(row, m.Recognition):
        require_region(principal, row.region_code, field="source_id")
        if row.state is not RecognitionState.ACTIVE:
            raise Conflict(f"the recognition is {row.state}", field="source_id")
        if row.recognised_on > now.date():
            raise Conflict(
                f"the recognition takes effect on {row.recognised_on.isoformat()}",
                field="source_id",
            )
        return Draft(
            position,
            kind,
            SourceType.RECOGNITION,
            row.public_id,
            row.creator_id,
            row.creator.public_id,
            row.creator.name,
            Achievement(code=row.cluster_code, region=row.region_code, year=row.recognised_on.year),
            _validity(request.valid_until, now, default, _day_end(row.valid_until)),
        )
    if isinstance(row, m.AwardGrant):
        award_authority(principal, row.programme)
        if row.state is not AwardState.VERIFIED:
            raise Conflict(f"the award is {row.state}, not verified", field="source_id")
        creator = row.creator if row.creator is not None else row.work.creator  # type: ignore[union-attr]
        return Draft(
            position,
            kind,
            SourceType.AWARD_GRANT,
            row.public_id,
            creator.id,
            creator.public_id,
            creator.name,
            Achievement(
                code=row.programme.code,
                level=row.programme.level.value,
                grade=row.grade.value,
                year=row.edition_year,
                title=row.category,
            ),
            _validity(request.valid_until, now, default, None),
        )
    if isinstance(row, m.SkillCertificate):
        require_organisation(principal, row.filing.organisation_id, field="source_id")
        # The filing in force at signing, not the one the certificate was recorded under:
        # a suspended or withdrawn institution signs nothing more.
        try:
            check_filing_covers(
                to_filing(row.filing),
                occupation_code=row.filing.occupation.code,
                level=row.level,
                direction=row.direction,
                on=row.issued_on,
            )
        except DomainError as error:
            raise NotAuthorized(error.message, code=error.code, field="source_id") from None
        direction = (
            None if row.direction is None else DIRECTION_CODES.get(row.direction, row.direction)
        )
        return Draft(
            position,
            kind,
            SourceType.SKILL_CERTIFICATE,
            row.public_id,
            row.creator_id,
            row.creator.public_id,
            row.creator.name,
            Achievement(
                code=row.filing.occupation.code,
                level=row.level.value,
                direction=direction,
                number=row.number,
            ),
            _validity(request.valid_until, now, default, None),
        )
    assert isinstance(row, m.EligibilityDecision)
    programme = programmes[row.programme_version_id]
    try:
        require_programme_authority(principal, programme, field="source_id")
    except DomainError:
        # Another office's decision is refused as if it did not exist.
        raise NotFound("no such record to attest", field="source_id") from None
    if row.outcome not in _GRANTS:
        raise Conflict("a refusal is not attested by a credential", field="source_id")
    if row.state is not DecisionState.ACTIVE:
        raise Conflict(f"the decision is {row.state}", field="source_id")
    ends = [_day_end(programme.policy.effective_until)]
    if row.outcome is DecisionOutcome.PROVISIONAL:
        ends.append(_day_end(row.documents_due))
    cap = min((end for end in ends if end is not None), default=None)
    return Draft(
        position,
        kind,
        SourceType.ELIGIBILITY,
        row.public_id,
        row.creator_id,
        row.creator.public_id,
        row.creator.name,
        Achievement(code=row.programme_code, level=row.tier, region=row.region_code or NATIONAL),
        _validity(request.valid_until, now, default, cap, cap_is_default=True),
    )


async def _without_live_duplicates(
    session: AsyncSession, drafts: list[Draft]
) -> tuple[list[Draft], list[Refusal]]:
    """One live credential per record: refuse a second while the first is not revoked."""
    live: set[tuple[SourceType, str]] = set()
    for source_type in {d.source_type for d in drafts}:
        refs = [d.source_ref for d in drafts if d.source_type is source_type]
        found = await session.execute(
            select(m.Credential.source_ref)
            .where(m.Credential.source_type == source_type)
            .where(m.Credential.source_ref.in_(refs))
            .where(m.Credential.status != CredentialStatus.REVOKED)
        )
        live.update((source_type, ref) for ref in found.scalars())
    kept: list[Draft] = []
    refused: list[Refusal] = []
    for draft in drafts:
        key = (draft.source_type, draft.source_ref)
        if key in live:
            refused.append(
                Refusal(
                    draft.position,
                    Conflict(
                        "a live credential already attests this record",
                        code=ErrorCode.ALREADY_ISSUED,
                        field="source_id",
                    ),
                )
            )
        else:
            live.add(key)
            kept.append(draft)
    return kept, refused
