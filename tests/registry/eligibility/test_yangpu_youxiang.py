"""杨浦区“优享计划”: tiers by award level or platform percentile, and the tier's benefits."""

from __future__ import annotations

from datetime import date

import pytest

from registry.eligibility import CreatorFacts, Outcome, Status, evaluate
from tests.registry.eligibility.builders import (
    AS_OF,
    YANGPU,
    account,
    award,
    recognised,
    yangpu_creator,
)

TIERS = [
    # tier boundaries: "top 1 %" includes exactly 1 %, and so on; a recognised creator in no
    # money tier is RECOGNISED (stays and foreigners' facilitation only)
    pytest.param(yangpu_creator(platform_accounts=(account(1.0),)), "ELIGIBLE", "STRATEGIC",
                 id="exactly-top-1%-strategic"),
    pytest.param(yangpu_creator(platform_accounts=(account(1.01),)), "ELIGIBLE", "LEADING",
                 id="top-1.01%-leading"),
    pytest.param(yangpu_creator(platform_accounts=(account(5.0),)), "ELIGIBLE", "LEADING",
                 id="exactly-top-5%-leading"),
    pytest.param(yangpu_creator(platform_accounts=(account(5.01),)), "ELIGIBLE", "POTENTIAL",
                 id="top-5.01%-potential"),
    pytest.param(yangpu_creator(platform_accounts=(account(8.0),)), "ELIGIBLE", "POTENTIAL",
                 id="exactly-top-8%-potential"),
    pytest.param(yangpu_creator(platform_accounts=(account(8.01),)), "ELIGIBLE", "RECOGNISED",
                 id="top-8.01%-not-eligible"),
    pytest.param(yangpu_creator(platform_accounts=(account(30.0), account(0.5, record_id="pa-2"))),
                 "ELIGIBLE", "STRATEGIC", id="best-of-several-accounts"),
    # awards
    pytest.param(yangpu_creator(awards=(award("INTERNATIONAL"),)), "ELIGIBLE", "STRATEGIC",
                 id="international-award-strategic"),
    pytest.param(yangpu_creator(awards=(award("NATIONAL"),)), "ELIGIBLE", "LEADING",
                 id="national-award-leading"),
    pytest.param(yangpu_creator(awards=(award("PROVINCIAL_MUNICIPAL"),)), "ELIGIBLE", "POTENTIAL",
                 id="municipal-award-potential"),
    pytest.param(yangpu_creator(awards=(award("DISTRICT"),)), "ELIGIBLE", "RECOGNISED",
                 id="district-award-not-eligible"),
    # 优享计划 tiers count major awards (honours); a cash reward for one piece of content is not
    # one, nor a library inclusion
    pytest.param(yangpu_creator(awards=(award("PROVINCIAL_MUNICIPAL", code="SH_CONTENT_REWARD",
                                              kind="CONTENT_REWARD"),)),
                 "ELIGIBLE", "RECOGNISED", id="municipal-content-reward-is-not-a-major-award"),
    pytest.param(yangpu_creator(awards=(award("PROVINCIAL_MUNICIPAL", kind="LIBRARY_INCLUSION"),)),
                 "ELIGIBLE", "RECOGNISED", id="library-inclusion-is-not-a-major-award"),
    pytest.param(yangpu_creator(awards=(award("NATIONAL", on=date(2020, 1, 1)),)),
                 "ELIGIBLE", "RECOGNISED", id="award-older-than-5-years"),
    pytest.param(yangpu_creator(awards=(award("NATIONAL", state="REJECTED"),)),
                 "ELIGIBLE", "RECOGNISED", id="rejected-award-ignored"),
    pytest.param(yangpu_creator(awards=(award("NATIONAL", on=date(2026, 6, 1)),)),
                 "ELIGIBLE", "RECOGNISED", id="award-after-as-of-ignored"),
    # a tier still waiting for a fact: recognition alone is reached meanwhile (no money)
    pytest.param(yangpu_creator(awards=(award("NATIONAL", state="CLAIMED"),)),
                 "ELIGIBLE", "RECOGNISED", id="claimed-award-unknown"),
    pytest.param(yangpu_creator(platform_accounts=(account(0.8, age_days=400),)),
                 "ELIGIBLE", "RECOGNISED", id="stale-percentile-unknown"),
    pytest.param(yangpu_creator(platform_accounts=(account(None),)), "ELIGIBLE", "RECOGNISED",
                 id="percentile-not-measured-unknown"),
    pytest.param(yangpu_creator(awards=None, platform_accounts=None), "ELIGIBLE", "RECOGNISED",
                 id="awards-and-accounts-unknown"),
    pytest.param(yangpu_creator(recognitions=None, awards=(award("NATIONAL"),)),
                 "NEEDS_DOCUMENTS", None, id="recognition-unknown"),
    pytest.param(yangpu_creator(recognitions=recognised("310110", "PENDING"),
                                awards=(award("NATIONAL"),)),
                 "NEEDS_DOCUMENTS", None, id="recognition-pending"),
    pytest.param(yangpu_creator(recognitions=recognised("310110", "REVOKED"),
                                awards=(award("INTERNATIONAL"),)),
                 "NOT_ELIGIBLE", None, id="recognition-revoked"),
    pytest.param(yangpu_creator(recognitions=recognised("440105"), awards=(award("NATIONAL"),)),
                 "NOT_ELIGIBLE", None, id="recognised-elsewhere-only"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "outcome", "tier"), TIERS)
