"""Validating a proposed decision and the monthly subsidy schedule within the policy window."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from registry.eligibility import (
    CreatorFacts,
    DecisionRefused,
    Programme,
    ensure_in_force,
    monthly_schedule,
    validate_decision,
)
from registry.errors import ErrorCode
from tests.registry.eligibility.builders import AS_OF, YANGPU, account, yangpu_creator

STRATEGIC = yangpu_creator(platform_accounts=(account(0.9),))
RENT = {b.code: b for b in YANGPU.benefits_of(YANGPU.tier("STRATEGIC"))}["RENT_SUBSIDY"]


def closing(programme: Programme, until: date) -> Programme:
    """The programme as if its policy ended on ``until`` (like the 2025–2027 plan)."""
    return replace(programme, policy=replace(programme.policy, effective_until=until))


def test_plan_grants_the_tier_reached_with_a_full_schedule() -> None:
    plan = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF)
    assert plan.entitlement.tier == "STRATEGIC"
    assert plan.benefits == ("RENT_SUBSIDY", "PURCHASE_SUBSIDY", "PRIORITY_HUKOU",
                             "YOUNG_APARTMENT_STAY")  # fmt: skip
    assert plan.pending_benefits == ()
    [rent] = plan.schedules
    assert (rent.benefit_code, rent.monthly_amount, len(rent.periods)) == ("RENT_SUBSIDY", 8000, 36)
    assert rent.total == 288_000
    assert rent.periods[0].start == AS_OF
    assert rent.periods[-1].end == date(2029, 2, 28)
    assert plan.evaluation.as_of == AS_OF
    assert plan.evaluation.programme.digest == YANGPU.digest


def test_caps_are_maxima_and_the_plan_records_the_sum_approved() -> None:
    """优享计划: "每月最高8000元" and "最高200万元" are caps; a grant records what was approved."""
    plan = validate_decision(
        STRATEGIC, YANGPU, decided_on=AS_OF,
        amounts={"RENT_SUBSIDY": 6500, "PURCHASE_SUBSIDY": 1_200_000},
    )  # fmt: skip
    amounts = {a.benefit_code: (a.approved, a.cap, a.monthly) for a in plan.amounts}
    assert amounts == {
        "RENT_SUBSIDY": (6500, 8000, True),
        "PURCHASE_SUBSIDY": (1_200_000, 2_000_000, False),
    }
    [rent] = plan.schedules
    assert (rent.monthly_amount, rent.total) == (6500, 36 * 6500)
    assert {p.amount for p in rent.periods} == {6500}


def test_a_capped_benefit_not_named_is_approved_at_its_cap() -> None:
    plan = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF)
    amounts = {a.benefit_code: a.approved for a in plan.amounts}
    assert amounts == {"RENT_SUBSIDY": 8000, "PURCHASE_SUBSIDY": 2_000_000}


@pytest.mark.parametrize(
    "amounts",
    [
        pytest.param({"RENT_SUBSIDY": 8001}, id="over-the-monthly-cap"),
        pytest.param({"PURCHASE_SUBSIDY": 2_000_001}, id="over-the-one-off-cap"),
        pytest.param({"RENT_SUBSIDY": 0}, id="nothing"),
        pytest.param({"RENT_SUBSIDY": -5}, id="negative"),
        pytest.param({"PRIORITY_HUKOU": 100}, id="a-benefit-without-a-sum"),
        pytest.param({"SHOE_ALLOWANCE": 100}, id="a-benefit-not-granted"),
    ],
)
def test_an_amount_above_its_cap_or_for_no_sum_is_refused(amounts: dict[str, int]) -> None:
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF, amounts=amounts)
    assert (refused.value.code, refused.value.field) == (
        ErrorCode.AMOUNT_INVALID,
        "approved_amounts",
    )
    assert "SHOE" not in str(refused.value)


def test_schedule_is_clipped_at_the_end_of_the_policy_window() -> None:
    programme = closing(YANGPU, date(2027, 12, 31))
    plan = validate_decision(STRATEGIC, programme, decided_on=AS_OF)
    [rent] = plan.schedules
    assert len(rent.periods) == 22  # 2026-03-01 … 2027-12-01
    assert rent.months_outside_window == 14
    assert rent.periods[-1].start == date(2027, 12, 1)
    assert rent.total == 22 * 8000


@pytest.mark.parametrize(
    ("start", "second", "third"),
    [
        (date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)),
        (date(2027, 12, 15), date(2028, 1, 15), date(2028, 2, 15)),
        (date(2028, 1, 30), date(2028, 2, 29), date(2028, 3, 30)),
    ],
    ids=["end-of-month-clamped", "over-new-year", "leap-february"],
)
def test_periods_keep_the_start_day(start: date, second: date, third: date) -> None:
    schedule = monthly_schedule(RENT, YANGPU.policy, start=start, months=3)
    assert [p.start for p in schedule.periods] == [start, second, third]
    assert schedule.periods[0].end == date.fromordinal(second.toordinal() - 1)


def test_periods_before_the_window_opens_are_not_paid() -> None:
    schedule = monthly_schedule(RENT, YANGPU.policy, start=date(2025, 3, 1), months=4)
    assert [p.number for p in schedule.periods] == [3, 4]  # May and June 2025
    assert schedule.months_outside_window == 2


def test_each_period_is_rechecked_against_the_window() -> None:
    programme = closing(YANGPU, date(2027, 12, 31))
    ensure_in_force(programme.policy, on=date(2027, 12, 31))
    with pytest.raises(DecisionRefused) as refused:
        ensure_in_force(programme.policy, on=date(2028, 1, 1))
    assert refused.value.code == ErrorCode.POLICY_WINDOW_CLOSED


REFUSALS = [
    pytest.param(yangpu_creator(recognitions=(), platform_accounts=(account(40.0),)), None,
                 ErrorCode.TIER_NOT_REACHED, id="no-tier-met"),
    pytest.param(yangpu_creator(platform_accounts=(account(4.0),)), "STRATEGIC",
                 ErrorCode.TIER_NOT_REACHED, id="tier-above-the-one-met"),
    pytest.param(STRATEGIC, "PLATINUM", ErrorCode.TIER_UNKNOWN, id="tier-not-in-programme"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "tier", "code"), REFUSALS)
def test_refusals(facts: CreatorFacts, tier: str | None, code: ErrorCode) -> None:
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(facts, YANGPU, decided_on=AS_OF, tier=tier)
    assert refused.value.code == code


def test_an_official_may_grant_a_lower_tier_that_is_met() -> None:
    plan = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF, tier="POTENTIAL")
    assert plan.entitlement.tier == "POTENTIAL"
    assert plan.schedules[0].monthly_amount == 3000


def test_regranting_the_same_entitlement_is_refused() -> None:
    first = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF).entitlement
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF, granted=[first])
    assert refused.value.code == ErrorCode.MORE_FAVOURABLE_ALREADY_GRANTED


def test_an_upgrade_supersedes_the_lower_tier_of_the_same_programme() -> None:
    lower = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF, tier="LEADING").entitlement
    plan = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF, granted=[lower])
    assert [s.entitlement.tier for s in plan.supersedes] == ["LEADING"]


def test_subsidy_start_can_be_given() -> None:
    plan = validate_decision(STRATEGIC, YANGPU, decided_on=AS_OF, subsidy_start=date(2026, 4, 1))
    assert plan.schedules[0].periods[0].start == date(2026, 4, 1)
