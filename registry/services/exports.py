"""Exports for an office's reports: creators, certificates, credentials, decisions, as tables.

Only what the account may read (the same list reads, with their visibility rules), ID
numbers masked (the registry cannot export what it never shows), bounded in size, and
audited: who exported what, how many rows, with which filter; never the rows themselves.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from ..audit import AuditRecord
from ..authz import Principal
from ..db import models as m
from ..domain.paging import MAX_PAGE, PageRequest
from ..errors import InvalidInput
from .common import audit_event
from .context import ServiceContext
from .eligibility_reads import decisions_of
from .queries_creators import CreatorFilter, list_creators
from .queries_credentials import CredentialFilter, list_credentials
from .queries_records import list_certificates

__all__ = ["EXPORTS", "MAX_ROWS", "Table", "export_table", "table_bytes"]

EXPORTS = ("creators", "certificates", "credentials", "decisions")
MAX_ROWS = 100_000


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    headers: list[str]
    rows: list[list[str]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(getattr(value, "value", value))


async def _pages(read: Any) -> list[Any]:
    items: list[Any] = []
    after: str | None = None
    while True:
        page = await read(PageRequest(first=MAX_PAGE, after=after))
        items.extend(page.items)
        if len(items) > MAX_ROWS:
            raise InvalidInput(
                f"an export holds at most {MAX_ROWS:,} rows: narrow it with --org", field="org"
            )
        if not page.has_next_page:
            return items
        after = page.end_cursor


async def export_table(
    ctx: ServiceContext,
    principal: Principal,
    what: str,
    *,
    organisation: str | None = None,
    search: str | None = None,
    credentials: CredentialFilter | None = None,
) -> Table:
    """The table ``what`` as ``principal`` may read it (creators and their decisions narrowed
    by ``search`` as the console's search narrows them); the export is written to the audit
    log first (an export that cannot be logged is not made)."""
    if what not in EXPORTS:
        raise InvalidInput(f"export one of {', '.join(EXPORTS)}", field="what")
    table: Table
    if what == "credentials":
        found = await _pages(
            lambda page: list_credentials(
                ctx,
                principal,
                page,
                replace(credentials or CredentialFilter(), organisation=organisation),
            )
        )
        table = Table(
            what,
            [
                "id",
                "kind",
                "status",
                "creator",
                "name_as_signed",
                "organisation",
                "code",
                "level",
                "issued_at",
                "valid_until",
            ],
            [
                [
                    c.id,
                    c.kind.name,
                    c.status.value,
                    c.creator_id,
                    c.subject_name,
                    c.organisation,
                    _text(c.achievement.get("code")),
                    _text(c.achievement.get("level")),
                    _text(c.issued_at),
                    _text(c.valid_until),
                ]
                for c in found
            ],
        )
    elif what == "certificates":
        found = await _pages(lambda page: list_certificates(ctx, principal, page))
        table = Table(
            what,
            [
                "id",
                "number",
                "creator",
                "organisation",
                "occupation",
                "direction",
                "level",
                "issued_on",
                "legacy",
            ],
            [
                [
                    c.id,
                    c.number,
                    c.creator_id,
                    c.organisation,
                    c.occupation_code,
                    _text(c.direction),
                    c.level.value,
                    _text(c.issued_on),
                    str(c.legacy).lower(),
                ]
                for c in found
                if organisation is None or c.organisation == organisation
            ],
        )
    else:
        creators = await _pages(
            lambda page: list_creators(
                ctx, principal, page, CreatorFilter(registered_by=organisation, search=search)
            )
        )
        if what == "creators":
            table = Table(
                what,
                [
                    "id",
                    "kind",
                    "masked_name",
                    "origin",
                    "id_document_type",
                    "id_number_masked",
                    "region",
                    "registered_by",
                    "created_at",
                ],
                [
                    [
                        c.id,
                        c.kind.value,
                        c.masked_name,
                        c.origin.value,
                        c.id_document_type.value,
                        c.id_number_masked,
                        _text(c.region_code),
                        c.registered_by,
                        _text(c.created_at),
                    ]
                    for c in creators
                ],
            )
        else:
            table = await _decisions(ctx, principal, [c.id for c in creators])
    async with ctx.uow() as uow:
        record: AuditRecord = audit_event(
            principal,
            f"export.{what}",
            "export",
            what,
            at=ctx.now(),
            # The filter as a fact (was there a search?), never its text: it may name a person.
            after={
                "rows": len(table.rows),
                "organisation": organisation,
                "searched": bool(search and search.strip()),
                "filter": None
                if credentials is None
                else {
                    "kind": _text(credentials.kind),
                    "status": _text(credentials.status),
                    "since": _text(credentials.issued_after),
                },
            },
        )
        uow.record(record)
        await uow.commit()
    return table


async def _decisions(ctx: ServiceContext, principal: Principal, creator_ids: list[str]) -> Table:
    rows: list[list[str]] = []
    async with ctx.uow(read_only=True) as uow:
        for start in range(0, len(creator_ids), 500):
            chunk = creator_ids[start : start + 500]
            found = await uow.session.execute(
                select(m.Creator.id, m.Creator.public_id).where(m.Creator.public_id.in_(chunk))
            )
            public = {pk: public_id for pk, public_id in found}
            for pk, decisions in (await decisions_of(uow.session, principal, list(public))).items():
                for d in decisions:
                    rows.append(
                        [
                            d.id,
                            public[pk],
                            d.programme_code,
                            str(d.programme_version),
                            _text(d.tier),
                            d.outcome.value,
                            d.state.value,
                            _text(d.decided_on),
                        ]
                    )
    return Table(
        "decisions",
        ["id", "creator", "programme", "version", "tier", "outcome", "state", "decided_on"],
        rows,
    )


def table_bytes(table: Table, fmt: str) -> bytes:
    """The table as CSV (UTF-8 with a BOM, so spreadsheet programs read it right) or XLSX."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise InvalidInput("format must be csv or xlsx", field="format")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.name)
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append(row)
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()
