"""Async engines from any SQLAlchemy URL, with SQLite set up for a concurrent embedded store.

``sqlite://`` becomes ``sqlite+aiosqlite://`` and ``postgresql://`` (or ``postgres://``,
``postgresql+psycopg2://`` …) becomes ``postgresql+asyncpg://``, so people and scripts can pass
the URL they know. SQLite runs in WAL mode with foreign keys on, and every writing transaction
starts with ``BEGIN IMMEDIATE`` so two writers queue for the lock instead of failing halfway.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ..errors import ConfigurationError

__all__ = ["READ_ONLY", "backend_name", "create_engine", "database_unavailable", "normalise_url"]

READ_ONLY = "ccr_read_only"  # execution option: a transaction that will not write


def _parse(url: str | URL) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise ConfigurationError("database URL is not a SQLAlchemy URL") from None


def normalise_url(url: str | URL) -> URL:
    """The async-driver form of a SQLite or PostgreSQL URL."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+aiosqlite")
    if backend in ("postgresql", "postgres"):
        query = dict(parsed.query)
        if "sslmode" in query:  # libpq spelling; asyncpg calls it ssl
            query["ssl"] = query.pop("sslmode")
        return parsed.set(drivername="postgresql+asyncpg", query=query)
    raise ConfigurationError(f"unsupported database backend {backend!r}: use SQLite or PostgreSQL")


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` (or what caused it) says the database cannot be reached now: refused
    or dropped connections, a server shutting down or starting up, a pool with no connection
    free in time. Such a request may simply be retried; a fault in a statement may not."""
    for _depth in range(8):
        if exc is None:
            return False
        # Not a bare TimeoutError: a client's slow body times out too, and is not the database.
        if isinstance(exc, PoolTimeout | ConnectionError):
            return True
        if isinstance(exc, DBAPIError):
            if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
                return True
            exc = exc.orig
            continue
        # asyncpg reports a refused connection to every address as one plain OSError.
        if type(exc) is OSError:
            return True
        if type(exc).__module__.startswith("asyncpg") and type(exc).__name__ in _ASYNCPG_GONE:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


# asyncpg's names for a server that is going, gone or not yet there.
_ASYNCPG_GONE = frozenset(
    {
        "AdminShutdownError",
        "CannotConnectNowError",
        "ConnectionDoesNotExistError",
        "ConnectionFailureError",
        "CrashShutdownError",
        "InterfaceError",
        "PostgresConnectionError",
        "TooManyConnectionsError",
    }
)


def backend_name(url: str | URL) -> str:
    return normalise_url(url).get_backend_name()


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An :class:`AsyncEngine` for ``url``; the SQLite file's directory is created if missing.

    Statement parameters never reach a log or an exception's text (``hide_parameters``): they
    hold names, sealed ID numbers and lookup hashes.
    """
    kwargs.setdefault("hide_parameters", True)
    target = normalise_url(url)
    if target.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_async_engine(target, **kwargs)
    # The driver's debug log shows each call with its arguments, statement parameters included.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger().level))
    path = _sqlite_file(target)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(target, **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the driver (see "begin" below) and set per-connection pragmas.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            # WAL + NORMAL survives a killed process; only an OS crash may lose the last commits.
            "PRAGMA synchronous=NORMAL",
            "PRAGMA busy_timeout=30000",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
