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


def test_filings_are_kept_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    url = f"sqlite+aiosqlite:///{tmp_path / 'filings.db'}"
    _ccr("db", "upgrade", url=url)
    _ccr("admin", "create-org", "--code", "sh-mma", "--name", "上海市多媒体行业协会",
         "--kind", "EVALUATION_INSTITUTION", "--region", "310000", url=url)  # fmt: skip
    filed = _ccr(
        "filings", "file", "--org", "sh-mma", "--directions", "AUDIOVISUAL_OPS",
        "--levels", "L4,L3", "--scope", "PROVINCIAL", "--province", "31", "--category", "S",
        "--institution", "0000", "--site", "000012", "--from", "2026-01-01",
        "--until", "2027-12-31", url=url,
    )  # fmt: skip
    [filing_id] = re.findall(r"fl_\w+", filed)
    assert "ACTIVE" in filed
    assert "SUSPENDED" in _ccr("filings", "suspend", filing_id, url=url)
    assert "ACTIVE" in _ccr("filings", "reinstate", filing_id, url=url)
    assert "2029-12-31" in _ccr("filings", "renew", filing_id, "--until", "2029-12-31", url=url)
    assert "WITHDRAWN" in _ccr("filings", "withdraw", filing_id, url=url)
    assert "WITHDRAWN" in _ccr("filings", "list", url=url)
    bad = RUNNER.invoke(ccr, ["filings", "renew", filing_id, "--until", "soon",
                              "--database-url", url])  # fmt: skip
    assert bad.exit_code == 2


def test_api_clients_are_registered_listed_and_revoked_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "200")
    url = f"sqlite+aiosqlite:///{tmp_path / 'clients.db'}"
    _ccr("db", "upgrade", url=url)
    _ccr("admin", "create-org", "--code", "sh-bank", "--name", "某银行上海分行",
         "--kind", "FINANCIAL", "--region", "310101", url=url)  # fmt: skip
    client = ("admin", "create-client", "--org", "sh-bank", "--name", "核验接口",
              "--purposes", "CREATOR_BADGE")  # fmt: skip
    created = RUNNER.invoke(
        ccr, [*client, "--scopes", "verify:result,verify:achievement", "--rate", "2.5",
              "--burst", "10", "--database-url", url],
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("ccr_")
    listed = _ccr("admin", "clients", url=url)
    [client_id] = re.findall(r"cl_\w+", listed)
    assert "verify:achievement" in listed
    assert "2.5/s, burst 10" in listed
    assert secret not in listed
    # A scope the registry does not know is refused, with the ones it does.
    unknown = RUNNER.invoke(ccr, [*client, "--scopes", "verify:everything", "--database-url", url])
    assert unknown.exit_code == 1
    assert "verify:result, verify:achievement, verify:holder" in unknown.output
    assert "revoked" in _ccr("admin", "revoke-client", client_id, url=url)
    again = RUNNER.invoke(ccr, ["admin", "revoke-client", client_id, "--database-url", url])
    assert again.exit_code == 1
