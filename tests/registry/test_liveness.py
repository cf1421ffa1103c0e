"""The health probe answers from a recent ping and never waits for one while it is fresh."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from registry.services import health


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_fresh_answers_do_not_ping(monkeypatch: pytest.MonkeyPatch) -> None:
    pings: list[int] = []
    outcome = {"fail": False}

    async def fake_ping(ctx: Any) -> None:
        pings.append(1)
        if outcome["fail"]:
            raise RuntimeError("database gone")

    monkeypatch.setattr(health, "ping", fake_ping)
    clock = _Clock()
    probe = health.Liveness(object(), refresh_after=1.0, stale_after=5.0, clock=clock)  # type: ignore[arg-type]
    assert await probe.reachable() is True  # no result yet: waits for the first ping
    assert await probe.reachable() is True
    assert len(pings) == 1
    clock.now += 2  # past refresh_after: answers at once, refreshes behind
    outcome["fail"] = True
    assert await probe.reachable() is True
    await asyncio.sleep(0)
    assert len(pings) == 2
    assert await probe.reachable() is False  # the background ping saw the failure
    assert await probe.reachable() is False  # and a failure is re-checked every time
    assert len(pings) == 4
    outcome["fail"] = False
    clock.now += 10
    assert await probe.reachable() is True
