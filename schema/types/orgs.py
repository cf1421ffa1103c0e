"""Organisations, accounts, evaluation filings (备案) and the signed-in viewer."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from registry.domain import orgs as domain
from registry.domain.skills import Filing as DomainFiling
from registry.services import orgs

from ..context import Info
from ..fields import field
from ..relay import Node, decode_global_id, global_id
from .audit import HISTORY, HistoryEntry, record_history
from .enums import FilingScope, FilingState, InstitutionCategory, OrgKind, Role, SkillLevel

__all__ = ["Account", "ApiToken", "Filing", "Organisation"]


@strawberry.type(description="An organisation: an office, institution, platform or operator.")
class Organisation(Node):
    code: str
    name: str
    name_en: str | None = strawberry.field(description="The English name, where recorded.")
    kind: OrgKind
    region_code: str
    uscc: str | None = strawberry.field(description="Unified social credit code.")
    created_at: datetime

    @classmethod
    def from_domain(cls, org: domain.Organisation) -> Organisation:
        return cls(
            id=global_id("Organisation", org.id),
            code=org.id,
            name=org.name,
            name_en=org.name_en,
            kind=org.kind,
            region_code=org.region_code,
            uscc=org.uscc,
            created_at=org.created_at,
        )


@strawberry.type(
    description="A bearer token's record: never the token, only the prefix it starts with."
)
class ApiToken:
    id: strawberry.ID = strawberry.field(description="What revokeToken takes.")
    label: str
    prefix: str = strawberry.field(description="The token's first 12 characters.")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None = strawberry.field(
        description="When the token last worked, to within an hour."
    )
    single_use: bool = strawberry.field(description="A bootstrap token: revoked by its use.")

    @classmethod
    def from_domain(cls, token: domain.ApiToken) -> ApiToken:
        return cls(
            id=strawberry.ID(token.id),
            label=token.label,
            prefix=token.prefix,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
            last_used_at=token.last_used_at,
            single_use=token.single_use,
        )


@strawberry.type(description="A signed-in account: one role in one organisation.")
class Account(Node):
    username: str
    display_name: str
    role: Role
    organisation_code: str
    creator_key: strawberry.Private[str | None]
    active: bool
    created_at: datetime

    @strawberry.field
    def creator_id(self) -> strawberry.ID | None:
        return None if self.creator_key is None else global_id("Creator", self.creator_key)

    @strawberry.field
    async def organisation(self, info: Info) -> Organisation:
        ctx = info.context
        org = await orgs.get_organisation(ctx.registry, ctx.principal, self.organisation_code)
        return Organisation.from_domain(org)

    @field(description="The account's tokens, newest first (administrators only).")
    async def tokens(self, info: Info) -> list[ApiToken]:
        ctx = info.context
        key = decode_global_id(str(self.id), expect="Account")[1]
        found = await orgs.list_tokens(ctx.registry, ctx.principal, key)
        return [ApiToken.from_domain(token) for token in found]

    @classmethod
    def from_domain(cls, account: domain.Account) -> Account:
        return cls(
            id=global_id("Account", account.id),
            username=account.username,
            display_name=account.display_name,
            role=account.role,
            organisation_code=account.organisation,
            creator_key=account.creator_id,
            active=account.active,
            created_at=account.created_at,
        )


@strawberry.type(
    description="An evaluation institution's filing (备案): occupation × directions × levels × "
    "scope for a term. Certificates outside an active filing are refused."
)
class Filing(Node):
    organisation_code: str
    occupation_code: str
    directions: list[str]
    levels: list[SkillLevel]
    scope: FilingScope
    province_code: str
    category: InstitutionCategory
    prefix: str = strawberry.field(description="Positions 1–13 of its certificate numbers.")
    valid_from: date
    valid_until: date
    state: FilingState

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "filing", self.id)

    @classmethod
    def from_domain(cls, filing: DomainFiling) -> Filing:
        return cls(
            id=global_id("Filing", filing.id),
            organisation_code=filing.organisation,
            occupation_code=filing.occupation_code,
            directions=list(filing.directions),
            levels=list(filing.levels),
            scope=filing.scope,
            province_code=filing.province_code,
            category=filing.category,
            prefix=filing.prefix,
            valid_from=filing.valid_from,
            valid_until=filing.valid_until,
            state=filing.state,
        )
