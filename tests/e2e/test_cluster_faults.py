"""Faults in the local cluster (tests/cluster.py: PostgreSQL, three replicas, nginx as in
docker/nginx.conf), under a load bounded in time and count.

- A replica killed mid-load: nothing committed is lost or written twice; reads (GET, which
  nginx may re-send) never fail; a write cut off with its replica gets a clear, retryable
  503 and its retry is harmless.
- PostgreSQL restarted mid-load: requests in the gap fail fast with 503 and ``Retry-After``,
  none hangs, and the replicas recover by themselves.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from registry.domain.identity import resident_id_check_char
from tests.cluster import LocalCluster, find_nginx
from tests.conftest import run_async
from tests.pg_cluster import find_pg_bin

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(find_nginx() is None, reason="nginx is not installed"),
    pytest.mark.skipif(find_pg_bin() is None, reason="PostgreSQL is not installed"),
]

LOAD_SECONDS = 6.0
MAX_OPERATIONS = 2_000  # per worker; the time bound comes first
WORKERS = 4
REQUEST_TIMEOUT = 10.0  # a request slower than this counts as hung
RETRIES = 5

REGISTER = """mutation($input: RegisterCreatorInput!) {
  registerCreator(input: $input) { creator { id } userErrors { code } }
}"""
DB_READ = "{ creators(first: 1) { edges { node { id } } } }"


@pytest.fixture
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(replicas=3) as running:
        yield running


def _official(cluster: LocalCluster) -> str:
    """A token of an office that registers creators."""
    cluster.ccr(
        "admin", "create-org", "--code", "yp-cac", "--name", "杨浦区网信办",
        "--kind", "CAC_OFFICE", "--region", "310110",
    )  # fmt: skip
    return cluster.ccr("admin", "create-token", "--org", "yp-cac", "--role", "CAC_OFFICIAL").strip()


def _id_number(worker: int, index: int) -> str:
    """A well-formed resident ID number, unique per worker and operation."""
    serial = worker * MAX_OPERATIONS + index
    born = date(1990, 1, 1) + timedelta(days=serial // 1000)
    first17 = f"310110{born:%Y%m%d}{serial % 1000:03d}"
    return first17 + resident_id_check_char(first17)


@dataclass
class Tally:
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)  # names the registry confirmed
    retried: int = 0
    slowest: float = 0.0
    unexpected: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, answer: httpx.Response, seconds: float) -> None:
        with self.lock:
            self.statuses[kind, answer.status_code] += 1
            self.slowest = max(self.slowest, seconds)


def _retryable(answer: httpx.Response) -> bool:
    """A 503 that says so: Retry-After, and the API's error shape with its code."""
    if answer.status_code != 503 or "retry-after" not in answer.headers:
        return False
    try:
        errors = answer.json()["errors"]
    except (ValueError, KeyError):
        return False
    return bool(errors) and errors[0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


def _post(client: httpx.Client, tally: Tally, kind: str, body: dict[str, Any]) -> httpx.Response:
    started = time.monotonic()
    answer = client.post("/graphql", json=body)
    tally.note(kind, answer, time.monotonic() - started)
    return answer


def _write(client: httpx.Client, tally: Tally, worker: int, index: int) -> None:
    name = f"负载{worker}-{index}"
    body = {
        "query": REGISTER,
        "variables": {
            "input": {
                "name": name,
                "origin": "DOMESTIC",
                "idDocumentType": "RESIDENT_ID",
                "idNumber": _id_number(worker, index),
                "regionCode": "310110",
            }
        },
    }
    for attempt in range(RETRIES):
        answer = _post(client, tally, "write", body)
        if _retryable(answer):
            with tally.lock:
                tally.retried += 1
            time.sleep(min(float(answer.headers["retry-after"]), 2.0))  # as asked
            continue
        if answer.status_code != 200:
            tally.unexpected.append(f"write {answer.status_code}: {answer.text[:200]}")
            return
        data = answer.json().get("data")
        if data is None:
            tally.unexpected.append(f"write failed: {answer.text[:200]}")
            return
        payload = data["registerCreator"]
        codes = [error["code"] for error in payload["userErrors"]]
        # A retry of a write that had committed before its replica died is refused as a
        # duplicate: the registry holds it once.
        if codes == [] or (attempt > 0 and codes == ["DUPLICATE"]):
            with tally.lock:
                tally.written.append(name)
        else:
            tally.unexpected.append(f"write refused: {codes}")
        return
    tally.unexpected.append("write still unavailable after retries")


def _read(client: httpx.Client, tally: Tally) -> None:
    for _attempt in range(RETRIES):
        answer = _post(client, tally, "read", {"query": DB_READ})
        if _retryable(answer):
            with tally.lock:
                tally.retried += 1
            time.sleep(min(float(answer.headers["retry-after"]), 2.0))  # as asked
            continue
        if answer.status_code != 200 or "errors" in answer.json():
            tally.unexpected.append(f"read {answer.status_code}: {answer.text[:200]}")
        return
    tally.unexpected.append("read still unavailable after retries")


def _load(cluster: LocalCluster, token: str, worker: int, tally: Tally, until: float) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=cluster.url, headers=headers, timeout=REQUEST_TIMEOUT) as client:
        for index in range(MAX_OPERATIONS):
            if time.monotonic() >= until:
                return
            if index % 3 == 0:
                _write(client, tally, worker, index)
            elif index % 3 == 1:
                _read(client, tally)
            else:
                # GET, which nginx may send to another replica when one fails; the health
                # check reads the database.
                started = time.monotonic()
                answer = client.get("/healthz")
                tally.note("get", answer, time.monotonic() - started)
                if answer.status_code != 200 and not (
                    answer.status_code == 503 and "retry-after" in answer.headers
                ):
                    tally.unexpected.append(f"get {answer.status_code}: {answer.text[:200]}")


