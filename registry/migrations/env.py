"""Alembic environment: runs on the connection the registry hands over (``ccr db upgrade``,
tests), or on ``CCR_DATABASE_URL`` / ``sqlalchemy.url`` when Alembic is run by hand."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from registry.db import models as _models  # noqa: F401 - registers every table
from registry.db.base import Base
from registry.db.engine import create_engine

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_on_url(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run)
    finally:
        await engine.dispose()


given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    url = os.environ.get("CCR_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set CCR_DATABASE_URL or sqlalchemy.url")
    asyncio.run(_run_on_url(url))
