"""Benchmark the local cluster (tests/cluster.py) through nginx on PostgreSQL, with 1, 2 and 3
replicas in one run, and the cost of sharing rate limits between replicas.

    python bench/cluster.py [--duration 6] [--connections 12]

For each replica count, a fresh cluster with demo data (setup, not timed), rate limits lifted
far above the load so none refuses, then, all on 127.0.0.1 and bounded in time and count:

1. ``verifyCredential`` with a real QR text, anonymous, as the public verifier page asks it,
   twice: every request from one address (its bucket's units leased by each replica, so
   the database is asked rarely), and every request from a new address (X-Forwarded-For,
   which the replicas believe from nginx: one shared-bucket charge per request, the worst
   case). Requests per second, p99.
2. A mixed official workload as a district's CAC official: 6 searches (``creators(search:)``)
   and 3 record reads (``creator(id:)`` with its credentials) for each renewal
   (``reissueCredential`` RENEW: a new credential signed, the old one revoked, status list
   bits and the audit chain written in one transaction): requests per second and p99 per kind.

Then, with 1 and 2 replicas, the verification runs again with ``CCR_SHARED_RATE_LIMITS=0``
(each process limits on its own): the price of one limit across replicas, side by side.

The load generator runs on the same machine as the replicas, nginx and PostgreSQL, so it
takes its share of the CPUs: the ratios say how the deployment scales here, not what more
machines would give. The scaling goal is ≥ 1.7× from 1 to 2 replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import VERIFY, Connection, Result, _request, one  # noqa: E402
from tests.cluster import LocalCluster  # noqa: E402

MAX_OPERATIONS = 200_000  # per scenario, whatever the duration
LIFTED = {  # far above the load: the charge is still made, nothing is refused
    "CCR_VERIFY_RATE": "1000000",
    "CCR_VERIFY_BURST": "1000000",
    "CCR_CLIENT_RATE": "1000000",
    "CCR_CLIENT_BURST": "1000000",
}
SEARCH = (
    "query($q: String!) { creators(first: 20, search: $q) { "
    "edges { node { id displayName maskedIdNumber regionCode } } } }"
)
RECORD = (
    "query($id: ID!) { creator(id: $id) { id displayName origin regionCode "
    "credentials(first: 10) { edges { node { id kind status validUntil } } } } }"
)
RENEW = (
    "mutation($id: ID!) { reissueCredential(input: {credentialId: $id, operation: RENEW, "
    'reason: "年度续期"}) { credential { id } userErrors { code } } }'
)


@dataclass
class Mixed:
    kinds: dict[str, Result] = field(default_factory=dict)
    seconds: float = 0.0

    def result(self, kind: str) -> Result:
        return self.kinds.setdefault(kind, Result(kind, 0, 0.0, [], 0))

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.kinds.values())

    @property
    def all_latencies(self) -> Result:
        merged = Result("mixed", self.requests, self.seconds, [], 0)
        for r in self.kinds.values():
            merged.latencies += r.latencies
            merged.failures += r.failures
        return merged


Payload = bytes | Callable[[int], bytes]


def _from_address(payload: bytes) -> Callable[[int], bytes]:
    """The request as if from a new address each time (nginx forwards the client's
    X-Forwarded-For and the replicas trust nginx): a new rate-limit bucket each request."""

    def request(n: int) -> bytes:
        address = f"X-Forwarded-For: 10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        return payload.replace(b"\r\n", f"\r\n{address}\r\n".encode(), 1)

    return request


async def _verifier(
    port: int, payload: Payload, deadline: float, budget: list[int], out: Result
) -> None:
    connection = Connection(port)
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            started = time.perf_counter()
            request = payload if isinstance(payload, bytes) else payload(budget[0])
            head, body = await connection.exchange(request)
            out.latencies.append(time.perf_counter() - started)
            out.requests += 1
            if not head.startswith(b"HTTP/1.1 200") or b'"valid":true' not in body:
                out.failures += 1
    finally:
        await connection.close()


async def _verify_load(port: int, payload: Payload, *, duration: float, connections: int) -> Result:
    out = Result("verifyCredential", 0, 0.0, [], 0)
    budget = [MAX_OPERATIONS]
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_verifier(port, payload, deadline, budget, out) for _ in range(connections))
    )
    out.seconds = time.perf_counter() - started
    return out


async def _official(
    port: int,
    token: str,
    credential: str,
    searches: list[str],
    records: list[str],
    deadline: float,
    budget: list[int],
    out: Mixed,
) -> None:
    """One connection of an official's day: its own credential to renew, again and again."""
    connection = Connection(port)
    try:
        step = 0
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            step += 1
            if step % 10 == 0:
                kind, body = "issuance", {"query": RENEW, "variables": {"id": credential}}
            elif step % 10 in (3, 6, 9):
                kind = "record read"
                body = {"query": RECORD, "variables": {"id": records[step % len(records)]}}
            else:
                kind = "search"
                body = {"query": SEARCH, "variables": {"q": searches[step % len(searches)]}}
            started = time.perf_counter()
            head, answer = await connection.exchange(_request(port, body, token))
            result = out.result(kind)
            result.latencies.append(time.perf_counter() - started)
            result.requests += 1
            document = json.loads(answer) if answer else {}
            if not head.startswith(b"HTTP/1.1 200") or document.get("errors"):
                result.failures += 1
                continue
            if kind == "issuance":
                payload = document["data"]["reissueCredential"]
                if payload["userErrors"] or payload["credential"] is None:
                    result.failures += 1
                else:
                    credential = payload["credential"]["id"]
    finally:
        await connection.close()


