"""The verifier's cached snapshot: refresh, invalidation during a load, and the answer memo."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from schema.verification import VerifierInputs, VerifierState, check
from signing import StatusLists, TrustList


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def empty() -> VerifierInputs:
    return VerifierInputs.of(TrustList(), StatusLists())


async def test_snapshot_is_reused_within_its_ttl_and_reloaded_after() -> None:
    clock = Clock()
    loads: list[int] = []

    async def load() -> VerifierInputs:
        loads.append(1)
        return empty()

    state = VerifierState(load, ttl=1.0, clock=clock)
    first = await state.current()
    assert await state.current() is first
    clock.now += 1.5
    assert await state.current() is not first
    assert len(loads) == 2
    state.invalidate()
    await state.current()
    assert len(loads) == 3


async def test_a_change_during_a_load_is_not_hidden() -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_load() -> VerifierInputs:
        started.set()
        await release.wait()
        return empty()

    state = VerifierState(slow_load, ttl=60.0)
    pending = asyncio.ensure_future(state.current())
    await started.wait()
    state.invalidate()  # e.g. a revocation committed while the old lists were being read
    release.set()
    await pending
    started.clear()
    release.set()
    # The snapshot loaded before the change is not kept: the next call loads again.
    await state.current()
    assert started.is_set()


def test_answers_are_memoised_per_snapshot_for_a_short_time() -> None:
    inputs = empty()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    first = check(inputs, "TR1:NOPE", now=now, memo_seconds=1.0)
    assert (
        check(inputs, "TR1:NOPE", now=now + timedelta(milliseconds=500), memo_seconds=1.0) is first
    )
    assert check(inputs, "TR1:NOPE", now=now + timedelta(seconds=2), memo_seconds=1.0) is not first
    assert check(empty(), "TR1:NOPE", now=now, memo_seconds=1.0) is not first
    assert check(inputs, "TR1:NOPE", now=now, memo_seconds=0) is not first
