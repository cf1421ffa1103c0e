"""Skill certificates (DOMAIN §3): levels, occupations as data, filings and certificate numbers.

The 全媒体运营师 rules: occupation 4-13-01-05; levels L4–L1 only; five directions, of which
数据分析 (DATA_ANALYSIS) only at L3 and above; applicants at least 16. A certificate number
is 22 characters ``^[YS]\\d{21}$`` whose positions 1–13 equal the issuing filing's prefix,
14–15 the issue year and 16 the level digit. Legacy 16-digit numbers are accepted on import only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ..errors import ErrorCode, InvalidInput, NotAuthorized
from .enums import FilingScope, FilingState, InstitutionCategory

__all__ = [
    "FILING_TRANSITIONS",
    "OMNI_MEDIA_OPERATOR",
    "CertificateNumber",
    "Direction",
    "Filing",
    "Occupation",
    "SkillCertificate",
    "SkillLevel",
    "check_certificate_number",
    "check_filing_covers",
    "check_scores",
    "check_skill",
    "filing_prefix",
    "parse_certificate_number",
]


class SkillLevel(StrEnum):
    """The vocational skill ladder; the ladder is open beyond what one occupation allows."""

    L5 = "L5"  # 五级/初级工
    L4 = "L4"  # 四级/中级工
    L3 = "L3"  # 三级/高级工
    L2 = "L2"  # 二级/技师
    L1 = "L1"  # 一级/高级技师
    SPECIAL = "SPECIAL"  # 特级技师 (since 2022)
    CHIEF = "CHIEF"  # 首席技师 (since 2022)

    @property
    def rank(self) -> int:
        """Larger is more senior: L5 = 1 … L1 = 5, then 特级技师, 首席技师."""
        return list(SkillLevel).index(self) + 1

    @property
    def digit(self) -> str | None:
        """The level digit of a certificate number (position 16)."""
        return self.value[1] if self.value.startswith("L") else None


class Direction(StrEnum):
    """全媒体运营师 directions (工种/职业方向)."""

    CREATIVE_PLANNING = "CREATIVE_PLANNING"  # 创意策划
    AUDIOVISUAL_OPS = "AUDIOVISUAL_OPS"  # 视听运营
    LIVESTREAM_OPS = "LIVESTREAM_OPS"  # 直播运营
    TRAFFIC_OPS = "TRAFFIC_OPS"  # 流量运营
    DATA_ANALYSIS = "DATA_ANALYSIS"  # 数据分析


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    name: str
    levels: tuple[SkillLevel, ...]
    directions: tuple[str, ...] = ()
    direction_min_level: dict[str, SkillLevel] = field(default_factory=dict)
    pass_mark: int = 60
    min_age: int = 16


OMNI_MEDIA_OPERATOR = Occupation(
    code="4-13-01-05",
    name="全媒体运营师",
    levels=(SkillLevel.L4, SkillLevel.L3, SkillLevel.L2, SkillLevel.L1),
    directions=tuple(d.value for d in Direction),
    direction_min_level={Direction.DATA_ANALYSIS.value: SkillLevel.L3},
)


def check_skill(occupation: Occupation, level: SkillLevel, direction: str | None) -> None:
    if level not in occupation.levels:
        raise InvalidInput(
            f"{occupation.name} is certified at {', '.join(occupation.levels)} only",
            code=ErrorCode.INVALID_LEVEL,
            field="level",
        )
    if direction is None:
        return
    if direction not in occupation.directions:
        raise InvalidInput(
            f"{direction} is not a direction of {occupation.name}",
            code=ErrorCode.INVALID_DIRECTION,
            field="direction",
        )
    minimum = occupation.direction_min_level.get(direction)
    if minimum is not None and level.rank < minimum.rank:
        raise InvalidInput(
            f"{direction} is certified at {minimum} and above only",
            code=ErrorCode.INVALID_DIRECTION,
            field="direction",
        )


def check_scores(occupation: Occupation, level: SkillLevel, scores: dict[str, int]) -> None:
    """Theory and practical scores, plus a comprehensive review at L2 and above; each 0–100."""
    for name, score in scores.items():
        if not 0 <= score <= 100:
            raise InvalidInput("scores lie in 0–100", field=name)
        if score < occupation.pass_mark:
            raise InvalidInput(
                f"{name} is below the pass mark", code=ErrorCode.SCORE_BELOW_PASS, field=name
            )
    if scores and level.rank >= SkillLevel.L2.rank and "review_score" not in scores:
        raise InvalidInput("L2 and L1 need a comprehensive review score", field="review_score")


_NUMBER = re.compile(r"[YS]\d{21}")
_LEGACY = re.compile(r"\d{16}")
_PREFIX = re.compile(r"[YS]\d{12}")


@dataclass(frozen=True, slots=True)
class CertificateNumber:
    text: str

    @property
    def prefix(self) -> str:
        return self.text[:13]

    @property
    def category(self) -> InstitutionCategory:
        return InstitutionCategory(self.text[0])

    @property
    def institution_code(self) -> str:
        return self.text[1:5]

    @property
    def province_code(self) -> str:
        return self.text[5:7]

    @property
    def year(self) -> str:
        return self.text[13:15]

    @property
    def level_digit(self) -> str:
        return self.text[15]

    @property
    def serial(self) -> str:
        return self.text[16:]


def _bad_number(message: str) -> InvalidInput:
    return InvalidInput(message, code=ErrorCode.INVALID_CERTIFICATE_NUMBER, field="number")


def parse_certificate_number(text: str) -> CertificateNumber:
    text = text.strip().upper()
    if not _NUMBER.fullmatch(text):
        raise _bad_number("a certificate number is Y or S followed by 21 digits")
    return CertificateNumber(text)


def check_certificate_number(
    text: str, *, prefix: str, issued_on: date, level: SkillLevel, legacy_allowed: bool = False
) -> str:
    """The number, checked against the issuing filing's prefix, the issue year and level."""
    text = text.strip().upper()
    if _LEGACY.fullmatch(text):
        if not legacy_allowed:
            raise _bad_number("legacy 16-digit numbers are accepted on import only")
        return text
    number = parse_certificate_number(text)
    if number.prefix != prefix:
        raise _bad_number("positions 1–13 must equal the issuing filing's prefix")
    if number.year != f"{issued_on.year % 100:02d}":
        raise _bad_number("positions 14–15 must be the year of issue")
    if level.digit is None or number.level_digit != level.digit:
        raise _bad_number("position 16 must be the level digit")
    return text


