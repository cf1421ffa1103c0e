"""What anyone scanning a QR code learns: valid or not, the stage that failed, minimal claims.

Claims are shown only when the signature held (so even an expired or revoked credential
shows what it was): an opaque subject id, the name as signed (masked unless the holder chose
otherwise) and the achievement. Never an ID
number, birth date or photo: the QR does not carry them.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from signing import CredentialClaims, VerificationError
from signing.keys import b64url
from signing.vocabulary import label

from ..verification import Outcome
from .enums import CredentialKind, VerificationCode

__all__ = ["VerificationResult", "VerifiedAchievement", "VerifiedClaims"]


@strawberry.type(description="The achievement a credential attests, with zh-CN labels.")
class VerifiedAchievement:
    code: str = strawberry.field(
        description="Award programme, occupation (4-13-01-05), cluster or talent programme."
    )
    level: str | None
    level_label: str | None
    direction: str | None
    direction_label: str | None
    grade: str | None
    grade_label: str | None
    year: int | None
    region: str | None
    number: str | None = strawberry.field(description="Certificate number, for skills.")
    title: str | None


@strawberry.type(description="The claims of a credential whose signature checked out.")
class VerifiedClaims:
    credential_id: str
    subject_id: str = strawberry.field(description="Opaque registry id of the holder.")
    subject_name: str = strawberry.field(
        description=(
            "The name as signed: masked (张*) unless the holder chose the full name. "
            "签发时的姓名：默认脱敏。"
        )
    )
    achievement: VerifiedAchievement
    organisation: str | None = strawberry.field(description="Code of the issuing organisation.")
    issuer: str
    issued_at: datetime | None
    valid_from: datetime | None
    valid_until: datetime

    @classmethod
    def from_claims(cls, claims: CredentialClaims) -> VerifiedClaims:
        a = claims.achievement
        return cls(
            credential_id=b64url(claims.credential_id),
            subject_id=claims.subject_id,
            subject_name=claims.subject_name,
            achievement=VerifiedAchievement(
                code=a.code,
                level=a.level,
                level_label=label(a.level),
                direction=a.direction,
                direction_label=label(a.direction),
                grade=a.grade,
                grade_label=label(a.grade),
                year=a.year,
                region=a.region,
                number=a.number,
                title=a.title,
            ),
            organisation=claims.organisation,
            issuer=claims.issuer,
            issued_at=claims.issued_at,
            valid_from=claims.effective_from,
            valid_until=claims.valid_until,
        )


@strawberry.type(description="The answer to verifyCredential.")
class VerificationResult:
    valid: bool
    code: VerificationCode | None = strawberry.field(
        description="The failing stage; null when valid."
    )
    kind: CredentialKind | None
    claims: VerifiedClaims | None
    kid: str | None = strawberry.field(description="The signing key, when it is known.")
    checked_at: datetime

    @classmethod
    def from_outcome(cls, outcome: Outcome, *, checked_at: datetime) -> VerificationResult:
        if isinstance(outcome, VerificationError):
            claims = outcome.claims
            return cls(
                valid=False,
                code=outcome.code,
                kind=None if claims is None else CredentialKind(int(claims.kind)),
                claims=None if claims is None else VerifiedClaims.from_claims(claims),
                kid=None if outcome.kid is None else b64url(outcome.kid),
                checked_at=checked_at,
            )
        return cls(
            valid=True,
            code=None,
            kind=CredentialKind(int(outcome.claims.kind)),
            claims=VerifiedClaims.from_claims(outcome.claims),
            kid=b64url(outcome.kid),
            checked_at=checked_at,
        )
