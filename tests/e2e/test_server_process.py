"""``ccr serve`` as a real process on 127.0.0.1: slow bodies, fan-out documents and SIGTERM.

Each test drives the server over raw sockets (an HTTP library would finish the body for us),
with every wait bounded: a server that hangs fails the test instead of holding the suite.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.api_fixtures import free_port
from tests.schema.test_work_bounds import fanout

START_TIMEOUT = 60.0
BODY_TIMEOUT = 1.0
GRACE = 3.0
# Far beyond what the bounds allow, far below a hung server's "forever".
PATIENCE = 20.0


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start(folder: Path) -> Server:
    port = free_port()
    kek = folder / "kek.hex"
    if not kek.exists():
        kek.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    env = {
        **os.environ,
        "CCR_DATA_DIR": str(folder),
        "CCR_ISSUER_URL": f"http://127.0.0.1:{port}",
        "CCR_KEK_FILE": str(kek),
        "CCR_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
        "CCR_SHUTDOWN_GRACE_SECONDS": str(GRACE),
        "CCR_VERIFY_RATE": "1e6",
        "CCR_VERIFY_BURST": "1000000",
    }
    command = [sys.executable, "-c", "from registry.cli import main; main()", "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen(
        command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return Server(process, port)
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError("the server exited while starting")
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.kill()
    server.process.wait(timeout=PATIENCE)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(tmp_path_factory.mktemp("serve"))
    try:
        yield running
    finally:
        stop(running)


def slow_body(port: int) -> socket.socket:
    """A POST that announces 1,000 bytes of body and sends ten."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
    sock.sendall(
        b"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 1000\r\n\r\n" + b'{"query": '
    )
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    with sock:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        sock.close()


def test_slow_bodies_are_answered_408_and_closed(server: Server) -> None:
    sockets = [slow_body(server.port) for _ in range(100)]
    # The server keeps answering others while they wait.
    assert httpx.get(f"{server.base_url}/healthz", timeout=PATIENCE).status_code == 200
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(read_all, sockets))
    for answer in answers:
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408"), head
        assert b"connection: close" in head.lower()
        assert b'"REQUEST_TIMEOUT"' in body


def test_fan_out_documents_leave_health_checks_answered(server: Server) -> None:
    document = {"query": fanout(40)}
    with ThreadPoolExecutor(max_workers=10) as pool:
        posts = [
            pool.submit(httpx.post, f"{server.base_url}/graphql", json=document, timeout=PATIENCE)
            for _ in range(10)
        ]
        health = httpx.get(f"{server.base_url}/healthz", timeout=PATIENCE)
        refusals = [post.result() for post in posts]
    assert health.status_code == 200
    for refusal in refusals:
        assert refusal.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"


def test_sigterm_under_load_stops_the_server_within_its_grace(tmp_path: Path) -> None:
    running = start(tmp_path)
    try:
        sockets = [slow_body(running.port) for _ in range(50)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            load = [
                pool.submit(
                    httpx.post,
                    f"{running.base_url}/graphql",
                    json={"query": "{ __typename }"},
                    timeout=PATIENCE,
                )
                for _ in range(20)
            ]
            running.process.send_signal(signal.SIGTERM)
            # Bounded: the grace period, then whatever is left is cancelled. (uvicorn raises
            # the signal again once it has shut down, so the status may name it.)
            assert running.process.wait(timeout=PATIENCE) in {0, -signal.SIGTERM}
            for future in load:
                future.exception()  # answered or refused, but finished
        close_all(sockets)
    finally:
        stop(running)
