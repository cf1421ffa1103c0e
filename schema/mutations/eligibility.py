"""decideEligibility, publishProgrammeVersion, recordCreatorFacts, and after a decision:
completeProvisionalDecision, lapseOverdueProvisionalDecisions, approveSubsidyPeriod.

Decisions are named by their global id (``EligibilityDecision.id``), in inputs and answers.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import strawberry
from strawberry.scalars import JSON

from registry.domain.eligibility import (
    ApartmentStayRecord,
    ProgrammeVersionInfo,
    RecordedDecision,
    SubsidyPeriodApproval,
)
from registry.errors import InvalidInput
from registry.services import (
    apartment_stays,
    eligibility,
    eligibility_provisional,
    programmes,
    subsidies,
)

from ..context import Info
from ..errors import UserError, attempt, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.credentials import Credential
from ..types.eligibility import (
    ApartmentStay,
    EligibilityDecision,
    EligibilityFactsInput,
    EligibilityProgramme,
    SubsidyPeriod,
    decision_id,
    facts_from_input,
)

__all__ = ["EligibilityMutations"]


@strawberry.input
class BenefitAmountInput:
    benefit_code: str
    amount: int


@strawberry.input
class DecideEligibilityInput:
    creator_id: strawberry.ID
    programme_code: str
    approve: bool
    reason: str
    decided_on: date
    tier: str | None = strawberry.field(
        default=None, description="Default: the most favourable tier the evaluation reaches."
    )
    documents_due: date | None = strawberry.field(
        default=None, description="容缺: approve a tier still missing documents, due this day."
    )
    issue_credential: bool = strawberry.field(
        default=False, description="Issue the TALENT_ELIGIBILITY credential in the same step."
    )
    subsidy_start: date | None = None
    approved_amounts: list[BenefitAmountInput] | None = strawberry.field(
        default=None,
        description="The sum approved per capped benefit (yuan; monthly for monthly "
        "subsidies), at most its cap; a capped benefit not named is approved at its cap.",
    )


@strawberry.type
class DecideEligibilityPayload:
    decision: EligibilityDecision | None
    credential: Credential | None
    superseded: list[strawberry.ID] = strawberry.field(
        description="Global ids of the grants this decision replaced (从高从优不重复)."
    )
    user_errors: list[UserError]


@strawberry.input
class CompleteProvisionalDecisionInput:
    decision_id: strawberry.ID = strawberry.field(
        description="The 容缺 (PROVISIONAL) decision whose documents are now recorded."
    )
    reason: str
    decided_on: date = strawberry.field(description="No later than its documentsDue.")
    subsidy_start: date | None = None


@strawberry.type
class CompleteProvisionalDecisionPayload:
    decision: EligibilityDecision | None
    credential: Credential | None = strawberry.field(
        description="The credential renewed to the end of the policy window, if it had one."
    )
    superseded: list[strawberry.ID] = strawberry.field(
        description="Global ids of the grants this decision replaced (从高从优不重复)."
    )
    user_errors: list[UserError]


@strawberry.input
class LapseOverdueProvisionalDecisionsInput:
    on: date = strawberry.field(
        description="Lapse 容缺 approvals whose documents were due before this day."
    )


@strawberry.type
class LapseOverdueProvisionalDecisionsPayload:
    lapsed: list[strawberry.ID] | None = strawberry.field(
        description="Global ids of the lapsed decisions (credentials revoked), oldest first."
    )
    user_errors: list[UserError]


@strawberry.input
class ApproveSubsidyPeriodInput:
    decision_id: strawberry.ID = strawberry.field(description="Global id of the decision.")
    period_start: date = strawberry.field(description="The day the period begins.")
    benefit_code: str | None = strawberry.field(
        default=None, description="The monthly benefit; may be left out if the decision has one."
    )


@strawberry.type
class ApproveSubsidyPeriodPayload:
    subsidy_period: SubsidyPeriod | None
    user_errors: list[UserError]


@strawberry.input
class RecordApartmentStayInput:
    decision_id: strawberry.ID = strawberry.field(description="Global id of the decision.")
    starts_on: date
    days: int
    event: str = strawberry.field(description="The major event, at most 200 characters.")
    non_commercial: bool = strawberry.field(
        description="The official attests the event is non-commercial (required to be true)."
    )
    evidence_ref: str | None = strawberry.field(
        default=None, description="The document attesting the event, at most 64 characters."
    )


@strawberry.type
class RecordApartmentStayPayload:
    apartment_stay: ApartmentStay | None
    user_errors: list[UserError]


@strawberry.input
class PublishProgrammeVersionInput:
    document: str = strawberry.field(description="The programme's JSON document.")


@strawberry.type
class PublishProgrammeVersionPayload:
    programme: EligibilityProgramme | None
    user_errors: list[UserError]


@strawberry.input
class RecordCreatorFactsInput:
    creator_id: strawberry.ID
    facts: EligibilityFactsInput
    forget: list[str] | None = strawberry.field(
        default=None, description="Facts to forget (back to unknown), by name, e.g. hukou_city."
    )
    evidence_ref: str | None = strawberry.field(
        default=None, description="The document attesting these facts."
    )


@strawberry.type
class RecordCreatorFactsPayload:
    facts: JSON | None
    sources: JSON | None
    user_errors: list[UserError]


_MAX_AMOUNTS = 16  # a programme's tier opens a handful of benefits


def _amounts(given: list[BenefitAmountInput] | None) -> dict[str, int] | None:
    """The approved sums by benefit code; one entry per benefit, a bounded list."""
    if given is None:
        return None
    if len(given) > _MAX_AMOUNTS:
        raise InvalidInput(
            f"give at most {_MAX_AMOUNTS} approved amounts", field="approved_amounts"
        )
    amounts: dict[str, int] = {}
    for item in given:
        if item.benefit_code in amounts:
            raise InvalidInput("one amount per benefit", field="approved_amounts")
        amounts[item.benefit_code] = item.amount
    return amounts


def _decision_key(value: str) -> str:
    """The registry key inside a decision's global id (an input error for any other id)."""
    return input_key(value, expect="EligibilityDecision", field="decision_id")


