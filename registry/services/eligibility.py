"""Eligibility use cases: evaluate (and what-if), decide, record declared facts, list decisions.

The engine (:mod:`registry.eligibility`) evaluates and checks; these services build the facts
from the creator's rows, enforce who may act for which programme, and record the human
decision with its explanation, 从高从优不重复 replacements, audit events and — when asked —
the TALENT_ELIGIBILITY credential, all in one transaction.

Who may act: the talent and HR offices of the programme's region decide (a district office
never acts for another district); they, system administrators and the creator themself may
evaluate and read decisions; partners get nothing.

This module gathers what callers name as ``eligibility.…``; each use case lives in its own
module: :mod:`.eligibility_evaluation` (evaluate, what-if, record declared facts),
:mod:`.eligibility_decide` (decide), :mod:`.eligibility_reads` (list and read decisions),
:mod:`.eligibility_grants` (live grants, supersession, state moves), beside
:mod:`.eligibility_facts`, :mod:`.eligibility_provisional` and :mod:`.eligibility_cascade`.
"""

from __future__ import annotations

from .eligibility_decide import DecideEligibility, decide_eligibility
from .eligibility_evaluation import (
    DeclaredFacts,
    RecordCreatorFacts,
    evaluate_eligibility,
    record_creator_facts,
)
from .eligibility_reads import list_decisions

__all__ = [
    "DecideEligibility",
    "DeclaredFacts",
    "RecordCreatorFacts",
    "decide_eligibility",
    "evaluate_eligibility",
    "list_decisions",
    "record_creator_facts",
]
