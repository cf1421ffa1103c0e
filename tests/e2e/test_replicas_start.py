"""Three ``ccr serve`` processes started at once on one empty database: one migrates and makes
the first issuer key and bootstrap administrator, the others wait and find them made. Real
processes on 127.0.0.1, every wait bounded; no log line says ERROR or shows a traceback."""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import admin_sql, run_async
from tests.e2e.api_fixtures import free_port
from tests.pg_cluster import PgCluster

REPLICAS = 3
START_TIMEOUT = 90.0


def replica_env(folder: Path, database_url: str, issuer: str) -> dict[str, str]:
    kek = folder / "kek.hex"
    if not kek.exists():
        kek.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    return {
        **os.environ,
        "CCR_DATA_DIR": str(folder),
        "CCR_DATABASE_URL": database_url,
        "CCR_ISSUER_URL": issuer,  # one issuer behind a proxy
        "CCR_KEK_FILE": str(kek),
    }


def start_all(
    folder: Path,
    database_url: str,
    count: int = REPLICAS,
    extra_env: dict[str, str] | None = None,
) -> list[tuple[subprocess.Popen[bytes], int, Path]]:
    ports = [free_port() for _ in range(count)]
    env = replica_env(folder, database_url, f"http://127.0.0.1:{ports[0]}") | (extra_env or {})
    started = []
    for index, port in enumerate(ports):
        log = folder / f"replica-{index}.log"
        command = [sys.executable, "-c", "from registry.cli import main; main()", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
        with log.open("wb") as out:
            process = subprocess.Popen(command, env=env, cwd=folder, stdout=out, stderr=out)
        started.append((process, port, log))
    return started


def wait_healthy(replicas: list[tuple[subprocess.Popen[bytes], int, Path]]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    waiting = {port for _, port, _ in replicas}
    while waiting and time.monotonic() < deadline:
        for process, port, log in replicas:
            if port not in waiting:
                continue
            if process.poll() is not None:
                raise AssertionError(f"replica on {port} exited:\n{log.read_text('utf-8')}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    waiting.discard(port)
            except httpx.HTTPError:
                pass
        time.sleep(0.2)
    assert not waiting, f"replicas on {sorted(waiting)} did not start in time"


def stop(replicas: list[tuple[subprocess.Popen[bytes], int, Path]]) -> None:
    for process, _, _ in replicas:
        if process.poll() is None:
            process.terminate()
    for process, _, _ in replicas:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _logs_are_clean(replicas: list[tuple[subprocess.Popen[bytes], int, Path]]) -> None:
    for _, _, log in replicas:
        text = log.read_text("utf-8", errors="replace")
        assert "Traceback" not in text, text
        assert " ERROR" not in text, text
        assert "ERROR:" not in text, text


def _admin_tokens_shown(replicas: list[tuple[subprocess.Popen[bytes], int, Path]]) -> int:
    return sum(
        "Bootstrap administrator token" in log.read_text("utf-8", errors="replace")
        for _, _, log in replicas
    )


@pytest.fixture
def empty_postgres(pg_cluster: PgCluster) -> Iterator[str]:
    name = f"r_{uuid.uuid4().hex[:12]}"
    run_async(admin_sql(pg_cluster, f'CREATE DATABASE "{name}"'))
    try:
        yield pg_cluster.url(name)
    finally:
        run_async(admin_sql(pg_cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_replicas_starting_together_on_sqlite_set_up_once(tmp_path: Path) -> None:
    database = tmp_path / "registry.db"
    replicas = start_all(tmp_path, f"sqlite:///{database}")
    try:
        wait_healthy(replicas)
    finally:
        stop(replicas)
    _logs_are_clean(replicas)
    assert _admin_tokens_shown(replicas) == 1
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM signing_keys").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


@pytest.mark.postgres
def test_replicas_starting_together_on_postgres_set_up_once(
    tmp_path: Path, empty_postgres: str, pg_cluster: PgCluster
) -> None:
    replicas = start_all(tmp_path, empty_postgres)
    try:
        wait_healthy(replicas)
    finally:
        stop(replicas)
    _logs_are_clean(replicas)
    assert _admin_tokens_shown(replicas) == 1

    async def counts() -> tuple[int, int]:
        import asyncpg  # type: ignore[import-untyped]

        connection = await asyncpg.connect(empty_postgres)
        try:
            keys = await connection.fetchval("SELECT count(*) FROM signing_keys")
            versions = await connection.fetchval("SELECT count(*) FROM alembic_version")
        finally:
            await connection.close()
        return int(keys), int(versions)

    assert run_async(counts()) == (1, 1)