def test_tier(facts: CreatorFacts, outcome: str, tier: str | None) -> None:
    evaluation = evaluate(facts, YANGPU, as_of=AS_OF)
    assert (evaluation.outcome, evaluation.tier) == (outcome, tier)


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(yangpu_creator(awards=(award("NATIONAL", state="CLAIMED"),)), id="claimed"),
        pytest.param(yangpu_creator(awards=None, platform_accounts=None), id="nothing-known"),
    ],
)
def test_tiers_waiting_for_a_fact_are_pending_above_recognition(facts: CreatorFacts) -> None:
    evaluation = evaluate(facts, YANGPU, as_of=AS_OF)
    assert evaluation.tier == "RECOGNISED"
    assert evaluation.pending_tiers
    assert set(evaluation.pending_tiers) <= {"STRATEGIC", "LEADING", "POTENTIAL"}


def test_recognition_alone_opens_the_stays_and_facilitation_not_the_money() -> None:
    """DOMAIN (优享计划, 002): recognition opens the YOUNG人才公寓 stays and foreigners'
    facilitation; the tiers open the money."""
    facts = yangpu_creator(origin="FOREIGN", annual_salary=2_000_000)
    evaluation = evaluate(facts, YANGPU, as_of=AS_OF)
    assert (evaluation.outcome, evaluation.tier) == (Outcome.ELIGIBLE, "RECOGNISED")
    assert evaluation.granted_benefits == ("FOREIGN_FACILITATION", "YOUNG_APARTMENT_STAY")
    domestic = evaluate(yangpu_creator(annual_salary=2_000_000), YANGPU, as_of=AS_OF)
    assert domestic.granted_benefits == ("YOUNG_APARTMENT_STAY",)


def test_a_higher_tier_waiting_for_a_document_is_reported_beside_the_tier_met() -> None:
    facts = yangpu_creator(
        awards=(award("INTERNATIONAL", state="UNDER_VERIFICATION", record_id="aw-9"),),
        platform_accounts=(account(4.0),),
    )
    evaluation = evaluate(facts, YANGPU, as_of=AS_OF)
    assert (evaluation.outcome, evaluation.tier) == (Outcome.ELIGIBLE, "LEADING")
    assert evaluation.pending_tiers == ("STRATEGIC",)
    nodes = evaluation.tier_result("STRATEGIC").trace.tree().walk()
    [award_node] = [n for n in nodes if n.kind == "award_level_at_least"]
    assert (award_node.status, award_node.evidence) == (Status.UNKNOWN, ("aw-9",))
    assert evaluation.missing_facts() == ("awards",)


LEADING = {"platform_accounts": (account(3.0),)}
HIGH_PAY = {"annual_salary": 1_000_000}

