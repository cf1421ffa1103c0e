"""Status lists in the database: random index allocation, bit flips, signed documents.

Each ``status_lists`` row holds the revocation and suspension bitstrings and a bitmap of the
indexes handed out. Issuance locks the open list (``FOR UPDATE`` on PostgreSQL; SQLite's
write lock otherwise), draws indexes at random from the bitmap held in memory for the whole
batch and writes the bitmap back once; the unique ``(status_list_id, status_index)``
constraint on credentials is the backstop. A list counts as full at three quarters, so random
draws stay cheap and each index keeps a crowd around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from signing import StatusList as SignedList
from signing import StatusLists, StatusPurpose, allocate_index
from signing.statuslist import MIN_LIST_SIZE

from ..db import models as m
from ..errors import NotFound
from .context import ServiceContext

__all__ = [
    "FILL_LIMIT",
    "LIST_SIZE",
    "IndexAllocator",
    "SignedStatusList",
    "flip_status_bit",
    "status_list_document",
    "status_lists_snapshot",
]

LIST_SIZE = MIN_LIST_SIZE
FILL_LIMIT = 0.75


def _is_set(bits: bytes | bytearray, index: int) -> bool:
    return bool(bits[index >> 3] & (0x80 >> (index & 7)))


def _set(bits: bytearray, index: int, value: bool) -> None:
    mask = 0x80 >> (index & 7)
    if value:
        bits[index >> 3] |= mask
    else:
        bits[index >> 3] &= ~mask & 0xFF


def _new_list(now: datetime) -> m.StatusList:
    empty = bytes(LIST_SIZE // 8)
    return m.StatusList(
        size=LIST_SIZE,
        revocation=empty,
        suspension=empty,
        allocated=empty,
        allocated_count=0,
        full=False,
        version=1,
        created_at=now,
        updated_at=now,
    )


class IndexAllocator:
    """Hands out ``(list id, index)`` pairs within one transaction."""

    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self._session = session
        self._now = now
        self._rows: dict[int, m.StatusList] = {}

    async def _open_list(self) -> m.StatusList:
        row = (
            await self._session.execute(
                select(m.StatusList)
                .where(m.StatusList.full.is_(False))
                .order_by(m.StatusList.id)
                .limit(1)
                .with_for_update()
            )
        ).scalar_one_or_none()
        if row is None:
            row = _new_list(self._now)
            self._session.add(row)
            await self._session.flush()
        return row

    async def reserve(self, count: int) -> list[tuple[int, int]]:
        pairs: list[tuple[int, int]] = []
        while len(pairs) < count:
            row = await self._open_list()
            self._rows[row.id] = row
            bitmap = bytearray(row.allocated)
            room = int(row.size * FILL_LIMIT) - row.allocated_count
            take = min(room, count - len(pairs))
            is_taken = partial(_is_set, bitmap)
            for _ in range(take):
                index = allocate_index(is_taken, size=row.size)
                _set(bitmap, index, True)
                pairs.append((row.id, index))
            row.allocated = bytes(bitmap)
            row.allocated_count += take
            row.full = row.allocated_count >= int(row.size * FILL_LIMIT)
            row.updated_at = self._now
            if row.full:
                await self._session.flush()
        return pairs

    def release(self, pairs: list[tuple[int, int]]) -> None:
        """Hand back reserved indexes that no credential took (a draft refused after signing)."""
        for list_id, index in pairs:
            row = self._rows[list_id]
            bitmap = bytearray(row.allocated)
            _set(bitmap, index, False)
            row.allocated = bytes(bitmap)
            row.allocated_count -= 1
            row.full = row.allocated_count >= int(row.size * FILL_LIMIT)
            row.updated_at = self._now


async def flip_status_bit(
    session: AsyncSession,
    list_id: int,
    index: int,
    purpose: StatusPurpose,
    value: bool,
    now: datetime,
) -> None:
    row = (
        await session.execute(
            select(m.StatusList).where(m.StatusList.id == list_id).with_for_update()
        )
    ).scalar_one()
    column = "revocation" if purpose is StatusPurpose.REVOCATION else "suspension"
    bits = bytearray(getattr(row, column))
    _set(bits, index, value)
    setattr(row, column, bytes(bits))
    row.version += 1
    row.updated_at = now


@dataclass(frozen=True, slots=True)
class SignedStatusList:
    """A status list as served: the compact JWS and what an HTTP cache needs to know."""

    list_id: int
    purpose: StatusPurpose | None
    document: str
    version: int
    kid: str
    valid_until: datetime

    @property
    def etag(self) -> str:
        part = "all" if self.purpose is None else self.purpose.value
        return f'"{self.list_id}-{part}-{self.version}-{self.kid}"'


def _as_list(row: m.StatusList, issuer: str) -> SignedList:
    return SignedList(
        row.id,
        size=row.size,
        revocation=row.revocation,
        suspension=row.suspension,
        issuer=issuer,
    )


async def status_list_document(
    ctx: ServiceContext,
    list_id: int,
    *,
    purpose: StatusPurpose | None = None,
    ttl: timedelta | None = None,
) -> SignedStatusList:
    """The signed list (public): signed now with the active key, fresh for ``ttl``: the
    standard document of one ``purpose``, or without it the combined one of the transition."""
    ttl = ttl or ctx.settings.status_ttl
    now = ctx.now()
    async with ctx.uow(read_only=True) as uow:
        row = await uow.session.get(m.StatusList, list_id)
        if row is None:
            raise NotFound("no such status list", field="list_id")
        current = await ctx.keystore.current(uow.session, now)
        document = _as_list(row, ctx.issuer).sign(
            issuer=ctx.issuer, signer=current.signer, now=now, ttl=ttl, purpose=purpose
        )
        return SignedStatusList(row.id, purpose, document, row.version, current.kid, now + ttl)


async def status_lists_snapshot(ctx: ServiceContext) -> StatusLists:
    """Every list as the verifier library holds them, straight from the database."""
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(select(m.StatusList))).scalars().all()
        return StatusLists(_as_list(row, ctx.issuer) for row in rows)
