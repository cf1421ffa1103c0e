"""registerCreator, addPlatformAccount, addWork, recognizeCreator."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from registry.domain import creators as domain
from registry.services import creators, recognitions

from ..context import Info
from ..errors import UserError, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.creators import Creator, PlatformAccount, Recognition, Work
from ..types.enums import (
    CreatorKind,
    IdDocumentType,
    IdentityForm,
    Origin,
    Platform,
    WorkType,
)

__all__ = ["CreatorMutations"]


@strawberry.input
class RegisterCreatorInput:
    name: str
    origin: Origin
    id_document_type: IdDocumentType
    id_number: str = strawberry.field(
        description="Stored encrypted; only ever shown masked. Never logged."
    )
    kind: CreatorKind = CreatorKind.PERSON
    identity_form: IdentityForm = IdentityForm.UPLOADER
    region_code: str | None = None


@strawberry.type
class RegisterCreatorPayload:
    creator: Creator | None
    user_errors: list[UserError]


@strawberry.input
class AddPlatformAccountInput:
    creator_id: strawberry.ID
    platform: Platform
    handle: str
    followers: int
    measured_on: date
    percentile: Decimal | None = strawberry.field(
        default=None, description="Top-N percent on the platform (1 = top 1 %)."
    )


@strawberry.type
class AddPlatformAccountPayload:
    platform_account: PlatformAccount | None
    user_errors: list[UserError]


@strawberry.input
class AddWorkInput:
    creator_id: strawberry.ID
    title: str
    work_type: WorkType
    platform: Platform | None = None
    url: str | None = None
    published_on: date | None = None


@strawberry.type
class AddWorkPayload:
    work: Work | None
    user_errors: list[UserError]


@strawberry.input
class RecognizeCreatorInput:
    creator_id: strawberry.ID
    cluster_code: str
    recognised_on: date
    valid_until: date | None = None
    decision_ref: str | None = None


@strawberry.type
class RecognizeCreatorPayload:
    recognition: Recognition | None
    user_errors: list[UserError]


@strawberry.type
class CreatorMutations:
    @mutation(description="Register a creator (officials, evaluators, or oneself).")
    async def register_creator(
        self,
        info: Info,
        input: RegisterCreatorInput,
    ) -> RegisterCreatorPayload:
        ctx = info.context
        command = creators.RegisterCreator(
            name=input.name,
            origin=input.origin,
            id_document_type=input.id_document_type,
            id_number=input.id_number,
            kind=input.kind,
            identity_form=input.identity_form,
            region_code=input.region_code,
        )
        found, errors = await attempt_as(
            lambda: creators.register_creator(ctx.registry, ctx.principal, command),
            Creator.from_domain,
        )
        return RegisterCreatorPayload(creator=found, user_errors=errors)

    @mutation(description="Record a platform account's audience on a date.")
    async def add_platform_account(
        self,
        info: Info,
        input: AddPlatformAccountInput,
    ) -> AddPlatformAccountPayload:
        ctx = info.context

        async def call() -> domain.PlatformAccount:
            command = creators.AddPlatformAccount(
                creator_id=input_key(input.creator_id, expect="Creator", field="creator_id"),
                platform=input.platform,
                handle=input.handle,
                followers=input.followers,
                measured_on=input.measured_on,
                percentile=input.percentile,
            )
            return await creators.add_platform_account(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, PlatformAccount.from_domain)
        return AddPlatformAccountPayload(platform_account=found, user_errors=errors)

    @mutation(description="Record a work (作品) of a creator.")
    async def add_work(self, info: Info, input: AddWorkInput) -> AddWorkPayload:
        ctx = info.context

        async def call() -> domain.Work:
            command = creators.AddWork(
                creator_id=input_key(input.creator_id, expect="Creator", field="creator_id"),
                title=input.title,
                work_type=input.work_type,
                platform=input.platform,
                url=input.url,
                published_on=input.published_on,
            )
            return await creators.add_work(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, Work.from_domain)
        return AddWorkPayload(work=found, user_errors=errors)

    @mutation(description="Recognise (认定) a creator as a certified creator of a cluster.")
    async def recognize_creator(
        self,
        info: Info,
        input: RecognizeCreatorInput,
    ) -> RecognizeCreatorPayload:
        ctx = info.context

        async def call() -> domain.Recognition:
            command = recognitions.RecogniseCreator(
                creator_id=input_key(input.creator_id, expect="Creator", field="creator_id"),
                cluster_code=input.cluster_code,
                recognised_on=input.recognised_on,
                valid_until=input.valid_until,
                decision_ref=input.decision_ref,
            )
            return await recognitions.recognise_creator(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, Recognition.from_domain)
        return RecognizeCreatorPayload(recognition=found, user_errors=errors)
