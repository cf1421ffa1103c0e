"""Organisations, accounts and bearer tokens; turning a token into a :class:`Principal`.

Tokens are ``ccr_`` + 256 random bits, shown once; only their SHA-256 is stored (a hash of a
random secret needs no salt or key), with a short prefix so people can tell tokens apart.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..authz import Action, Principal, authorize, may
from ..db import models as m
from ..db.uow import UnitOfWork
from ..domain.enums import OrgKind, Role
from ..domain.orgs import (
    Account,
    ApiToken,
    Organisation,
    check_org_code,
    check_role_fits,
    check_uscc,
)
from ..domain.regions import check_region
from ..errors import Conflict, ErrorCode, InvalidInput, NotAuthenticated, NotAuthorized
from .common import by_public_id, fetch_one, new_public_id, organisation_by_code, record_change
from .context import ServiceContext

_log = logging.getLogger(__name__)

__all__ = [
    "CreateAccount",
    "CreateOrganisation",
    "IssuedToken",
    "account_by_username",
    "add_account",
    "add_token",
    "authenticate",
    "create_account",
    "create_organisation",
    "create_token",
    "current_account",
    "ensure_account",
    "get_account",
    "get_organisation",
    "list_organisations",
    "list_tokens",
    "revoke_token",
    "set_account_active",
    "to_account",
    "to_organisation",
    "token_hash",
]

TOKEN_PREFIX = "ccr_"  # noqa: S105 - a marker, not a secret


@dataclass(frozen=True, slots=True)
class CreateOrganisation:
    code: str
    name: str
    kind: OrgKind
    region_code: str
    uscc: str | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class CreateAccount:
    organisation: str
    username: str
    role: Role
    display_name: str | None = None
    creator_id: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once; only its hash is stored

    def __repr__(self) -> str:
        return f"IssuedToken(token={self.token!r}, secret='****')"


def to_organisation(row: m.Organisation) -> Organisation:
    return Organisation(
        id=row.code,
        name=row.name,
        kind=row.kind,
        region_code=row.region_code,
        uscc=row.uscc,
        created_at=row.created_at,
        name_en=row.name_en,
    )


def to_account(row: m.Account) -> Account:
    return Account(
        id=row.public_id,
        organisation=row.organisation.code,
        username=row.username,
        display_name=row.display_name,
        role=row.role,
        creator_id=None if row.creator is None else row.creator.public_id,
        active=row.active,
        created_at=row.created_at,
    )


def _to_token(row: m.ApiToken) -> ApiToken:
    return ApiToken(
        id=row.public_id,
        account_id=row.account.public_id,
        label=row.label,
        prefix=row.prefix,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
        single_use=row.single_use,
    )


def token_hash(secret: str) -> str:
    """What is stored of a bearer token (and what a cache may key on): never the token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


async def create_organisation(
    ctx: ServiceContext, principal: Principal, command: CreateOrganisation
) -> Organisation:
    authorize(principal, Action.MANAGE_ORGANISATIONS)
    code = check_org_code(command.code)
    region = check_region(command.region_code)
    uscc = None if command.uscc is None else check_uscc(command.uscc)
    if not command.name.strip():
        raise InvalidInput("an organisation needs a name", field="name")
    name_en = (command.name_en or "").strip() or None
    if name_en is not None and len(name_en) > 200:
        raise InvalidInput("an English name has at most 200 characters", field="name_en")
    now = ctx.now()
    async with ctx.uow() as uow:
        taken = await uow.session.execute(
            select(m.Organisation.id).where(
                (m.Organisation.code == code)
                | ((m.Organisation.uscc == uscc) & (m.Organisation.uscc.is_not(None)))
            )
        )
        if taken.first() is not None:
            raise Conflict(
                "an organisation with this code or USCC exists", code=ErrorCode.DUPLICATE
            )
        row = m.Organisation(
            code=code,
            name=command.name.strip(),
            name_en=name_en,
            kind=command.kind,
            region_code=region,
            uscc=uscc,
            created_at=now,
        )
        uow.session.add(row)
        record_change(
            uow, principal, "organisation.create", "organisation", row, at=now, target_id=code
        )
        await uow.commit()
        return to_organisation(row)


