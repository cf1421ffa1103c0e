"""Credentials the registry issued, their operation history, signing keys and status lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from signing.vocabulary import DIRECTIONS, label

from .enums import CredentialKind, CredentialStatus, KeyState, OperationCode, SourceType
from .transitions import next_state

__all__ = [
    "KIND_SOURCES",
    "STATUS_TRANSITIONS",
    "Credential",
    "CredentialOperation",
    "IssuedCredential",
    "SigningKeyInfo",
    "next_credential_status",
    "vc_document",
]

KIND_SOURCES: dict[CredentialKind, SourceType] = {
    CredentialKind.CREATOR_RECOGNITION: SourceType.RECOGNITION,
    CredentialKind.AWARD: SourceType.AWARD_GRANT,
    CredentialKind.SKILL_CERTIFICATE: SourceType.SKILL_CERTIFICATE,
    CredentialKind.TALENT_ELIGIBILITY: SourceType.ELIGIBILITY,
}

# Suspension is reversible; revocation (CANCEL) is permanent.
STATUS_TRANSITIONS: dict[tuple[CredentialStatus, OperationCode], CredentialStatus] = {
    (CredentialStatus.ACTIVE, OperationCode.SUSPEND): CredentialStatus.SUSPENDED,
    (CredentialStatus.SUSPENDED, OperationCode.REINSTATE): CredentialStatus.ACTIVE,
    (CredentialStatus.ACTIVE, OperationCode.CANCEL): CredentialStatus.REVOKED,
    (CredentialStatus.SUSPENDED, OperationCode.CANCEL): CredentialStatus.REVOKED,
}


def next_credential_status(current: CredentialStatus, op: OperationCode) -> CredentialStatus:
    return next_state(STATUS_TRANSITIONS, current, op, what="credential")


@dataclass(frozen=True, slots=True)
class CredentialOperation:
    code: OperationCode
    at: datetime
    actor: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class Credential:
    """An issued credential: what it says (masked), where its status lives, what happened."""

    id: str
    kind: CredentialKind
    creator_id: str
    subject_name: str
    source_type: SourceType
    source_id: str
    organisation: str
    kid: str
    status: CredentialStatus
    status_list: int
    status_index: int
    achievement: dict[str, str | int]
    issued_at: datetime
    valid_from: datetime
    valid_until: datetime
    operations: tuple[CredentialOperation, ...] = ()


@dataclass(frozen=True, slots=True)
class IssuedCredential:
    credential: Credential
    qr_text: str


@dataclass(frozen=True, slots=True)
class SigningKeyInfo:
    kid: str
    alg: str
    state: KeyState
    activates_at: datetime
    retired_at: datetime | None
    compromised_at: datetime | None
    created_at: datetime
    published_status: str  # what the JWKS says: active, retired or compromised
    signs_now: bool


VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _subject(credential: Credential, issuer: str) -> dict[str, Any]:
    a = credential.achievement
    subject: dict[str, Any] = {
        "id": f"{issuer}/creators/{credential.creator_id}",
        "name": credential.subject_name,
    }
    if credential.kind is CredentialKind.CREATOR_RECOGNITION:
        subject["recognition"] = {
            "cluster": a.get("code"),
            "region": a.get("region"),
            "year": a.get("year"),
        }
    elif credential.kind is CredentialKind.AWARD:
        # Open Badges 3.0: the subject holds an Achievement with its criteria.
        subject["type"] = ["AchievementSubject"]
        subject["achievement"] = {
            "id": f"{issuer}/programmes/{a.get('code')}",
            "type": ["Achievement"],
            "achievementType": "Award",
            "name": a.get("code"),
            "criteria": {"narrative": f"Conferred by the {a.get('code')} programme."},
            "level": a.get("level"),
            "grade": a.get("grade"),
            "edition": a.get("year"),
            "category": a.get("title"),
        }
    elif credential.kind is CredentialKind.SKILL_CERTIFICATE:
        direction = a.get("direction")
        full = DIRECTIONS.get(str(direction))
        subject["type"] = ["AchievementSubject"]
        subject["achievement"] = {
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetCode": a.get("code"),
                    "targetName": "全媒体运营师"
                    if a.get("code") == "4-13-01-05"
                    else a.get("code"),
                    "targetFramework": "中华人民共和国职业分类大典",
                    "targetType": "Occupation",
                }
            ],
            "level": a.get("level"),
            "levelLabel": label(str(a.get("level"))),
            "direction": full[0] if full else direction,
            "certificateNumber": a.get("number"),
        }
    else:
        subject["eligibility"] = {
            "programme": a.get("code"),
            "tier": a.get("level"),
            "region": a.get("region"),
        }
    return subject


def vc_document(credential: Credential, *, issuer: str) -> dict[str, Any]:
    """The W3C Verifiable Credentials 2.0 JSON view of a credential (unsigned: the signed form
    is the TR1 QR text). Awards take the Open Badges 3.0 shape; skill certificates align to
    their occupation code."""
    status_url = f"{issuer}/status/{credential.status_list}"  # + /{purpose}: one list each
    types = ["VerifiableCredential", credential.kind.vc_type]
    contexts = [VC_CONTEXT]
    if credential.kind is CredentialKind.AWARD:
        types.append("OpenBadgeCredential")
        contexts.append(OB3_CONTEXT)
    return {
        "@context": contexts,
        "id": f"{issuer}/credentials/{credential.id}",
        "type": types,
        "issuer": {"id": issuer, "name": credential.organisation},
        "validFrom": _iso(credential.valid_from),
        "validUntil": _iso(credential.valid_until),
        "credentialSubject": _subject(credential, issuer),
        "credentialStatus": [
            {
                "id": f"{status_url}/{purpose}#{credential.status_index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(credential.status_index),
                "statusListCredential": f"{status_url}/{purpose}",
            }
            for purpose in ("revocation", "suspension")
        ],
    }
