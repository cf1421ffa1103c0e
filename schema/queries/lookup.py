"""``lookupCertificate``: the public certificate lookup (services/lookup.py), rate limited per
caller like a verification (each field counts one, charged before anything runs)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from registry.services import lookup

from ..context import Info
from ..fields import field
from ..types.enums import CredentialKind

__all__ = ["LookupQueries"]


@strawberry.enum(
    description="What the lookup found: in force, suspended, revoked, expired, or nothing."
)
class LookupStatus(Enum):
    VALID = "VALID"
    SUSPENDED = "SUSPENDED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    NOT_FOUND = "NOT_FOUND"


@strawberry.type(
    description="A masked answer: only whether it is genuine and in force, and what it is."
)
class CertificateLookup:
    status: LookupStatus
    kind: CredentialKind | None
    title: str | None = strawberry.field(description="The occupation, award or programme.")
    level: str | None = strawberry.field(description="The level or grade, as written.")
    issuer: str | None = strawberry.field(description="The issuing office's name.")
    issued_on: dt.date | None
    holder: str | None = strawberry.field(description="The holder's name, masked.")


@strawberry.type
class LookupQueries:
    @field(
        description=(
            "Public certificate lookup: a skill certificate number (or a credential id) and "
            "the holder's full name. A number that is not on record and a name that does not "
            "match get the same NOT_FOUND answer. Rate limited per caller; every lookup is "
            "recorded in the disclosure log."
        )
    )
    async def lookup_certificate(
        self, info: Info, number: str, holder_name: str
    ) -> CertificateLookup:
        answer = await lookup.lookup_certificate(info.context.registry, number, holder_name)
        return CertificateLookup(
            status=LookupStatus(answer.status),
            kind=answer.kind,
            title=answer.title,
            level=answer.level,
            issuer=answer.issuer,
            issued_on=answer.issued_on,
            holder=answer.holder,
        )
