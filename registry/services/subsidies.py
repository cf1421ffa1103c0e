"""Monthly subsidy periods: approve one month of a granted subsidy for payment.

A decision stores the schedule of each monthly subsidy it grants (Yangpu's rent subsidy: at
most 36 months). Policy windows are enforced at decision time *and for each monthly period*:
a period is approved only if it starts while the programme's policy is in force — read from
the version in force on the day it is approved, since a later version may close the window —
within the benefit's maximum number of months, under a live approved decision, and once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.eligibility import SubsidyPeriodApproval
from ..eligibility import DecisionRefused, ensure_in_force, period_bounds, period_number
from ..errors import Conflict, ErrorCode, InvalidInput, NotFound
from .common import new_public_id, record_change
from .context import ServiceContext
from .eligibility_decide import refused
from .programmes import current_version, live_grant_under_authority, programme_of

__all__ = ["approve_subsidy_period", "to_subsidy_period"]


def to_subsidy_period(row: m.SubsidyPeriodRecord, decision_id: str) -> SubsidyPeriodApproval:
    return SubsidyPeriodApproval(
        id=row.public_id,
        decision_id=decision_id,
        benefit_code=row.benefit_code,
        number=row.number,
        start=row.period_start,
        end=row.period_end,
        amount=row.amount,
        programme_version=row.programme_version,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
    )


def _schedule(row: m.EligibilityDecision, benefit_code: str | None) -> dict[str, Any]:
    found = [s for s in row.schedules if benefit_code in (None, s["benefit"])]
    if len(found) != 1:
        raise NotFound(
            "the decision grants no such monthly subsidy"
            if not found
            else "the decision grants several monthly subsidies: name one",
            field="benefit_code",
        )
    return dict(found[0])


def _start(schedule: dict[str, Any]) -> date:
    if "start" in schedule:
        return date.fromisoformat(schedule["start"])
    first = [p for p in schedule["periods"] if p["number"] == 1]
    if not first:
        raise Conflict("the schedule does not record its start", field="decision_id")
    return date.fromisoformat(first[0]["start"])


async def approve_subsidy_period(
    ctx: ServiceContext,
    principal: Principal,
    decision_id: str,
    period_start: date,
    *,
    benefit_code: str | None = None,
) -> SubsidyPeriodApproval:
    """Approve the period of a granted monthly subsidy that begins on ``period_start``.

    Refused: a decision not APPROVED and ACTIVE (``INVALID_STATE``); a day on which no period
    begins (``INVALID_INPUT``); a period past the benefit's maximum months
    (``SUBSIDY_MONTHS_EXCEEDED``); a period starting outside the policy window in force
    (``POLICY_WINDOW_CLOSED``, ``POLICY_NOT_YET_IN_FORCE``); a period already approved
    (``DUPLICATE``). ``benefit_code`` may be left out when the decision grants one.
    """
    authorize(principal, Action.DECIDE_ELIGIBILITY)
    now = ctx.now()
    async with ctx.uow() as uow:
        session = uow.session
        row, _ = await live_grant_under_authority(
            session, principal, decision_id, what="subsidy periods"
        )
        schedule = _schedule(row, benefit_code)
        number = period_number(_start(schedule), period_start)
        if number is None:
            raise InvalidInput("no period of the subsidy begins that day", field="period_start")
        if number > schedule["max_months"]:
            raise Conflict(
                f"period {number} is beyond the subsidy's {schedule['max_months']} months",
                code=ErrorCode.SUBSIDY_MONTHS_EXCEEDED,
                field="period_start",
            )
        in_force = await current_version(session, row.programme_code)
        try:
            ensure_in_force(programme_of(in_force).policy, on=period_start)
        except DecisionRefused as exc:
            raise refused(exc, field="period_start") from None
        taken = (
            await session.execute(
                select(m.SubsidyPeriodRecord.id)
                .where(m.SubsidyPeriodRecord.decision_id == row.id)
                .where(m.SubsidyPeriodRecord.benefit_code == schedule["benefit"])
                .where(m.SubsidyPeriodRecord.number == number)
            )
        ).first()
        if taken is not None:
            raise Conflict(
                f"period {number} is already approved",
                code=ErrorCode.DUPLICATE,
                field="period_start",
            )
        _, ends = period_bounds(_start(schedule), number)
        period = m.SubsidyPeriodRecord(
            public_id=new_public_id("sp"),
            decision_id=row.id,
            benefit_code=schedule["benefit"],
            number=number,
            period_start=period_start,
            period_end=ends,
            amount=schedule["monthly_amount"],
            programme_version=in_force.version,
            approved_by=principal.actor,
            organisation_id=principal.organisation_id,
            approved_at=now,
        )
        session.add(period)
        await session.flush()
        record_change(uow, principal, "subsidy.approve_period", "subsidy_period", period, at=now)
        await uow.commit()
        return to_subsidy_period(period, row.public_id)
