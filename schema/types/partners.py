"""Partner API clients and the disclosure log: what each partner was told, and why."""

from __future__ import annotations

from datetime import datetime

import strawberry

from registry.domain.partners import ApiClient as DomainApiClient
from registry.domain.partners import DisclosureEvent

from ..relay import Node, global_id

__all__ = ["ApiClient", "Disclosure"]


@strawberry.type(
    description="A partner's API client: its declared purposes, its scopes and its rate limit."
)
class ApiClient(Node):
    client_id: str = strawberry.field(description="The client's registry id (`cl_…`).")
    organisation_code: str
    account_id: str = strawberry.field(description="Registry id of the client's PARTNER account.")
    name: str
    purposes: list[str] = strawberry.field(description="What the client may ask for.")
    scopes: list[str] = strawberry.field(description="Which parts of an answer it may receive.")
    rate_per_second: float | None = strawberry.field(
        description="Its own leaky-bucket rate; null: the deployment's default."
    )
    burst: int | None = strawberry.field(description="Its own burst; null: the default.")
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def from_domain(cls, client: DomainApiClient) -> ApiClient:
        return cls(
            id=global_id("ApiClient", client.id),
            client_id=client.id,
            organisation_code=client.organisation,
            account_id=client.account_id,
            name=client.name,
            purposes=list(client.purposes),
            scopes=list(client.scopes),
            rate_per_second=client.rate_per_second,
            burst=client.burst,
            created_at=client.created_at,
            revoked_at=client.revoked_at,
        )


@strawberry.type(
    description=(
        "One answer given to a partner: for which declared purpose, about which credential, "
        "with which outcome, and exactly which fields it carried. Never the QR text."
    )
)
class Disclosure(Node):
    at: datetime
    client_id: str | None = strawberry.field(description="The API client's registry id.")
    organisation_code: str | None
    actor: str = strawberry.field(description="Account reference; never a person's name.")
    credential_id: str | None = strawberry.field(
        description="The credential's id as in its claims; null when nothing could be read."
    )
    purpose: str
    fields: list[str] = strawberry.field(
        description="Dotted paths of the fields disclosed, e.g. `claims.achievement.level`."
    )
    outcome: str | None = strawberry.field(description="`VALID` or the failing stage's code.")

    @classmethod
    def from_domain(cls, event: DisclosureEvent) -> Disclosure:
        return cls(
            id=global_id("Disclosure", str(event.id)),
            at=event.at,
            client_id=event.client_id,
            organisation_code=event.organisation,
            actor=event.actor,
            credential_id=event.credential_id,
            purpose=event.purpose,
            fields=list(event.fields),
            outcome=event.outcome_code,
        )
