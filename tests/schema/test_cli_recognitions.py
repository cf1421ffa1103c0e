"""``ccr recognitions``: a talent office's queue and decisions from the command line, on a copy
of the demo registry."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from registry.cli import app as ccr
from tests.schema.conftest import KEK

RUNNER = CliRunner()


@pytest.fixture
def url(database_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    kek = tmp_path / "kek.hex"
    kek.write_text(KEK.reveal().hex() + "\n", encoding="ascii")
    monkeypatch.setenv("CCR_KEK_FILE", str(kek))
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "220")
    return f"sqlite+aiosqlite:///{database_copy}"


def _ccr(url: str, *args: str, status: int = 0) -> str:
    result = RUNNER.invoke(ccr, ["recognitions", *args, "--database-url", url])
    assert result.exit_code == status, result.output
    return result.output


def test_a_talent_office_works_its_recognitions_from_the_command_line(
    url: str, database_copy: Path
) -> None:
    with sqlite3.connect(database_copy) as db:
        (creator,) = db.execute(
            "SELECT public_id FROM creators WHERE region_code = '310110' AND id NOT IN "
            "(SELECT creator_id FROM recognitions) ORDER BY id LIMIT 1"
        ).fetchone()
    office = ("--org", "yp-talent")
    applied = _ccr(url, "apply", *office, "--creator", creator, "--cluster", "YP_VJUCHANG")
    assert "PENDING" in applied
    [recognition] = re.findall(r"rc_\w+", applied)
    assert recognition in _ccr(url, "list", *office, "--state", "pending")
    decided = _ccr(url, "decide", recognition, *office, "--approve", "--from", "2026-02-01",
                   "--decision-ref", "杨人才认〔2026〕5号")  # fmt: skip
    assert "ACTIVE" in decided
    assert "2026-02-01" in decided
    corrected = _ccr(url, "correct", recognition, *office, "--reason", "文号笔误",
                     "--decision-ref", "杨人才认〔2026〕6号")  # fmt: skip
    assert "6号" in corrected
    assert "SUSPENDED" in _ccr(url, "suspend", recognition, *office, "--reason", "核查中")
    assert "ACTIVE" in _ccr(url, "reinstate", recognition, *office)
    assert "REVOKED" in _ccr(url, "revoke", recognition, *office, "--reason", "材料不实")
    # Refusals say why, with the registry's code.
    again = _ccr(url, "reinstate", recognition, *office, status=1)
    assert "INVALID_STATE" in again
    # Authority comes from the office's record: another kind of office may not decide.
    assert "not a talent office" in _ccr(url, "list", "--org", "sh-cac", status=2)


def test_commands_take_the_ids_the_api_shows(url: str, database_copy: Path) -> None:
    """An id copied from the console or a GraphQL answer (a global id) works like the
    registry's own."""
    from schema.relay import global_id

    with sqlite3.connect(database_copy) as db:
        (creator,) = db.execute(
            "SELECT public_id FROM creators WHERE region_code = '310110' AND id NOT IN "
            "(SELECT creator_id FROM recognitions) ORDER BY id LIMIT 1"
        ).fetchone()
    office = ("--org", "yp-talent")
    applied = _ccr(
        url,
        "apply",
        *office,
        "--creator",
        global_id("Creator", creator),
        "--cluster",
        "YP_VJUCHANG",
    )
    [recognition] = re.findall(r"rc_\w+", applied)
    refused = _ccr(url, "decide", global_id("Recognition", recognition), *office, "--refuse",
                   "--reason", "材料不全")  # fmt: skip
    assert "REFUSED" in refused
