"""Liveness of the database, for ``GET /healthz``.

A probe must answer quickly even while the worker is busy: a database round trip goes through
a driver thread, and under CPU load each hand-over between that thread and the event loop waits
for the interpreter's switch interval, so a ping can take a hundred milliseconds that a load
balancer would read as a dead process. :class:`Liveness` therefore answers from the last ping
while it is fresh, refreshes it in the background once it is older than ``refresh_after``, and
waits for a new ping only when the last one is older than ``stale_after`` (or there is none).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from sqlalchemy import select

from .context import ServiceContext

__all__ = ["Liveness", "ping"]


async def ping(ctx: ServiceContext) -> None:
    """Round-trip one trivial query; raises if the database is unreachable."""
    async with ctx.uow(read_only=True) as uow:
        await uow.session.execute(select(1))


class Liveness:
    """The database's reachability as of a recent ping, at most ``stale_after`` seconds old."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        refresh_after: float = 1.0,
        stale_after: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ctx = ctx
        self._refresh_after = refresh_after
        self._stale_after = stale_after
        self._clock = clock
        self._ok = False
        self._at: float | None = None
        self._inflight: asyncio.Task[bool] | None = None

    async def _ping(self) -> bool:
        try:
            await ping(self._ctx)
        except Exception:  # any failure means unreachable; the probe never raises
            ok = False
        else:
            ok = True
        self._ok, self._at = ok, self._clock()
        return ok

    def _refresh(self) -> asyncio.Task[bool]:
        if self._inflight is None or self._inflight.done():
            self._inflight = asyncio.create_task(self._ping())
        return self._inflight

    async def reachable(self) -> bool:
        age = None if self._at is None else self._clock() - self._at
        if age is None or age >= self._stale_after or not self._ok:
            return await asyncio.shield(self._refresh())
        if age >= self._refresh_after:
            self._refresh()
        return self._ok
