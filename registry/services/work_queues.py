"""An office's work queues: what is waiting for it today, oldest deadline first.

Four queues, each only where the signed-in office has the authority to act on what it lists:

- ``awardsToVerify``: award claims not yet decided (claimed, or under verification), for a
  network information office with authority over the programme's region;
- ``provisionalDue``: 容缺 approvals this office made whose documents are due within
  :data:`PROVISIONAL_DAYS` days (or already overdue and not yet lapsed);
- ``credentialsExpiring``: this office's credentials in force that expire within
  :data:`EXPIRY_DAYS` days;
- ``recognitionsPending``: applications for recognition (认定) in a talent office's district.

Each queue says how many records wait in all and lists at most ``limit`` of them: the work
one request can cause is bounded whatever the backlog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Principal, acts_in
from ..db import models as m
from ..domain.enums import (
    AwardState,
    CredentialStatus,
    DecisionOutcome,
    DecisionState,
    RecognitionState,
    Role,
)
from ..domain.regions import NATIONAL
from ..errors import InvalidInput, NotAuthorized
from .context import ServiceContext

__all__ = [
    "EXPIRY_DAYS",
    "MAX_ITEMS",
    "PROVISIONAL_DAYS",
    "QUEUES",
    "WorkItem",
    "WorkQueue",
    "office_queues",
]

PROVISIONAL_DAYS = 14
EXPIRY_DAYS = 30
MAX_ITEMS = 100
QUEUES = ("awardsToVerify", "provisionalDue", "credentialsExpiring", "recognitionsPending")

_OFFICES = {Role.CAC_OFFICIAL, Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL, Role.EVALUATOR}


@dataclass(frozen=True, slots=True)
class WorkItem:
    record_id: str  # the public id of what waits: an award, decision, credential, recognition
    creator_id: str
    creator_name: str
    subject: str  # what it is about: a programme, cluster or credential kind code
    state: str
    due: date | None  # the deadline it waits against (None: no deadline, oldest first)


@dataclass(frozen=True, slots=True)
class WorkQueue:
    name: str
    total: int
    items: list[WorkItem]


async def _queue(
    session: AsyncSession,
    name: str,
    statement: Select[*tuple[Any, ...]],
    where: Sequence[ColumnElement[bool]],
    order: Sequence[Any],
    limit: int,
    to_item: Callable[..., WorkItem],
) -> WorkQueue:
    """Count what waits in all, then read the first ``limit`` in deadline order."""
    total = await session.scalar(
        select(func.count()).select_from(statement.where(*where).subquery())
    )
    rows = (await session.execute(statement.where(*where).order_by(*order).limit(limit))).all()
    return WorkQueue(name=name, total=int(total or 0), items=[to_item(*row) for row in rows])


async def office_queues(
    ctx: ServiceContext, principal: Principal, *, limit: int = 20
) -> list[WorkQueue]:
    """The queues the signed-in office works, in :data:`QUEUES` order (only its own)."""
    if principal.role not in _OFFICES or principal.organisation_id is None:
        raise NotAuthorized("work queues are an office's: sign in as its official")
    if not 1 <= limit <= MAX_ITEMS:
        raise InvalidInput(f"limit runs from 1 to {MAX_ITEMS}", field="limit")
    org = principal.organisation_id
    now = ctx.now()
    today = now.date()
    queues: list[WorkQueue] = []
    async with ctx.uow(read_only=True) as uow:
        session = uow.session
        if principal.role is Role.CAC_OFFICIAL:
            programmes = [
                pid
                for pid, region in await session.execute(
                    select(m.AwardProgramme.id, m.AwardProgramme.region_code)
                )
                if region == NATIONAL or acts_in(principal, region)
            ]
            queues.append(
                await _queue(
                    session,
                    "awardsToVerify",
                    select(
                        m.AwardGrant.public_id,
                        m.Creator.public_id,
                        m.Creator.name,
                        m.AwardProgramme.code,
                        m.AwardGrant.state,
                        m.AwardGrant.created_at,
                    )
                    .join(m.AwardProgramme, m.AwardProgramme.id == m.AwardGrant.programme_id)
                    .join(m.Creator, m.Creator.id == m.AwardGrant.creator_id),
                    [
                        m.AwardGrant.programme_id.in_(programmes),
                        m.AwardGrant.state.in_([AwardState.CLAIMED, AwardState.UNDER_VERIFICATION]),
                    ],
                    [m.AwardGrant.created_at, m.AwardGrant.id],
                    limit,
                    lambda rid, cid, name, code, state, _at: WorkItem(
                        rid, cid, name, code, state.value, None
                    ),
                )
            )
        if principal.role in {Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL}:
            queues.append(
                await _queue(
                    session,
                    "provisionalDue",
                    select(
                        m.EligibilityDecision.public_id,
                        m.Creator.public_id,
                        m.Creator.name,
                        m.EligibilityDecision.programme_code,
                        m.EligibilityDecision.state,
                        m.EligibilityDecision.documents_due,
                    ).join(m.Creator, m.Creator.id == m.EligibilityDecision.creator_id),
                    [
                        m.EligibilityDecision.organisation_id == org,
                        m.EligibilityDecision.outcome == DecisionOutcome.PROVISIONAL,
                        m.EligibilityDecision.state == DecisionState.ACTIVE,
                        m.EligibilityDecision.documents_due
                        <= today + timedelta(days=PROVISIONAL_DAYS),
                    ],
                    [m.EligibilityDecision.documents_due, m.EligibilityDecision.id],
                    limit,
                    lambda rid, cid, name, code, state, due: WorkItem(
                        rid, cid, name, code, state.value, due
                    ),
                )
            )
        queues.append(
            await _queue(
                session,
                "credentialsExpiring",
                select(
                    m.Credential.public_id,
                    m.Creator.public_id,
                    m.Creator.name,
                    m.Credential.kind,
                    m.Credential.status,
                    m.Credential.valid_until,
                ).join(m.Creator, m.Creator.id == m.Credential.creator_id),
                [
                    m.Credential.organisation_id == org,
                    m.Credential.status == CredentialStatus.ACTIVE,
                    m.Credential.valid_until > now,
                    m.Credential.valid_until <= now + timedelta(days=EXPIRY_DAYS),
                ],
                [m.Credential.valid_until, m.Credential.id],
                limit,
                lambda rid, cid, name, kind, status, until: WorkItem(
                    rid, cid, name, kind.name, status.value, _day(until)
                ),
            )
        )
        if principal.role is Role.TALENT_OFFICIAL:
            queues.append(
                await _queue(
                    session,
                    "recognitionsPending",
                    select(
                        m.Recognition.public_id,
                        m.Creator.public_id,
                        m.Creator.name,
                        m.Recognition.cluster_code,
                        m.Recognition.state,
                        m.Recognition.created_at,
                    ).join(m.Creator, m.Creator.id == m.Recognition.creator_id),
                    [
                        m.Recognition.region_code == principal.region_code,
                        m.Recognition.state == RecognitionState.PENDING,
                    ],
                    [m.Recognition.created_at, m.Recognition.id],
                    limit,
                    lambda rid, cid, name, code, state, _at: WorkItem(
                        rid, cid, name, code, state.value, None
                    ),
                )
            )
    return queues


def _day(moment: datetime) -> date:
    """The last day a credential is valid through (its end is exclusive)."""
    return (moment.astimezone(UTC) - timedelta(microseconds=1)).date()
