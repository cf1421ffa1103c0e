"""After the decision, over GraphQL: approveSubsidyPeriod (and Decision.subsidyPeriods),
completeProvisionalDecision and lapseOverdueProvisionalDecisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from registry.eligibility import period_bounds
from registry.runtime import open_registry
from registry.services import eligibility, orgs
from registry.services.eligibility import DecideEligibility, RecordCreatorFacts
from schema.relay import global_id
from schema.settings import ApiSettings
from tests.registry.conftest import Clock, World
from tests.registry.helpers import new_creator, verified_award
from tests.schema.conftest import Api, open_api
from tests.schema.test_eligibility import DECIDE, _eligible_yangpu_creator

HAIZHU = "HRSS_OFFICIAL@hz-hrss"
APPROVE_PERIOD = """
  mutation($input: ApproveSubsidyPeriodInput!) {
    approveSubsidyPeriod(input: $input) {
      subsidyPeriod { id decisionId benefitCode number start end amount programmeVersion }
      userErrors { field code message }
    }
  }
"""
COMPLETE = """
  mutation($input: CompleteProvisionalDecisionInput!) {
    completeProvisionalDecision(input: $input) {
      decision { id outcome state decidedOn credentialId }
      credential { id kind status validUntil }
      superseded
      userErrors { field code message }
    }
  }
"""
LAPSE = """
  mutation($input: LapseOverdueProvisionalDecisionsInput!) {
    lapseOverdueProvisionalDecisions(input: $input) { lapsed userErrors { field code } }
  }
"""


async def _demo_world(api: Api) -> World:
    """The demo's officials as a registry test world, for the shared record builders."""
    ctx = api.state.registry
    principals = {
        org: await orgs.authenticate(ctx, api.tokens[f"{role}@{org}"])
        for org, role in (
            ("sh-cac", "CAC_OFFICIAL"),
            ("yp-talent", "TALENT_OFFICIAL"),
            ("hz-hrss", "HRSS_OFFICIAL"),
        )
    }
    return World(ctx, principals=principals)


async def _provisional(api: Api, due: date) -> tuple[str, str]:
    """A Haizhu green card approved 容缺 today, lawful residence to follow by ``due``, with its
    credential: (creator's registry id, decision's global id)."""
    world = await _demo_world(api)
    ctx = api.state.registry
    creator = (await new_creator(ctx, world)).id
    await verified_award(ctx, world, creator)
    haizhu = world["hz-hrss"]
    await eligibility.record_creator_facts(
        ctx,
        haizhu,
        RecordCreatorFacts(
            creator, {"hukou_city": "310000", "months_in_district_per_year": {"440105": 8}}
        ),
    )
    decided = await eligibility.decide_eligibility(
        ctx,
        haizhu,
        DecideEligibility(creator, "HZ_GREEN_CARD_B", None, True, "容缺", date.today(), due, True),
    )
    return creator, global_id("EligibilityDecision", decided.decision.id)


