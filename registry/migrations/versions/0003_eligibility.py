"""Eligibility: published programme versions (the shipped files seeded), declared creator
facts, and recorded decisions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "eligibility_programme_versions",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_programme_versions")),
        sa.UniqueConstraint(
            "code", "version", name=op.f("uq_eligibility_programme_versions_code_version")
        ),
    )
    op.create_table(
        "creator_facts",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("recorded_by_org_id", BIGINT, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_creator_facts_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_org_id"],
            ["organisations.id"],
            name=op.f("fk_creator_facts_recorded_by_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creator_facts")),
        sa.UniqueConstraint("creator_id", name=op.f("uq_creator_facts_creator_id")),
    )
    op.create_table(
        "eligibility_decisions",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column("programme_version_id", BIGINT, nullable=False),
        sa.Column("programme_code", sa.String(length=24), nullable=False),
        sa.Column("programme_version", sa.Integer(), nullable=False),
        sa.Column("programme_digest", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("tier", sa.String(length=16), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "APPROVED",
                "REJECTED",
                "PROVISIONAL",
                name="decisionoutcome",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "ACTIVE",
                "SUSPENDED",
                "REVOKED",
                "LAPSED",
                "SUPERSEDED",
                name="decisionstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("documents_due", sa.Date(), nullable=True),
        sa.Column("benefits", sa.JSON(), nullable=False),
        sa.Column("schedules", sa.JSON(), nullable=False),
        sa.Column("evaluation", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("superseded_by_id", BIGINT, nullable=True),
        sa.Column("ended_reason", sa.String(length=500), nullable=True),
        sa.Column("suspended_by", sa.String(length=32), nullable=True),
        sa.Column("credential_id", BIGINT, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_eligibility_decisions_creator_id_creators"),
        ),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credentials.id"],
            name=op.f("fk_eligibility_decisions_credential_id_credentials"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_eligibility_decisions_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_version_id"],
            ["eligibility_programme_versions.id"],
            name=op.f(
                "fk_eligibility_decisions_programme_version_id_eligibility_programme_versions"
            ),
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["eligibility_decisions.id"],
            name=op.f("fk_eligibility_decisions_superseded_by_id_eligibility_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_decisions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_eligibility_decisions_public_id")),
    )
    for column in ("creator_id", "organisation_id", "programme_version_id"):
        op.create_index(
            op.f(f"ix_eligibility_decisions_{column}"),
            "eligibility_decisions",
            [column],
            unique=False,
        )
    from registry.db.programme_seed import seed_programme_versions

    seed_programme_versions(op.get_bind())


def downgrade() -> None:
    for column in ("programme_version_id", "organisation_id", "creator_id"):
        op.drop_index(
            op.f(f"ix_eligibility_decisions_{column}"), table_name="eligibility_decisions"
        )
    op.drop_table("eligibility_decisions")
    op.drop_table("creator_facts")
    op.drop_table("eligibility_programme_versions")
