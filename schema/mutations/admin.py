"""rotateSigningKey, createToken, revokeToken, disableAccount, enableAccount (system
administrators)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from registry.domain.credentials import SigningKeyInfo
from registry.domain.orgs import Account as DomainAccount
from registry.domain.orgs import ApiToken as DomainToken
from registry.errors import NotAuthenticated
from registry.services import keys, orgs
from signing import Algorithm

from ..context import Info
from ..errors import UserError, attempt, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.credentials import SigningKey
from ..types.orgs import Account, ApiToken

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


@strawberry.input
class CreateTokenInput:
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Whose token (default: the caller's own account)."
    )
    label: str = ""
    expires_at: datetime | None = strawberry.field(
        default=None, description="Default: the configured token lifetime (90 days)."
    )


@strawberry.type
class CreateTokenPayload:
    token: ApiToken | None
    secret: str | None = strawberry.field(description="The bearer token, shown this once.")
    user_errors: list[UserError]


@strawberry.input
class RevokeTokenInput:
    token_id: strawberry.ID


@strawberry.type
class TokenPayload:
    token: ApiToken | None
    user_errors: list[UserError]


@strawberry.input
class AccountInput:
    account_id: strawberry.ID


@strawberry.type
class AccountPayload:
    account: Account | None
    user_errors: list[UserError]


def _own_account(info: Info) -> str:
    ref = info.context.principal.account_ref
    if ref is None:
        raise NotAuthenticated("no account is signed in")
    return ref


@strawberry.type
class AdminMutations:
    @mutation(
        description="Create a bearer token for an account (by default the caller's own: how "
        "the single-use bootstrap token is exchanged for a lasting one)."
    )
    async def create_token(self, info: Info, input: CreateTokenInput) -> CreateTokenPayload:
        ctx = info.context

        async def call() -> orgs.IssuedToken:
            account = (
                _own_account(info)
                if input.account_id is None
                else input_key(input.account_id, expect="Account", field="account_id")
            )
            return await orgs.create_token(
                ctx.registry,
                ctx.principal,
                account_id=account,
                label=input.label,
                expires_at=input.expires_at,
            )

        found, errors = await attempt(call)
        if found is None:
            return CreateTokenPayload(token=None, secret=None, user_errors=errors)
        return CreateTokenPayload(
            token=ApiToken.from_domain(found.token), secret=found.secret, user_errors=[]
        )

    @mutation(description="Revoke a bearer token: it stops working on the next request.")
    async def revoke_token(self, info: Info, input: RevokeTokenInput) -> TokenPayload:
        ctx = info.context

        async def call() -> DomainToken:
            return await orgs.revoke_token(ctx.registry, ctx.principal, str(input.token_id))

        found, errors = await attempt_as(call, ApiToken.from_domain)
        return TokenPayload(token=found, user_errors=errors)

    @mutation(description="Disable an account: its tokens are revoked and refused at once.")
    async def disable_account(self, info: Info, input: AccountInput) -> AccountPayload:
        return await _set_active(info, input, active=False)

    @mutation(description="Enable a disabled account again (it needs a new token).")
    async def enable_account(self, info: Info, input: AccountInput) -> AccountPayload:
        return await _set_active(info, input, active=True)

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


async def _set_active(info: Info, input: AccountInput, *, active: bool) -> AccountPayload:
    ctx = info.context

    async def call() -> DomainAccount:
        account = input_key(input.account_id, expect="Account", field="account_id")
        return await orgs.set_account_active(ctx.registry, ctx.principal, account, active=active)

    found, errors = await attempt_as(call, Account.from_domain)
    return AccountPayload(account=found, user_errors=errors)
