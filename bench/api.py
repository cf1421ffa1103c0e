"""Benchmark the API over loopback: verifyCredential beside a bare query, and a creators page.

    python bench/api.py [--duration 5] [--connections 8] [--creators 100000]

What it does, all on 127.0.0.1 and bounded in time and count:

1. Seeds a demo registry into a temporary directory, then adds ``--creators`` synthetic
   creators in bulk (setup, not timed).
2. Starts the real service (``ccr serve``, one uvicorn worker, no access log) with rate limits
   lifted for the run.
3. Measures, in the same run and against the same server, ``{ __typename }`` (the barest
   Strawberry query: parsing, validation, execution, HTTP) and
   ``verifyCredential(qr: $qr) { valid code kind claims {…} }`` with a real QR text, the same
   text each time (the 1-s answer memo helps) and a new text each time (a full check every
   request): requests per second and p50/p99 latency, over ``--connections`` keep-alive
   connections driven by a small asyncio HTTP/1.1 client (an HTTP library would measure
   itself as much as the server). A second server on the same registry, with
   ``CCR_VERIFY_FAST_PATH=0``, shows what the general executor alone achieves; and an API
   client's verification (purpose and scopes checked, a disclosure row written before each
   answer) shows what a partner system gets.
4. Measures ``creators(first: 50)`` as an official, one request at a time: p50 on the first
   page and on a page deep in the list (keyset paging costs the same anywhere).

Goal: verifyCredential at ≥ 1,000 requests/s per worker and ≥ 60 % of the bare query's rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MAX_REQUESTS = 2_000_000  # per scenario, whatever the duration
# The scenarios the goal is about: anyone verifying a QR code (the fast path on).
GOAL = ("verifyCredential", "verify, new text each")
ROUNDS = 3  # scenarios interleaved, best kept: other load on the machine hits every scenario
START_TIMEOUT = 60.0
BARE = "{ __typename }"
VERIFY = (
    "query Verify($qr: String!) { verifyCredential(qr: $qr) { valid code kind "
    "claims { subjectName achievement { code level grade year } validUntil } } }"
)
# What an API client may ask with the demo client's scopes (result and achievement).
PARTNER_VERIFY = (
    'query Verify($qr: String!) { verifyCredential(qr: $qr, purpose: "CREATOR_BADGE") '
    "{ valid code kind claims { achievement { code level grade year } validUntil } } }"
)
CREATORS = (
    "query Page($after: String) { creators(first: 50, after: $after) { "
    "edges { node { id displayName maskedIdNumber origin regionCode } } "
    "pageInfo { hasNextPage endCursor } } }"
)


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    failures: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<22} {self.rate:>9,.0f} req/s   p50 {self.percentile(0.50):6.2f} ms   "
            f"p99 {self.percentile(0.99):6.2f} ms   ({self.requests:,} requests, "
            f"{self.failures} failed)"
        )


def _request(port: int, body: dict[str, Any], token: str | None = None) -> bytes:
    payload = json.dumps(body, separators=(",", ":")).encode()
    headers = [
        "POST /graphql HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
    ]
    if token:
        headers.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + payload


Requests = bytes | Callable[[int], bytes]


class Connection:
    """A keep-alive HTTP/1.1 connection that opens again after an answer saying
    ``Connection: close`` (nginx says it after ``keepalive_requests`` answers)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def exchange(self, payload: bytes) -> tuple[bytes, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self._streams
        writer.write(payload)
        head = await reader.readuntil(b"\r\n\r\n")
        match = re.search(rb"(?i)content-length:\s*(\d+)", head)
        body = await reader.readexactly(int(match.group(1))) if match else b""
        if re.search(rb"(?i)\r\nconnection:\s*close", head):
            await self.close()
        return head, body

    async def close(self) -> None:
        if self._streams is not None:
            _, writer = self._streams
            self._streams = None
            writer.close()
            await writer.wait_closed()


async def _connection(
    port: int, request: Requests, expect: bytes, deadline: float, budget: list[int], out: Result
) -> None:
    connection = Connection(port)
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            payload = request if isinstance(request, bytes) else request(budget[0])
            started = time.perf_counter()
            head, body = await connection.exchange(payload)
            out.latencies.append(time.perf_counter() - started)
            out.requests += 1
            if not head.startswith(b"HTTP/1.1 200") or expect not in body:
                out.failures += 1
    finally:
        await connection.close()


async def load(
    name: str, port: int, request: Requests, expect: bytes, *, duration: float, connections: int
) -> Result:
    out = Result(name, 0, 0.0, [], 0)
    budget = [MAX_REQUESTS]
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_connection(port, request, expect, deadline, budget, out) for _ in range(connections))
    )
    out.seconds = time.perf_counter() - started
    return out


