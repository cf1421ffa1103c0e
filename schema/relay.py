"""Relay conventions: opaque global ids and generic connection types.

- A global id is ``base64url("<Type>:<key>")``: clients treat it as opaque; the server learns
  the type from it, and ``node``/``nodes`` dispatch to that type's authorised lookup.
- Connections page by keyset cursors made by the registry (``registry.domain.paging``);
  ``first``/``last`` are required (exactly one) and at most :data:`MAX_PAGE`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from registry.domain.paging import MAX_PAGE, Page, PageRequest
from registry.errors import InvalidInput

from .errors import PublicError
from .fields import field

__all__ = [
    "MAX_PAGE",
    "Connection",
    "Edge",
    "Node",
    "PageInfo",
    "PageRequest",
    "decode_global_id",
    "global_id",
    "input_key",
    "to_connection",
]

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8")).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> str:
    if len(text) > 512:
        raise ValueError("too long")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")


def global_id(type_name: str, key: str) -> strawberry.ID:
    return strawberry.ID(_b64(f"{type_name}:{key}"))


def decode_global_id(value: str, *, expect: str | None = None) -> tuple[str, str]:
    """``(type name, key)``; raises a ``BAD_USER_INPUT`` error for anything malformed."""
    try:
        type_name, sep, key = _unb64(value).partition(":")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise PublicError("Malformed id.", code="INVALID_INPUT") from None
    if not sep or not type_name or not key:
        raise PublicError("Malformed id.", code="INVALID_INPUT")
    if expect is not None and type_name != expect:
        raise PublicError(f"Expected the id of a {expect}.", code="INVALID_INPUT")
    return type_name, key


def input_key(value: str, *, expect: str, field: str) -> str:
    """The registry key inside a global id given as mutation input (``InvalidInput`` if not)."""
    try:
        return decode_global_id(value, expect=expect)[1]
    except PublicError:
        raise InvalidInput(f"not the id of a {expect}", field=field) from None


@strawberry.interface(description="An object with a global, opaque id.")
class Node:
    id: strawberry.ID


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo

    @field(description="The nodes of `edges`, for clients that need no cursors.")
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]


def to_connection(page: Page[RowT], convert: Callable[[RowT], NodeT]) -> Connection[NodeT]:
    """A connection from a registry page (keyset cursors are the registry's)."""
    return Connection(
        edges=[
            Edge(cursor=cursor, node=convert(item))
            for item, cursor in zip(page.items, page.cursors, strict=True)
        ],
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.start_cursor,
            end_cursor=page.end_cursor,
        ),
    )
