"""Seeded programmes and creators who meet each programme, to vary one fact per case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from registry.eligibility import (
    AwardFact,
    CreatorFacts,
    PlatformAccountFact,
    Programme,
    RecognitionFact,
    SkillCertificateFact,
    load_programmes,
)

AS_OF = date(2026, 3, 1)
PROGRAMMES: dict[str, Programme] = {p.code: p for p in load_programmes()}

YANGPU = PROGRAMMES["YP_YOUXIANG"]
SH_CREATOR = PROGRAMMES["SH_CREATOR_HUKOU"]
SH_SKILL = PROGRAMMES["SH_SKILL_HUKOU"]
HAIZHU = PROGRAMMES["HZ_GREEN_CARD_B"]
OMO = PROGRAMMES["OMO_ASSESSMENT"]


def award(
    level: str,
    *,
    code: str = "CN_POSITIVE_ENERGY",
    state: str = "VERIFIED",
    kind: str = "AWARD",
    grade: str = "FIRST",
    on: date = date(2025, 6, 1),
    record_id: str = "aw-1",
) -> AwardFact:
    return AwardFact(code, level, on.year, grade, on, state, kind, record_id)


def account(
    percentile: float | None, *, age_days: int = 30, record_id: str = "pa-1"
) -> PlatformAccountFact:
    return PlatformAccountFact("BILIBILI", percentile, AS_OF - timedelta(days=age_days), record_id)


def certificate(level: str, direction: str = "TRAFFIC_OPS") -> SkillCertificateFact:
    return SkillCertificateFact("4-13-01-05", level, direction, date(2024, 9, 1), f"sc-{level}")


def recognised(region: str, state: str = "RECOGNISED") -> tuple[RecognitionFact, ...]:
    return (RecognitionFact(region, state, f"rec-{region}"),)


def yangpu_creator(**changes: Any) -> CreatorFacts:
    """A recognised domestic Yangpu creator in no tier yet: add an award or an account."""
    base = CreatorFacts(
        creator_id="cr-yp",
        origin="DOMESTIC",
        hukou_city="330100",
        recognitions=recognised("310110"),
        awards=(),
        platform_accounts=(),
        annual_salary=400_000,
        subsidies_received={"TAX_DIFFERENTIAL": False, "KEY_INDUSTRY_REWARD": False},
        first_home_in={"310110": True},
        sources={"origin": "profile-1", "subsidies_received": "tax-1", "hukou_city": "hukou-3"},
    )
    return _consistent(replace(base, **changes))


def _consistent(facts: CreatorFacts) -> CreatorFacts:
    """Only a domestic creator holds a hukou (the registry refuses one for anyone else)."""
    if facts.origin in ("FOREIGN", "HMT") and facts.hukou_city is not None:
        return replace(facts, hukou_city=None)
    return facts


def shanghai_creator(**changes: Any) -> CreatorFacts:
    """Meets Shanghai's common hukou conditions; add an award or a certificate for a route."""
    base = CreatorFacts(
        creator_id="cr-sh",
        origin="DOMESTIC",
        hukou_city="330100",
        employer_city="310000",
        employer_on_key_list=False,
        social_insurance_months={"310000": 24},
        years_to_retirement=20,
        awards=(),
        skill_certificates=(),
        sources={"hukou_city": "hukou-1", "employer_city": "contract-1"},
    )
    return _consistent(replace(base, **changes))


def haizhu_applicant(**changes: Any) -> CreatorFacts:
    """Meets every B-card condition through a municipal award."""
    base = CreatorFacts(
        creator_id="cr-hz",
        origin="DOMESTIC",
        hukou_city="310000",
        months_in_district_per_year={"440105": 8},
        lawful_residence_city="440100",
        awards=(award("PROVINCIAL_MUNICIPAL", code="GZ_MUNICIPAL", record_id="aw-gz"),),
        platform_accounts=(),
        recognitions=(),
        sources={"hukou_city": "hukou-2", "lawful_residence_city": "residence-1", "origin": "id-2"},
    )
    return _consistent(replace(base, **changes))


def omo_applicant(**changes: Any) -> CreatorFacts:
    """Aged 30 with 5 years' experience in creative planning: L3 is the highest level."""
    base = CreatorFacts(
        creator_id="cr-omo",
        birth_date=date(1995, 5, 5),
        years_of_experience=5,
        assessment_direction="CREATIVE_PLANNING",
    )
    return replace(base, **changes)
