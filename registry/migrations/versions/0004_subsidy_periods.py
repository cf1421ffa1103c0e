"""Approved monthly subsidy periods: one row per month paid, checked against the policy
window in force when approved.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "subsidy_periods",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("decision_id", BIGINT, nullable=False),
        sa.Column("benefit_code", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("programme_version", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["eligibility_decisions.id"],
            name=op.f("fk_subsidy_periods_decision_id_eligibility_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_subsidy_periods_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_periods")),
        sa.UniqueConstraint("public_id", name=op.f("uq_subsidy_periods_public_id")),
        sa.UniqueConstraint(
            "decision_id",
            "benefit_code",
            "number",
            name=op.f("uq_subsidy_periods_decision_id_benefit_code_number"),
        ),
    )
    op.create_index(
        op.f("ix_subsidy_periods_decision_id"), "subsidy_periods", ["decision_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_subsidy_periods_decision_id"), table_name="subsidy_periods")
    op.drop_table("subsidy_periods")