class _Recorded(TypedDict):
    decision: EligibilityDecision | None
    credential: Credential | None
    superseded: list[strawberry.ID]


def _recorded(found: RecordedDecision | None) -> _Recorded:
    """A recorded decision as payload fields (all empty when it was refused)."""
    if found is None:
        return _Recorded(decision=None, credential=None, superseded=[])
    return _Recorded(
        decision=EligibilityDecision.from_domain(found.decision),
        credential=None
        if found.credential is None
        else Credential.from_domain(found.credential.credential),
        superseded=[decision_id(ref) for ref in found.superseded],
    )


@strawberry.type
class EligibilityMutations:
    @mutation(description="Record an official's eligibility decision (and issue its credential).")
    async def decide_eligibility(
        self, info: Info, input: DecideEligibilityInput
    ) -> DecideEligibilityPayload:
        ctx = info.context

        async def call() -> RecordedDecision:
            command = eligibility.DecideEligibility(
                creator_id=input_key(input.creator_id, expect="Creator", field="creator_id"),
                programme_code=input.programme_code,
                tier=input.tier,
                approve=input.approve,
                reason=input.reason,
                decided_on=input.decided_on,
                documents_due=input.documents_due,
                issue_credential=input.issue_credential,
                subsidy_start=input.subsidy_start,
                approved_amounts=_amounts(input.approved_amounts),
            )
            return await eligibility.decide_eligibility(ctx.registry, ctx.principal, command)

        found, errors = await attempt(call)
        return DecideEligibilityPayload(**_recorded(found), user_errors=errors)

    @mutation(description="Confirm a 容缺 approval once its documents are recorded.")
    async def complete_provisional_decision(
        self, info: Info, input: CompleteProvisionalDecisionInput
    ) -> CompleteProvisionalDecisionPayload:
        ctx = info.context

        async def call() -> RecordedDecision:
            command = eligibility_provisional.CompleteProvisional(
                decision_id=_decision_key(input.decision_id),
                reason=input.reason,
                decided_on=input.decided_on,
                subsidy_start=input.subsidy_start,
            )
            return await eligibility_provisional.complete_provisional_decision(
                ctx.registry, ctx.principal, command
            )

        found, errors = await attempt(call)
        return CompleteProvisionalDecisionPayload(**_recorded(found), user_errors=errors)

    @mutation(description="Lapse the 容缺 approvals whose documents are overdue.")
    async def lapse_overdue_provisional_decisions(
        self, info: Info, input: LapseOverdueProvisionalDecisionsInput
    ) -> LapseOverdueProvisionalDecisionsPayload:
        ctx = info.context

        async def call() -> list[str]:
            return await eligibility_provisional.lapse_overdue_provisional_decisions(
                ctx.registry, ctx.principal, on=input.on
            )

        lapsed, errors = await attempt_as(call, lambda keys: [decision_id(k) for k in keys])
        return LapseOverdueProvisionalDecisionsPayload(lapsed=lapsed, user_errors=errors)

    @mutation(description="Approve one month of a granted monthly subsidy for payment.")
    async def approve_subsidy_period(
        self, info: Info, input: ApproveSubsidyPeriodInput
    ) -> ApproveSubsidyPeriodPayload:
        ctx = info.context

        async def call() -> SubsidyPeriodApproval:
            return await subsidies.approve_subsidy_period(
                ctx.registry,
                ctx.principal,
                _decision_key(input.decision_id),
                input.period_start,
                benefit_code=input.benefit_code,
            )

        found, errors = await attempt_as(call, SubsidyPeriod.from_domain)
        return ApproveSubsidyPeriodPayload(subsidy_period=found, user_errors=errors)

    @mutation(description="Record a free talent-apartment stay taken under a decision.")
    async def record_apartment_stay(
        self, info: Info, input: RecordApartmentStayInput
    ) -> RecordApartmentStayPayload:
        ctx = info.context

        async def call() -> ApartmentStayRecord:
            command = apartment_stays.RecordApartmentStay(
                decision_id=_decision_key(input.decision_id),
                starts_on=input.starts_on,
                days=input.days,
                event=input.event,
                non_commercial=input.non_commercial,
                evidence_ref=input.evidence_ref,
            )
            return await apartment_stays.record_apartment_stay(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, ApartmentStay.from_domain)
        return RecordApartmentStayPayload(apartment_stay=found, user_errors=errors)

    @mutation(description="Publish a programme's next version (its JSON document).")
    async def publish_programme_version(
        self, info: Info, input: PublishProgrammeVersionInput
    ) -> PublishProgrammeVersionPayload:
        ctx = info.context

        async def call() -> ProgrammeVersionInfo:
            return await programmes.publish_programme_version(
                ctx.registry, ctx.principal, input.document
            )

        found, errors = await attempt_as(
            call, EligibilityProgramme.from_domain, renames={"text": "document"}
        )
        return PublishProgrammeVersionPayload(programme=found, user_errors=errors)

    @mutation(description="Record facts about a creator the registry holds no other record of.")
    async def record_creator_facts(
        self, info: Info, input: RecordCreatorFactsInput
    ) -> RecordCreatorFactsPayload:
        ctx = info.context

        async def call() -> eligibility.DeclaredFacts:
            facts: dict[str, object] = dict(facts_from_input(input.facts))
            facts.update(dict.fromkeys(input.forget or ()))
            command = eligibility.RecordCreatorFacts(
                creator_id=input_key(input.creator_id, expect="Creator", field="creator_id"),
                facts=facts,
                evidence_ref=input.evidence_ref,
            )
            return await eligibility.record_creator_facts(ctx.registry, ctx.principal, command)

        found, errors = await attempt(call)
        return RecordCreatorFactsPayload(
            facts=None if found is None else JSON(found.facts),
            sources=None if found is None else JSON(found.sources),
            user_errors=errors,
        )
