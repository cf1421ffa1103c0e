"""GraphQL conventions over the demo registry: payloads, userErrors, ids, paging, masking."""

from __future__ import annotations

import re

from schema.relay import global_id
from tests.schema.conftest import Api

REGISTER = """
mutation($input: RegisterCreatorInput!) {
  registerCreator(input: $input) {
    creator { id displayName maskedName maskedIdNumber origin }
    userErrors { field message code }
  }
}"""
CREATORS = """
query($first: Int, $last: Int, $after: String, $before: String) {
  creators(first: $first, last: $last, after: $after, before: $before) {
    edges { cursor node { id displayName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""
RESIDENT_ID = "310110199003071237"


def _valid_resident_id() -> str:
    from registry.domain.identity import resident_id_check_char

    body = "31011019900307123"
    return body + resident_id_check_char(body)


async def test_register_creator_masks_the_id_number_everywhere(api: Api) -> None:
    number = _valid_resident_id()
    response = await api.gql(
        REGISTER,
        {
            "input": {
                "name": "林晓风",
                "origin": "DOMESTIC",
                "idDocumentType": "RESIDENT_ID",
                "idNumber": number,
                "regionCode": "310110",
            }
        },
        as_role="TALENT_OFFICIAL",
    )
    assert number not in response.text
    payload = response.json()["data"]["registerCreator"]
    assert payload["userErrors"] == []
    creator = payload["creator"]
    assert creator["maskedIdNumber"] == number[:3] + "*" * 11 + number[-4:]
    assert creator["maskedName"] == "林**"
    again = await api.gql(
        "query($id: ID!) { creator(id: $id) { maskedIdNumber } node(id: $id) { id } }",
        {"id": creator["id"]},
        as_role="CAC_OFFICIAL",
    )
    assert number not in again.text
    assert again.json()["data"]["node"] == {"id": creator["id"]}


async def test_expected_refusals_are_user_errors_with_field_paths(api: Api) -> None:
    bad_number = await api.data(
        REGISTER,
        {
            "input": {
                "name": "王五",
                "origin": "DOMESTIC",
                "idDocumentType": "RESIDENT_ID",
                "idNumber": "310110199003071230",
            }
        },
        as_role="TALENT_OFFICIAL",
    )
    errors = bad_number["registerCreator"]["userErrors"]
    assert errors == [
        {
            "field": ["input", "idNumber"],
            "message": "ID number is not valid",
            "code": "INVALID_ID_NUMBER",
        }
    ]
    assert bad_number["registerCreator"]["creator"] is None
    forbidden = await api.data(
        "mutation { rotateSigningKey(input: {}) { signingKey { kid } userErrors { code } } }",
        as_role="CAC_OFFICIAL",
    )
    assert forbidden["rotateSigningKey"] == {
        "signingKey": None,
        "userErrors": [{"code": "FORBIDDEN"}],
    }
    wrong_id = await api.data(
        'mutation($id: ID!) { revokeCredential(input: {credentialId: $id, reason: "x"}) '
        "{ credential { id } userErrors { field code } } }",
        {"id": global_id("Creator", "cr_x")},
        as_role="CAC_OFFICIAL",
    )
    assert wrong_id["revokeCredential"]["userErrors"] == [
        {"field": ["input", "credentialId"], "code": "INVALID_INPUT"}
    ]


async def test_certificate_outside_the_filing_is_refused(api: Api) -> None:
    filings = await api.data(
        "{ filings { id organisationCode prefix } }", as_role="EVALUATOR@sh-mma"
    )
    mine = next(f for f in filings["filings"] if f["organisationCode"] == "sh-mma")
    result = await api.data(
        """mutation($input: RecordSkillCertificateInput!) {
             recordSkillCertificate(input: $input) {
               skillCertificate { id } userErrors { field code }
             }
           }""",
        {
            "input": {
                # The filing's cover is checked before the holder is looked for.
                "idDocumentType": "RESIDENT_ID",
                "idNumber": "11010519491231002X",
                "holderName": "某人",
                "filingId": mine["id"],
                "certificateNumber": mine["prefix"] + "255000123",
                "level": "L5",
                "issuedOn": "2025-06-01",
            }
        },
        as_role="EVALUATOR@sh-mma",
    )
    (error,) = result["recordSkillCertificate"]["userErrors"]
    assert error["code"] in {"INVALID_LEVEL", "OUTSIDE_FILING"}
    assert error["field"] == ["input", "level"]


async def test_keyset_paging_forward_and_backward(api: Api) -> None:
    first = (await api.data(CREATORS, {"first": 5}, as_role="CAC_OFFICIAL"))["creators"]
    assert len(first["edges"]) == 5
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = (
        await api.data(
            CREATORS, {"first": 5, "after": first["pageInfo"]["endCursor"]}, as_role="CAC_OFFICIAL"
        )
    )["creators"]
    assert not {e["node"]["id"] for e in first["edges"]} & {
        e["node"]["id"] for e in second["edges"]
    }
    back = (
        await api.data(
            CREATORS,
            {"last": 5, "before": second["pageInfo"]["startCursor"]},
            as_role="CAC_OFFICIAL",
        )
    )["creators"]
    assert [e["node"]["id"] for e in back["edges"]] == [e["node"]["id"] for e in first["edges"]]


async def test_page_size_is_required_and_bounded(api: Api) -> None:
    for variables in ({}, {"first": 101}, {"first": 1, "last": 1}):
        body = (await api.gql(CREATORS, variables, as_role="CAC_OFFICIAL")).json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


async def test_node_checks_authorisation_per_type(api: Api) -> None:
    page = await api.data(CREATORS, {"first": 40}, as_role="CAC_OFFICIAL")
    ids = [edge["node"]["id"] for edge in page["creators"]["edges"]]
    mine = await api.data("{ credentials(first: 1) { edges { node { id } } } }", as_role="CREATOR")
    credential = mine["credentials"]["edges"][0]["node"]["id"]
    # A creator sees its own credential, but no other creator's record.
    seen = await api.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [credential, *ids[5:8], "not-an-id"]},
        as_role="CREATOR",
    )
    assert seen["nodes"] == [{"id": credential}, None, None, None, None]
    anonymous = await api.data("query($id: ID!) { node(id: $id) { id } }", {"id": ids[0]})
    assert anonymous == {"node": None}


async def test_unexpected_errors_are_masked(api: Api, monkeypatch: object) -> None:
    import schema.queries.registry as module

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("connection string postgres://secret@db")

    monkeypatch.setattr(module.queries, "list_creators", broken)  # type: ignore[attr-defined]
    body = (await api.gql(CREATORS, {"first": 1}, as_role="CAC_OFFICIAL")).json()
    assert body["errors"][0]["message"] == "Unexpected error."
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_ERROR"}
    assert "secret" not in str(body)


async def test_credential_has_qr_text_link_and_vc_view(api: Api) -> None:
    data = await api.data(
        "{ credentials(first: 1) { edges { node { "
        "id kind qrText qrLink qrImageUrl(format: SVG) document } } } }",
        as_role="CREATOR",
    )
    node = data["credentials"]["edges"][0]["node"]
    assert re.fullmatch(r"TR1:[0-9A-Z $%*+\-./:]+", node["qrText"])
    encoded = node["qrText"].replace("%", "%25").replace(" ", "%20")
    assert node["qrLink"] == "https://ccr.test/v#" + encoded
    assert node["qrImageUrl"] == f"/credentials/{node['id']}/qr.svg"
    document = node["document"]
    assert "VerifiableCredential" in document["type"]
    assert document["issuer"]["id"] == "https://ccr.test"
    partner = await api.data(
        "{ credentials(first: 1) { edges { node { id } } } }", as_role="CAC_OFFICIAL"
    )
    assert partner["credentials"]["edges"]


async def test_verify_credential_is_public_and_names_the_failing_stage(api: Api) -> None:
    for text, code in (
        ("hello", "PREFIX_INVALID"),
        ("TR1:abc", "BASE45_INVALID"),
        ("TR1:" + "A" * 5000, "TOO_LARGE"),
    ):
        result = await api.data(
            "query($qr: String!) { "
            "verifyCredential(qr: $qr) { valid code kind claims { subjectName } } }",
            {"qr": text},
        )
        assert result["verifyCredential"] == {
            "valid": False,
            "code": code,
            "kind": None,
            "claims": None,
        }
