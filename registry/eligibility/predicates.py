"""Every predicate operator a programme file may use, by name.

Adding an operator means declaring it in :mod:`.record_predicates` or :mod:`.fact_predicates`;
programme files then name it in ``{"op": ..., "params": {...}}`` and the loader checks its
parameters. The catalogue is documented in docs/eligibility.md.
"""

from __future__ import annotations

from collections.abc import Mapping

from .fact_predicates import FACT_OPERATORS
from .model import Label, Predicate
from .operators import Check, Operator
from .record_predicates import RECORD_OPERATORS

__all__ = ["OPERATORS", "compile_predicate", "describe_predicate"]

OPERATORS: Mapping[str, Operator] = {op.name: op for op in RECORD_OPERATORS + FACT_OPERATORS}


def compile_predicate(predicate: Predicate) -> Check:
    return OPERATORS[predicate.op].build(predicate)


def describe_predicate(predicate: Predicate) -> Label:
    """The criterion as a zh and an en sentence; a label in the programme file wins."""
    if predicate.label is not None:
        return predicate.label
    return OPERATORS[predicate.op].describe(predicate)
