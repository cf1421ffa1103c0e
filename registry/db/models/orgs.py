"""Organisations, accounts and bearer tokens (only their SHA-256 is stored)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.enums import OrgKind, Role
from ..base import BIGINT_PK, Base

if TYPE_CHECKING:
    from .creators import Creator

__all__ = ["Account", "ApiToken", "Organisation"]


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[OrgKind]
    region_code: Mapped[str] = mapped_column(String(6))
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    created_at: Mapped[datetime]

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "name_en": self.name_en,
            "kind": self.kind.value,
            "region": self.region_code,
            "uscc": self.uscc,
        }


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("organisation_id", "username"),)

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    username: Mapped[str] = mapped_column(String(80))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role]
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("creators.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    creator: Mapped[Creator | None] = relationship(lazy="joined")

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "organisation": self.organisation_id,
            "username": self.username,
            "role": self.role.value,
            "creator": self.creator_id,
            "active": self.active,
        }


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # Recorded at most once an hour (see ``orgs.authenticate``): when the token last worked.
    last_used_at: Mapped[datetime | None]
    # A bootstrap token: revoked by its first use.
    single_use: Mapped[bool] = mapped_column(default=False)

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        # The hash is of a 256-bit random secret; still, it stays out of the audit trail.
        return {
            "id": self.public_id,
            "account": self.account_id,
            "label": self.label,
            "expires_at": None if self.expires_at is None else self.expires_at.isoformat(),
            "revoked_at": None if self.revoked_at is None else self.revoked_at.isoformat(),
        }
