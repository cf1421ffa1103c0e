"""``ccr credentials print``: an office's credentials as one A4 PDF, a page each, for a
ceremony or a file, with a progress bar. Acts as the registry operator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ._common import DatabaseUrl, day_option, fail, run, with_registry

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Issued credentials: print them.", no_args_is_help=True)
    app.add_typer(group, name="credentials")

    @group.command("print")
    def print_credentials(
        org: Annotated[str, typer.Option("--org", help="Issuing organisation code, e.g. sh-mma")],
        out: Annotated[Path, typer.Option("--out", help="The PDF to write")],
        kind: Annotated[
            str | None,
            typer.Option(
                help="Only this kind: CREATOR_RECOGNITION, AWARD, SKILL_CERTIFICATE, "
                "TALENT_ELIGIBILITY"
            ),
        ] = None,
        since: Annotated[
            str | None, typer.Option(help="Only those issued on or after YYYY-MM-DD")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Print every credential ORG issued into one PDF (revoked and suspended ones marked
        across the page), oldest first."""
        from registry.authz import Principal
        from registry.domain.enums import CredentialKind
        from registry.paper.certificate import PrintedPage, render_certificates
        from registry.services import printing
        from registry.services.context import ServiceContext

        try:
            wanted = None if kind is None else CredentialKind[kind.upper()]
        except KeyError:
            choices = ", ".join(k.name for k in CredentialKind)
            raise fail(f"--kind must be one of {choices}", 2) from None
        day = None if since is None else day_option(since, "--since")

        async def gather(ctx: ServiceContext) -> tuple[list[PrintedPage], str]:
            pages = await printing.organisation_pages(
                ctx, Principal.system(), org, kind=wanted, since=day
            )
            return pages, ctx.issuer

        pages, issuer = run(with_registry(database_url, gather))
        if not pages:
            raise fail(f"{org} has no credential to print with these filters", 1)
        with Progress(
            TextColumn("[bold]printing 打印"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        ) as progress:
            task = progress.add_task("pages", total=len(pages))
            document = render_certificates(
                pages, base_url=issuer, progress=lambda done: progress.update(task, completed=done)
            )
        # Written whole, or not at all: a failed run leaves no half file.
        partial = out.with_name(out.name + ".part")
        partial.write_bytes(document)
        partial.replace(out)
        Console().print(f"{len(pages)} pages → {out} ({len(document) // 1024} KiB)")
