"""Evaluate creators against programmes: one programme, all of them, or a what-if.

Pure functions: facts, programme versions and the date go in; an :class:`Evaluation` comes
out. Nothing here reads a clock, a file or a database, so the registry services can record
exactly what was evaluated, and tests can pass any date.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .compiler import compile_programme
from .dedup import EligibilityReport, Entitlement, no_duplication
from .errors import EligibilityError, UnknownFactError
from .facts import CreatorFacts
from .logic import Status
from .model import Programme
from .results import BenefitResult, Evaluation, Outcome, TierResult

__all__ = ["evaluate", "evaluate_all", "tier_benefits", "what_if"]

MET, UNKNOWN = Status.MET, Status.UNKNOWN
_FACT_NAMES = frozenset(f.name for f in dataclasses.fields(CreatorFacts))


def evaluate(facts: CreatorFacts, programme: Programme, *, as_of: date) -> Evaluation:
    """Evaluate every tier's criteria; the outcome is the most favourable tier met.

    ELIGIBLE when a tier is met (and the policy is in force on ``as_of``); NEEDS_DOCUMENTS
    when none is met but one is still UNKNOWN; NOT_ELIGIBLE otherwise, and always when the
    policy is not in force on ``as_of``. Benefits are evaluated for the tier reached.
    """
    return _evaluate(facts, programme, as_of, ())


def what_if(
    facts: CreatorFacts,
    programme: Programme,
    *,
    as_of: date,
    overrides: Mapping[str, Any],
) -> Evaluation:
    """Evaluate with some facts replaced by supplied values (假设测算).

    The result names the overridden facts and is ``hypothetical``: it explains what would
    happen; decisions are never validated against it.
    """
    return _evaluate(_override(facts, overrides), programme, as_of, tuple(overrides))


def evaluate_all(
    facts: CreatorFacts,
    programmes: Iterable[Programme],
    *,
    as_of: date,
    overrides: Mapping[str, Any] | None = None,
) -> EligibilityReport:
    """Evaluate every programme and apply 从高从优不重复 to the tiers reached."""
    names = tuple(overrides or ())
    if overrides:
        facts = _override(facts, overrides)
    evaluations: list[Evaluation] = []
    seen: set[str] = set()
    for programme in programmes:
        if programme.code in seen:
            raise EligibilityError(f"{programme.code}: more than one version given")
        seen.add(programme.code)
        evaluations.append(_evaluate(facts, programme, as_of, names))
    reached = [Entitlement.of(e) for e in evaluations if e.outcome is Outcome.ELIGIBLE]
    granted, suppressed = no_duplication(reached)
    return EligibilityReport(as_of, tuple(evaluations), granted, suppressed)


def _override(facts: CreatorFacts, overrides: Mapping[str, Any]) -> CreatorFacts:
    unknown = tuple(sorted(set(overrides) - _FACT_NAMES))
    if unknown:
        raise UnknownFactError(unknown)
    return dataclasses.replace(facts, **overrides)


def _evaluate(
    facts: CreatorFacts, programme: Programme, as_of: date, overrides: tuple[str, ...]
) -> Evaluation:
    compiled = compile_programme(programme)
    window = compiled.window(as_of)
    tiers = tuple(TierResult(tier, tree.trace(facts, as_of)) for tier, tree in compiled.tiers)
    if not window.in_force:
        return Evaluation(
            programme, as_of, Outcome.NOT_ELIGIBLE, None, tiers, (), window, (), overrides
        )
    reached: TierResult | None = None
    pending: list[str] = []
    for result in tiers:
        status = result.trace.statuses[0]
        if status is MET:
            reached = result
            break
        if status is UNKNOWN:
            pending.append(result.tier.code)
    if reached is None:
        outcome = Outcome.NEEDS_DOCUMENTS if pending else Outcome.NOT_ELIGIBLE
        return Evaluation(
            programme, as_of, outcome, None, tiers, (), window, tuple(pending), overrides
        )
    benefits = _benefits(facts, programme, reached.tier.code, as_of)
    return Evaluation(
        programme,
        as_of,
        Outcome.ELIGIBLE,
        reached.tier.code,
        tiers,
        benefits,
        window,
        tuple(pending),
        overrides,
    )


def tier_benefits(
    facts: CreatorFacts, programme: Programme, tier: str, *, as_of: date
) -> tuple[BenefitResult, ...]:
    """The benefits ``tier`` opens, each with the status of its own conditions."""
    programme.tier(tier)  # KeyError for a tier the programme does not have
    return _benefits(facts, programme, tier, as_of)


def _benefits(
    facts: CreatorFacts, programme: Programme, tier: str, as_of: date
) -> tuple[BenefitResult, ...]:
    results: list[BenefitResult] = []
    for benefit, tree in compile_programme(programme).benefits[tier]:
        if tree is None:
            results.append(BenefitResult(benefit, MET, None))
        else:
            trace = tree.trace(facts, as_of)
            results.append(BenefitResult(benefit, trace.statuses[0], trace))
    return tuple(results)
