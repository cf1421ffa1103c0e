"""recordAward, decideAward, recordSkillCertificate: the records credentials attest."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from registry.domain.awards import AwardGrant as DomainAwardGrant
from registry.domain.skills import SkillCertificate as DomainCertificate
from registry.services import awards, certificates

from ..context import Info
from ..errors import UserError, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.awards import AwardGrant
from ..types.enums import AwardGrade, IdDocumentType, SkillLevel
from ..types.skills import SkillCertificate

__all__ = ["RecordMutations"]


@strawberry.input
class RecordAwardInput:
    programme_code: str = strawberry.field(description="e.g. CN_POSITIVE_ENERGY, SH_SILVER_DOVE.")
    edition: int = strawberry.field(description="Edition year.")
    grade: AwardGrade
    creator_id: strawberry.ID | None = None
    work_id: strawberry.ID | None = None
    category: str | None = None
    recommended_by: str | None = None
    awarded_on: date | None = None
    evidence_doc_no: str | None = None
    evidence_url: str | None = None


@strawberry.type
class AwardPayload:
    award: AwardGrant | None
    user_errors: list[UserError]


@strawberry.enum(description="What an official decides about a claimed award.")
class AwardDecision(Enum):
    START_VERIFICATION = "start_verification"
    VERIFY = "verify"
    REJECT = "reject"
    RESCIND = "rescind"


@strawberry.input
class DecideAwardInput:
    award_id: strawberry.ID
    decision: AwardDecision
    reason: str | None = strawberry.field(
        default=None, description="Required to reject or rescind."
    )
    evidence_doc_no: str | None = None


@strawberry.input(
    description="A certificate as the exam roster has it. The holder is named by ID document "
    "and name (matched through the document's lookup hash), never by a creator id."
)
class RecordSkillCertificateInput:
    id_document_type: IdDocumentType
    id_number: str = strawberry.field(description="Never stored or logged in clear.")
    holder_name: str
    filing_id: strawberry.ID
    certificate_number: str
    level: SkillLevel
    issued_on: date
    direction: str | None = None
    occupation_code: str = "4-13-01-05"
    theory_score: int | None = None
    practical_score: int | None = None
    review_score: int | None = None


@strawberry.type
class RecordSkillCertificatePayload:
    skill_certificate: SkillCertificate | None
    user_errors: list[UserError]


async def _decide(info: Info, input: DecideAwardInput) -> DomainAwardGrant:
    ctx = info.context
    grant = input_key(input.award_id, expect="AwardGrant", field="award_id")
    registry, principal = ctx.registry, ctx.principal
    if input.decision is AwardDecision.START_VERIFICATION:
        return await awards.start_award_verification(registry, principal, grant)
    if input.decision is AwardDecision.VERIFY:
        return await awards.verify_award(
            registry, principal, grant, evidence_doc_no=input.evidence_doc_no
        )
    reason = input.reason or ""
    if input.decision is AwardDecision.REJECT:
        return await awards.reject_award(registry, principal, grant, reason=reason)
    return await awards.rescind_award(registry, principal, grant, reason=reason)


@strawberry.type
class RecordMutations:
    @mutation(description="Record (claim) an award for a creator or a work.")
    async def record_award(self, info: Info, input: RecordAwardInput) -> AwardPayload:
        ctx = info.context

        async def call() -> DomainAwardGrant:
            command = awards.RecordAward(
                programme_code=input.programme_code,
                edition_year=input.edition,
                grade=input.grade,
                creator_id=None
                if input.creator_id is None
                else input_key(input.creator_id, expect="Creator", field="creator_id"),
                work_id=None
                if input.work_id is None
                else input_key(input.work_id, expect="Work", field="work_id"),
                category=input.category,
                recommended_by=input.recommended_by,
                granted_on=input.awarded_on,
                evidence_doc_no=input.evidence_doc_no,
                evidence_url=input.evidence_url,
            )
            return await awards.record_award(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(
            call,
            AwardGrant.from_domain,
            renames={"edition_year": "edition", "granted_on": "awarded_on"},
        )
        return AwardPayload(award=found, user_errors=errors)

    @mutation(description="Move an award through verification, or rescind it.")
    async def decide_award(self, info: Info, input: DecideAwardInput) -> AwardPayload:
        found, errors = await attempt_as(
            lambda: _decide(info, input), AwardGrant.from_domain, renames={"grant_id": "award_id"}
        )
        return AwardPayload(award=found, user_errors=errors)

    @mutation(
        description="Record a skill certificate; refused outside the institution's active filing."
    )
    async def record_skill_certificate(
        self,
        info: Info,
        input: RecordSkillCertificateInput,
    ) -> RecordSkillCertificatePayload:
        ctx = info.context

        async def call() -> DomainCertificate:
            command = certificates.RecordSkillCertificate(
                holder=certificates.Holder(
                    input.id_document_type, input.id_number, input.holder_name
                ),
                filing_id=input_key(input.filing_id, expect="Filing", field="filing_id"),
                number=input.certificate_number,
                level=input.level,
                issued_on=input.issued_on,
                direction=input.direction,
                occupation_code=input.occupation_code,
                theory_score=input.theory_score,
                practical_score=input.practical_score,
                review_score=input.review_score,
            )
            return await certificates.record_skill_certificate(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(
            call,
            SkillCertificate.from_domain,
            renames={"number": "certificate_number", "name": "holder_name"},
        )
        return RecordSkillCertificatePayload(skill_certificate=found, user_errors=errors)
