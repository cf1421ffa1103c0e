"""``ccr queues``: what waits for an office today, as its console shows it.

The command acts as the official of ``--org`` that the office's kind implies (a network
information office's CAC official, a talent office's talent official, …), so it lists only
what that office may act on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ._common import DatabaseUrl, office_principal, run, with_registry

if TYPE_CHECKING:
    from registry.services.context import ServiceContext
    from registry.services.work_queues import WorkQueue

__all__ = ["register"]

# Each queue's heading, in both languages.
TITLES = {
    "awardsToVerify": "待核验奖项 · Awards awaiting verification",
    "provisionalDue": "容缺材料 14 天内到期 · 容缺 documents due within 14 days",
    "credentialsExpiring": "30 天内到期的凭证 · Credentials expiring within 30 days",
    "recognitionsPending": "待认定申请 · Recognition applications pending",
}


def register(app: typer.Typer) -> None:
    @app.command("queues")
    def queues_command(
        org: Annotated[str, typer.Option(help="The office's code, e.g. yp-talent")],
        limit: Annotated[int, typer.Option(min=1, max=100, help="Items shown a queue")] = 20,
        database_url: DatabaseUrl = None,
    ) -> None:
        """An office's work queues, earliest deadline first."""
        from registry.domain.enums import Role
        from registry.services import work_queues

        offices = (Role.CAC_OFFICIAL, Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL, Role.EVALUATOR)

        async def work(ctx: ServiceContext) -> list[WorkQueue]:
            # Only offices have queues; which role the office's kind implies.
            office = await office_principal(ctx, org, offices)
            return await work_queues.office_queues(ctx, office, limit=limit)

        console = Console()
        for queue in run(with_registry(database_url, work)):
            table = Table("record", "creator", "name", "subject", "state", "due")
            for item in queue.items:
                table.add_row(
                    item.record_id,
                    item.creator_id,
                    item.creator_name,
                    item.subject,
                    item.state,
                    str(item.due or ""),
                )
            shown = f" (first {len(queue.items)})" if len(queue.items) < queue.total else ""
            console.print(f"[bold]{TITLES[queue.name]}[/]: {queue.total}{shown}")
            if queue.items:
                console.print(table)
