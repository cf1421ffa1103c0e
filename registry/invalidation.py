"""Telling every replica that its caches are stale: PostgreSQL LISTEN/NOTIFY.

Each API process caches who a token is (``CCR_TOKEN_CACHE_SECONDS``) and the trust and status
snapshot its verifications use. A change made through one replica (a token, account or API
client revoked, a credential's status changed, a key rotated) is announced on the channel
``ccr_invalidate``; every replica listens and drops those caches the moment it hears, so the
change holds everywhere within the notification's delivery time, not the caches' lifetime.

Why PostgreSQL and not a separate store: the replicas already share it, NOTIFY is delivered
only after the announcing transaction commits, and nothing else has to be run, secured and
backed up. With SQLite (one process, one machine) there is nobody else to tell: both ends are
no-ops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy import text

from .db.engine import backend_name, normalise_url
from .services.context import ServiceContext

__all__ = ["CHANNEL", "InvalidationListener", "announce_invalidation"]

CHANNEL = "ccr_invalidate"
_log = logging.getLogger("registry.invalidation")


async def announce_invalidation(ctx: ServiceContext, what: str = "all") -> None:
    """Tell every replica to drop its caches (PostgreSQL only; a no-op on SQLite)."""
    if backend_name(ctx.settings.database_url) != "postgresql":
        return
    async with ctx.uow() as uow:
        await uow.session.execute(
            text("SELECT pg_notify(:channel, :what)"), {"channel": CHANNEL, "what": what}
        )
        await uow.commit()


class InvalidationListener:
    """Listens on ``ccr_invalidate`` on its own connection and calls ``on_message`` for each
    announcement; reconnects by itself (caches are dropped on reconnect too: announcements made
    while it was away are lost)."""

    def __init__(self, database_url: str, on_message: Callable[[], None]) -> None:
        self._url = normalise_url(database_url).set(drivername="postgresql")
        self._on_message = on_message
        self._task: asyncio.Task[None] | None = None
        self._stopped = asyncio.Event()

    @property
    def active(self) -> bool:
        return backend_name(self._url) == "postgresql"

    def start(self) -> None:
        if self.active and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        import asyncpg  # type: ignore[import-untyped]

        dsn = self._url.render_as_string(hide_password=False)
        while not self._stopped.is_set():
            connection = None
            lost = asyncio.Event()
            try:
                connection = await asyncpg.connect(dsn, timeout=10)
                connection.add_termination_listener(lambda _connection, lost=lost: lost.set())
                await connection.add_listener(CHANNEL, lambda *_: self._on_message())
                self._on_message()  # whatever was announced while not listening
                waits = [asyncio.ensure_future(e.wait()) for e in (self._stopped, lost)]
                try:
                    await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for wait in waits:
                        wait.cancel()
            except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
                _log.warning("invalidation listener lost its connection: %s", type(exc).__name__)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._stopped.wait(), 1.0)
            finally:
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await connection.close()

    async def stop(self) -> None:
        self._stopped.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
