"""An office's figures at a glance: what it did each month, and who verified its credentials.

Counts only (no person appears), for the signed-in office's own records, over at most three
years of months. The console draws them as charts and offers the same figures as CSV.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..authz import Principal
from ..db import models as m
from ..domain.enums import AwardState, OperationCode, Role
from ..errors import InvalidInput, NotAuthorized
from .context import ServiceContext

__all__ = ["MAX_MONTHS", "MEASURES", "Dashboard", "office_dashboard"]

MAX_MONTHS = 36
# What each month counts, in the order the console shows them.
MEASURES = (
    "recognitions",
    "awardsVerified",
    "certificates",
    "decisions",
    "credentialsIssued",
    "credentialsSuspended",
    "credentialsRevoked",
)
_OFFICES = {Role.CAC_OFFICIAL, Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL, Role.EVALUATOR}


@dataclass(frozen=True, slots=True)
class Dashboard:
    months: list[str]  # YYYY-MM, oldest first
    by_month: dict[str, list[int]]  # measure -> one count a month
    issued_by_kind: dict[str, int]
    decisions_by_programme: list[tuple[str, str | None, int]]  # programme, tier, count
    verifications_by_purpose: list[tuple[str, int]]


def _month(value: date | datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _months(until: date, count: int) -> list[str]:
    year, month = until.year, until.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


async def office_dashboard(
    ctx: ServiceContext, principal: Principal, *, months: int = 12
) -> Dashboard:
    if principal.role not in _OFFICES or principal.organisation_id is None:
        raise NotAuthorized("the dashboard is an office's: sign in as its official")
    if not 1 <= months <= MAX_MONTHS:
        raise InvalidInput(f"months runs from 1 to {MAX_MONTHS}", field="months")
    org = principal.organisation_id
    labels = _months(ctx.now().date(), months)
    first = date.fromisoformat(labels[0] + "-01")
    start = datetime.combine(first, datetime.min.time(), tzinfo=ctx.now().tzinfo)
    counts: dict[str, Counter[str]] = {measure: Counter() for measure in MEASURES}
    issued_by_kind: Counter[str] = Counter()
    decisions: Counter[tuple[str, str | None]] = Counter()
    async with ctx.uow(read_only=True) as uow:
        session = uow.session
        for (day,) in await session.execute(
            select(m.Recognition.recognised_on)
            .where(m.Recognition.organisation_id == org)
            .where(m.Recognition.recognised_on >= first)
        ):
            counts["recognitions"][_month(day)] += 1
        for (moment,) in await session.execute(
            select(m.AwardGrant.updated_at)
            .where(m.AwardGrant.decided_by_org_id == org)
            .where(m.AwardGrant.state == AwardState.VERIFIED)
            .where(m.AwardGrant.updated_at >= start)
        ):
            counts["awardsVerified"][_month(moment)] += 1
        for (day,) in await session.execute(
            select(m.SkillCertificate.issued_on)
            .join(m.Filing, m.Filing.id == m.SkillCertificate.filing_id)
            .where(m.Filing.organisation_id == org)
            .where(m.SkillCertificate.issued_on >= first)
        ):
            counts["certificates"][_month(day)] += 1
        for day, programme, tier in await session.execute(
            select(
                m.EligibilityDecision.decided_on,
                m.EligibilityDecision.programme_code,
                m.EligibilityDecision.tier,
            )
            .where(m.EligibilityDecision.organisation_id == org)
            .where(m.EligibilityDecision.decided_on >= first)
        ):
            counts["decisions"][_month(day)] += 1
            decisions[(programme, tier)] += 1
        for moment, kind in await session.execute(
            select(m.Credential.issued_at, m.Credential.kind)
            .where(m.Credential.organisation_id == org)
            .where(m.Credential.issued_at >= start)
        ):
            counts["credentialsIssued"][_month(moment)] += 1
            issued_by_kind[kind.name] += 1
        for moment, code in await session.execute(
            select(m.CredentialOperation.at, m.CredentialOperation.code)
            .join(m.Credential, m.Credential.id == m.CredentialOperation.credential_id)
            .where(m.Credential.organisation_id == org)
            .where(m.CredentialOperation.at >= start)
            .where(m.CredentialOperation.code.in_([OperationCode.SUSPEND, OperationCode.CANCEL]))
        ):
            measure = (
                "credentialsSuspended" if code is OperationCode.SUSPEND else "credentialsRevoked"
            )
            counts[measure][_month(moment)] += 1
        purposes: Counter[str] = Counter(
            purpose
            for (purpose,) in await session.execute(
                select(m.Disclosure.purpose)
                .join(m.Credential, m.Credential.public_id == m.Disclosure.credential_ref)
                .where(m.Credential.organisation_id == org)
                .where(m.Disclosure.at >= start)
            )
        )
    return Dashboard(
        months=labels,
        by_month={measure: [counts[measure][label] for label in labels] for measure in MEASURES},
        issued_by_kind=dict(sorted(issued_by_kind.items())),
        decisions_by_programme=[
            (programme, tier, count)
            for (programme, tier), count in sorted(
                decisions.items(), key=lambda item: (item[0][0], item[0][1] or "")
            )
        ],
        verifications_by_purpose=sorted(purposes.items()),
    )
