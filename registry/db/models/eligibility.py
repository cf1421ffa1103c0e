"""Eligibility: published programme versions, declared creator facts, recorded decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.enums import DecisionOutcome, DecisionState
from ..base import BIGINT_PK, Base
from .creators import Creator
from .orgs import Organisation

__all__ = [
    "ApartmentStay",
    "CreatorFactsRecord",
    "EligibilityDecision",
    "ProgrammeVersion",
    "SubsidyPeriodRecord",
]


class ProgrammeVersion(Base):
    """The programme document exactly as published; decisions point at the version they used."""

    __tablename__ = "eligibility_programme_versions"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    code: Mapped[str] = mapped_column(String(24))
    version: Mapped[int]
    region_code: Mapped[str | None] = mapped_column(String(6))
    document: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime]

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "region": self.region_code,
            "digest": self.digest,
        }


class CreatorFactsRecord(Base):
    """Facts the registry holds no other record of (hukou city, social insurance months, …),
    recorded by an official, with the document attesting each."""

    __tablename__ = "creator_facts"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), unique=True)
    facts: Mapped[dict[str, Any]]
    sources: Mapped[dict[str, Any]]
    recorded_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    updated_at: Mapped[datetime]

    def audit_snapshot(self) -> dict[str, Any]:
        return {"creator": self.creator_id, "facts": self.facts, "sources": self.sources}


class EligibilityDecision(Base):
    __tablename__ = "eligibility_decisions"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    programme_version_id: Mapped[int] = mapped_column(
        ForeignKey("eligibility_programme_versions.id"), index=True
    )
    programme_code: Mapped[str] = mapped_column(String(24))
    programme_version: Mapped[int]
    programme_digest: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str | None] = mapped_column(String(6))
    tier: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[DecisionOutcome]
    state: Mapped[DecisionState]
    reason: Mapped[str] = mapped_column(String(500))
    decided_by: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    decided_on: Mapped[date]
    documents_due: Mapped[date | None]
    benefits: Mapped[list[str]]
    schedules: Mapped[list[Any]] = mapped_column(JSON)
    # {"benefit", "approved", "cap", "monthly"} per capped benefit: the sum approved, ≤ cap.
    amounts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    evaluation: Mapped[dict[str, Any]]
    evidence: Mapped[list[str]]  # every record id the evaluation cited
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("eligibility_decisions.id"))
    ended_reason: Mapped[str | None] = mapped_column(String(500))
    # The recognition whose suspension suspended this grant: its reinstatement restores it.
    suspended_by: Mapped[str | None] = mapped_column(String(32))
    credential_id: Mapped[int | None] = mapped_column(ForeignKey("credentials.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "creator": self.creator_id,
            "programme": f"{self.programme_code}@{self.programme_version}",
            "digest": self.programme_digest,
            "tier": self.tier,
            "outcome": self.outcome.value,
            "state": self.state.value,
            "decided_on": self.decided_on.isoformat(),
            "documents_due": None if self.documents_due is None else self.documents_due.isoformat(),
            "reason": self.reason,
            "superseded_by": self.superseded_by_id,
            "ended_reason": self.ended_reason,
            "credential": self.credential_id,
        }


class SubsidyPeriodRecord(Base):
    """One approved month of a monthly subsidy: each period is checked against the policy
    window in force when it is approved, and approved at most once."""

    __tablename__ = "subsidy_periods"
    __table_args__ = (UniqueConstraint("decision_id", "benefit_code", "number"),)

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("eligibility_decisions.id"), index=True)
    benefit_code: Mapped[str] = mapped_column(String(40))
    number: Mapped[int]
    period_start: Mapped[date]
    period_end: Mapped[date]
    amount: Mapped[int]
    # The programme version whose policy window the period was checked against.
    programme_version: Mapped[int]
    approved_by: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    approved_at: Mapped[datetime]

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "decision": self.decision_id,
            "benefit": self.benefit_code,
            "number": self.number,
            "start": self.period_start.isoformat(),
            "end": self.period_end.isoformat(),
            "amount": self.amount,
            "programme_version": self.programme_version,
        }


class ApartmentStay(Base):
    """One free talent-apartment stay taken under a decision (优享计划: YOUNG人才公寓, up to
    5 days, twice a year, for non-commercial major events): what the yearly limit counts."""

    __tablename__ = "apartment_stays"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("eligibility_decisions.id"), index=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    benefit_code: Mapped[str] = mapped_column(String(40))
    starts_on: Mapped[date]
    days: Mapped[int]
    event: Mapped[str] = mapped_column(String(200))
    # Checked, never assumed: the official attests the event is non-commercial, with evidence.
    non_commercial: Mapped[bool]
    evidence_ref: Mapped[str | None] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime]

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "decision": self.decision_id,
            "benefit": self.benefit_code,
            "starts_on": self.starts_on.isoformat(),
            "days": self.days,
            "event": self.event,
            "non_commercial": self.non_commercial,
            "evidence": self.evidence_ref,
        }
