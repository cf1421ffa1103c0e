"""Reading one record by the key in its public id (what ``node(id)`` refetches).

Each ``get_*`` shows a record to exactly those its list shows it to; a record the caller may
not see is refused like one that does not exist, so keys of others' records are not confirmed.
The reads of most kinds live beside their lists; this module holds what they share and the
read of one eligibility decision.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..authz import Action, Principal, authorize, require_creator_self
from ..db import models as m
from ..domain.eligibility import EligibilityDecision
from ..errors import ErrorCode, NotAuthorized, NotFound
from .context import ServiceContext
from .eligibility_reads import may_see_decision, to_decision

__all__ = ["get_decision", "numeric_key"]

_BIGINT_MAX = 2**63 - 1


def numeric_key(key: str, *, what: str, field: str) -> int:
    """The row number a numeric key names; NotFound for anything else, as for an absent row.

    Only the canonical spelling is accepted (no sign, no leading zero), so each record has one
    id; and nothing beyond BIGINT reaches the database, which would refuse it, not miss it.
    """
    if key.isascii() and key.isdigit() and len(key) <= 19 and str(int(key)) == key:
        number = int(key)
        if number <= _BIGINT_MAX:
            return number
    raise NotFound(f"no such {what}", field=field)


async def get_decision(
    ctx: ServiceContext, principal: Principal, decision_id: str
) -> EligibilityDecision:
    """One decision, for whoever ``eligibility.list_decisions`` lists it: officials of the
    programme's region, administrators, and the creator it is about."""
    authorize(principal, Action.EVALUATE_ELIGIBILITY)
    successor = aliased(m.EligibilityDecision)
    statement = (
        select(m.EligibilityDecision, m.Credential.public_id, successor.public_id)
        .outerjoin(m.Credential, m.Credential.id == m.EligibilityDecision.credential_id)
        .outerjoin(successor, successor.id == m.EligibilityDecision.superseded_by_id)
        .where(m.EligibilityDecision.public_id == decision_id)
    )
    async with ctx.uow(read_only=True) as uow:
        found = (await uow.session.execute(statement)).unique().first()
        if found is None:
            raise NotFound("no such decision", field="decision_id")
        row, credential, superseded_by = found
        require_creator_self(principal, row.creator_id, field="decision_id")
        if not may_see_decision(principal, row):
            raise NotAuthorized(
                "the decision's programme lies outside this organisation's region",
                code=ErrorCode.OUT_OF_SCOPE,
                field="decision_id",
            )
        return to_decision(row, credential=credential, superseded_by=superseded_by)
