"""Reading credentials: the filtered list with keyset pagination, one credential with its
operations, its signed QR text, and the batch load for DataLoaders. A creator sees its own
credentials, an evaluation institution those it issued, officials all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..authz import Principal
from ..db import models as m
from ..domain.credentials import Credential
from ..domain.enums import CredentialKind, CredentialStatus
from ..domain.paging import Page, PageRequest
from ..errors import NotFound
from .common import fetch_one
from .context import ServiceContext
from .credential_status import load_operations, to_credential
from .loaders import load_qr_texts
from .visibility import creator_page, narrow, visible_credentials

__all__ = [
    "CredentialFilter",
    "get_credential",
    "get_credential_qr",
    "list_credentials",
    "load_credentials",
]


@dataclass(frozen=True, slots=True)
class CredentialFilter:
    kind: CredentialKind | None = None
    status: CredentialStatus | None = None
    creator_id: str | None = None
    organisation: str | None = None
    issued_after: datetime | None = None
    issued_before: datetime | None = None


async def _credential_row(
    session: AsyncSession, principal: Principal, credential_id: str
) -> m.Credential:
    clause = visible_credentials(principal)
    statement = narrow(select(m.Credential).where(m.Credential.public_id == credential_id), clause)
    # Not found and not visible look alike: ids of others' credentials are not confirmed.
    return await fetch_one(session, statement, what="credential", field="credential_id")


async def get_credential(
    ctx: ServiceContext, principal: Principal, credential_id: str
) -> Credential:
    async with ctx.uow(read_only=True) as uow:
        row = await _credential_row(uow.session, principal, credential_id)
        return to_credential(row, await load_operations(uow, row.id))


async def get_credential_qr(ctx: ServiceContext, principal: Principal, credential_id: str) -> str:
    """The signed QR text, for the holder and the issuing organisation only."""
    [found] = await load_qr_texts(ctx, principal, [credential_id])
    if found is None:
        raise NotFound("no such credential", field="credential_id")
    return found


async def load_credentials(
    ctx: ServiceContext, principal: Principal, ids: Sequence[str]
) -> list[Credential | None]:
    statement = narrow(
        select(m.Credential).where(m.Credential.public_id.in_(list(ids))),
        visible_credentials(principal),
    )
    async with ctx.uow(read_only=True) as uow:
        rows = (await uow.session.execute(statement)).scalars().all()
        found = {row.public_id: to_credential(row) for row in rows}
    return [found.get(i) for i in ids]


async def list_credentials(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    filters: CredentialFilter | None = None,
) -> Page[Credential]:
    f = filters or CredentialFilter()
    statement = narrow(select(m.Credential), visible_credentials(principal))
    if f.kind is not None:
        statement = statement.where(m.Credential.kind == f.kind)
    if f.status is not None:
        statement = statement.where(m.Credential.status == f.status)
    if f.organisation is not None:
        statement = statement.where(
            m.Credential.organisation_id.in_(
                select(m.Organisation.id).where(m.Organisation.code == f.organisation)
            )
        )
    if f.issued_after is not None:
        statement = statement.where(m.Credential.issued_at >= f.issued_after)
    if f.issued_before is not None:
        statement = statement.where(m.Credential.issued_at < f.issued_before)
    return await creator_page(
        ctx, principal, statement, m.Credential, page, to_credential, creator_id=f.creator_id
    )
