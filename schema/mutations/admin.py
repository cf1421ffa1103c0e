"""rotateSigningKey (system administrators)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from registry.domain.credentials import SigningKeyInfo
from registry.services import keys
from signing import Algorithm

from ..context import Info
from ..errors import UserError, attempt_as
from ..fields import mutation
from ..types.credentials import SigningKey

__all__ = ["AdminMutations"]


@strawberry.enum(description="ES256 (P-256, the default) or EdDSA (Ed25519).")
class SigningAlgorithm(Enum):
    ES256 = "ES256"
    EDDSA = "EdDSA"


@strawberry.input
class RotateSigningKeyInput:
    algorithm: SigningAlgorithm = SigningAlgorithm.ES256
    activate_at: datetime | None = strawberry.field(
        default=None,
        description="When the new key starts signing (default: now). It is published at once.",
    )


@strawberry.type
class RotateSigningKeyPayload:
    signing_key: SigningKey | None
    user_errors: list[UserError]


@strawberry.type
class AdminMutations:
    @mutation(description="Publish a new issuer key; the current one retires then.")
    async def rotate_signing_key(
        self,
        info: Info,
        input: RotateSigningKeyInput,
    ) -> RotateSigningKeyPayload:
        ctx = info.context

        async def call() -> SigningKeyInfo:
            return await keys.rotate_signing_key(
                ctx.registry,
                ctx.principal,
                alg=Algorithm.from_jose(input.algorithm.value),
                activate_at=input.activate_at,
            )

        found, errors = await attempt_as(call, SigningKey.from_domain)
        return RotateSigningKeyPayload(signing_key=found, user_errors=errors)
