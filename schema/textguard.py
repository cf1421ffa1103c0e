"""NUL characters are refused in every text a mutation takes, as a userError naming the field.

PostgreSQL cannot store U+0000 in text (the insert fails) and SQLite stores it silently; no
name, number or reason has one. The check is a field extension on every mutation: it finds the
first string with a NUL anywhere in the arguments, and the mutation's ``attempt`` answers with
that refusal instead of running the use case.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info

from registry.errors import DomainError, InvalidInput

__all__ = ["RefuseNul", "refused_input"]

_REFUSED: ContextVar[DomainError | None] = ContextVar("refused_input", default=None)
_MAX_NODES = 10_000  # inputs are bounded by the document limits; this bounds the walk too


def refused_input() -> DomainError | None:
    """The refusal of the mutation now resolving, if its input holds a NUL."""
    return _REFUSED.get()


def _nul_path(value: Any, path: tuple[str, ...], budget: list[int]) -> tuple[str, ...] | None:
    budget[0] -= 1
    if budget[0] < 0:
        return None
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, list | tuple):
        for item in value:
            found = _nul_path(item, path, budget)
            if found is not None:
                return found
        return None
    if isinstance(value, dict):
        items: Any = value.items()
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    else:
        return None
    for name, item in items:
        found = _nul_path(item, (*path, str(name)), budget)
        if found is not None:
            return found
    return None


class RefuseNul(FieldExtension):
    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        path = _nul_path(kwargs, (), [_MAX_NODES])
        if path is None:
            return await next_(source, info, **kwargs)
        # The argument itself ("input") is the userError's first element already.
        field = ".".join(path[1:]) or None
        token = _REFUSED.set(InvalidInput("text may not contain NUL characters", field=field))
        try:
            return await next_(source, info, **kwargs)
        finally:
            _REFUSED.reset(token)
