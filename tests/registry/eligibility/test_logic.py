"""Three-valued logic: Kleene tables, and knowing more never flips MET and UNMET."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.eligibility import (
    AwardFact,
    CreatorFacts,
    PlatformAccountFact,
    RecognitionFact,
    SkillCertificateFact,
    Status,
    evaluate,
)
from registry.eligibility.logic import all_of, any_of, not_
from tests.registry.eligibility.builders import AS_OF, PROGRAMMES

M, U, K = Status.MET, Status.UNMET, Status.UNKNOWN

KLEENE = [
    (M, M, M, M),
    (M, U, U, M),
    (M, K, K, M),
    (U, U, U, U),
    (U, K, U, K),
    (K, K, K, K),
]


@pytest.mark.parametrize(("a", "b", "both", "either"), KLEENE, ids=lambda s: str(s))
def test_kleene_and_or(a: Status, b: Status, both: Status, either: Status) -> None:
    assert all_of([a, b]) is all_of([b, a]) is both
    assert any_of([a, b]) is any_of([b, a]) is either


@pytest.mark.parametrize(("value", "negated"), [(M, U), (U, M), (K, K)], ids=str)
def test_kleene_not(value: Status, negated: Status) -> None:
    assert not_(value) is negated


def test_empty_all_is_met_and_empty_any_is_unmet() -> None:
    assert (all_of([]), any_of([])) == (M, U)


LEVELS = st.sampled_from(["INTERNATIONAL", "NATIONAL", "PROVINCIAL_MUNICIPAL", "DISTRICT"])
DAYS = st.integers(0, 3000).map(lambda d: AS_OF - timedelta(days=d))
CITIES = st.sampled_from(["310000", "440100", "330100"])

awards = st.lists(
    st.builds(
        AwardFact,
        code=st.sampled_from(["CN_POSITIVE_ENERGY", "SH_SILVER_DOVE", "HZ_PREMIUM_LIBRARY"]),
        level=LEVELS,
        year=st.just(2024),
        grade=st.sampled_from(["FIRST", "THIRD"]),
        awarded_on=DAYS,
        state=st.sampled_from(["VERIFIED", "CLAIMED", "REJECTED"]),
        kind=st.sampled_from(["AWARD", "COMPETITION", "COMMENDATION"]),
    ),
    max_size=3,
).map(tuple)
accounts = st.lists(
    st.builds(
        PlatformAccountFact,
        platform=st.just("DOUYIN"),
        percentile=st.none() | st.floats(0, 20),
        measured_on=st.none() | DAYS,
    ),
    max_size=2,
).map(tuple)
certificates = st.lists(
    st.builds(
        SkillCertificateFact,
        occupation=st.just("4-13-01-05"),
        level=st.sampled_from(["L4", "L3", "L2", "L1"]),
    ),
    max_size=2,
).map(tuple)
recognitions = st.lists(
    st.builds(
        RecognitionFact,
        region=st.sampled_from(["310110", "440105"]),
        state=st.sampled_from(["RECOGNISED", "PENDING", "REVOKED"]),
    ),
    max_size=2,
).map(tuple)

creators = st.builds(
    CreatorFacts,
    origin=st.sampled_from(["DOMESTIC", "HMT", "FOREIGN"]),
    birth_date=st.dates(date(1960, 1, 1), date(2012, 1, 1)),
    years_to_retirement=st.floats(0, 40),
    hukou_city=CITIES,
    lawful_residence_city=CITIES,
    employer_city=CITIES,
    employer_on_key_list=st.booleans(),
    annual_salary=st.integers(0, 3_000_000),
    years_of_experience=st.floats(0, 15),
    assessment_direction=st.sampled_from(["DATA_ANALYSIS", "TRAFFIC_OPS"]),
    months_in_district_per_year=st.fixed_dictionaries({"440105": st.integers(0, 12)}),
    social_insurance_months=st.fixed_dictionaries({"310000": st.integers(0, 60)}),
    subsidies_received=st.fixed_dictionaries(
        {"TAX_DIFFERENTIAL": st.booleans(), "KEY_INDUSTRY_REWARD": st.booleans()}
    ),
    first_home_in=st.fixed_dictionaries({"310110": st.booleans()}),
    awards=awards,
    platform_accounts=accounts,
    skill_certificates=certificates,
    recognitions=recognitions,
    # Only a domestic creator holds a hukou: the registry refuses one for anyone else.
).map(lambda f: f if f.origin == "DOMESTIC" else replace(f, hukou_city=None))
FORGETTABLE = [f.name for f in fields(CreatorFacts) if f.name not in ("creator_id", "sources")]


def forget(facts: CreatorFacts, name: str) -> CreatorFacts:
    empty: dict[str, object] | None = {} if isinstance(getattr(facts, name), dict) else None
    changes: dict[str, Any] = {name: empty}
    return replace(facts, **changes)


@settings(max_examples=300, deadline=None)
@given(facts=creators, forgotten=st.sets(st.sampled_from(FORGETTABLE), min_size=1, max_size=4))
def test_knowing_less_only_turns_statuses_unknown(facts: CreatorFacts, forgotten: set[str]) -> None:
    vague = facts
    for name in forgotten:
        vague = forget(vague, name)
    for programme in PROGRAMMES.values():
        known = evaluate(facts, programme, as_of=AS_OF)
        unsure = evaluate(vague, programme, as_of=AS_OF)
        for full, partial in zip(known.tiers, unsure.tiers, strict=True):
            for a, b in zip(full.trace.statuses, partial.trace.statuses, strict=True):
                assert b is K or a is b, (programme.code, full.tier.code, forgotten)
        # An outcome settled on less knowledge stands when more is known.
        if unsure.outcome == "ELIGIBLE":
            assert known.outcome == "ELIGIBLE"
        if unsure.outcome == "NOT_ELIGIBLE":
            assert known.outcome == "NOT_ELIGIBLE"
