"""全媒体运营师 application eligibility: age, level by experience, DATA_ANALYSIS from L3 up."""

from __future__ import annotations

from datetime import date

import pytest

from registry.eligibility import CreatorFacts, evaluate
from tests.registry.eligibility.builders import AS_OF, OMO, omo_applicant

SIXTEEN_TODAY = date(AS_OF.year - 16, AS_OF.month, AS_OF.day)
SIXTEEN_TOMORROW = date(AS_OF.year - 16, AS_OF.month, AS_OF.day + 1)

CASES = [
    pytest.param(omo_applicant(), "ELIGIBLE", "L3", id="five-years-l3"),
    pytest.param(omo_applicant(years_of_experience=12), "ELIGIBLE", "L1", id="twelve-years-l1"),
    pytest.param(omo_applicant(years_of_experience=7), "ELIGIBLE", "L2", id="seven-years-l2"),
    pytest.param(omo_applicant(years_of_experience=1), "ELIGIBLE", "L4", id="one-year-l4"),
    pytest.param(omo_applicant(years_of_experience=0.5), "NOT_ELIGIBLE", None,
                 id="half-a-year-no-level"),
    # DATA_ANALYSIS is open from L3 up only
    pytest.param(omo_applicant(years_of_experience=1, assessment_direction="DATA_ANALYSIS"),
                 "NOT_ELIGIBLE", None, id="data-analysis-at-l4-refused"),
    pytest.param(omo_applicant(years_of_experience=4, assessment_direction="DATA_ANALYSIS"),
                 "ELIGIBLE", "L3", id="data-analysis-at-l3"),
    pytest.param(omo_applicant(years_of_experience=10, assessment_direction="DATA_ANALYSIS"),
                 "ELIGIBLE", "L1", id="data-analysis-at-l1"),
    pytest.param(omo_applicant(years_of_experience=1, assessment_direction=None),
                 "NEEDS_DOCUMENTS", None, id="l4-direction-unknown"),
    # age at least 16, counted on the evaluation date
    pytest.param(omo_applicant(birth_date=SIXTEEN_TODAY, years_of_experience=1), "ELIGIBLE", "L4",
                 id="sixteenth-birthday-today"),
    pytest.param(omo_applicant(birth_date=SIXTEEN_TOMORROW, years_of_experience=1),
                 "NOT_ELIGIBLE", None, id="sixteen-tomorrow-refused"),
    pytest.param(omo_applicant(birth_date=None), "NEEDS_DOCUMENTS", None, id="age-unknown"),
    pytest.param(omo_applicant(birth_date=None, age=40), "ELIGIBLE", "L3",
                 id="age-given-without-birth-date"),
    pytest.param(omo_applicant(years_of_experience=None), "NEEDS_DOCUMENTS", None,
                 id="experience-unknown"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "outcome", "tier"), CASES)
def test_application_level(facts: CreatorFacts, outcome: str, tier: str | None) -> None:
    evaluation = evaluate(facts, OMO, as_of=AS_OF)
    assert (evaluation.outcome, evaluation.tier) == (outcome, tier)


def test_levels_are_l1_to_l4_most_favourable_first() -> None:
    assert [t.code for t in OMO.tiers] == ["L1", "L2", "L3", "L4"]


def test_data_analysis_refusal_at_l4_explains_the_direction_rule() -> None:
    facts = omo_applicant(years_of_experience=1, assessment_direction="DATA_ANALYSIS")
    tree = evaluate(facts, OMO, as_of=AS_OF).tier_result("L4").trace.tree()
    [direction] = [n for n in tree.walk() if n.kind == "assessment_direction_not_in"]
    assert direction.status == "UNMET"
    assert direction.text.zh == "申报方向不是数据分析"
