"""``importRoster``: an evaluation institution's exam roster over GraphQL, checked (dry run)
or imported by services/roster_import.py, as ``ccr certificates import`` does."""

from __future__ import annotations

import base64
import binascii
from enum import Enum

import strawberry

from registry.errors import InvalidInput
from registry.roster.reader import read_roster
from registry.services import roster_import

from ..context import Info
from ..errors import UserError, attempt
from ..fields import mutation

__all__ = ["OfficeMutations"]


@strawberry.enum(description="A roster file's format.")
class RosterFormat(Enum):
    CSV = "csv"
    XLSX = "xlsx"


@strawberry.input(description="An exam roster to check (dry run) or import.")
class ImportRosterInput:
    file_base64: str = strawberry.field(description="The file's bytes, base64.")
    format: RosterFormat
    dry_run: bool = True
    all_or_nothing: bool = False


@strawberry.type(description="Why one row of a roster was not imported.")
class RosterRefusal:
    row: int = strawberry.field(description="As the spreadsheet counts: the header is row 1.")
    field: str
    code: str
    message_zh: str
    message_en: str


@strawberry.type
class ImportRosterPayload:
    rows: int
    valid: int = strawberry.field(description="Rows that passed every check.")
    already_on_record: int
    recorded: int = strawberry.field(description="Certificates written (0 in a dry run).")
    written: bool
    refused: list[RosterRefusal]
    user_errors: list[UserError]


@strawberry.type
class OfficeMutations:
    @mutation(
        description="Check (dryRun, the default) or import an exam roster: every row as one "
        "certificate recorded by hand; evaluation institutions only."
    )
    async def import_roster(self, info: Info, input: ImportRosterInput) -> ImportRosterPayload:
        ctx = info.context

        async def call() -> roster_import.ImportReport:
            try:
                data = base64.b64decode(input.file_base64, validate=True)
            except (binascii.Error, ValueError):
                raise InvalidInput("the file is not base64", field="file_base64") from None
            rows = read_roster(data, input.format.value)
            return await roster_import.import_roster(
                ctx.registry,
                ctx.principal,
                rows,
                dry_run=input.dry_run,
                all_or_nothing=input.all_or_nothing,
            )

        report, errors = await attempt(call)
        if report is None:
            return ImportRosterPayload(
                rows=0,
                valid=0,
                already_on_record=0,
                recorded=0,
                written=False,
                refused=[],
                user_errors=errors,
            )
        return ImportRosterPayload(
            rows=report.rows,
            valid=report.valid,
            already_on_record=len(report.already),
            recorded=len(report.recorded),
            written=report.written,
            refused=[
                RosterRefusal(
                    row=r.row, field=r.field, code=r.code, message_zh=r.zh, message_en=r.en
                )
                for r in report.refused
            ],
            user_errors=[],
        )
