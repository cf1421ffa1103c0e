"""A creator's rows as the eligibility engine's :class:`CreatorFacts`, and declared facts.

Records the registry holds (awards, platform accounts, certificates, recognitions) become
facts with their record ids as evidence; the engine decides what counts as proven (a claimed
award is UNKNOWN, a rejected one ignored). Platform figures count only when an official
attested them: a self-declared percentile stays unknown. Facts the registry has no other
record of — hukou city, months worked in a district, social insurance, salary, subsidies
received, first home, employer — are recorded by an official in ``creator_facts`` with the
document attesting each, and are what a what-if may override.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import models as m
from ..domain.enums import RecognitionState
from ..domain.regions import DIVISIONS
from ..eligibility import (
    AwardFact,
    CreatorFacts,
    Origin,
    PlatformAccountFact,
    RecognitionFact,
    SkillCertificateFact,
)
from ..errors import ErrorCode, InvalidInput
from ..pii import PiiVault
from .creators import carried_birth_date

__all__ = [
    "DECLARED_FACTS",
    "WHAT_IF_FACTS",
    "as_fact_values",
    "build_creator_facts",
    "check_facts",
    "platform_account_ref",
]

_WORD = re.compile(r"[A-Z][A-Z0-9_]{0,39}")


def _region(value: Any) -> str:
    if not isinstance(value, str) or value not in DIVISIONS:
        raise ValueError("a listed GB/T 2260 region code")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _amount(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("a whole number, not negative")
    return value


def _years(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError("a number of years, 0–100")
    return float(value)


def _word(value: Any) -> str:
    if not isinstance(value, str) or not _WORD.fullmatch(value):
        raise ValueError("an upper-case code")
    return value


def _origin(value: Any) -> str:
    return Origin(_word(value)).value


def _birth_date(value: Any) -> str:
    return (value if isinstance(value, date) else date.fromisoformat(str(value))).isoformat()


def _mapping(key: Callable[[Any], str], item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise ValueError("a mapping")
        return {key(k): item(v) for k, v in value.items()}

    return check


def _months(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 12:
        raise ValueError("0–12 months")
    return value


# Facts an official records for a creator: name -> check returning the JSON value to store.
DECLARED_FACTS: dict[str, Callable[[Any], Any]] = {
    "hukou_city": _region,
    "lawful_residence_city": _region,
    "employer_city": _region,
    "employer_on_key_list": _flag,
    "annual_salary": _amount,
    "years_to_retirement": _years,
    "years_of_experience": _years,
    "assessment_direction": _word,
    "months_in_district_per_year": _mapping(_region, _months),
    "social_insurance_months": _mapping(_region, _amount),
    "subsidies_received": _mapping(_word, _flag),
    "first_home_in": _mapping(_region, _flag),
    # Only for a document whose number carries none (a passport): see record_creator_facts.
    "birth_date": _birth_date,
}
# A what-if may also suppose what the registry's own records say.
WHAT_IF_FACTS: dict[str, Callable[[Any], Any]] = {
    **DECLARED_FACTS,
    "origin": _origin,
}


_REGION = (
    "a GB/T 2260 region code the registry lists: a province, a Guangdong city, a Shanghai or "
    "Guangzhou district; for any other place, its province (see docs/eligibility.md)"
)
# What each fact must be: refusals say this, never the value given (it may be personal data).
_EXPECTED: dict[str, str] = {
    "hukou_city": _REGION,
    "lawful_residence_city": _REGION,
    "employer_city": _REGION,
    "employer_on_key_list": "true or false",
    "annual_salary": "a whole number, not negative",
    "years_to_retirement": "a number of years, 0–100",
    "years_of_experience": "a number of years, 0–100",
    "assessment_direction": "an upper-case code",
    "months_in_district_per_year": "a mapping of listed GB/T 2260 region codes to 0–12 months",
    "social_insurance_months": "a mapping of listed GB/T 2260 region codes to months, not negative",
    "subsidies_received": "a mapping of upper-case codes to true or false",
    "first_home_in": "a mapping of listed GB/T 2260 region codes to true or false",
    "origin": "one of " + ", ".join(origin.value for origin in Origin),
    "birth_date": "an ISO date (YYYY-MM-DD)",
}


def check_facts(
    values: Mapping[str, Any], allowed: Mapping[str, Callable[[Any], Any]], *, field: str
) -> dict[str, Any]:
    """The values as stored (JSON), or InvalidInput naming the first bad fact.

    ``None`` stands for "forget this fact" (back to unknown).
    """
    checked: dict[str, Any] = {}
    for name, value in values.items():
        check = allowed.get(name)
        if check is None:
            raise InvalidInput(
                f"{name} is not a fact that can be recorded here",
                code=ErrorCode.UNKNOWN_FACT,
                field=f"{field}.{name}",
            )
        try:
            checked[name] = None if value is None else check(value)
        except (ValueError, TypeError):
            expected = _EXPECTED.get(name, "a valid value")
            raise InvalidInput(f"{name} must be {expected}", field=f"{field}.{name}") from None
    return checked


def as_fact_values(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Stored JSON values as :class:`CreatorFacts` field values."""
    values: dict[str, Any] = {}
    for name, value in stored.items():
        if value is None:
            continue
        values[name] = date.fromisoformat(value) if name == "birth_date" else value
    return values