async def _mixed(
    port: int, token: str, credentials: list[str], searches: list[str], records: list[str], *,
    duration: float, connections: int,
) -> Mixed:  # fmt: skip
    out = Mixed()
    budget = [MAX_OPERATIONS]
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(
            _official(port, token, credentials[i], searches, records, deadline, budget, out)
            for i in range(connections)
        )
    )
    out.seconds = time.perf_counter() - started
    for r in out.kinds.values():
        r.seconds = out.seconds
    return out


async def _inputs(
    port: int, tokens: dict[str, str]
) -> tuple[str, str, list[str], list[str], list[str]]:
    official = tokens["CAC_OFFICIAL@sh-cac"]
    mine = await one(
        port, {"query": "{ credentials(first: 1) { edges { node { qrText } } } }"},
        tokens["CREATOR@" + next(k.split("@")[1] for k in tokens if k.startswith("CREATOR@"))],
    )  # fmt: skip
    qr = mine["data"]["credentials"]["edges"][0]["node"]["qrText"]
    page = await one(
        port,
        {"query": "{ creators(first: 50) { edges { node { id displayName } } } }"},
        official,
    )
    creators = [edge["node"] for edge in page["data"]["creators"]["edges"]]
    searches = sorted({c["displayName"][:1] for c in creators if c["displayName"]}) or ["张"]
    records = [c["id"] for c in creators]
    issued = await one(
        port,
        {"query": "{ credentials(first: 100) { edges { node { id status organisationCode } } } }"},
        official,
    )
    active = [
        edge["node"]["id"]
        for edge in issued["data"]["credentials"]["edges"]
        # Its own office's, which it may renew.
        if edge["node"]["status"] == "ACTIVE" and edge["node"]["organisationCode"] == "sh-cac"
    ]
    return official, qr, searches, records, active


@dataclass
class Run:
    one_caller: Result  # every verification from one address: its bucket leased
    new_callers: Result  # a new address each time: one shared-bucket charge each
    mixed: Mixed | None


async def _measure(cluster: LocalCluster, args: Any) -> Run:
    tokens = cluster.demo_tokens()
    port = cluster.proxy_port
    official, qr, searches, records, active = await _inputs(port, tokens)
    verify = _request(port, {"query": VERIFY, "variables": {"qr": qr}})
    await _verify_load(port, verify, duration=1.0, connections=args.connections)
    one_caller = await _verify_load(
        port, verify, duration=args.duration, connections=args.connections
    )
    new_callers = await _verify_load(
        port, _from_address(verify), duration=args.duration, connections=args.connections
    )
    if not args.mixed:
        return Run(one_caller, new_callers, None)
    connections = min(args.connections, len(active))
    mixed = await _mixed(
        port, official, active, searches, records,
        duration=args.duration, connections=connections,
    )  # fmt: skip
    return Run(one_caller, new_callers, mixed)


# The rows a registry of millions is made of (docs/scale.md sizes the database from these).
SIZED = ("creators", "credentials", "credential_operations", "audit_events", "disclosures")
ROW_SIZES: dict[str, tuple[int, float]] = {}


