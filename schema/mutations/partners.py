"""createApiClient and revokeApiClient (system administrators).

A client's bearer token is in the payload of ``createApiClient`` only: the registry keeps its
hash, so it cannot be shown again.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from registry.domain.partners import SCOPE_NAMES, IssuedApiClient
from registry.domain.partners import ApiClient as DomainApiClient
from registry.services import partners

from ..context import Info
from ..errors import UserError, attempt, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.partners import ApiClient

__all__ = ["PartnerMutations"]


@strawberry.input
class CreateApiClientInput:
    organisation: str = strawberry.field(description="Code of the partner's organisation.")
    name: str
    purposes: list[str] = strawberry.field(
        description="The purposes it will name when it asks, e.g. CREATOR_BADGE."
    )
    scopes: list[str] = strawberry.field(
        description="Parts of an answer it may receive: " + ", ".join(SCOPE_NAMES) + "."
    )
    rate_per_second: float | None = strawberry.field(
        default=None, description="Its own rate limit; null: the deployment's default."
    )
    burst: int | None = None
    expires_at: datetime | None = strawberry.field(
        default=None, description="When its token stops working; null: never (revoke it instead)."
    )


@strawberry.type
class CreateApiClientPayload:
    api_client: ApiClient | None
    secret: str | None = strawberry.field(
        description="The client's bearer token: shown here once, only its hash is stored."
    )
    user_errors: list[UserError]


@strawberry.input
class RevokeApiClientInput:
    api_client_id: strawberry.ID


@strawberry.type
class RevokeApiClientPayload:
    api_client: ApiClient | None
    user_errors: list[UserError]


@strawberry.type
class PartnerMutations:
    @mutation(description="Register a partner's API client; its bearer token is returned once.")
    async def create_api_client(
        self, info: Info, input: CreateApiClientInput
    ) -> CreateApiClientPayload:
        ctx = info.context

        async def call() -> IssuedApiClient:
            return await partners.create_api_client(
                ctx.registry,
                ctx.principal,
                partners.CreateApiClient(
                    organisation=input.organisation,
                    name=input.name,
                    purposes=tuple(input.purposes),
                    scopes=tuple(scope.strip() for scope in input.scopes),
                    rate_per_second=input.rate_per_second,
                    burst=input.burst,
                    expires_at=input.expires_at,
                ),
            )

        issued, errors = await attempt(call)
        if issued is None:
            return CreateApiClientPayload(api_client=None, secret=None, user_errors=errors)
        return CreateApiClientPayload(
            api_client=ApiClient.from_domain(issued.client),
            secret=issued.secret,
            user_errors=[],
        )

    @mutation(description="Revoke an API client: its tokens stop working.")
    async def revoke_api_client(
        self, info: Info, input: RevokeApiClientInput
    ) -> RevokeApiClientPayload:
        ctx = info.context

        async def call() -> DomainApiClient:
            key = input_key(input.api_client_id, expect="ApiClient", field="api_client_id")
            return await partners.revoke_api_client(ctx.registry, ctx.principal, key)

        # Cached tokens are dropped after every mutation (RequestContext.after_mutation).
        found, errors = await attempt_as(call, ApiClient.from_domain)
        return RevokeApiClientPayload(api_client=found, user_errors=errors)
