"""Importing an exam roster: 1,000 rows with 50 bad rows of ten kinds, as CSV and as XLSX.

Every refusal is reported with its row number, field and code; a dry run writes nothing and
reports what a real run then does; the real run commits the 950 good rows; importing the
same file again creates nothing and says so; ``--all-or-nothing`` writes nothing at all.
"""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from registry.authz import Principal
from registry.cli import app as ccr
from registry.db import models as m
from registry.domain.enums import Role
from registry.domain.skills import SkillLevel
from registry.roster.columns import COLUMNS, template
from registry.roster.labels import ERROR_LABELS
from registry.roster.reader import RosterRow, read_roster
from registry.services import creators, orgs, roster_import
from registry.services.context import ServiceContext
from tests.registry.conftest import DOMESTIC, ID_DOC, MASTER_KEY, World, resident_id
from tests.registry.helpers import certificate_number, mma_filing

ROWS = 1000
# The ten kinds of bad row, five of each: (every how-many-th row, field, code).
BAD = {
    "missing name": ("name", "INVALID_INPUT"),
    "unknown ID type": ("id_type", "INVALID_INPUT"),
    "bad ID check digit": ("id_number", "INVALID_ID_NUMBER"),
    "unknown level": ("level", "INVALID_LEVEL"),
    "impossible date": ("issued_on", "INVALID_INPUT"),
    "score over 100": ("theory_score", "INVALID_INPUT"),
    "number of no filing": ("number", "OUTSIDE_FILING"),
    "number twice in the file": ("number", "DUPLICATE"),
    "name not the holder's": ("id_number", "NOT_FOUND"),
    "direction below its level": ("direction", "INVALID_DIRECTION"),
}


def _id(i: int) -> str:
    born = date(1985, 1, 1) + timedelta(days=i)
    return resident_id(birth=born.strftime("%Y%m%d"), serial=f"{i % 1000:03d}")


