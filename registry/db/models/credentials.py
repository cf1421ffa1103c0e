"""Signing keys (private keys sealed under the KEK), status lists, credentials, operations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.enums import (
    CredentialKind,
    CredentialStatus,
    KeyState,
    OperationCode,
    SourceType,
)
from ..base import BIGINT_PK, Base
from .creators import Creator
from .orgs import Organisation

__all__ = [
    "Credential",
    "CredentialOperation",
    "SigningKey",
    "StatusList",
    "credential_snapshot",
]


class SigningKey(Base):
    __tablename__ = "signing_keys"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    kid: Mapped[str] = mapped_column(String(16), unique=True)
    alg: Mapped[str] = mapped_column(String(8))
    state: Mapped[KeyState]
    public_jwk: Mapped[dict[str, Any]]
    # PKCS#8 PEM sealed with AES-GCM under the key-encryption key, which is not in the database.
    sealed_private: Mapped[bytes]
    kek_id: Mapped[str] = mapped_column(String(16))
    activates_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]
    compromised_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "kid": self.kid,
            "alg": self.alg,
            "state": self.state.value,
            "activates_at": self.activates_at.isoformat(),
            "retired_at": None if self.retired_at is None else self.retired_at.isoformat(),
            "compromised_at": (
                None if self.compromised_at is None else self.compromised_at.isoformat()
            ),
        }


class StatusList(Base):
    """One Bitstring Status List: two bitstrings and the bitmap of indexes handed out."""

    __tablename__ = "status_lists"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    size: Mapped[int]
    revocation: Mapped[bytes]
    suspension: Mapped[bytes]
    allocated: Mapped[bytes]
    allocated_count: Mapped[int] = mapped_column(default=0)
    full: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Credential(Base):
    __tablename__ = "credentials"
    __table_args__ = (
        # The herd-privacy promise and the status bits both depend on this: one index, one holder.
        UniqueConstraint("status_list_id", "status_index"),
        Index("ix_credentials_source", "source_type", "source_ref"),
    )

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[CredentialKind]
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    source_type: Mapped[SourceType]
    source_ref: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    signing_key_id: Mapped[int] = mapped_column(ForeignKey("signing_keys.id"), index=True)
    status: Mapped[CredentialStatus]
    status_list_id: Mapped[int] = mapped_column(ForeignKey("status_lists.id"))
    status_index: Mapped[int]
    subject_name: Mapped[str] = mapped_column(String(200))
    achievement: Mapped[dict[str, Any]]
    qr_text: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime]
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime]
    updated_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    signing_key: Mapped[SigningKey] = relationship(lazy="joined", innerjoin=True)
    operations: Mapped[list[CredentialOperation]] = relationship(
        lazy="raise", order_by="CredentialOperation.id"
    )

    def audit_snapshot(self) -> dict[str, Any]:
        return credential_snapshot({name: getattr(self, name) for name in _SNAPSHOT_FIELDS})


_SNAPSHOT_FIELDS = (
    "public_id",
    "kind",
    "creator_id",
    "source_type",
    "source_ref",
    "organisation_id",
    "signing_key_id",
    "status",
    "status_list_id",
    "status_index",
    "valid_until",
)


def credential_snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    """The audited state of a credential, from a row or from the values about to be inserted."""
    return {
        "id": values["public_id"],
        "kind": values["kind"].name,
        "creator": values["creator_id"],
        "source": f"{values['source_type'].value}:{values['source_ref']}",
        "organisation": values["organisation_id"],
        "key": values["signing_key_id"],
        "status": values["status"].value,
        "list": values["status_list_id"],
        "index": values["status_index"],
        "valid_until": values["valid_until"].astimezone(UTC).isoformat(),
    }


class CredentialOperation(Base):
    __tablename__ = "credential_operations"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    credential_id: Mapped[int] = mapped_column(ForeignKey("credentials.id"), index=True)
    code: Mapped[OperationCode]
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(500))
