"""Partner API clients (purposes, scopes, rate limits) and the disclosure log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "api_clients",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", BIGINT, nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("rate_per_second", sa.Double(), nullable=True),
        sa.Column("burst", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_api_clients_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_api_clients_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("account_id", name=op.f("uq_api_clients_account_id")),
        sa.UniqueConstraint("public_id", name=op.f("uq_api_clients_public_id")),
    )
    op.create_index(
        op.f("ix_api_clients_organisation_id"), "api_clients", ["organisation_id"], unique=False
    )

    op.create_table(
        "disclosures",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_id", BIGINT, nullable=True),
        sa.Column("organisation_id", BIGINT, nullable=True),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("credential_ref", sa.String(length=32), nullable=True),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("outcome_code", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["api_clients.id"], name=op.f("fk_disclosures_client_id_api_clients")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_disclosures_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosures")),
    )
    op.create_index("ix_disclosures_client", "disclosures", ["client_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_disclosures_client", table_name="disclosures")

    op.drop_table("disclosures")
    op.drop_index(op.f("ix_api_clients_organisation_id"), table_name="api_clients")

    op.drop_table("api_clients")
