"""Rate-limit buckets the API replicas share (PostgreSQL; registry/ratebuckets.py)."""

from __future__ import annotations

from sqlalchemy import Double, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base

__all__ = ["RateBucket"]


class RateBucket(Base):
    """One bucket: ``key`` is a keyed digest of what is limited (never the address or client
    id itself), ``tat`` the moment (seconds since the epoch, the database's clock) at which
    the bucket would be empty. A row whose ``tat`` has passed is the same as no row and is
    swept away. The table is UNLOGGED on PostgreSQL: a crash forgets the buckets, which only
    forgives."""

    __tablename__ = "rate_buckets"

    key: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)
    tat: Mapped[float] = mapped_column(Double())
