"""The audit log: every state change appends one event to a hash chain.

Event ``n`` stores ``hash_n = SHA-256(bytes(hash_{n-1}) || canonical_json(event_n))`` where the
canonical JSON covers every column except the hashes, and ``hash_0`` is 64 zeros. The
``audit_head`` row holds the last ``(seq, hash)``, so deleting the newest events is caught too.

Before/after states are recorded as digests of *snapshots*: explicit, PII-free dictionaries
(see each model's ``audit_snapshot``). A digest of an ID number would be no protection, since
ID numbers are few enough to enumerate, so snapshots never hold one in any form.

Appends take the head row ``FOR UPDATE`` (PostgreSQL) or run under SQLite's write lock, so
concurrent writers queue and the chain never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .db.models import AuditEvent, AuditHead, AuditReason
from .errors import AuditChainError

__all__ = [
    "GENESIS",
    "AuditRecord",
    "ChainSummary",
    "append_events",
    "canonical_json",
    "digest",
    "link_hash",
    "reason_digest",
    "verify_chain",
]

GENESIS = "0" * 64
HEAD_ID = 1


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def digest(snapshot: Mapping[str, Any] | None) -> str | None:
    """SHA-256 of a snapshot's canonical JSON; None stands for "did not exist"."""
    if snapshot is None:
        return None
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One state change, before it has a place in the chain."""

    at: datetime
    actor: str
    actor_org: str | None
    actor_role: str | None
    action: str
    target_type: str
    target_id: str
    before_digest: str | None
    after_digest: str | None
    # SHA-256 of the reason given (None: none was); the text itself is kept beside the chain
    # (``reason``: not part of the chained payload, and not read back by ``from_row``).
    reason_digest: str | None = None
    reason: str | None = field(default=None, compare=False, repr=False)

    def payload(self, seq: int) -> dict[str, Any]:
        payload = {
            "seq": seq,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": self.actor,
            "actor_org": self.actor_org,
            "actor_role": self.actor_role,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "before": self.before_digest,
            "after": self.after_digest,
        }
        # Only events that carry a reason name it: events written before reasons were kept
        # hash exactly as they did.
        if self.reason_digest is not None:
            payload["reason"] = self.reason_digest
        return payload

    @classmethod
    def from_row(cls, row: AuditEvent) -> AuditRecord:
        return cls(
            at=row.at,
            actor=row.actor,
            actor_org=row.actor_org,
            actor_role=row.actor_role,
            action=row.action,
            target_type=row.target_type,
            target_id=row.target_id,
            before_digest=row.before_digest,
            after_digest=row.after_digest,
            reason_digest=row.reason_digest,
            reason=None if row.note is None else row.note.reason,
        )


def link_hash(prev_hash: str, seq: int, record: AuditRecord) -> str:
    return hashlib.sha256(
        bytes.fromhex(prev_hash) + canonical_json(record.payload(seq))
    ).hexdigest()


def reason_digest(reason: str | None) -> str | None:
    """What the chain holds of a reason: its SHA-256 (None when no reason was given)."""
    if reason is None or not reason.strip():
        return None
    return hashlib.sha256(reason.encode("utf-8")).hexdigest()


async def append_events(session: AsyncSession, records: Sequence[AuditRecord]) -> int:
    """Chain ``records`` after the current head, in order; return the new head's seq. Their
    reasons are kept beside the chain, which holds their digests."""
    head = (
        await session.execute(
            select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == HEAD_ID).with_for_update()
        )
    ).one()
    seq, prev = int(head.seq), str(head.hash)
    rows: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for record in records:
        seq += 1
        if reason_digest(record.reason) != record.reason_digest:
            raise ValueError("an audit event's reason does not match its digest")
        if record.reason is not None and record.reason_digest is not None:
            notes.append({"seq": seq, "reason": record.reason})
        current = link_hash(prev, seq, record)
        rows.append(
            {
                "seq": seq,
                "at": record.at,
                "actor": record.actor,
                "actor_org": record.actor_org,
                "actor_role": record.actor_role,
                "action": record.action,
                "target_type": record.target_type,
                "target_id": record.target_id,
                "before_digest": record.before_digest,
                "after_digest": record.after_digest,
                "reason_digest": record.reason_digest,
                "prev_hash": prev,
                "hash": current,
            }
        )
        prev = current
    if rows:
        await session.execute(insert(AuditEvent), rows)
        if notes:
            await session.execute(insert(AuditReason), notes)
        await session.execute(
            update(AuditHead).where(AuditHead.id == HEAD_ID).values(seq=seq, hash=prev)
        )
    return seq


@dataclass(frozen=True, slots=True)
class ChainSummary:
    events: int
    head_seq: int
    head_hash: str


async def verify_chain(session: AsyncSession, *, batch: int = 5000) -> ChainSummary:
    """Walk the whole chain; raise :class:`AuditChainError` naming the first broken link."""
    expected_seq, prev = 1, GENESIS
    while True:
        rows = (
            (
                await session.execute(
                    select(AuditEvent)
                    .where(AuditEvent.seq >= expected_seq)
                    .order_by(AuditEvent.seq)
                    .limit(batch)
                )
            )
            .scalars()
            .all()
        )
        for row in rows:
            if row.seq != expected_seq:
                raise AuditChainError(expected_seq, "event is missing (deleted)")
            if row.prev_hash != prev:
                raise AuditChainError(row.seq, f"does not link to event {row.seq - 1}")
            record = AuditRecord.from_row(row)
            if link_hash(prev, row.seq, record) != row.hash:
                raise AuditChainError(row.seq, "event was altered after it was written")
            # A reason may have been erased (its digest stays), never altered.
            if record.reason is not None and reason_digest(record.reason) != row.reason_digest:
                raise AuditChainError(row.seq, "its reason was altered after it was written")
            prev = row.hash
            expected_seq += 1
        session.expunge_all()
        if len(rows) < batch:
            break
    last = expected_seq - 1
    head = (
        await session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == HEAD_ID))
    ).one_or_none()
    if head is None:
        raise AuditChainError(last + 1, "the chain head is missing")
    if int(head.seq) > last:
        raise AuditChainError(last + 1, f"events {last + 1}–{head.seq} are missing (deleted)")
    if int(head.seq) != last or head.hash != prev:
        raise AuditChainError(last, "the chain head does not match the last event")
    return ChainSummary(events=last, head_seq=last, head_hash=prev)
