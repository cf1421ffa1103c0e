"""The grants a creator holds, and how they end.

A grant is an APPROVED or PROVISIONAL decision still ACTIVE or SUSPENDED. These read a
creator's live grants as the engine's entitlements (what 从高从优不重复 weighs a new decision
against), end those a new grant replaces, and move one grant to another state (suspend,
reinstate, revoke, supersede, lapse) with its audit event, its TALENT_ELIGIBILITY credential
following.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Principal
from ..db import models as m
from ..db.uow import UnitOfWork
from ..domain.enums import DecisionOutcome, DecisionState, OperationCode, SourceType
from ..eligibility import DecisionPlan, Entitlement
from .common import record_change
from .credential_status import apply_to_source
from .programmes import programme_of

__all__ = ["GRANTS", "LIVE", "STATE_ACTIONS", "end_decision", "live_grants", "supersede_grants"]


GRANTS = (DecisionOutcome.APPROVED, DecisionOutcome.PROVISIONAL)
LIVE = (DecisionState.ACTIVE, DecisionState.SUSPENDED)


async def live_grants(
    session: AsyncSession, creator_id: int
) -> list[tuple[m.EligibilityDecision, Entitlement]]:
    rows = (
        await session.execute(
            select(m.EligibilityDecision)
            .where(m.EligibilityDecision.creator_id == creator_id)
            .where(m.EligibilityDecision.outcome.in_(GRANTS))
            .where(m.EligibilityDecision.state.in_(LIVE))
            .order_by(m.EligibilityDecision.id)
            .with_for_update(of=m.EligibilityDecision)
        )
    ).scalars()
    grants: list[tuple[m.EligibilityDecision, Entitlement]] = []
    for row in list(rows):
        version = await session.get_one(m.ProgrammeVersion, row.programme_version_id)
        programme = programme_of(version)
        assert row.tier is not None
        tier = programme.tier(row.tier)
        grants.append(
            (
                row,
                Entitlement(
                    programme.code,
                    programme.version,
                    programme.name,
                    tier.code,
                    tier.name,
                    tier.favourability,
                    programme.policy.jurisdiction_level,
                    programme.policy.region,
                    programme.dedup_group,
                    tuple(row.benefits),
                ),
            )
        )
    return grants


async def supersede_grants(
    uow: UnitOfWork,
    principal: Principal,
    plan: DecisionPlan,
    grants: Iterable[tuple[m.EligibilityDecision, Entitlement]],
    row: m.EligibilityDecision,
    *,
    now: datetime,
) -> tuple[str, ...]:
    """End the grants ``plan`` replaces under 从高从优不重复 (their credentials revoked)."""
    current = list(grants)
    superseded: list[str] = []
    for replaced in plan.supersedes:
        old = next(
            r
            for r, e in current
            if (e.programme_code, e.tier)
            == (replaced.entitlement.programme_code, replaced.entitlement.tier)
        )
        text = f"{replaced.reason.zh}\n{replaced.reason.en}"
        await end_decision(uow, principal, old, DecisionState.SUPERSEDED, text, now=now, by=row.id)
        superseded.append(old.public_id)
    return tuple(superseded)


_CREDENTIAL_OPS = {
    DecisionState.SUSPENDED: OperationCode.SUSPEND,
    DecisionState.ACTIVE: OperationCode.REINSTATE,
    DecisionState.REVOKED: OperationCode.CANCEL,
    DecisionState.SUPERSEDED: OperationCode.CANCEL,
    DecisionState.LAPSED: OperationCode.CANCEL,
}


async def end_decision(
    uow: UnitOfWork,
    principal: Principal,
    row: m.EligibilityDecision,
    state: DecisionState,
    reason: str | None,
    *,
    now: datetime,
    by: int | None = None,
    suspended_by: str | None = None,
) -> None:
    """Move a grant to ``state`` (its credential follows) and audit it."""
    before = row.audit_snapshot()
    row.state = state
    row.updated_at = now
    row.suspended_by = suspended_by
    if by is not None:
        row.superseded_by_id = by
    if state is not DecisionState.ACTIVE and state is not DecisionState.SUSPENDED:
        row.ended_reason = None if reason is None else reason[:500]
    record_change(
        uow,
        principal,
        f"eligibility.{STATE_ACTIONS[state]}",
        "eligibility_decision",
        row,
        at=now,
        before=before,
        reason=reason,
    )
    await apply_to_source(
        uow,
        principal,
        SourceType.ELIGIBILITY,
        row.public_id,
        _CREDENTIAL_OPS[state],
        reason=None if reason is None else reason[:500],
        now=now,
    )


# The audited action of each state a grant moves to (eligibility.<action>).
STATE_ACTIONS = {
    DecisionState.SUSPENDED: "suspend",
    DecisionState.ACTIVE: "reinstate",
    DecisionState.REVOKED: "revoke",
    DecisionState.SUPERSEDED: "supersede",
    DecisionState.LAPSED: "lapse",
}