BENEFITS = [
    pytest.param(yangpu_creator(**LEADING), "RENT_SUBSIDY", Status.MET, id="rent-domestic"),
    pytest.param(yangpu_creator(**LEADING, origin="FOREIGN"), "RENT_SUBSIDY", Status.UNMET,
                 id="rent-not-for-foreign"),
    # HMT residents: subsidies as for domestic creators by default (configurable origins)
    pytest.param(yangpu_creator(**LEADING, origin="HMT"), "RENT_SUBSIDY", Status.MET,
                 id="rent-for-hmt-by-default"),
    pytest.param(yangpu_creator(**LEADING, origin="HMT"), "PURCHASE_SUBSIDY", Status.MET,
                 id="purchase-for-hmt-by-default"),
    pytest.param(yangpu_creator(**LEADING, origin=None), "RENT_SUBSIDY", Status.UNKNOWN,
                 id="rent-origin-unknown"),
    pytest.param(yangpu_creator(**LEADING), "PURCHASE_SUBSIDY", Status.MET,
                 id="purchase-first-home-in-yangpu"),
    pytest.param(yangpu_creator(**LEADING, first_home_in={"310110": False}), "PURCHASE_SUBSIDY",
                 Status.UNMET, id="purchase-not-first-home"),
    pytest.param(yangpu_creator(**LEADING, first_home_in={}), "PURCHASE_SUBSIDY", Status.UNKNOWN,
                 id="purchase-first-home-unknown"),
    # salary reward: pay >= 1,000,000, excluded for tax-differential or key-industry recipients
    pytest.param(yangpu_creator(**LEADING, **HIGH_PAY), "SALARY_REWARD", Status.MET,
                 id="salary-reward-at-exactly-1m"),
    pytest.param(yangpu_creator(**LEADING, annual_salary=999_999), "SALARY_REWARD", Status.UNMET,
                 id="salary-reward-below-1m"),
    pytest.param(yangpu_creator(**LEADING, **HIGH_PAY,
                                subsidies_received={"TAX_DIFFERENTIAL": True,
                                                    "KEY_INDUSTRY_REWARD": False}),
                 "SALARY_REWARD", Status.UNMET, id="salary-reward-excluded-tax-differential"),
    pytest.param(yangpu_creator(**LEADING, **HIGH_PAY,
                                subsidies_received={"TAX_DIFFERENTIAL": False,
                                                    "KEY_INDUSTRY_REWARD": True}),
                 "SALARY_REWARD", Status.UNMET, id="salary-reward-excluded-key-industry"),
    pytest.param(yangpu_creator(**LEADING, **HIGH_PAY,
                                subsidies_received={"TAX_DIFFERENTIAL": False}),
                 "SALARY_REWARD", Status.UNKNOWN, id="salary-reward-key-industry-unknown"),
    pytest.param(yangpu_creator(**LEADING, annual_salary=None), "SALARY_REWARD", Status.UNKNOWN,
                 id="salary-reward-salary-unknown"),
    # hukou for domestic creators, facilitation for foreign ones
    pytest.param(yangpu_creator(**LEADING), "PRIORITY_HUKOU", Status.MET, id="hukou-domestic"),
    pytest.param(yangpu_creator(**LEADING, origin="FOREIGN"), "PRIORITY_HUKOU", Status.UNMET,
                 id="no-hukou-for-foreign"),
    pytest.param(yangpu_creator(**LEADING, origin="HMT"), "PRIORITY_HUKOU", Status.UNMET,
                 id="no-hukou-for-hmt"),
    pytest.param(yangpu_creator(**LEADING, origin="HMT"), "FOREIGN_FACILITATION", Status.UNMET,
                 id="no-foreigners-facilitation-for-hmt"),
    # priority hukou only for someone without a Shanghai hukou (a district code is Shanghai)
    pytest.param(yangpu_creator(**LEADING, hukou_city="310110"), "PRIORITY_HUKOU", Status.UNMET,
                 id="no-priority-hukou-with-yangpu-hukou"),
    pytest.param(yangpu_creator(**LEADING, hukou_city="310000"), "PRIORITY_HUKOU", Status.UNMET,
                 id="no-priority-hukou-with-shanghai-hukou"),
    pytest.param(yangpu_creator(**LEADING, hukou_city=None), "PRIORITY_HUKOU", Status.UNKNOWN,
                 id="priority-hukou-needs-the-hukou-record"),
    pytest.param(yangpu_creator(**LEADING, origin="FOREIGN"), "FOREIGN_FACILITATION", Status.MET,
                 id="facilitation-foreign"),
    pytest.param(yangpu_creator(**LEADING), "FOREIGN_FACILITATION", Status.UNMET,
                 id="no-facilitation-for-domestic"),
    pytest.param(yangpu_creator(**LEADING, origin="FOREIGN"), "YOUNG_APARTMENT_STAY", Status.MET,
                 id="apartment-stay-for-everyone"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "benefit", "status"), BENEFITS)
def test_benefit(facts: CreatorFacts, benefit: str, status: Status) -> None:
    evaluation = evaluate(facts, YANGPU, as_of=AS_OF)
    assert evaluation.tier == "LEADING"
    found = {b.benefit.code: b.status for b in evaluation.benefits}
    assert found[benefit] is status
    assert (benefit in evaluation.granted_benefits) is (status is Status.MET)


@pytest.mark.parametrize(
    ("tier", "monthly", "cap"),
    [("STRATEGIC", 8000, 2_000_000), ("LEADING", 5000, 1_000_000), ("POTENTIAL", 3000, 500_000)],
)
def test_amounts_come_from_the_programme_file(tier: str, monthly: int, cap: int) -> None:
    benefits = {b.code: b for b in YANGPU.benefits_of(YANGPU.tier(tier))}
    rent, purchase = benefits["RENT_SUBSIDY"].amount, benefits["PURCHASE_SUBSIDY"].amount
    assert rent is not None
    assert purchase is not None
    assert (rent.monthly_amount, rent.max_months, purchase.one_off_cap) == (monthly, 36, cap)
    reward = benefits["SALARY_REWARD"].amount
    assert reward is not None
    assert (reward.percent_min, reward.percent_max) == (5, 8)


def test_evidence_names_the_records_used() -> None:
    facts = yangpu_creator(awards=(award("NATIONAL", record_id="aw-77"),))
    tree = evaluate(facts, YANGPU, as_of=AS_OF).tier_result("LEADING").trace.tree()
    evidence = {e for node in tree.walk() for e in node.evidence}
    assert evidence == {"rec-310110", "aw-77"}
