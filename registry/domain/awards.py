"""Award programmes and grants (DOMAIN §2): the grant's states and their transitions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .enums import AwardGrade, AwardKind, AwardLevel, AwardState
from .transitions import next_state

__all__ = [
    "AWARD_TRANSITIONS",
    "AwardGrant",
    "AwardProgramme",
    "next_award_state",
]

# CLAIMED → UNDER_VERIFICATION → VERIFIED | REJECTED; VERIFIED → RESCINDED.
AWARD_TRANSITIONS: dict[tuple[AwardState, str], AwardState] = {
    (AwardState.CLAIMED, "start_verification"): AwardState.UNDER_VERIFICATION,
    (AwardState.UNDER_VERIFICATION, "verify"): AwardState.VERIFIED,
    (AwardState.UNDER_VERIFICATION, "reject"): AwardState.REJECTED,
    (AwardState.VERIFIED, "rescind"): AwardState.RESCINDED,
}


def next_award_state(current: AwardState, action: str) -> AwardState:
    return next_state(AWARD_TRANSITIONS, current, action, what="award")


@dataclass(frozen=True, slots=True)
class AwardProgramme:
    code: str
    name: str
    organiser: str
    level: AwardLevel
    region_code: str
    is_award: bool = True  # False for talent projects such as 揭榜挂帅
    kind: AwardKind = AwardKind.AWARD


@dataclass(frozen=True, slots=True)
class AwardGrant:
    id: str
    programme: str
    level: AwardLevel
    edition_year: int
    category: str | None
    grade: AwardGrade
    creator_id: str | None
    work_id: str | None
    recommended_by: str | None
    granted_on: date | None
    evidence_doc_no: str | None
    evidence_url: str | None
    state: AwardState
    reason: str | None
