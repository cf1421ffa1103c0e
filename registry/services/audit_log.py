"""Reading the audit log: verify the chain, list and read events (auditors only)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import select

from ..audit import AuditRecord, ChainSummary, verify_chain
from ..audit_checkpoints import SignedCheckpoint, make_checkpoint
from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.paging import Page, PageRequest
from .common import fetch_one
from .context import ServiceContext
from .paging import keyset_page
from .reads import numeric_key

__all__ = [
    "AuditEventView",
    "AuditFilter",
    "audit_checkpoint",
    "get_audit_event",
    "list_audit_events",
    "verify_audit_chain",
]


@dataclass(frozen=True, slots=True)
class AuditEventView:
    seq: int
    at: datetime
    actor: str
    actor_org: str | None
    actor_role: str | None
    action: str
    target_type: str
    target_id: str
    before_digest: str | None
    after_digest: str | None
    reason_digest: str | None
    reason: str | None  # beside the chain (erasable): checked against reason_digest
    hash: str


@dataclass(frozen=True, slots=True)
class AuditFilter:
    target_type: str | None = None
    target_id: str | None = None
    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _view(row: m.AuditEvent) -> AuditEventView:
    return AuditEventView(seq=row.seq, hash=row.hash, **asdict(AuditRecord.from_row(row)))


async def verify_audit_chain(ctx: ServiceContext) -> ChainSummary:
    """Walk the whole chain (operators, from the command line: no principal)."""
    async with ctx.uow(read_only=True) as uow:
        return await verify_chain(uow.session)


async def audit_checkpoint(ctx: ServiceContext, *, walk: bool = True) -> SignedCheckpoint:
    """The chain's head signed now by the key now signing (public: it names no one). With
    ``walk`` the whole chain is verified first; without, only the head (bounded work)."""
    now = ctx.now()
    async with ctx.uow(read_only=True) as uow:
        current = await ctx.keystore.current(uow.session, now)
        return await make_checkpoint(
            uow.session, issuer=ctx.issuer, signer=current.signer, now=now, walk=walk
        )


async def list_audit_events(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    filters: AuditFilter | None = None,
) -> Page[AuditEventView]:
    authorize(principal, Action.READ_AUDIT)
    f = filters or AuditFilter()
    statement = select(m.AuditEvent)
    for column, value in (
        (m.AuditEvent.target_type, f.target_type),
        (m.AuditEvent.target_id, f.target_id),
        (m.AuditEvent.actor, f.actor),
        (m.AuditEvent.action, f.action),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if f.since is not None:
        statement = statement.where(m.AuditEvent.at >= f.since)
    if f.until is not None:
        statement = statement.where(m.AuditEvent.at < f.until)
    async with ctx.uow(read_only=True) as uow:
        return await keyset_page(uow.session, statement, m.AuditEvent.seq, page, _view)


async def get_audit_event(ctx: ServiceContext, principal: Principal, seq: str) -> AuditEventView:
    """One link of the chain by its sequence number, for the roles that list the log."""
    authorize(principal, Action.READ_AUDIT)
    number = numeric_key(seq, what="audit event", field="seq")
    async with ctx.uow(read_only=True) as uow:
        row = await fetch_one(
            uow.session,
            select(m.AuditEvent).where(m.AuditEvent.seq == number),
            what="audit event",
            field="seq",
        )
        return _view(row)
