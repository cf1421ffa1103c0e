"""海珠区人才绿卡 B 卡, and its 容缺 (documents to follow) provisional approval."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from registry.eligibility import (
    CreatorFacts,
    DecisionRefused,
    evaluate,
    validate_decision,
)
from registry.errors import ErrorCode
from tests.registry.eligibility.builders import (
    AS_OF,
    HAIZHU,
    YANGPU,
    account,
    award,
    haizhu_applicant,
    recognised,
    yangpu_creator,
)

CASES = [
    pytest.param(haizhu_applicant(), "ELIGIBLE", id="municipal-award"),
    pytest.param(haizhu_applicant(awards=(), platform_accounts=(account(4.0),)), "ELIGIBLE",
                 id="platform-percentile"),
    pytest.param(haizhu_applicant(awards=(award("DISTRICT", code="HZ_PREMIUM_LIBRARY"),)),
                 "ELIGIBLE", id="premium-library-inclusion"),
    pytest.param(haizhu_applicant(awards=(award("PROVINCIAL_MUNICIPAL", code="GZ_JIEBANG",
                                                kind="TALENT_PROJECT"),)),
                 "ELIGIBLE", id="jiebang-talent-project"),
    pytest.param(haizhu_applicant(months_in_district_per_year={"440105": 7}), "ELIGIBLE",
                 id="seven-months-in-haizhu"),
    pytest.param(haizhu_applicant(hukou_city="440100"), "NOT_ELIGIBLE",
                 id="guangzhou-hukou-refused"),
    pytest.param(haizhu_applicant(months_in_district_per_year={"440105": 6}), "NOT_ELIGIBLE",
                 id="exactly-six-months-is-not-more-than-six"),
    pytest.param(haizhu_applicant(lawful_residence_city="310000"), "NOT_ELIGIBLE",
                 id="residence-outside-guangzhou"),
    pytest.param(haizhu_applicant(awards=(award("DISTRICT"),), platform_accounts=(account(9.0),)),
                 "NOT_ELIGIBLE", id="no-talent-criterion"),
    pytest.param(haizhu_applicant(hukou_city=None), "NEEDS_DOCUMENTS", id="hukou-unknown"),
    pytest.param(haizhu_applicant(months_in_district_per_year={}), "NEEDS_DOCUMENTS",
                 id="months-in-haizhu-unknown"),
    pytest.param(haizhu_applicant(awards=None, platform_accounts=None), "NEEDS_DOCUMENTS",
                 id="talent-criterion-unknown"),
    pytest.param(haizhu_applicant(hukou_city="440100", awards=None), "NOT_ELIGIBLE",
                 id="guangzhou-hukou-refused-even-with-unknowns"),
    # "非广州户籍" asks whether the hukou lies within Guangzhou (GB/T 2260 hierarchy)
    pytest.param(haizhu_applicant(hukou_city="440105"), "NOT_ELIGIBLE",
                 id="haizhu-district-hukou-is-a-guangzhou-hukou"),
    pytest.param(haizhu_applicant(hukou_city="440106"), "NOT_ELIGIBLE",
                 id="tianhe-district-hukou-is-a-guangzhou-hukou"),
    pytest.param(haizhu_applicant(hukou_city="440300"), "ELIGIBLE",
                 id="shenzhen-hukou-is-not-guangzhou"),
    pytest.param(haizhu_applicant(hukou_city="440000"), "NEEDS_DOCUMENTS",
                 id="a-province-record-cannot-tell-the-city"),
    pytest.param(haizhu_applicant(lawful_residence_city="440105"), "ELIGIBLE",
                 id="residence-in-a-guangzhou-district"),
    # foreign and HMT applicants hold no mainland hukou, so none in Guangzhou
    pytest.param(haizhu_applicant(origin="FOREIGN"), "ELIGIBLE", id="foreign-applicant"),
    pytest.param(haizhu_applicant(origin="HMT"), "ELIGIBLE", id="hmt-applicant"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "outcome"), CASES)
def test_b_card(facts: CreatorFacts, outcome: str) -> None:
    evaluation = evaluate(facts, HAIZHU, as_of=AS_OF)
    assert evaluation.outcome == outcome
    assert evaluation.tier == ("B_CARD" if outcome == "ELIGIBLE" else None)


def test_guangzhou_hukou_refusal_shows_its_evidence() -> None:
    evaluation = evaluate(haizhu_applicant(hukou_city="440100"), HAIZHU, as_of=AS_OF)
    [hukou] = [n for n in evaluation.tree().walk() if n.kind == "hukou_city_not_in"]
    assert (hukou.status, hukou.evidence) == ("UNMET", ("hukou-2",))
    assert hukou.text.zh == "非广州市户籍"
    assert hukou.text.en == "Hukou not registered in Guangzhou"


def test_foreign_holder_gets_the_residence_permit_benefit() -> None:
    facts = haizhu_applicant(origin="FOREIGN")
    assert facts.hukou_city is None  # a foreigner has no hukou to record
    evaluation = evaluate(facts, HAIZHU, as_of=AS_OF)
    assert evaluation.outcome == "ELIGIBLE"
    assert evaluation.granted_benefits == ("GREEN_CARD_B", "FOREIGNER_RESIDENCE_PERMIT")
    [hukou] = [n for n in evaluation.tree().walk() if n.kind == "hukou_city_not_in"]
    assert (hukou.status, hukou.evidence) == ("MET", (facts.sources["origin"],))


def test_hmt_holder_gets_the_card_without_the_foreigners_permit() -> None:
    evaluation = evaluate(haizhu_applicant(origin="HMT"), HAIZHU, as_of=AS_OF)
    assert evaluation.granted_benefits == ("GREEN_CARD_B",)


UNKNOWN_TALENT = haizhu_applicant(awards=None, platform_accounts=None)


def test_provisional_approval_with_documents_to_follow() -> None:
    due = AS_OF + timedelta(days=60)
    plan = validate_decision(UNKNOWN_TALENT, HAIZHU, decided_on=AS_OF, documents_due=due)
    assert plan.provisional is not None
    assert plan.provisional.tier == "B_CARD"
    assert plan.provisional.documents_due == due
    assert plan.provisional.missing_facts == ("awards", "platform_accounts")
    assert not plan.provisional.overdue(on=due)
    assert plan.provisional.overdue(on=due + timedelta(days=1))
    assert plan.schedules == ()


@pytest.mark.parametrize(
    "due",
    [AS_OF, AS_OF - timedelta(days=1), AS_OF + timedelta(days=91)],
    ids=["same-day", "in-the-past", "beyond-90-days"],
)
def test_provisional_deadline_must_be_reasonable(due: date) -> None:
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(UNKNOWN_TALENT, HAIZHU, decided_on=AS_OF, documents_due=due)
    assert refused.value.code == ErrorCode.DEADLINE_INVALID


def test_missing_documents_without_a_deadline_are_refused() -> None:
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(UNKNOWN_TALENT, HAIZHU, decided_on=AS_OF)
    assert refused.value.code == ErrorCode.DOCUMENTS_MISSING


def test_programmes_without_rongque_refuse_provisional_approval() -> None:
    facts = yangpu_creator(
        recognitions=recognised("310110", "PENDING"), awards=(award("NATIONAL"),)
    )
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(facts, YANGPU, decided_on=AS_OF, documents_due=AS_OF + timedelta(days=30))
    assert refused.value.code == ErrorCode.PROVISIONAL_NOT_ALLOWED


def test_guangzhou_hukou_cannot_be_approved_even_provisionally() -> None:
    facts = haizhu_applicant(hukou_city="440100", awards=None)
    with pytest.raises(DecisionRefused) as refused:
        validate_decision(facts, HAIZHU, decided_on=AS_OF, documents_due=AS_OF + timedelta(days=30))
    assert refused.value.code == ErrorCode.TIER_NOT_REACHED
