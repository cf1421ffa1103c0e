"""Keyset pagination: opaque cursors over a stable, unique sort key (the row id).

Connections follow the Relay rules: ``first``/``after`` pages forward, ``last``/``before``
backward; a page holds at most :data:`MAX_PAGE` items.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..errors import ErrorCode, InvalidInput

__all__ = ["MAX_PAGE", "Page", "PageRequest", "decode_cursor", "encode_cursor"]

MAX_PAGE = 100
T = TypeVar("T")
_PREFIX = "k1:"


def encode_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{key}".encode()).rstrip(b"=").decode("ascii")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if not text.startswith(_PREFIX):
            raise ValueError(cursor)
        return int(text[len(_PREFIX) :])
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            "cursor is not one this service issued", code=ErrorCode.INVALID_CURSOR, field="after"
        ) from None


@dataclass(frozen=True, slots=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def __post_init__(self) -> None:
        if (self.first is None) == (self.last is None):
            raise InvalidInput("give exactly one of first and last", field="first")
        size = self.first if self.first is not None else self.last
        assert size is not None
        if not 0 <= size <= MAX_PAGE:
            raise InvalidInput(f"page size must lie in 0–{MAX_PAGE}", field="first")

    @property
    def size(self) -> int:
        size = self.first if self.first is not None else self.last
        assert size is not None
        return size

    @property
    def forward(self) -> bool:
        return self.first is not None

    @property
    def after_key(self) -> int | None:
        return None if self.after is None else decode_cursor(self.after)

    @property
    def before_key(self) -> int | None:
        return None if self.before is None else decode_cursor(self.before)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    cursors: Sequence[str]
    has_next_page: bool
    has_previous_page: bool

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None
