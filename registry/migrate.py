"""Run the Alembic migrations programmatically, on any URL the registry accepts."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from .db.engine import create_engine
from .db.programme_seed import seed_programme_versions

__all__ = ["MIGRATIONS_DIR", "current_revision", "head_revision", "upgrade"]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


async def upgrade(target: str | URL | AsyncEngine, revision: str = "head") -> str | None:
    """Migrate the database to ``revision``; return the revision it is at afterwards."""
    engine = create_engine(target) if not isinstance(target, AsyncEngine) else target
    try:
        async with engine.begin() as connection:
            await connection.run_sync(lambda sync: command.upgrade(_config(sync), revision))
            if revision == "head":
                # Shipped programme files whose version is new are published on every upgrade.
                await connection.run_sync(seed_programme_versions)
        return await current_revision(engine)
    finally:
        if engine is not target:
            await engine.dispose()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
