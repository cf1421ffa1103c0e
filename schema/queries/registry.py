"""Reading the registry: creators, credentials, organisations, filings, keys, audit events."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from registry.domain.paging import PageRequest
from registry.services import audit_log, awards, filings, keys, orgs, queries
from registry.services.audit_log import AuditFilter
from registry.services.queries import CreatorFilter, CredentialFilter

from ..context import Info
from ..fields import field
from ..relay import Connection, decode_global_id, to_connection
from ..types.audit import AuditEvent
from ..types.awards import AwardProgramme
from ..types.creators import Creator
from ..types.credentials import Credential, SigningKey
from ..types.enums import CredentialKind, CredentialStatus, Origin, Platform
from ..types.orgs import Filing, Organisation
from .nodes import fetch_node

__all__ = ["RegistryQueries"]


@strawberry.type
class RegistryQueries:
    @field(description="A creator by global id; null if absent or not yours to see.")
    async def creator(self, info: Info, id: strawberry.ID) -> Creator | None:
        found = await fetch_node(info.context, id)
        return found if isinstance(found, Creator) else None

    @field(description="Creators the caller may see, oldest first (keyset paging).")
    async def creators(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        search: Annotated[
            str | None,
            strawberry.argument(
                description="Part of a name or platform handle, the last four characters of an "
                "ID number, a whole ID number (exact, through its lookup hash) or a certificate "
                "number."
            ),
        ] = None,
        region_code: str | None = None,
        origin: Origin | None = None,
        cluster_code: Annotated[
            str | None,
            strawberry.argument(description="Holds a recognition in force in this cluster."),
        ] = None,
        platform: Platform | None = None,
        tier: Annotated[
            str | None,
            strawberry.argument(
                description="Holds an eligibility grant in force at this tier (e.g. LEADING)."
            ),
        ] = None,
        credential_status: Annotated[
            CredentialStatus | None,
            strawberry.argument(
                description="Holds a credential (that you may see) in this status."
            ),
        ] = None,
    ) -> Connection[Creator]:
        ctx = info.context
        page = await queries.list_creators(
            ctx.registry,
            ctx.principal,
            PageRequest(first=first, after=after, last=last, before=before),
            CreatorFilter(
                search=search or None,
                region_code=region_code,
                origin=origin,
                cluster_code=cluster_code,
                platform=platform,
                tier=tier,
                credential_status=credential_status,
            ),
        )
        return to_connection(page, Creator.from_domain)

    @field(description="A credential by global id; null if absent or not yours.")
    async def credential(self, info: Info, id: strawberry.ID) -> Credential | None:
        found = await fetch_node(info.context, id)
        return found if isinstance(found, Credential) else None

    @field(description="Credentials the caller may see: a creator's own, an issuer's issued ones.")
    async def credentials(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        creator_id: strawberry.ID | None = None,
        kind: CredentialKind | None = None,
        status: CredentialStatus | None = None,
        organisation: str | None = None,
    ) -> Connection[Credential]:
        ctx = info.context
        creator = None if creator_id is None else decode_global_id(creator_id, expect="Creator")
        page = await queries.list_credentials(
            ctx.registry,
            ctx.principal,
            PageRequest(first=first, after=after, last=last, before=before),
            CredentialFilter(
                kind=kind,
                status=status,
                creator_id=None if creator is None else creator[1],
                organisation=organisation,
            ),
        )
        return to_connection(page, Credential.from_domain)

    @field(description="Every organisation (signed-in callers).")
    async def organisations(self, info: Info) -> list[Organisation]:
        ctx = info.context
        return [
            Organisation.from_domain(org)
            for org in await orgs.list_organisations(ctx.registry, ctx.principal)
        ]

    @field(description="Evaluation filings the caller may read.")
    async def filings(self, info: Info, organisation: str | None = None) -> list[Filing]:
        ctx = info.context
        found = await filings.list_filings(ctx.registry, ctx.principal, organisation=organisation)
        return [Filing.from_domain(filing) for filing in found]

    @field(description="Award and honour programmes.")
    async def award_programmes(self, info: Info) -> list[AwardProgramme]:
        found = await awards.list_programmes(info.context.registry)
        return [AwardProgramme.from_domain(programme) for programme in found]

    @field(description="Issuer keys, public parts (system administrators).")
    async def signing_keys(self, info: Info) -> list[SigningKey]:
        ctx = info.context
        found = await keys.list_signing_keys(ctx.registry, ctx.principal)
        return [SigningKey.from_domain(key) for key in found]

    @field(description="The audit log, oldest first (auditors).")
    async def audit_events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        target_type: str | None = None,
        target_id: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Connection[AuditEvent]:
        ctx = info.context
        page = await audit_log.list_audit_events(
            ctx.registry,
            ctx.principal,
            PageRequest(first=first, after=after, last=last, before=before),
            AuditFilter(
                target_type=target_type,
                target_id=target_id,
                action=action,
                since=since,
                until=until,
            ),
        )
        return to_connection(page, AuditEvent.from_domain)
