"""The facts about one creator that eligibility criteria read.

Every field is optional: ``None`` (or a key missing from a mapping) means the registry does not
know it, and any predicate over it evaluates to UNKNOWN. An empty tuple is knowledge: "holds
no awards" is not the same as "awards not yet looked up".

Record ids (``record_id``, :attr:`CreatorFacts.sources`) let an explanation point at the
registry rows used as evidence; the engine never interprets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

__all__ = [
    "AWARD_LEVEL_RANK",
    "SKILL_LEVEL_RANK",
    "AwardFact",
    "AwardLevel",
    "AwardState",
    "CreatorFacts",
    "Origin",
    "PlatformAccountFact",
    "RecognitionFact",
    "RecognitionState",
    "SkillCertificateFact",
]


class Origin(StrEnum):
    DOMESTIC = "DOMESTIC"  # 国内
    HMT = "HMT"  # 港澳台
    FOREIGN = "FOREIGN"  # 外籍


class AwardLevel(StrEnum):
    INTERNATIONAL = "INTERNATIONAL"  # 国际级
    NATIONAL = "NATIONAL"  # 国家级
    PROVINCIAL_MUNICIPAL = "PROVINCIAL_MUNICIPAL"  # 省市级
    DISTRICT = "DISTRICT"  # 区级
    INDUSTRY = "INDUSTRY"  # 行业级


# Smaller is higher, so "at least NATIONAL" means rank <= AWARD_LEVEL_RANK["NATIONAL"].
AWARD_LEVEL_RANK: Mapping[str, int] = MappingProxyType(
    {level.value: rank for rank, level in enumerate(AwardLevel)}
)

# The general skill ladder, highest first: 首席技师, 特级技师, 一级/高级技师 … 五级/初级工.
# Open on purpose (特级技师 and 首席技师 were added in 2022); a programme decides which levels
# it accepts.
SKILL_LEVEL_RANK: Mapping[str, int] = MappingProxyType(
    {"CHIEF": -1, "SPECIAL": 0, "L1": 1, "L2": 2, "L3": 3, "L4": 4, "L5": 5}
)


class AwardState(StrEnum):
    CLAIMED = "CLAIMED"
    UNDER_VERIFICATION = "UNDER_VERIFICATION"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"
    RESCINDED = "RESCINDED"


class RecognitionState(StrEnum):
    """认定: a district's recognition of a certified high-quality content creator."""

    PENDING = "PENDING"
    RECOGNISED = "RECOGNISED"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    NOT_RECOGNISED = "NOT_RECOGNISED"


@dataclass(frozen=True, slots=True)
class AwardFact:
    """One award, honour, competition result or commendation granted to the creator.

    ``kind`` separates awards from competition results (技能竞赛), government commendations
    (表彰) and talent projects such as 揭榜挂帅, which some criteria treat differently.
    A claim not yet verified can make a criterion UNKNOWN, never MET.
    """

    code: str
    level: str
    year: int
    grade: str | None = None
    awarded_on: date | None = None
    state: str = AwardState.VERIFIED
    kind: str = "AWARD"
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class PlatformAccountFact:
    """A platform account's standing: ``percentile`` is the top share, 1.0 = top 1 %."""

    platform: str
    percentile: float | None
    measured_on: date | None
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class SkillCertificateFact:
    """A valid skill certificate (its filing already checked by the registry)."""

    occupation: str
    level: str
    direction: str | None = None
    issued_on: date | None = None
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class RecognitionFact:
    region: str
    state: str
    record_id: str | None = None


@dataclass(frozen=True, slots=True)
class CreatorFacts:
    """What the registry knows about one creator, as of the evaluation date.

    Mappings are keyed by administrative division code (``"310000"`` Shanghai, ``"310110"``
    Yangpu, ``"440100"`` Guangzhou, ``"440105"`` Haizhu) or by subsidy code
    (``"TAX_DIFFERENTIAL"`` 个税差额补贴, ``"KEY_INDUSTRY_REWARD"`` 重点产业奖励); a missing key
    is unknown. ``sources`` maps a scalar fact's name to the record that attests it.
    """

    creator_id: str | None = None
    origin: str | None = None
    birth_date: date | None = None
    age: int | None = None  # used only when birth_date is unknown
    years_to_retirement: float | None = None  # to the statutory retirement age
    hukou_city: str | None = None
    lawful_residence_city: str | None = None
    employer_city: str | None = None  # city of the employer holding the labour contract
    employer_on_key_list: bool | None = None  # listed key institution / 重点机构名录
    annual_salary: int | None = None  # CNY before tax
    years_of_experience: float | None = None  # in the occupation or a related one
    assessment_direction: str | None = None  # direction applied for (职业方向)
    months_in_district_per_year: Mapping[str, int] = field(default_factory=dict)
    social_insurance_months: Mapping[str, int] = field(default_factory=dict)
    subsidies_received: Mapping[str, bool] = field(default_factory=dict)
    first_home_in: Mapping[str, bool] = field(default_factory=dict)
    awards: tuple[AwardFact, ...] | None = None
    platform_accounts: tuple[PlatformAccountFact, ...] | None = None
    skill_certificates: tuple[SkillCertificateFact, ...] | None = None
    recognitions: tuple[RecognitionFact, ...] | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return self.age
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
