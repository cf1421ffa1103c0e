"""setNameDisplay: the demo creator chooses its full name for public surfaces, a credential
issued afterwards shows it to anyone verifying, one issued before stays masked, and nobody
else may make that choice."""

from __future__ import annotations

from typing import Any

from tests.schema.conftest import Api

ME = """
{ creators(first: 1) { edges { node {
    id displayName maskedName showFullName nameDisplayChosenAt
    credentials(first: 10) { edges { node { id qrText subjectName } } }
} } } }"""
SET = """
mutation($input: SetNameDisplayInput!) {
  setNameDisplay(input: $input) {
    creator { id showFullName nameDisplayChosenAt maskedName }
    userErrors { field message code }
  }
}"""
RECORD = """
mutation($input: RecordAwardInput!) {
  recordAward(input: $input) { award { id } userErrors { field code } }
}"""
DECIDE = """
mutation($input: DecideAwardInput!) {
  decideAward(input: $input) { award { state } userErrors { field code } }
}"""
ISSUE = """
mutation($input: IssueCredentialInput!) {
  issueCredential(input: $input) {
    credential { id subjectName } qrText userErrors { field code }
  }
}"""
VERIFY = "query($qr: String!) { verifyCredential(qr: $qr) { valid claims { subjectName } } }"


async def _me(api: Api) -> dict[str, Any]:
    data = await api.data(ME, as_role="CREATOR")
    (edge,) = data["creators"]["edges"]
    node: dict[str, Any] = edge["node"]
    return node


async def _award_credential(api: Api, creator_id: str) -> dict[str, Any]:
    """A CAC office records, verifies and issues an award credential for the creator."""
    recorded = await api.data(
        RECORD,
        {
            "input": {
                "programmeCode": "SH_SILVER_DOVE",
                "edition": 2025,
                "grade": "FIRST",
                "creatorId": creator_id,
            }
        },
        as_role="CAC_OFFICIAL",
    )
    assert recorded["recordAward"]["userErrors"] == []
    award = recorded["recordAward"]["award"]["id"]
    for decision in ("START_VERIFICATION", "VERIFY"):
        decided = await api.data(
            DECIDE, {"input": {"awardId": award, "decision": decision}}, as_role="CAC_OFFICIAL"
        )
        assert decided["decideAward"]["userErrors"] == []
    issued = await api.data(
        ISSUE, {"input": {"kind": "AWARD", "sourceId": award}}, as_role="CAC_OFFICIAL"
    )
    assert issued["issueCredential"]["userErrors"] == []
    result: dict[str, Any] = issued["issueCredential"]
    return result


async def _verified_name(api: Api, qr: str) -> str:
    """What anyone scanning the QR code is shown (no token)."""
    answer = (await api.data(VERIFY, {"qr": qr}))["verifyCredential"]
    assert answer["valid"] is True
    name: str = answer["claims"]["subjectName"]
    return name


async def test_the_creator_opts_in_and_later_credentials_show_the_full_name(api: Api) -> None:
    me = await _me(api)
    assert (me["showFullName"], me["nameDisplayChosenAt"]) == (False, None)
    earlier = me["credentials"]["edges"][0]["node"]
    assert await _verified_name(api, earlier["qrText"]) == me["maskedName"]

    chosen = await api.data(SET, {"input": {"showFullName": True}}, as_role="CREATOR")
    payload = chosen["setNameDisplay"]
    assert payload["userErrors"] == []
    assert payload["creator"]["id"] == me["id"]
    assert payload["creator"]["showFullName"] is True
    assert payload["creator"]["nameDisplayChosenAt"] is not None
    # Officials reading the creator see the choice too.
    seen = await api.data(
        "query($id: ID!) { creator(id: $id) { showFullName } }",
        {"id": me["id"]},
        as_role="TALENT_OFFICIAL",
    )
    assert seen["creator"]["showFullName"] is True

    issued = await _award_credential(api, me["id"])
    assert issued["credential"]["subjectName"] == me["displayName"]
    assert await _verified_name(api, issued["qrText"]) == me["displayName"]
    # Signed before the choice: stays masked (a signed QR cannot change).
    assert await _verified_name(api, earlier["qrText"]) == me["maskedName"]

    withdrawn = await api.data(SET, {"input": {"showFullName": False}}, as_role="CREATOR")
    assert withdrawn["setNameDisplay"]["creator"]["showFullName"] is False


async def test_only_the_creator_may_choose(api: Api) -> None:
    me = await _me(api)
    for role in ("TALENT_OFFICIAL", "CAC_OFFICIAL", "HRSS_OFFICIAL", "EVALUATOR", "SYSTEM_ADMIN"):
        refused = await api.data(
            SET, {"input": {"showFullName": True, "creatorId": me["id"]}}, as_role=role
        )
        assert refused["setNameDisplay"]["creator"] is None, role
        (error,) = refused["setNameDisplay"]["userErrors"]
        assert error["code"] == "FORBIDDEN", role
    anonymous = (await api.data(SET, {"input": {"showFullName": True}}))["setNameDisplay"]
    assert anonymous["creator"] is None
    assert [e["code"] for e in anonymous["userErrors"]] in (["FORBIDDEN"], ["UNAUTHENTICATED"])
    others = await api.data(
        "{ creators(first: 2) { edges { node { id } } } }", as_role="CAC_OFFICIAL"
    )
    other = next(
        edge["node"]["id"] for edge in others["creators"]["edges"] if edge["node"]["id"] != me["id"]
    )
    outside = await api.data(
        SET, {"input": {"showFullName": True, "creatorId": other}}, as_role="CREATOR"
    )
    assert outside["setNameDisplay"]["userErrors"] == [
        {
            "field": ["input", "creatorId"],
            "message": "creators may act on their own records only",
            "code": "OUT_OF_SCOPE",
        }
    ]
    assert (await _me(api))["showFullName"] is False
