"""evaluateEligibility, decideEligibility, programmes and Creator.decisions over GraphQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.schema.conftest import Api

YANGPU = """
  query($first: Int!) {
    creators(first: $first, clusterCode: "YP_VJUCHANG") {
      edges { node { id decisions { programmeCode state } } }
    }
  }
"""
EVALUATE = """
  query EvaluateEligibility($input: EvaluateEligibilityInput!) {
    evaluateEligibility(input: $input) {
      programmeCode programmeVersion outcome tier pendingTiers missingFacts hypothetical
      overrides explanation(lang: "en") tree
      benefits { code status }
      window { inForce code effectiveFrom }
    }
  }
"""
DECIDE = """
  mutation($input: DecideEligibilityInput!) {
    decideEligibility(input: $input) {
      decision {
        id outcome state tier programmeVersion credentialId evaluation
        approvedAmounts { benefitCode approved cap monthly }
      }
      credential { id kind status }
      superseded
      userErrors { field code message }
    }
  }
"""


def _nodes(tree: dict[str, Any]) -> list[dict[str, Any]]:
    found = [tree]
    for child in tree["children"]:
        found.extend(_nodes(child))
    return found


async def _eligible_yangpu_creator(api: Api) -> tuple[str, dict[str, Any]]:
    page = await api.data(YANGPU, {"first": 40}, as_role="TALENT_OFFICIAL")
    for edge in page["creators"]["edges"]:
        if any(d["programmeCode"] == "YP_YOUXIANG" for d in edge["node"]["decisions"]):
            continue  # the demo decided this one already
        answer = await api.data(
            EVALUATE,
            {"input": {"creatorId": edge["node"]["id"], "programmeCode": "YP_YOUXIANG"}},
            as_role="TALENT_OFFICIAL",
        )
        found = answer["evaluateEligibility"]
        if found["outcome"] == "ELIGIBLE" and found["tier"] != "RECOGNISED":  # a money tier
            return edge["node"]["id"], answer["evaluateEligibility"]
    raise AssertionError("the demo has no undecided creator eligible for YP_YOUXIANG")


async def test_evaluate_explains_every_criterion(api: Api) -> None:
    creator, evaluation = await _eligible_yangpu_creator(api)
    assert evaluation["programmeCode"] == "YP_YOUXIANG"
    assert evaluation["tier"] in {"STRATEGIC", "LEADING", "POTENTIAL"}
    assert evaluation["window"]["inForce"] is True
    assert not evaluation["hypothetical"]
    assert evaluation["explanation"].startswith("Yangpu")
    nodes = _nodes(evaluation["tree"])
    assert {n["status"] for n in nodes} <= {"MET", "UNMET", "UNKNOWN"}
    assert all(n["zh"] and n["en"] for n in nodes)
    assert any(n["evidence"] for n in nodes)

    guess = await api.data(
        EVALUATE,
        {
            "input": {
                "creatorId": creator,
                "programmeCode": "SH_CREATOR_HUKOU",
                "whatIf": {
                    "hukouCity": "440100",
                    "employerCity": "310000",
                    "socialInsuranceMonths": [{"regionCode": "310000", "count": 24}],
                    "yearsToRetirement": 20,
                },
            }
        },
        as_role="SYSTEM_ADMIN",
    )
    assert guess["evaluateEligibility"]["hypothetical"] is True
    assert "hukou_city" in guess["evaluateEligibility"]["overrides"]

    refused = (
        await api.gql(
            EVALUATE,
            {"input": {"creatorId": creator, "programmeCode": "YP_YOUXIANG"}},
            as_role="PARTNER",
        )
    ).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    programmes = await api.data(
        "{ programmes { code version tiers { code }"
        " source { titleZh documentNumber publishedOn } } }"
    )
    sources = {p["code"]: p["source"] for p in programmes["programmes"]}
    assert sources["SH_CREATOR_HUKOU"] == {
        "titleZh": "上海市关于支持互联网优质内容创作的若干举措",
        "documentNumber": None,
        "publishedOn": "2025-07-15",
    }
    assert sources["HZ_GREEN_CARD_B"]["documentNumber"] == "海人社规字〔2023〕1号"
    assert {"YP_YOUXIANG", "SH_CREATOR_HUKOU", "HZ_GREEN_CARD_B"} <= {
        p["code"] for p in programmes["programmes"]
    }


async def test_decide_records_issues_and_shows_on_the_creator(api: Api) -> None:
    creator, evaluation = await _eligible_yangpu_creator(api)
    today = date.today().isoformat()
    base = {
        "creatorId": creator,
        "programmeCode": "YP_YOUXIANG",
        "approve": True,
        "reason": "区人才工作领导小组审议通过",
    }
    elsewhere = await api.data(
        DECIDE, {"input": {**base, "decidedOn": today}}, as_role="HRSS_OFFICIAL"
    )
    [error] = elsewhere["decideEligibility"]["userErrors"]
    assert (error["code"], error["field"]) == ("OUT_OF_SCOPE", ["input", "programmeCode"])
    assert elsewhere["decideEligibility"]["decision"] is None

    over = await api.data(
        DECIDE,
        {"input": {**base, "decidedOn": today,
                   "approvedAmounts": [{"benefitCode": "RENT_SUBSIDY", "amount": 10**7}]}},
        as_role="TALENT_OFFICIAL",
    )  # fmt: skip
    [error] = over["decideEligibility"]["userErrors"]
    assert (error["code"], error["field"]) == ("AMOUNT_INVALID", ["input", "approvedAmounts"])
    rent = {"benefitCode": "RENT_SUBSIDY", "amount": 2500}
    decided = await api.data(
        DECIDE,
        {"input": {**base, "decidedOn": today, "issueCredential": True,
                   "approvedAmounts": [rent]}},
        as_role="TALENT_OFFICIAL",
    )  # fmt: skip
    payload = decided["decideEligibility"]
    assert payload["userErrors"] == []
    assert {"benefitCode": "RENT_SUBSIDY", "approved": 2500, "monthly": True} in [
        {k: v for k, v in a.items() if k != "cap"} for a in payload["decision"]["approvedAmounts"]
    ]
    decision = payload["decision"]
    assert (decision["outcome"], decision["state"]) == ("APPROVED", "ACTIVE")
    assert decision["tier"] == evaluation["tier"]
    assert decision["evaluation"]["programme"]["code"] == "YP_YOUXIANG"
    assert payload["credential"]["kind"] == "TALENT_ELIGIBILITY"
    assert decision["credentialId"] == payload["credential"]["id"]

    shown = await api.data(
        "query($id: ID!) { creator(id: $id) { decisions { id state outcome } } }",
        {"id": creator},
        as_role="TALENT_OFFICIAL",
    )
    assert shown["creator"]["decisions"] == [
        {"id": decision["id"], "state": "ACTIVE", "outcome": "APPROVED"}
    ]
    again = await api.data(
        DECIDE,
        {"input": {**base, "decidedOn": today}},
        as_role="TALENT_OFFICIAL",
    )
    [error] = again["decideEligibility"]["userErrors"]
    assert error["code"] == "MORE_FAVOURABLE_ALREADY_GRANTED"


ISSUE = """
  mutation($input: IssueCredentialInput!) {
    issueCredential(input: $input) {
      credential { id kind achievement }
      userErrors { field code message }
    }
  }