async def get_organisation(ctx: ServiceContext, principal: Principal, code: str) -> Organisation:
    if principal.role is Role.PUBLIC:
        raise NotAuthenticated("sign in to read organisations")
    async with ctx.uow(read_only=True) as uow:
        return to_organisation(await organisation_by_code(uow.session, code, field="code"))


async def list_organisations(
    ctx: ServiceContext, principal: Principal, *, kind: OrgKind | None = None
) -> list[Organisation]:
    if principal.role is Role.PUBLIC:
        raise NotAuthenticated("sign in to read organisations")
    statement = select(m.Organisation).order_by(m.Organisation.code)
    if kind is not None:
        statement = statement.where(m.Organisation.kind == kind)
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(statement)).scalars().all()
        return [to_organisation(row) for row in rows]


async def create_account(
    ctx: ServiceContext, principal: Principal, command: CreateAccount
) -> Account:
    authorize(principal, Action.MANAGE_ACCOUNTS)
    async with ctx.uow() as uow:
        row = await add_account(uow, principal, command, now=ctx.now())
        await uow.commit()
        return to_account(row)


async def add_account(
    uow: UnitOfWork, principal: Principal, command: CreateAccount, *, now: datetime
) -> m.Account:
    """Add an account in ``uow`` (for use cases that commit it with other records)."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    if command.role is Role.PUBLIC:
        raise InvalidInput("PUBLIC is not an account role", field="role")
    username = command.username.strip()
    if not 1 <= len(username) <= 80:
        raise InvalidInput("a username has 1–80 characters", field="username")
    org = await organisation_by_code(uow.session, command.organisation)
    check_role_fits(command.role, org.kind)
    creator = None
    if command.creator_id is not None:
        if command.role is not Role.CREATOR:
            raise InvalidInput("only creator accounts link to a creator", field="creator_id")
        creator = await by_public_id(
            uow.session, m.Creator, command.creator_id, field="creator_id", what="creator"
        )
    row = m.Account(
        public_id=new_public_id("ac"),
        organisation=org,
        username=username,
        display_name=(command.display_name or username).strip(),
        role=command.role,
        creator=creator,
        active=True,
        created_at=now,
    )
    uow.session.add(row)
    try:
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(
            "this organisation already has an account with that username",
            code=ErrorCode.DUPLICATE,
            field="username",
        ) from None
    record_change(uow, principal, "account.create", "account", row, at=now)
    return row


async def ensure_account(
    ctx: ServiceContext, principal: Principal, command: CreateAccount
) -> Account:
    """The account with this organisation and username, created if it does not exist."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    async with ctx.uow(read_only=True) as uow:
        found = (
            (
                await uow.session.execute(
                    select(m.Account)
                    .join(m.Organisation, m.Account.organisation_id == m.Organisation.id)
                    .where(m.Organisation.code == command.organisation)
                    .where(m.Account.username == command.username)
                )
            )
            .scalars()
            .first()
        )
        if found is not None:
            if found.role is not command.role:
                raise Conflict(
                    f"account {command.username} exists with role {found.role}",
                    code=ErrorCode.DUPLICATE,
                    field="username",
                )
            return to_account(found)
    return await create_account(ctx, principal, command)


async def create_token(
    ctx: ServiceContext,
    principal: Principal,
    *,
    account_id: str,
    label: str = "",
    expires_at: datetime | None = None,
    single_use: bool = False,
) -> IssuedToken:
    """A bearer token for an account. It expires after the configured lifetime (90 days by
    default) unless ``expires_at`` says otherwise; a single-use token is revoked by its
    first use."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    async with ctx.uow() as uow:
        account = await by_public_id(
            uow.session, m.Account, account_id, field="account_id", what="account"
        )
        issued = await add_token(
            uow,
            principal,
            account,
            label=label,
            expires_at=expires_at,
            now=ctx.now(),
            lifetime=ctx.settings.token_lifetime,
            single_use=single_use,
        )
        await uow.commit()
        return issued


async def add_token(
    uow: UnitOfWork,
    principal: Principal,
    account: m.Account,
    *,
    label: str,
    expires_at: datetime | None,
    now: datetime,
    lifetime: timedelta,
    single_use: bool = False,
) -> IssuedToken:
    """Add a bearer token for ``account`` in ``uow``; its secret is in the answer only.
    Every token expires: at ``expires_at``, else ``lifetime`` from now."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    if expires_at is not None and expires_at <= now:
        raise InvalidInput("a token must expire in the future", field="expires_at")
    if not account.active:
        raise Conflict("the account is disabled", field="account_id")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = m.ApiToken(
        public_id=new_public_id("tk"),
        account=account,
        account_id=account.id,
        token_hash=token_hash(secret),
        prefix=secret[:12],
        label=label[:100],
        created_at=now,
        expires_at=expires_at or now + lifetime,
        single_use=single_use,
    )
    uow.session.add(row)
    record_change(uow, principal, "token.create", "token", row, at=now)
    return IssuedToken(token=_to_token(row), secret=secret)


