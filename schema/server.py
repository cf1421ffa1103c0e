"""``ccr serve``: prepare the registry, print how to get in, and run uvicorn.

Preparation (before the server accepts connections): migrate the database, make sure an
issuer key exists, create the operator organisation and its administrator on first run
(printing a bootstrap token once: only its hash is stored), and with ``demo`` seed a demo
registry and print one fresh token per demo role.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

from registry.authz import Principal
from registry.domain.enums import OrgKind, Role
from registry.errors import ConfigurationError, NotFound
from registry.runtime import open_registry
from registry.services import keys, orgs
from registry.services.context import ServiceContext
from registry.startup import startup_lock

from .settings import ApiSettings

__all__ = ["OPERATOR_ORG", "ServeOptions", "Welcome", "prepare", "serve"]

OPERATOR_ORG = "registry-ops"
OPERATOR = Principal.system("serve")


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    demo: bool = False
    access_log: bool = True


@dataclass(slots=True)
class Welcome:
    """What to tell the person who started the server."""

    admin_token: str | None = None
    demo_tokens: list[tuple[str, str, str]] = field(default_factory=list)  # role, who, token
    demo_notes: list[str] = field(default_factory=list)


BOOTSTRAP_LIFETIME = timedelta(hours=24)


async def _bootstrap_admin(ctx: ServiceContext) -> str | None:
    """On a registry without an operator organisation: create it, its admin and a token."""
    try:
        await orgs.get_organisation(ctx, OPERATOR, OPERATOR_ORG)
        return None
    except NotFound:
        pass
    await orgs.create_organisation(
        ctx,
        OPERATOR,
        orgs.CreateOrganisation(
            code=OPERATOR_ORG,
            name="注册中心运营 Registry operations",
            kind=OrgKind.OPERATOR,
            region_code="000000",
        ),
    )
    account = await orgs.create_account(
        ctx,
        OPERATOR,
        orgs.CreateAccount(organisation=OPERATOR_ORG, username="admin", role=Role.SYSTEM_ADMIN),
    )
    # Single-use and short-lived: it is printed on a console and may end up in a log.
    issued = await orgs.create_token(
        ctx,
        OPERATOR,
        account_id=account.id,
        label="bootstrap",
        expires_at=ctx.now() + BOOTSTRAP_LIFETIME,
        single_use=True,
    )
    return issued.secret


async def prepare(settings: ApiSettings, *, demo: bool) -> Welcome:
    if demo and settings.production:
        # Demo accounts and their tokens are printed on the console: never in production.
        raise ConfigurationError("--demo is refused with CCR_ENV=production")
    # Replicas started together take turns (registry.startup): one migrates, creates the first
    # key and the bootstrap administrator; the others find them made.
    async with startup_lock(settings.registry):
        ctx = await open_registry(settings.registry, migrate=True)
        try:
            await keys.ensure_signing_key(ctx, OPERATOR)
            welcome = Welcome(admin_token=await _bootstrap_admin(ctx))
            if demo:
                from .demo import seed_demo

                seeded = await seed_demo(ctx, token_lifetime=timedelta(days=7))
                welcome.demo_tokens = seeded.tokens
                welcome.demo_notes = seeded.notes
            return welcome
        finally:
            await ctx.aclose()


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def address_warning(public_url: str, host: str, port: int) -> str | None:
    """A warning when the address QR links and credentials carry is this machine's loopback
    but not where the server listens: a phone scanning the QR would not reach it. A public URL
    that is not loopback is left alone (a proxy or a DNS name sits in front)."""
    parsed = urlsplit(public_url)
    if parsed.hostname not in _LOOPBACK:
        return None
    url_port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if url_port == port and host in _LOOPBACK:
        return None
    return (
        f"Warning: QR links and credentials carry {public_url}, but this server listens on "
        f"{host}:{port}; phones and other machines will not reach it. Set CCR_PUBLIC_URL (QR "
        "links) and CCR_ISSUER_URL (credentials, status lists) to the address people use."
    )


def banner(settings: ApiSettings, options: ServeOptions, welcome: Welcome) -> str:
    base = f"http://{options.host}:{options.port}"
    warning = address_warning(settings.public_url, options.host, options.port)
    lines = [
        *([warning, ""] if warning else []),
        f"Creator Credential Registry — {settings.mode.value} mode",
        f"  GraphQL      POST {base}/graphql"
        + ("" if settings.production else f"   (GraphiQL: open {base}/graphql)"),
        f"  Verifier     {base}/v      Wallet {base}/wallet      Console {base}/console",
        f"  Trust list   {base}/.well-known/jwks.json",
    ]
    if welcome.admin_token:
        lines += [
            "",
            "Bootstrap administrator token (shown once; only its hash is stored). It works for",
            "one request within 24 h: exchange it for a lasting token at once, e.g.",
            '  mutation { createToken(input: {label: "admin"}) { secret } }',
            "or on this machine: ccr admin create-token --org registry-ops --role SYSTEM_ADMIN",
            f"  {welcome.admin_token}",
        ]
    if welcome.demo_tokens:
        lines += ["", "Demo tokens (valid 7 days; send as 'Authorization: Bearer <token>'):"]
        width = max(len(f"{role} ({who})") for role, who, _ in welcome.demo_tokens)
        lines += [
            f"  {f'{role} ({who})':<{width}}  {token}" for role, who, token in welcome.demo_tokens
        ]
    lines += [f"  {note}" for note in welcome.demo_notes]
    return "\n".join(lines)


def serve(options: ServeOptions, *, echo: Callable[[str], None] = print) -> None:
    import uvicorn

    from .app import create_app

    settings = ApiSettings.from_env(database_url=options.database_url)
    welcome = asyncio.run(prepare(settings, demo=options.demo))
    echo(banner(settings, options, welcome))
    uvicorn.run(
        create_app(settings, migrate=False, freeze_heap=True),
        host=options.host,
        port=options.port,
        # X-Forwarded-For is believed only from CCR_TRUSTED_PROXIES (see schema.app).
        proxy_headers=False,
        server_header=False,
        access_log=options.access_log,
        log_level="info",
        # SIGTERM: stop accepting, let requests in flight finish, cancel what is left after
        # the grace period. Slow bodies end sooner (schema.bodyguard), so the wait is bounded.
        timeout_graceful_shutdown=max(1, round(settings.shutdown_grace_seconds)),
    )
