"""``ccr serve``: run the GraphQL API and web pages (the ASGI app is imported when it runs)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import DatabaseUrl, fail

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        database_url: DatabaseUrl = None,
        demo: Annotated[
            bool, typer.Option("--demo", help="Seed a demo registry and print demo tokens.")
        ] = False,
        access_log: Annotated[
            bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
        ] = True,
    ) -> None:
        """Migrate, make sure an issuer key exists, and serve the API on HOST:PORT."""
        from registry.errors import ConfigurationError
        from schema.app import run

        try:
            run(host=host, port=port, database_url=database_url, demo=demo, access_log=access_log)
        except ConfigurationError as exc:
            raise fail(str(exc), 2) from None