async def one(port: int, body: dict[str, Any], token: str | None = None) -> Any:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(_request(port, body, token))
        head = await reader.readuntil(b"\r\n\r\n")
        match = re.search(rb"(?i)content-length:\s*(\d+)", head)
        assert match, head
        return json.loads(await reader.readexactly(int(match.group(1))))
    finally:
        writer.close()
        await writer.wait_closed()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def kek_file(folder: Path) -> str:
    """The run's key-encryption key: production mode never creates one itself."""
    path = folder / "kek"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    return str(path)


def prepare_database(folder: Path, base_url: str, creators: int) -> dict[str, str]:
    """Seed the demo registry and ``creators`` more; return demo tokens by role."""
    from bench.api_seed import add_creators
    from schema.server import prepare
    from schema.settings import ApiSettings

    # The demo is seeded in development mode (production refuses --demo); the server that is
    # measured then runs in production mode on the same database and key file.
    settings = ApiSettings.from_env(
        {
            "CCR_DATA_DIR": str(folder),
            "CCR_ISSUER_URL": base_url,
            "CCR_ENV": "development",
            "CCR_KEK_FILE": kek_file(folder),
        }
    )
    welcome = asyncio.run(prepare(settings, demo=True))
    if creators:
        started = time.perf_counter()
        added = asyncio.run(add_creators(settings.registry, creators))
        print(f"setup: added {added:,} creators in {time.perf_counter() - started:.1f} s")
    return {role: token for role, _who, token in reversed(welcome.demo_tokens)}


