"""``ccr admin``: organisations, users and bearer tokens, by the operator at the console."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from ._common import DatabaseUrl, fail, record_id, run, with_registry

__all__ = ["register"]

E = TypeVar("E", bound=StrEnum)


def register(app: typer.Typer) -> None:
    admin = typer.Typer(help="Organisations, users and tokens.", no_args_is_help=True)
    app.add_typer(admin, name="admin")

    @admin.command("create-org")
    def create_org(
        code: Annotated[str, typer.Option(help="Short code, e.g. yp-talent")],
        name: Annotated[str, typer.Option(help="Full name, e.g. 杨浦区人才局")],
        kind: Annotated[str, typer.Option(help="OPERATOR, TALENT_OFFICE, CAC_OFFICE, …")],
        region: Annotated[str, typer.Option(help="Region code, e.g. 310110")],
        uscc: Annotated[str | None, typer.Option(help="Unified social credit code")] = None,
        name_en: Annotated[
            str | None, typer.Option("--name-en", help="English name, e.g. Yangpu Talent Bureau")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Create an organisation."""
        from registry.authz import Principal
        from registry.domain.enums import OrgKind
        from registry.services import orgs

        org_kind = _parse(OrgKind, kind, "--kind")
        command = orgs.CreateOrganisation(code, name, org_kind, region, uscc, name_en)
        created = run(
            with_registry(
                database_url,
                lambda ctx: orgs.create_organisation(ctx, Principal.system(), command),
            )
        )
        Console().print(f"organisation {created.id} ({created.kind}, {created.region_code})")

    @admin.command("create-user")
    def create_user(
        org: Annotated[str, typer.Option(help="Organisation code")],
        username: Annotated[str, typer.Option(help="Login name, unique in the organisation")],
        role: Annotated[str, typer.Option(help="TALENT_OFFICIAL, EVALUATOR, CREATOR, …")],
        name: Annotated[str | None, typer.Option(help="Display name")] = None,
        creator: Annotated[
            str | None,
            typer.Option(help="Creator id, or its API id (creator accounts)", callback=record_id),
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Create an account; prints its id."""
        from registry.authz import Principal
        from registry.domain.enums import Role
        from registry.services import orgs

        command = orgs.CreateAccount(org, username, _parse(Role, role, "--role"), name, creator)
        account = run(
            with_registry(
                database_url, lambda ctx: orgs.create_account(ctx, Principal.system(), command)
            )
        )
        Console().print(account.id)

    @admin.command("create-token")
    def create_token(
        org: Annotated[str, typer.Option(help="Organisation code")],
        role: Annotated[str, typer.Option(help="The account's role")],
        username: Annotated[
            str | None, typer.Option(help="Account (created if missing) [default: the role]")
        ] = None,
        label: Annotated[str, typer.Option(help="What the token is for")] = "cli",
        expires_in_days: Annotated[
            int | None,
            typer.Option(help="Expire after this many days [default: CCR_TOKEN_DAYS, 90]"),
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Create a bearer token and print only the token, for scripts."""
        from registry.authz import Principal
        from registry.domain.enums import Role
        from registry.services import orgs
        from registry.services.context import ServiceContext

        parsed = _parse(Role, role, "--role")
        if expires_in_days is not None and expires_in_days <= 0:
            raise fail("--expires-in-days must be positive", 2)

        async def action(ctx: ServiceContext) -> str:
            operator = Principal.system()
            account = await orgs.ensure_account(
                ctx,
                operator,
                orgs.CreateAccount(org, username or parsed.value.lower(), parsed),
            )
            expires = (
                None if expires_in_days is None else ctx.now() + timedelta(days=expires_in_days)
            )
            issued = await orgs.create_token(
                ctx, operator, account_id=account.id, label=label, expires_at=expires
            )
            return issued.secret

        sys.stdout.write(run(with_registry(database_url, action)) + "\n")

    @admin.command("tokens")
    def tokens_command(
        org: Annotated[str, typer.Option(help="Organisation code")],
        username: Annotated[str, typer.Option(help="The account's login name")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """List an account's tokens: id, prefix, label, created, expires, last use, revoked."""
        from rich.table import Table

        from registry.authz import Principal
        from registry.domain.orgs import ApiToken
        from registry.services import orgs
        from registry.services.context import ServiceContext

        async def action(ctx: ServiceContext) -> list[ApiToken]:
            account = await orgs.account_by_username(ctx, Principal.system(), org, username)
            return await orgs.list_tokens(ctx, Principal.system(), account.id)

        table = Table("id", "prefix", "label", "created", "expires", "last used", "revoked")
        for token in run(with_registry(database_url, action)):
            table.add_row(
                token.id,
                token.prefix + "…",
                token.label + (" (single use)" if token.single_use else ""),
                _when(token.created_at),
                _when(token.expires_at),
                _when(token.last_used_at),
                _when(token.revoked_at),
            )
        Console().print(table)

    @admin.command("revoke-token")
    def revoke_token_command(
        token_id: Annotated[str, typer.Argument(help="The token's id (see `ccr admin tokens`)")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Revoke a token at once (a leaked one)."""
        from registry.authz import Principal
        from registry.domain.orgs import ApiToken
        from registry.invalidation import announce_invalidation
        from registry.services import orgs
        from registry.services.context import ServiceContext

        async def action(ctx: ServiceContext) -> ApiToken:
            token = await orgs.revoke_token(ctx, Principal.system(), token_id)
            await announce_invalidation(ctx, "tokens")  # every running replica forgets it
            return token

        revoked = run(with_registry(database_url, action))
        Console().print(f"token {revoked.id} ({revoked.prefix}…) revoked")

    @admin.command("create-client")
    def create_client(
        org: Annotated[str, typer.Option(help="The partner's organisation code")],
        name: Annotated[str, typer.Option(help="What the client is, e.g. 核验接口")],
        purposes: Annotated[str, typer.Option(help="Comma-separated, e.g. CREATOR_BADGE")],
        scopes: Annotated[
            str,
            typer.Option(help="Comma-separated: verify:result, verify:achievement, verify:holder"),
        ],
        rate: Annotated[
            float | None, typer.Option(help="Its own requests a second [default: CCR_CLIENT_RATE]")
        ] = None,
        burst: Annotated[
            int | None, typer.Option(help="Its own burst [default: CCR_CLIENT_BURST]")
        ] = None,
        expires_in_days: Annotated[
            int | None, typer.Option(help="Its token expires after this many days [default: never]")
        ] = None,
        database_url: DatabaseUrl = None,
    ) -> None:
        """Register a partner's API client; prints its id, then its bearer token (shown once)."""
        from registry.authz import Principal
        from registry.domain.partners import IssuedApiClient
        from registry.services import partners
        from registry.services.context import ServiceContext

        if expires_in_days is not None and expires_in_days <= 0:
            raise fail("--expires-in-days must be positive", 2)

        async def action(ctx: ServiceContext) -> IssuedApiClient:
            expires = (
                None if expires_in_days is None else ctx.now() + timedelta(days=expires_in_days)
            )
            command = partners.CreateApiClient(
                organisation=org,
                name=name,
                purposes=tuple(p for p in purposes.split(",") if p.strip()),
                scopes=tuple(s for s in scopes.split(",") if s.strip()),
                rate_per_second=rate,
                burst=burst,
                expires_at=expires,
            )
            return await partners.create_api_client(ctx, Principal.system(), command)

        issued = run(with_registry(database_url, action))
        Console(stderr=True).print(f"client {issued.client.id} of {issued.client.organisation}")
        sys.stdout.write(issued.secret + "\n")

    @admin.command("clients")
    def clients_command(database_url: DatabaseUrl = None) -> None:
        """List partners' API clients: id, organisation, name, purposes, scopes, rate, state."""
        from rich.table import Table

        from registry.authz import Principal
        from registry.services import partners

        found = run(
            with_registry(
                database_url, lambda ctx: partners.list_api_clients(ctx, Principal.system())
            )
        )
        table = Table("id", "organisation", "name", "purposes", "scopes", "rate", "revoked")
        for client in found:
            rate = "default" if client.rate_per_second is None else f"{client.rate_per_second:g}/s"
            table.add_row(
                client.id,
                client.organisation,
                client.name,
                ", ".join(client.purposes),
                ", ".join(client.scopes),
                rate + ("" if client.burst is None else f", burst {client.burst}"),
                _when(client.revoked_at),
            )
        Console().print(table)

    @admin.command("revoke-client")
    def revoke_client_command(
        client_id: Annotated[
            str,
            typer.Argument(help="The client's id (see `ccr admin clients`)", callback=record_id),
        ],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Revoke an API client: its token is refused from the next request, on every replica."""
        from registry.authz import Principal
        from registry.domain.partners import ApiClient
        from registry.invalidation import announce_invalidation
        from registry.services import partners
        from registry.services.context import ServiceContext

        async def action(ctx: ServiceContext) -> ApiClient:
            client = await partners.revoke_api_client(ctx, Principal.system(), client_id)
            await announce_invalidation(ctx, "tokens")
            return client

        revoked = run(with_registry(database_url, action))
        Console().print(f"client {revoked.id} ({revoked.name}) revoked")

    @admin.command("disable-user")
    def disable_user(
        org: Annotated[str, typer.Option(help="Organisation code")],
        username: Annotated[str, typer.Option(help="The account's login name")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Disable an account: every token of it is revoked and refused at once."""
        _set_active(org, username, active=False, database_url=database_url)

    @admin.command("enable-user")
    def enable_user(
        org: Annotated[str, typer.Option(help="Organisation code")],
        username: Annotated[str, typer.Option(help="The account's login name")],
        database_url: DatabaseUrl = None,
    ) -> None:
        """Enable a disabled account again (it needs a new token: `create-token`)."""
        _set_active(org, username, active=True, database_url=database_url)


def _set_active(org: str, username: str, *, active: bool, database_url: str | None) -> None:
    from registry.authz import Principal
    from registry.domain.orgs import Account
    from registry.invalidation import announce_invalidation
    from registry.services import orgs
    from registry.services.context import ServiceContext

    async def action(ctx: ServiceContext) -> Account:
        account = await orgs.account_by_username(ctx, Principal.system(), org, username)
        changed = await orgs.set_account_active(ctx, Principal.system(), account.id, active=active)
        await announce_invalidation(ctx, "tokens")  # every running replica forgets its tokens
        return changed

    changed = run(with_registry(database_url, action))
    state = "enabled" if changed.active else "disabled (its tokens are revoked)"
    Console().print(f"account {org}/{username} {state}")


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _parse(enum_type: type[E], value: str, option: str) -> E:
    try:
        return enum_type(value.upper())
    except ValueError:
        choices = ", ".join(member.value for member in enum_type)
        raise fail(f"{option} must be one of {choices}", 2) from None
