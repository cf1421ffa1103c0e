"""applyForRecognition, decideRecognition, changeRecognition (认定: suspend, reinstate,
revoke) and correctRecognition. The use cases and their authority live in
``registry.services.recognitions``; recognizeCreator (an official's direct recognition) is
with the creator mutations."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from registry.domain import creators as domain
from registry.errors import InvalidInput
from registry.services import recognitions

from ..context import Info
from ..errors import UserError, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.creators import Recognition

__all__ = ["RecognitionMutations"]


@strawberry.enum(description="What happens to a recognition; its credentials and the "
                 "eligibility grants resting on it follow.")  # fmt: skip
class RecognitionAction(Enum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    REVOKE = "revoke"


@strawberry.input
class ChangeRecognitionInput:
    recognition_id: strawberry.ID
    action: RecognitionAction
    reason: str | None = strawberry.field(
        default=None, description="Required to suspend or revoke; kept with the record."
    )


@strawberry.input(description="Apply for recognition (认定申请) in a cluster.")
class ApplyForRecognitionInput:
    creator_id: strawberry.ID = strawberry.field(
        description="A creator applies for their own record; an official on a creator's behalf."
    )
    cluster_code: str = strawberry.field(description="e.g. YP_VJUCHANG.")


@strawberry.input(description="Recognise a pending application, or refuse it with reasons.")
class DecideRecognitionInput:
    recognition_id: strawberry.ID
    approve: bool
    reason: str | None = strawberry.field(default=None, description="Required to refuse.")
    recognised_on: date | None = strawberry.field(
        default=None, description="From which day it counts (default: today)."
    )
    valid_until: date | None = None
    decision_ref: str | None = strawberry.field(
        default=None, description="e.g. 杨人才认〔2026〕1号."
    )


@strawberry.input(description="Correct a recognition in force: what changes, and why.")
class CorrectRecognitionInput:
    recognition_id: strawberry.ID
    reason: str = strawberry.field(description="Why it is corrected; kept with the record.")
    recognised_on: date | None = strawberry.field(
        default=None, description="The day it counts from; null: unchanged."
    )
    valid_until: date | None = strawberry.field(default=None, description="null: unchanged.")
    decision_ref: str | None = strawberry.field(default=None, description="null: unchanged.")


@strawberry.type
class RecognitionPayload:
    recognition: Recognition | None
    user_errors: list[UserError]


@strawberry.type
class RecognitionMutations:
    @mutation(description="Apply for recognition: a PENDING application that counts for nothing "
              "until the cluster's talent office decides it.")  # fmt: skip
    async def apply_for_recognition(
        self, info: Info, input: ApplyForRecognitionInput
    ) -> RecognitionPayload:
        ctx = info.context

        async def call() -> domain.Recognition:
            command = recognitions.ApplyForRecognition(
                creator_id=input_key(input.creator_id, expect="Creator", field="creator_id"),
                cluster_code=input.cluster_code,
            )
            return await recognitions.apply_for_recognition(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, Recognition.from_domain)
        return RecognitionPayload(recognition=found, user_errors=errors)

    @mutation(description="Recognise a pending application, or refuse it with reasons.")
    async def decide_recognition(
        self, info: Info, input: DecideRecognitionInput
    ) -> RecognitionPayload:
        ctx = info.context

        async def call() -> domain.Recognition:
            key = input_key(input.recognition_id, expect="Recognition", field="recognition_id")
            return await recognitions.decide_recognition(
                ctx.registry,
                ctx.principal,
                key,
                approve=input.approve,
                reason=input.reason,
                recognised_on=input.recognised_on,
                valid_until=input.valid_until,
                decision_ref=input.decision_ref,
            )

        found, errors = await attempt_as(call, Recognition.from_domain)
        return RecognitionPayload(recognition=found, user_errors=errors)

    @mutation(
        description="Suspend, reinstate or revoke a recognition (认定), with a reason; its "
        "credentials and the eligibility grants resting on it follow in the same transaction."
    )
    async def change_recognition(
        self, info: Info, input: ChangeRecognitionInput
    ) -> RecognitionPayload:
        ctx = info.context

        async def call() -> domain.Recognition:
            key = input_key(input.recognition_id, expect="Recognition", field="recognition_id")
            reason = (input.reason or "").strip()
            registry, principal = ctx.registry, ctx.principal
            if input.action is RecognitionAction.REINSTATE:
                return await recognitions.reinstate_recognition(
                    registry, principal, key, reason=reason or None
                )
            if not reason:
                raise InvalidInput("say why", field="reason")
            change = (
                recognitions.suspend_recognition
                if input.action is RecognitionAction.SUSPEND
                else recognitions.revoke_recognition
            )
            return await change(registry, principal, key, reason=reason)

        found, errors = await attempt_as(call, Recognition.from_domain)
        return RecognitionPayload(recognition=found, user_errors=errors)

    @mutation(
        description="Correct a recognition in force (its dates, its decision's number), with "
        "a reason. Credentials already issued keep what they were signed with: reissue them "
        "(AMEND) to carry the correction."
    )
    async def correct_recognition(
        self, info: Info, input: CorrectRecognitionInput
    ) -> RecognitionPayload:
        ctx = info.context

        async def call() -> domain.Recognition:
            key = input_key(input.recognition_id, expect="Recognition", field="recognition_id")
            command = recognitions.CorrectRecognition(
                recognition_id=key,
                reason=input.reason,
                recognised_on=input.recognised_on,
                valid_until=input.valid_until,
                decision_ref=input.decision_ref,
            )
            return await recognitions.correct_recognition(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, Recognition.from_domain)
        return RecognitionPayload(recognition=found, user_errors=errors)
