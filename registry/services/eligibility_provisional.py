"""容缺受理 after the decision: complete a provisional approval once its documents are
recorded, or lapse it once they are overdue.

A provisional approval is a grant made before every document was in (Haizhu's 容缺申报); its
credential is valid only to the documents deadline. Completing it re-validates the decision
on the completion date under the programme version it was made under: the tier must now be
met, and the grant turns APPROVED, with its subsidy schedules and a credential valid to the
end of the policy window. Past the deadline (``ProvisionalApproval.overdue``: the day after
``documents_due``) it can only lapse, and its credential is revoked: it was conditional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..authz import Action, Principal, acts_in, authorize
from ..db import models as m
from ..domain.eligibility import RecordedDecision
from ..domain.enums import CredentialStatus, DecisionOutcome, DecisionState, OperationCode
from ..domain.regions import NATIONAL
from ..eligibility import (
    DecisionRefused,
    evaluate,
    evaluation_record,
    validate_decision,
)
from ..errors import Conflict, ErrorCode, InvalidInput
from .common import by_public_id, record_change
from .context import ServiceContext
from .credential_status import apply_operation
from .eligibility_decide import (
    amount_record,
    approved_by,
    evidence_ids,
    issue_for_decision,
    refused,
    schedule_record,
)
from .eligibility_facts import build_creator_facts
from .eligibility_grants import LIVE, end_decision, live_grants, supersede_grants
from .eligibility_reads import to_decision
from .programmes import programme_of, require_programme_authority

__all__ = [
    "CompleteProvisional",
    "complete_provisional_decision",
    "lapse_overdue_provisional_decisions",
]


@dataclass(frozen=True, slots=True)
class CompleteProvisional:
    """The documents of a 容缺 approval are recorded (as creator facts or records): confirm it
    on ``decided_on``, no later than its deadline."""

    decision_id: str
    reason: str
    decided_on: date
    subsidy_start: date | None = None


async def lapse_overdue_provisional_decisions(
    ctx: ServiceContext, principal: Principal, *, on: date
) -> list[str]:
    """Lapse every live 容缺 approval whose documents were due before ``on`` (today or
    earlier; officials: those of programmes in their region); revoke their credentials.
    Returns the decision ids lapsed, oldest first."""
    authorize(principal, Action.LAPSE_PROVISIONAL)
    now = ctx.now()
    # A day still to come would lapse approvals whose documents are not yet due.
    if on > now.date():
        raise InvalidInput("the day to judge by has not come yet", field="on")
    async with ctx.uow() as uow:
        rows = (
            await uow.session.execute(
                select(m.EligibilityDecision)
                .where(m.EligibilityDecision.outcome == DecisionOutcome.PROVISIONAL)
                .where(m.EligibilityDecision.state.in_(LIVE))
                # overdue(on) is on > documents_due
                .where(m.EligibilityDecision.documents_due < on)
                .order_by(m.EligibilityDecision.id)
                .with_for_update(of=m.EligibilityDecision)
            )
        ).scalars()
        lapsed: list[str] = []
        for row in list(rows):
            if not acts_in(principal, row.region_code or NATIONAL):
                continue
            assert row.documents_due is not None
            reason = (
                f"容缺材料未在 {row.documents_due.isoformat()} 前补齐\n"
                f"documents were due by {row.documents_due.isoformat()} and were not completed"
            )
            await end_decision(uow, principal, row, DecisionState.LAPSED, reason, now=now)
            lapsed.append(row.public_id)
        await uow.commit()
        return lapsed


async def complete_provisional_decision(
    ctx: ServiceContext, principal: Principal, command: CompleteProvisional
) -> RecordedDecision:
    """Turn a live 容缺 approval APPROVED now that its documents are in, in one transaction:
    the decision row (new evaluation, benefits, schedules), its audit event, any grant it now
    supersedes, and its credential renewed to the end of the policy window."""
    authorize(principal, Action.DECIDE_ELIGIBILITY)
    reason = command.reason.strip()
    if not reason:
        raise InvalidInput("say why", field="reason")
    now = ctx.now()
    async with ctx.uow() as uow:
        session = uow.session
        row = await by_public_id(
            session,
            m.EligibilityDecision,
            command.decision_id,
            field="decision_id",
            what="eligibility decision",
        )
        programme = programme_of(
            await session.get_one(m.ProgrammeVersion, row.programme_version_id)
        )
        require_programme_authority(principal, programme, field="decision_id")
        # Lock the creator first, as decide_eligibility does: decisions about one person queue.
        creator = await by_public_id(
            session,
            m.Creator,
            row.creator.public_id,
            field="decision_id",
            what="creator",
            for_update=True,
        )
        await session.refresh(row, with_for_update=True)
        if row.outcome is not DecisionOutcome.PROVISIONAL or row.state is not DecisionState.ACTIVE:
            raise Conflict(
                f"only a live provisional approval can be completed, not a {row.state} "
                f"{row.outcome} decision",
                code=ErrorCode.INVALID_STATE,
                field="decision_id",
            )
        assert row.documents_due is not None
        if command.decided_on > row.documents_due:
            raise Conflict(
                f"the documents were due by {row.documents_due}; the approval lapses",
                code=ErrorCode.DOCUMENTS_OVERDUE,
                field="decided_on",
            )
        facts = await build_creator_facts(session, ctx.vault, creator, as_of=command.decided_on)
        grants = [(r, e) for r, e in await live_grants(session, creator.id) if r.id != row.id]
        try:
            plan = validate_decision(
                facts,
                programme,
                decided_on=command.decided_on,
                tier=row.tier,
                subsidy_start=command.subsidy_start,
                granted=(e for _, e in grants),
                amounts=approved_by(row),
            )
        except DecisionRefused as exc:
            if exc.code is ErrorCode.DOCUMENTS_MISSING:
                # Without a deadline the engine refuses a tier still UNKNOWN: say what is missing.
                evaluation = evaluate(facts, programme, as_of=command.decided_on)
                missing = ", ".join(evaluation.missing_facts()) or "documents"
                raise Conflict(
                    f"still missing: {missing}",
                    code=ErrorCode.DOCUMENTS_MISSING,
                    field="decision_id",
                ) from None
            raise refused(exc) from None
        assert plan.provisional is None  # no deadline given: an UNKNOWN tier is refused
        before = row.audit_snapshot()
        record = evaluation_record(plan.evaluation)
        row.outcome = DecisionOutcome.APPROVED
        row.reason = f"{row.reason}\n{reason}"[:500]
        row.decided_on = command.decided_on
        row.benefits = list(plan.benefits)
        row.schedules = [schedule_record(s) for s in plan.schedules]
        row.amounts = [amount_record(a) for a in plan.amounts]
        row.evaluation = record
        row.evidence = evidence_ids(record["tree"])
        row.updated_at = now
        record_change(
            uow,
            principal,
            "eligibility.complete",
            "eligibility_decision",
            row,
            at=now,
            before=before,
            reason=reason,
        )
        superseded = await supersede_grants(uow, principal, plan, grants, row, now=now)
        issued = None
        old = (
            None
            if row.credential_id is None
            else await session.get(m.Credential, row.credential_id)
        )
        if old is not None and old.status is not CredentialStatus.REVOKED:
            # The provisional credential expired with the deadline: renew it to the window's end.
            await apply_operation(
                uow, principal, old, OperationCode.RENEW, reason=reason[:500], now=now
            )
            await session.flush()
            issued = await issue_for_decision(ctx, uow, principal, row, now=now)
        await uow.commit()
        credential = issued.credential.id if issued else old.public_id if old else None
        decision = to_decision(row, credential=credential, superseded_by=None)
        return RecordedDecision(decision, issued, superseded)