async def _roster(ctx: ServiceContext, world: World) -> tuple[list[dict[str, str]], dict[int, str]]:
    """The rows (as cells) and, by row number, which kind of bad each bad row is."""
    filing = await mma_filing(ctx, world)
    for i in range(ROWS):
        await creators.register_creator(
            ctx,
            world["yp-talent"],
            creators.RegisterCreator(f"创作者{i}", DOMESTIC, ID_DOC, _id(i)),
        )
    rows: list[dict[str, str]] = []
    bad: dict[int, str] = {}
    kinds = list(BAD)
    for i in range(ROWS):
        cells = {
            "name": f"创作者{i}",
            "id_type": "RESIDENT_ID" if i % 2 else "居民身份证",
            "id_number": _id(i),
            "occupation_code": "4-13-01-05",
            "direction": "AV" if i % 3 else "视听运营",
            "level": "L3" if i % 2 else "三级/高级工",
            "theory_score": "80",
            "practical_score": "85",
            "review_score": "",
            "issued_on": "2026-04-01",
            "number": certificate_number(filing.prefix, 2026, SkillLevel.L3, i + 1),
        }
        if i % 20 == 7:  # 50 bad rows, the ten kinds in turn
            kind = kinds[(i // 20) % 10]
            bad[i + 2] = kind  # + the header row, counted from 1
            if kind == "missing name":
                cells["name"] = ""
            elif kind == "unknown ID type":
                cells["id_type"] = "LIBRARY_CARD"
            elif kind == "bad ID check digit":
                number = cells["id_number"]
                cells["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
            elif kind == "unknown level":
                cells["level"] = "L9"
            elif kind == "impossible date":
                cells["issued_on"] = "2026-13-01"
            elif kind == "score over 100":
                cells["theory_score"] = "150"
            elif kind == "number of no filing":
                cells["number"] = "S" + "9" * 12 + cells["number"][13:]
            elif kind == "number twice in the file":
                cells["number"] = rows[-1]["number"]
            elif kind == "name not the holder's":
                cells["name"] = "别人"
            else:
                cells["direction"], cells["level"] = "DA", "L4"
                cells["number"] = certificate_number(filing.prefix, 2026, SkillLevel.L4, i + 1)
        rows.append(cells)
    return rows, bad


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in COLUMNS])
    for cells in rows:
        writer.writerow([cells[c.key] for c in COLUMNS])
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[dict[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.zh for c in COLUMNS])  # Chinese headers alone are recognised too
    for cells in rows:
        sheet.append([cells[c.key] for c in COLUMNS])
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


async def _count(ctx: ServiceContext) -> int:
    async with ctx.uow(read_only=True) as uow:
        return int(
            await uow.session.scalar(select(func.count()).select_from(m.SkillCertificate)) or 0
        )


async def _evaluator(ctx: ServiceContext) -> Principal:
    return await orgs.operator_acting_for(ctx, "sh-mma", Role.EVALUATOR)


async def test_a_roster_imports_its_good_rows_and_reports_each_bad_one(
    ctx: ServiceContext, world: World
) -> None:
    rows, bad = await _roster(ctx, world)
    as_csv, as_xlsx = read_roster(_csv(rows), "csv"), read_roster(_xlsx(rows), "xlsx")
    assert [r.cells for r in as_csv] == [r.cells for r in as_xlsx]
    principal = await _evaluator(ctx)

    dry = await roster_import.import_roster(ctx, principal, as_xlsx, dry_run=True)
    assert (dry.rows, dry.valid, dry.written, await _count(ctx)) == (ROWS, ROWS - 50, False, 0)
    reported = {r.row: (r.field, r.code) for r in dry.refused}
    assert len(dry.refused) == dry.refused_rows == 50  # one reason each, nothing else refused
    assert reported == {row: BAD[kind] for row, kind in bad.items()}
    for refusal in dry.refused:
        assert refusal.zh == ERROR_LABELS[refusal.code]
        assert refusal.en
        assert _id(0)[:6] not in refusal.en  # an ID number is never echoed

    nothing = await roster_import.import_roster(ctx, principal, as_csv, all_or_nothing=True)
    assert (nothing.written, await _count(ctx)) == (False, 0)

    real = await roster_import.import_roster(ctx, principal, as_csv)
    assert (real.written, len(real.recorded), await _count(ctx)) == (True, ROWS - 50, ROWS - 50)
    assert {r.row: (r.field, r.code) for r in real.refused} == reported

    again = await roster_import.import_roster(ctx, principal, as_xlsx)
    assert (again.written, again.valid, len(again.already)) == (False, 0, ROWS - 50)
    assert await _count(ctx) == ROWS - 50
    # The same 50 refused again, for the same reasons: a number twice is still the other
    # holder's number, not "already imported".
    assert {r.row: (r.field, r.code) for r in again.refused} == reported


async def test_files_that_cannot_be_a_roster_are_refused_whole(ctx: ServiceContext) -> None:
    from registry.errors import InvalidInput

    with pytest.raises(InvalidInput, match="required columns"):
        read_roster("姓名,证件号码\n张三,1\n".encode(), "csv")
    with pytest.raises(InvalidInput, match="XLSX"):
        read_roster(b"not a zip", "xlsx")
    with pytest.raises(InvalidInput, match="UTF-8"):
        read_roster("姓名".encode("gbk"), "csv")
    header = ",".join(c.header for c in COLUMNS)
    too_many = header + "\n" + "x,\n" * 20_001
    with pytest.raises(InvalidInput, match="at most"):
        read_roster(too_many.encode(), "csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_reads_back_as_one_row(fmt: str) -> None:
    rows = read_roster(template(fmt), fmt)
    assert [type(r) for r in rows] == [RosterRow]
    assert rows[0].cells["level"] == "L3"


async def test_the_command_line_imports_issues_and_reports_in_both_languages(
    ctx: ServiceContext,
    world: World,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    filing = await mma_filing(ctx, world)
    for i in range(3):
        await creators.register_creator(
            ctx, world["yp-talent"], creators.RegisterCreator(f"考生{i}", DOMESTIC, ID_DOC, _id(i))
        )
    rows = [
        {
            "name": f"考生{i}",
            "id_type": "居民身份证",
            "id_number": _id(i),
            "occupation_code": "",
            "direction": "直播运营",
            "level": "三级",
            "theory_score": "",
            "practical_score": "",
            "review_score": "",
            "issued_on": "2026-04-01",
            "number": certificate_number(filing.prefix, 2026, SkillLevel.L3, 500 + i),
        }
        for i in range(3)
    ]
    rows[2]["name"] = "别人"
    roster = tmp_path / "roster.csv"
    roster.write_bytes(_csv(rows))
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CCR_KEK", MASTER_KEY.reveal().hex())
    monkeypatch.setenv("COLUMNS", "200")
    base = [
        "certificates",
        "import",
        str(roster),
        "--org",
        "sh-mma",
        "--database-url",
        database_url,
    ]

    async def cli(*args: str) -> Result:
        # In a thread of its own: the command runs its own event loop, as at a terminal.
        return await asyncio.to_thread(CliRunner().invoke, ccr, list(args))

    dry = await cli(*base, "--dry-run")
    assert dry.exit_code == 1, dry.output
    assert "4" in dry.stdout  # row 4: the header is row 1
    assert "未找到" in dry.stdout
    assert "no registered creator holds this ID document under this name" in dry.stdout
    assert "dry run: nothing written" in dry.stdout
    assert await _count(ctx) == 0

    real = await cli(*base, "--issue")
    assert real.exit_code == 1, real.output
    assert "2 certificates recorded" in real.stdout
    assert "2 credentials issued" in real.stdout
    async with ctx.uow(read_only=True) as uow:
        issued = await uow.session.scalar(
            select(func.count())
            .select_from(m.Credential)
            .where(m.Credential.kind == "SKILL_CERTIFICATE")
        )
    assert issued == 2

    rows.pop()
    roster.write_bytes(_csv(rows))
    again = await cli(*base)
    assert again.exit_code == 0, again.output
    assert "2 already on record" in again.stdout
    assert "nothing new to write" in again.stdout

    template_file = tmp_path / "template.xlsx"
    made = await cli("certificates", "template", "--out", str(template_file))
    assert made.exit_code == 0
    assert read_roster(template_file.read_bytes(), "xlsx")[0].cells["name"] == "张三"


def test_refusal_labels_are_the_consoles() -> None:
    """The import says what the console says: each label as schema/static/i18n.js has it."""
    source = (Path(__file__).parents[2] / "schema" / "static" / "i18n.js").read_text("utf-8")
    for code, zh in ERROR_LABELS.items():
        assert f"  {code}: ['{zh}', " in source, code


def test_a_zip_bomb_or_a_giant_cell_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import zipfile

    from registry.errors import InvalidInput
    from registry.roster import reader

    monkeypatch.setattr(reader, "MAX_UNPACKED", 1024 * 1024)  # the same rule, a cheaper bomb
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (reader.MAX_UNPACKED + 1))
    assert len(packed.getvalue()) < 64 * 1024  # small on the wire
    with pytest.raises(InvalidInput, match="unpacks beyond"):
        read_roster(packed.getvalue(), "xlsx")
    with pytest.raises(InvalidInput, match="not a CSV"):
        read_roster(b'name\n"' + b"x" * 200_000 + b'"\n', "csv")
