"""Skill certificates (全媒体运营师, occupation 4-13-01-05) recorded by evaluation institutions."""

from __future__ import annotations

from datetime import date

import strawberry

from registry.domain import skills as domain

from ..context import Info
from ..fields import field
from ..relay import Node, global_id
from .audit import HISTORY, HistoryEntry, record_history
from .enums import SkillLevel

__all__ = ["SkillCertificate"]


@strawberry.type(
    description="A vocational skill certificate, recorded within its institution's filing."
)
class SkillCertificate(Node):
    certificate_number: str = strawberry.field(description="22 characters, ^[YS]\\\\d{21}$.")
    occupation_code: str
    level: SkillLevel
    direction: str | None
    issued_on: date
    organisation_code: str = strawberry.field(description="The evaluation institution.")
    filing_id: strawberry.ID
    creator_id: strawberry.ID
    legacy: bool = strawberry.field(description="A legacy 16-digit number, accepted on import.")

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "skill_certificate", self.id)

    @classmethod
    def from_domain(cls, certificate: domain.SkillCertificate) -> SkillCertificate:
        return cls(
            id=global_id("SkillCertificate", certificate.id),
            certificate_number=certificate.number,
            occupation_code=certificate.occupation_code,
            level=certificate.level,
            direction=certificate.direction,
            issued_on=certificate.issued_on,
            organisation_code=certificate.organisation,
            filing_id=global_id("Filing", certificate.filing_id),
            creator_id=global_id("Creator", certificate.creator_id),
            legacy=certificate.legacy,
        )
