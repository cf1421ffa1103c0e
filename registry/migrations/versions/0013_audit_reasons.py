"""The audit log says why: an event that a reason accompanies (a refusal, a suspension, a
revocation, a correction…) holds the reason's digest in its chained fields, and the reason
itself sits beside the chain in ``audit_reasons``.

The digest is in the chain, so a reason altered afterwards no longer matches it; the text is
outside it, so a reason that must be erased can be, and the chain still verifies.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("reason_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_reasons",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_reasons")),
    )


def downgrade() -> None:
    op.drop_table("audit_reasons")
    op.drop_column("audit_events", "reason_digest")
