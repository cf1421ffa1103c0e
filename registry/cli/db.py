"""``ccr db``: migrate, back up and restore the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ._common import DatabaseUrl, fail, run

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="Database schema.", no_args_is_help=True)
    app.add_typer(db, name="db")

    @db.command("upgrade")
    def upgrade_command(
        database_url: DatabaseUrl = None,
        revision: Annotated[str, typer.Option(help="Target revision")] = "head",
    ) -> None:
        """Create or migrate the schema (Alembic) to the latest revision."""
        from registry.config import Settings
        from registry.migrate import upgrade

        settings = Settings.from_env(database_url=database_url)
        reached = run(upgrade(settings.database_url, revision))
        Console().print(f"database at revision {reached}")

    @db.command("current")
    def current_command(database_url: DatabaseUrl = None) -> None:
        """Print the schema revision the database is at."""
        from registry.config import Settings
        from registry.db.engine import create_engine
        from registry.migrate import current_revision

        async def current() -> str | None:
            engine = create_engine(Settings.from_env(database_url=database_url).database_url)
            try:
                return await current_revision(engine)
            finally:
                await engine.dispose()

        Console().print(run(current()) or "none")

    @db.command("backup")
    def backup_command(
        file: Annotated[Path, typer.Argument(help="The backup file to write")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Back up the database (SQLite: online backup; PostgreSQL: pg_dump, custom format).
        The key-encryption key is not in it: keep the KEK with the backups."""
        from registry.backup import backup_database
        from registry.config import Settings
        from registry.errors import ConfigurationError

        settings = Settings.from_env(database_url=database_url)
        try:
            written = backup_database(settings.database_url, file)
        except ConfigurationError as exc:
            raise fail(str(exc), 1) from None
        Console().print(f"backup → {written} ({written.stat().st_size // 1024} KiB)")

    @db.command("restore")
    def restore_command(
        file: Annotated[Path, typer.Argument(help="A backup written by ccr db backup")],
        yes: Annotated[
            bool, typer.Option("--yes", help="Replace the database's content without asking")
        ] = False,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Replace the database's content with a backup. Stop the servers first; then run
        `ccr audit verify` to check the restored audit chain."""
        from registry.backup import restore_database
        from registry.config import Settings
        from registry.errors import ConfigurationError

        settings = Settings.from_env(database_url=database_url)
        if not yes and not typer.confirm("Replace the database's content with this backup?"):
            raise fail("nothing restored", 1)
        try:
            restore_database(settings.database_url, file)
        except ConfigurationError as exc:
            raise fail(str(exc), 1) from None
        Console().print(f"restored from {file}")
