"""Eligibility use cases: evaluate (and what-if), decide, record declared facts, list decisions.

The engine (:mod:`registry.eligibility`) evaluates and checks; these services build the facts
from the creator's rows, enforce who may act for which programme, and record the human
decision with its explanation, 从高从优不重复 replacements, audit events and — when asked —
the TALENT_ELIGIBILITY credential, all in one transaction.

Who may act: the talent and HR offices of the programme's region decide (a district office
never acts for another district); they, system administrators and the creator themself may
evaluate and read decisions; partners get nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Action, Principal, authorize, require_creator_self
from ..db import models as m
from ..db.uow import UnitOfWork
from ..domain.credentials import IssuedCredential
from ..domain.eligibility import EligibilityDecision, RecordedDecision
from ..domain.enums import DecisionOutcome, DecisionState, OperationCode, Role, SourceType
from ..domain.regions import NATIONAL, covers
from ..eligibility import (
    CreatorFacts,
    DecisionPlan,
    DecisionRefused,
    Entitlement,
    Evaluation,
    RefusalCode,
    SubsidySchedule,
    ensure_in_force,
    evaluate,
    evaluation_record,
    validate_decision,
    what_if,
)
from ..eligibility import Programme as EngineProgramme
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import audit_event, by_public_id, new_public_id, record_change
from .context import ServiceContext
from .credential_status import apply_to_source
from .eligibility_facts import (
    DECLARED_FACTS,
    WHAT_IF_FACTS,
    as_fact_values,
    build_creator_facts,
    check_facts,
)
from .issuance import IssueEligibility, issue_within
from .programmes import current_version, programme_of, require_programme_authority

__all__ = [
    "GRANTS",
    "LIVE",
    "DecideEligibility",
    "DeclaredFacts",
    "RecordCreatorFacts",
    "decide_eligibility",
    "decisions_of",
    "end_decision",
    "evaluate_eligibility",
    "evidence_ids",
    "issue_for_decision",
    "list_decisions",
    "live_grants",
    "may_see_decision",
    "record_creator_facts",
    "refused",
    "schedule_record",
    "supersede_grants",
    "to_decision",
]

_MAPPINGS = frozenset(
    {
        "months_in_district_per_year",
        "social_insurance_months",
        "subsidies_received",
        "first_home_in",
    }
)
GRANTS = (DecisionOutcome.APPROVED, DecisionOutcome.PROVISIONAL)
LIVE = (DecisionState.ACTIVE, DecisionState.SUSPENDED)

_REFUSAL_FIELDS = {
    RefusalCode.POLICY_NOT_YET_IN_FORCE: "decided_on",
    RefusalCode.POLICY_WINDOW_CLOSED: "decided_on",
    RefusalCode.TIER_UNKNOWN: "tier",
    RefusalCode.TIER_NOT_REACHED: "tier",
    RefusalCode.DOCUMENTS_MISSING: "documents_due",
    RefusalCode.PROVISIONAL_NOT_ALLOWED: "tier",
    RefusalCode.DEADLINE_INVALID: "documents_due",
    RefusalCode.MORE_FAVOURABLE_ALREADY_GRANTED: "tier",
}


@dataclass(frozen=True, slots=True)
class DecideEligibility:
    """An official's decision. ``tier`` defaults to the tier the evaluation reaches; a tier
    still waiting for documents is approved provisionally (容缺) with ``documents_due``."""

    creator_id: str
    programme_code: str
    tier: str | None
    approve: bool
    reason: str
    decided_on: date
    documents_due: date | None = None
    issue_credential: bool = False
    subsidy_start: date | None = None


@dataclass(frozen=True, slots=True)
class RecordCreatorFacts:
    """Facts to record (``None`` forgets one), and the document attesting them."""

    creator_id: str
    facts: Mapping[str, Any]
    evidence_ref: str | None = None


@dataclass(frozen=True, slots=True)
class DeclaredFacts:
    creator_id: str
    facts: dict[str, Any]
    sources: dict[str, str]
    updated_at: datetime | None
    organisation: str | None = field(default=None)


def refused(exc: DecisionRefused, *, field: str | None = None) -> Conflict:
    """The engine's refusal as a DomainError naming the input at fault."""
    return Conflict(
        str(exc), code=ErrorCode(exc.code.value), field=field or _REFUSAL_FIELDS[exc.code]
    )