def _payload(data: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(data[name])


async def test_subsidy_periods_are_approved_up_to_the_benefits_maximum(api: Api) -> None:
    creator, _ = await _eligible_yangpu_creator(api)
    start = date.today()
    decided = await api.data(
        DECIDE,
        {
            "input": {
                "creatorId": creator,
                "programmeCode": "YP_YOUXIANG",
                "approve": True,
                "reason": "区人才工作领导小组审议通过",
                "decidedOn": start.isoformat(),
                "subsidyStart": start.isoformat(),
            }
        },
        as_role="TALENT_OFFICIAL",
    )
    decision = decided["decideEligibility"]["decision"]["id"]

    async def approve(day: date, role: str = "TALENT_OFFICIAL") -> dict[str, Any]:
        answer = await api.data(
            APPROVE_PERIOD,
            {"input": {"decisionId": decision, "periodStart": day.isoformat()}},
            as_role=role,
        )
        return _payload(answer, "approveSubsidyPeriod")

    first = await approve(start)
    assert first["userErrors"] == []
    period = first["subsidyPeriod"]
    assert (period["decisionId"], period["benefitCode"], period["number"]) == (
        decision,
        "RENT_SUBSIDY",
        1,
    )
    assert (period["start"], period["end"]) == tuple(d.isoformat() for d in period_bounds(start, 1))
    assert period["amount"] > 0

    # The 37th month of a 36-month rent subsidy.
    beyond = await approve(period_bounds(start, 37)[0])
    assert beyond["subsidyPeriod"] is None
    [error] = beyond["userErrors"]
    assert (error["code"], error["field"]) == ("SUBSIDY_MONTHS_EXCEEDED", ["input", "periodStart"])
    assert [e["code"] for e in (await approve(start))["userErrors"]] == ["DUPLICATE"]
    elsewhere = await approve(period_bounds(start, 2)[0], role=HAIZHU)
    assert [(e["code"], e["field"]) for e in elsewhere["userErrors"]] == [
        ("OUT_OF_SCOPE", ["input", "decisionId"])
    ]

    shown = await api.data(
        "query($id: ID!) { creator(id: $id) { decisions { id subsidyPeriods { id number } } } }",
        {"id": creator},
        as_role="TALENT_OFFICIAL",
    )
    assert shown["creator"]["decisions"] == [
        {"id": decision, "subsidyPeriods": [{"id": period["id"], "number": 1}]}
    ]


async def test_a_provisional_approval_is_completed_once_its_documents_are_in(api: Api) -> None:
    today = date.today()
    creator, decision = await _provisional(api, today + timedelta(days=30))
    request = {"decisionId": decision, "reason": "居住证已补交", "decidedOn": today.isoformat()}

    missing = _payload(
        await api.data(COMPLETE, {"input": request}, as_role=HAIZHU), "completeProvisionalDecision"
    )
    [error] = missing["userErrors"]
    assert (error["code"], error["field"]) == ("DOCUMENTS_MISSING", ["input", "decisionId"])
    assert "lawful_residence_city" in error["message"]
    assert (missing["decision"], missing["credential"], missing["superseded"]) == (None, None, [])

    ctx = api.state.registry
    world = await _demo_world(api)
    await eligibility.record_creator_facts(
        ctx,
        world["hz-hrss"],
        RecordCreatorFacts(creator, {"lawful_residence_city": "440100"}, evidence_ref="res-9"),
    )
    elsewhere = _payload(
        await api.data(COMPLETE, {"input": request}, as_role="TALENT_OFFICIAL"),
        "completeProvisionalDecision",
    )
    assert [e["code"] for e in elsewhere["userErrors"]] == ["OUT_OF_SCOPE"]

    completed = _payload(
        await api.data(COMPLETE, {"input": request}, as_role=HAIZHU), "completeProvisionalDecision"
    )
    assert completed["userErrors"] == []
    confirmed = completed["decision"]
    assert (confirmed["id"], confirmed["outcome"], confirmed["state"]) == (
        decision,
        "APPROVED",
        "ACTIVE",
    )
    assert completed["credential"]["kind"] == "TALENT_ELIGIBILITY"
    assert confirmed["credentialId"] == completed["credential"]["id"]
    again = _payload(
        await api.data(COMPLETE, {"input": request}, as_role=HAIZHU), "completeProvisionalDecision"
    )
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]


async def test_overdue_provisional_approvals_lapse(
    settings_factory: Callable[..., ApiSettings], tokens: dict[str, str]
) -> None:
    settings = settings_factory()
    clock = Clock(datetime.now(UTC))
    registry = await open_registry(settings.registry, clock=clock)
    try:
        async with open_api(settings, tokens, registry=registry) as api:
            await _lapse_when_overdue(api, clock)
    finally:
        await registry.aclose()


async def _lapse_when_overdue(api: Api, clock: Clock) -> None:
    # Due tomorrow, so the demo's bearer tokens outlive the clock's advance.
    due = date.today() + timedelta(days=1)
    creator, decision = await _provisional(api, due)
    late = (due + timedelta(days=1)).isoformat()

    async def lapse(on: str, role: str = HAIZHU) -> dict[str, Any]:
        answer = await api.data(LAPSE, {"input": {"on": on}}, as_role=role)
        return _payload(answer, "lapseOverdueProvisionalDecisions")

    # A day still to come would lapse approvals not yet due: refused.
    assert await lapse(late) == {
        "lapsed": None,
        "userErrors": [{"field": ["input", "on"], "code": "INVALID_INPUT"}],
    }
    clock.advance(days=1)
    assert await lapse(due.isoformat()) == {"lapsed": [], "userErrors": []}
    clock.advance(days=1)
    assert await lapse(late, role="CREATOR") == {
        "lapsed": None,
        "userErrors": [{"field": None, "code": "FORBIDDEN"}],
    }
    assert await lapse(late) == {"lapsed": [decision], "userErrors": []}
    assert await lapse(late) == {"lapsed": [], "userErrors": []}

    [lapsed] = await eligibility.list_decisions(
        api.state.registry, (await _demo_world(api))["hz-hrss"], creator
    )
    assert (global_id("EligibilityDecision", lapsed.id), lapsed.state.value) == (decision, "LAPSED")
