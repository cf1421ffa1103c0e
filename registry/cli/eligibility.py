"""``ccr eligibility``: lapse 容缺 approvals whose documents are overdue, complete one whose
documents arrived, approve a month of a monthly subsidy, and publish a programme version."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ._common import DatabaseUrl, day_option, fail, office_principal, record_id, run, with_registry

if TYPE_CHECKING:
    from registry.domain.eligibility import RecordedDecision, SubsidyPeriodApproval
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

    @eligibility.command("publish")
    def publish(
        document: Annotated[Path, typer.Argument(help="The programme's JSON document")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Publish a programme's next version (or a new programme's first), checked like the
        shipped files and against every programme in force. Audited, naming the operator."""
        from registry.authz import Principal
        from registry.services import programmes

        try:
            text = document.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(
                f"{document}: cannot read it as UTF-8 text ({type(exc).__name__})", 2
            ) from None
        published = run(
            with_registry(
                database_url,
                lambda ctx: programmes.publish_programme_version(ctx, Principal.system(), text),
            )
        )
        Console().print(
            f"{published.code} version {published.version} published "
            f"({published.name_zh} · {published.name_en}), digest {published.digest}"
        )

    @eligibility.command("complete")
    def complete(
        decision: Annotated[str, typer.Argument(help="The 容缺 decision's id", callback=record_id)],
        org: Annotated[str, typer.Option(help="The deciding office's code, e.g. hz-talent")],
        reason: Annotated[str, typer.Option(help="What arrived, kept with the decision")],
        decided_on: Annotated[str, typer.Option(help="YYYY-MM-DD, no later than the due day")],
        subsidy_start: Annotated[
            str | None, typer.Option(help="First month of a monthly subsidy, YYYY-MM-DD")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Confirm a provisional (容缺) approval whose documents have arrived."""
        from registry.domain.enums import Role
        from registry.services.eligibility_provisional import (
            CompleteProvisional,
            complete_provisional_decision,
        )

        command = CompleteProvisional(
            decision_id=decision,
            reason=reason,
            decided_on=day_option(decided_on, "--decided-on"),
            subsidy_start=None
            if subsidy_start is None
            else day_option(subsidy_start, "--subsidy-start"),
        )

        async def action(ctx: ServiceContext) -> RecordedDecision:
            office = await office_principal(ctx, org, (Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL))
            return await complete_provisional_decision(ctx, office, command)

        done = run(with_registry(database_url, action))
        Console().print(
            f"{done.decision.id}  {done.decision.outcome}  {done.decision.state}"
            + (f"  credential {done.credential.credential.id}" if done.credential else "")
        )

    @eligibility.command("approve-period")
    def approve_period(
        decision: Annotated[str, typer.Argument(help="The decision's id", callback=record_id)],
        org: Annotated[str, typer.Option(help="The deciding office's code")],
        start: Annotated[str, typer.Option(help="The day the period begins, YYYY-MM-DD")],
        benefit: Annotated[
            str | None, typer.Option(help="The monthly benefit's code, if the decision has several")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Approve one month of a granted monthly subsidy for payment (each month once)."""
        from registry.domain.enums import Role
        from registry.services.subsidies import approve_subsidy_period

        day = day_option(start, "--start")

        async def action(ctx: ServiceContext) -> SubsidyPeriodApproval:
            office = await office_principal(ctx, org, (Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL))
            return await approve_subsidy_period(ctx, office, decision, day, benefit_code=benefit)

        period = run(with_registry(database_url, action))
        Console().print(
            f"{period.id}  {period.benefit_code}  month {period.number}  "
            f"{period.start} – {period.end}"
        )
