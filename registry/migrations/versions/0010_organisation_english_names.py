"""Organisations have an English name beside the Chinese one, so that verifiers and the issuer
metadata (``/.well-known/ccr-issuer.json``) name the office in both languages.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("organisations", sa.Column("name_en", sa.String(length=200), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35 and later): rebuilding the table would trip the foreign
    # keys that point at it.
    op.drop_column("organisations", "name_en")
