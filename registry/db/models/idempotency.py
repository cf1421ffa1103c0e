"""Requests sent with an ``Idempotency-Key``: what the first one answered (registry.services.
idempotency)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..base import BIGINT_PK, Base

__all__ = ["IdempotentRequest"]


class IdempotentRequest(Base):
    """One key of one caller. ``completed_at`` is null while the first request runs; then
    ``status_code`` and the sealed answer say what a repeat gets. Keys are digests; the
    answer is sealed (it may hold a token shown once, or names)."""

    __tablename__ = "idempotent_requests"
    __table_args__ = (
        UniqueConstraint("principal", "key_hash"),
        Index("ix_idempotent_requests_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    principal: Mapped[str] = mapped_column(String(64))
    key_hash: Mapped[str] = mapped_column(String(64))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    status_code: Mapped[int | None]
    response_sealed: Mapped[bytes | None]
