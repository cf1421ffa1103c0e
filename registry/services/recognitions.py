"""Recognition (认定): a district talent office certifies a creator as a high-quality content
creator of one of its clusters; it may suspend, reinstate or revoke that recognition.

A talent office acts only within its own region: Yangpu recognises for V聚场, not for Haizhu.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..authz import Action, Principal, authorize, require_region
from ..db import models as m
from ..domain.creators import Recognition, next_recognition_state
from ..domain.enums import OperationCode, RecognitionState, SourceType
from ..domain.regions import check_cluster
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import by_public_id, new_public_id, record_change
from .context import ServiceContext
from .credential_status import apply_to_source
from .eligibility_cascade import follow_recognition

__all__ = [
    "RecogniseCreator",
    "recognise_creator",
    "reinstate_recognition",
    "revoke_recognition",
    "suspend_recognition",
    "to_recognition",
]

_CREDENTIAL_OPS = {
    "suspend": OperationCode.SUSPEND,
    "reinstate": OperationCode.REINSTATE,
    "revoke": OperationCode.CANCEL,
}


@dataclass(frozen=True, slots=True)
class RecogniseCreator:
    creator_id: str
    cluster_code: str
    recognised_on: date
    valid_until: date | None = None
    decision_ref: str | None = None


def to_recognition(row: m.Recognition) -> Recognition:
    return Recognition(
        id=row.public_id,
        creator_id=row.creator.public_id,
        cluster_code=row.cluster_code,
        region_code=row.region_code,
        organisation=row.organisation.code,
        state=row.state,
        recognised_on=row.recognised_on,
        valid_until=row.valid_until,
        decision_ref=row.decision_ref,
        reason=row.reason,
    )


async def recognise_creator(
    ctx: ServiceContext, principal: Principal, command: RecogniseCreator
) -> Recognition:
    authorize(principal, Action.DECIDE_RECOGNITION)
    cluster = check_cluster(command.cluster_code)
    require_region(principal, cluster.region_code, field="cluster_code")
    if command.valid_until is not None and command.valid_until <= command.recognised_on:
        raise InvalidInput("a recognition ends after it starts", field="valid_until")
    now = ctx.now()
    async with ctx.uow() as uow:
        creator = await by_public_id(
            uow.session, m.Creator, command.creator_id, field="creator_id", what="creator"
        )
        organisation = await uow.session.get_one(m.Organisation, principal.organisation_id)
        live = (
            await uow.session.execute(
                select(m.Recognition.id)
                .where(m.Recognition.creator_id == creator.id)
                .where(m.Recognition.cluster_code == cluster.code)
                .where(m.Recognition.state != RecognitionState.REVOKED)
            )
        ).first()
        if live is not None:
            raise Conflict(
                "the creator is already recognised in this cluster",
                code=ErrorCode.DUPLICATE,
                field="creator_id",
            )
        row = m.Recognition(
            public_id=new_public_id("rc"),
            creator=creator,
            creator_id=creator.id,
            cluster_code=cluster.code,
            region_code=cluster.region_code,
            organisation=organisation,
            organisation_id=organisation.id,
            state=RecognitionState.ACTIVE,
            recognised_on=command.recognised_on,
            valid_until=command.valid_until,
            decision_ref=command.decision_ref,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        record_change(uow, principal, "recognition.grant", "recognition", row, at=now)
        await uow.commit()
        return to_recognition(row)


async def _transition(
    ctx: ServiceContext, principal: Principal, recognition_id: str, action: str, reason: str | None
) -> Recognition:
    authorize(principal, Action.DECIDE_RECOGNITION)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await by_public_id(
            uow.session,
            m.Recognition,
            recognition_id,
            field="recognition_id",
            what="recognition",
            for_update=True,
        )
        require_region(principal, row.region_code, field="recognition_id")
        before = row.audit_snapshot()
        row.state = next_recognition_state(row.state, action)
        row.reason = None if reason is None else reason.strip()[:500] or None
        row.updated_at = now
        record_change(
            uow, principal, f"recognition.{action}", "recognition", row, at=now, before=before
        )
        # The recognition's credentials follow it, in the same transaction.
        await apply_to_source(
            uow,
            principal,
            SourceType.RECOGNITION,
            row.public_id,
            _CREDENTIAL_OPS[action],
            reason=row.reason,
            now=now,
        )
        # So do the eligibility grants that rest on it, and their credentials.
        await follow_recognition(uow, principal, row, action, reason=row.reason, now=now)
        await uow.commit()
        return to_recognition(row)


async def suspend_recognition(
    ctx: ServiceContext, principal: Principal, recognition_id: str, *, reason: str
) -> Recognition:
    return await _transition(ctx, principal, recognition_id, "suspend", reason)


async def reinstate_recognition(
    ctx: ServiceContext, principal: Principal, recognition_id: str, *, reason: str | None = None
) -> Recognition:
    return await _transition(ctx, principal, recognition_id, "reinstate", reason)


async def revoke_recognition(
    ctx: ServiceContext, principal: Principal, recognition_id: str, *, reason: str
) -> Recognition:
    return await _transition(ctx, principal, recognition_id, "revoke", reason)