"""


async def test_eligibility_credentials_attest_a_decision_and_nothing_else(api: Api) -> None:
    creator, evaluation = await _eligible_yangpu_creator(api)
    forged = await api.gql(
        ISSUE,
        {
            "input": {
                "kind": "TALENT_ELIGIBILITY",
                "creatorId": creator,
                "programmeCode": "HZ_GREEN_CARD_B",
                "tier": "B_CARD",
                "regionCode": "440105",
            }
        },
        as_role="TALENT_OFFICIAL",
    )
    # The free-form fields are gone from the input: the request does not even validate.
    assert forged.json().get("data") is None
    assert forged.json()["errors"]
    decided = await api.data(
        DECIDE,
        {
            "input": {
                "creatorId": creator,
                "programmeCode": "YP_YOUXIANG",
                "approve": True,
                "reason": "区人才工作领导小组审议通过",
                "decidedOn": date.today().isoformat(),
            }
        },
        as_role="TALENT_OFFICIAL",
    )
    decision = decided["decideEligibility"]["decision"]
    assert decision["credentialId"] is None
    elsewhere = await api.data(
        ISSUE,
        {"input": {"kind": "TALENT_ELIGIBILITY", "sourceId": decision["id"]}},
        as_role="HRSS_OFFICIAL@hz-hrss",
    )
    [error] = elsewhere["issueCredential"]["userErrors"]
    assert error["code"] == "NOT_FOUND"
    issued = await api.data(
        ISSUE,
        {"input": {"kind": "TALENT_ELIGIBILITY", "sourceId": decision["id"]}},
        as_role="TALENT_OFFICIAL",
    )
    payload = issued["issueCredential"]
    assert payload["userErrors"] == []
    assert payload["credential"]["achievement"] == {
        "code": "YP_YOUXIANG",
        "level": evaluation["tier"],
        "region": "310110",
    }


STAY = """
  mutation($input: RecordApartmentStayInput!) {
    recordApartmentStay(input: $input) {
      apartmentStay { id startsOn days event nonCommercial }
      userErrors { field code message }
    }
  }
"""


async def test_a_stay_is_recorded_under_a_decision_and_shown_with_it(api: Api) -> None:
    creator, _ = await _eligible_yangpu_creator(api)
    today = date.today().isoformat()
    decided = await api.data(
        DECIDE,
        {"input": {"creatorId": creator, "programmeCode": "YP_YOUXIANG", "approve": True,
                   "reason": "审议通过", "decidedOn": today}},
        as_role="TALENT_OFFICIAL",
    )  # fmt: skip
    decision = decided["decideEligibility"]["decision"]["id"]
    stay = {"decisionId": decision, "startsOn": today, "days": 2, "event": "创作者大会"}
    commercial = await api.data(
        STAY, {"input": {**stay, "nonCommercial": False}}, as_role="TALENT_OFFICIAL"
    )
    [error] = commercial["recordApartmentStay"]["userErrors"]
    assert error["field"] == ["input", "nonCommercial"]
    recorded = await api.data(
        STAY, {"input": {**stay, "nonCommercial": True}}, as_role="TALENT_OFFICIAL"
    )
    assert recorded["recordApartmentStay"]["userErrors"] == []
    shown = await api.data(
        "query($id: ID!) { creator(id: $id) { decisions { id apartmentStays { days event } } } }",
        {"id": creator},
        as_role="TALENT_OFFICIAL",
    )
    [listed] = [d for d in shown["creator"]["decisions"] if d["id"] == decision]
    assert listed["apartmentStays"] == [{"days": 2, "event": "创作者大会"}]
    elsewhere = await api.data(
        STAY, {"input": {**stay, "nonCommercial": True}}, as_role="HRSS_OFFICIAL"
    )
    [refused] = elsewhere["recordApartmentStay"]["userErrors"]
    assert refused["code"] in ("OUT_OF_SCOPE", "FORBIDDEN")
