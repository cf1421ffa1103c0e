"""Recognition (认定): a district talent office certifies a creator as a high-quality content
creator of one of its clusters; it may suspend, reinstate or revoke that recognition.

A creator may apply (or an official apply on their behalf): the application is PENDING, counts
for nothing, and the office recognises it (ACTIVE, from the day it says) or refuses it with its
reasons (REFUSED).

A talent office acts only within its own region: Yangpu recognises for V聚场, not for Haizhu.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize, require_region
from ..db import models as m
from ..domain.creators import Recognition, next_recognition_state
from ..domain.enums import OperationCode, OrgKind, RecognitionState, Role, SourceType
from ..domain.regions import check_cluster
from ..errors import Conflict, ErrorCode, InvalidInput, NotFound
from .common import by_public_id, fetch_one, new_public_id, record_change
from .context import ServiceContext
from .credential_status import apply_to_source
from .eligibility_cascade import follow_recognition

__all__ = [
    "ApplyForRecognition",
    "CorrectRecognition",
    "RecogniseCreator",
    "apply_for_recognition",
    "correct_recognition",
    "decide_recognition",
    "office_recognitions",
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


@dataclass(frozen=True, slots=True)
class CorrectRecognition:
    """What a correction changes (``None``: unchanged), and why."""

    recognition_id: str
    reason: str
    recognised_on: date | None = None
    valid_until: date | None = None
    decision_ref: str | None = None


@dataclass(frozen=True, slots=True)
class ApplyForRecognition:
    creator_id: str
    cluster_code: str


# An application or recognition in this state blocks another for the same cluster.
_LIVE = (RecognitionState.PENDING, RecognitionState.ACTIVE, RecognitionState.SUSPENDED)


async def _refuse_duplicate(session: AsyncSession, creator_id: int, cluster_code: str) -> None:
    live = (
        await session.execute(
            select(m.Recognition.id)
            .where(m.Recognition.creator_id == creator_id)
            .where(m.Recognition.cluster_code == cluster_code)
            .where(m.Recognition.state.in_(_LIVE))
        )
    ).first()
    if live is not None:
        raise Conflict(
            "the creator is already recognised, or has applied, in this cluster",
            code=ErrorCode.DUPLICATE,
            field="creator_id",
        )


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
        await _refuse_duplicate(uow.session, creator.id, cluster.code)
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


async def _locked(
    session: AsyncSession, principal: Principal, recognition_id: str
) -> m.Recognition:
    """The recognition, locked, if it lies in the principal's region (a decision changes it)."""
    row = await by_public_id(
        session,
        m.Recognition,
        recognition_id,
        field="recognition_id",
        what="recognition",
        for_update=True,
    )
    require_region(principal, row.region_code, field="recognition_id")
    return row


