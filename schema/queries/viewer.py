"""``viewer``: who the bearer token says the caller is."""

from __future__ import annotations

import strawberry

from registry.services import orgs

from ..context import Info
from ..fields import field
from ..types.enums import Role
from ..types.orgs import Account

__all__ = ["Viewer", "ViewerQueries"]


@strawberry.type(description="The caller: anonymous (PUBLIC) or one account's role.")
class Viewer:
    role: Role
    authenticated: bool

    @field(description="The signed-in account; null for anonymous callers.")
    async def account(self, info: Info) -> Account | None:
        ctx = info.context
        if not self.authenticated:
            return None
        return Account.from_domain(await orgs.current_account(ctx.registry, ctx.principal))


@strawberry.type
class ViewerQueries:
    @strawberry.field
    def viewer(self, info: Info) -> Viewer:
        role = info.context.principal.role
        return Viewer(role=role, authenticated=role is not Role.PUBLIC)
