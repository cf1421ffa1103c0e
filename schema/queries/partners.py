"""API clients and the disclosure log (auditors, operators, and a partner for its own)."""

from __future__ import annotations

import strawberry

from registry.domain.paging import PageRequest
from registry.services import partners

from ..context import Info
from ..fields import field
from ..relay import Connection, decode_global_id, to_connection
from ..types.partners import ApiClient, Disclosure

__all__ = ["PartnerQueries"]


@strawberry.type
class PartnerQueries:
    @field(description="API clients: all of them for operators and auditors, a partner its own.")
    async def api_clients(self, info: Info) -> list[ApiClient]:
        ctx = info.context
        found = await partners.list_api_clients(ctx.registry, ctx.principal)
        return [ApiClient.from_domain(client) for client in found]

    @field(
        description=(
            "What partners were told, oldest first: every disclosure for auditors and "
            "operators, a partner's own organisation's for a partner."
        )
    )
    async def disclosures(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        client: strawberry.ID | None = None,
    ) -> Connection[Disclosure]:
        ctx = info.context
        client_key = None if client is None else decode_global_id(client, expect="ApiClient")[1]
        page = await partners.list_disclosures(
            ctx.registry,
            ctx.principal,
            PageRequest(first=first, after=after, last=last, before=before),
            client_id=client_key,
        )
        return to_connection(page, Disclosure.from_domain)
