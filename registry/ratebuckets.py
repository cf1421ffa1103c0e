"""Rate-limit buckets every API replica shares: one row per key in PostgreSQL.

A bucket is kept as one number, the moment it would be empty (its "theoretical arrival
time", as in the generic cell rate algorithm): a bucket draining ``rate`` units a second
holds ``(tat - now) * rate`` units. Charging ``w`` units fits when that plus ``w`` stays
within the burst, and then moves ``tat`` on by ``w / rate``. One ``INSERT … ON CONFLICT DO
UPDATE … WHERE`` does the test and the charge on one row lock, with the database's clock, so
any number of replicas charge one bucket exactly as one process would: the limit holds
whatever the number of replicas, not multiplied by it.

Why PostgreSQL rather than a separate store (Valkey, Redis): the replicas already share it
and must reach it to do anything that matters; one charge is one short statement on an
UNLOGGED table (bench/cluster.py measures it), and there is nothing more to run, secure and
back up. Keys are digests: no client address or client id is written to the database.

When the database cannot be reached, a charge raises :class:`BucketsUnavailable` at once
(the connection attempt is bounded, and for a second after a failure none is made): the
caller then limits with its own, per-process buckets, which is never looser than one bucket
per replica.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from typing import Any

from .db.engine import backend_name, normalise_url
from .errors import BucketsUnavailable

__all__ = ["BucketsUnavailable", "SharedBuckets"]

_log = logging.getLogger("registry.ratebuckets")

# $1 key, $2 the work's cost in seconds (weight / rate), $3 the capacity in seconds
# (burst / rate). The conflicting row is updated only if the work fits; either way the row
# is locked, and the outer SELECT reports whether it was granted and the bucket as it was.
_CHARGE = """
WITH clock AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now),
granted AS (
    INSERT INTO rate_buckets AS b (key, tat)
    SELECT $1, clock.now + $2 FROM clock
    ON CONFLICT (key) DO UPDATE
        SET tat = GREATEST(b.tat, EXCLUDED.tat - $2) + $2
        WHERE GREATEST(b.tat, EXCLUDED.tat - $2) + $2 - (EXCLUDED.tat - $2) <= $3
    RETURNING b.tat
)
SELECT EXISTS (SELECT 1 FROM granted),
       (SELECT tat FROM rate_buckets WHERE key = $1),
       (SELECT now FROM clock)
"""

# A bucket whose moment has passed is empty, the same as no row at all.
_SWEEP = "DELETE FROM rate_buckets WHERE tat < extract(epoch FROM clock_timestamp())"


class SharedBuckets:
    """Charges buckets in PostgreSQL through a small pool of its own connections.

    Inactive (every charge raises :class:`BucketsUnavailable`) for any other database: one
    SQLite process has nobody to share with.
    """

    def __init__(
        self,
        database_url: str,
        *,
        timeout: float = 0.5,
        pool_size: int = 4,
        sweep_every: float = 60.0,
    ) -> None:
        url = normalise_url(database_url)
        self.active = backend_name(url) == "postgresql"
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._timeout = timeout
        self._pool_size = pool_size
        self._sweep_every = sweep_every
        self._pool: Any = None
        self._opening = asyncio.Lock()
        self._down_until = 0.0
        self._next_sweep = 0.0
        self._sweeping: asyncio.Task[None] | None = None

    async def charge(self, key: str, *, weight: int, rate: float, burst: int) -> float | None:
        """Charge ``weight`` units to ``key``'s bucket: ``None`` if granted, else the seconds
        until the work would fit. ``weight`` must not exceed ``burst`` (the caller refuses
        such work without asking)."""
        if not self.active or time.monotonic() < self._down_until:
            raise BucketsUnavailable
        import asyncpg  # type: ignore[import-untyped]

        digest = hashlib.blake2b(key.encode(), digest_size=16, person=b"ccr-rate-bucket").digest()
        cost, capacity = weight / rate, burst / rate
        try:
            pool = await self._open()
            async with pool.acquire(timeout=self._timeout) as connection:
                granted, tat, now = await connection.fetchrow(
                    _CHARGE, digest, cost, capacity, timeout=self._timeout
                )
        except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            self._fail(exc)
            raise BucketsUnavailable from None
        self._maybe_sweep()
        if granted:
            return None
        # The bucket as this statement's snapshot saw it: under a concurrent charge it may be
        # older than the row the refusal was decided on. Then the wait is not known exactly,
        # and the longest it can be (the time the work takes to drain) is said instead.
        clock = float(now)
        wait = (max(float(tat), clock) + cost - clock - capacity) if tat is not None else 0.0
        return wait if wait > 0 else cost

    async def _open(self) -> Any:
        if self._pool is not None:
            return self._pool
        import asyncpg

        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=0,
                    max_size=self._pool_size,
                    timeout=self._timeout,
                    command_timeout=self._timeout,
                    max_inactive_connection_lifetime=60.0,  # idle replicas hold no connection
                )
        return self._pool

    def _fail(self, exc: BaseException) -> None:
        if time.monotonic() >= self._down_until:
            reason = type(exc).__name__
            _log.warning("shared rate limits unavailable, limiting per process: %s", reason)
        self._down_until = time.monotonic() + 1.0

    def _maybe_sweep(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep or self._sweeping is not None:
            return
        self._next_sweep = now + self._sweep_every
        self._sweeping = asyncio.get_running_loop().create_task(self._sweep())

    async def _sweep(self) -> None:
        try:
            async with self._pool.acquire(timeout=self._timeout) as connection:
                await connection.execute(_SWEEP, timeout=self._timeout * 10)
        except Exception as exc:  # housekeeping: the next sweep retries
            _log.info("rate bucket sweep skipped: %s", type(exc).__name__)
        finally:
            self._sweeping = None

    async def aclose(self) -> None:
        if self._sweeping is not None:
            with contextlib.suppress(Exception):
                await self._sweeping
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()
