"""Two ``ccr serve`` replicas on one PostgreSQL database hold one rate limit between them
(registry/ratebuckets.py): a partner's, and an address's verifications, within 10 % of the
configured rate, where per-process buckets would let through twice as much."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_replicas_caches import _ccr
from tests.e2e.test_replicas_start import (
    empty_postgres,
    replica_env,
    start_all,
    stop,
    wait_healthy,
)

__all__ = ["empty_postgres"]

pytestmark = pytest.mark.postgres

RATE, BURST = 4.0, 12  # a partner's own limit, set on its record
VERIFY_RATE, VERIFY_BURST = 3.0, 8  # anonymous verification per address, from the settings
WINDOW = 3.0  # seconds of load per rule; every loop below is bounded by it and by a count
MAX_REQUESTS = 400

CREATE_CLIENT = """
mutation($input: CreateApiClientInput!) {
  createApiClient(input: $input) { secret userErrors { code message } }
}"""
VERIFY = {"query": 'query { verifyCredential(qr: "TR1:not-a-credential") { valid } }'}


def _admitted(send: Callable[[int], int], ports: list[int]) -> tuple[int, int, float]:
    """Requests alternating between the replicas for WINDOW seconds: (admitted, refused with
    429, seconds taken). Anything but 200 or 429 fails the test."""
    admitted = refused = 0
    started = time.monotonic()
    for port in itertools.islice(itertools.cycle(ports), MAX_REQUESTS):
        if time.monotonic() - started >= WINDOW:
            break
        status = send(port)
        assert status in (200, 429), status
        admitted += status == 200
        refused += status == 429
    return admitted, refused, time.monotonic() - started


def _within_ten_percent(admitted: int, rate: float, burst: int, seconds: float) -> None:
    allowed = burst + rate * seconds  # what one bucket lets through in that time
    print(f"admitted {admitted} across 2 replicas; one bucket allows {allowed:.1f}")
    assert admitted <= allowed * 1.1 + 1, (admitted, allowed)
    assert admitted >= allowed * 0.9 - 1, (admitted, allowed)


def test_two_replicas_hold_one_partner_limit_and_one_verification_limit(
    tmp_path: Path, empty_postgres: str
) -> None:
    extra = {"CCR_VERIFY_RATE": str(VERIFY_RATE), "CCR_VERIFY_BURST": str(VERIFY_BURST)}
    replicas = start_all(tmp_path, empty_postgres, count=2, extra_env=extra)
    try:
        wait_healthy(replicas)
        env = replica_env(tmp_path, empty_postgres, "unused")
        admin = _ccr(
            env, "admin", "create-token", "--org", "registry-ops", "--role", "SYSTEM_ADMIN"
        ).strip()
        _ccr(
            env,
            "admin",
            "create-org",
            "--code",
            "bank-x",
            "--name",
            "某银行",
            "--kind",
            "FINANCIAL",
            "--region",
            "310101",
        )
        ports = [port for _, port, _ in replicas]
        created = httpx.post(
            f"http://127.0.0.1:{ports[0]}/graphql",
            json={
                "query": CREATE_CLIENT,
                "variables": {
                    "input": {
                        "organisation": "bank-x",
                        "name": "核验接口",
                        "purposes": ["CREATOR_BADGE"],
                        "scopes": ["verify:result"],
                        "ratePerSecond": RATE,
                        "burst": BURST,
                    }
                },
            },
            headers={"Authorization": f"Bearer {admin}"},
            timeout=10,
        ).json()["data"]["createApiClient"]
        assert created["userErrors"] == []
        secret = created["secret"]

        def as_partner(port: int) -> int:
            return httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": "{ viewer { role } }"},
                headers={"Authorization": f"Bearer {secret}"},
                timeout=5,
            ).status_code

        admitted, refused, seconds = _admitted(as_partner, ports)
        assert refused > 0
        _within_ten_percent(admitted, RATE, BURST, seconds)

        def anonymous(port: int) -> int:
            return httpx.post(
                f"http://127.0.0.1:{port}/graphql", json=VERIFY, timeout=5
            ).status_code

        admitted, refused, seconds = _admitted(anonymous, ports)
        assert refused > 0
        _within_ten_percent(admitted, VERIFY_RATE, VERIFY_BURST, seconds)
    finally:
        stop(replicas)
