"""Three-valued (Kleene) logic for criteria whose facts may be missing.

A predicate over a fact the registry does not hold is UNKNOWN, never UNMET: an applicant must
not be refused for a document nobody has asked for yet. Composite criteria follow Kleene's
strong logic, so knowing more can turn UNKNOWN into MET or UNMET but never flip MET and UNMET.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["Status", "all_of", "any_of", "not_"]


class Status(StrEnum):
    """The state of one criterion for one creator: 符合 / 不符合 / 待补充材料."""

    MET = "MET"
    UNMET = "UNMET"
    UNKNOWN = "UNKNOWN"


MET = Status.MET
UNMET = Status.UNMET
UNKNOWN = Status.UNKNOWN


def all_of(statuses: Iterable[Status]) -> Status:
    """UNMET if any is UNMET, else UNKNOWN if any is UNKNOWN, else MET (empty: MET)."""
    result = MET
    for status in statuses:
        if status is UNMET:
            return UNMET
        if status is UNKNOWN:
            result = UNKNOWN
    return result


def any_of(statuses: Iterable[Status]) -> Status:
    """MET if any is MET, else UNKNOWN if any is UNKNOWN, else UNMET (empty: UNMET)."""
    result = UNMET
    for status in statuses:
        if status is MET:
            return MET
        if status is UNKNOWN:
            result = UNKNOWN
    return result


def not_(status: Status) -> Status:
    if status is MET:
        return UNMET
    if status is UNMET:
        return MET
    return UNKNOWN
