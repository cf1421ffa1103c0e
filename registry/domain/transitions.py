"""The one lookup every state machine here shares: a table of (state, action) → next state."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from ..errors import Conflict, ErrorCode

__all__ = ["next_state"]

S = TypeVar("S")
A = TypeVar("A", bound=Hashable)


def next_state(table: Mapping[tuple[S, A], S], current: S, action: A, *, what: str) -> S:
    """The state ``action`` leads to from ``current``; a conflict if the table has no such
    transition (``what`` names the thing in the message: "a SUSPENDED filing cannot …")."""
    following = table.get((current, action))
    if following is None:
        raise Conflict(f"a {current} {what} cannot {action}", code=ErrorCode.INVALID_STATE)
    return following
