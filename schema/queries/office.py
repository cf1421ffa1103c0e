"""``dashboard``: the signed-in office's figures by month (services/dashboard.py)."""

from __future__ import annotations

import strawberry

from registry.errors import DomainError
from registry.services import dashboard

from ..context import Info
from ..errors import public_error
from ..fields import field

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
