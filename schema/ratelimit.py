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


@dataclass(slots=True)
class _Lease:
    """Units this replica has already charged to the shared bucket and may spend without
    asking again; or, after a refusal, the moment before which asking is pointless."""

    units: int
    until: float
    blocked_until: float = 0.0


class RateLimiter:
    """A limit every replica shares when the database can share it (registry/ratebuckets.py),
    and a per-process bucket otherwise: with SQLite, with shared limits turned off, or for the
    moments the database cannot be reached.

    Two things keep the database out of most requests without loosening the limit:

    - **Leases.** A charge takes ``lease_fraction`` of the burst at once (at least the work
      itself) and spends the rest locally for up to ``lease_seconds``. Every unit spent was
      charged to the shared bucket first, so the replicas together never admit more than it
      allows; at worst each replica holds one lease unspent. Bursts under 80 lease one unit:
      every charge is exact.
    - **Refusals remembered.** After a refusal the key is refused locally until one unit
      would fit again: a caller flooding a replica costs the database one statement per
      refusal period, not one per request.

    ``namespace`` keeps two limits on the same key (an address verifying, a client's requests)
    in separate buckets.
    """

    __slots__ = (
        "_clock",
        "_leases",
        "lease_fraction",
        "lease_seconds",
        "local",
        "max_keys",
        "namespace",
        "shared",
    )

    def __init__(
        self,
        local: LeakyBucketLimiter,
        *,
        namespace: str,
        shared: SharedBuckets | None = None,
        lease_fraction: float = 0.025,
        lease_seconds: float = 2.0,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.local = local
        self.namespace = namespace
        self.shared = shared if shared is not None and shared.active else None
        self.lease_fraction = lease_fraction
        self.lease_seconds = lease_seconds
        self.max_keys = max_keys
        self._clock = clock
        self._leases: OrderedDict[str, _Lease] = OrderedDict()

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
        if self.shared is None:
            return self.local.hit(key, weight=weight, rate=rate, burst=burst)
        rate_ = self.local.rate if rate is None else rate
        burst_ = self.local.burst if burst is None else burst
        if weight > burst_:
            return Decision(False, burst_ / rate_, fits=False)
        now = self._clock()
        lease = self._leases.get(key)
        if lease is not None:
            if now < lease.blocked_until:
                return Decision(False, lease.blocked_until - now + (weight - 1) / rate_)
            if now < lease.until and lease.units >= weight:
                lease.units -= weight
                return _ALLOWED
        size = max(weight, int(burst_ * self.lease_fraction))
        shared_key = f"{self.namespace}\0{key}"
        try:
            wait = await self.shared.charge(shared_key, weight=size, rate=rate_, burst=burst_)
            if wait is not None and size > weight:  # a lease does not fit; the work may
                size = weight
                wait = await self.shared.charge(shared_key, weight=size, rate=rate_, burst=burst_)
        except BucketsUnavailable:
            return self.local.hit(key, weight=weight, rate=rate, burst=burst)
        if wait is None:
            self._remember(key, _Lease(size - weight, now + self.lease_seconds))
            return _ALLOWED
        # One unit fits (weight - 1) / rate sooner than this work would.
        self._remember(key, _Lease(0, now, now + max(0.0, wait - (weight - 1) / rate_)))
        return Decision(False, wait)

    def _remember(self, key: str, lease: _Lease) -> None:
        self._leases.pop(key, None)
        self._leases[key] = lease
        while len(self._leases) > self.max_keys:
            self._leases.popitem(last=False)