async def _row_sizes(database_url: str) -> dict[str, tuple[int, float]]:
    """Per table: rows, and the average bytes of a row as stored (without its indexes)."""
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(database_url)
    try:
        sizes = {}
        for table in SIZED:
            rows, size = await connection.fetchrow(
                f"SELECT count(*), coalesce(avg(pg_column_size(t.*)), 0) FROM {table} t"
            )
            sizes[table] = (int(rows), float(size))
        return sizes
    finally:
        await connection.close()


def _run(replicas: int, extra: dict[str, str], args: Any, *, mixed: bool = True) -> Run:
    args.mixed = mixed
    with LocalCluster(replicas=replicas, demo=True, extra_env={**LIFTED, **extra}) as cluster:
        measured = asyncio.run(_measure(cluster, args))
        if mixed and not ROW_SIZES:
            ROW_SIZES.update(asyncio.run(_row_sizes(cluster.database_url)))
        return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--connections", type=int, default=12)
    args = parser.parse_args()
    runs: dict[str, Run] = {}
    for replicas in (1, 2, 3):
        runs[f"{replicas} replica{'s' if replicas > 1 else ''}"] = _run(replicas, {}, args)
    for replicas in (1, 2):
        runs[f"{replicas}, limits per process"] = _run(
            replicas, {"CCR_SHARED_RATE_LIMITS": "0"}, args, mixed=False
        )
    print(
        f"\nthrough nginx on PostgreSQL, {args.connections} keep-alive connections, "
        f"{args.duration:.0f} s per scenario; {os.cpu_count()} CPUs, load average at the end "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'':<24}{'verify, one caller':>19}{'verify, new callers':>20}"
        f"{'mixed':>8}{'p99':>7}{'search':>8}{'read':>7}{'renew':>7}{'failed':>8}"
    )
    print(f"{'':<24}{'req/s':>10}{'p99 ms':>9}{'req/s':>11}{'p99 ms':>9}{'req/s':>8}{'ms':>7}")
    for name, run in runs.items():
        line = f"{name:<24}{run.one_caller.rate:>10,.0f}{run.one_caller.percentile(0.99):>9.1f}"
        line += f"{run.new_callers.rate:>11,.0f}{run.new_callers.percentile(0.99):>9.1f}"
        failed = run.one_caller.failures + run.new_callers.failures
        if run.mixed is not None:
            total = run.mixed.all_latencies
            line += f"{run.mixed.requests / run.mixed.seconds:>8,.0f}{total.percentile(0.99):>7.0f}"
            for kind, width in (("search", 8), ("record read", 7), ("issuance", 7)):
                line += f"{run.mixed.result(kind).percentile(0.99):>{width}.0f}"
            failed += total.failures
        else:
            line += " " * 37
        print(line + f"{failed:>8}")
    one, two, three = (runs[k] for k in ("1 replica", "2 replicas", "3 replicas"))

    def ratio(a: Result, b: Result) -> str:
        return f"{b.rate / a.rate:.2f}×"

    print("\nscaling, shared limits (goal ≥ 1.7× for 1 → 2):")
    print(
        f"  verify, one caller   1 → 2 {ratio(one.one_caller, two.one_caller)}, "
        f"1 → 3 {ratio(one.one_caller, three.one_caller)}"
    )
    print(
        f"  verify, new callers  1 → 2 {ratio(one.new_callers, two.new_callers)}, "
        f"1 → 3 {ratio(one.new_callers, three.new_callers)}"
    )
    if one.mixed and two.mixed and three.mixed:
        rate = [m.requests / m.seconds for m in (one.mixed, two.mixed, three.mixed)]
        print(
            f"  mixed workload       1 → 2 {rate[1] / rate[0]:.2f}×, 1 → 3 {rate[2] / rate[0]:.2f}×"
        )
    local1, local2 = runs["1, limits per process"], runs["2, limits per process"]
    print(
        f"  per-process limits   verify, one caller 1 → 2 "
        f"{ratio(local1.one_caller, local2.one_caller)}; new callers "
        f"{ratio(local1.new_callers, local2.new_callers)}"
    )
    print("shared ÷ per-process limits, 2 replicas, same run:")
    print(
        f"  verify, one caller {two.one_caller.rate / local2.one_caller.rate:.0%}; "
        f"new callers {two.new_callers.rate / local2.new_callers.rate:.0%}"
    )
    print("\nrows after the 1-replica run (demo data + its mixed workload), average bytes a row:")
    for table, (rows, size) in ROW_SIZES.items():
        print(f"  {table:<22}{rows:>8,} rows {size:>8,.0f} B")


if __name__ == "__main__":
    main()
