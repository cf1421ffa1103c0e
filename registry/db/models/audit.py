"""The hash-chained audit log and its head (the last link, for spotting deleted tail rows)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base

__all__ = ["AuditEvent", "AuditHead", "AuditReason"]


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_target", "target_type", "target_id"),
        Index("ix_audit_events_actor", "actor"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    actor_org: Mapped[str | None] = mapped_column(String(40))
    actor_role: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(64))
    before_digest: Mapped[str | None] = mapped_column(String(64))
    after_digest: Mapped[str | None] = mapped_column(String(64))
    reason_digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # Its reason, if one was given and has not been erased.
    note: Mapped[AuditReason | None] = relationship(
        lazy="joined",
        primaryjoin="AuditEvent.seq == foreign(AuditReason.seq)",
        viewonly=True,
    )


class AuditHead(Base):
    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AuditReason(Base):
    """Why an event happened, in the official's words: beside the chain, which holds its
    digest (``AuditEvent.reason_digest``), so it can be checked, and erased if it must be."""

    __tablename__ = "audit_reasons"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    reason: Mapped[str] = mapped_column(String(500))
