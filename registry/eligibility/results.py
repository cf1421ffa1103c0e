"""What an evaluation returns: the outcome, the tier reached, and every criterion's status.

Every criterion is evaluated (no short-circuit), so an explanation can always say which
conditions held, which failed and which wait for a document. Statuses and evidence are kept
flat per criterion tree (a :class:`Trace`); :meth:`Trace.tree` and :meth:`Evaluation.tree`
build the nested, bilingual view on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .logic import Status
from .model import Benefit, Label, Programme, Tier

__all__ = [
    "BenefitResult",
    "CriterionResult",
    "Evaluation",
    "NodeShape",
    "Outcome",
    "TierResult",
    "Trace",
    "WindowCheck",
]


class Outcome(StrEnum):
    ELIGIBLE = "ELIGIBLE"  # 符合条件
    NOT_ELIGIBLE = "NOT_ELIGIBLE"  # 不符合条件
    NEEDS_DOCUMENTS = "NEEDS_DOCUMENTS"  # 待补充材料


@dataclass(frozen=True, slots=True)
class NodeShape:
    """One criterion of a compiled tree: ``kind`` is ALL, ANY, NOT or an operator name."""

    kind: str
    text: Label
    children: tuple[int, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CriterionResult:
    kind: str
    text: Label
    status: Status
    evidence: tuple[str, ...] = ()
    children: tuple[CriterionResult, ...] = ()

    def walk(self) -> tuple[CriterionResult, ...]:
        """This node and all below it, depth first."""
        found: list[CriterionResult] = [self]
        for child in self.children:
            found.extend(child.walk())
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Trace:
    """The status and evidence of every node of one criterion tree, in pre-order."""

    shape: tuple[NodeShape, ...]
    statuses: tuple[Status, ...]
    evidence: tuple[tuple[str, ...], ...]

    @property
    def status(self) -> Status:
        return self.statuses[0]

    def tree(self, index: int = 0) -> CriterionResult:
        node = self.shape[index]
        return CriterionResult(
            node.kind,
            node.text,
            self.statuses[index],
            self.evidence[index],
            tuple(self.tree(child) for child in node.children),
        )

    def missing_facts(self) -> tuple[str, ...]:
        """Facts whose absence keeps this tree UNKNOWN: what an applicant should supply."""
        reached: list[int] = []
        pending = [0] if self.statuses[0] is Status.UNKNOWN else []
        while pending:
            index = pending.pop()
            reached.append(index)
            children = self.shape[index].children
            pending.extend(c for c in children if self.statuses[c] is Status.UNKNOWN)
        found: dict[str, None] = {}
        for index in sorted(reached):  # pre-order: the order the criteria are written in
            found.update(dict.fromkeys(self.shape[index].facts))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class TierResult:
    tier: Tier
    trace: Trace

    @property
    def status(self) -> Status:
        return self.trace.statuses[0]


@dataclass(frozen=True, slots=True)
class BenefitResult:
    """A benefit of the tier reached; ``conditions`` is None when it has none of its own."""

    benefit: Benefit
    status: Status
    conditions: Trace | None = None


@dataclass(frozen=True, slots=True)
class WindowCheck:
    """Whether the issuing policy is in force on the evaluation date; ``code`` says why not."""

    in_force: bool
    code: str | None
    effective_from: date
    effective_until: date | None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One creator against one programme version on one date.

    ``tier`` is the most favourable tier whose criteria are met (None unless ELIGIBLE);
    ``pending_tiers`` are more favourable tiers still UNKNOWN. ``overrides`` names the facts
    a what-if supplied: such an evaluation explains, it is never a basis for a decision.
    """

    programme: Programme
    as_of: date
    outcome: Outcome
    tier: str | None
    tiers: tuple[TierResult, ...]
    benefits: tuple[BenefitResult, ...]
    window: WindowCheck
    pending_tiers: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()

    @property
    def hypothetical(self) -> bool:
        return bool(self.overrides)

    @property
    def granted_benefits(self) -> tuple[str, ...]:
        return tuple(b.benefit.code for b in self.benefits if b.status is Status.MET)

    @property
    def pending_benefits(self) -> tuple[str, ...]:
        return tuple(b.benefit.code for b in self.benefits if b.status is Status.UNKNOWN)

    def tier_result(self, code: str) -> TierResult:
        for result in self.tiers:
            if result.tier.code == code:
                return result
        raise KeyError(code)

    def missing_facts(self) -> tuple[str, ...]:
        """Facts to supply to settle the pending tiers and benefits."""
        found: dict[str, None] = {}
        for result in self.tiers:
            if result.tier.code in self.pending_tiers:
                found.update(dict.fromkeys(result.trace.missing_facts()))
        for benefit in self.benefits:
            if benefit.conditions is not None:
                found.update(dict.fromkeys(benefit.conditions.missing_facts()))
        return tuple(found)

    def tree(self) -> CriterionResult:
        """The whole evaluation as one tree: programme, then each tier with its criteria and,
        for the tier reached, each benefit with its own conditions."""
        tiers: list[CriterionResult] = []
        for result in self.tiers:
            children = [result.trace.tree()]
            if result.tier.code == self.tier:
                children.extend(_benefit_node(b) for b in self.benefits)
            tiers.append(
                CriterionResult("TIER", _cited(result.tier), result.status, (), tuple(children))
            )
        status = {
            Outcome.ELIGIBLE: Status.MET,
            Outcome.NOT_ELIGIBLE: Status.UNMET,
            Outcome.NEEDS_DOCUMENTS: Status.UNKNOWN,
        }[self.outcome]
        return CriterionResult("PROGRAMME", self.programme.name, status, (), tuple(tiers))


def _cited(tier: Tier) -> Label:
    """A tier's name, with the clause of the source document it models when the file says."""
    if tier.clause is None:
        return tier.name
    return Label(
        f"{tier.name.zh}（依据：{tier.clause.zh}）", f"{tier.name.en} (source: {tier.clause.en})"
    )


def _benefit_node(result: BenefitResult) -> CriterionResult:
    children = (result.conditions.tree(),) if result.conditions is not None else ()
    return CriterionResult("BENEFIT", result.benefit.name, result.status, (), children)
