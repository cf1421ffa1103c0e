"""Engine URLs, settings, secrets, the unit of work and the migration matching the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from registry.config import Secret, Settings
from registry.db import models as m
from registry.db.base import Base
from registry.db.engine import create_engine, normalise_url
from registry.domain.enums import OrgKind
from registry.errors import ConfigurationError, KeystoreError
from registry.keystore import load_master_key
from registry.migrate import current_revision, head_revision
from registry.pii import PiiVault
from registry.services.context import ServiceContext


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///var/registry.db", "sqlite+aiosqlite:///var/registry.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db?sslmode=require", "postgresql+asyncpg://u@h/db?ssl=require"),
    ],
)
def test_urls_are_normalised_to_async_drivers(given: str, expected: str) -> None:
    assert normalise_url(given).render_as_string(hide_password=False) == expected


def test_other_backends_are_refused() -> None:
    with pytest.raises(ConfigurationError):
        normalise_url("mysql://u@h/db")


def test_settings_read_the_environment_once(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"CCR_DATA_DIR": str(tmp_path), "CCR_KEK": "ab" * 32, "CCR_STATUS_TTL": "60"}
    )
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'registry.db'}"
    assert settings.kek == Secret(bytes.fromhex("ab" * 32))
    assert "ab" * 4 not in repr(settings)
    assert "abab" not in repr(PiiVault(Secret(b"k" * 32)))
    assert Settings.from_env({}, database_url="sqlite:///x.db").database_url == "sqlite:///x.db"
    with pytest.raises(ConfigurationError):
        Settings.from_env({"CCR_KEK": "short"})


def test_the_kek_file_is_created_once_and_private(tmp_path: Path) -> None:
    settings = Settings(database_url="sqlite://", data_dir=tmp_path)
    with pytest.raises(KeystoreError):
        load_master_key(settings)
    created = load_master_key(settings, create=True)
    assert (settings.kek_file.stat().st_mode & 0o777) == 0o600
    assert load_master_key(settings) == created


async def test_the_migration_matches_the_models(ctx: ServiceContext) -> None:
    assert ctx.engine is not None
    assert await current_revision(ctx.engine) == head_revision()
    async with ctx.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert diff == []


async def test_leaving_a_unit_of_work_without_commit_rolls_back(ctx: ServiceContext) -> None:
    async def count() -> int:
        async with ctx.uow(read_only=True) as uow:
            result = await uow.session.execute(select(func.count()).select_from(m.Organisation))
            return int(result.scalar_one())

    before = await count()
    async with ctx.uow() as uow:
        uow.session.add(
            m.Organisation(
                code="gone",
                name="n",
                kind=OrgKind.PLATFORM,
                region_code="310000",
                created_at=ctx.now(),
            )
        )
        await uow.session.flush()

    async def failing_use_case() -> None:
        async with ctx.uow() as uow:
            uow.session.add(
                m.Organisation(
                    code="gone2",
                    name="n",
                    kind=OrgKind.PLATFORM,
                    region_code="310000",
                    created_at=ctx.now(),
                )
            )
            await uow.session.flush()
            raise RuntimeError("use case failed")

    with pytest.raises(RuntimeError):
        await failing_use_case()
    assert await count() == before


async def test_sqlite_file_urls_create_their_directory(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/deep/er/registry.db")
    try:
        async with engine.connect() as connection:
            mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            keys_on = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        assert (mode, keys_on) == ("wal", 1)
    finally:
        await engine.dispose()
