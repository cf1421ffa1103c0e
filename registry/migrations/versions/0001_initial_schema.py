"""Initial schema: every table of the registry, and the seed data the rules need.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_org", sa.String(length=40), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("before_digest", sa.String(length=64), nullable=True),
        sa.Column("after_digest", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_actor", "audit_events", ["actor"], unique=False)
    op.create_index(
        "ix_audit_events_target", "audit_events", ["target_type", "target_id"], unique=False
    )

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "award_programmes",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "INTERNATIONAL",
                "NATIONAL",
                "PROVINCIAL_MUNICIPAL",
                "DISTRICT",
                "INDUSTRY",
                name="awardlevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("is_award", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_programmes")),
        sa.UniqueConstraint("code", name=op.f("uq_award_programmes_code")),
    )
    op.create_table(
        "occupations",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("directions", sa.JSON(), nullable=False),
        sa.Column("direction_min_level", sa.JSON(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupations")),
        sa.UniqueConstraint("code", name=op.f("uq_occupations_code")),
    )
    op.create_table(
        "organisations",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "OPERATOR",
                "CAC_OFFICE",
                "TALENT_OFFICE",
                "HRSS_BUREAU",
                "EVALUATION_INSTITUTION",
                "CREATOR_COMMUNITY",
                "STUDIO",
                "MCN",
                "PLATFORM",
                "FINANCIAL",
                "HOUSING_OFFICE",
                "AUDIT_OFFICE",
                name="orgkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("code", name=op.f("uq_organisations_code")),
        sa.UniqueConstraint("uscc", name=op.f("uq_organisations_uscc")),
    )
    op.create_table(
        "signing_keys",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("kid", sa.String(length=16), nullable=False),
        sa.Column("alg", sa.String(length=8), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "ACTIVE", "RETIRED", "COMPROMISED", name="keystate", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("sealed_private", sa.LargeBinary(), nullable=False),
        sa.Column("kek_id", sa.String(length=16), nullable=False),
        sa.Column("activates_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("compromised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint("kid", name=op.f("uq_signing_keys_kid")),
    )
    op.create_table(
        "status_lists",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("revocation", sa.LargeBinary(), nullable=False),
        sa.Column("suspension", sa.LargeBinary(), nullable=False),
        sa.Column("allocated", sa.LargeBinary(), nullable=False),
        sa.Column("allocated_count", sa.Integer(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_lists")),
    )
    op.create_table(
        "creators",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("PERSON", "STUDIO", name="creatorkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "identity_form",
            sa.Enum(
                "UPLOADER",
                "BLOGGER",
                "CONTRACTED",
                "STUDIO",
                "MCN_TALENT",
                name="identityform",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "origin",
            sa.Enum("DOMESTIC", "HMT", "FOREIGN", name="origin", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "id_document_type",
            sa.Enum(
                "RESIDENT_ID",
                "HMT_PERMIT",
                "PASSPORT",
                "FOREIGN_PERMANENT_ID",
                "USCC",
                name="iddocumenttype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id_number_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("id_number_hash", sa.String(length=64), nullable=False),
        sa.Column("id_number_masked", sa.String(length=40), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("registered_by_org_id", BIGINT, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["registered_by_org_id"],
            ["organisations.id"],
            name=op.f("fk_creators_registered_by_org_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creators")),
        sa.UniqueConstraint("id_number_hash", name=op.f("uq_creators_id_number_hash")),
        sa.UniqueConstraint("public_id", name=op.f("uq_creators_public_id")),
    )
    op.create_index(
        op.f("ix_creators_registered_by_org_id"), "creators", ["registered_by_org_id"], unique=False
    )

    op.create_table(
        "filings",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("occupation_id", BIGINT, nullable=False),
        sa.Column("directions", sa.JSON(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum("NATIONAL", "PROVINCIAL", name="filingscope", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column(
            "category",
            sa.Enum("S", "Y", name="institutioncategory", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("institution_code", sa.String(length=4), nullable=False),
        sa.Column("site_serial", sa.String(length=6), nullable=False),
        sa.Column("prefix", sa.String(length=13), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "ACTIVE", "SUSPENDED", "WITHDRAWN", name="filingstate", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["occupation_id"], ["occupations.id"], name=op.f("fk_filings_occupation_id_occupations")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_filings_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filings")),
        sa.UniqueConstraint("public_id", name=op.f("uq_filings_public_id")),
    )
    op.create_index(
        op.f("ix_filings_organisation_id"), "filings", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_filings_prefix"), "filings", ["prefix"], unique=False)

    op.create_table(
        "accounts",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "SYSTEM_ADMIN",
                "CAC_OFFICIAL",
                "TALENT_OFFICIAL",
                "HRSS_OFFICIAL",
                "EVALUATOR",
                "CREATOR",
                "PARTNER",
                "AUDITOR",
                "PUBLIC",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("creator_id", BIGINT, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_accounts_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_accounts_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint(
            "organisation_id", "username", name=op.f("uq_accounts_organisation_id_username")
        ),
        sa.UniqueConstraint("public_id", name=op.f("uq_accounts_public_id")),
    )
    op.create_index(op.f("ix_accounts_creator_id"), "accounts", ["creator_id"], unique=False)
    op.create_index(
        op.f("ix_accounts_organisation_id"), "accounts", ["organisation_id"], unique=False
    )

    op.create_table(
        "credentials",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "CREATOR_RECOGNITION",
                "AWARD",
                "SKILL_CERTIFICATE",
                "TALENT_ELIGIBILITY",
                name="credentialkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column(
            "source_type",
            sa.Enum(
                "RECOGNITION",
                "AWARD_GRANT",
                "SKILL_CERTIFICATE",
                "ELIGIBILITY",
                name="sourcetype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("source_ref", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column("signing_key_id", BIGINT, nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ACTIVE",
                "SUSPENDED",
                "REVOKED",
                name="credentialstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_list_id", BIGINT, nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=200), nullable=False),
        sa.Column("achievement", sa.JSON(), nullable=False),
        sa.Column("qr_text", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_credentials_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_credentials_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["signing_key_id"],
            ["signing_keys.id"],
            name=op.f("fk_credentials_signing_key_id_signing_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["status_list_id"],
            ["status_lists.id"],
            name=op.f("fk_credentials_status_list_id_status_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("public_id", name=op.f("uq_credentials_public_id")),
        sa.UniqueConstraint(
            "status_list_id",
            "status_index",
            name=op.f("uq_credentials_status_list_id_status_index"),
        ),
    )
    op.create_index(op.f("ix_credentials_creator_id"), "credentials", ["creator_id"], unique=False)
    op.create_index(
        op.f("ix_credentials_organisation_id"), "credentials", ["organisation_id"], unique=False
    )
    op.create_index(
        op.f("ix_credentials_signing_key_id"), "credentials", ["signing_key_id"], unique=False
    )
    op.create_index(
        "ix_credentials_source", "credentials", ["source_type", "source_ref"], unique=False
    )

    op.create_table(
        "platform_accounts",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column(
            "platform",
            sa.Enum(
                "BILIBILI",
                "XIAOHONGSHU",
                "DOUYIN",
                "WECHAT_CHANNELS",
                "WEIBO",
                "KUAISHOU",
                "OTHER",
                name="platform",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("handle", sa.String(length=100), nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=False),
        sa.Column("percentile", sa.Numeric(precision=7, scale=3), nullable=True),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("attested_by_org_id", BIGINT, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attested_by_org_id"],
            ["organisations.id"],
            name=op.f("fk_platform_accounts_attested_by_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_platform_accounts_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_accounts")),
        sa.UniqueConstraint(
            "creator_id",
            "platform",
            "handle",
            name=op.f("uq_platform_accounts_creator_id_platform_handle"),
        ),
    )
    op.create_index(
        op.f("ix_platform_accounts_creator_id"), "platform_accounts", ["creator_id"], unique=False
    )

    op.create_table(
        "recognitions",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column("cluster_code", sa.String(length=40), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("organisation_id", BIGINT, nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "ACTIVE",
                "SUSPENDED",
                "REVOKED",
                name="recognitionstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("recognised_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("decision_ref", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_recognitions_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_recognitions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognitions")),
        sa.UniqueConstraint("public_id", name=op.f("uq_recognitions_public_id")),
    )
    op.create_index(
        op.f("ix_recognitions_creator_id"), "recognitions", ["creator_id"], unique=False
    )
    op.create_index(
        op.f("ix_recognitions_organisation_id"), "recognitions", ["organisation_id"], unique=False
    )

    op.create_table(
        "works",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "work_type",
            sa.Enum(
                "TEXT",
                "IMAGE",
                "AUDIO_VIDEO",
                "SPECIAL_COLUMN",
                "THEMED_CAMPAIGN",
                "LIVE_STREAM",
                "MICRO_DRAMA",
                name="worktype",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "platform",
            sa.Enum(
                "BILIBILI",
                "XIAOHONGSHU",
                "DOUYIN",
                "WECHAT_CHANNELS",
                "WEIBO",
                "KUAISHOU",
                "OTHER",
                name="platform",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_works_creator_id_creators")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_works")),
        sa.UniqueConstraint("public_id", name=op.f("uq_works_public_id")),
    )
    op.create_index(op.f("ix_works_creator_id"), "works", ["creator_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("account_id", BIGINT, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_api_tokens_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("public_id", name=op.f("uq_api_tokens_public_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_account_id"), "api_tokens", ["account_id"], unique=False)

    op.create_table(
        "award_grants",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", BIGINT, nullable=False),
        sa.Column("edition_year", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column(
            "grade",
            sa.Enum(
                "SPECIAL",
                "FIRST",
                "SECOND",
                "THIRD",
                "TOP10",
                "SELECTED",
                "TITLE",
                name="awardgrade",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("creator_id", BIGINT, nullable=True),
        sa.Column("work_id", BIGINT, nullable=True),
        sa.Column("recommended_by", sa.String(length=200), nullable=True),
        sa.Column("granted_on", sa.Date(), nullable=True),
        sa.Column("evidence_doc_no", sa.String(length=100), nullable=True),
        sa.Column("evidence_url", sa.String(length=500), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "CLAIMED",
                "UNDER_VERIFICATION",
                "VERIFIED",
                "REJECTED",
                "RESCINDED",
                name="awardstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("claimed_by_account_id", BIGINT, nullable=True),
        sa.Column("decided_by_org_id", BIGINT, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "creator_id IS NOT NULL OR work_id IS NOT NULL",
            name=op.f("ck_award_grants_has_recipient"),
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_award_grants_claimed_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_award_grants_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_org_id"],
            ["organisations.id"],
            name=op.f("fk_award_grants_decided_by_org_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["award_programmes.id"],
            name=op.f("fk_award_grants_programme_id_award_programmes"),
        ),
        sa.ForeignKeyConstraint(
            ["work_id"], ["works.id"], name=op.f("fk_award_grants_work_id_works")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_grants")),
        sa.UniqueConstraint("public_id", name=op.f("uq_award_grants_public_id")),
    )
    op.create_index(
        op.f("ix_award_grants_creator_id"), "award_grants", ["creator_id"], unique=False
    )
    op.create_index(
        op.f("ix_award_grants_programme_id"), "award_grants", ["programme_id"], unique=False
    )
    op.create_index(op.f("ix_award_grants_work_id"), "award_grants", ["work_id"], unique=False)

    op.create_table(
        "credential_operations",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("credential_id", BIGINT, nullable=False),
        sa.Column(
            "code",
            sa.Enum(
                "ISSUE",
                "RENEW",
                "SUSPEND",
                "REINSTATE",
                "CANCEL",
                "AMEND",
                name="operationcode",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credentials.id"],
            name=op.f("fk_credential_operations_credential_id_credentials"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_operations")),
    )
    op.create_index(
        op.f("ix_credential_operations_credential_id"),
        "credential_operations",
        ["credential_id"],
        unique=False,
    )

    op.create_table(
        "skill_certificates",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=22), nullable=False),
        sa.Column("creator_id", BIGINT, nullable=False),
        sa.Column("filing_id", BIGINT, nullable=False),
        sa.Column("occupation_id", BIGINT, nullable=False),
        sa.Column("direction", sa.String(length=40), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "L5",
                "L4",
                "L3",
                "L2",
                "L1",
                "SPECIAL",
                "CHIEF",
                name="skilllevel",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("legacy", sa.Boolean(), nullable=False),
        sa.Column("theory_score", sa.Integer(), nullable=True),
        sa.Column("practical_score", sa.Integer(), nullable=True),
        sa.Column("review_score", sa.Integer(), nullable=True),
        sa.Column("recorded_by_account_id", BIGINT, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_skill_certificates_creator_id_creators")
        ),
        sa.ForeignKeyConstraint(
            ["filing_id"], ["filings.id"], name=op.f("fk_skill_certificates_filing_id_filings")
        ),
        sa.ForeignKeyConstraint(
            ["occupation_id"],
            ["occupations.id"],
            name=op.f("fk_skill_certificates_occupation_id_occupations"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_skill_certificates_recorded_by_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill_certificates")),
        sa.UniqueConstraint("number", name=op.f("uq_skill_certificates_number")),
        sa.UniqueConstraint("public_id", name=op.f("uq_skill_certificates_public_id")),
    )
    op.create_index(
        op.f("ix_skill_certificates_creator_id"), "skill_certificates", ["creator_id"], unique=False
    )
    op.create_index(
        op.f("ix_skill_certificates_filing_id"), "skill_certificates", ["filing_id"], unique=False
    )

    _seed()


def downgrade() -> None:
    op.drop_index(op.f("ix_skill_certificates_filing_id"), table_name="skill_certificates")
    op.drop_index(op.f("ix_skill_certificates_creator_id"), table_name="skill_certificates")

    op.drop_table("skill_certificates")
    op.drop_index(
        op.f("ix_credential_operations_credential_id"), table_name="credential_operations"
    )

    op.drop_table("credential_operations")
    op.drop_index(op.f("ix_award_grants_work_id"), table_name="award_grants")
    op.drop_index(op.f("ix_award_grants_programme_id"), table_name="award_grants")
    op.drop_index(op.f("ix_award_grants_creator_id"), table_name="award_grants")

    op.drop_table("award_grants")
    op.drop_index(op.f("ix_api_tokens_account_id"), table_name="api_tokens")

    op.drop_table("api_tokens")
    op.drop_index(op.f("ix_works_creator_id"), table_name="works")

    op.drop_table("works")
    op.drop_index(op.f("ix_recognitions_organisation_id"), table_name="recognitions")
    op.drop_index(op.f("ix_recognitions_creator_id"), table_name="recognitions")

    op.drop_table("recognitions")
    op.drop_index(op.f("ix_platform_accounts_creator_id"), table_name="platform_accounts")

    op.drop_table("platform_accounts")
    op.drop_index("ix_credentials_source", table_name="credentials")
    op.drop_index(op.f("ix_credentials_signing_key_id"), table_name="credentials")
    op.drop_index(op.f("ix_credentials_organisation_id"), table_name="credentials")
    op.drop_index(op.f("ix_credentials_creator_id"), table_name="credentials")

    op.drop_table("credentials")
    op.drop_index(op.f("ix_accounts_organisation_id"), table_name="accounts")
    op.drop_index(op.f("ix_accounts_creator_id"), table_name="accounts")

    op.drop_table("accounts")
    op.drop_index(op.f("ix_filings_prefix"), table_name="filings")
    op.drop_index(op.f("ix_filings_organisation_id"), table_name="filings")

    op.drop_table("filings")
    op.drop_index(op.f("ix_creators_registered_by_org_id"), table_name="creators")

    op.drop_table("creators")
    op.drop_table("status_lists")
    op.drop_table("signing_keys")
    op.drop_table("organisations")
    op.drop_table("occupations")
    op.drop_table("award_programmes")
    op.drop_table("audit_head")
    op.drop_index("ix_audit_events_target", table_name="audit_events")
    op.drop_index("ix_audit_events_actor", table_name="audit_events")

    op.drop_table("audit_events")


# Seed data is frozen here as it stood when this revision was written; later changes to
# policy data come as new revisions, never as edits to this one.
_GENESIS = "0" * 64
_OMNI_MEDIA_OPERATOR = {
    "code": "4-13-01-05",
    "name": "全媒体运营师",
    "levels": ["L4", "L3", "L2", "L1"],
    "directions": [
        "CREATIVE_PLANNING",
        "AUDIOVISUAL_OPS",
        "LIVESTREAM_OPS",
        "TRAFFIC_OPS",
        "DATA_ANALYSIS",
    ],
    "direction_min_level": {"DATA_ANALYSIS": "L3"},
    "pass_mark": 60,
    "min_age": 16,
}
_PROGRAMMES = [
    ("CN_POSITIVE_ENERGY", "中国正能量网络精品", "中央网信办", "NATIONAL", "000000", True),
    ("SH_SILVER_DOVE", "银鸽奖", "上海市委外宣办", "PROVINCIAL_MUNICIPAL", "310000", True),
    ("SH_JOURNALISM", "上海新闻奖", "市委宣传部 / 市记协", "PROVINCIAL_MUNICIPAL", "310000", True),
    (
        "SH_CONTENT_REWARD",
        "上海市优质内容单项奖励",
        "市委宣传部 / 网信办",
        "PROVINCIAL_MUNICIPAL",
        "310000",
        True,
    ),
    ("YP_TRACK_HONOR", "杨浦区创作者分赛道荣誉", "杨浦区", "DISTRICT", "310110", True),
    ("HZ_PREMIUM_LIBRARY", "海珠精品内容库", "海珠区委宣传部", "DISTRICT", "440105", True),
    (
        "GZ_JIEBANG",
        "广州宣传思想文化人才揭榜挂帅",
        "广州市委宣传部",
        "PROVINCIAL_MUNICIPAL",
        "440100",
        False,
    ),
]


def _seed() -> None:
    head = sa.table("audit_head", sa.column("id", sa.Integer), sa.column("seq"), sa.column("hash"))
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": _GENESIS}])
    occupations = sa.table(
        "occupations",
        sa.column("code"),
        sa.column("name"),
        sa.column("levels", sa.JSON),
        sa.column("directions", sa.JSON),
        sa.column("direction_min_level", sa.JSON),
        sa.column("pass_mark"),
        sa.column("min_age"),
    )
    op.bulk_insert(occupations, [_OMNI_MEDIA_OPERATOR])
    programmes = sa.table(
        "award_programmes",
        sa.column("code"),
        sa.column("name"),
        sa.column("organiser"),
        sa.column("level"),
        sa.column("region_code"),
        sa.column("is_award", sa.Boolean),
    )
    op.bulk_insert(
        programmes,
        [
            dict(
                zip(
                    ("code", "name", "organiser", "level", "region_code", "is_award"),
                    row,
                    strict=True,
                )
            )
            for row in _PROGRAMMES
        ],
    )
