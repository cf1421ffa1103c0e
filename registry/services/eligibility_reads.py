"""Reading eligibility decisions: a creator's decisions, those of many creators in one
statement (for DataLoaders), who may see a decision, and a decision row as the read model.

Officials see the decisions of programmes in their region; system administrators, the
operator and the creator (narrowed to themself by the caller) see them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, acts_in, authorize, require_creator_self
from ..db import models as m
from ..domain.eligibility import EligibilityDecision
from ..domain.enums import Role
from ..domain.regions import NATIONAL
from .common import by_public_id
from .context import ServiceContext

__all__ = ["decisions_of", "list_decisions", "may_see_decision", "to_decision"]


def to_decision(
    row: m.EligibilityDecision, *, credential: str | None, superseded_by: str | None
) -> EligibilityDecision:
    return EligibilityDecision(
        id=row.public_id,
        creator_id=row.creator.public_id,
        programme_code=row.programme_code,
        programme_version=row.programme_version,
        programme_digest=row.programme_digest,
        region_code=row.region_code,
        tier=row.tier,
        outcome=row.outcome,
        state=row.state,
        reason=row.reason,
        decided_by=row.decided_by,
        organisation=row.organisation.code,
        decided_on=row.decided_on,
        documents_due=row.documents_due,
        benefits=tuple(row.benefits),
        schedules=tuple(row.schedules),
        amounts=tuple(row.amounts),
        evaluation=dict(row.evaluation),
        superseded_by=superseded_by,
        ended_reason=row.ended_reason,
        credential_id=credential,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_decisions(
    ctx: ServiceContext, principal: Principal, creator_id: str
) -> list[EligibilityDecision]:
    """A creator's decisions, oldest first: officials see those of programmes in their
    region, creators their own."""
    authorize(principal, Action.EVALUATE_ELIGIBILITY)
    async with ctx.uow(read_only=True) as uow:
        creator = await by_public_id(
            uow.session, m.Creator, creator_id, field="creator_id", what="creator"
        )
        require_creator_self(principal, creator.id)
        found = await decisions_of(uow.session, principal, [creator.id])
        return found[creator.id]


async def decisions_of(
    session: AsyncSession, principal: Principal, creator_pks: Sequence[int]
) -> dict[int, list[EligibilityDecision]]:
    """The decisions about each creator the principal may see, oldest first, in one
    statement (with their credentials' public ids)."""
    grouped: dict[int, list[EligibilityDecision]] = {pk: [] for pk in creator_pks}
    if not creator_pks:
        return grouped
    found = await session.execute(
        select(m.EligibilityDecision, m.Credential.public_id)
        .outerjoin(m.Credential, m.Credential.id == m.EligibilityDecision.credential_id)
        .where(m.EligibilityDecision.creator_id.in_(list(creator_pks)))
        .order_by(m.EligibilityDecision.id)
    )
    rows = [(row, credential) for row, credential in found]
    # A grant is only ever superseded by a decision about the same creator.
    public = {row.id: row.public_id for row, _ in rows}
    for row, credential in rows:
        if may_see_decision(principal, row):
            grouped[row.creator_id].append(
                to_decision(
                    row,
                    credential=credential,
                    superseded_by=None
                    if row.superseded_by_id is None
                    else public.get(row.superseded_by_id),
                )
            )
    return grouped


def may_see_decision(principal: Principal, row: m.EligibilityDecision) -> bool:
    if principal.role in (Role.SYSTEM_ADMIN, Role.CREATOR):
        return True
    return acts_in(principal, row.region_code or NATIONAL)
