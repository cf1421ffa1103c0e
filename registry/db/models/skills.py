"""Occupations (data), evaluation-institution filings (备案) and skill certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...domain.enums import FilingScope, FilingState, InstitutionCategory
from ...domain.skills import SkillLevel
from ..base import BIGINT_PK, Base
from .creators import Creator
from .orgs import Organisation

__all__ = ["Filing", "Occupation", "SkillCertificate"]


class Occupation(Base):
    __tablename__ = "occupations"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    levels: Mapped[list[str]]
    directions: Mapped[list[str]]
    direction_min_level: Mapped[dict[str, Any]]
    pass_mark: Mapped[int] = mapped_column(default=60)
    min_age: Mapped[int] = mapped_column(default=16)


class Filing(Base):
    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    reference: Mapped[str | None] = mapped_column(String(100))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id"))
    directions: Mapped[list[str]]
    levels: Mapped[list[str]]
    scope: Mapped[FilingScope]
    province_code: Mapped[str] = mapped_column(String(2))
    category: Mapped[InstitutionCategory]
    institution_code: Mapped[str] = mapped_column(String(4))
    site_serial: Mapped[str] = mapped_column(String(6))
    prefix: Mapped[str] = mapped_column(String(13), index=True)
    valid_from: Mapped[date]
    valid_until: Mapped[date]
    state: Mapped[FilingState]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    occupation: Mapped[Occupation] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "organisation": self.organisation_id,
            "occupation": self.occupation_id,
            "directions": sorted(self.directions),
            "levels": sorted(self.levels),
            "scope": self.scope.value,
            "prefix": self.prefix,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "state": self.state.value,
        }


class SkillCertificate(Base):
    __tablename__ = "skill_certificates"

    id: Mapped[int] = mapped_column(BIGINT_PK, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    number: Mapped[str] = mapped_column(String(22), unique=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id"), index=True)
    filing_id: Mapped[int] = mapped_column(ForeignKey("filings.id"), index=True)
    occupation_id: Mapped[int] = mapped_column(ForeignKey("occupations.id"))
    direction: Mapped[str | None] = mapped_column(String(40))
    level: Mapped[SkillLevel]
    issued_on: Mapped[date]
    legacy: Mapped[bool] = mapped_column(default=False)
    theory_score: Mapped[int | None]
    practical_score: Mapped[int | None]
    review_score: Mapped[int | None]
    recorded_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime]

    creator: Mapped[Creator] = relationship(lazy="joined", innerjoin=True)
    filing: Mapped[Filing] = relationship(lazy="joined", innerjoin=True)

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "id": self.public_id,
            "number": self.number,
            "creator": self.creator_id,
            "filing": self.filing_id,
            "direction": self.direction,
            "level": self.level.value,
            "issued_on": self.issued_on.isoformat(),
            "legacy": self.legacy,
        }
