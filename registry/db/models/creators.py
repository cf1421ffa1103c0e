"""Creators (ID numbers sealed, hashed for lookup and masked), accounts, works, recognitions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.enums import (
    CreatorKind,
    IdDocumentType,
    IdentityForm,
    Origin,
    Platform,
    RecognitionState,
    WorkType,
)
from ..base import BIGINT_PK, Base
from .orgs import Organisation

__all__ = ["Creator", "PlatformAccount", "Recognition", "Work"]


class Creator(Base):
    __tablename__ = "creators"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[CreatorKind]
    identity_form: Mapped[IdentityForm]
    name: Mapped[str] = mapped_column(String(200))
    origin: Mapped[Origin]
    id_document_type: Mapped[IdDocumentType]
    # AES-GCM with the public id as associated data; HMAC-SHA256 for uniqueness and lookup.
    id_number_sealed: Mapped[bytes]
    id_number_hash: Mapped[str] = mapped_column(String(64), unique=True)
    id_number_masked: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str | None] = mapped_column(String(6))
    registered_by_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The holder's choice for public surfaces (credentials signed from now on): the full name
    # instead of the masked one. Only the creator sets it; null "chosen at" = never chosen.
    show_full_name: Mapped[bool] = mapped_column(default=False, server_default=false())
    name_display_chosen_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    registered_by: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        # Deliberately no ID number in any form: a digest of a low-entropy number is reversible.
        return {
            "id": self.public_id,
            "kind": self.kind.value,
            "identity_form": self.identity_form.value,
            "origin": self.origin.value,
            "region": self.region_code,
            "registered_by": self.registered_by_org_id,
            # The choice only, never the name it reveals.
            "show_full_name": bool(self.show_full_name),
        }


class PlatformAccount(Base):
    __tablename__ = "platform_accounts"
    __table_args__ = (UniqueConstraint("creator_id", "platform", "handle"),)

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    platform: Mapped[Platform]
    handle: Mapped[str] = mapped_column(String(100))
    followers: Mapped[int] = mapped_column(BigInteger)
    percentile: Mapped[Decimal | None]
    measured_on: Mapped[date]
    attested_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(lazy="joined", innerjoin=True)
    attested_by: Mapped[Organisation | None] = relationship(lazy="joined")

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "creator": self.creator_id,
            "platform": self.platform.value,
            "handle": self.handle,
            "followers": self.followers,
            "percentile": None if self.percentile is None else str(self.percentile),
            "measured_on": self.measured_on.isoformat(),
            "attested_by": self.attested_by_org_id,
        }


class Work(Base):
    __tablename__ = "works"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    work_type: Mapped[WorkType]
    platform: Mapped[Platform | None]
    url: Mapped[str | None] = mapped_column(String(500))
    published_on: Mapped[date | None]
    created_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "creator": self.creator_id,
            "title": self.title,
            "type": self.work_type.value,
            "platform": None if self.platform is None else self.platform.value,
            "url": self.url,
        }


class Recognition(Base):
    __tablename__ = "recognitions"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    cluster_code: Mapped[str] = mapped_column(String(40))
    region_code: Mapped[str] = mapped_column(String(6))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    state: Mapped[RecognitionState]
    recognised_on: Mapped[date]
    valid_until: Mapped[date | None]
    decision_ref: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "creator": self.creator_id,
            "cluster": self.cluster_code,
            "region": self.region_code,
            "organisation": self.organisation_id,
            "state": self.state.value,
            "recognised_on": self.recognised_on.isoformat(),
            "valid_until": None if self.valid_until is None else self.valid_until.isoformat(),
            "reason": self.reason,
        }
