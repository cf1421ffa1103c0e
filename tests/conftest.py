"""Fixtures for the whole suite: the same tests run on SQLite and on a throwaway PostgreSQL.

``database_url`` is parametrised over both backends and hands each test a fresh, migrated
database: a copy of a migrated SQLite file, or a PostgreSQL database cloned from a migrated
template. The PostgreSQL cluster is started once per session and removed at its end; without
server binaries its half of the suite is skipped, unless ``CCR_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.pg_cluster import PgCluster, find_pg_bin

T = TypeVar("T")
PG_TEMPLATE = "ccr_template"


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on its own loop in its own thread (for sync fixtures)."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as exc:
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]  # type: ignore[no-any-return]


async def admin_sql(cluster: PgCluster, *statements: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    connection = await asyncpg.connect(cluster.url())
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


_admin = admin_sql  # the earlier name, still imported by other test packages


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        if os.environ.get("CCR_REQUIRE_POSTGRES") == "1":
            pytest.fail("CCR_REQUIRE_POSTGRES=1 but no PostgreSQL server binaries were found")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found")
    cluster = PgCluster(bin_dir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from registry.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "registry.db"
    run_async(upgrade(f"sqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    from registry.migrate import upgrade

    run_async(admin_sql(pg_cluster, f'CREATE DATABASE "{PG_TEMPLATE}"'))
    run_async(upgrade(pg_cluster.url(PG_TEMPLATE)))
    return PG_TEMPLATE


# A test item may carry ``ccr_template(backend, base, cluster)``: a template to clone instead
# of the bare migrated one (a package's conftest sets it, e.g. for a pre-seeded world).
TemplateProvider = Callable[[str, Any, PgCluster | None], Any]


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database on each backend."""
    provider: TemplateProvider | None = getattr(request.node, "ccr_template", None)
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        if provider is not None:
            template = provider("sqlite", template, None)
        target = tmp_path / "registry.db"
        shutil.copyfile(template, target)
        yield f"sqlite+aiosqlite:///{target}"
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    template_name: str = request.getfixturevalue("pg_template")
    if provider is not None:
        template_name = provider("postgresql", template_name, cluster)
    name = f"t_{uuid.uuid4().hex[:16]}"
    run_async(admin_sql(cluster, f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    try:
        yield cluster.url(name, driver="postgresql+asyncpg")
    finally:
        run_async(admin_sql(cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that use the browser last, keeping the rest in order.

    Playwright's sync API keeps an event loop running on the main thread while the
    session-scoped browser is open; an asyncio test collected after it could not start its own.
    """
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))
