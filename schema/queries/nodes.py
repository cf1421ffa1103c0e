"""``node(id)`` and ``nodes(ids)``: fetch any object by global id, with its type's own check.

Each type names the registry read that fetches it for the caller; that read applies the
type's authorisation. An object the caller may not see is indistinguishable from one that
does not exist: both are null.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry

from registry.authz import Principal
from registry.errors import DomainError, ErrorCode
from registry.services import audit_log, filings, keys, orgs, partners, queries, reads
from registry.services.context import ServiceContext

from ..context import Info, RequestContext
from ..errors import PublicError
from ..fields import field
from ..relay import MAX_PAGE, Node, decode_global_id
from ..types.audit import AuditEvent
from ..types.awards import AwardGrant
from ..types.creators import Creator, PlatformAccount, Recognition, Work
from ..types.credentials import Credential, SigningKey
from ..types.eligibility import EligibilityDecision
from ..types.orgs import Account, Filing, Organisation
from ..types.partners import ApiClient, Disclosure
from ..types.skills import SkillCertificate

__all__ = ["FETCHERS", "NodeQueries"]

T = TypeVar("T")
Fetch = Callable[[RequestContext, str], Awaitable[Node | None]]
Read = Callable[[ServiceContext, Principal, str], Awaitable[T]]


def _read(read: Read[T], convert: Callable[[T], Node]) -> Fetch:
    """A fetcher that asks the type's registry read, which applies the type's authorisation."""

    async def fetch(ctx: RequestContext, key: str) -> Node | None:
        return convert(await read(ctx.registry, ctx.principal, key))

    return fetch


async def _creator(ctx: RequestContext, key: str) -> Node | None:
    """Through the request's creator loader, so a page of refetches is one read."""
    found = await ctx.loaders.creators.load(key)
    return None if found is None else Creator.from_domain(found)


# Every type that implements Node, by the type name in its global id.
FETCHERS: dict[str, Fetch] = {
    "Account": _read(orgs.get_account, Account.from_domain),
    "ApiClient": _read(partners.get_api_client, ApiClient.from_domain),
    "AuditEvent": _read(audit_log.get_audit_event, AuditEvent.from_domain),
    "AwardGrant": _read(queries.get_award, AwardGrant.from_domain),
    "Creator": _creator,
    "Credential": _read(queries.get_credential, Credential.from_domain),
    "Disclosure": _read(partners.get_disclosure, Disclosure.from_domain),
    "EligibilityDecision": _read(reads.get_decision, EligibilityDecision.from_domain),
    "Filing": _read(filings.get_filing, Filing.from_domain),
    "Organisation": _read(orgs.get_organisation, Organisation.from_domain),
    "PlatformAccount": _read(queries.get_platform_account, PlatformAccount.from_domain),
    "Recognition": _read(queries.get_recognition, Recognition.from_domain),
    "SigningKey": _read(keys.get_signing_key, SigningKey.from_domain),
    "SkillCertificate": _read(queries.get_certificate, SkillCertificate.from_domain),
    "Work": _read(queries.get_work, Work.from_domain),
}
# Refusals that mean "not for you" (an anonymous caller included): answered like "no such
# object".
_HIDDEN = frozenset(
    {
        ErrorCode.NOT_FOUND,
        ErrorCode.FORBIDDEN,
        ErrorCode.OUT_OF_SCOPE,
        ErrorCode.UNAUTHENTICATED,
    }
)


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
