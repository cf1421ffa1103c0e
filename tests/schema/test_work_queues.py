"""Work queues over GraphQL and from ``ccr queues``, on a copy of the demo registry (which
leaves two award claims and one application for recognition waiting)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from registry.cli import app as ccr
from schema.relay import decode_global_id
from tests.schema.conftest import KEK, Api

QUERY = """
{ workQueues(limit: 5) { name total items { recordId creatorId creatorName subject state due } } }
"""


async def test_each_office_reads_its_own_queues(api: Api) -> None:
    talent = {
        q["name"]: q for q in (await api.data(QUERY, as_role="TALENT_OFFICIAL"))["workQueues"]
    }
    assert list(talent) == ["provisionalDue", "credentialsExpiring", "recognitionsPending"]
    [pending] = talent["recognitionsPending"]["items"]
    assert decode_global_id(pending["recordId"])[0] == "Recognition"
    assert decode_global_id(pending["creatorId"])[0] == "Creator"
    assert (pending["subject"], pending["state"]) == ("YP_VJUCHANG", "PENDING")

    cac = {q["name"]: q for q in (await api.data(QUERY, as_role="CAC_OFFICIAL"))["workQueues"]}
    awards = cac["awardsToVerify"]
    assert awards["total"] == 2
    assert {i["state"] for i in awards["items"]} == {"CLAIMED", "UNDER_VERIFICATION"}
    assert all(decode_global_id(i["recordId"])[0] == "AwardGrant" for i in awards["items"])


@pytest.mark.parametrize("role", ["CREATOR", "PARTNER", None])
async def test_only_offices_have_queues(api: Api, role: str | None) -> None:
    refused = await api.gql(QUERY, as_role=role)
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] in {"FORBIDDEN", "UNAUTHENTICATED"}


async def test_the_limit_is_bounded(api: Api) -> None:
    refused = await api.gql("{ workQueues(limit: 500) { name } }", as_role="CAC_OFFICIAL")
    assert refused.json()["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_ccr_queues_lists_an_offices_work(
    database_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kek = tmp_path / "kek.hex"
    kek.write_text(KEK.reveal().hex() + "\n", encoding="ascii")
    monkeypatch.setenv("CCR_KEK_FILE", str(kek))
    monkeypatch.setenv("CCR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "220")
    url = f"sqlite+aiosqlite:///{database_copy}"
    runner = CliRunner()
    shown = runner.invoke(ccr, ["queues", "--org", "sh-cac", "--database-url", url])
    assert shown.exit_code == 0, shown.output
    assert "待核验奖项 · Awards awaiting verification: 2" in shown.output
    assert "UNDER_VERIFICATION" in shown.output
    yangpu = runner.invoke(ccr, ["queues", "--org", "yp-talent", "--database-url", url])
    assert "待认定申请 · Recognition applications pending: 1" in yangpu.output
    refused = runner.invoke(ccr, ["queues", "--org", "bilibili", "--database-url", url])
    assert refused.exit_code == 2
    assert "not an office of a role that may do this" in refused.output
