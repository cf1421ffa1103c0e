"""Helpers every service shares: ids, lookups that raise NotFound, audit records."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol, TypeVar, runtime_checkable

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import AuditRecord, digest, reason_digest
from ..authz import Principal
from ..db.base import Base
from ..db.models import Organisation
from ..db.uow import UnitOfWork
from ..errors import NotFound

__all__ = [
    "audit_event",
    "by_public_id",
    "fetch_one",
    "new_public_id",
    "organisation_by_code",
    "record_change",
]

M = TypeVar("M", bound=Base)


def new_public_id(prefix: str) -> str:
    """``prefix_`` and 16 random base32 characters (80 bits): opaque, unguessable, URL-safe."""
    token = base64.b32encode(secrets.token_bytes(10)).decode("ascii").lower()
    return f"{prefix}_{token}"


async def fetch_one(session: AsyncSession, statement: Select[M], *, what: str, field: str) -> M:
    found = (await session.execute(statement)).unique().scalars().first()
    if found is None:
        raise NotFound(f"no such {what}", field=field)
    return found


async def by_public_id(
    session: AsyncSession,
    model: type[M],
    public_id: str,
    *,
    field: str,
    what: str,
    for_update: bool = False,
) -> M:
    statement = select(model).where(model.public_id == public_id)  # type: ignore[attr-defined]
    if for_update:
        statement = statement.with_for_update(of=model)
    return await fetch_one(session, statement, what=what, field=field)


async def organisation_by_code(
    session: AsyncSession, code: str, *, field: str = "organisation"
) -> Organisation:
    return await fetch_one(
        session,
        select(Organisation).where(Organisation.code == code),
        what="organisation",
        field=field,
    )


def audit_event(
    principal: Principal,
    action: str,
    target_type: str,
    target_id: str,
    *,
    at: datetime,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> AuditRecord:
    """One audit event; ``reason`` (why, in the official's words) is kept beside the chain,
    which holds its digest."""
    text = reason.strip()[:500] or None if reason is not None else None
    return AuditRecord(
        at=at,
        actor=principal.actor,
        actor_org=principal.organisation_code,
        actor_role=principal.role.value,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before_digest=digest(before),
        after_digest=digest(after),
        reason_digest=reason_digest(text),
        reason=text,
    )


class Snapshotted(Protocol):
    """A row the audit log describes by its snapshot."""

    def audit_snapshot(self) -> dict[str, Any]: ...


@runtime_checkable
class Audited(Snapshotted, Protocol):
    """A row the audit log also names by its public id."""

    @property
    def public_id(self) -> str: ...


def record_change(
    uow: UnitOfWork,
    principal: Principal,
    action: str,
    target_type: str,
    row: Snapshotted,
    *,
    at: datetime,
    before: Mapping[str, Any] | None = None,
    target_id: str | None = None,
    reason: str | None = None,
) -> None:
    """Append the audit event of a change to ``row``: ``before`` and its state now, and why
    (``reason``) when the change has a reason.

    The target is ``row.public_id`` unless ``target_id`` names it otherwise (a key by its kid,
    an organisation by its code, a creator whose facts row changed)."""
    if target_id is None:
        if not isinstance(row, Audited):
            raise TypeError(f"{type(row).__name__} has no public id: pass target_id")
        target_id = row.public_id
    uow.record(
        audit_event(
            principal,
            action,
            target_type,
            target_id,
            at=at,
            before=before,
            after=row.audit_snapshot(),
            reason=reason,
        )
    )
