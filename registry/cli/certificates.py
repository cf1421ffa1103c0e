"""``ccr certificates``: an evaluation institution's exam roster, imported at once.

``import`` checks every row as one certificate recorded by hand and reports each refused row
with its row number, field and reason in Chinese and English; ``--dry-run`` writes nothing,
``--all-or-nothing`` writes nothing unless every row passes, ``--issue`` also issues the new
certificates' credentials. The operator acts as the institution's evaluator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ._common import DatabaseUrl, fail, run, with_registry

__all__ = ["register"]


def _progress(what: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{what}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Skill certificates: import an exam roster.", no_args_is_help=True)
    app.add_typer(group, name="certificates")

    @group.command("template")
    def template_command(
        out: Annotated[Path, typer.Option("--out", help="Where to write the template")],
        fmt: Annotated[str, typer.Option("--format", help="xlsx or csv")] = "xlsx",
    ) -> None:
        """Write an empty roster with the documented columns and one example row."""
        from registry.roster.columns import template

        if fmt not in {"xlsx", "csv"}:
            raise fail("--format must be xlsx or csv", 2)
        out.write_bytes(template(fmt))
        Console().print(f"template → {out}")

    @group.command("import")
    def import_command(
        file: Annotated[Path, typer.Argument(help="The roster, .csv or .xlsx")],
        org: Annotated[str, typer.Option("--org", help="The evaluation institution's code")],
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help="Check every row, write nothing")
        ] = False,
        all_or_nothing: Annotated[
            bool, typer.Option("--all-or-nothing", help="Write nothing unless every row passes")
        ] = False,
        issue: Annotated[
            bool, typer.Option("--issue", help="Also issue the new certificates' credentials")
        ] = False,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Import an exam roster. Exit 0 when every row passed (or was already on record),
        1 when some row was refused (the table says which and why), 2 for an unusable file."""
        from registry.domain.enums import CredentialKind, Role
        from registry.errors import DomainError
        from registry.roster.reader import read_roster
        from registry.services import issuance, orgs, roster_import
        from registry.services.context import ServiceContext

        fmt = file.suffix.lower().lstrip(".")
        if fmt not in {"csv", "xlsx"} or not file.is_file():
            raise fail(f"{file}: give a .csv or .xlsx roster", 2)
        try:
            rows = read_roster(file.read_bytes(), fmt)
        except DomainError as exc:
            raise fail(f"{file}: {exc.message}", 2) from None

        async def work(ctx: ServiceContext) -> tuple[roster_import.ImportReport, int]:
            principal = await orgs.operator_acting_for(ctx, org, Role.EVALUATOR)
            with _progress("checking 校验") as bar:
                task = bar.add_task("rows", total=len(rows))
                report = await roster_import.import_roster(
                    ctx,
                    principal,
                    rows,
                    dry_run=dry_run,
                    all_or_nothing=all_or_nothing,
                    progress=lambda done: bar.update(task, completed=done),
                )
            issued = 0
            if issue and report.written:
                with _progress("issuing 签发") as bar:
                    task = bar.add_task("credentials", total=len(report.recorded))
                    for certificate in report.recorded:
                        request = issuance.IssueCredential(
                            CredentialKind.SKILL_CERTIFICATE, certificate
                        )
                        await issuance.issue_credential(ctx, principal, request)
                        issued += 1
                        bar.update(task, completed=issued)
            return report, issued

        report, issued = run(with_registry(database_url, work))
        console = Console()
        if report.refused:
            table = Table("行 row", "字段 field", "代码 code", "原因", "reason")
            for refusal in report.refused:
                table.add_row(str(refusal.row), refusal.field, refusal.code, refusal.zh, refusal.en)
            console.print(table)
        console.print(
            f"{report.rows} rows 行: {report.valid} valid 通过, "
            f"{len(report.already)} already on record 已有记录（未重复导入）, "
            f"{report.refused_rows} refused 拒绝"
        )
        if report.written:
            console.print(f"{len(report.recorded)} certificates recorded 已登记")
        elif dry_run:
            console.print("dry run: nothing written 试运行，未写入")
        elif all_or_nothing and report.refused:
            console.print("--all-or-nothing: nothing written 有拒绝行，全部未写入")
        else:
            console.print("nothing new to write 无新记录")
        if issue and report.written:
            console.print(f"{issued} credentials issued 已签发")
        if report.refused:
            raise typer.Exit(1)
