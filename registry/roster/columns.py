"""The roster layout: one header row, then a candidate a row, columns in any order.

A header cell may be the Chinese name, the English key or both as the template writes them
(``姓名 name``); matching ignores case and surrounding spaces.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

__all__ = ["COLUMNS", "Column", "header_key", "template"]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    zh: str
    required: bool
    help: str

    @property
    def header(self) -> str:
        return f"{self.zh} {self.key}"


COLUMNS: tuple[Column, ...] = (
    Column("name", "姓名", True, "as on the ID document / 与证件一致"),
    Column(
        "id_type",
        "证件类型",
        True,
        "RESIDENT_ID, HMT_PERMIT, PASSPORT or FOREIGN_PERMANENT_ID (or 居民身份证 …)",
    ),
    Column("id_number", "证件号码", True, "the full number; never stored in clear / 完整号码"),
    Column("occupation_code", "职业编码", False, "default 4-13-01-05 (全媒体运营师)"),
    Column("direction", "职业方向", False, "CP, AV, LS, TO, DA or the full name; empty below L3"),
    Column("level", "等级", True, "L1–L5, or 五级 … 一级 / 三级/高级工"),
    Column("theory_score", "理论成绩", False, "0–100"),
    Column("practical_score", "技能成绩", False, "0–100"),
    Column("review_score", "综合评审成绩", False, "0–100 (L2 and L1)"),
    Column("issued_on", "发证日期", True, "YYYY-MM-DD"),
    Column("number", "证书编号", True, "22 characters, ^[YS]\\d{21}$"),
)
_BY_NAME = {
    **{c.key: c.key for c in COLUMNS},
    **{c.zh: c.key for c in COLUMNS},
    **{c.header.lower(): c.key for c in COLUMNS},
}


def header_key(cell: str) -> str | None:
    """The column a header cell names, or None for a column the import ignores."""
    text = " ".join(cell.split()).strip()
    return _BY_NAME.get(text) or _BY_NAME.get(text.lower())


_EXAMPLE = {
    "name": "张三",
    "id_type": "RESIDENT_ID",
    "id_number": "310110199001011234",
    "occupation_code": "4-13-01-05",
    "direction": "AV",
    "level": "L3",
    "theory_score": "82",
    "practical_score": "88",
    "review_score": "",
    "issued_on": "2026-06-30",
    "number": "S000031000012263000001",
}


def template(fmt: str) -> bytes:
    """An empty roster with the headers and one example row (to be replaced), as CSV or XLSX."""
    headers = [c.header for c in COLUMNS]
    example = [_EXAMPLE[c.key] for c in COLUMNS]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerow(example)
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8
    if fmt != "xlsx":
        raise ValueError("format must be csv or xlsx")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "roster"
    sheet.append(headers)
    sheet.append(example)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(column.header) + 4)
    notes = book.create_sheet("说明 notes")
    notes.append(["列 column", "必填 required", "说明 meaning"])
    for column in COLUMNS:
        notes.append([column.header, "是 yes" if column.required else "否 no", column.help])
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()
