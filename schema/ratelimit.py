"""Leaky-bucket rate limits, per API client and per client address.

Each key owns a bucket that drains at ``rate`` units of work a second and holds at most
``burst``. A unit is a request, or one ``verifyCredential`` field of it: thirty aliased
verifications in one request weigh thirty. Work that would overflow the bucket is refused
with the time after which it would fit, which the HTTP layer turns into ``429`` and
``Retry-After`` (never a 5xx).

On PostgreSQL the buckets live in the database and every replica charges the same ones
(:class:`RateLimiter`, registry/ratebuckets.py), so a limit holds whatever the number of
replicas; with SQLite, or while the database cannot be reached, each process keeps its own.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from registry.ratebuckets import BucketsUnavailable, SharedBuckets

__all__ = ["Decision", "LeakyBucketLimiter", "RateLimiter"]


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after: float = 0.0
    fits: bool = True  # False: the work asked for exceeds the bucket's whole capacity

    @property
    def retry_after_header(self) -> str:
        return str(max(1, math.ceil(self.retry_after)))


_ALLOWED = Decision(True)


class LeakyBucketLimiter:
    """Buckets by key; the least recently used are forgotten beyond ``max_keys``.

    Forgetting a bucket only ever forgives: a key seen again starts empty. ``max_keys`` bounds
    memory against callers that rotate addresses.
    """

    __slots__ = ("_buckets", "_clock", "burst", "max_keys", "rate")

    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._clock = clock
        # key -> (water level, time of last update)
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def hit(
        self,
        key: str,
        *,
        weight: int = 1,
        rate: float | None = None,
        burst: int | None = None,
    ) -> Decision:
        """Count ``weight`` units of work for ``key``, all or none; per-key ``rate``/``burst``
        override the defaults. Work larger than the bucket itself never fits: the decision
        then says so with ``fits=False`` (waiting would not help)."""
        rate = self.rate if rate is None else rate
        capacity = float(self.burst if burst is None else burst)
        now = self._clock()
        level, last = self._buckets.pop(key, (0.0, now))
        level = max(0.0, level - (now - last) * rate)
        if weight > capacity:
            self._remember(key, level, now)
            return Decision(False, capacity / rate, fits=False)
        if level + weight > capacity:
            self._remember(key, level, now)
            return Decision(False, (level + weight - capacity) / rate)
        self._remember(key, level + weight, now)
        return _ALLOWED

    def _remember(self, key: str, level: float, now: float) -> None:
        self._buckets[key] = (level, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)

    def __len__(self) -> int:
        return len(self._buckets)


class RateLimiter:
    """A limit every replica shares when the database can share it (registry/ratebuckets.py),
    and a per-process bucket otherwise: with SQLite, with shared limits turned off, or for the
    moments the database cannot be reached.

    ``namespace`` keeps two limits on the same key (an address verifying, a client's requests)
    in separate buckets.
    """

    __slots__ = ("local", "namespace", "shared")

    def __init__(
        self, local: LeakyBucketLimiter, *, namespace: str, shared: SharedBuckets | None = None
    ) -> None:
        self.local = local
        self.namespace = namespace
        self.shared = shared if shared is not None and shared.active else None

    @property
    def burst(self) -> int:
        return self.local.burst

    async def hit(
        self,
        key: str,
        *,
        weight: int = 1,
        rate: float | None = None,
        burst: int | None = None,
    ) -> Decision:
        """As :meth:`LeakyBucketLimiter.hit`, across replicas."""
        if self.shared is not None:
            rate_ = self.local.rate if rate is None else rate
            burst_ = self.local.burst if burst is None else burst
            if weight > burst_:
                return Decision(False, burst_ / rate_, fits=False)
            try:
                wait = await self.shared.charge(
                    f"{self.namespace}\0{key}", weight=weight, rate=rate_, burst=burst_
                )
            except BucketsUnavailable:
                pass
            else:
                return _ALLOWED if wait is None else Decision(False, wait)
        return self.local.hit(key, weight=weight, rate=rate, burst=burst)
