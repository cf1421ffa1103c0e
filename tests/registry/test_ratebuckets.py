"""Rate-limit buckets shared through PostgreSQL (registry/ratebuckets.py): two stores, as two
replicas would hold, charge one bucket exactly as one process would."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from registry.ratebuckets import BucketsUnavailable, SharedBuckets
from schema.ratelimit import LeakyBucketLimiter, RateLimiter

# Shared buckets exist on PostgreSQL only (SQLite: one process, nobody to share with).
on_postgres = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@on_postgres
async def test_two_stores_share_one_bucket(database_url: str) -> None:
    first, second = SharedBuckets(database_url), SharedBuckets(database_url)
    try:
        # A slow rate: the bucket barely drains while the test runs.
        answers = await asyncio.gather(
            *(
                (first if i % 2 else second).charge("client\0a", weight=1, rate=0.01, burst=10)
                for i in range(40)
            )
        )
        assert sum(answer is None for answer in answers) == 10
        refused = [answer for answer in answers if answer is not None]
        # Each refusal says how long until one more unit fits: about 1 / rate.
        assert all(90 < wait <= 100.5 for wait in refused), refused
        # Another key has its own bucket; weight counts as that many units.
        assert await first.charge("client\0b", weight=7, rate=0.01, burst=10) is None
        assert await second.charge("client\0b", weight=4, rate=0.01, burst=10) is not None
        assert await second.charge("client\0b", weight=3, rate=0.01, burst=10) is None
    finally:
        await first.aclose()
        await second.aclose()


@on_postgres
async def test_buckets_drain_at_their_rate_and_keep_no_key_in_clear(database_url: str) -> None:
    store = SharedBuckets(database_url)
    try:
        for _ in range(2):
            assert await store.charge("verify\0203.0.113.7", weight=1, rate=20.0, burst=2) is None
        assert await store.charge("verify\0203.0.113.7", weight=1, rate=20.0, burst=2) is not None
        await asyncio.sleep(0.12)  # 20 a second: two units have drained
        assert await store.charge("verify\0203.0.113.7", weight=2, rate=20.0, burst=2) is None
    finally:
        await store.aclose()
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            keys = (await connection.execute(text("SELECT key FROM rate_buckets"))).scalars().all()
            persistence = (
                await connection.execute(
                    text("SELECT relpersistence::text FROM pg_class WHERE relname = 'rate_buckets'")
                )
            ).scalar_one()
    finally:
        await engine.dispose()
    assert keys
    assert all(len(key) == 16 and b"203.0.113.7" not in key for key in keys)
    assert persistence == "u"  # UNLOGGED


@on_postgres
async def test_sweep_forgets_only_empty_buckets(database_url: str) -> None:
    store = SharedBuckets(database_url, sweep_every=0.0)
    try:
        assert await store.charge("k\0empty-soon", weight=1, rate=100.0, burst=1) is None
        assert await store.charge("k\0full", weight=1, rate=0.001, burst=1) is None
        await asyncio.sleep(0.05)
        await store._sweep()
        # The full bucket stayed: still refused.
        assert await store.charge("k\0full", weight=1, rate=0.001, burst=1) is not None
    finally:
        await store.aclose()
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            count = (await connection.execute(text("SELECT count(*) FROM rate_buckets"))).scalar()
    finally:
        await engine.dispose()
    assert count == 1


async def test_unreachable_database_fails_fast_and_limits_locally() -> None:
    # A port nobody listens on: the charge raises at once, and for a second none is tried.
    store = SharedBuckets("postgresql://ccr@127.0.0.1:9/ccr", timeout=0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(BucketsUnavailable):
        await store.charge("k", weight=1, rate=1.0, burst=1)
    with pytest.raises(BucketsUnavailable):
        await store.charge("k", weight=1, rate=1.0, burst=1)
    assert loop.time() - started < 2.0
    limiter = RateLimiter(LeakyBucketLimiter(rate=0.01, burst=2), namespace="t", shared=store)
    decisions = [await limiter.hit("caller") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]
    await store.aclose()


async def test_sqlite_has_no_shared_buckets() -> None:
    store = SharedBuckets("sqlite:///registry.db")
    assert not store.active
    limiter = RateLimiter(LeakyBucketLimiter(rate=1.0, burst=1), namespace="t", shared=store)
    assert limiter.shared is None
    with pytest.raises(BucketsUnavailable):
        await store.charge("k", weight=1, rate=1.0, burst=1)


@on_postgres
async def test_work_larger_than_the_bucket_never_fits(database_url: str) -> None:
    store = SharedBuckets(database_url)
    limiter = RateLimiter(LeakyBucketLimiter(rate=1.0, burst=5), namespace="t", shared=store)
    try:
        decision = await limiter.hit("caller", weight=6)
        assert not decision.allowed
        assert not decision.fits
        assert (await limiter.hit("caller", weight=5)).allowed
    finally:
        await store.aclose()


class _Counting(SharedBuckets):
    charges = 0

    async def charge(self, key: str, *, weight: int, rate: float, burst: int) -> float | None:
        self.charges += 1
        return await super().charge(key, weight=weight, rate=rate, burst=burst)


@on_postgres
async def test_leases_never_let_replicas_past_the_shared_bucket(database_url: str) -> None:
    stores = [_Counting(database_url), _Counting(database_url)]
    limiters = [
        RateLimiter(LeakyBucketLimiter(rate=0.001, burst=400), namespace="p", shared=store)
        for store in stores
    ]
    try:
        admitted = 0
        for i in range(1_000):
            admitted += (await limiters[i % 2].hit("partner")).allowed
        # A lease is 2.5 % of the burst (10 units): at most one per replica left unspent.
        assert 400 - 2 * 10 <= admitted <= 400
        charges = sum(store.charges for store in stores)
        # Leases, and refusals remembered until a unit fits: far fewer statements than hits.
        assert charges < 100, charges
    finally:
        for store in stores:
            await store.aclose()
