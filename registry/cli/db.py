"""``ccr db``: migrate the database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ._common import DatabaseUrl, run

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
