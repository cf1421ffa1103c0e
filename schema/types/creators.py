"""Creators, their platform accounts, works and recognitions (认定).

ID numbers are only ever shown masked (``310***********1234``); the registry never hands the
GraphQL layer anything else. Nested lists load through the request's DataLoaders, so a page
of creators costs one read per kind of list, not one per creator.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from registry.domain import creators as domain

from ..context import Info
from ..fields import field
from ..relay import Connection, Node, global_id
from .audit import HISTORY, HistoryEntry, record_history
from .awards import AwardGrant
from .credentials import Credential, nested_connection
from .eligibility import EligibilityDecision
from .enums import (
    CreatorKind,
    IdDocumentType,
    IdentityForm,
    Origin,
    Platform,
    RecognitionState,
    WorkType,
)
from .skills import SkillCertificate

__all__ = ["Creator", "PlatformAccount", "Recognition", "Work"]


@strawberry.type(description="An account on a content platform, with its measured audience.")
class PlatformAccount(Node):
    platform: Platform
    handle: str
    followers: int
    percentile: Decimal | None = strawberry.field(
        description="Top-N percent of the platform by followers (1 = the top 1 %)."
    )
    measured_on: date
    attested_by: str | None = strawberry.field(
        description="Code of the organisation that attested the figures; null if self-declared."
    )

    @classmethod
    def from_domain(cls, account: domain.PlatformAccount) -> PlatformAccount:
        return cls(
            id=global_id("PlatformAccount", str(account.id)),
            platform=account.platform,
            handle=account.handle,
            followers=account.followers,
            percentile=account.percentile,
            measured_on=account.measured_on,
            attested_by=account.attested_by,
        )


@strawberry.type(description="A work (作品): text, image, audio/video, live stream, micro drama…")
class Work(Node):
    title: str
    work_type: WorkType
    platform: Platform | None
    url: str | None
    published_on: date | None

    @classmethod
    def from_domain(cls, work: domain.Work) -> Work:
        return cls(
            id=global_id("Work", work.id),
            title=work.title,
            work_type=work.work_type,
            platform=work.platform,
            url=work.url,
            published_on=work.published_on,
        )


@strawberry.type(description="A recognition (认定) as a certified creator of a cluster.")
class Recognition(Node):
    cluster_code: str
    region_code: str
    organisation_code: str
    state: RecognitionState
    recognised_on: date
    valid_until: date | None
    decision_ref: str | None
    reason: str | None = strawberry.field(
        description="Why it was refused, suspended, revoked or last corrected."
    )

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "recognition", self.id)

    @classmethod
    def from_domain(cls, recognition: domain.Recognition) -> Recognition:
        return cls(
            id=global_id("Recognition", recognition.id),
            cluster_code=recognition.cluster_code,
            region_code=recognition.region_code,
            organisation_code=recognition.organisation,
            state=recognition.state,
            recognised_on=recognition.recognised_on,
            valid_until=recognition.valid_until,
            decision_ref=recognition.decision_ref,
            reason=recognition.reason,
        )


@strawberry.type(description="A creator: a person or a studio.")
class Creator(Node):
    key: strawberry.Private[str]
    kind: CreatorKind
    identity_form: IdentityForm
    display_name: str
    masked_name: str = strawberry.field(
        description="The masked name, 张*: what public surfaces show unless showFullName. "
        "姓名脱敏形式；除非持有人选择显示全名，公开场景均显示此形式。"
    )
    show_full_name: bool = strawberry.field(
        description="The holder's choice: credentials signed from now on carry the full name "
        "instead of the masked one (default false). Credentials already signed keep their "
        "name until renewed. 持有人选择：此后签发的凭证显示全名而非脱敏姓名（默认否）；"
        "已签发的凭证保持原样，需重新签发方可更改。"
    )
    name_display_chosen_at: datetime | None = strawberry.field(
        description="When the holder last changed that choice; null if never. "
        "持有人最近一次更改该选择的时间；从未选择则为空。"
    )
    origin: Origin
    id_document_type: IdDocumentType
    masked_id_number: str = strawberry.field(description="First 3 and last 4 characters only.")
    region_code: str | None
    registered_by: str = strawberry.field(description="Code of the registering organisation.")
    created_at: datetime

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "creator", self.id)

    @classmethod
    def from_domain(cls, creator: domain.Creator) -> Creator:
        return cls(
            id=global_id("Creator", creator.id),
            key=creator.id,
            kind=creator.kind,
            identity_form=creator.identity_form,
            display_name=creator.name,
            masked_name=creator.masked_name,
            show_full_name=creator.show_full_name,
            name_display_chosen_at=creator.name_display_chosen_at,
            origin=creator.origin,
            id_document_type=creator.id_document_type,
            masked_id_number=creator.id_number_masked,
            region_code=creator.region_code,
            registered_by=creator.registered_by,
            created_at=creator.created_at,
        )

    @strawberry.field
    async def platform_accounts(self, info: Info) -> list[PlatformAccount]:
        rows = await info.context.loaders.accounts.load(self.key)
        return [PlatformAccount.from_domain(row) for row in rows]

    @strawberry.field
    async def works(self, info: Info) -> list[Work]:
        rows = await info.context.loaders.works.load(self.key)
        return [Work.from_domain(row) for row in rows]

    @strawberry.field
    async def awards(self, info: Info) -> list[AwardGrant]:
        rows = await info.context.loaders.awards.load(self.key)
        return [AwardGrant.from_domain(row) for row in rows]

    @strawberry.field
    async def skill_certificates(self, info: Info) -> list[SkillCertificate]:
        rows = await info.context.loaders.certificates.load(self.key)
        return [SkillCertificate.from_domain(row) for row in rows]

    @strawberry.field
    async def recognitions(self, info: Info) -> list[Recognition]:
        rows = await info.context.loaders.recognitions.load(self.key)
        return [Recognition.from_domain(row) for row in rows]

    @field(description="The creator's credentials, newest last.")
    async def credentials(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Credential]:
        rows = await info.context.loaders.credentials.load(self.key)
        return nested_connection(rows, first=first, after=after, last=last, before=before)

    @field(description="Eligibility decisions about the creator the caller may see, oldest first.")
    async def decisions(self, info: Info) -> list[EligibilityDecision]:
        rows = await info.context.loaders.decisions.load(self.key)
        return [EligibilityDecision.from_domain(row) for row in rows]
