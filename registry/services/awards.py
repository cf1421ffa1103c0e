"""Award grants: claimed (by the creator or an official), then verified or rejected by a CAC
office with authority over the programme, and possibly rescinded later (DOMAIN §2).

A CAC office verifies programmes of its own region (Haizhu's library in Haizhu, Shanghai's
awards in Shanghai); national and international programmes by any CAC office, since checking
them means checking the organiser's published list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..authz import Action, Principal, authorize, require_creator_self, require_region
from ..db import models as m
from ..domain.awards import AwardGrant, AwardProgramme, next_award_state
from ..domain.enums import AwardGrade, AwardState, OperationCode, SourceType
from ..domain.regions import NATIONAL
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import by_public_id, fetch_one, new_public_id, record_change
from .context import ServiceContext
from .credential_status import apply_to_source

__all__ = [
    "RecordAward",
    "award_authority",
    "list_programmes",
    "record_award",
    "reject_award",
    "rescind_award",
    "start_award_verification",
    "to_award_grant",
    "verify_award",
]


@dataclass(frozen=True, slots=True)
class RecordAward:
    programme_code: str
    edition_year: int
    grade: AwardGrade
    creator_id: str | None = None
    work_id: str | None = None
    category: str | None = None
    recommended_by: str | None = None
    granted_on: date | None = None
    evidence_doc_no: str | None = None
    evidence_url: str | None = None


# The columns' lengths, checked here because SQLite does not enforce VARCHAR(n); a category
# also becomes the credential's title, which must still fit its QR code.
_TEXT_LIMITS = {"category": 100, "recommended_by": 200, "evidence_doc_no": 100, "evidence_url": 500}


def _text(value: str | None, field: str) -> str | None:
    """Free text trimmed, blank as absent, refused beyond its column's length."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    limit = _TEXT_LIMITS[field]
    if len(value) > limit:
        raise InvalidInput(f"{field} has at most {limit} characters", field=field)
    return value


def to_award_grant(row: m.AwardGrant) -> AwardGrant:
    return AwardGrant(
        id=row.public_id,
        programme=row.programme.code,
        level=row.programme.level,
        edition_year=row.edition_year,
        category=row.category,
        grade=row.grade,
        creator_id=None if row.creator is None else row.creator.public_id,
        work_id=None if row.work is None else row.work.public_id,
        recommended_by=row.recommended_by,
        granted_on=row.granted_on,
        evidence_doc_no=row.evidence_doc_no,
        evidence_url=row.evidence_url,
        state=row.state,
        reason=row.reason,
    )


async def list_programmes(ctx: ServiceContext) -> list[AwardProgramme]:
    """The award programmes on record (public facts: no principal needed)."""
    async with ctx.uow(read_only=True) as uow:
        rows = await uow.session.execute(select(m.AwardProgramme).order_by(m.AwardProgramme.id))
        return [
            AwardProgramme(r.code, r.name, r.organiser, r.level, r.region_code, r.is_award, r.kind)
            for r in rows.scalars()
        ]


def award_authority(principal: Principal, programme: m.AwardProgramme) -> None:
    authorize(principal, Action.DECIDE_AWARD)
    if programme.region_code != NATIONAL:
        require_region(principal, programme.region_code, field="grant_id")


