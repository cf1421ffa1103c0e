"""Partner API clients (purpose- and scope-bound) and the log of what was disclosed to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import BIGINT_PK, Base
from .orgs import Account, Organisation

__all__ = ["ApiClient", "Disclosure"]


class ApiClient(Base):
    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purposes: Mapped[list[str]]
    scopes: Mapped[list[str]]
    rate_per_second: Mapped[float | None]
    burst: Mapped[int | None]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "account": self.account_id,
            "organisation": self.organisation_id,
            "name": self.name,
            "purposes": sorted(self.purposes),
            "scopes": sorted(self.scopes),
            "rate_per_second": self.rate_per_second,
            "burst": self.burst,
            "revoked": self.revoked_at is not None,
        }


class Disclosure(Base):
    """One answer given to a partner: which credential, for which purpose, which fields."""

    __tablename__ = "disclosures"
    __table_args__ = (Index("ix_disclosures_client", "client_id", "id"),)

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    at: Mapped[datetime]
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_clients.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    actor: Mapped[str] = mapped_column(String(64))
    credential_ref: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(String(64))
    fields: Mapped[list[str]]
    outcome_code: Mapped[str | None] = mapped_column(String(40))

    client: Mapped[ApiClient | None] = relationship(lazy="joined")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
