"""issueCredential, reissueCredential, suspendCredential, reinstateCredential,
revokeCredential.

Issuance is transactional in the registry: the credential, its random status index and its
audit event commit together or not at all. A status change flips the credential's bit in
its status list; this process's verifier sees it at once (every mutation drops its cached
status lists), other replicas within the verifier's refresh interval.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum

import strawberry

from registry.domain.credentials import Credential as DomainCredential
from registry.domain.credentials import IssuedCredential
from registry.domain.enums import OperationCode
from registry.services import credential_status, issuance
from registry.services.sources import IssueCredential

from ..context import Info, RequestContext
from ..errors import UserError, attempt, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.credentials import Credential
from ..types.enums import CredentialKind

__all__ = ["CredentialMutations"]

# The record each kind of credential attests, by GraphQL type.
SOURCE_TYPES = {
    CredentialKind.CREATOR_RECOGNITION: "Recognition",
    CredentialKind.AWARD: "AwardGrant",
    CredentialKind.SKILL_CERTIFICATE: "SkillCertificate",
    CredentialKind.TALENT_ELIGIBILITY: "EligibilityDecision",
}


@strawberry.input(
    description="Issue a credential for one record, named by its id: a Recognition "
    "(CREATOR_RECOGNITION), an AwardGrant (AWARD), a SkillCertificate (SKILL_CERTIFICATE) or an "
    "approved EligibilityDecision (TALENT_ELIGIBILITY). What the credential says is read from "
    "that record."
)
class IssueCredentialInput:
    kind: CredentialKind
    source_id: strawberry.ID = strawberry.field(
        description="The Recognition, AwardGrant, SkillCertificate or EligibilityDecision attested."
    )
    valid_until: datetime | None = strawberry.field(
        default=None,
        description="Ends validity earlier than the record's own end (never later).",
    )


@strawberry.type
class IssueCredentialPayload:
    credential: Credential | None
    qr_text: str | None = strawberry.field(description="The new credential's QR text.")
    user_errors: list[UserError]


@strawberry.input
class SuspendCredentialInput:
    credential_id: strawberry.ID
    reason: str


@strawberry.input
class ReinstateCredentialInput:
    credential_id: strawberry.ID
    reason: str | None = None


@strawberry.input
class RevokeCredentialInput:
    credential_id: strawberry.ID
    reason: str


@strawberry.enum(description="RENEW: a new validity; AMEND: the source record was corrected.")
class ReissueOperation(Enum):
    RENEW = "RENEW"
    AMEND = "AMEND"


@strawberry.input(
    description="Reissue a credential from its record as it is now. The old credential is "
    "superseded: revoked, with RENEW or AMEND on its record, in the same transaction."
)
class ReissueCredentialInput:
    credential_id: strawberry.ID
    operation: ReissueOperation
    reason: str
    valid_until: datetime | None = strawberry.field(
        default=None, description="RENEW: the new end of validity (never past the record's)."
    )


@strawberry.type
class CredentialStatusPayload:
    credential: Credential | None
    user_errors: list[UserError]


async def _issue(ctx: RequestContext, input: IssueCredentialInput) -> IssuedCredential:
    command = IssueCredential(
        kind=input.kind,
        source_id=input_key(input.source_id, expect=SOURCE_TYPES[input.kind], field="source_id"),
        valid_until=input.valid_until,
    )
    return await issuance.issue_credential(ctx.registry, ctx.principal, command)


def _issued(found: IssuedCredential | None, errors: list[UserError]) -> IssueCredentialPayload:
    """The payload of a signing: the new credential and its QR text, or why not."""
    if found is None:
        return IssueCredentialPayload(credential=None, qr_text=None, user_errors=errors)
    return IssueCredentialPayload(
        credential=Credential.from_domain(found.credential), qr_text=found.qr_text, user_errors=[]
    )


async def _change(
    credential_id: str, change: Callable[[str], Awaitable[DomainCredential]]
) -> CredentialStatusPayload:
    """Run a status change on the credential a global id names; its payload either way."""

    async def call() -> DomainCredential:
        return await change(input_key(credential_id, expect="Credential", field="credential_id"))

    found, errors = await attempt_as(call, Credential.from_domain)
    return CredentialStatusPayload(credential=found, user_errors=errors)


@strawberry.type
class CredentialMutations:
    @mutation(description="Sign and issue a credential for a record.")
    async def issue_credential(
        self,
        info: Info,
        input: IssueCredentialInput,
    ) -> IssueCredentialPayload:
        return _issued(*await attempt(lambda: _issue(info.context, input)))

    @mutation(
        description="Renew or amend a credential: a new one is signed from the record in force "
        "and the old one is revoked with that operation on its record."
    )
    async def reissue_credential(
        self, info: Info, input: ReissueCredentialInput
    ) -> IssueCredentialPayload:
        ctx = info.context

        async def call() -> IssuedCredential:
            key = input_key(input.credential_id, expect="Credential", field="credential_id")
            return await issuance.reissue_credential(
                ctx.registry,
                ctx.principal,
                key,
                operation=OperationCode(input.operation.value),
                reason=input.reason,
                valid_until=input.valid_until,
            )

        return _issued(*await attempt(call))

    @mutation(description="Suspend a credential (reversible).")
    async def suspend_credential(
        self,
        info: Info,
        input: SuspendCredentialInput,
    ) -> CredentialStatusPayload:
        ctx = info.context
        return await _change(
            input.credential_id,
            lambda key: credential_status.suspend_credential(
                ctx.registry, ctx.principal, key, reason=input.reason
            ),
        )

    @mutation(description="Lift a suspension.")
    async def reinstate_credential(
        self,
        info: Info,
        input: ReinstateCredentialInput,
    ) -> CredentialStatusPayload:
        ctx = info.context
        return await _change(
            input.credential_id,
            lambda key: credential_status.reinstate_credential(
                ctx.registry, ctx.principal, key, reason=input.reason
            ),
        )

    @mutation(description="Revoke a credential (permanent).")
    async def revoke_credential(
        self,
        info: Info,
        input: RevokeCredentialInput,
    ) -> CredentialStatusPayload:
        ctx = info.context
        return await _change(
            input.credential_id,
            lambda key: credential_status.revoke_credential(
                ctx.registry, ctx.principal, key, reason=input.reason
            ),
        )