def start_server(
    folder: Path, port: int, base_url: str, *, fast_path: bool = True
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CCR_DATA_DIR": str(folder),
        "CCR_ISSUER_URL": base_url,
        "CCR_ENV": "production",
        "CCR_KEK_FILE": kek_file(folder),
        # Lift the per-address and per-client limits: this run is the only caller.
        "CCR_VERIFY_RATE": "1e9",
        "CCR_VERIFY_BURST": "1000000000",
        "CCR_CLIENT_RATE": "1e9",
        "CCR_CLIENT_BURST": "1000000000",
        "CCR_VERIFY_FAST_PATH": "1" if fast_path else "0",
    }
    command = [
        sys.executable,
        "-c",
        "from registry.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    server = subprocess.Popen(
        command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            if server.poll() is not None:
                detail = server.stderr.read().decode() if server.stderr else ""
                raise RuntimeError(f"the server exited: {detail}") from None
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


async def creators_pages(port: int, token: str, duration: float) -> list[Result]:
    first = await one(port, {"query": CREATORS}, token)
    assert "errors" not in first, first
    # A cursor deep in the list: walk there once through the keyset (setup, not timed).
    deep_cursor = None
    total_edges = 0
    while True:
        page = await one(port, {"query": CREATORS, "variables": {"after": deep_cursor}}, token)
        connection = page["data"]["creators"]
        total_edges += len(connection["edges"])
        if not connection["pageInfo"]["hasNextPage"] or total_edges >= 90_000:
            break
        deep_cursor = connection["pageInfo"]["endCursor"]
    results = []
    for name, after in (
        ("creators page 1", None),
        (f"creators after {total_edges:,}", deep_cursor),
    ):
        body = {"query": CREATORS, "variables": {"after": after}}
        request = _request(port, body, token)
        results.append(
            await load(name, port, request, b'"edges"', duration=duration, connections=1)
        )
    return results


async def measure(port: int, general_port: int, tokens: dict[str, str], args: Any) -> None:
    mine = await one(
        port,
        {"query": "{ credentials(first: 1) { edges { node { qrText } } } }"},
        tokens["CREATOR"],
    )
    qr = mine["data"]["credentials"]["edges"][0]["node"]["qrText"]
    for server in (port, general_port):
        check = await one(server, {"query": VERIFY, "variables": {"qr": qr}})
        assert check["data"]["verifyCredential"]["valid"] is True, check

    def distinct(server: int) -> Callable[[int], bytes]:
        # The link form with a different host each time: the same credential, a text the
        # server has never seen, so every request pays the full signature check.
        def request(n: int) -> bytes:
            link = f"https://v{n}.example/v#{qr}"
            return _request(server, {"query": VERIFY, "variables": {"qr": link}})

        return request

    scenarios: list[tuple[str, int, Requests, bytes]] = [
        ("{ __typename }", port, _request(port, {"query": BARE}), b'"Query"'),
        (
            "verifyCredential",
            port,
            _request(port, {"query": VERIFY, "variables": {"qr": qr}}),
            b'"valid":true',
        ),
        ("verify, new text each", port, distinct(port), b'"valid":true'),
        ("new text, executor only", general_port, distinct(general_port), b'"valid":true'),
        # An API client: the executor, purpose and scopes checked, each answer logged first.
        (
            "verify as API client",
            port,
            _request(port, {"query": PARTNER_VERIFY, "variables": {"qr": qr}}, tokens["PARTNER"]),
            b'"valid":true',
        ),
    ]
    # Warm up every path (caches, allocator), then measure the scenarios in turn, ROUNDS times.
    for _, server, request, _ in scenarios:
        await load("warm-up", server, request, b"", duration=1.0, connections=args.connections)
    rounds: dict[str, list[Result]] = {name: [] for name, _, _, _ in scenarios}
    for _ in range(ROUNDS):
        for name, server, request, expect in scenarios:
            result = await load(
                name, server, request, expect, duration=args.duration, connections=args.connections
            )
            rounds[name].append(result)
    best = {name: max(results, key=lambda r: r.rate) for name, results in rounds.items()}
    print(
        f"\none uvicorn worker per server, {args.connections} keep-alive connections, "
        f"{args.duration:.0f} s per run, best of {ROUNDS} interleaved runs; "
        f"load average at start {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    for result in best.values():
        print(result.line())
    bare_rate = best["{ __typename }"].rate
    for name in best:
        if name == "{ __typename }":
            continue
        rate = best[name].rate
        ratio = rate / bare_rate
        if name in GOAL:
            verdict = "met" if rate >= 1000 and ratio >= 0.6 else "NOT met"
            note = f"goal ≥ 1,000 req/s and ≥ 60 %: {verdict}"
        else:
            note = "for comparison"
        print(f"{name:<23} / bare query: {ratio:4.0%}  ({note})")
    if args.creators:
        print()
        for result in await creators_pages(port, tokens["CAC_OFFICIAL"], args.duration / 2):
            print(result.line())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measured run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--creators", type=int, default=100_000, help="extra creators (0: none)")
    args = parser.parse_args()
    args.duration = min(max(args.duration, 1.0), 60.0)
    with tempfile.TemporaryDirectory(prefix="ccr-bench-") as tmp:
        folder = Path(tmp)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        tokens = prepare_database(folder, base_url, args.creators)
        servers = [start_server(folder, port, base_url)]
        try:
            # The same registry served again with the fast path off: the executor's figure.
            general_port = free_port()
            servers.append(start_server(folder, general_port, base_url, fast_path=False))
            asyncio.run(measure(port, general_port, tokens, args))
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()


if __name__ == "__main__":
    main()
