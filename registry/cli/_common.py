"""Shared plumbing for the database-backed commands: the ``--database-url`` option, opening
the registry, and turning registry errors into an exit status.

SQLAlchemy and the services are imported inside the functions, so ``ccr verify`` keeps working
with the base install.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from registry.authz import Principal
    from registry.domain.enums import Role
    from registry.services.context import ServiceContext

__all__ = [
    "DatabaseUrl",
    "day_option",
    "fail",
    "office_principal",
    "record_id",
    "run",
    "with_registry",
    "with_session",
]

T = TypeVar("T")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL, e.g. sqlite:///var/registry.db or postgresql://host/db "
        "[env CCR_DATABASE_URL; default: the embedded SQLite file var/registry.db]",
        show_default=False,
    ),
]

err = Console(stderr=True)


# The node types whose API ids (global ids: base64 of "Type:key") the commands accept.
_NODE_TYPES = frozenset(
    {
        "Account",
        "ApiClient",
        "AwardGrant",
        "Creator",
        "Credential",
        "EligibilityDecision",
        "Filing",
        "Recognition",
        "SkillCertificate",
    }
)


def record_id(value: str | None) -> str | None:
    """A record's id as the registry keeps it, or as the API shows it (its global id): an id
    copied from the console or a GraphQL answer works as well as the registry's own."""
    if value is None:
        return None
    text = value.strip()
    if len(text) > 512:
        return text
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return text
    kind, sep, key = decoded.partition(":")
    return key if sep and kind in _NODE_TYPES and key else text


async def office_principal(ctx: ServiceContext, org: str, roles: Sequence[Role]) -> Principal:
    """The operator acting as the official of ``org`` whose role fits the office's kind (the
    first of ``roles`` that does): the authority is the office's record, never the command."""
    from registry.domain.enums import Role
    from registry.domain.orgs import ROLE_ORG_KINDS
    from registry.services import orgs

    probe = await orgs.operator_acting_for(ctx, org, Role.PUBLIC)
    role = next((r for r in roles if probe.organisation_kind in ROLE_ORG_KINDS[r]), None)
    if role is None:
        names = ", ".join(r.value for r in roles)
        raise fail(f"--org {org}: not an office of a role that may do this ({names})", 2)
    return await orgs.operator_acting_for(ctx, org, role)


def fail(message: str, status: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/] {message}")
    return typer.Exit(status)


def day_option(value: str, option: str) -> date:
    """A ``YYYY-MM-DD`` option's day; a usage error (exit 2) naming the option otherwise."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: not a date (YYYY-MM-DD)", 2) from None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a command's coroutine; registry errors become a message and exit status 1."""
    from registry.errors import DomainError, RegistryError

    try:
        return asyncio.run(coroutine)
    except DomainError as exc:
        field = f" ({exc.field})" if exc.field else ""
        raise fail(f"{exc.code.value}{field}: {exc.message}") from None
    except RegistryError as exc:
        raise fail(str(exc)) from None


async def _migrated_engine(database_url: str | None) -> tuple[Any, Any]:
    from registry.config import Settings
    from registry.db.engine import create_engine
    from registry.errors import ConfigurationError
    from registry.migrate import current_revision, head_revision

    settings = Settings.from_env(database_url=database_url)
    engine = create_engine(settings.database_url)
    try:
        revision = await current_revision(engine)
        if revision != head_revision():
            raise ConfigurationError(
                f"the database is at revision {revision or 'none'}; run `ccr db upgrade` first"
            )
    except BaseException:
        await engine.dispose()
        raise
    return settings, engine


async def with_session(
    database_url: str | None, action: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """Run ``action`` in one read-only session: for commands that need no keys."""
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from registry.db.uow import UnitOfWork

    _settings, engine = await _migrated_engine(database_url)
    try:
        async with UnitOfWork(async_sessionmaker(engine), read_only=True) as uow:
            return await action(uow.session)
    finally:
        await engine.dispose()


async def with_registry(
    database_url: str | None, action: Callable[[ServiceContext], Awaitable[T]]
) -> T:
    """Open the registry on ``database_url`` (migrated to head), run ``action``, close it."""
    from registry.runtime import open_registry

    settings, engine = await _migrated_engine(database_url)
    ctx = await open_registry(settings, engine=engine)
    try:
        return await action(ctx)
    finally:
        await ctx.aclose()
