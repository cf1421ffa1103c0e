"""Talent-apartment stays (优享计划: YOUNG人才公寓, up to 5 days twice a year, for non-commercial
major events) are recorded, so the yearly limit is enforced and the event is a checked fact.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "apartment_stays",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("decision_id", BIGINT, nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column("benefit_code", sa.String(length=40), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("non_commercial", sa.Boolean(), nullable=False),
        sa.Column("evidence_ref", sa.String(length=64), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["eligibility_decisions.id"],
            name=op.f("fk_apartment_stays_decision_id_eligibility_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_apartment_stays_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_apartment_stays_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apartment_stays")),
        sa.UniqueConstraint("public_id", name=op.f("uq_apartment_stays_public_id")),
    )
    op.create_index(
        op.f("ix_apartment_stays_decision_id"), "apartment_stays", ["decision_id"], unique=False
    )
    op.create_index(
        op.f("ix_apartment_stays_creator_id"), "apartment_stays", ["creator_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_apartment_stays_creator_id"), table_name="apartment_stays")
    op.drop_index(op.f("ix_apartment_stays_decision_id"), table_name="apartment_stays")
    op.drop_table("apartment_stays")
