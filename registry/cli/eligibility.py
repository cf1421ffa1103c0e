"""``ccr eligibility lapse-overdue``: lapse 容缺 approvals whose documents are overdue."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ._common import DatabaseUrl, fail, run, with_registry

if TYPE_CHECKING:
    from registry.services.context import ServiceContext

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    eligibility = typer.Typer(help="Eligibility decisions.", no_args_is_help=True)
    app.add_typer(eligibility, name="eligibility")

    @eligibility.command("lapse-overdue")
    def lapse_overdue(
        on: Annotated[
            str | None,
            typer.Option(
                help="The day to judge by, YYYY-MM-DD, today or earlier [default: today, UTC]"
            ),
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Lapse every provisional (容缺) approval whose documents were due before the day,
        and revoke its credential. Safe to run daily: nothing else changes."""
        from registry.authz import Principal
        from registry.services.eligibility_provisional import (
            lapse_overdue_provisional_decisions,
        )

        try:
            day = None if on is None else date.fromisoformat(on)
        except ValueError:
            raise fail(f"--on: not a date: {on!r}") from None

        async def action(ctx: ServiceContext) -> list[str]:
            return await lapse_overdue_provisional_decisions(
                ctx, Principal.system(), on=day or ctx.now().date()
            )

        lapsed = run(with_registry(database_url, action))
        console = Console()
        console.print(f"{len(lapsed)} provisional approval(s) lapsed")
        for decision_id in lapsed:
            console.print(decision_id)
