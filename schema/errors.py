"""How failures reach clients: the one place that turns exceptions into GraphQL answers.

    expected, from a use case   registry DomainError  -> payload ``userErrors`` (mutations)
                                                          or a coded top-level error (queries)
    expected, at the edge        PublicError           -> top-level error with ``extensions.code``
    a malformed request          GraphQL validation    -> shown as graphql-core words it
    anything else                                      -> masked as "Unexpected error."

Nothing here ever echoes input values (QR text, ID numbers) into a message.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

import strawberry
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.types import ExecutionResult

from registry.db.engine import database_unavailable
from registry.errors import DomainError

from .responses import UNAVAILABLE_CODE, UNAVAILABLE_MESSAGE
from .textguard import refused_input

__all__ = [
    "MASKED_MESSAGE",
    "DomainError",
    "PublicError",
    "UserError",
    "attempt",
    "attempt_as",
    "public_error",
    "shape",
    "shape_result",
    "should_mask",
    "user_errors",
]

MASKED_MESSAGE = "Unexpected error."
T = TypeVar("T")
U = TypeVar("U")


class PublicError(GraphQLError):
    """An error whose message is meant for the client; ``code`` goes to ``extensions.code``."""

    def __init__(
        self, message: str, *, code: str, extensions: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message, extensions={"code": code, **(extensions or {})})
        self.code = code


@strawberry.type(description="An expected failure of a mutation: which input, what, and why.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, e.g. ['input', 'certificateNumber']."
    )
    message: str
    code: str


# Pre-execution errors caused by these are about the request (variable coercion, scalar
# parsing): their words describe the caller's input and are safe to show.
_REQUEST_FAULTS = (GraphQLError, ValueError, TypeError)


def should_mask(error: GraphQLError) -> bool:
    """Mask resolver failures unless deliberately public; keep request-validation errors."""
    original = error.original_error
    if isinstance(original, PublicError | DomainError) or isinstance(error, PublicError):
        return False
    if error.path is not None:
        return True
    return original is not None and not isinstance(original, _REQUEST_FAULTS)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def user_errors(error: DomainError, renames: Mapping[str, str] | None = None) -> list[UserError]:
    """A mutation's expected refusal, as its payload's ``userErrors``.

    ``renames`` maps a service's field names to the input's where the two differ.
    """
    field = None
    if error.field:
        names = (renames or {}).get(error.field, error.field)
        field = ["input", *(_camel(part) for part in names.split("."))]
    return [UserError(field=field, message=error.message, code=error.code.value)]


async def attempt(
    call: Callable[[], Awaitable[T]], *, renames: Mapping[str, str] | None = None
) -> tuple[T | None, list[UserError]]:
    """Run one use case for a mutation: its result, or its expected refusal as userErrors.
    An input refused before it reaches the use case (a NUL in a text) is answered here."""
    refused = refused_input()
    if refused is not None:
        return None, user_errors(refused, renames)
    try:
        return await call(), []
    except DomainError as exc:
        return None, user_errors(exc, renames)


async def attempt_as(
    call: Callable[[], Awaitable[T]],
    convert: Callable[[T], U],
    *,
    renames: Mapping[str, str] | None = None,
) -> tuple[U | None, list[UserError]]:
    """:func:`attempt`, with the result mapped to its GraphQL type (``from_domain``)."""
    found, errors = await attempt(call, renames=renames)
    return (None if found is None else convert(found)), errors


def public_error(error: DomainError) -> PublicError:
    """A query's expected refusal (not found, forbidden, …) as a coded top-level error."""
    return PublicError(error.message, code=error.code.value)


def shape(error: GraphQLError) -> GraphQLError:
    """The error as the client sees it: coded if expected, masked if not."""
    original = error.original_error
    if isinstance(original, DomainError):
        extensions: dict[str, Any] = {"code": original.code.value}
        if original.field:
            extensions["field"] = _camel(original.field)
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions=extensions,
        )
    if database_unavailable(original):
        # Not a fault of the request or the code: the client may retry (RequestGuard turns
        # the answer into a 503 with Retry-After).
        return GraphQLError(
            UNAVAILABLE_MESSAGE,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": UNAVAILABLE_CODE},
        )
    if should_mask(error):
        return GraphQLError(
            MASKED_MESSAGE,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_ERROR"},
        )
    return error


def shape_result(result: object) -> None:
    """Apply :func:`shape` to every error of an execution result, in place."""
    if isinstance(result, ExecutionResult | GraphQLExecutionResult) and result.errors:
        result.errors = [shape(error) for error in result.errors]
