"""Award programmes say what they grant (an honour, a content reward, a library inclusion, a
talent project, a commendation, a competition award): eligibility programmes count kinds, and
a cash reward for one piece of content is not an honour.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = (
    "AWARD",
    "CONTENT_REWARD",
    "LIBRARY_INCLUSION",
    "TALENT_PROJECT",
    "COMMENDATION",
    "COMPETITION",
)
# The seeded programmes that are not honours; every other row stays an AWARD.
_SEEDED = {
    "SH_CONTENT_REWARD": "CONTENT_REWARD",  # 上海市优质内容单项奖励: a cash reward
    "HZ_PREMIUM_LIBRARY": "LIBRARY_INCLUSION",  # 海珠精品内容库: inclusion in a library
    "GZ_JIEBANG": "TALENT_PROJECT",  # 揭榜挂帅: a talent project
}


def upgrade() -> None:
    op.add_column(
        "award_programmes",
        sa.Column(
            "kind",
            sa.Enum(*_KINDS, name="awardkind", native_enum=False, length=32),
            server_default="AWARD",
            nullable=False,
        ),
    )
    programmes = sa.table("award_programmes", sa.column("code"), sa.column("kind"))
    for code, kind in _SEEDED.items():
        op.execute(programmes.update().where(programmes.c.code == code).values(kind=kind))


def downgrade() -> None:
    op.drop_column("award_programmes", "kind")
