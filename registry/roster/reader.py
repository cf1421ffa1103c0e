"""Reading a roster file (CSV or XLSX) into rows, within bounds set before reading.

A file is refused whole, before any row is looked at, when it is too large, has too many
rows, or lacks a required column: nothing half-read is ever imported.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from ..errors import InvalidInput
from .columns import COLUMNS, header_key

__all__ = ["MAX_BYTES", "MAX_CELL", "MAX_ROWS", "MAX_UNPACKED", "RosterRow", "read_roster"]

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024  # a 20,000-row roster unpacks to a few MiB
MAX_ROWS = 20_000
MAX_CELL = 200


@dataclass(frozen=True, slots=True)
class RosterRow:
    number: int  # as a spreadsheet counts: the header is row 1
    cells: dict[str, str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_unpacked_size(data: bytes) -> None:
    """An XLSX is a zip: refuse one that would unpack beyond MAX_UNPACKED before openpyxl
    inflates any part of it (its shared strings are read whole)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise InvalidInput("not an XLSX workbook", field="file") from None
    if unpacked > MAX_UNPACKED:
        raise InvalidInput(
            f"the workbook unpacks beyond {MAX_UNPACKED // 1024 // 1024} MiB", field="file"
        )


def _records(data: bytes, fmt: str) -> list[list[Any]]:
    if fmt == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput("a CSV roster must be UTF-8", field="file") from None
        try:
            return [list(row) for row in csv.reader(io.StringIO(text))][: MAX_ROWS + 2]
        except csv.Error:
            raise InvalidInput("not a CSV file (or a cell is far too long)", field="file") from None
    _check_unpacked_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput("not an XLSX workbook", field="file") from None
    sheet = book.worksheets[0]
    rows: list[list[Any]] = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    book.close()
    return rows


def read_roster(data: bytes, fmt: str) -> list[RosterRow]:
    """The candidate rows of a roster file, empty rows skipped."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"a roster file is at most {MAX_BYTES // 1024 // 1024} MiB", field="file"
        )
    if fmt not in {"csv", "xlsx"}:
        raise InvalidInput("a roster is CSV or XLSX", field="file")
    records = _records(data, fmt)
    if not records:
        raise InvalidInput("the roster is empty", field="file")
    if len(records) > MAX_ROWS + 1:
        raise InvalidInput(f"a roster has at most {MAX_ROWS} rows", field="file")
    keys = [header_key(_text(cell)) for cell in records[0]]
    missing = [c.header for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise InvalidInput(
            "the header row lacks required columns: " + ", ".join(missing), field="file"
        )
    rows = []
    for offset, record in enumerate(records[1:], start=2):
        cells = {
            key: _text(value)[: MAX_CELL + 1]
            for key, value in zip(keys, record, strict=False)
            if key is not None
        }
        if any(cells.values()):
            rows.append(RosterRow(offset, cells))
    return rows
