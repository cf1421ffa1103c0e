"""Programmes as data: the policy, its tiers, their criteria and their benefits.

A programme is one version of one support scheme as issued by one policy document. Its tiers
are ordered most favourable first; each tier has a criterion tree and the benefits it opens.
Nothing here holds a threshold of its own: every figure comes from a programme file
(``registry/policy/*.json``, read by :mod:`registry.eligibility.loader`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from signing.vocabulary import Label

__all__ = [
    "AllOf",
    "AmountRule",
    "AnyOf",
    "Benefit",
    "BenefitType",
    "ConfigurableFigure",
    "Criterion",
    "JurisdictionLevel",
    "Label",
    "Not",
    "ParamValue",
    "PolicySource",
    "Predicate",
    "Programme",
    "ProvisionalRule",
    "Tier",
]

ParamValue = int | float | str | bool | tuple[str, ...]


class JurisdictionLevel(StrEnum):
    NATIONAL = "NATIONAL"  # 国家
    MUNICIPAL = "MUNICIPAL"  # 市级
    DISTRICT = "DISTRICT"  # 区级


class BenefitType(StrEnum):
    RENT_SUBSIDY = "RENT_SUBSIDY"  # 租房补贴
    PURCHASE_SUBSIDY = "PURCHASE_SUBSIDY"  # 购房补贴
    SALARY_REWARD = "SALARY_REWARD"  # 薪酬奖励
    HUKOU = "HUKOU"  # 落户
    FACILITATION = "FACILITATION"  # 出入境、工作许可便利
    GREEN_CARD = "GREEN_CARD"  # 人才绿卡
    APARTMENT_STAY = "APARTMENT_STAY"  # 人才公寓短住
    ASSESSMENT = "ASSESSMENT"  # 职业技能等级认定申报


@dataclass(frozen=True, slots=True)
class Predicate:
    """A test of one fact: ``op`` names an operator of :mod:`registry.eligibility.predicates`."""

    op: str
    params: tuple[tuple[str, ParamValue], ...] = ()
    label: Label | None = None  # overrides the operator's sentence

    def param(self, name: str, default: ParamValue | None = None) -> ParamValue | None:
        for key, value in self.params:
            if key == name:
                return value
        return default


@dataclass(frozen=True, slots=True)
class AllOf:
    children: tuple[Criterion, ...]
    label: Label | None = None


@dataclass(frozen=True, slots=True)
class AnyOf:
    children: tuple[Criterion, ...]
    label: Label | None = None


@dataclass(frozen=True, slots=True)
class Not:
    child: Criterion
    label: Label | None = None


Criterion = AllOf | AnyOf | Not | Predicate

_WITH_COMMON = Label("满足共同条件及本档条件", "The common conditions and the tier's own")


@dataclass(frozen=True, slots=True)
class PolicySource:
    """The issuing policy. ``effective_until`` is the last day in force; None means open."""

    title: Label
    issuer: Label
    document_number: str | None
    jurisdiction_level: JurisdictionLevel
    region: str | None
    effective_from: date
    effective_until: date | None = None
    published_on: date | None = None  # the day the document was issued, when the sources say

    def cites(self, lang: str = "zh") -> str:
        """The source document as a citation: title, number, date."""
        en = lang == "en"
        parts = [self.title.en if en else f"《{self.title.zh}》"]
        if self.document_number:
            parts.append(self.document_number)
        if self.published_on is not None:
            parts.append(self.published_on.isoformat())
        return ", ".join(parts) if en else "，".join(parts)

    def in_force_on(self, day: date) -> bool:
        if day < self.effective_from:
            return False
        return self.effective_until is None or day <= self.effective_until


@dataclass(frozen=True, slots=True)
class AmountRule:
    """How much a benefit is worth; the fields used depend on the benefit.

    Monthly subsidies use ``monthly_amount`` and ``max_months``; one-off grants a
    ``one_off_cap``; salary rewards a percentage range; apartment stays days and times a year.
    """

    monthly_amount: int | None = None
    max_months: int | None = None
    one_off_cap: int | None = None
    percent_min: float | None = None
    percent_max: float | None = None
    max_days_per_stay: int | None = None
    stays_per_year: int | None = None

    @property
    def is_monthly(self) -> bool:
        return self.monthly_amount is not None

    @property
    def cap(self) -> int | None:
        """The most that may be approved: per month for a monthly subsidy, else once."""
        return self.monthly_amount if self.monthly_amount is not None else self.one_off_cap


@dataclass(frozen=True, slots=True)
class Benefit:
    """A benefit a tier opens; ``conditions`` are extra criteria for this benefit alone."""

    code: str
    type: BenefitType
    name: Label
    amount: AmountRule | None = None
    conditions: Criterion | None = None


@dataclass(frozen=True, slots=True)
class Tier:
    """One tier (or route). ``favourability`` ranks it against every tier of every programme
    in the same jurisdiction level and de-duplication group: higher wins (从高从优)."""

    code: str
    name: Label
    favourability: int
    criteria: Criterion
    benefits: tuple[Benefit, ...] = ()
    clause: Label | None = None  # the clause of the source document it models


@dataclass(frozen=True, slots=True)
class ProvisionalRule:
    """容缺受理: approval before every document is in, with a deadline of at most ``max_days``."""

    max_days: int


@dataclass(frozen=True, slots=True)
class ConfigurableFigure:
    """A figure no public source fixes (*configurable*): where it sits and why."""

    path: str
    value: str
    note: str


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Programme:
    """One version of a programme. ``digest`` is the SHA-256 of its canonical JSON document,
    so a recorded decision can name exactly the rules it was made under."""

    code: str
    version: int
    name: Label
    policy: PolicySource
    dedup_group: str
    tiers: tuple[Tier, ...]
    common_criteria: Criterion | None = None  # required by every tier, ANDed with its own
    common_benefits: tuple[Benefit, ...] = ()  # opened by whichever tier is reached
    provisional: ProvisionalRule | None = None
    configurable: tuple[ConfigurableFigure, ...] = ()
    digest: str = ""

    def tier(self, code: str) -> Tier:
        for tier in self.tiers:
            if tier.code == code:
                return tier
        raise KeyError(code)

    def criteria_of(self, tier: Tier) -> Criterion:
        """The tier's criteria together with the programme's common ones."""
        if self.common_criteria is None:
            return tier.criteria
        return AllOf((self.common_criteria, tier.criteria), _WITH_COMMON)

    def benefits_of(self, tier: Tier) -> tuple[Benefit, ...]:
        return tier.benefits + self.common_benefits

    def recommends(self, benefit: Benefit) -> bool:
        """True when this programme can only *recommend* the benefit: hukou (落户) is a
        municipal power, so a district programme's hukou benefit is a recommendation to the
        municipal authority, which decides."""
        return (
            benefit.type is BenefitType.HUKOU
            and self.policy.jurisdiction_level is JurisdictionLevel.DISTRICT
        )

    @property
    def dedup_key(self) -> tuple[JurisdictionLevel, str | None]:
        """The 从高从优不重复 scope: jurisdiction level and issuing jurisdiction."""
        return (self.policy.jurisdiction_level, self.policy.region)
