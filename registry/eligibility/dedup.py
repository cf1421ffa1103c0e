"""从高从优不重复: one entitlement per person and jurisdiction, the most favourable one.

When several provisions of one jurisdiction fit one person, only the most favourable is
granted and the others are recorded as suppressed, with the reason. The scope is fixed by the
rule, not by data: the person (evaluations are per creator), the jurisdiction level and the
issuing jurisdiction (``310000`` Shanghai, ``310110`` Yangpu). Municipal and district support
stack (Q&A #5), and two districts' packages never compete with each other; two municipal
provisions always do, whatever group their files name. A programme's ``dedup_group`` names its
scope in explanations, and the loader refuses two names for one scope (:func:`check_groups`),
so a file can never split a scope to let two provisions stack.
Favourability is data (each tier's ``favourability``); ties go to the smaller programme code so
the result never depends on input order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import EligibilityError
from .labels import REGIONS
from .model import JurisdictionLevel, Label
from .results import Evaluation, Outcome

__all__ = [
    "EligibilityReport",
    "Entitlement",
    "SuppressedEntitlement",
    "more_favourable",
    "no_duplication",
]

_LEVELS = {
    JurisdictionLevel.NATIONAL: Label("国家级", "national"),
    JurisdictionLevel.MUNICIPAL: Label("市级", "municipal"),
    JurisdictionLevel.DISTRICT: Label("区级", "district"),
}


@dataclass(frozen=True, slots=True)
class Entitlement:
    """A tier reached or granted, in the terms 从高从优不重复 compares."""

    programme_code: str
    programme_version: int
    programme_name: Label
    tier: str
    tier_name: Label
    favourability: int
    jurisdiction_level: JurisdictionLevel
    region: str | None
    dedup_group: str
    benefits: tuple[str, ...] = ()

    @property
    def group(self) -> tuple[JurisdictionLevel, str | None]:
        """The scope of 从高从优不重复 (for the one person evaluated): level and jurisdiction."""
        return (self.jurisdiction_level, self.region)

    @classmethod
    def of(cls, evaluation: Evaluation) -> Entitlement:
        """The entitlement an ELIGIBLE evaluation reached."""
        if evaluation.outcome is not Outcome.ELIGIBLE or evaluation.tier is None:
            raise EligibilityError(
                f"{evaluation.programme.code}: only an ELIGIBLE evaluation is an entitlement"
            )
        programme = evaluation.programme
        tier = programme.tier(evaluation.tier)
        return cls(
            programme_code=programme.code,
            programme_version=programme.version,
            programme_name=programme.name,
            tier=tier.code,
            tier_name=tier.name,
            favourability=tier.favourability,
            jurisdiction_level=programme.policy.jurisdiction_level,
            region=programme.policy.region,
            dedup_group=programme.dedup_group,
            benefits=evaluation.granted_benefits,
        )


@dataclass(frozen=True, slots=True)
class SuppressedEntitlement:
    entitlement: Entitlement
    by: Entitlement
    reason: Label
    code: str = "LESS_FAVOURABLE_IN_GROUP"


@dataclass(frozen=True, slots=True)
class EligibilityReport:
    """Every programme evaluated for one creator, and what may be granted together."""

    as_of: date
    evaluations: tuple[Evaluation, ...]
    entitlements: tuple[Entitlement, ...]
    suppressed: tuple[SuppressedEntitlement, ...]

    def evaluation(self, programme_code: str) -> Evaluation:
        for evaluation in self.evaluations:
            if evaluation.programme.code == programme_code:
                return evaluation
        raise KeyError(programme_code)


def more_favourable(a: Entitlement, b: Entitlement) -> bool:
    """Whether ``a`` wins over ``b`` in the same group."""
    return (a.favourability, b.programme_code, b.tier) > (
        b.favourability,
        a.programme_code,
        a.tier,
    )


def suppression_reason(suppressed: Entitlement, by: Entitlement) -> Label:
    level = _LEVELS[by.jurisdiction_level]
    where = REGIONS.get(by.region or "", Label(by.dedup_group, by.dedup_group))
    return Label(
        f"从高从优不重复：同一{level.zh}（{where.zh}）政策内已按更优的"
        f"「{by.programme_name.zh}·{by.tier_name.zh}」享受，"
        f"不再重复享受「{suppressed.programme_name.zh}·{suppressed.tier_name.zh}」",
        f"Highest benefit only, never twice: {by.programme_name.en} – {by.tier_name.en} is "
        f"more favourable among the {level.en} provisions of {where.en}, so "
        f"{suppressed.programme_name.en} – {suppressed.tier_name.en} is not granted",
    )


def no_duplication(
    entitlements: Iterable[Entitlement],
) -> tuple[tuple[Entitlement, ...], tuple[SuppressedEntitlement, ...]]:
    """Keep the most favourable entitlement of each group; the rest are suppressed by it."""
    items = tuple(entitlements)
    best: dict[tuple[JurisdictionLevel, str | None], Entitlement] = {}
    for item in items:
        current = best.get(item.group)
        if current is None or more_favourable(item, current):
            best[item.group] = item
    granted = tuple(item for item in items if best[item.group] is item)
    suppressed = tuple(
        SuppressedEntitlement(item, best[item.group], suppression_reason(item, best[item.group]))
        for item in items
        if best[item.group] is not item
    )
    return granted, suppressed
