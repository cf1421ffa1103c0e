"""Record histories over GraphQL, from the audit log: who did what, when and why; the holder
reads its own credentials' history without the acting accounts; partners read none."""

from __future__ import annotations

from tests.schema.conftest import Api

ENTRY = "at action organisation organisationName organisationNameEn role actor reason"


async def _first_credential(api: Api, role: str, org: str) -> dict[str, str]:
    query = "query($o: String) { credentials(first: 1, status: ACTIVE, organisation: $o) "
    query += "{ nodes { id kind } } }"
    [node] = (await api.data(query, {"o": org}, as_role=role))["credentials"]["nodes"]
    return dict(node)


async def test_an_official_reads_who_did_what_when_and_why(api: Api) -> None:
    official = "TALENT_OFFICIAL"
    credential = await _first_credential(api, official, "yp-talent")
    suspended = await api.data(
        "mutation($i: SuspendCredentialInput!) { suspendCredential(input: $i) "
        "{ userErrors { code } } }",
        {"i": {"credentialId": credential["id"], "reason": "核查材料"}},
        as_role=official,
    )
    assert suspended["suspendCredential"]["userErrors"] == []
    query = (
        f"query($id: ID!) {{ node(id: $id) {{ ... on Credential {{ history {{ {ENTRY} }} }} }} }}"
    )
    entries = (await api.data(query, {"id": credential["id"]}, as_role=official))["node"]["history"]
    assert [e["action"] for e in entries] == ["credential.issue", "credential.suspend"]
    last = entries[-1]
    assert last["reason"] == "核查材料"
    assert last["role"] == "TALENT_OFFICIAL"
    assert last["organisationName"]
    assert last["organisationNameEn"]
    assert last["actor"]
    assert entries[0]["reason"] is None


async def test_a_creator_reads_its_own_history_without_the_acting_accounts(api: Api) -> None:
    viewer = "{ viewer { account { creatorId } } }"
    own = (await api.data(viewer, as_role="CREATOR"))["viewer"]["account"]["creatorId"]
    query = f"""query($id: ID!) {{ creator(id: $id) {{ history {{ {ENTRY} }}
        credentials(first: 5) {{ nodes {{ history {{ {ENTRY} }} }} }} }} }}"""
    creator = (await api.data(query, {"id": own}, as_role="CREATOR"))["creator"]
    assert creator["history"][0]["action"] == "creator.register"
    issued = [e for node in creator["credentials"]["nodes"] for e in node["history"]]
    assert issued
    assert {e["action"] for e in issued} >= {"credential.issue"}
    assert all(e["actor"] is None for e in creator["history"] + issued)
    assert all(e["organisationName"] for e in issued)


async def test_the_history_of_a_creator_holds_its_platform_accounts(api: Api) -> None:
    fields = f"platformAccounts {{ id }} history {{ {ENTRY} }}"
    query = f"{{ creators(first: 50) {{ nodes {{ {fields} }} }} }}"
    nodes = (await api.data(query, as_role="CAC_OFFICIAL"))["creators"]["nodes"]
    with_accounts = next(n for n in nodes if n["platformAccounts"])
    actions = [e["action"] for e in with_accounts["history"]]
    assert actions[0] == "creator.register"
    assert "creator.platform_account" in actions
