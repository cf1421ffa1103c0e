"""One process at a time through start-up: migrating the schema, creating the first issuer key
and the bootstrap administrator, seeding the demo.

Replicas of ``ccr serve`` started together on an empty database would otherwise race: two
migrations at once, two first keys. On PostgreSQL the lock is a session advisory lock held on
its own connection; on SQLite (one machine by nature) an exclusive lock on a file beside the
data. The second process waits, then finds the work done and does nothing twice.
"""

from __future__ import annotations

import asyncio
import fcntl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text

from .config import Settings
from .db.engine import backend_name, create_engine

__all__ = ["STARTUP_LOCK_KEY", "startup_lock"]

# pg_advisory_lock takes a 64-bit key: this one is the registry's start-up ("ccr-startup").
STARTUP_LOCK_KEY = 0x6363722D7374
_WAIT_SECONDS = 300  # far longer than any migration; a process that waits longer gives up


@asynccontextmanager
async def startup_lock(settings: Settings) -> AsyncIterator[None]:
    if backend_name(settings.database_url) == "postgresql":
        engine = create_engine(settings.database_url, pool_size=1, max_overflow=0)
        try:
            async with engine.connect() as connection:
                await asyncio.wait_for(
                    connection.execute(
                        text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY}
                    ),
                    _WAIT_SECONDS,
                )
                await connection.commit()
                try:
                    yield
                finally:
                    await connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": STARTUP_LOCK_KEY}
                    )
                    await connection.commit()
        finally:
            await engine.dispose()
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.data_dir / "startup.lock").open("a+b") as handle:
        await asyncio.wait_for(
            asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX), _WAIT_SECONDS
        )
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
