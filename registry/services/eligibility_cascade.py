"""Grants follow the recognition they rest on: suspending, reinstating or revoking a
recognition (认定) moves the creator's eligibility grants that cited it as evidence, and their
TALENT_ELIGIBILITY credentials, in the recognition's own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..authz import Principal
from ..db import models as m
from ..db.uow import UnitOfWork
from ..domain.enums import DecisionState
from .eligibility_grants import GRANTS, LIVE, end_decision

__all__ = ["follow_recognition"]


async def follow_recognition(
    uow: UnitOfWork,
    principal: Principal,
    recognition: m.Recognition,
    action: str,
    *,
    reason: str | None,
    now: datetime,
) -> int:
    """Apply ``action`` (suspend, reinstate, revoke) to the grants resting on
    ``recognition``; return how many changed. Reinstatement restores only what this
    recognition's suspension suspended."""
    rows = (
        await uow.session.execute(
            select(m.EligibilityDecision)
            .where(m.EligibilityDecision.creator_id == recognition.creator_id)
            .where(m.EligibilityDecision.outcome.in_(GRANTS))
            .where(m.EligibilityDecision.state.in_(LIVE))
            .order_by(m.EligibilityDecision.id)
            .with_for_update(of=m.EligibilityDecision)
        )
    ).scalars()
    changed = 0
    for row in list(rows):
        if recognition.public_id not in row.evidence:
            continue
        if action == "suspend" and row.state is DecisionState.ACTIVE:
            await end_decision(
                uow,
                principal,
                row,
                DecisionState.SUSPENDED,
                reason,
                now=now,
                suspended_by=recognition.public_id,
            )
        elif (
            action == "reinstate"
            and row.state is DecisionState.SUSPENDED
            and row.suspended_by == recognition.public_id
        ):
            await end_decision(uow, principal, row, DecisionState.ACTIVE, reason, now=now)
        elif action == "revoke":
            await end_decision(
                uow,
                principal,
                row,
                DecisionState.REVOKED,
                reason or "recognition revoked",
                now=now,
            )
        else:
            continue
        changed += 1
    return changed
