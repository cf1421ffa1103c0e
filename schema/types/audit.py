"""Audit events: the hash-chained record of every state change."""

from __future__ import annotations

from datetime import datetime

import strawberry

from registry.services.audit_log import AuditEventView

from ..relay import Node, global_id

__all__ = ["AuditEvent"]


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
            hash=event.hash,
        )
