"""Partner API clients and the disclosure log.

A client is a PARTNER account of a platform, bank or housing office, with the purposes it
declared, the scopes it may use and its rate limit; its bearer token is shown once. Every
answer given to a partner is logged with its purpose and the fields disclosed, and only for a
purpose the client declared. Auditors and operators read the whole log; a partner its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.enums import Role
from ..domain.paging import Page, PageRequest
from ..domain.partners import (
    SCOPE_NAMES,
    ApiClient,
    DisclosureEvent,
    IssuedApiClient,
    check_labels,
)
from ..errors import Conflict, ErrorCode, InvalidInput, NotAuthorized
from .common import by_public_id, fetch_one, new_public_id, record_change
from .context import ServiceContext
from .orgs import CreateAccount, add_account, add_token
from .paging import keyset_page
from .reads import numeric_key

__all__ = [
    "CreateApiClient",
    "Disclosure",
    "check_disclosure",
    "create_api_client",
    "get_api_client",
    "get_disclosure",
    "list_api_clients",
    "list_disclosures",
    "record_disclosure",
    "record_disclosures",
    "require_declared_purpose",
    "revoke_api_client",
]


@dataclass(frozen=True, slots=True)
class CreateApiClient:
    organisation: str
    name: str
    purposes: tuple[str, ...]
    scopes: tuple[str, ...]
    rate_per_second: float | None = None
    burst: int | None = None
    # When the client's bearer token stops working; None: it never expires (revoke it instead).
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Disclosure:
    purpose: str
    fields: tuple[str, ...]
    credential_id: str | None = None
    outcome_code: str | None = None


def _to_client(row: m.ApiClient) -> ApiClient:
    return ApiClient(
        id=row.public_id,
        organisation=row.organisation.code,
        account_id=row.account.public_id,
        name=row.name,
        purposes=tuple(row.purposes),
        scopes=tuple(row.scopes),
        rate_per_second=row.rate_per_second,
        burst=row.burst,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


async def create_api_client(
    ctx: ServiceContext, principal: Principal, command: CreateApiClient
) -> IssuedApiClient:
    """A PARTNER account, its client record and a bearer token (shown once), valid until
    ``expires_at`` if one is given."""
    authorize(principal, Action.MANAGE_ACCOUNTS)
    purposes = check_labels(command.purposes, field="purposes")
    scopes = check_labels(command.scopes, field="scopes")
    if any(scope not in SCOPE_NAMES for scope in scopes):
        raise InvalidInput("scopes are " + ", ".join(SCOPE_NAMES), field="scopes")
    if command.rate_per_second is not None and not 0 < command.rate_per_second <= 10_000:
        raise InvalidInput("rate lies in (0, 10000] requests per second", field="rate_per_second")
    if command.burst is not None and not 1 <= command.burst <= 100_000:
        raise InvalidInput("burst lies in 1–100000", field="burst")
    name = command.name.strip()
    if not 1 <= len(name) <= 200:
        raise InvalidInput("a client needs a name of 1–200 characters", field="name")
    public_id = new_public_id("cl")
    now = ctx.now()
    # One unit of work: a refusal at any step (the token's expiry, a taken name) leaves no
    # account without its client, nor a client without its token.
    async with ctx.uow() as uow:
        account = await add_account(
            uow,
            principal,
            CreateAccount(command.organisation, public_id, Role.PARTNER, name),
            now=now,
        )
        row = m.ApiClient(
            public_id=public_id,
            account=account,
            account_id=account.id,
            organisation=account.organisation,
            organisation_id=account.organisation_id,
            name=name,
            purposes=list(purposes),
            scopes=list(scopes),
            rate_per_second=command.rate_per_second,
            burst=command.burst,
            created_at=now,
        )
        uow.session.add(row)
        record_change(uow, principal, "client.create", "api_client", row, at=now)
        issued = await add_token(
            uow,
            principal,
            account,
            label=f"client {name}",
            expires_at=command.expires_at,
            now=now,
            lifetime=ctx.settings.token_lifetime,
        )
        await uow.commit()
        return IssuedApiClient(_to_client(row), issued.secret)


async def revoke_api_client(ctx: ServiceContext, principal: Principal, client_id: str) -> ApiClient:
    authorize(principal, Action.MANAGE_ACCOUNTS)
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await by_public_id(
            uow.session, m.ApiClient, client_id, field="client_id", what="client", for_update=True
        )
        if row.revoked_at is not None:
            raise Conflict("the client is already revoked", code=ErrorCode.INVALID_STATE)
        before = row.audit_snapshot()
        row.revoked_at = now
        record_change(uow, principal, "client.revoke", "api_client", row, at=now, before=before)
        await uow.commit()
        return _to_client(row)


def _partners_own(principal: Principal, statement: Select[Any], column: Any) -> Select[Any]:
    """A partner reads its own organisation's clients and disclosures; auditors and operators
    read them all."""
    if principal.role is not Role.PARTNER:
        return statement
    return statement.where(column == principal.organisation_id)


async def list_api_clients(ctx: ServiceContext, principal: Principal) -> list[ApiClient]:
    authorize(principal, Action.READ_DISCLOSURES)
    statement = _partners_own(
        principal, select(m.ApiClient).order_by(m.ApiClient.id), m.ApiClient.organisation_id
    )
    async with ctx.uow(read_only=True) as uow:
        return [_to_client(row) for row in (await uow.session.execute(statement)).scalars()]


async def get_api_client(ctx: ServiceContext, principal: Principal, client_id: str) -> ApiClient:
    """A client, for whoever :func:`list_api_clients` lists it: another organisation's client
    is NotFound to a partner."""
    authorize(principal, Action.READ_DISCLOSURES)
    statement = _partners_own(
        principal,
        select(m.ApiClient).where(m.ApiClient.public_id == client_id),
        m.ApiClient.organisation_id,
    )
    async with ctx.uow(read_only=True) as uow:
        row = await fetch_one(uow.session, statement, what="client", field="client_id")
        return _to_client(row)


def require_declared_purpose(principal: Principal, purpose: str) -> str:
    """``purpose``, if the principal's API client declared it (DOMAIN §5: purpose limitation).

    The API asks this before it checks anything for a partner, so a refused request is told
    nothing; the disclosure log asks it again for every row it writes."""
    if principal.client_id is not None and purpose not in principal.purposes:
        raise NotAuthorized(
            "the client did not declare this purpose",
            code=ErrorCode.PURPOSE_NOT_DECLARED,
            field="purpose",
        )
    return purpose


def check_disclosure(principal: Principal, disclosure: Disclosure) -> Disclosure:
    """The disclosure as it will be logged; refused for a purpose the client did not declare.

    Pure: callers that batch (see :func:`record_disclosures`) check each item first, so one
    refused item never fails the others."""
    authorize(principal, Action.RECORD_DISCLOSURE)
    require_declared_purpose(principal, disclosure.purpose)
    [purpose] = check_labels([disclosure.purpose], field="purpose")
    fields = check_labels(disclosure.fields, field="fields", required=False)
    return Disclosure(purpose, tuple(fields), disclosure.credential_id, disclosure.outcome_code)


async def record_disclosure(
    ctx: ServiceContext, principal: Principal, disclosure: Disclosure
) -> DisclosureEvent:
    """Log one answer to a partner; refused for a purpose the client did not declare."""
    [event] = await record_disclosures(ctx, [(principal, disclosure)])
    return event


async def record_disclosures(
    ctx: ServiceContext, items: Sequence[tuple[Principal, Disclosure]]
) -> list[DisclosureEvent]:
    """Log several answers in one transaction (all or none), in order.

    A busy API process answers many partners at once; one commit for all the answers waiting
    costs what one costs alone, and no answer is sent before its row is committed."""
    checked = [(principal, check_disclosure(principal, item)) for principal, item in items]
    now = ctx.now()
    wanted = {principal.client_id for principal, _ in checked if principal.client_id is not None}
    async with ctx.uow() as uow:
        clients: dict[str, int] = {}
        if wanted:
            found = await uow.session.execute(
                select(m.ApiClient.public_id, m.ApiClient.id).where(
                    m.ApiClient.public_id.in_(sorted(wanted))
                )
            )
            clients = {row.public_id: row.id for row in found}
        rows = [
            m.Disclosure(
                at=now,
                client_id=None if principal.client_id is None else clients[principal.client_id],
                organisation_id=principal.organisation_id,
                actor=principal.actor,
                credential_ref=disclosure.credential_id,
                purpose=disclosure.purpose,
                fields=list(disclosure.fields),
                outcome_code=disclosure.outcome_code,
            )
            for principal, disclosure in checked
        ]
        uow.session.add_all(rows)
        await uow.session.flush()
        await uow.commit()
        return [
            DisclosureEvent(
                id=row.id,
                at=now,
                client_id=principal.client_id,
                organisation=principal.organisation_code,
                actor=row.actor,
                credential_id=row.credential_ref,
                purpose=disclosure.purpose,
                fields=disclosure.fields,
                outcome_code=row.outcome_code,
            )
            for row, (principal, disclosure) in zip(rows, checked, strict=True)
        ]


async def list_disclosures(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    *,
    client_id: str | None = None,
    since: datetime | None = None,
) -> Page[DisclosureEvent]:
    authorize(principal, Action.READ_DISCLOSURES)
    statement = _partners_own(principal, select(m.Disclosure), m.Disclosure.organisation_id)
    if client_id is not None:
        statement = statement.where(
            m.Disclosure.client_id.in_(
                select(m.ApiClient.id).where(m.ApiClient.public_id == client_id)
            )
        )
    if since is not None:
        statement = statement.where(m.Disclosure.at >= since)
    async with ctx.uow(read_only=True) as uow:
        return await keyset_page(uow.session, statement, m.Disclosure.id, page, _event_of)


async def get_disclosure(
    ctx: ServiceContext, principal: Principal, disclosure_id: str
) -> DisclosureEvent:
    """One logged answer, for whoever :func:`list_disclosures` lists it: auditors and
    operators, a partner its own organisation's."""
    authorize(principal, Action.READ_DISCLOSURES)
    pk = numeric_key(disclosure_id, what="disclosure", field="disclosure_id")
    statement = _partners_own(
        principal, select(m.Disclosure).where(m.Disclosure.id == pk), m.Disclosure.organisation_id
    )
    async with ctx.uow(read_only=True) as uow:
        row = await fetch_one(uow.session, statement, what="disclosure", field="disclosure_id")
        return _event_of(row)


def _event_of(row: m.Disclosure) -> DisclosureEvent:
    return DisclosureEvent(
        id=row.id,
        at=row.at,
        client_id=None if row.client is None else row.client.public_id,
        organisation=None if row.organisation is None else row.organisation.code,
        actor=row.actor,
        credential_id=row.credential_ref,
        purpose=row.purpose,
        fields=tuple(row.fields),
        outcome_code=row.outcome_code,
    )
