"""Deciding eligibility: an official's decision, recorded with its evaluation and explanation;
the less favourable grants it replaces ended (从高从优不重复, their credentials revoked); and,
when asked, the TALENT_ELIGIBILITY credential issued — all in one transaction.

Who may act: the talent and HR offices of the programme's region (a district office never
acts for another district).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..db.uow import UnitOfWork
from ..domain.credentials import IssuedCredential
from ..domain.eligibility import RecordedDecision
from ..domain.enums import CredentialKind, DecisionOutcome, DecisionState
from ..eligibility import (
    ApprovedAmount,
    CreatorFacts,
    DecisionPlan,
    DecisionRefused,
    Entitlement,
    Evaluation,
    SubsidySchedule,
    ensure_in_force,
    evaluate,
    evaluation_record,
    validate_decision,
)
from ..eligibility import Programme as EngineProgramme
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import by_public_id, new_public_id, record_change
from .context import ServiceContext
from .eligibility_facts import build_creator_facts
from .eligibility_grants import live_grants, supersede_grants
from .eligibility_reads import to_decision
from .issuance import IssueCredential, issue_within
from .programmes import current_version, programme_of, require_programme_authority

__all__ = [
    "DecideEligibility",
    "decide_eligibility",
    "evidence_ids",
    "issue_for_decision",
    "refused",
    "schedule_record",
]


_REFUSAL_FIELDS = {
    ErrorCode.POLICY_NOT_YET_IN_FORCE: "decided_on",
    ErrorCode.POLICY_WINDOW_CLOSED: "decided_on",
    ErrorCode.TIER_UNKNOWN: "tier",
    ErrorCode.TIER_NOT_REACHED: "tier",
    ErrorCode.DOCUMENTS_MISSING: "documents_due",
    ErrorCode.PROVISIONAL_NOT_ALLOWED: "tier",
    ErrorCode.DEADLINE_INVALID: "documents_due",
    ErrorCode.MORE_FAVOURABLE_ALREADY_GRANTED: "tier",
    ErrorCode.AMOUNT_INVALID: "approved_amounts",
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
    # Benefit code → yuan approved (monthly for monthly subsidies), each at most its cap.
    approved_amounts: Mapping[str, int] | None = None


def refused(exc: DecisionRefused, *, field: str | None = None) -> Conflict:
    """The engine's refusal as a DomainError naming the input at fault."""
    return Conflict(
        str(exc),
        code=ErrorCode(exc.code.value),
        field=field or exc.field or _REFUSAL_FIELDS[exc.code],
    )


def evidence_ids(node: Mapping[str, Any]) -> list[str]:
    """Every record id an evaluation tree cites, in order, once each."""
    found: dict[str, None] = dict.fromkeys(node.get("evidence", ()))
    for child in node.get("children", ()):
        found.update(dict.fromkeys(evidence_ids(child)))
    return list(found)


def _day_end(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(days=1)


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
                amounts=command.approved_amounts,
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
                DecisionRefused(ErrorCode.TIER_UNKNOWN, f"{programme.code} has no such tier")
            ) from None
    return evaluate(facts, programme, as_of=command.decided_on), command.tier, None


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
            amounts=[] if plan is None else [amount_record(a) for a in plan.amounts],
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
            reason=row.reason,
        )
        superseded: tuple[str, ...] = ()
        issued = None
        if plan is not None:
            superseded = await supersede_grants(uow, principal, plan, grants, row, now=now)
            if command.issue_credential:
                issued = await issue_for_decision(ctx, uow, principal, row, now=now)
        await uow.commit()
        decision = to_decision(
            row, credential=None if issued is None else issued.credential.id, superseded_by=None
        )
        return RecordedDecision(decision, issued, superseded)


async def issue_for_decision(
    ctx: ServiceContext,
    uow: UnitOfWork,
    principal: Principal,
    row: m.EligibilityDecision,
    *,
    now: datetime,
) -> IssuedCredential:
    """Issue the TALENT_ELIGIBILITY credential for ``row`` in the caller's transaction: tier,
    region and validity come from the decision (see ``sources``), never from the caller."""
    await uow.session.flush()
    return await issue_within(
        ctx,
        uow,
        principal,
        IssueCredential(CredentialKind.TALENT_ELIGIBILITY, row.public_id),
        now=now,
        reason=f"eligibility decision {row.public_id}",
    )


def amount_record(amount: ApprovedAmount) -> dict[str, Any]:
    return {
        "benefit": amount.benefit_code,
        "approved": amount.approved,
        "cap": amount.cap,
        "monthly": amount.monthly,
    }


def approved_by(row: m.EligibilityDecision) -> dict[str, int]:
    """The sums a recorded decision approved, to carry into its confirmation."""
    return {str(a["benefit"]): int(a["approved"]) for a in row.amounts}


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
