"""Benchmark the refusal of fragment fan-out documents, and health checks while they arrive.

    python bench/fanout.py [--levels 40] [--rounds 20] [--duration 5]

A fan-out document is a chain of fragments in which each spreads the next twice, about forty
bytes a level: expanded, 40 levels are 2**39 fields. What it does, all on 127.0.0.1 and
bounded in time and count:

1. Starts the real service (``ccr serve``, one uvicorn worker, production mode) on a demo
   registry in a temporary directory.
2. Sends ``--rounds`` fan-out documents of 20 and of ``--levels`` levels one at a time, and
   as many ``{ __typename }`` queries: the time to the refusal beside the barest query's.
3. Sends ten fan-out documents at a time, over ten connections, for ``--duration`` seconds
   (at most 100,000 of them), while one more connection asks ``GET /healthz`` in a loop:
   its latency under that load beside its latency on an idle server.

Goals: a 40-level document refused within 50 ms; ``/healthz`` within 100 ms while ten arrive.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api import _request, free_port, prepare_database, start_server  # noqa: E402

MAX_DOCUMENTS = 100_000
LOADERS = 10


def fanout(levels: int) -> str:
    parts = ["query Fan { ...F1 }"]
    parts += [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(1, levels)]
    parts.append(f"fragment F{levels} on Query {{ __typename }}")
    return "\n".join(parts)


def healthz(port: int) -> bytes:
    return f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, payload: bytes
) -> tuple[bytes, bytes]:
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    body = await reader.readexactly(int(match.group(1))) if match else b""
    return head, body


async def timed(port: int, payload: bytes, rounds: int, expect: bytes) -> list[float]:
    """Milliseconds of each of ``rounds`` exchanges on one keep-alive connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    times: list[float] = []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            _head, body = await _exchange(reader, writer, payload)
            times.append((time.perf_counter() - started) * 1000)
            if expect not in body:
                raise RuntimeError(f"unexpected answer: {body[:200]!r}")
    finally:
        writer.close()
        await writer.wait_closed()
    return times


async def under_load(port: int, document: bytes, duration: float) -> tuple[list[float], int]:
    """``/healthz`` latencies while ten connections keep sending fan-out documents."""
    deadline = time.perf_counter() + duration
    budget = [MAX_DOCUMENTS]
    sent = [0]

    async def loader() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline and budget[0] > 0:
                budget[0] -= 1
                _head, body = await _exchange(reader, writer, document)
                if b"DOCUMENT_TOO_LARGE" not in body:
                    raise RuntimeError(f"unexpected answer: {body[:200]!r}")
                sent[0] += 1
        finally:
            writer.close()
            await writer.wait_closed()

    async def prober() -> list[float]:
        await asyncio.sleep(0.2)  # the loaders are connected and sending
        times = await timed(port, healthz(port), 1, b'"ok"')
        while time.perf_counter() < deadline:
            times += await timed(port, healthz(port), 1, b'"ok"')
            await asyncio.sleep(0.01)
        return times

    *_, probes = await asyncio.gather(*(loader() for _ in range(LOADERS)), prober())
    return probes, sent[0]


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"{name:<34} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   max {ordered[-1]:7.2f} ms"
        f"   ({len(ordered)})"
    )


async def measure(port: int, args: argparse.Namespace) -> None:
    bare = _request(port, {"query": "{ __typename }"})
    idle = await timed(port, healthz(port), args.rounds, b'"ok"')
    base = await timed(port, bare, args.rounds, b"__typename")
    print(summary("{ __typename }", base))
    for levels in sorted({20, args.levels}):
        document = _request(port, {"query": fanout(levels)})
        print(f"fan-out of {levels} levels: {len(fanout(levels)):,} bytes of query")
        refused = await timed(port, document, args.rounds, b"DOCUMENT_TOO_LARGE")
        print(summary(f"fan-out {levels} levels, refused", refused))
        ratio = sorted(refused)[len(refused) // 2] / sorted(base)[len(base) // 2]
        print(f"  ratio to {{ __typename }} (p50): {ratio:.2f}")
    document = _request(port, {"query": fanout(args.levels)})
    probes, sent = await under_load(port, document, args.duration)
    print(summary("/healthz, idle", idle))
    print(summary(f"/healthz, {LOADERS} fan-outs arriving", probes))
    print(f"  {sent:,} fan-out documents refused meanwhile")
    worst = max(sorted(probes)[min(len(probes) - 1, int(0.99 * len(probes)))], 0.0)
    refused_p50 = sorted(await timed(port, document, args.rounds, b"DOCUMENT_TOO_LARGE"))[
        args.rounds // 2
    ]
    print(
        f"goals: {args.levels}-level refusal p50 {refused_p50:.2f} ms (< 50 ms), "
        f"/healthz p99 under load {worst:.2f} ms (< 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--levels", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--duration", type=float, default=5.0)
    args = parser.parse_args()
    args.levels = min(max(args.levels, 2), 60)
    args.rounds = min(max(args.rounds, 3), 1_000)
    args.duration = min(max(args.duration, 1.0), 60.0)
    with tempfile.TemporaryDirectory(prefix="ccr-bench-") as tmp:
        folder = Path(tmp)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        prepare_database(folder, base_url, 0)
        server = start_server(folder, port, base_url)
        try:
            asyncio.run(measure(port, args))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except Exception:
                server.kill()


if __name__ == "__main__":
    main()
