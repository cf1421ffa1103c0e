"""Shanghai hukou: the creator route (nine measures #8) and the skill routes (沪府规〔2020〕25号).

Both programmes share the municipal 从高从优不重复 group SH_HUKOU."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from registry.eligibility import (
    CreatorFacts,
    DecisionRefused,
    Programme,
    evaluate,
    evaluate_all,
    validate_decision,
)
from registry.errors import ErrorCode
from tests.registry.eligibility.builders import (
    AS_OF,
    PROGRAMMES,
    SH_CREATOR,
    SH_SKILL,
    YANGPU,
    account,
    award,
    certificate,
    recognised,
    shanghai_creator,
)

NATIONAL = (award("NATIONAL"),)

CASES = [
    # creator route
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL), "ELIGIBLE", "CREATOR_ROUTE",
                 id="creator-national-award"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=(award("PROVINCIAL_MUNICIPAL",
                                                            code="SH_SILVER_DOVE"),)),
                 "ELIGIBLE", "CREATOR_ROUTE", id="creator-silver-dove-first-prize"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=(award("PROVINCIAL_MUNICIPAL",
                                                            code="SH_SILVER_DOVE",
                                                            grade="THIRD"),)),
                 "NOT_ELIGIBLE", None, id="creator-silver-dove-third-prize"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=(award("PROVINCIAL_MUNICIPAL"),)),
                 "NOT_ELIGIBLE", None, id="creator-other-municipal-award"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, hukou_city="310000"),
                 "NOT_ELIGIBLE", None, id="creator-already-shanghai-hukou"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, hukou_city="310110"),
                 "NOT_ELIGIBLE", None, id="creator-yangpu-hukou-is-a-shanghai-hukou"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, hukou_city="310101"),
                 "NOT_ELIGIBLE", None, id="creator-huangpu-hukou-is-a-shanghai-hukou"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, employer_city="310110"),
                 "ELIGIBLE", "CREATOR_ROUTE", id="creator-employer-in-a-shanghai-district"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, social_insurance_months={
                     "310110": 24}), "ELIGIBLE", "CREATOR_ROUTE",
                 id="creator-insurance-paid-in-a-shanghai-district"),
    # hukou routes are for domestic creators (HMT: configurable, refused by default)
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, origin="FOREIGN"),
                 "NOT_ELIGIBLE", None, id="creator-foreign-refused-hukou"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, origin="HMT"),
                 "NOT_ELIGIBLE", None, id="creator-hmt-refused-hukou-by-default"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L1"),),
                                            origin="FOREIGN"),
                 "NOT_ELIGIBLE", None, id="skill-foreign-refused-hukou"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, employer_city="440100"),
                 "NOT_ELIGIBLE", None, id="creator-employer-outside-shanghai"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, years_to_retirement=4.9),
                 "NOT_ELIGIBLE", None, id="creator-under-5-years-to-retirement"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=NATIONAL, social_insurance_months={}),
                 "NEEDS_DOCUMENTS", None, id="creator-social-insurance-unknown"),
    pytest.param(SH_CREATOR, shanghai_creator(awards=None), "NEEDS_DOCUMENTS", None,
                 id="creator-awards-unknown"),
    # skill routes
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L1"),)),
                 "ELIGIBLE", "SENIOR_TECHNICIAN", id="skill-senior-technician-l1"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L2"),),
                                            employer_on_key_list=True),
                 "ELIGIBLE", "TECHNICIAN", id="skill-technician-at-key-institution"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L2"),),
                                            awards=(award("PROVINCIAL_MUNICIPAL",
                                                          kind="COMPETITION"),)),
                 "ELIGIBLE", "TECHNICIAN", id="skill-technician-with-competition-award"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L2"),)),
                 "NOT_ELIGIBLE", None, id="skill-technician-alone"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L3"),),
                                            employer_on_key_list=True),
                 "NOT_ELIGIBLE", None, id="skill-l3-not-enough"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=(certificate("L2"),),
                                            employer_on_key_list=None),
                 "NEEDS_DOCUMENTS", None, id="skill-key-institution-unknown"),
    pytest.param(SH_SKILL, shanghai_creator(awards=(award("PROVINCIAL_MUNICIPAL",
                                                          kind="COMMENDATION"),)),
                 "ELIGIBLE", "GOVERNMENT_COMMENDATION", id="skill-government-commendation"),
    pytest.param(SH_SKILL, shanghai_creator(skill_certificates=None), "NEEDS_DOCUMENTS", None,
                 id="skill-certificates-unknown"),
]  # fmt: skip


@pytest.mark.parametrize(("programme", "facts", "outcome", "tier"), CASES)
def test_route(programme: Programme, facts: CreatorFacts, outcome: str, tier: str | None) -> None:
    evaluation = evaluate(facts, programme, as_of=AS_OF)
    assert (evaluation.outcome, evaluation.tier) == (outcome, tier)


WINDOW = [
    pytest.param(date(2025, 7, 14), ErrorCode.POLICY_NOT_YET_IN_FORCE, id="day-before-start"),
    pytest.param(date(2030, 7, 15), ErrorCode.POLICY_WINDOW_CLOSED, id="day-after-end"),
    pytest.param(date(2031, 1, 1), ErrorCode.POLICY_WINDOW_CLOSED, id="months-after-end"),
]


@pytest.mark.parametrize(("decided_on", "code"), WINDOW)
def test_decision_outside_the_measures_window_is_refused(decided_on: date, code: str) -> None:
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(shanghai_creator(awards=NATIONAL), SH_CREATOR, decided_on=decided_on)
    assert refused.value.code == code


@pytest.mark.parametrize("decided_on", [date(2025, 7, 15), date(2030, 7, 14)], ids=str)
def test_decision_on_the_window_edges_is_accepted(decided_on: date) -> None:
    facts = shanghai_creator(awards=(award("NATIONAL", on=date(2025, 7, 15)),))
    plan = validate_decision(facts, SH_CREATOR, decided_on=decided_on)
    assert plan.entitlement.tier == "CREATOR_ROUTE"
    assert plan.benefits == ("HUKOU",)


def test_evaluation_outside_the_window_is_not_eligible_and_says_why() -> None:
    facts = shanghai_creator(awards=(award("NATIONAL", on=date(2029, 1, 1)),))
    evaluation = evaluate(facts, SH_CREATOR, as_of=date(2030, 7, 15))
    assert evaluation.outcome == "NOT_ELIGIBLE"
    assert evaluation.tier is None
    assert evaluation.window.code == "POLICY_WINDOW_CLOSED"
    assert evaluation.tier_result("CREATOR_ROUTE").status == "MET"  # criteria still explained


def test_two_municipal_programmes_in_one_group_grant_only_the_higher() -> None:
    facts = shanghai_creator(awards=NATIONAL, skill_certificates=(certificate("L1"),))
    report = evaluate_all(facts, [SH_SKILL, SH_CREATOR], as_of=AS_OF)
    assert report.evaluation("SH_SKILL_HUKOU").outcome == "ELIGIBLE"
    assert [(e.programme_code, e.tier) for e in report.entitlements] == [
        ("SH_CREATOR_HUKOU", "CREATOR_ROUTE")
    ]
    [suppressed] = report.suppressed
    assert (suppressed.entitlement.programme_code, suppressed.entitlement.tier) == (
        "SH_SKILL_HUKOU",
        "SENIOR_TECHNICIAN",
    )
    assert suppressed.by.programme_code == "SH_CREATOR_HUKOU"
    assert suppressed.code == "LESS_FAVOURABLE_IN_GROUP"
    assert "从高从优不重复" in suppressed.reason.zh
    assert "Award-winning creator route" in suppressed.reason.en


def test_municipal_provisions_compete_whatever_group_a_file_names() -> None:
    """从高从优不重复: within one jurisdiction level, for one person, only the most favourable
    (DOMAIN, policy rules): a group name can never let two municipal provisions stack."""
    regrouped = replace(SH_SKILL, dedup_group="SOMETHING_ELSE")
    facts = shanghai_creator(awards=NATIONAL, skill_certificates=(certificate("L1"),))
    report = evaluate_all(facts, [regrouped, SH_CREATOR], as_of=AS_OF)
    assert [(e.programme_code, e.tier) for e in report.entitlements] == [
        ("SH_CREATOR_HUKOU", "CREATOR_ROUTE")
    ]
    [suppressed] = report.suppressed
    assert suppressed.entitlement.programme_code == "SH_SKILL_HUKOU"
    assert "同一市级（上海市）政策内" in suppressed.reason.zh
    assert "municipal provisions of Shanghai" in suppressed.reason.en


def test_municipal_and_district_entitlements_stack() -> None:
    facts = shanghai_creator(
        awards=NATIONAL,
        recognitions=recognised("310110"),
        platform_accounts=(account(0.5),),
        subsidies_received={},
    )
    report = evaluate_all(facts, PROGRAMMES.values(), as_of=AS_OF)
    granted = {(e.programme_code, e.tier) for e in report.entitlements}
    assert {("SH_CREATOR_HUKOU", "CREATOR_ROUTE"), ("YP_YOUXIANG", "STRATEGIC")} <= granted
    assert report.suppressed == ()


def test_a_lower_route_is_refused_once_the_higher_is_granted() -> None:
    facts = shanghai_creator(awards=NATIONAL, skill_certificates=(certificate("L1"),))
    higher = validate_decision(facts, SH_CREATOR, decided_on=AS_OF).entitlement
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(facts, SH_SKILL, decided_on=AS_OF, granted=[higher])
    assert refused.value.code == ErrorCode.MORE_FAVOURABLE_ALREADY_GRANTED


def test_a_higher_route_supersedes_the_lower_one_with_the_reason() -> None:
    facts = shanghai_creator(awards=NATIONAL, skill_certificates=(certificate("L1"),))
    lower = validate_decision(facts, SH_SKILL, decided_on=AS_OF).entitlement
    plan = validate_decision(facts, SH_CREATOR, decided_on=AS_OF, granted=[lower])
    [replaced] = plan.supersedes
    assert replaced.entitlement == lower
    assert replaced.by == plan.entitlement
    assert "一级/高级技师" in replaced.reason.zh


def test_district_entitlement_does_not_block_a_municipal_decision() -> None:
    facts = shanghai_creator(
        awards=NATIONAL, recognitions=recognised("310110"), platform_accounts=(account(0.5),)
    )
    yangpu = validate_decision(facts, YANGPU, decided_on=AS_OF).entitlement
    plan = validate_decision(facts, SH_CREATOR, decided_on=AS_OF, granted=[yangpu])
    assert plan.supersedes == ()


def test_a_foreign_creator_is_refused_hukou_naming_the_reason() -> None:
    evaluation = evaluate(shanghai_creator(awards=NATIONAL, origin="FOREIGN"), SH_CREATOR,
                          as_of=AS_OF)  # fmt: skip
    assert evaluation.outcome == "NOT_ELIGIBLE"
    assert "hukou_city" not in evaluation.missing_facts()  # never asked for a hukou city
    [origin] = [n for n in evaluation.tree().walk() if n.kind == "origin_in"]
    assert origin.status == "UNMET"
    assert "外籍创作者" in origin.text.zh
    assert "foreign creators get visa" in origin.text.en


def test_only_a_district_programme_recommends_hukou() -> None:
    offered = [b for t in YANGPU.tiers for b in YANGPU.benefits_of(t) if b.code == "PRIORITY_HUKOU"]
    assert len(offered) == 3  # the three money tiers, not recognition alone
    assert all(YANGPU.recommends(b) for b in offered)
    for programme in (SH_CREATOR, SH_SKILL):
        for tier in programme.tiers:
            assert not any(programme.recommends(b) for b in programme.benefits_of(tier))
