"""Rate-limit buckets shared by every API replica, so a limit holds whatever the number of
replicas (registry/ratebuckets.py). UNLOGGED on PostgreSQL: the buckets are worth nothing
after a crash, and skipping the write-ahead log keeps each charge cheap.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    unlogged = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "rate_buckets",
        sa.Column("key", sa.LargeBinary(length=16), primary_key=True),
        sa.Column("tat", sa.Double(), nullable=False),
        prefixes=["UNLOGGED"] if unlogged else [],
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