async def record_award(
    ctx: ServiceContext, principal: Principal, command: RecordAward
) -> AwardGrant:
    authorize(principal, Action.CLAIM_AWARD)
    now = ctx.now()
    if command.creator_id is None and command.work_id is None:
        raise InvalidInput("an award goes to a creator, a work, or both", field="creator_id")
    if not 1990 <= command.edition_year <= now.year + 1:
        raise InvalidInput("edition year is out of range", field="edition_year")
    category = _text(command.category, "category")
    recommended_by = _text(command.recommended_by, "recommended_by")
    evidence_doc_no = _text(command.evidence_doc_no, "evidence_doc_no")
    evidence_url = _text(command.evidence_url, "evidence_url")
    if evidence_url is not None and not evidence_url.startswith("http"):
        raise InvalidInput("evidence URL is http(s)", field="evidence_url")
    async with ctx.uow() as uow:
        programme = await fetch_one(
            uow.session,
            select(m.AwardProgramme).where(m.AwardProgramme.code == command.programme_code),
            what="award programme",
            field="programme_code",
        )
        creator = work = None
        if command.creator_id is not None:
            creator = await by_public_id(
                uow.session, m.Creator, command.creator_id, field="creator_id", what="creator"
            )
        if command.work_id is not None:
            work = await by_public_id(
                uow.session, m.Work, command.work_id, field="work_id", what="work"
            )
            if creator is not None and work.creator_id != creator.id:
                raise InvalidInput("the work belongs to another creator", field="work_id")
        owner = creator.id if creator is not None else work.creator_id  # type: ignore[union-attr]
        require_creator_self(principal, owner)
        duplicate = await uow.session.execute(
            select(m.AwardGrant.id)
            .where(m.AwardGrant.programme_id == programme.id)
            .where(m.AwardGrant.edition_year == command.edition_year)
            .where(m.AwardGrant.creator_id == (creator.id if creator else None))
            .where(m.AwardGrant.work_id == (work.id if work else None))
            .where(m.AwardGrant.state.not_in([AwardState.REJECTED, AwardState.RESCINDED]))
        )
        if duplicate.first() is not None:
            raise Conflict("this award is already on record", code=ErrorCode.DUPLICATE)
        row = m.AwardGrant(
            public_id=new_public_id("aw"),
            programme=programme,
            programme_id=programme.id,
            edition_year=command.edition_year,
            category=category,
            grade=command.grade,
            creator=creator,
            creator_id=None if creator is None else creator.id,
            work=work,
            work_id=None if work is None else work.id,
            recommended_by=recommended_by,
            granted_on=command.granted_on,
            evidence_doc_no=evidence_doc_no,
            evidence_url=evidence_url,
            state=AwardState.CLAIMED,
            claimed_by_account_id=principal.account_id,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        record_change(uow, principal, "award.claim", "award", row, at=now)
        await uow.commit()
        return to_award_grant(row)


_NEEDS_REASON = frozenset({"reject", "rescind"})


async def _decide(
    ctx: ServiceContext,
    principal: Principal,
    grant_id: str,
    action: str,
    *,
    reason: str | None = None,
    evidence_doc_no: str | None = None,
) -> AwardGrant:
    authorize(principal, Action.DECIDE_AWARD)
    if action in _NEEDS_REASON and not (reason or "").strip():
        # A refusal or a rescission is a decision about a person: it must say why.
        raise InvalidInput(f"say why the award is {action}ed", field="reason")
    doc_no = _text(evidence_doc_no, "evidence_doc_no")
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await by_public_id(
            uow.session, m.AwardGrant, grant_id, field="grant_id", what="award", for_update=True
        )
        award_authority(principal, row.programme)
        before = row.audit_snapshot()
        row.state = next_award_state(row.state, action)
        if reason is not None:
            row.reason = reason.strip()[:500] or None
        if doc_no is not None:
            row.evidence_doc_no = doc_no
        row.decided_by = await uow.session.get_one(m.Organisation, principal.organisation_id)
        row.decided_by_org_id = principal.organisation_id
        row.updated_at = now
        record_change(
            uow, principal, f"award.{action}", "award", row, at=now, before=before, reason=reason
        )
        if row.state is AwardState.RESCINDED:
            # A rescinded award's credentials are revoked in the same transaction.
            await apply_to_source(
                uow,
                principal,
                SourceType.AWARD_GRANT,
                row.public_id,
                OperationCode.CANCEL,
                reason=row.reason,
                now=now,
            )
        await uow.commit()
        return to_award_grant(row)


async def start_award_verification(
    ctx: ServiceContext, principal: Principal, grant_id: str
) -> AwardGrant:
    return await _decide(ctx, principal, grant_id, "start_verification")


async def verify_award(
    ctx: ServiceContext, principal: Principal, grant_id: str, *, evidence_doc_no: str | None = None
) -> AwardGrant:
    return await _decide(ctx, principal, grant_id, "verify", evidence_doc_no=evidence_doc_no)


async def reject_award(
    ctx: ServiceContext, principal: Principal, grant_id: str, *, reason: str
) -> AwardGrant:
    return await _decide(ctx, principal, grant_id, "reject", reason=reason)


async def rescind_award(
    ctx: ServiceContext, principal: Principal, grant_id: str, *, reason: str
) -> AwardGrant:
    return await _decide(ctx, principal, grant_id, "rescind", reason=reason)