def filing_prefix(
    category: InstitutionCategory,
    institution_code: str,
    province_code: str,
    site_serial: str,
    scope: FilingScope,
) -> str:
    """Positions 1–13 of every certificate number issued under a filing."""
    prefix = f"{category.value}{institution_code}{province_code}{site_serial}"
    if not _PREFIX.fullmatch(prefix):
        raise InvalidInput(
            "institution code (4), province code (2) and site serial (6) are digits",
            field="institution_code",
        )
    if (scope is FilingScope.PROVINCIAL) != (institution_code == "0000"):
        raise InvalidInput(
            "institution code is 0000 exactly when filed with a province", field="institution_code"
        )
    return prefix


@dataclass(frozen=True, slots=True)
class Filing:
    """An evaluation institution's filing (备案): what it may certify, where and when."""

    id: str
    organisation: str
    occupation_code: str
    directions: tuple[str, ...]
    levels: tuple[SkillLevel, ...]
    scope: FilingScope
    province_code: str
    category: InstitutionCategory
    prefix: str
    valid_from: date
    valid_until: date
    state: FilingState


# A suspended filing may be reinstated; a withdrawn one is final (renewal is not a state
# change: it extends the term of a filing not withdrawn).
FILING_TRANSITIONS: dict[tuple[FilingState, str], FilingState] = {
    (FilingState.ACTIVE, "suspend"): FilingState.SUSPENDED,
    (FilingState.SUSPENDED, "reinstate"): FilingState.ACTIVE,
    (FilingState.ACTIVE, "withdraw"): FilingState.WITHDRAWN,
    (FilingState.SUSPENDED, "withdraw"): FilingState.WITHDRAWN,
}


def _outside(message: str, field: str) -> NotAuthorized:
    return NotAuthorized(message, code=ErrorCode.OUTSIDE_FILING, field=field)


def check_filing_covers(
    filing: Filing, *, occupation_code: str, level: SkillLevel, direction: str | None, on: date
) -> None:
    """Refuse a certificate outside the filing's occupation, levels, directions or term."""
    if filing.state is not FilingState.ACTIVE:
        raise _outside(f"the filing is {filing.state}", "filing_id")
    if not filing.valid_from <= on <= filing.valid_until:
        raise _outside("the issue date lies outside the filing's term", "issued_on")
    if occupation_code != filing.occupation_code:
        raise _outside("the filing does not cover this occupation", "occupation_code")
    if level not in filing.levels:
        raise _outside("the filing does not cover this level", "level")
    if direction is not None and direction not in filing.directions:
        raise _outside("the filing does not cover this direction", "direction")


@dataclass(frozen=True, slots=True)
class SkillCertificate:
    id: str
    number: str
    creator_id: str
    filing_id: str
    organisation: str
    occupation_code: str
    direction: str | None
    level: SkillLevel
    issued_on: date
    legacy: bool
