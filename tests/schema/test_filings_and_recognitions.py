"""Filings (备案) and the recognition lifecycle over GraphQL: fileFiling, changeFiling,
applyForRecognition, decideRecognition, changeRecognition, correctRecognition."""

from __future__ import annotations

from typing import Any

from tests.schema.conftest import Api

FILE = """
  mutation($input: FileFilingInput!) {
    fileFiling(input: $input) { filing { id state prefix validUntil } userErrors { field code } }
  }
"""
CHANGE = """
  mutation($input: ChangeFilingInput!) {
    changeFiling(input: $input) { filing { id state validUntil } userErrors { field code } }
  }
"""
RECOGNITION = """
  mutation($input: ChangeRecognitionInput!) {
    changeRecognition(input: $input) {
      recognition { id state } userErrors { field code message }
    }
  }
"""
FILING = {
    "organisationCode": "sh-mma",
    "directions": ["AUDIOVISUAL_OPS"],
    "levels": ["L4", "L3"],
    "scope": "PROVINCIAL",
    "provinceCode": "31",
    "category": "S",
    "institutionCode": "0000",
    "siteSerial": "000077",
    "validFrom": "2026-01-01",
    "validUntil": "2027-12-31",
    "reference": "沪人社职备〔2026〕77号",
}


async def _change(api: Api, filing: str, action: str, role: str, **extra: Any) -> Any:
    answer = await api.data(
        CHANGE, {"input": {"filingId": filing, "action": action, **extra}}, as_role=role
    )
    return answer["changeFiling"]