def _overrides(values: Mapping[str, Any]) -> dict[str, Any]:
    """What-if values as fact values; ``None`` supposes the fact unknown."""
    checked = check_facts(values, WHAT_IF_FACTS, field="overrides")
    result = as_fact_values(checked)
    for name, value in checked.items():
        if value is None:
            result[name] = {} if name in _MAPPINGS else None
    return result


async def evaluate_eligibility(
    ctx: ServiceContext,
    principal: Principal,
    creator_id: str,
    programme_code: str,
    *,
    as_of: date | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Evaluate a creator against the programme version in force; a what-if with
    ``overrides`` (facts supposed, never a basis for a decision)."""
    authorize(principal, Action.EVALUATE_ELIGIBILITY)
    day = as_of or ctx.now().date()
    supposed = _overrides(overrides) if overrides else None
    async with ctx.uow(read_only=True) as uow:
        creator = await by_public_id(
            uow.session, m.Creator, creator_id, field="creator_id", what="creator"
        )
        require_creator_self(principal, creator.id)
        programme = programme_of(await current_version(uow.session, programme_code))
        if principal.role is not Role.CREATOR:
            require_programme_authority(principal, programme)
        facts = await build_creator_facts(uow.session, ctx.vault, creator, as_of=day)
    if supposed:
        return what_if(facts, programme, as_of=day, overrides=supposed)
    return evaluate(facts, programme, as_of=day)


def evidence_ids(node: Mapping[str, Any]) -> list[str]:
    """Every record id an evaluation tree cites, in order, once each."""
    found: dict[str, None] = dict.fromkeys(node.get("evidence", ()))
    for child in node.get("children", ()):
        found.update(dict.fromkeys(evidence_ids(child)))
    return list(found)


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=1)


async def live_grants(
    session: AsyncSession, creator_id: int
) -> list[tuple[m.EligibilityDecision, Entitlement]]:
    rows = (
        await session.execute(
            select(m.EligibilityDecision)
            .where(m.EligibilityDecision.creator_id == creator_id)
            .where(m.EligibilityDecision.outcome.in_(GRANTS))
            .where(m.EligibilityDecision.state.in_(LIVE))
            .order_by(m.EligibilityDecision.id)
            .with_for_update(of=m.EligibilityDecision)
        )
    ).scalars()
    grants: list[tuple[m.EligibilityDecision, Entitlement]] = []
    for row in list(rows):
        version = await session.get_one(m.ProgrammeVersion, row.programme_version_id)
        programme = programme_of(version)
        assert row.tier is not None
        tier = programme.tier(row.tier)
        grants.append(
            (
                row,
                Entitlement(
                    programme.code,
                    programme.version,
                    programme.name,
                    tier.code,
                    tier.name,
                    tier.favourability,
                    programme.policy.jurisdiction_level,
                    programme.policy.region,
                    programme.dedup_group,
                    tuple(row.benefits),
                ),
            )
        )
    return grants


def _plan(
    command: DecideEligibility,
    programme: EngineProgramme,
    facts: CreatorFacts,
    granted: Iterable[Entitlement],
) -> tuple[Evaluation, str | None, DecisionPlan | None]:
    try:
        if command.approve:
            plan = validate_decision(
                facts,
                programme,
                decided_on=command.decided_on,
                tier=command.tier,
                subsidy_start=command.subsidy_start,
                documents_due=command.documents_due,
                granted=granted,
            )
            return plan.evaluation, plan.entitlement.tier, plan
        ensure_in_force(programme.policy, on=command.decided_on)
    except DecisionRefused as exc:
        raise refused(exc) from None
    if command.tier is not None:
        try:
            programme.tier(command.tier)
        except KeyError:
            raise refused(
                DecisionRefused(RefusalCode.TIER_UNKNOWN, f"{programme.code} has no such tier")
            ) from None
    return evaluate(facts, programme, as_of=command.decided_on), command.tier, None


def _credential_until(programme: EngineProgramme, plan: DecisionPlan) -> datetime | None:
    ends = [programme.policy.effective_until]
    if plan.provisional is not None:
        ends.append(plan.provisional.documents_due)
    days = [d for d in ends if d is not None]
    return _day_end(min(days)) if days else None


async def decide_eligibility(
    ctx: ServiceContext, principal: Principal, command: DecideEligibility
) -> RecordedDecision:
    """Record an official's decision, replace less favourable grants of its group
    (从高从优不重复) and, when asked, issue the credential — in one transaction."""
    authorize(principal, Action.DECIDE_ELIGIBILITY)
    reason = command.reason.strip()
    if not reason:
        raise InvalidInput("say why", field="reason")
    if command.issue_credential and not command.approve:
        raise InvalidInput("a refusal is not attested by a credential", field="issue_credential")
    now = ctx.now()
    async with ctx.uow() as uow:
        session = uow.session
        version = await current_version(session, command.programme_code)
        programme = programme_of(version)
        require_programme_authority(principal, programme)
        # Locking the creator serialises decisions about one person: 从高从优 sees them all.
        creator = await by_public_id(
            session,
            m.Creator,
            command.creator_id,
            field="creator_id",
            what="creator",
            for_update=True,
        )
        facts = await build_creator_facts(session, ctx.vault, creator, as_of=command.decided_on)
        grants = await live_grants(session, creator.id)
        evaluation, tier, plan = _plan(command, programme, facts, (e for _, e in grants))
        record = evaluation_record(evaluation)
        assert principal.organisation_id is not None
        organisation = await session.get_one(m.Organisation, principal.organisation_id)
        row = m.EligibilityDecision(
            public_id=new_public_id("ed"),
            creator=creator,
            creator_id=creator.id,
            organisation=organisation,
            programme_version_id=version.id,
            programme_code=programme.code,
            programme_version=programme.version,
            programme_digest=version.digest,
            region_code=programme.policy.region,
            tier=tier,
            outcome=DecisionOutcome.REJECTED
            if plan is None
            else DecisionOutcome.PROVISIONAL
            if plan.provisional is not None
            else DecisionOutcome.APPROVED,
            state=DecisionState.ACTIVE,
            reason=reason[:500],
            decided_by=principal.actor,
            organisation_id=principal.organisation_id,
            decided_on=command.decided_on,
            documents_due=None
            if plan is None or plan.provisional is None
            else command.documents_due,
            benefits=[] if plan is None else list(plan.benefits),
            schedules=[] if plan is None else [schedule_record(s) for s in plan.schedules],
            evaluation=record,
            evidence=evidence_ids(record["tree"]),
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        record_change(
            uow,
            principal,
            f"eligibility.{row.outcome.value.lower()}",
            "eligibility_decision",
            row,
            at=now,
        )
        superseded: tuple[str, ...] = ()
        issued = None
        if plan is not None:
            superseded = await supersede_grants(uow, principal, plan, grants, row, now=now)
            if command.issue_credential:
                issued = await issue_for_decision(
                    ctx, uow, principal, row, programme, plan, now=now
                )
        await uow.commit()
        decision = to_decision(
            row, credential=None if issued is None else issued.credential.id, superseded_by=None
        )
        return RecordedDecision(decision, issued, superseded)


async def supersede_grants(
    uow: UnitOfWork,
    principal: Principal,
    plan: DecisionPlan,
    grants: Iterable[tuple[m.EligibilityDecision, Entitlement]],
    row: m.EligibilityDecision,
    *,
    now: datetime,
) -> tuple[str, ...]:
    """End the grants ``plan`` replaces under 从高从优不重复 (their credentials revoked)."""
    current = list(grants)
    superseded: list[str] = []
    for replaced in plan.supersedes:
        old = next(
            r
            for r, e in current
            if (e.programme_code, e.tier)
            == (replaced.entitlement.programme_code, replaced.entitlement.tier)
        )
        text = f"{replaced.reason.zh}\n{replaced.reason.en}"
        await end_decision(uow, principal, old, DecisionState.SUPERSEDED, text, now=now, by=row.id)
        superseded.append(old.public_id)
    return tuple(superseded)


async def issue_for_decision(
    ctx: ServiceContext,
    uow: UnitOfWork,
    principal: Principal,
    row: m.EligibilityDecision,
    programme: EngineProgramme,
    plan: DecisionPlan,
    *,
    now: datetime,
) -> IssuedCredential:
    """Issue the TALENT_ELIGIBILITY credential for ``row`` in the caller's transaction."""
    issued = await issue_within(
        ctx,
        uow,
        principal,
        IssueEligibility(
            creator_id=row.creator.public_id,
            programme_code=programme.code,
            tier=plan.entitlement.tier,
            region_code=programme.policy.region or NATIONAL,
            valid_until=_credential_until(programme, plan),
            decision_ref=row.public_id,
        ),
        now=now,
        reason=f"eligibility decision {row.public_id}",
    )
    row.credential_id = (
        await uow.session.execute(
            select(m.Credential.id).where(m.Credential.public_id == issued.credential.id)
        )
    ).scalar_one()
    return issued


def schedule_record(schedule: SubsidySchedule) -> dict[str, Any]:
    return {
        "benefit": schedule.benefit_code,
        "monthly_amount": schedule.monthly_amount,
        "max_months": schedule.max_months,
        "months_outside_window": schedule.months_outside_window,
        "start": schedule.start.isoformat(),
        "periods": [
            {"number": p.number, "start": p.start.isoformat(), "end": p.end.isoformat()}
            for p in schedule.periods
        ],
    }


_CREDENTIAL_OPS = {
    DecisionState.SUSPENDED: OperationCode.SUSPEND,
    DecisionState.ACTIVE: OperationCode.REINSTATE,
    DecisionState.REVOKED: OperationCode.CANCEL,
    DecisionState.SUPERSEDED: OperationCode.CANCEL,
    DecisionState.LAPSED: OperationCode.CANCEL,
}


async def end_decision(
    uow: UnitOfWork,
    principal: Principal,
    row: m.EligibilityDecision,
    state: DecisionState,
    reason: str | None,
    *,
    now: datetime,
    by: int | None = None,
    suspended_by: str | None = None,
) -> None:
    """Move a grant to ``state`` (its credential follows) and audit it."""
    before = row.audit_snapshot()
    row.state = state
    row.updated_at = now
    row.suspended_by = suspended_by
    if by is not None:
        row.superseded_by_id = by
    if state is not DecisionState.ACTIVE and state is not DecisionState.SUSPENDED:
        row.ended_reason = None if reason is None else reason[:500]
    record_change(
        uow,
        principal,
        f"eligibility.{_ACTIONS[state]}",
        "eligibility_decision",
        row,
        at=now,
        before=before,
    )
    await apply_to_source(
        uow,
        principal,
        SourceType.ELIGIBILITY,
        row.public_id,
        _CREDENTIAL_OPS[state],
        reason=None if reason is None else reason[:500],
        now=now,
    )


_ACTIONS = {
    DecisionState.SUSPENDED: "suspend",
    DecisionState.ACTIVE: "reinstate",
    DecisionState.REVOKED: "revoke",
    DecisionState.SUPERSEDED: "supersede",
    DecisionState.LAPSED: "lapse",
}


def to_decision(
    row: m.EligibilityDecision, *, credential: str | None, superseded_by: str | None
) -> EligibilityDecision:
    return EligibilityDecision(
        id=row.public_id,
        creator_id=row.creator.public_id,
        programme_code=row.programme_code,
        programme_version=row.programme_version,
        programme_digest=row.programme_digest,
        region_code=row.region_code,
        tier=row.tier,
        outcome=row.outcome,
        state=row.state,
        reason=row.reason,
        decided_by=row.decided_by,
        organisation=row.organisation.code,
        decided_on=row.decided_on,
        documents_due=row.documents_due,
        benefits=tuple(row.benefits),
        schedules=tuple(row.schedules),
        evaluation=dict(row.evaluation),
        superseded_by=superseded_by,
        ended_reason=row.ended_reason,
        credential_id=credential,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def list_decisions(
    ctx: ServiceContext, principal: Principal, creator_id: str
) -> list[EligibilityDecision]:
    """A creator's decisions, oldest first: officials see those of programmes in their
    region, creators their own."""
    authorize(principal, Action.EVALUATE_ELIGIBILITY)
    async with ctx.uow(read_only=True) as uow:
        creator = await by_public_id(
            uow.session, m.Creator, creator_id, field="creator_id", what="creator"
        )
        require_creator_self(principal, creator.id)
        found = await decisions_of(uow.session, principal, [creator.id])
        return found[creator.id]


async def decisions_of(
    session: AsyncSession, principal: Principal, creator_pks: Sequence[int]
) -> dict[int, list[EligibilityDecision]]:
    """The decisions about each creator the principal may see, oldest first, in one
    statement (with their credentials' public ids)."""
    grouped: dict[int, list[EligibilityDecision]] = {pk: [] for pk in creator_pks}
    if not creator_pks:
        return grouped
    found = await session.execute(
        select(m.EligibilityDecision, m.Credential.public_id)
        .outerjoin(m.Credential, m.Credential.id == m.EligibilityDecision.credential_id)
        .where(m.EligibilityDecision.creator_id.in_(list(creator_pks)))
        .order_by(m.EligibilityDecision.id)
    )
    rows = [(row, credential) for row, credential in found]
    # A grant is only ever superseded by a decision about the same creator.
    public = {row.id: row.public_id for row, _ in rows}
    for row, credential in rows:
        if may_see_decision(principal, row):
            grouped[row.creator_id].append(
                to_decision(
                    row,
                    credential=credential,
                    superseded_by=None
                    if row.superseded_by_id is None
                    else public.get(row.superseded_by_id),
                )
            )
    return grouped


def may_see_decision(principal: Principal, row: m.EligibilityDecision) -> bool:
    if principal.role in (Role.SYSTEM_ADMIN, Role.CREATOR) or principal.operator is not None:
        return True
    return principal.region_code is not None and covers(
        principal.region_code, row.region_code or NATIONAL
    )


async def record_creator_facts(
    ctx: ServiceContext, principal: Principal, command: RecordCreatorFacts
) -> DeclaredFacts:
    """Record facts the registry holds no other record of, with the attesting document."""
    authorize(principal, Action.RECORD_CREATOR_FACTS)
    if not command.facts:
        raise InvalidInput("give at least one fact", field="facts")
    checked = check_facts(command.facts, DECLARED_FACTS, field="facts")
    evidence = (command.evidence_ref or "").strip()[:64] or f"facts:{principal.organisation_code}"
    now = ctx.now()
    async with ctx.uow() as uow:
        creator = await by_public_id(
            uow.session,
            m.Creator,
            command.creator_id,
            field="creator_id",
            what="creator",
            for_update=True,
        )
        row = (
            await uow.session.execute(
                select(m.CreatorFactsRecord).where(m.CreatorFactsRecord.creator_id == creator.id)
            )
        ).scalar_one_or_none()
        before = None if row is None else row.audit_snapshot()
        if row is None:
            row = m.CreatorFactsRecord(creator_id=creator.id, facts={}, sources={}, updated_at=now)
            uow.session.add(row)
        facts, sources = dict(row.facts), dict(row.sources)
        for name, value in checked.items():
            if value is None:
                facts.pop(name, None)
                sources.pop(name, None)
            else:
                facts[name] = value
                sources[name] = evidence
        row.facts, row.sources = facts, sources  # new objects: JSON columns see the change
        row.recorded_by_org_id = principal.organisation_id
        row.updated_at = now
        uow.record(
            audit_event(
                principal,
                "creator.facts",
                "creator",
                creator.public_id,
                at=now,
                before=before,
                after=row.audit_snapshot(),
            )
        )
        await uow.commit()
        return DeclaredFacts(creator.public_id, facts, sources, now, principal.organisation_code)
