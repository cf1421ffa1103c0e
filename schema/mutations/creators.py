"""registerCreator, addPlatformAccount, addWork, recognizeCreator, setNameDisplay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from registry.domain import creators as domain
from registry.services import creators, name_display, recognitions

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


@strawberry.input(
    description="The holder's choice of name on public surfaces (signed QR codes, "
    "verification answers). 持有人选择公开场景（二维码、核验结果）显示的姓名。"
)
class SetNameDisplayInput:
    show_full_name: bool = strawberry.field(
        description="True: credentials signed from now on show the full name; false: the "
        "masked name (张*), the default. 是：此后签发的凭证显示全名；否：显示脱敏姓名（默认）。"
    )
    creator_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Which creator: only one's own; omitted, the caller's profile. "
        "仅限本人的创作者档案；省略时即为本人。",
    )


@strawberry.type
class SetNameDisplayPayload:
    creator: Creator | None
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

    @mutation(
        description="The creator chooses its name on public surfaces: full or masked. Only "
        "credentials signed afterwards follow; ask the issuer to renew one already signed. "
        "创作者本人选择公开场景显示全名或脱敏姓名；仅对此后签发的凭证生效，已签发的凭证需申请重新签发。"
    )
    async def set_name_display(
        self,
        info: Info,
        input: SetNameDisplayInput,
    ) -> SetNameDisplayPayload:
        ctx = info.context

        async def call() -> domain.Creator:
            command = name_display.SetNameDisplay(
                show_full_name=input.show_full_name,
                creator_id=None
                if input.creator_id is None
                else input_key(input.creator_id, expect="Creator", field="creator_id"),
            )
            return await name_display.set_name_display(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(call, Creator.from_domain)
        return SetNameDisplayPayload(creator=found, user_errors=errors)
