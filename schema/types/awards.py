"""Award programmes (正能量精品, 银鸽奖, district honours…) and grants to creators or works."""

from __future__ import annotations

from datetime import date

import strawberry

from registry.domain import awards as domain

from ..context import Info
from ..fields import field
from ..relay import Node, global_id
from .audit import HISTORY, HistoryEntry, record_history
from .enums import AwardGrade, AwardKind, AwardLevel, AwardState

__all__ = ["AwardGrant", "AwardProgramme"]


@strawberry.type(description="An award or honour programme, with its organiser and level.")
class AwardProgramme:
    code: str
    name: str
    organiser: str
    level: AwardLevel
    region_code: str
    is_award: bool = strawberry.field(description="False for talent projects such as 揭榜挂帅.")
    kind: AwardKind = strawberry.field(
        description="What the programme grants: eligibility programmes say which kinds count."
    )

    @classmethod
    def from_domain(cls, programme: domain.AwardProgramme) -> AwardProgramme:
        return cls(
            code=programme.code,
            name=programme.name,
            organiser=programme.organiser,
            level=programme.level,
            region_code=programme.region_code,
            is_award=programme.is_award,
            kind=programme.kind,
        )


@strawberry.type(
    description="A grant of an award: CLAIMED → UNDER_VERIFICATION → VERIFIED | REJECTED; "
    "VERIFIED → RESCINDED."
)
class AwardGrant(Node):
    programme_code: str
    level: AwardLevel
    edition: int = strawberry.field(description="Edition year.")
    category: str | None = strawberry.field(description="Work category or track.")
    grade: AwardGrade
    creator_id: strawberry.ID | None
    work_id: strawberry.ID | None
    recommended_by: str | None
    awarded_on: date | None
    evidence_doc_no: str | None
    evidence_url: str | None
    state: AwardState
    reason: str | None

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "award", self.id)

    @classmethod
    def from_domain(cls, grant: domain.AwardGrant) -> AwardGrant:
        return cls(
            id=global_id("AwardGrant", grant.id),
            programme_code=grant.programme,
            level=grant.level,
            edition=grant.edition_year,
            category=grant.category,
            grade=grant.grade,
            creator_id=None if grant.creator_id is None else global_id("Creator", grant.creator_id),
            work_id=None if grant.work_id is None else global_id("Work", grant.work_id),
            recommended_by=grant.recommended_by,
            awarded_on=grant.granted_on,
            evidence_doc_no=grant.evidence_doc_no,
            evidence_url=grant.evidence_url,
            state=grant.state,
            reason=grant.reason,
        )
