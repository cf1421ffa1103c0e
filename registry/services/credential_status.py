"""Suspend, reinstate and revoke credentials: the row, its status-list bit, an operation and
an audit event change in one transaction.

Only the issuing organisation changes a credential's status, and only in a role that issues
that kind. When the record a credential attests is suspended, revoked or rescinded, its
credentials follow in the same transaction (:func:`apply_to_source`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from signing import StatusPurpose

from ..authz import Action, Principal, authorize, require_organisation
from ..db import models as m
from ..db.uow import UnitOfWork
from ..domain.credentials import (
    STATUS_TRANSITIONS,
    Credential,
    CredentialOperation,
    next_credential_status,
)
from ..domain.enums import CredentialStatus, OperationCode, SourceType
from ..errors import InvalidInput
from .common import by_public_id, record_change
from .context import ServiceContext
from .statuslists import flip_status_bit

__all__ = [
    "apply_operation",
    "apply_to_source",
    "credential_for_change",
    "load_operations",
    "reinstate_credential",
    "revoke_credential",
    "suspend_credential",
    "to_credential",
]

# Renewal and amendment supersede a credential: for its status they are a cancellation.
_AS_TRANSITION = {
    OperationCode.SUSPEND: OperationCode.SUSPEND,
    OperationCode.REINSTATE: OperationCode.REINSTATE,
    OperationCode.CANCEL: OperationCode.CANCEL,
    OperationCode.RENEW: OperationCode.CANCEL,
    OperationCode.AMEND: OperationCode.CANCEL,
}
_BITS = {
    OperationCode.SUSPEND: (StatusPurpose.SUSPENSION, True),
    OperationCode.REINSTATE: (StatusPurpose.SUSPENSION, False),
    OperationCode.CANCEL: (StatusPurpose.REVOCATION, True),
}


def to_credential(
    row: m.Credential, operations: Sequence[m.CredentialOperation] = ()
) -> Credential:
    return Credential(
        id=row.public_id,
        kind=row.kind,
        creator_id=row.creator.public_id,
        subject_name=row.subject_name,
        source_type=row.source_type,
        source_id=row.source_ref,
        organisation=row.organisation.code,
        kid=row.signing_key.kid,
        status=row.status,
        status_list=row.status_list_id,
        status_index=row.status_index,
        achievement=dict(row.achievement),
        issued_at=row.issued_at,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        operations=tuple(
            CredentialOperation(op.code, op.at, op.actor, op.reason) for op in operations
        ),
    )


async def load_operations(uow: UnitOfWork, credential_id: int) -> list[m.CredentialOperation]:
    result = await uow.session.execute(
        select(m.CredentialOperation)
        .where(m.CredentialOperation.credential_id == credential_id)
        .order_by(m.CredentialOperation.id)
    )
    return list(result.scalars())


async def apply_operation(
    uow: UnitOfWork,
    principal: Principal,
    row: m.Credential,
    op: OperationCode,
    *,
    reason: str | None,
    now: datetime,
) -> None:
    """Move ``row`` through ``op``: status, bit, operation row and audit event."""
    transition = _AS_TRANSITION[op]
    before = row.audit_snapshot()
    row.status = next_credential_status(row.status, transition)
    row.updated_at = now
    purpose, value = _BITS[transition]
    await flip_status_bit(uow.session, row.status_list_id, row.status_index, purpose, value, now)
    uow.session.add(
        m.CredentialOperation(
            credential_id=row.id, code=op, at=now, actor=principal.actor, reason=reason
        )
    )
    record_change(
        uow,
        principal,
        f"credential.{op.value.lower()}",
        "credential",
        row,
        at=now,
        before=before,
        reason=reason,
    )


async def apply_to_source(
    uow: UnitOfWork,
    principal: Principal,
    source_type: SourceType,
    source_ref: str,
    op: OperationCode,
    *,
    reason: str | None,
    now: datetime,
) -> int:
    """Apply ``op`` to every credential attesting one record, where the transition exists."""
    rows = (
        await uow.session.execute(
            select(m.Credential)
            .where(m.Credential.source_type == source_type)
            .where(m.Credential.source_ref == source_ref)
            .where(m.Credential.status != CredentialStatus.REVOKED)
            .order_by(m.Credential.id)
            .with_for_update(of=m.Credential)
        )
    ).scalars()
    changed = 0
    for row in list(rows):
        if (row.status, _AS_TRANSITION[op]) in STATUS_TRANSITIONS:
            await apply_operation(uow, principal, row, op, reason=reason, now=now)
            changed += 1
    return changed


async def credential_for_change(
    uow: UnitOfWork, principal: Principal, credential_id: str
) -> m.Credential:
    """The credential, locked, if ``principal`` may change it."""
    authorize(principal, Action.CHANGE_CREDENTIAL_STATUS)
    row = await by_public_id(
        uow.session,
        m.Credential,
        credential_id,
        field="credential_id",
        what="credential",
        for_update=True,
    )
    authorize(principal, Action.ISSUE_CREDENTIAL, kind=row.kind)
    require_organisation(principal, row.organisation_id, field="credential_id")
    return row


async def _change(
    ctx: ServiceContext,
    principal: Principal,
    credential_id: str,
    op: OperationCode,
    reason: str | None,
) -> Credential:
    authorize(principal, Action.CHANGE_CREDENTIAL_STATUS)
    if op is not OperationCode.REINSTATE and not (reason or "").strip():
        raise InvalidInput("say why", field="reason")
    now = ctx.now()
    async with ctx.uow() as uow:
        row = await credential_for_change(uow, principal, credential_id)
        await apply_operation(
            uow, principal, row, op, reason=None if reason is None else reason[:500], now=now
        )
        await uow.session.flush()
        operations = await load_operations(uow, row.id)
        await uow.commit()
        return to_credential(row, operations)


async def suspend_credential(
    ctx: ServiceContext, principal: Principal, credential_id: str, *, reason: str
) -> Credential:
    return await _change(ctx, principal, credential_id, OperationCode.SUSPEND, reason)


async def reinstate_credential(
    ctx: ServiceContext, principal: Principal, credential_id: str, *, reason: str | None = None
) -> Credential:
    return await _change(ctx, principal, credential_id, OperationCode.REINSTATE, reason)


async def revoke_credential(
    ctx: ServiceContext, principal: Principal, credential_id: str, *, reason: str
) -> Credential:
    return await _change(ctx, principal, credential_id, OperationCode.CANCEL, reason)
