"""Read models of eligibility programmes and decisions, as the services return them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .credentials import IssuedCredential
from .enums import DecisionOutcome, DecisionState

__all__ = [
    "ApartmentStayRecord",
    "EligibilityDecision",
    "ProgrammeTierInfo",
    "ProgrammeVersionInfo",
    "RecordedDecision",
    "SubsidyPeriodApproval",
]


@dataclass(frozen=True, slots=True)
class ProgrammeTierInfo:
    code: str
    name_zh: str
    name_en: str
    favourability: int


@dataclass(frozen=True, slots=True)
class ProgrammeVersionInfo:
    """One published version of an eligibility programme."""

    code: str
    version: int
    digest: str
    name_zh: str
    name_en: str
    jurisdiction_level: str
    region_code: str | None
    dedup_group: str
    effective_from: date
    effective_until: date | None
    provisional_max_days: int | None
    tiers: tuple[ProgrammeTierInfo, ...]
    published_by: str
    published_at: datetime
    # The source document it models (provenance): title, issuing body, number, issue date.
    source_title_zh: str = ""
    source_title_en: str = ""
    source_issuer_zh: str = ""
    source_issuer_en: str = ""
    source_document_number: str | None = None
    source_published_on: date | None = None


@dataclass(frozen=True, slots=True)
class EligibilityDecision:
    """A recorded decision: who, under which programme version, what, why, and where it stands.

    ``evaluation`` is the engine's record of the evaluation made on the decision date (with
    the explanation tree); ``schedules`` the monthly subsidy periods it opened.
    """

    id: str
    creator_id: str
    programme_code: str
    programme_version: int
    programme_digest: str
    region_code: str | None
    tier: str | None
    outcome: DecisionOutcome
    state: DecisionState
    reason: str
    decided_by: str
    organisation: str
    decided_on: date
    documents_due: date | None
    benefits: tuple[str, ...]
    schedules: tuple[dict[str, Any], ...]
    evaluation: dict[str, Any]
    superseded_by: str | None
    ended_reason: str | None
    credential_id: str | None
    created_at: datetime
    updated_at: datetime
    # The sum approved per capped benefit: {"benefit", "approved", "cap", "monthly"}.
    amounts: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class RecordedDecision:
    decision: EligibilityDecision
    credential: IssuedCredential | None
    superseded: tuple[str, ...] = ()  # ids of the grants this decision replaced


@dataclass(frozen=True, slots=True)
class ApartmentStayRecord:
    """A talent-apartment stay taken under a decision, counted against the yearly limit."""

    id: str
    decision_id: str
    benefit_code: str
    starts_on: date
    days: int
    event: str
    non_commercial: bool
    evidence_ref: str | None
    recorded_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SubsidyPeriodApproval:
    """One month of a monthly subsidy approved for payment under a decision."""

    id: str
    decision_id: str
    benefit_code: str
    number: int  # 1-based, counted from the subsidy's start
    start: date
    end: date
    amount: int
    programme_version: int  # whose policy window was checked
    approved_by: str
    approved_at: datetime
