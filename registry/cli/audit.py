"""``ccr audit verify``: walk the hash chain and name the first broken link."""

from __future__ import annotations

import typer
from rich.console import Console

from ._common import DatabaseUrl, fail, with_session

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    audit = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    app.add_typer(audit, name="audit")

    @audit.command("verify")
    def verify_command(database_url: DatabaseUrl = None) -> None:
        """Check every event's hash and link; exit 1 naming the first broken one.

        Needs only the database: no key-encryption key.
        """
        import asyncio

        from registry.audit import verify_chain
        from registry.errors import AuditChainError, RegistryError

        try:
            summary = asyncio.run(with_session(database_url, verify_chain))
        except AuditChainError as exc:
            raise fail(f"audit chain broken at event {exc.seq}: {exc.reason}") from None
        except RegistryError as exc:
            raise fail(str(exc)) from None
        Console().print(
            f"audit chain intact: {summary.events} events, head {summary.head_seq} "
            f"{summary.head_hash}"
        )
