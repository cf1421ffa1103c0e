"""Printable certificates: the PDF is rendered to an image (poppler's pdftoppm), its QR decoded
(zxing-cpp) and verified with ``ccr verify``; the Chinese summary is text in the PDF (poppler's
pdftotext); a revoked credential prints marked as such; an office prints its batch with
``ccr credentials print``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from typer.testing import CliRunner

from registry.cli import app as ccr
from signing.qr import read_qr_image
from tests.e2e.api_fixtures import KEK, LiveApi, live_api_sqlite

__all__ = ["live_api_sqlite"]

CREDENTIALS = (
    "query($status: CredentialStatus) { credentials(first: 50, status: $status) "
    "{ edges { node { id kind status statusList qrLink } } } }"
)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install poppler-utils (bash .ci/run does)")
    return found


def _text(pdf: Path) -> str:
    done = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def _page_image(pdf: Path, page: int = 1) -> bytes:
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            "200",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(prefix),
        ],
        capture_output=True,
        timeout=60,
        check=True,
    )
    [image] = sorted(pdf.parent.glob(f"{prefix.name}-*.png"))
    data = image.read_bytes()
    image.unlink()
    return data


def _first(api: LiveApi, role: str, status: str | None = None) -> dict[str, Any]:
    edges = api.gql(CREDENTIALS, {"status": status}, role=role)["credentials"]["edges"]
    assert edges, (role, status)
    node: dict[str, Any] = edges[0]["node"]
    return node


def _verified(api: LiveApi, scanned: str, status_list: int) -> dict[str, Any]:
    halves = [
        option
        for purpose in ("revocation", "suspension")
        for option in ("--status", f"{api.base_url}/status/{status_list}/{purpose}")
    ]
    result = CliRunner().invoke(
        ccr,
        ["verify", scanned, "--trust", f"{api.base_url}/.well-known/jwks.json", *halves, "--json"],
    )
    verdict: dict[str, Any] = json.loads(result.stdout)
    return verdict


def _pdf(api: LiveApi, credential_id: str, role: str | None) -> httpx.Response:
    with api.client(role) as http:
        return http.get(f"/credentials/{credential_id}/certificate.pdf")


def test_the_holder_prints_a_certificate_whose_qr_verifies(
    live_api_sqlite: LiveApi, tmp_path: Path
) -> None:
    api = live_api_sqlite
    mine = _first(api, "CREATOR")
    answer = _pdf(api, mine["id"], "CREATOR")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert "no-store" in answer.headers["cache-control"]
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(answer.content)
    (scanned,) = read_qr_image(_page_image(pdf))
    # The QR holds the link as it is; qrLink (the text printed under it) is percent-encoded.
    assert scanned == unquote(mine["qrLink"])
    verdict = _verified(api, scanned, mine["statusList"])
    assert (verdict["valid"], verdict["statusChecked"]) == (True, True)
    text = _text(pdf)
    titles = {
        "CREATOR_RECOGNITION": "优质内容创作者认定",
        "AWARD": "获奖证明",
        "SKILL_CERTIFICATE": "职业技能等级证书",
        "TALENT_ELIGIBILITY": "人才政策资格",
    }
    assert titles[mine["kind"]] in text
    assert "打印时状态：有效" in text
    assert "Status when printed: Valid" in text
    assert verdict["claims"]["subject"]["name"] in text


def test_others_learn_nothing_and_a_revoked_credential_prints_marked(
    live_api_sqlite: LiveApi, tmp_path: Path
) -> None:
    api = live_api_sqlite
    mine = _first(api, "CREATOR")
    assert _pdf(api, mine["id"], None).status_code == 401
    assert _pdf(api, mine["id"], "PARTNER").status_code == 404
    revoked = _first(api, "CAC_OFFICIAL", "REVOKED")
    answer = _pdf(api, revoked["id"], "CAC_OFFICIAL")
    assert answer.status_code == 200
    pdf = tmp_path / "revoked.pdf"
    pdf.write_bytes(answer.content)
    text = _text(pdf)
    assert "打印时状态：已撤销" in text
    assert "已撤销：本凭证不能作为有效证明" in text
    assert "REVOKED: not valid as proof" in text


def test_an_office_prints_its_skill_certificates_in_one_pdf(
    live_api_sqlite: LiveApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = live_api_sqlite
    registry = api.settings.registry
    monkeypatch.setenv("CCR_DATA_DIR", str(registry.data_dir))
    monkeypatch.setenv("CCR_KEK", KEK.reveal().hex())
    out = tmp_path / "batch.pdf"
    result = CliRunner().invoke(
        ccr,
        [
            "credentials", "print", "--org", "sh-mma", "--kind", "SKILL_CERTIFICATE",
            "--out", str(out), "--database-url", registry.database_url,
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pages = int(result.stdout.split(" pages")[0].split()[-1])
    assert pages >= 1
    text = _text(out)
    assert text.count("职业技能等级证书") >= pages
    # The fields a skill certificate prints, the ID number masked.
    for field in ("发证机构", "证件类型", "证件号码", "职业方向", "证书编号", "三级/高级工"):
        assert field in text, field
    assert "zscx.osta.org.cn" in text
    assert not (tmp_path / "batch.pdf.part").exists()
    empty = CliRunner().invoke(
        ccr,
        ["credentials", "print", "--org", "nobody", "--out", str(tmp_path / "x.pdf"),
         "--database-url", registry.database_url],
    )  # fmt: skip
    assert empty.exit_code == 1


@pytest.mark.parametrize(
    ("what", "org", "fmt"),
    [
        ("creators", "yp-talent", "csv"),
        ("certificates", "sh-mma", "xlsx"),
        ("credentials", "sh-cac", "csv"),
        ("decisions", "yp-talent", "xlsx"),
    ],
)
def test_an_office_exports_what_it_may_read_masked_and_audited(
    live_api_sqlite: LiveApi,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    what: str,
    org: str,
    fmt: str,
) -> None:
    import re

    from registry.roster.reader import _records

    registry = live_api_sqlite.settings.registry
    monkeypatch.setenv("CCR_DATA_DIR", str(registry.data_dir))
    monkeypatch.setenv("CCR_KEK", KEK.reveal().hex())
    out = tmp_path / f"{what}.{fmt}"
    result = CliRunner().invoke(
        ccr,
        ["export", what, "--org", org, "--format", fmt, "--out", str(out),
         "--database-url", registry.database_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = _records(out.read_bytes(), fmt)
    count = int(result.stdout.split()[0])
    assert len(rows) == count + 1  # the header row
    assert count > 0
    # No ID number in clear: no cell is a resident ID (17 digits and a check character).
    cells = [str(cell) for row in rows for cell in row if cell is not None]
    assert not [cell for cell in cells if re.fullmatch(r"\d{17}[\dX]", cell)]
    if what == "creators":
        masked = rows[0].index("id_number_masked")
        assert all("*" in str(row[masked]) for row in rows[1:])
    audited = CliRunner().invoke(ccr, ["audit", "verify", "--database-url", registry.database_url])
    assert audited.exit_code == 0, audited.output
    import sqlite3

    path = registry.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:
        actors = db.execute(
            "SELECT actor_org, target_id FROM audit_events WHERE action = ?", (f"export.{what}",)
        ).fetchall()
    assert (org, what) in actors  # who exported what; the rows themselves are not logged


def test_a_credentials_export_can_be_narrowed(
    live_api_sqlite: LiveApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from registry.roster.reader import _records

    registry = live_api_sqlite.settings.registry
    monkeypatch.setenv("CCR_DATA_DIR", str(registry.data_dir))
    monkeypatch.setenv("CCR_KEK", KEK.reveal().hex())

    def export(*options: str) -> list[list[object]]:
        out = tmp_path / "credentials.csv"
        result = CliRunner().invoke(
            ccr,
            ["export", "credentials", "--org", "sh-cac", "--out", str(out), *options,
             "--database-url", registry.database_url],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return _records(out.read_bytes(), "csv")[1:]

    everything = export()
    revoked = export("--status", "REVOKED")
    awards = export("--kind", "AWARD")
    assert 0 < len(revoked) < len(everything)
    assert {row[2] for row in revoked} == {"REVOKED"}
    assert {row[1] for row in awards} == {"AWARD"}
    assert export("--since", "2999-01-01") == []
    bad = CliRunner().invoke(
        ccr, ["export", "credentials", "--org", "sh-cac", "--out", str(tmp_path / "x.csv"),
              "--kind", "NOPE", "--database-url", registry.database_url],
    )  # fmt: skip
    assert bad.exit_code == 2
