"""The holder's choice of name on public surfaces: full or masked (the default), and when
it was chosen. Existing creators stay masked.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A server default fills the rows already there: nobody has chosen the full name yet.
    op.add_column(
        "creators",
        sa.Column("show_full_name", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "creators",
        sa.Column("name_display_chosen_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35 and later): neither column is indexed or constrained.
    op.drop_column("creators", "name_display_chosen_at")
    op.drop_column("creators", "show_full_name")
