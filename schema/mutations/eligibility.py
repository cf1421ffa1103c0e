"""decideEligibility, publishProgrammeVersion, recordCreatorFacts."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.scalars import JSON

from registry.domain.eligibility import ProgrammeVersionInfo, RecordedDecision
from registry.services import eligibility, programmes

from ..context import Info
from ..errors import UserError, attempt
from ..fields import mutation
from ..relay import input_key
from ..types.credentials import Credential
from ..types.eligibility import (
    EligibilityDecision,
    EligibilityFactsInput,
    EligibilityProgramme,
    facts_from_input,
)

__all__ = ["EligibilityMutations"]


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


@strawberry.type
class DecideEligibilityPayload:
    decision: EligibilityDecision | None
    credential: Credential | None
    superseded: list[strawberry.ID] = strawberry.field(
        description="Grants this decision replaced (从高从优不重复)."
    )
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
            )
            return await eligibility.decide_eligibility(ctx.registry, ctx.principal, command)

        found, errors = await attempt(call)
        if found is None:
            return DecideEligibilityPayload(
                decision=None, credential=None, superseded=[], user_errors=errors
            )
        return DecideEligibilityPayload(
            decision=EligibilityDecision.from_domain(found.decision),
            credential=None
            if found.credential is None
            else Credential.from_domain(found.credential.credential),
            superseded=[strawberry.ID(ref) for ref in found.superseded],
            user_errors=[],
        )

    @mutation(description="Publish a programme's next version (its JSON document).")
    async def publish_programme_version(
        self, info: Info, input: PublishProgrammeVersionInput
    ) -> PublishProgrammeVersionPayload:
        ctx = info.context

        async def call() -> ProgrammeVersionInfo:
            return await programmes.publish_programme_version(
                ctx.registry, ctx.principal, input.document
            )

        found, errors = await attempt(call, renames={"text": "document"})
        return PublishProgrammeVersionPayload(
            programme=None if found is None else EligibilityProgramme.from_domain(found),
            user_errors=errors,
        )

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
