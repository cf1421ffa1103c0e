"""Keyset pagination over any ``select()`` ordered by a unique integer key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from ..domain.paging import Page, PageRequest, encode_cursor

__all__ = ["keyset_page"]

R = TypeVar("R")
T = TypeVar("T")


async def keyset_page(
    session: AsyncSession,
    statement: Select[Any],
    key: InstrumentedAttribute[int],
    page: PageRequest,
    to_item: Callable[[Any], T],
) -> Page[T]:
    """One page of ``statement``: ``first``/``after`` forward, ``last``/``before`` backward.

    Fetches one row beyond the page to learn whether another page follows; never OFFSET.
    """
    after, before = page.after_key, page.before_key
    if after is not None:
        statement = statement.where(key > after)
    if before is not None:
        statement = statement.where(key < before)
    ordered = statement.order_by(key.asc() if page.forward else key.desc())
    rows = list((await session.execute(ordered.limit(page.size + 1))).unique().scalars())
    more = len(rows) > page.size
    rows = rows[: page.size]
    if not page.forward:
        rows.reverse()
    keys = [getattr(row, key.key) for row in rows]
    return Page(
        items=[to_item(row) for row in rows],
        cursors=[encode_cursor(k) for k in keys],
        has_next_page=more if page.forward else before is not None,
        has_previous_page=after is not None if page.forward else more,
    )
