"""Typed spellings of ``@field(...)`` and ``@mutation(...)``.

Called with options only, Strawberry's decorators are typed as returning ``Any``, which
``mypy --strict`` rejects as an untyped decorator. These wrappers pass everything through and
tell the type checker the decorated resolver keeps its signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from .textguard import RefuseNul

__all__ = ["field", "mutation"]

F = TypeVar("F", bound=Callable[..., Any])


def field(*, description: str | None = None, name: str | None = None) -> Callable[[F], F]:
    decorator: Callable[[F], F] = strawberry.field(description=description, name=name)
    return decorator


def mutation(*, description: str | None = None, name: str | None = None) -> Callable[[F], F]:
    """A mutation whose text inputs are checked for NUL characters (see ``textguard``)."""
    decorator: Callable[[F], F] = strawberry.mutation(
        description=description, name=name, extensions=[RefuseNul()]
    )
    return decorator
