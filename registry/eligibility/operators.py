"""What a predicate operator is: its parameters, its sentence and its compiled check.

An operator is declared once (in :mod:`.record_predicates` or :mod:`.fact_predicates`) with a
parameter signature the loader validates against, a function that writes the criterion as a
zh and an en sentence, and a builder that turns a :class:`Predicate` into a closure. The
closure is what runs per creator: parameters are read once, at compile time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from signing.vocabulary import GRADES

from ..domain.regions import DIVISIONS
from .facts import AWARD_LEVEL_RANK, SKILL_LEVEL_RANK, CreatorFacts, Origin
from .labels import AWARD_KINDS, DIRECTION_NAMES
from .logic import Status
from .model import Label, ParamValue, Predicate

__all__ = [
    "KINDS",
    "Check",
    "CheckResult",
    "Operator",
    "Param",
    "check_param",
    "int_param",
    "number_param",
    "required_number",
    "required_texts",
    "text_param",
    "texts_param",
]

CheckResult = tuple[Status, tuple[str, ...]]
# A compiled predicate: the creator's facts and the evaluation date in, status and evidence out.
Check = Callable[[CreatorFacts, date], CheckResult]

_OCCUPATION = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Param:
    kind: str
    required: bool = True


@dataclass(frozen=True, slots=True)
class Operator:
    """``facts`` names the :class:`CreatorFacts` fields read, for "documents needed" lists."""

    name: str
    facts: tuple[str, ...]
    params: Mapping[str, Param]
    describe: Callable[[Predicate], Label]
    build: Callable[[Predicate], Check]


def _non_negative_int(value: object) -> ParamValue:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a non-negative integer")
    return value


def _non_negative_number(value: object) -> ParamValue:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError("must be a non-negative number")
    return value


def _one_of(allowed: Mapping[str, object] | frozenset[str], what: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"must be one of the {what}: {', '.join(sorted(allowed))}")
        return value

    return check


def _pattern(pattern: re.Pattern[str], what: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise ValueError(f"must be {what}")
        return value

    return check


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _list_of(item: Callable[[object], str]) -> Callable[[object], ParamValue]:
    def check(value: object) -> ParamValue:
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list")
        items = tuple(item(v) for v in value)
        if len(set(items)) != len(items):
            raise ValueError("must not repeat an item")
        return items

    return check


def _region(value: object) -> str:
    if not isinstance(value, str) or value not in DIVISIONS:
        raise ValueError("must be a GB/T 2260 division code the registry lists (divisions.json)")
    return value


_award_level = _one_of(AWARD_LEVEL_RANK, "award levels")
_skill_level = _one_of(SKILL_LEVEL_RANK, "skill levels")
_direction = _one_of(DIRECTION_NAMES, "directions")

# Parameter kinds: each validates a JSON value and returns the model value (lists -> tuples).
KINDS: Mapping[str, Callable[[object], ParamValue]] = {
    "int": _non_negative_int,
    "number": _non_negative_number,
    "text": _text,
    "texts": _list_of(_text),
    "region": _region,
    "regions": _list_of(_region),
    "occupation": _pattern(_OCCUPATION, "an occupation code such as 4-13-01-05"),
    "award_level": _award_level,
    "skill_level": _skill_level,
    "grades": _list_of(_one_of(GRADES, "grades")),
    "award_kinds": _list_of(_one_of(AWARD_KINDS, "award kinds")),
    "origins": _list_of(_one_of(frozenset(Origin), "origins")),
    "directions": _list_of(_direction),
}


def check_param(param: Param, value: object) -> ParamValue:
    """Validate one JSON parameter value; raises ValueError with a reason a person can act on."""
    return KINDS[param.kind](value)


def int_param(predicate: Predicate, name: str) -> int | None:
    value = predicate.param(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def number_param(predicate: Predicate, name: str) -> float | None:
    value = predicate.param(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def text_param(predicate: Predicate, name: str) -> str:
    value = predicate.param(name)
    if not isinstance(value, str):
        raise ValueError(f"{predicate.op}: parameter {name!r} is required")
    return value


def texts_param(predicate: Predicate, name: str) -> tuple[str, ...] | None:
    value = predicate.param(name)
    return value if isinstance(value, tuple) else None


def required_number(predicate: Predicate, name: str) -> float:
    value = number_param(predicate, name)
    if value is None:
        raise ValueError(f"{predicate.op}: parameter {name!r} is required")
    return value


def required_texts(predicate: Predicate, name: str) -> tuple[str, ...]:
    value = texts_param(predicate, name)
    if value is None:
        raise ValueError(f"{predicate.op}: parameter {name!r} is required")
    return value
