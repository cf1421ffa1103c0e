"""Audit events: the hash-chained record of every state change."""

from __future__ import annotations

from datetime import datetime

import strawberry

from registry.services import history
from registry.services.audit_log import AuditEventView

from ..context import Info
from ..relay import Node, decode_global_id, global_id

__all__ = ["HISTORY", "AuditEvent", "HistoryEntry", "record_history"]

HISTORY = (
    "Who did what to this record, when and why, from the audit log, oldest first (at most "
    "100 entries, the newest)."
)


@strawberry.type(description="One change to a record, from the audit log.")
class HistoryEntry:
    at: datetime
    action: str = strawberry.field(description="What was done, e.g. recognition.suspend.")
    organisation: str | None = strawberry.field(description="The acting office's code.")
    organisation_name: str | None
    organisation_name_en: str | None
    role: str | None = strawberry.field(description="The acting account's role.")
    actor: str | None = strawberry.field(
        description="The acting account's reference: shown to officials and auditors only."
    )
    reason: str | None = strawberry.field(description="Why, if a reason was given.")


async def record_history(info: Info, target_type: str, node_id: str) -> list[HistoryEntry]:
    """The history of the record behind ``node_id`` (already shown to the caller)."""
    key = history.history_key(target_type, decode_global_id(node_id)[1])
    return [
        HistoryEntry(
            at=entry.at,
            action=entry.action,
            organisation=entry.organisation,
            organisation_name=entry.organisation_name,
            organisation_name_en=entry.organisation_name_en,
            role=entry.role,
            actor=entry.actor,
            reason=entry.reason,
        )
        for entry in await info.context.loaders.history.load(key)
    ]


@strawberry.type(description="One link of the hash-chained audit log.")
class AuditEvent(Node):
    seq: int
    at: datetime
    actor: str = strawberry.field(description="Account reference; never a person's name.")
    actor_organisation: str | None
    actor_role: str | None
    action: str
    target_type: str
    target_id: str
    before_digest: str | None
    after_digest: str | None
    reason_digest: str | None = strawberry.field(
        description="SHA-256 of the reason given, in the chain; null if none was given."
    )
    reason: str | None = strawberry.field(
        description="Why, in the official's words: kept beside the chain (checked against "
        "reasonDigest); null if none was given or it was erased."
    )
    hash: str

    @classmethod
    def from_domain(cls, event: AuditEventView) -> AuditEvent:
        return cls(
            id=global_id("AuditEvent", str(event.seq)),
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            actor_organisation=event.actor_org,
            actor_role=event.actor_role,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            before_digest=event.before_digest,
            after_digest=event.after_digest,
            reason_digest=event.reason_digest,
            reason=event.reason,
            hash=event.hash,
        )
