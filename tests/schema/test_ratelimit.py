from __future__ import annotations

import pytest

from schema.ratelimit import LeakyBucketLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_refused_with_retry_after() -> None:
    clock = Clock()
    limiter = LeakyBucketLimiter(rate=2.0, burst=3, clock=clock)
    assert [limiter.hit("a").allowed for _ in range(3)] == [True, True, True]
    refused = limiter.hit("a")
    assert not refused.allowed
    assert refused.retry_after == pytest.approx(0.5)
    assert refused.retry_after_header == "1"


def test_bucket_drains_over_time() -> None:
    clock = Clock()
    limiter = LeakyBucketLimiter(rate=2.0, burst=2, clock=clock)
    assert limiter.hit("a").allowed
    assert limiter.hit("a").allowed
    assert not limiter.hit("a").allowed
    clock.now += 0.5
    assert limiter.hit("a").allowed
    assert not limiter.hit("a").allowed


def test_keys_are_independent_and_overrides_apply() -> None:
    clock = Clock()
    limiter = LeakyBucketLimiter(rate=1.0, burst=1, clock=clock)
    assert limiter.hit("a").allowed
    assert limiter.hit("b").allowed
    assert not limiter.hit("a").allowed
    assert limiter.hit("c", rate=10, burst=5).allowed
    assert all(limiter.hit("c", rate=10, burst=5).allowed for _ in range(4))
    assert not limiter.hit("c", rate=10, burst=5).allowed


def test_memory_is_bounded() -> None:
    limiter = LeakyBucketLimiter(rate=1.0, burst=1, max_keys=10, clock=Clock())
    for i in range(100):
        limiter.hit(f"ip-{i}")
    assert len(limiter) == 10


def test_rejects_nonsense_parameters() -> None:
    with pytest.raises(ValueError):
        LeakyBucketLimiter(rate=0, burst=1)