def platform_account_ref(row_id: int) -> str:
    return f"pa_{row_id}"


_RECOGNITION_STATES = {
    RecognitionState.PENDING: "NOT_RECOGNISED",  # applied for, not decided
    RecognitionState.REFUSED: "NOT_RECOGNISED",
    RecognitionState.ACTIVE: "RECOGNISED",
    RecognitionState.SUSPENDED: "SUSPENDED",
    RecognitionState.REVOKED: "REVOKED",
}


async def build_creator_facts(
    session: AsyncSession, vault: PiiVault, creator: m.Creator, *, as_of: date
) -> CreatorFacts:
    """Everything the registry knows about ``creator`` that a criterion may read."""
    awards = (
        (
            await session.execute(
                select(m.AwardGrant)
                .outerjoin(m.Work, m.AwardGrant.work_id == m.Work.id)
                .where(or_(m.AwardGrant.creator_id == creator.id, m.Work.creator_id == creator.id))
                .order_by(m.AwardGrant.id)
            )
        )
        .unique()
        .scalars()
        .all()
    )
    accounts = (
        await session.execute(
            select(m.PlatformAccount)
            .where(m.PlatformAccount.creator_id == creator.id)
            .order_by(m.PlatformAccount.id)
        )
    ).scalars()
    certificates = (
        await session.execute(
            select(m.SkillCertificate)
            .where(m.SkillCertificate.creator_id == creator.id)
            .order_by(m.SkillCertificate.id)
        )
    ).scalars()
    recognitions = (
        await session.execute(
            select(m.Recognition)
            .where(m.Recognition.creator_id == creator.id)
            .order_by(m.Recognition.id)
        )
    ).scalars()
    declared = (
        await session.execute(
            select(m.CreatorFactsRecord).where(m.CreatorFactsRecord.creator_id == creator.id)
        )
    ).scalar_one_or_none()
    birth = carried_birth_date(vault, creator)
    facts = CreatorFacts(
        creator_id=creator.public_id,
        origin=creator.origin.value,
        birth_date=birth,
        awards=tuple(
            AwardFact(
                code=grant.programme.code,
                level=grant.programme.level.value,
                year=grant.edition_year,
                grade=grant.grade.value,
                awarded_on=grant.granted_on,
                state=grant.state.value,
                kind=grant.programme.kind.value,
                record_id=grant.public_id,
            )
            for grant in awards
        ),
        platform_accounts=tuple(
            PlatformAccountFact(
                platform=account.platform.value,
                # Only figures an organisation attested are evidence; self-declared stay unknown.
                percentile=None
                if account.percentile is None or account.attested_by_org_id is None
                else float(account.percentile),
                measured_on=account.measured_on,
                record_id=platform_account_ref(account.id),
            )
            for account in accounts
        ),
        skill_certificates=tuple(
            SkillCertificateFact(
                occupation=cert.filing.occupation.code,
                level=cert.level.value,
                direction=cert.direction,
                issued_on=cert.issued_on,
                record_id=cert.public_id,
            )
            for cert in certificates
        ),
        recognitions=tuple(
            RecognitionFact(
                region=rec.region_code,
                # Not yet in force (dated after the evaluation day) or no longer: no recognition.
                state="NOT_RECOGNISED"
                if rec.recognised_on > as_of
                or (rec.valid_until is not None and rec.valid_until < as_of)
                else _RECOGNITION_STATES[rec.state],
                record_id=rec.public_id,
            )
            for rec in recognitions
        ),
    )
    if declared is None:
        return facts
    # A birth date the number carries is the birth date; a recorded one only stands in for it.
    recorded = {
        k: v
        for k, v in declared.facts.items()
        if k in DECLARED_FACTS and not (k == "birth_date" and birth is not None)
    }
    return dataclasses.replace(
        facts,
        **as_fact_values(recorded),
        sources={str(k): str(v) for k, v in declared.sources.items()},
    )