async def test_a_filing_is_filed_suspended_renewed_and_withdrawn(api: Api) -> None:
    filed = (await api.data(FILE, {"input": FILING}, as_role="SYSTEM_ADMIN"))["fileFiling"]
    assert filed["userErrors"] == []
    filing = filed["filing"]
    assert (filing["state"], filing["prefix"][:2]) == ("ACTIVE", "S0")
    # A Guangzhou district bureau keeps no Shanghai filing.
    elsewhere = await _change(api, filing["id"], "SUSPEND", "HRSS_OFFICIAL@hz-hrss")
    assert elsewhere["userErrors"][0]["code"] == "OUT_OF_SCOPE"
    suspended = await _change(api, filing["id"], "SUSPEND", "SYSTEM_ADMIN")
    assert suspended["filing"]["state"] == "SUSPENDED"
    reinstated = await _change(api, filing["id"], "REINSTATE", "SYSTEM_ADMIN")
    assert reinstated["filing"]["state"] == "ACTIVE"
    no_date = await _change(api, filing["id"], "RENEW", "SYSTEM_ADMIN")
    assert no_date["userErrors"] == [{"field": ["input", "validUntil"], "code": "INVALID_INPUT"}]
    renewed = await _change(api, filing["id"], "RENEW", "SYSTEM_ADMIN", validUntil="2029-12-31")
    assert renewed["filing"]["validUntil"] == "2029-12-31"
    withdrawn = await _change(api, filing["id"], "WITHDRAW", "SYSTEM_ADMIN")
    assert withdrawn["filing"]["state"] == "WITHDRAWN"
    again = await _change(api, filing["id"], "REINSTATE", "SYSTEM_ADMIN")
    assert again["userErrors"][0]["code"] == "INVALID_STATE"
    refused = await api.data(FILE, {"input": FILING}, as_role="EVALUATOR")
    assert refused["fileFiling"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_a_recognition_is_suspended_reinstated_and_revoked_with_reasons(api: Api) -> None:
    listed = await api.data(
        '{ creators(first: 20, clusterCode: "YP_VJUCHANG") '
        "{ edges { node { recognitions { id state } credentials(first: 10) "
        "{ edges { node { kind status } } } } } } }",
        as_role="TALENT_OFFICIAL",
    )
    recognition = next(
        r["id"]
        for edge in listed["creators"]["edges"]
        for r in edge["node"]["recognitions"]
        if r["state"] == "ACTIVE"
    )

    async def change(action: str, role: str = "TALENT_OFFICIAL", **extra: Any) -> Any:
        variables = {"input": {"recognitionId": recognition, "action": action, **extra}}
        return (await api.data(RECOGNITION, variables, as_role=role))["changeRecognition"]

    unexplained = await change("SUSPEND")
    assert unexplained["userErrors"][0]["field"] == ["input", "reason"]
    assert (await change("SUSPEND", "CAC_OFFICIAL", reason="x"))["userErrors"][0]["code"] == (
        "FORBIDDEN"
    )
    assert (await change("SUSPEND", reason="核查中"))["recognition"]["state"] == "SUSPENDED"
    assert (await change("REINSTATE"))["recognition"]["state"] == "ACTIVE"
    assert (await change("REVOKE", reason="材料不实"))["recognition"]["state"] == "REVOKED"
    assert (await change("REINSTATE"))["userErrors"][0]["code"] == "INVALID_STATE"


REISSUE = """
  mutation($input: ReissueCredentialInput!) {
    reissueCredential(input: $input) {
      credential { id status validUntil } qrText userErrors { field code }
    }
  }
"""


async def test_a_credential_is_renewed_and_the_old_one_superseded(api: Api) -> None:
    mine = await api.data(
        "{ credentials(first: 20, kind: AWARD, status: ACTIVE) { edges { node { id } } } }",
        as_role="CAC_OFFICIAL",
    )
    old = mine["credentials"]["edges"][0]["node"]["id"]
    base = {"credentialId": old, "operation": "RENEW"}
    unexplained = await api.data(
        REISSUE, {"input": {**base, "reason": " "}}, as_role="CAC_OFFICIAL"
    )
    assert unexplained["reissueCredential"]["userErrors"][0]["field"] == ["input", "reason"]
    other = await api.data(REISSUE, {"input": {**base, "reason": "x"}}, as_role="TALENT_OFFICIAL")
    assert other["reissueCredential"]["credential"] is None
    renewed = await api.data(
        REISSUE, {"input": {**base, "reason": "到期续签"}}, as_role="CAC_OFFICIAL"
    )
    payload = renewed["reissueCredential"]
    assert payload["userErrors"] == []
    assert payload["credential"]["status"] == "ACTIVE"
    assert payload["credential"]["id"] != old
    assert payload["qrText"].startswith("TR1:")
    shown = await api.data(
        "query($id: ID!) { credential(id: $id) { status operations { code reason } } }",
        {"id": old},
        as_role="CAC_OFFICIAL",
    )
    assert shown["credential"]["status"] == "REVOKED"
    assert [op["code"] for op in shown["credential"]["operations"]][-1] == "RENEW"


APPLY = """
  mutation($input: ApplyForRecognitionInput!) {
    applyForRecognition(input: $input) { recognition { id state } userErrors { field code } }
  }
"""
DECIDE_RECOGNITION = """
  mutation($input: DecideRecognitionInput!) {
    decideRecognition(input: $input) {
      recognition { id state recognisedOn } userErrors { field code }
    }
  }
"""


async def test_an_application_is_recognised_or_refused(api: Api) -> None:
    me = await api.data("{ viewer { account { creatorId } } }", as_role="CREATOR")
    mine = me["viewer"]["account"]["creatorId"]
    listed = await api.data(
        "{ creators(first: 40) { edges { node { id recognitions { id } } } } }",
        as_role="TALENT_OFFICIAL",
    )
    unrecognised = [
        e["node"]["id"]
        for e in listed["creators"]["edges"]
        if not e["node"]["recognitions"] and e["node"]["id"] != mine
    ]
    first, second = unrecognised[:2]

    async def apply(creator: str, role: str) -> Any:
        variables = {"input": {"creatorId": creator, "clusterCode": "YP_VJUCHANG"}}
        return (await api.data(APPLY, variables, as_role=role))["applyForRecognition"]

    async def decide(recognition: str, **decision: Any) -> Any:
        variables = {"input": {"recognitionId": recognition, **decision}}
        answer = await api.data(DECIDE_RECOGNITION, variables, as_role="TALENT_OFFICIAL")
        return answer["decideRecognition"]

    # A creator applies for their own record only; another's is not found.
    assert (await apply(first, "CREATOR"))["userErrors"][0]["code"] == "NOT_FOUND"
    application = (await apply(first, "TALENT_OFFICIAL"))["recognition"]
    assert application["state"] == "PENDING"
    assert (await apply(first, "TALENT_OFFICIAL"))["userErrors"][0]["code"] == "DUPLICATE"
    assert (await decide(application["id"], approve=False))["userErrors"][0]["field"] == [
        "input",
        "reason",
    ]
    granted = await decide(application["id"], approve=True, recognisedOn="2026-01-15")
    assert granted["recognition"] == {
        "id": application["id"],
        "state": "ACTIVE",
        "recognisedOn": "2026-01-15",
    }
    assert (await decide(application["id"], approve=True))["userErrors"][0]["code"] == (
        "INVALID_STATE"
    )
    other = (await apply(second, "TALENT_OFFICIAL"))["recognition"]
    refused = await decide(other["id"], approve=False, reason="材料不足")
    assert refused["recognition"]["state"] == "REFUSED"
    # A refusal does not block a new application.
    assert (await apply(second, "TALENT_OFFICIAL"))["recognition"]["state"] == "PENDING"


CORRECT = """
  mutation($input: CorrectRecognitionInput!) {
    correctRecognition(input: $input) {
      recognition { id state recognisedOn validUntil decisionRef reason }
      userErrors { field code }
    }
  }
"""


async def test_a_recognition_in_force_is_corrected_with_a_reason(api: Api) -> None:
    listed = await api.data(
        '{ creators(first: 20, clusterCode: "YP_VJUCHANG") '
        "{ edges { node { recognitions { id state recognisedOn } } } } }",
        as_role="TALENT_OFFICIAL",
    )
    recognition = next(
        r
        for edge in listed["creators"]["edges"]
        for r in edge["node"]["recognitions"]
        if r["state"] == "ACTIVE"
    )

    async def correct(role: str = "TALENT_OFFICIAL", **change: Any) -> Any:
        variables = {"input": {"recognitionId": recognition["id"], **change}}
        return (await api.data(CORRECT, variables, as_role=role))["correctRecognition"]

    def refusal(answer: Any) -> tuple[str, list[str]]:
        (error,) = answer["userErrors"]
        return error["code"], error["field"]

    assert refusal(await correct(reason=" ", decisionRef="x")) == (
        "INVALID_INPUT",
        ["input", "reason"],
    )
    assert refusal(await correct("CAC_OFFICIAL", reason="笔误", decisionRef="x"))[0] == (
        "FORBIDDEN"
    )
    assert refusal(await correct(reason="无变化")) == ("INVALID_INPUT", ["input", "recognitionId"])
    assert refusal(await correct(reason="笔误", validUntil=recognition["recognisedOn"])) == (
        "INVALID_INPUT",
        ["input", "validUntil"],
    )
    corrected = await correct(
        reason="文号笔误", decisionRef="杨人才认〔2026〕9号", validUntil="2030-12-31"
    )
    assert corrected["userErrors"] == []
    assert corrected["recognition"] == {
        "id": recognition["id"],
        "state": "ACTIVE",
        "recognisedOn": recognition["recognisedOn"],
        "validUntil": "2030-12-31",
        "decisionRef": "杨人才认〔2026〕9号",
        "reason": "文号笔误",
    }
    events = await api.data(
        '{ auditEvents(first: 5, action: "recognition.correct") { nodes { actorRole } } }',
        as_role="AUDITOR",
    )
    assert events["auditEvents"]["nodes"] == [{"actorRole": "TALENT_OFFICIAL"}]