def _run_load(cluster: LocalCluster, token: str, fault: Any, after: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + LOAD_SECONDS
    workers = [
        threading.Thread(target=_load, args=(cluster, token, worker, tally, until))
        for worker in range(WORKERS)
    ]
    for thread in workers:
        thread.start()
    time.sleep(after)
    fault()
    for thread in workers:
        thread.join(timeout=LOAD_SECONDS + 4 * REQUEST_TIMEOUT)
    assert not any(thread.is_alive() for thread in workers), "a worker hung"
    print(dict(tally.statuses), f"retried {tally.retried}", f"slowest {tally.slowest:.2f} s")
    return tally


async def _names(database_url: str) -> list[str]:
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch("SELECT name FROM creators WHERE name LIKE '负载%'")
    finally:
        await connection.close()
    return [row["name"] for row in rows]


def test_a_replica_killed_under_load_loses_no_write_and_fails_no_read(
    cluster: LocalCluster,
) -> None:
    token = _official(cluster)
    tally = _run_load(cluster, token, lambda: cluster.kill_replica(1), after=2.0)
    assert tally.unexpected == []
    # nginx sent the GETs the dead replica could not answer to another one.
    assert tally.statuses["get", 200] > 0
    assert tally.statuses["get", 503] == 0
    assert tally.statuses["read", 200] > 0
    assert tally.statuses["write", 200] > 0
    stored = run_async(_names(cluster.database_url))
    # Every confirmed write is there once; nothing is there that was not confirmed.
    assert Counter(stored) == Counter(tally.written)
    survivors = [m for i, m in enumerate(cluster.members) if i != 1]
    assert all(member.running for member in survivors)


def test_postgres_restarted_under_load_fails_fast_and_recovers_alone(
    cluster: LocalCluster,
) -> None:
    token = _official(cluster)
    assert cluster.pg is not None
    pids = [member.process.pid for member in cluster.members if member.process]

    def restart() -> None:
        assert cluster.pg is not None
        cluster.pg.stop_server()
        time.sleep(1.5)  # the gap: every request in it meets a database that is not there
        cluster.pg.start_server()

    tally = _run_load(cluster, token, restart, after=1.5)
    # Reads and writes in the gap were answered 503 with Retry-After, never hung.
    assert tally.slowest < REQUEST_TIMEOUT / 2, tally.slowest
    assert tally.unexpected == []
    assert tally.statuses["read", 503] + tally.statuses["write", 503] > 0
    # The replicas recovered by themselves: the same processes answer again.
    assert [member.process.pid for member in cluster.members if member.process] == pids
    assert all(member.running for member in cluster.members)
    with httpx.Client(base_url=cluster.url, timeout=REQUEST_TIMEOUT) as client:
        deadline = time.monotonic() + 10
        answer = client.post(
            "/graphql", json={"query": DB_READ}, headers={"Authorization": f"Bearer {token}"}
        )
        while answer.status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
            answer = client.post(
                "/graphql", json={"query": DB_READ}, headers={"Authorization": f"Bearer {token}"}
            )
        assert answer.status_code == 200
        assert "errors" not in answer.json()
    stored = run_async(_names(cluster.database_url))
    assert Counter(stored) == Counter(tally.written)