async def revoke_token(ctx: ServiceContext, principal: Principal, token_id: str) -> ApiToken:
    """Revoke one token at once (a leaked one): it stops working on the next request."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await by_public_id(
            uow.session, m.ApiToken, token_id, field="token_id", what="token", for_update=True
        )
        if row.revoked_at is not None:
            raise Conflict("the token is already revoked", field="token_id")
        before = row.audit_snapshot()
        row.revoked_at = now
        record_change(uow, principal, "token.revoke", "token", row, at=now, before=before)
        await uow.commit()
        return _to_token(row)


async def list_tokens(ctx: ServiceContext, principal: Principal, account_id: str) -> list[ApiToken]:
    """An account's tokens, newest first: prefix, label, dates and last use, never a secret."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    async with ctx.uow(read_only=True) as uow:
        account = await by_public_id(
            uow.session, m.Account, account_id, field="account_id", what="account"
        )
        rows = await uow.session.execute(
            select(m.ApiToken)
            .where(m.ApiToken.account_id == account.id)
            .order_by(m.ApiToken.id.desc())
        )
        return [_to_token(row) for row in rows.scalars()]


async def account_by_username(
    ctx: ServiceContext, principal: Principal, organisation: str, username: str
) -> Account:
    """An account by its organisation's code and its login name (the CLI's way to name one)."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    async with ctx.uow(read_only=True) as uow:
        org = await organisation_by_code(uow.session, organisation)
        row = await fetch_one(
            uow.session,
            select(m.Account)
            .where(m.Account.organisation_id == org.id)
            .where(m.Account.username == username),
            what="account",
            field="username",
        )
        return to_account(row)


async def set_account_active(
    ctx: ServiceContext, principal: Principal, account_id: str, *, active: bool
) -> Account:
    """Disable an account (every token of it stops working at once; they are revoked too, so
    enabling it again does not revive a leaked one) or enable it again."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await by_public_id(
            uow.session, m.Account, account_id, field="account_id", what="account", for_update=True
        )
        if row.id == principal.account_id and not active:
            raise Conflict("an administrator cannot disable their own account", field="account_id")
        if row.active is active:
            raise Conflict(
                "the account is already " + ("enabled" if active else "disabled"),
                field="account_id",
            )
        before = row.audit_snapshot()
        row.active = active
        if not active:
            await uow.session.execute(
                update(m.ApiToken)
                .where(m.ApiToken.account_id == row.id)
                .where(m.ApiToken.revoked_at.is_(None))
                .values(revoked_at=now)
            )
        record_change(
            uow,
            principal,
            "account.enable" if active else "account.disable",
            "account",
            row,
            at=now,
            before=before,
        )
        await uow.commit()
        return to_account(row)


# How often a token's last use is written: often enough to tell a dormant token from a live
# one, rarely enough that authenticating stays a read.
LAST_USE_RESOLUTION = timedelta(hours=1)


