"""Award programmes (seeded) and grants with their verification states."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.enums import AwardGrade, AwardKind, AwardLevel, AwardState
from ..base import BIGINT_PK, Base
from .creators import Creator, Work
from .orgs import Organisation

__all__ = ["AwardGrant", "AwardProgramme"]


class AwardProgramme(Base):
    __tablename__ = "award_programmes"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200))
    level: Mapped[AwardLevel]
    region_code: Mapped[str] = mapped_column(String(6))
    is_award: Mapped[bool] = mapped_column(default=True)
    kind: Mapped[AwardKind] = mapped_column(default=AwardKind.AWARD)


class AwardGrant(Base):
    __tablename__ = "award_grants"
    __table_args__ = (
        CheckConstraint("creator_id IS NOT NULL OR work_id IS NOT NULL", name="has_recipient"),
    )

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("award_programmes.id"), index=True)
    edition_year: Mapped[int]
    category: Mapped[str | None] = mapped_column(String(100))
    grade: Mapped[AwardGrade]
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"), index=True)
    work_id: Mapped[int | None] = mapped_column(ForeignKey("works.id"), index=True)
    recommended_by: Mapped[str | None] = mapped_column(String(200))
    granted_on: Mapped[date | None]
    evidence_doc_no: Mapped[str | None] = mapped_column(String(100))
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[AwardState]
    reason: Mapped[str | None] = mapped_column(String(500))
    claimed_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    decided_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    programme: Mapped[AwardProgramme] = relationship(lazy="joined", innerjoin=True)
    creator: Mapped[Creator | None] = relationship(lazy="joined")
    work: Mapped[Work | None] = relationship(lazy="joined")
    decided_by: Mapped[Organisation | None] = relationship(lazy="joined")

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "programme": self.programme_id,
            "edition": self.edition_year,
            "category": self.category,
            "grade": self.grade.value,
            "creator": self.creator_id,
            "work": self.work_id,
            "evidence": self.evidence_doc_no,
            "state": self.state.value,
            "reason": self.reason,
            "decided_by": self.decided_by_org_id,
        }
