"""The real service on 127.0.0.1: uvicorn in a thread over a freshly seeded demo registry.

Import ``live_api`` into a test module to use it. It runs once per module on SQLite and, when
the throwaway PostgreSQL cluster is available, once on PostgreSQL; ``live_api_sqlite`` runs on
SQLite only.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from registry.config import Secret, Settings
from schema.app import create_app
from schema.server import prepare
from schema.settings import ApiSettings, RateSettings
from tests.conftest import _admin, run_async

KEK = Secret(bytes(range(7, 39)))
START_TIMEOUT = 20.0


@dataclass(frozen=True)
class LiveApi:
    base_url: str
    tokens: dict[str, str]  # by role, and by "ROLE@organisation"
    settings: ApiSettings

    def client(self, role: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30, **kwargs)

    def gql(
        self, query: str, variables: dict[str, Any] | None = None, *, role: str | None = None
    ) -> Any:
        with self.client(role) as http:
            response = http.post("/graphql", json={"query": query, "variables": variables or {}})
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerThread:
    """uvicorn serving ``app`` in a daemon thread; ``stop`` waits for a clean shutdown."""

    def __init__(self, app: Any, port: int) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=START_TIMEOUT)


def _database_url(request: pytest.FixtureRequest, backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'registry.db'}"
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = f"api_{uuid.uuid4().hex[:12]}"
    run_async(_admin(cluster, f'CREATE DATABASE "{name}"'))
    try:
        yield cluster.url(name, driver="postgresql+asyncpg")
    finally:
        run_async(_admin(cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ],
)
def live_api(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApi]:
    yield from _serve(request, str(request.param), tmp_path_factory)


@pytest.fixture(scope="module")
def live_api_sqlite(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApi]:
    yield from _serve(request, "sqlite", tmp_path_factory)


def _serve(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveApi]:
    folder = tmp_path_factory.mktemp("live")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    for database_url in _database_url(request, backend, folder):
        settings = ApiSettings(
            registry=Settings(
                database_url=database_url, data_dir=folder, issuer_url=base_url, kek=KEK
            ),
            public_url=base_url,
            verify_rate=RateSettings(rate=1000.0, burst=1000),
            client_rate=RateSettings(rate=1000.0, burst=1000),
        )
        welcome = run_async(prepare(settings, demo=True))
        tokens: dict[str, str] = {}
        for role, who, token in welcome.demo_tokens:
            tokens.setdefault(role, token)
            tokens[f"{role}@{who.split('@')[1]}"] = token
        server = ServerThread(create_app(settings, migrate=False), port)
        server.start()
        try:
            yield LiveApi(base_url, tokens, settings)
        finally:
            server.stop()