async def _transition(
    ctx: ServiceContext, principal: Principal, recognition_id: str, action: str, reason: str | None
) -> Recognition:
    authorize(principal, Action.DECIDE_RECOGNITION)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await _locked(uow.session, principal, recognition_id)
        before = row.audit_snapshot()
        row.state = next_recognition_state(row.state, action)
        row.reason = None if reason is None else reason.strip()[:500] or None
        row.updated_at = now
        record_change(
            uow,
            principal,
            f"recognition.{action}",
            "recognition",
            row,
            at=now,
            before=before,
            reason=reason,
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


async def apply_for_recognition(
    ctx: ServiceContext, principal: Principal, command: ApplyForRecognition
) -> Recognition:
    """A creator applies for recognition in a cluster (an official may, on their behalf): a
    PENDING application, decided by the cluster's talent office."""
    authorize(principal, Action.APPLY_RECOGNITION)
    cluster = check_cluster(command.cluster_code)
    if principal.role is not Role.CREATOR:
        require_region(principal, cluster.region_code, field="cluster_code")
    now = ctx.now()
    async with ctx.uow() as uow:
        creator = await by_public_id(
            uow.session, m.Creator, command.creator_id, field="creator_id", what="creator"
        )
        if principal.role is Role.CREATOR and creator.id != principal.creator_id:
            # Another person's record: refused as if it did not exist.
            raise NotFound("no such creator", field="creator_id")
        office = await fetch_one(
            uow.session,
            select(m.Organisation)
            .where(m.Organisation.kind == OrgKind.TALENT_OFFICE)
            .where(m.Organisation.region_code == cluster.region_code)
            .order_by(m.Organisation.id)
            .limit(1),
            what="talent office for this cluster",
            field="cluster_code",
        )
        await _refuse_duplicate(uow.session, creator.id, cluster.code)
        row = m.Recognition(
            public_id=new_public_id("rc"),
            creator=creator,
            creator_id=creator.id,
            cluster_code=cluster.code,
            region_code=cluster.region_code,
            organisation=office,
            organisation_id=office.id,
            state=RecognitionState.PENDING,
            recognised_on=now.date(),  # the application's day until it is decided
            created_at=now,
            updated_at=now,
        )
        uow.session.add(row)
        record_change(uow, principal, "recognition.apply", "recognition", row, at=now)
        await uow.commit()
        return to_recognition(row)


async def decide_recognition(
    ctx: ServiceContext,
    principal: Principal,
    recognition_id: str,
    *,
    approve: bool,
    reason: str | None = None,
    recognised_on: date | None = None,
    valid_until: date | None = None,
    decision_ref: str | None = None,
) -> Recognition:
    """Recognise a PENDING application (from ``recognised_on``, today by default) or refuse it
    (a reason is required)."""
    authorize(principal, Action.DECIDE_RECOGNITION)
    reason = (reason or "").strip()[:500] or None
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await _locked(uow.session, principal, recognition_id)
        if row.state is not RecognitionState.PENDING:
            raise Conflict(
                f"the recognition is {row.state}, not an application", field="recognition_id"
            )
        before = row.audit_snapshot()
        if approve:
            day = recognised_on or now.date()
            if valid_until is not None and valid_until <= day:
                raise InvalidInput("a recognition ends after it starts", field="valid_until")
            row.state = RecognitionState.ACTIVE
            row.recognised_on, row.valid_until = day, valid_until
            row.decision_ref = decision_ref
        else:
            if reason is None:
                raise InvalidInput("say why", field="reason")
            row.state = RecognitionState.REFUSED
        row.reason = reason
        row.updated_at = now
        action = "recognition.grant" if approve else "recognition.refuse"
        record_change(
            uow, principal, action, "recognition", row, at=now, before=before, reason=reason
        )
        await uow.commit()
        return to_recognition(row)


async def correct_recognition(
    ctx: ServiceContext, principal: Principal, command: CorrectRecognition
) -> Recognition:
    """Correct a recognition in force (ACTIVE or SUSPENDED): the day it counts from, its end,
    its decision's number, with a reason. Credentials already issued keep what they were
    signed with; reissue them (AMEND) to carry the correction. A recognition moved to a day
    after today does not count before that day (eligibility facts read it as of a day)."""
    authorize(principal, Action.DECIDE_RECOGNITION)
    reason = command.reason.strip()[:500]
    if not reason:
        raise InvalidInput("say why", field="reason")
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await _locked(uow.session, principal, command.recognition_id)
        if row.state not in (RecognitionState.ACTIVE, RecognitionState.SUSPENDED):
            raise Conflict(
                f"the recognition is {row.state}: only one in force is corrected",
                field="recognition_id",
            )
        day = command.recognised_on or row.recognised_on
        until = command.valid_until if command.valid_until is not None else row.valid_until
        ref = command.decision_ref.strip() if command.decision_ref is not None else row.decision_ref
        if until is not None and until <= day:
            raise InvalidInput("a recognition ends after it starts", field="valid_until")
        if (day, until, ref or None) == (row.recognised_on, row.valid_until, row.decision_ref):
            raise InvalidInput("nothing to correct", field="recognition_id")
        before = row.audit_snapshot()
        row.recognised_on, row.valid_until, row.decision_ref = day, until, ref or None
        row.reason = reason
        row.updated_at = now
        record_change(
            uow,
            principal,
            "recognition.correct",
            "recognition",
            row,
            at=now,
            before=before,
            reason=reason,
        )
        await uow.commit()
        return to_recognition(row)


async def office_recognitions(
    ctx: ServiceContext,
    principal: Principal,
    *,
    state: RecognitionState | None = None,
    limit: int = 500,
) -> list[Recognition]:
    """The recognitions and applications a talent office decides (its district's), newest
    first: its work queue with ``state=PENDING``."""
    authorize(principal, Action.DECIDE_RECOGNITION)
    query = select(m.Recognition).where(m.Recognition.region_code == principal.region_code)
    if state is not None:
        query = query.where(m.Recognition.state == state)
    query = query.order_by(m.Recognition.id.desc()).limit(max(1, min(limit, 500)))
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(query)).scalars().all()
        return [to_recognition(row) for row in rows]
