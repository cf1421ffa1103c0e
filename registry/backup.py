"""Backups of the registry database: SQLite's online backup, PostgreSQL's pg_dump/pg_restore.

A backup is one file, written whole or not at all (a temporary name, then renamed). SQLite is
copied page by page through its backup API, consistent while the server keeps writing;
PostgreSQL is dumped in pg_dump's custom format, one consistent snapshot. Restoring replaces
the database's content: stop the servers first.

The key-encryption key is **not** in the database (signing keys and personal identifiers are
sealed with it): keep it, from ``CCR_KEK``/``CCR_KEK_FILE`` or ``<data dir>/secrets/kek``,
with the backups, and apart from them.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from .db.engine import normalise_url
from .errors import ConfigurationError

__all__ = ["backup_database", "restore_database"]

_TIMEOUT = 3600  # a dump or restore that takes longer than an hour has hung


def _sqlite_file(url: URL) -> Path:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ConfigurationError("only a SQLite database in a file can be backed up")
    return Path(database)


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise ConfigurationError(f"{name} not found: install the PostgreSQL client tools")
    return candidates[-1]


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and the environment that carries it
    (so it never appears in a process list)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None, query={})
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=_TIMEOUT)  # noqa: S603
    if done.returncode != 0:
        # The tool's own message, which names objects, never data.
        raise ConfigurationError(f"{what} failed: {done.stderr.strip()[-500:]}")


def backup_database(database_url: str, destination: Path) -> Path:
    """Write a backup of the database to ``destination``; returns it."""
    url = normalise_url(database_url)
    partial = destination.with_name(destination.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        if url.get_backend_name() == "sqlite":
            source = sqlite3.connect(_sqlite_file(url))
            target = sqlite3.connect(partial)
            try:
                with target:
                    source.backup(target, pages=1024)
            finally:
                target.close()
                source.close()
        else:
            dsn, env = _libpq(url)
            command = [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                # Rate-limit buckets are worth nothing restored (registry/ratebuckets.py).
                "--exclude-table-data=rate_buckets",
                "--file",
                str(partial),
                dsn,
            ]
            _run(command, env, "pg_dump")
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination


def restore_database(database_url: str, source: Path) -> None:
    """Replace the database's content with the backup ``source`` (servers stopped)."""
    if not source.is_file():
        raise ConfigurationError(f"no backup at {source}")
    url = normalise_url(database_url)
    if url.get_backend_name() == "sqlite":
        target_file = _sqlite_file(url)
        target_file.parent.mkdir(parents=True, exist_ok=True)
        backup = sqlite3.connect(source)
        target = sqlite3.connect(target_file)
        try:
            with target:
                backup.backup(target)
        finally:
            target.close()
            backup.close()
        return
    dsn, env = _libpq(url)
    command = [
        _pg_tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--dbname",
        dsn,
        str(source),
    ]
    _run(command, env, "pg_restore")
