"""``ccr filings``: evaluation institutions' filings (备案), kept by the operator at the console.

Every command acts as the registry operator and is audited like the same change over GraphQL
(``fileFiling``, ``changeFiling``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ._common import DatabaseUrl, day_option, fail, record_id, run, with_registry

if TYPE_CHECKING:
    from registry.domain.skills import Filing

FilingId = Annotated[
    str, typer.Argument(help="The filing's id (or its API id)", callback=record_id)
]

__all__ = ["register"]


def _show(filing: Filing) -> None:
    levels = ", ".join(level.value for level in filing.levels)
    Console().print(
        f"{filing.id}  {filing.organisation}  {filing.occupation_code}  {filing.state}  "
        f"{filing.valid_from}–{filing.valid_until}  levels {levels}  prefix {filing.prefix}"
    )


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Evaluation institutions' filings (备案).", no_args_is_help=True)
    app.add_typer(group, name="filings")

    @group.command("file")
    def file_command(
        org: Annotated[str, typer.Option(help="The evaluation institution's code")],
        directions: Annotated[str, typer.Option(help="Comma-separated, e.g. AUDIOVISUAL_OPS")],
        levels: Annotated[str, typer.Option(help="Comma-separated, e.g. L4,L3,L2")],
        scope: Annotated[str, typer.Option(help="NATIONAL or PROVINCIAL")],
        province: Annotated[str, typer.Option(help="Two digits, e.g. 31")],
        category: Annotated[str, typer.Option(help="Institution category letter, e.g. S")],
        institution: Annotated[str, typer.Option(help="Four-digit institution code")],
        site: Annotated[str, typer.Option(help="Six-digit site serial")],
        valid_from: Annotated[str, typer.Option("--from", help="Start of the term, YYYY-MM-DD")],
        valid_until: Annotated[str, typer.Option("--until", help="End of the term, YYYY-MM-DD")],
        occupation: Annotated[str, typer.Option(help="Occupation code")] = "4-13-01-05",
        reference: Annotated[str | None, typer.Option(help="The filing's number")] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """File a filing: the occupation, directions, levels, scope and term it covers."""
        from registry.authz import Principal
        from registry.domain.enums import FilingScope, InstitutionCategory
        from registry.domain.skills import SkillLevel
        from registry.services import filings

        try:
            command = filings.FileFiling(
                organisation=org,
                occupation_code=occupation,
                directions=tuple(d.strip() for d in directions.split(",") if d.strip()),
                levels=tuple(SkillLevel(v.strip().upper()) for v in levels.split(",")),
                scope=FilingScope(scope.upper()),
                province_code=province,
                category=InstitutionCategory(category.upper()),
                institution_code=institution,
                site_serial=site,
                valid_from=day_option(valid_from, "--from"),
                valid_until=day_option(valid_until, "--until"),
                reference=reference,
            )
        except ValueError as exc:
            raise fail(f"not a valid choice: {exc}", 2) from None
        filed = run(
            with_registry(
                database_url, lambda ctx: filings.file_filing(ctx, Principal.system(), command)
            )
        )
        _show(filed)

    @group.command("list")
    def list_command(
        org: Annotated[str | None, typer.Option(help="Only this institution's")] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """List filings, with their state, term, levels and certificate prefix."""
        from registry.authz import Principal
        from registry.services import filings

        found = run(
            with_registry(
                database_url,
                lambda ctx: filings.list_filings(ctx, Principal.system(), organisation=org),
            )
        )
        table = Table("id", "institution", "occupation", "state", "term", "levels", "prefix")
        for filing in found:
            table.add_row(
                filing.id,
                filing.organisation,
                filing.occupation_code,
                filing.state.value,
                f"{filing.valid_from} – {filing.valid_until}",
                ", ".join(level.value for level in filing.levels),
                filing.prefix,
            )
        Console().print(table)

    def change(action: str, filing_id: str, database_url: str | None, until: str | None) -> None:
        from registry.authz import Principal
        from registry.services import filings

        operator = Principal.system()
        if action == "renew":
            if until is None:
                raise fail("--until names the new end of the term", 2)
            day = day_option(until, "--until")
            changed = run(
                with_registry(
                    database_url,
                    lambda ctx: filings.renew_filing(ctx, operator, filing_id, valid_until=day),
                )
            )
        else:
            call = {
                "suspend": filings.suspend_filing,
                "reinstate": filings.reinstate_filing,
                "withdraw": filings.withdraw_filing,
            }[action]
            changed = run(with_registry(database_url, lambda ctx: call(ctx, operator, filing_id)))
        _show(changed)

    @group.command("suspend")
    def suspend_command(
        filing_id: FilingId,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Suspend a filing: it records and signs no certificate until reinstated."""
        change("suspend", filing_id, database_url, None)

    @group.command("reinstate")
    def reinstate_command(
        filing_id: FilingId,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Lift a filing's suspension."""
        change("reinstate", filing_id, database_url, None)

    @group.command("withdraw")
    def withdraw_command(
        filing_id: FilingId,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Withdraw a filing for good."""
        change("withdraw", filing_id, database_url, None)

    @group.command("renew")
    def renew_command(
        filing_id: FilingId,
        until: Annotated[str, typer.Option("--until", help="The new end of the term")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Extend a filing's term."""
        change("renew", filing_id, database_url, until)
