"""Award programmes and grants (DOMAIN §2): the grant's states and the seeded programmes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import Conflict, ErrorCode
from .enums import AwardGrade, AwardLevel, AwardState

__all__ = [
    "AWARD_TRANSITIONS",
    "PROGRAMMES",
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
    following = AWARD_TRANSITIONS.get((current, action))
    if following is None:
        raise Conflict(f"a {current} award cannot {action}", code=ErrorCode.INVALID_STATE)
    return following


@dataclass(frozen=True, slots=True)
class AwardProgramme:
    code: str
    name: str
    organiser: str
    level: AwardLevel
    region_code: str
    is_award: bool = True  # False for talent projects such as 揭榜挂帅


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


PROGRAMMES: tuple[AwardProgramme, ...] = (
    AwardProgramme(
        "CN_POSITIVE_ENERGY", "中国正能量网络精品", "中央网信办", AwardLevel.NATIONAL, "000000"
    ),
    AwardProgramme(
        "SH_SILVER_DOVE", "银鸽奖", "上海市委外宣办", AwardLevel.PROVINCIAL_MUNICIPAL, "310000"
    ),
    AwardProgramme(
        "SH_JOURNALISM",
        "上海新闻奖",
        "市委宣传部 / 市记协",
        AwardLevel.PROVINCIAL_MUNICIPAL,
        "310000",
    ),
    AwardProgramme(
        "SH_CONTENT_REWARD",
        "上海市优质内容单项奖励",
        "市委宣传部 / 网信办",
        AwardLevel.PROVINCIAL_MUNICIPAL,
        "310000",
    ),
    AwardProgramme(
        "YP_TRACK_HONOR", "杨浦区创作者分赛道荣誉", "杨浦区", AwardLevel.DISTRICT, "310110"
    ),
    AwardProgramme(
        "HZ_PREMIUM_LIBRARY", "海珠精品内容库", "海珠区委宣传部", AwardLevel.DISTRICT, "440105"
    ),
    AwardProgramme(
        "GZ_JIEBANG",
        "广州宣传思想文化人才揭榜挂帅",
        "广州市委宣传部",
        AwardLevel.PROVINCIAL_MUNICIPAL,
        "440100",
        is_award=False,
    ),
)
