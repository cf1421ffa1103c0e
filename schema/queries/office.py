"""``dashboard`` and ``workQueues``: the signed-in office's figures by month
(services/dashboard.py) and what waits for it today (services/work_queues.py)."""

from __future__ import annotations

from datetime import date

import strawberry

from registry.errors import DomainError
from registry.services import dashboard, work_queues

from ..context import Info
from ..errors import public_error
from ..fields import field
from ..relay import global_id

__all__ = ["OfficeQueries"]


@strawberry.type(description="One measure, a count a month.")
class MonthlySeries:
    measure: str
    counts: list[int]


@strawberry.type
class ProgrammeCount:
    programme: str
    tier: str | None
    count: int


@strawberry.type
class PurposeCount:
    purpose: str
    count: int


@strawberry.type
class KindCount:
    kind: str
    count: int


@strawberry.type(description="An office's figures: counts only, its own records.")
class Dashboard:
    months: list[str] = strawberry.field(description="YYYY-MM, oldest first.")
    series: list[MonthlySeries]
    issued_by_kind: list[KindCount]
    decisions_by_programme: list[ProgrammeCount]
    verifications_by_purpose: list[PurposeCount]


# Which node type each queue lists.
_QUEUE_TYPES = {
    "awardsToVerify": "AwardGrant",
    "provisionalDue": "EligibilityDecision",
    "credentialsExpiring": "Credential",
    "recognitionsPending": "Recognition",
}


@strawberry.type(description="A record waiting for the office.")
class WorkItem:
    record_id: strawberry.ID = strawberry.field(
        description="The waiting record: an AwardGrant, EligibilityDecision, Credential or "
        "Recognition id."
    )
    creator_id: strawberry.ID
    creator_name: str
    subject: str = strawberry.field(
        description="What it is about: a programme, cluster or credential kind code."
    )
    state: str
    due: date | None = strawberry.field(
        description="The deadline it waits against: documents due, or the credential's expiry."
    )


@strawberry.type(description="One queue: how many records wait in all, and the first of them.")
class WorkQueue:
    name: str = strawberry.field(
        description="awardsToVerify, provisionalDue (容缺 documents due within 14 days), "
        "credentialsExpiring (within 30 days) or recognitionsPending."
    )
    total: int
    items: list[WorkItem]


@strawberry.type
class OfficeQueries:
    @field(description="The signed-in office's figures by month (at most 36 months).")
    async def dashboard(self, info: Info, months: int = 12) -> Dashboard:
        try:
            found = await dashboard.office_dashboard(
                info.context.registry, info.context.principal, months=months
            )
        except DomainError as exc:
            raise public_error(exc) from None
        return Dashboard(
            months=found.months,
            series=[MonthlySeries(measure=k, counts=v) for k, v in found.by_month.items()],
            issued_by_kind=[KindCount(kind=k, count=v) for k, v in found.issued_by_kind.items()],
            decisions_by_programme=[
                ProgrammeCount(programme=p, tier=t, count=c)
                for p, t, c in found.decisions_by_programme
            ],
            verifications_by_purpose=[
                PurposeCount(purpose=p, count=c) for p, c in found.verifications_by_purpose
            ],
        )

    @field(
        description="What waits for the signed-in office today, each queue earliest deadline "
        "first (at most 100 items a queue)."
    )
    async def work_queues(self, info: Info, limit: int = 20) -> list[WorkQueue]:
        try:
            found = await work_queues.office_queues(
                info.context.registry, info.context.principal, limit=limit
            )
        except DomainError as exc:
            raise public_error(exc) from None
        return [
            WorkQueue(
                name=queue.name,
                total=queue.total,
                items=[
                    WorkItem(
                        record_id=global_id(_QUEUE_TYPES[queue.name], item.record_id),
                        creator_id=global_id("Creator", item.creator_id),
                        creator_name=item.creator_name,
                        subject=item.subject,
                        state=item.state,
                        due=item.due,
                    )
                    for item in queue.items
                ],
            )
            for queue in found
        ]