async def authenticate(ctx: ServiceContext, bearer: str | None) -> Principal:
    """The principal a bearer token stands for; UNAUTHENTICATED for anything else.

    A single-use token (the bootstrap administrator's) is revoked by this call: the principal
    it yields expires at once, so no cache holds on to it.
    """
    if not bearer or not bearer.startswith(TOKEN_PREFIX) or len(bearer) > 100:
        raise NotAuthenticated("a valid bearer token is required")
    wanted = token_hash(bearer)
    async with ctx.uow(read_only=True) as uow:
        row = (
            (await uow.session.execute(select(m.ApiToken).where(m.ApiToken.token_hash == wanted)))
            .scalars()
            .first()
        )
        now = ctx.now()
        if (
            row is None
            or row.revoked_at is not None
            or (row.expires_at is not None and row.expires_at <= now)
            or not row.account.active
        ):
            raise NotAuthenticated("a valid bearer token is required")
        account = row.account
        org = account.organisation
        client = (
            await uow.session.execute(
                select(m.ApiClient).where(m.ApiClient.account_id == account.id)
            )
        ).scalar_one_or_none()
        if client is not None and client.revoked_at is not None:
            raise NotAuthenticated("a valid bearer token is required")
        token_id, single_use, last_used = row.id, row.single_use, row.last_used_at
        principal = Principal(
            role=account.role,
            account_id=account.id,
            account_ref=account.public_id,
            organisation_id=org.id,
            organisation_code=org.code,
            organisation_kind=org.kind,
            region_code=org.region_code,
            creator_id=account.creator_id,
            client_id=None if client is None else client.public_id,
            scopes=frozenset(client.scopes) if client else frozenset(),
            purposes=frozenset(client.purposes) if client else frozenset(),
            rate_per_second=None if client is None else client.rate_per_second,
            burst=None if client is None else client.burst,
            expires_at=now if single_use else row.expires_at,
        )
    if single_use:
        await _consume(ctx, token_id, now)
    elif last_used is None or now - last_used >= LAST_USE_RESOLUTION:
        await _note_use(ctx, token_id, now)
    return principal


async def _note_use(ctx: ServiceContext, token_id: int, now: datetime) -> None:
    """Record when a token last worked: best effort, since a busy database (a writer holding
    SQLite's lock) must not turn a valid token away. The next use an hour on tries again."""
    try:
        async with ctx.uow() as uow:
            await uow.session.execute(
                update(m.ApiToken).where(m.ApiToken.id == token_id).values(last_used_at=now)
            )
            await uow.commit()
    except SQLAlchemyError:
        _log.info("last use of a token not recorded: the database was busy")


async def _consume(ctx: ServiceContext, token_id: int, now: datetime) -> None:
    """Revoke a single-use token as it is used; of two concurrent uses, one fails."""
    async with ctx.uow() as uow:
        done = await uow.session.execute(
            update(m.ApiToken)
            .where(m.ApiToken.id == token_id)
            .where(m.ApiToken.revoked_at.is_(None))
            .values(revoked_at=now, last_used_at=now)
        )
        if getattr(done, "rowcount", 0) != 1:
            raise NotAuthenticated("a valid bearer token is required")
        await uow.commit()


async def current_account(ctx: ServiceContext, principal: Principal) -> Account:
    """The signed-in account (``viewer.account``)."""
    if principal.account_id is None:
        raise NotAuthenticated("no account is signed in")
    async with ctx.uow(read_only=True) as uow:
        return to_account(await uow.session.get_one(m.Account, principal.account_id))


async def get_account(ctx: ServiceContext, principal: Principal, account_id: str) -> Account:
    """An account, to its holder (as ``viewer.account``) and to those who manage accounts;
    anyone else is refused as OUT_OF_SCOPE, which callers show like an absent account."""
    async with ctx.uow(read_only=True) as uow:
        row = await by_public_id(
            uow.session, m.Account, account_id, field="account_id", what="account"
        )
        if row.id != principal.account_id and not may(principal, Action.MANAGE_ACCOUNTS):
            raise NotAuthorized(
                "an account is shown to its holder and to administrators",
                code=ErrorCode.OUT_OF_SCOPE,
                field="account_id",
            )
        return to_account(row)


async def operator_acting_for(ctx: ServiceContext, code: str, role: Role) -> Principal:
    """The operator at the command line acting as ``role`` of the organisation ``code``: what
    it may do is what that role of that office may do, and the audit log names the operator."""
    async with ctx.uow(read_only=True) as uow:
        row = await organisation_by_code(uow.session, code, field="organisation")
        return Principal(
            role=role,
            organisation_id=row.id,
            organisation_code=row.code,
            organisation_kind=row.kind,
            region_code=row.region_code,
            operator="cli",
        )
