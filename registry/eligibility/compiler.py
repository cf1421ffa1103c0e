"""Criterion trees compiled once into closures, so evaluation never re-reads programme data.

A programme is compiled the first time it is evaluated and the result is kept for as long as
the programme object lives. Each node writes its status and evidence into per-evaluation
lists at its pre-order index; the node's sentence is rendered once, here.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from threading import Lock

from .facts import CreatorFacts
from .logic import Status
from .model import AllOf, Benefit, Criterion, Label, Not, Predicate, Programme, Tier
from .predicates import OPERATORS, compile_predicate, describe_predicate
from .results import NodeShape, Trace, WindowCheck

__all__ = ["CompiledProgramme", "CompiledTree", "compile_criterion", "compile_programme"]

MET, UNMET, UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN
Runner = Callable[[CreatorFacts, date, list[Status], list[tuple[str, ...]]], Status]

_ALL = Label("同时满足以下全部条件", "All of the following")
_ANY = Label("满足以下任一条件", "Any one of the following")


@dataclass(frozen=True, slots=True)
class CompiledTree:
    run: Runner
    shape: tuple[NodeShape, ...]

    def trace(self, facts: CreatorFacts, as_of: date) -> Trace:
        size = len(self.shape)
        statuses: list[Status] = [UNKNOWN] * size
        evidence: list[tuple[str, ...]] = [()] * size
        self.run(facts, as_of, statuses, evidence)
        return Trace(self.shape, tuple(statuses), tuple(evidence))


@dataclass(frozen=True, slots=True)
class CompiledProgramme:
    tiers: tuple[tuple[Tier, CompiledTree], ...]
    benefits: dict[str, tuple[tuple[Benefit, CompiledTree | None], ...]]  # by tier code
    in_force: WindowCheck
    not_yet: WindowCheck
    closed: WindowCheck

    def window(self, day: date) -> WindowCheck:
        if day < self.in_force.effective_from:
            return self.not_yet
        until = self.in_force.effective_until
        return self.closed if until is not None and day > until else self.in_force


def compile_criterion(criterion: Criterion) -> CompiledTree:
    shape: list[NodeShape] = []
    run = _compile(criterion, shape)
    return CompiledTree(run, tuple(shape))


def _compile(node: Criterion, shape: list[NodeShape]) -> Runner:
    index = len(shape)
    shape.append(NodeShape("", Label("", ""), (), ()))  # filled in below, after the children
    if isinstance(node, Predicate):
        return _compile_predicate(node, index, shape)
    if isinstance(node, Not):
        child_index = len(shape)
        child = _compile(node.child, shape)
        inner = shape[child_index].text
        text = node.label or Label(f"并非：{inner.zh}", f"Not: {inner.en}")
        shape[index] = NodeShape("NOT", text, (child_index,), ())

        def run_not(
            facts: CreatorFacts, as_of: date, st: list[Status], ev: list[tuple[str, ...]]
        ) -> Status:
            status = child(facts, as_of, st, ev)
            result = UNMET if status is MET else MET if status is UNMET else UNKNOWN
            st[index] = result
            return result

        return run_not
    indices: list[int] = []
    runners: list[Runner] = []
    for child_node in node.children:
        indices.append(len(shape))
        runners.append(_compile(child_node, shape))
    children = tuple(runners)
    if isinstance(node, AllOf):
        shape[index] = NodeShape("ALL", node.label or _ALL, tuple(indices), ())
        return _all_runner(index, children)
    shape[index] = NodeShape("ANY", node.label or _ANY, tuple(indices), ())
    return _any_runner(index, children)


def _compile_predicate(node: Predicate, index: int, shape: list[NodeShape]) -> Runner:
    check = compile_predicate(node)
    shape[index] = NodeShape(node.op, describe_predicate(node), (), OPERATORS[node.op].facts)

    def run(
        facts: CreatorFacts, as_of: date, st: list[Status], ev: list[tuple[str, ...]]
    ) -> Status:
        status, evidence = check(facts, as_of)
        st[index] = status
        ev[index] = evidence
        return status

    return run


def _all_runner(index: int, children: tuple[Runner, ...]) -> Runner:
    # Kleene AND without short-circuit: every child is recorded for the explanation.
    def run(
        facts: CreatorFacts, as_of: date, st: list[Status], ev: list[tuple[str, ...]]
    ) -> Status:
        result = MET
        for child in children:
            status = child(facts, as_of, st, ev)
            if status is UNMET:
                result = UNMET
            elif status is UNKNOWN and result is MET:
                result = UNKNOWN
        st[index] = result
        return result

    return run


def _any_runner(index: int, children: tuple[Runner, ...]) -> Runner:
    def run(
        facts: CreatorFacts, as_of: date, st: list[Status], ev: list[tuple[str, ...]]
    ) -> Status:
        result = UNMET
        for child in children:
            status = child(facts, as_of, st, ev)
            if status is MET:
                result = MET
            elif status is UNKNOWN and result is UNMET:
                result = UNKNOWN
        st[index] = result
        return result

    return run


def _compile_programme(programme: Programme) -> CompiledProgramme:
    policy = programme.policy
    span = (policy.effective_from, policy.effective_until)
    benefits = {
        tier.code: tuple(
            (b, compile_criterion(b.conditions) if b.conditions is not None else None)
            for b in programme.benefits_of(tier)
        )
        for tier in programme.tiers
    }
    return CompiledProgramme(
        tiers=tuple((t, compile_criterion(programme.criteria_of(t))) for t in programme.tiers),
        benefits=benefits,
        in_force=WindowCheck(True, None, *span),
        not_yet=WindowCheck(False, "POLICY_NOT_YET_IN_FORCE", *span),
        closed=WindowCheck(False, "POLICY_WINDOW_CLOSED", *span),
    )


# Keyed by object identity: hashing a programme deeply on every evaluation would cost more
# than evaluating it. The finalizer drops the entry when the programme is collected.
_cache: dict[int, CompiledProgramme] = {}
_lock = Lock()


def compile_programme(programme: Programme) -> CompiledProgramme:
    key = id(programme)
    compiled = _cache.get(key)
    if compiled is not None:
        return compiled
    compiled = _compile_programme(programme)
    with _lock:
        if key not in _cache:
            _cache[key] = compiled
            weakref.finalize(programme, _cache.pop, key, None)
    return _cache[key]
