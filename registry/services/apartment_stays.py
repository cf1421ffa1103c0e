"""Talent-apartment stays: record one free stay taken under an approved decision.

优享计划 offers recognised creators free "YOUNG人才公寓" stays of up to 5 days, twice a year,
for non-commercial major events (the figures are the benefit's ``max_days_per_stay`` and
``stays_per_year`` in the programme file). Each stay is recorded so the limit is enforced per
creator and calendar year, and the "non-commercial" condition is a fact the official attests
with evidence, never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.eligibility import ApartmentStayRecord
from ..eligibility import BenefitType, DecisionRefused, ensure_in_force
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import by_public_id, new_public_id, record_change
from .context import ServiceContext
from .eligibility_decide import refused
from .programmes import current_version, live_grant_under_authority, programme_of

__all__ = ["MAX_EVENT", "RecordApartmentStay", "record_apartment_stay", "to_stay"]

MAX_EVENT = 200  # characters naming the event


@dataclass(frozen=True, slots=True)
class RecordApartmentStay:
    decision_id: str
    starts_on: date
    days: int
    event: str
    non_commercial: bool
    evidence_ref: str | None = None


def to_stay(row: m.ApartmentStay, decision_id: str) -> ApartmentStayRecord:
    return ApartmentStayRecord(
        id=row.public_id,
        decision_id=decision_id,
        benefit_code=row.benefit_code,
        starts_on=row.starts_on,
        days=row.days,
        event=row.event,
        non_commercial=row.non_commercial,
        evidence_ref=row.evidence_ref,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
    )


async def record_apartment_stay(
    ctx: ServiceContext, principal: Principal, command: RecordApartmentStay
) -> ApartmentStayRecord:
    """Record a stay. Refused: a decision not APPROVED and ACTIVE or granting no stays
    (``INVALID_STATE``); an event not attested non-commercial, an empty or over-long event, more
    days than a stay allows (``INVALID_INPUT``); a start outside the policy window in force; a
    stay past the yearly limit for the creator (``STAY_LIMIT_REACHED``)."""
    authorize(principal, Action.DECIDE_ELIGIBILITY)
    event = command.event.strip()
    if not event or len(event) > MAX_EVENT:
        raise InvalidInput(f"name the event in 1–{MAX_EVENT} characters", field="event")
    if command.non_commercial is not True:
        raise InvalidInput(
            "free stays are for non-commercial major events only", field="non_commercial"
        )
    evidence = (command.evidence_ref or "").strip()[:64] or None
    now = ctx.now()
    async with ctx.uow() as uow:
        session = uow.session
        row, decided = await live_grant_under_authority(
            session, principal, command.decision_id, what="stays"
        )
        stay = next(
            (
                b
                for tier in decided.tiers
                if tier.code == row.tier
                for b in decided.benefits_of(tier)
                if b.type is BenefitType.APARTMENT_STAY and b.code in row.benefits
            ),
            None,
        )
        if stay is None or stay.amount is None:
            raise Conflict(
                "the decision grants no talent-apartment stays",
                code=ErrorCode.INVALID_STATE,
                field="decision_id",
            )
        most_days = stay.amount.max_days_per_stay or command.days
        if not 1 <= command.days <= most_days:
            raise InvalidInput(f"a stay lasts 1–{max(most_days, 1)} days", field="days")
        in_force = await current_version(session, row.programme_code)
        try:
            ensure_in_force(programme_of(in_force).policy, on=command.starts_on)
        except DecisionRefused as exc:
            raise refused(exc, field="starts_on") from None
        # The creator's row serialises stays recorded under any of their decisions.
        await by_public_id(
            session,
            m.Creator,
            row.creator.public_id,
            field="decision_id",
            what="creator",
            for_update=True,
        )
        year = command.starts_on.year
        taken = (
            await session.execute(
                select(func.count(m.ApartmentStay.id))
                .where(m.ApartmentStay.creator_id == row.creator_id)
                .where(m.ApartmentStay.benefit_code == stay.code)
                .where(m.ApartmentStay.starts_on >= date(year, 1, 1))
                .where(m.ApartmentStay.starts_on <= date(year, 12, 31))
            )
        ).scalar_one()
        limit = stay.amount.stays_per_year
        if limit is not None and taken >= limit:
            raise Conflict(
                f"{limit} stays a year: {year}'s are taken",
                code=ErrorCode.STAY_LIMIT_REACHED,
                field="starts_on",
            )
        record = m.ApartmentStay(
            public_id=new_public_id("st"),
            decision_id=row.id,
            creator_id=row.creator_id,
            benefit_code=stay.code,
            starts_on=command.starts_on,
            days=command.days,
            event=event,
            non_commercial=True,
            evidence_ref=evidence,
            recorded_by=principal.actor,
            organisation_id=principal.organisation_id,
            created_at=now,
        )
        session.add(record)
        await session.flush()
        record_change(
            uow, principal, "eligibility.apartment_stay", "apartment_stay", record, at=now
        )
        await uow.commit()
        return to_stay(record, row.public_id)
