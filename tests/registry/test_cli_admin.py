"""``ccr admin``: list an account's tokens, revoke one, disable and enable the account."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from registry.cli import app as ccr

RUNNER = CliRunner()


def _ccr(*args: str, url: str) -> str:
    result = RUNNER.invoke(ccr, [*args, "--database-url", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_admin_commands_manage_tokens_and_accounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    _ccr("db", "upgrade", url=url)
    _ccr("admin", "create-org", "--code", "yp-talent", "--name", "杨浦区人才局",
         "--kind", "TALENT_OFFICE", "--region", "310110", url=url)  # fmt: skip
    who = ("--org", "yp-talent", "--username", "li")
    secret = _ccr("admin", "create-token", *who, "--role", "TALENT_OFFICIAL", url=url).strip()
    listed = _ccr("admin", "tokens", *who, url=url)
    assert secret not in listed
    assert secret[:12] in listed
    [token_id] = re.findall(r"tk_\w+", listed)
    assert "revoked" in _ccr("admin", "revoke-token", token_id, url=url)
    again = RUNNER.invoke(ccr, ["admin", "revoke-token", token_id, "--database-url", url])
    assert again.exit_code == 1
    assert "already revoked" in again.output
    assert "disabled" in _ccr("admin", "disable-user", *who, url=url)
    assert "enabled" in _ccr("admin", "enable-user", *who, url=url)
    unknown = RUNNER.invoke(
        ccr, ["admin", "disable-user", "--org", "yp-talent", "--username", "nobody",
              "--database-url", url],
    )  # fmt: skip
    assert unknown.exit_code == 1
