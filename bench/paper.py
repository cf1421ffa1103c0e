"""Paper and batches: printing certificates into one PDF, importing an exam roster, and the QR
render time per code beside zxing-cpp's own encoder, all in one run.

Setup (organisations, a filing, the registered candidates, issuing the printed credentials)
is not timed. Each backend gets a fresh database: SQLite, and PostgreSQL in a throwaway
cluster when the server binaries are installed.

    python bench/paper.py                               # 10,000 rows, 1,000 pages
    python bench/paper.py --rows 2000 --pages 200 --backend sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import io
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from registry.authz import Principal  # noqa: E402
from registry.config import Secret, Settings  # noqa: E402
from registry.db import models as m  # noqa: E402
from registry.domain.enums import (  # noqa: E402
    CredentialKind,
    FilingScope,
    InstitutionCategory,
    OrgKind,
    Role,
)
from registry.domain.identity import resident_id_check_char  # noqa: E402
from registry.domain.skills import SkillLevel  # noqa: E402
from registry.migrate import upgrade  # noqa: E402
from registry.paper.certificate import render_certificates  # noqa: E402
from registry.roster.columns import COLUMNS  # noqa: E402
from registry.roster.reader import read_roster  # noqa: E402
from registry.runtime import open_registry  # noqa: E402
from registry.services import filings, issuance, keys, orgs, printing, roster_import  # noqa: E402
from registry.services.bulk import creator_row  # noqa: E402
from registry.services.context import ServiceContext  # noqa: E402
from signing.qr import ErrorLevel, render_png  # noqa: E402
from tests.pg_cluster import PgCluster, find_pg_bin  # noqa: E402

console = Console()
ISSUER = "http://127.0.0.1:8000"


def _resident_id(n: int) -> str:
    born = date(1980, 1, 1) + timedelta(days=n // 1000)
    first17 = f"310110{born:%Y%m%d}{n % 1000:03d}"
    return first17 + resident_id_check_char(first17)


async def _setup(ctx: ServiceContext, rows: int) -> tuple[Principal, str]:
    admin = Principal.system()
    for code, kind, region in (
        ("yp-talent", OrgKind.TALENT_OFFICE, "310110"),
        ("sh-hrss", OrgKind.HRSS_BUREAU, "310000"),
        ("sh-mma", OrgKind.EVALUATION_INSTITUTION, "310000"),
    ):
        await orgs.create_organisation(
            ctx, admin, orgs.CreateOrganisation(code, code, kind, region)
        )
    await orgs.ensure_account(ctx, admin, orgs.CreateAccount("sh-mma", "exams", Role.EVALUATOR))
    await keys.ensure_signing_key(ctx, admin)
    hrss = await orgs.operator_acting_for(ctx, "sh-hrss", Role.HRSS_OFFICIAL)
    filing = await filings.file_filing(
        ctx,
        hrss,
        filings.FileFiling(
            organisation="sh-mma",
            occupation_code="4-13-01-05",
            directions=("AUDIOVISUAL_OPS", "LIVESTREAM_OPS"),
            levels=(SkillLevel.L4, SkillLevel.L3),
            scope=FilingScope.PROVINCIAL,
            province_code="31",
            category=InstitutionCategory.S,
            institution_code="0000",
            site_serial="000123",
            valid_from=date(2025, 1, 1),
            valid_until=date(2028, 12, 31),
        ),
    )
    now = ctx.now()
    async with ctx.uow() as uow:
        org_id = (
            await uow.session.execute(
                select(m.Organisation.id).where(m.Organisation.code == "yp-talent")
            )
        ).scalar_one()
        for start in range(0, rows, 1000):
            batch = [
                creator_row(
                    ctx,
                    name=f"考生{n}",
                    resident_id=_resident_id(n),
                    region_code="310110",
                    registered_by_org_id=org_id,
                    now=now,
                )
                for n in range(start, min(start + 1000, rows))
            ]
            await uow.session.execute(insert(m.Creator), batch)
        await uow.commit()
    return await orgs.operator_acting_for(ctx, "sh-mma", Role.EVALUATOR), filing.prefix


def _roster(rows: int, prefix: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("roster")
    sheet.append([c.header for c in COLUMNS])
    issued_on = date.today() - timedelta(days=30)
    digit = SkillLevel.L3.digit
    for n in range(rows):
        cells = {
            "name": f"考生{n}",
            "id_type": "RESIDENT_ID",
            "id_number": _resident_id(n),
            "occupation_code": "4-13-01-05",
            "direction": "AV",
            "level": "L3",
            "theory_score": "80",
            "practical_score": "85",
            "review_score": "",
            "issued_on": issued_on.isoformat(),
            "number": f"{prefix}{issued_on.year % 100:02d}{digit}{n:06d}",
        }
        sheet.append([cells[c.key] for c in COLUMNS])
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


async def run_backend(url: str, rows: int, pages: int) -> dict[str, float]:
    await upgrade(url)
    settings = Settings(
        database_url=url,
        data_dir=Path(tempfile.mkdtemp(prefix="ccr-bench-")),
        issuer_url=ISSUER,
        kek=Secret(secrets.token_bytes(32)),
    )
    ctx = await open_registry(settings)
    try:
        evaluator, prefix = await _setup(ctx, rows)
        data = _roster(rows, prefix)
        started = time.perf_counter()
        parsed = read_roster(data, "xlsx")
        read = time.perf_counter() - started
        started = time.perf_counter()
        dry = await roster_import.import_roster(ctx, evaluator, parsed, dry_run=True)
        dry_s = time.perf_counter() - started
        started = time.perf_counter()
        real = await roster_import.import_roster(ctx, evaluator, parsed)
        real_s = time.perf_counter() - started
        if dry.refused or real.refused or len(real.recorded) != rows:
            raise SystemExit(f"import refused rows: {(dry.refused or real.refused)[:3]}")
        requests = [
            issuance.IssueCredential(CredentialKind.SKILL_CERTIFICATE, certificate)
            for certificate in real.recorded[:pages]
        ]
        issued = await issuance.issue_credentials_bulk(ctx, evaluator, requests, batch_size=500)
        if issued.failures:
            raise SystemExit(f"issuing failed: {issued.failures[:3]}")
        started = time.perf_counter()
        found = await printing.organisation_pages(ctx, Principal.system(), "sh-mma")
        document = render_certificates(found, base_url=ISSUER)
        print_s = time.perf_counter() - started
        return {
            "read": read,
            "dry": dry_s,
            "real": real_s,
            "print": print_s,
            "pages": float(len(found)),
            "kib": len(document) / 1024,
        }
    finally:
        await ctx.aclose()


def qr_rates(count: int) -> tuple[float, float, float]:
    """Milliseconds per code: the web routes' PNG renderer (signing.qr), the certificate's
    vector QR (registry.paper), and zxing-cpp's encoder alone; link form, ECC Q."""
    import json

    import zxingcpp

    from tests.fixtures import make_vectors

    vector = make_vectors.VECTORS_DIR / "valid-ed25519-skill.json"
    text = json.loads(vector.read_text(encoding="utf-8"))["qr"]
    link = f"{ISSUER}/v#{text}"
    started = time.perf_counter()
    for _ in range(count):
        render_png(text, base_url=ISSUER, ecc=ErrorLevel.Q, box_size=6)
    ours = (time.perf_counter() - started) * 1000 / count
    started = time.perf_counter()
    for _ in range(count):
        barcode = zxingcpp.create_barcode(link, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
        zxingcpp.write_barcode_to_image(barcode, scale=6)
    theirs = (time.perf_counter() - started) * 1000 / count
    from reportlab.pdfgen.canvas import Canvas

    from registry.paper.certificate import draw_qr

    canvas = Canvas(io.BytesIO())
    started = time.perf_counter()
    for _ in range(count):
        draw_qr(canvas, link, 0, 0, 113)
    paper = (time.perf_counter() - started) * 1000 / count
    return ours, paper, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=1_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--qr", type=int, default=200, help="codes rendered for the QR timing")
    args = parser.parse_args()
    pages = min(args.pages, args.rows)

    results: dict[str, dict[str, float]] = {}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="ccr-bench-") as tmp:
            results["SQLite"] = asyncio.run(
                run_backend(f"sqlite:///{tmp}/bench.db", args.rows, pages)
            )
    if args.backend in ("postgresql", "both"):
        bin_dir = find_pg_bin()
        if bin_dir is None:
            console.print("[yellow]PostgreSQL server binaries not found: skipping PostgreSQL[/]")
        else:
            with PgCluster(bin_dir) as cluster:
                import asyncpg  # type: ignore[import-untyped]

                async def create() -> None:
                    connection = await asyncpg.connect(cluster.url())
                    await connection.execute("CREATE DATABASE bench")
                    await connection.close()

                asyncio.run(create())
                results["PostgreSQL"] = asyncio.run(
                    run_backend(cluster.url("bench"), args.rows, pages)
                )
    table = Table("measure", *results, title=f"paper: {args.rows:,} roster rows, {pages:,} pages")
    table.add_row("read the XLSX roster (s)", *(f"{r['read']:.2f}" for r in results.values()))
    table.add_row("import, dry run (s)", *(f"{r['dry']:.2f}" for r in results.values()))
    table.add_row("import, real (s)", *(f"{r['real']:.2f}" for r in results.values()))
    table.add_row(
        "rows/s, real import", *(f"{args.rows / r['real']:,.0f}" for r in results.values())
    )
    table.add_row(
        f"print {pages:,} certificates into one PDF (s)",
        *(f"{r['print']:.2f}" for r in results.values()),
    )
    table.add_row("PDF size (KiB)", *(f"{r['kib']:,.0f}" for r in results.values()))
    console.print(table)
    ours, paper, theirs = qr_rates(args.qr)
    qr = Table("QR render, link form, ECC Q", "ms a code", "× zxing-cpp", title="QR codes")
    qr.add_row(
        "web routes: signing.qr.render_png (qrcode + Pillow)", f"{ours:.2f}", f"{ours / theirs:.1f}"
    )
    qr.add_row(
        "certificates: paper.draw_qr (zxing-cpp + vector)", f"{paper:.2f}", f"{paper / theirs:.1f}"
    )
    qr.add_row("zxing-cpp encoder and image alone", f"{theirs:.2f}", "1.0")
    console.print(qr)


if __name__ == "__main__":
    main()
