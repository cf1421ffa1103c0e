"""``ccr export``: an office's creators, certificates, credentials or decisions as CSV or XLSX,
as that office may read them (ID numbers masked), the export written to the audit log."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ._common import DatabaseUrl, fail, run, with_registry

__all__ = ["register"]

# The role an office's exports are read as: what its officials may read.
_ROLES = {
    "CAC_OFFICE": "CAC_OFFICIAL",
    "TALENT_OFFICE": "TALENT_OFFICIAL",
    "HRSS_BUREAU": "HRSS_OFFICIAL",
    "EVALUATION_INSTITUTION": "EVALUATOR",
    "AUDIT_OFFICE": "AUDITOR",
}


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        what: Annotated[
            str, typer.Argument(help="creators, certificates, credentials or decisions")
        ],
        org: Annotated[str, typer.Option("--org", help="The office whose view is exported")],
        out: Annotated[Path, typer.Option("--out", help="The file to write")],
        fmt: Annotated[str, typer.Option("--format", help="csv or xlsx")] = "csv",
        mine: Annotated[
            bool, typer.Option("--mine", help="Only what this office recorded or issued")
        ] = False,
        kind: Annotated[
            str | None, typer.Option(help="credentials: only this kind, e.g. SKILL_CERTIFICATE")
        ] = None,
        status: Annotated[
            str | None, typer.Option(help="credentials: ACTIVE, SUSPENDED or REVOKED")
        ] = None,
        since: Annotated[
            str | None, typer.Option(help="credentials: issued on or after YYYY-MM-DD")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Export a table as the office ORG may read it."""
        from registry.authz import Principal
        from registry.domain.enums import Role
        from registry.services import exports, orgs
        from registry.services.context import ServiceContext

        if what not in exports.EXPORTS:
            raise fail(f"export one of {', '.join(exports.EXPORTS)}", 2)
        if fmt not in {"csv", "xlsx"}:
            raise fail("--format must be csv or xlsx", 2)
        from datetime import UTC, date, datetime, time

        from registry.domain.enums import CredentialKind, CredentialStatus
        from registry.services.queries_credentials import CredentialFilter

        try:
            wanted = CredentialFilter(
                kind=None if kind is None else CredentialKind[kind.upper()],
                status=None if status is None else CredentialStatus(status.upper()),
                issued_after=None
                if since is None
                else datetime.combine(date.fromisoformat(since), time.min, tzinfo=UTC),
            )
        except (KeyError, ValueError):
            raise fail("--kind, --status or --since is not one the registry knows", 2) from None

        async def work(ctx: ServiceContext) -> exports.Table:
            office = await orgs.get_organisation(ctx, Principal.system(), org)
            role = _ROLES.get(office.kind.value)
            if role is None:
                raise fail(f"{org} is not an office that reads the registry", 2)
            principal = await orgs.operator_acting_for(ctx, org, Role(role))
            return await exports.export_table(
                ctx, principal, what, organisation=org if mine else None, credentials=wanted
            )

        table = run(with_registry(database_url, work))
        data = exports.table_bytes(table, fmt)
        partial = out.with_name(out.name + ".part")
        partial.write_bytes(data)
        partial.replace(out)
        Console().print(f"{len(table.rows)} {what} → {out}")
