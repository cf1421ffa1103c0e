"""``node(id)`` and ``nodes(ids)``: fetch any object by global id, with its type's own check.

Each type names the registry read that fetches it for the caller; that read applies the
type's authorisation. An object the caller may not see is indistinguishable from one that
does not exist: both are null.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import strawberry

from registry.errors import DomainError, ErrorCode
from registry.services import filings, orgs, queries

from ..context import Info, RequestContext
from ..errors import PublicError
from ..fields import field
from ..relay import MAX_PAGE, Node, decode_global_id
from ..types.creators import Creator
from ..types.credentials import Credential
from ..types.orgs import Filing, Organisation

__all__ = ["NodeQueries"]

Fetch = Callable[[RequestContext, str], Awaitable[Node | None]]


async def _creator(ctx: RequestContext, key: str) -> Node | None:
    found = await ctx.loaders.creators.load(key)
    return None if found is None else Creator.from_domain(found)


async def _credential(ctx: RequestContext, key: str) -> Node | None:
    return Credential.from_domain(await queries.get_credential(ctx.registry, ctx.principal, key))


async def _organisation(ctx: RequestContext, key: str) -> Node | None:
    return Organisation.from_domain(await orgs.get_organisation(ctx.registry, ctx.principal, key))


async def _filing(ctx: RequestContext, key: str) -> Node | None:
    return Filing.from_domain(await filings.get_filing(ctx.registry, ctx.principal, key))


FETCHERS: dict[str, Fetch] = {
    "Creator": _creator,
    "Credential": _credential,
    "Organisation": _organisation,
    "Filing": _filing,
}
# Refusals that mean "not for you": answered like "no such object".
_HIDDEN = frozenset({ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.OUT_OF_SCOPE})


async def fetch_node(ctx: RequestContext, value: str) -> Node | None:
    try:
        type_name, key = decode_global_id(value)
    except PublicError:
        return None  # not an id this service made: like an unknown id
    fetch = FETCHERS.get(type_name)
    if fetch is None:
        return None
    try:
        return await fetch(ctx, key)
    except DomainError as exc:
        if exc.code in _HIDDEN:
            return None
        raise


@strawberry.type
class NodeQueries:
    @field(description="Any object by its global id; null if absent or not yours.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await fetch_node(info.context, id)

    @field(description="Several objects by global id, in order (at most 100).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_PAGE:
            raise PublicError(f"At most {MAX_PAGE} ids.", code="INVALID_INPUT")
        return list(await asyncio.gather(*(fetch_node(info.context, i) for i in ids)))
