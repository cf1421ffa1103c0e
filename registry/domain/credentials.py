"""Credentials the registry issued, their operation history, signing keys and status lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from signing.vocabulary import DIRECTIONS, KINDS, Label, label

from .enums import CredentialKind, CredentialStatus, KeyState, OperationCode, SourceType
from .transitions import next_state

__all__ = [
    "KIND_SOURCES",
    "STANDING_WORDS",
    "STATUS_TRANSITIONS",
    "Credential",
    "CredentialOperation",
    "DocumentNames",
    "IssuedCredential",
    "SigningKeyInfo",
    "next_credential_status",
    "standing",
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
OCCUPATION_FRAMEWORK = "中华人民共和国职业分类大典"
# Where the occupation and its certificates are published: the national occupational skill
# certificate lookup of the Ministry of Human Resources and Social Security.
OCCUPATION_LOOKUP = "https://zscx.osta.org.cn/"


# A credential's standing in words: its status, or EXPIRED once past its validity.
STANDING_WORDS: dict[str, Label] = {
    "ACTIVE": Label("有效", "Valid"),
    "SUSPENDED": Label("已暂停", "Suspended"),
    "REVOKED": Label("已撤销", "Revoked"),
    "EXPIRED": Label("已过期", "Expired"),
}


def standing(credential: Credential, now: datetime) -> str:
    """REVOKED, SUSPENDED, EXPIRED (in force by status, but past its end) or ACTIVE."""
    if credential.status is not CredentialStatus.ACTIVE:
        return credential.status.value
    return "EXPIRED" if credential.valid_until <= now else "ACTIVE"


@dataclass(frozen=True, slots=True)
class DocumentNames:
    """The words a JSON view shows beside the codes the QR carries: who decided (the office's
    name) and what was achieved (programme, award programme, cluster or occupation name)."""

    organisation: str
    achievement: str
    organisation_en: str | None = None
    # An award's published notice (document number, and where it is published), if recorded.
    evidence_name: str | None = None
    evidence_url: str | None = None

    @property
    def issuer_name(self) -> str:
        """Both languages in one string: Open Badges 3.0 gives a Profile one ``name``."""
        if self.organisation_en:
            return f"{self.organisation} / {self.organisation_en}"
        return self.organisation


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _present(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _name_identifier(credential: Credential) -> list[dict[str, Any]]:
    # Open Badges 3.0 has no name on an AchievementSubject: the (masked) display name is an
    # IdentityObject of identityType "name", in plain text (hashed: false).
    return [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": credential.subject_name,
        }
    ]


def _award_subject(credential: Credential, issuer: str, names: DocumentNames) -> dict[str, Any]:
    a = credential.achievement
    code, year = str(a.get("code")), a.get("year")
    grade = label(_text(a.get("grade")))
    return _present(
        {
            "id": f"{issuer}/creators/{credential.creator_id}",
            "type": ["AchievementSubject"],
            "identifier": _name_identifier(credential),
            "achievement": {
                "id": f"{issuer}/award-programmes/{code}",
                "type": ["Achievement"],
                "achievementType": "Award",
                "name": names.achievement,
                "humanCode": code,
                "description": f"{names.achievement}（{year}年度）" if year else names.achievement,
                "criteria": {
                    "narrative": f"经{names.organisation}核验的获奖记录，奖项等第：{grade or '—'}。"
                },
            },
            "awardLevel": a.get("level"),
            "awardGrade": a.get("grade"),
            "edition": year,
            "workTitle": a.get("title"),
        }
    )


def _skill_subject(credential: Credential, issuer: str, names: DocumentNames) -> dict[str, Any]:
    a = credential.achievement
    code, level = str(a.get("code")), _text(a.get("level"))
    direction = _text(a.get("direction"))
    full = DIRECTIONS.get(direction or "")
    direction_name = full[1].zh if full else direction
    level_name = label(level)
    title = f"{names.achievement}（{direction_name}）" if direction_name else names.achievement
    return _present(
        {
            "id": f"{issuer}/creators/{credential.creator_id}",
            "type": ["AchievementSubject"],
            "identifier": _name_identifier(credential),
            "achievement": _present(
                {
                    "id": f"{issuer}/occupations/{code}/{level}"
                    + (f"/{direction}" if direction else ""),
                    "type": ["Achievement"],
                    "achievementType": "Certificate",
                    "name": f"{title} {level_name}",
                    "humanCode": code,
                    "description": f"职业技能等级证书：{title}，{level_name}。",
                    "criteria": {
                        "narrative": (
                            f"经{names.organisation}评价，达到{names.achievement}{level_name}要求。"
                        )
                    },
                    "specialization": direction_name,
                    "alignment": [
                        {
                            "type": ["Alignment"],
                            "targetCode": code,
                            "targetName": names.achievement,
                            "targetFramework": OCCUPATION_FRAMEWORK,
                            "targetType": "ext:Occupation",
                            "targetUrl": OCCUPATION_LOOKUP,
                        }
                    ],
                }
            ),
            "skillLevel": level,
            "skillLevelName": level_name,
            "direction": direction,
            "directionName": direction_name,
            "certificateNumber": a.get("number"),
        }
    )


def _text(value: str | int | None) -> str | None:
    return None if value is None else str(value)


def _subject(credential: Credential, issuer: str, names: DocumentNames) -> dict[str, Any]:
    a = credential.achievement
    if credential.kind is CredentialKind.AWARD:
        return _award_subject(credential, issuer, names)
    if credential.kind is CredentialKind.SKILL_CERTIFICATE:
        return _skill_subject(credential, issuer, names)
    subject: dict[str, Any] = {
        "id": f"{issuer}/creators/{credential.creator_id}",
        "name": credential.subject_name,
    }
    if credential.kind is CredentialKind.CREATOR_RECOGNITION:
        subject["recognition"] = _present(
            {
                "type": "CreatorRecognition",
                "name": names.achievement,
                "cluster": a.get("code"),
                "region": a.get("region"),
                "recognitionNumber": a.get("number"),
            }
        )
    else:
        subject["eligibility"] = _present(
            {
                "type": "TalentEligibility",
                "name": names.achievement,
                "programme": a.get("code"),
                "tier": a.get("level"),
                "tierName": label(_text(a.get("level"))),
                "region": a.get("region"),
            }
        )
    return subject


def _status_entry(issuer: str, credential: Credential, purpose: str) -> dict[str, Any]:
    url = f"{issuer}/status/{credential.status_list}/{purpose}"  # one list credential each
    return {
        "id": f"{url}#{credential.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(credential.status_index),
        "statusListCredential": url,
    }


def vc_document(
    credential: Credential, *, issuer: str, names: DocumentNames, context: str
) -> dict[str, Any]:
    """The W3C Verifiable Credentials 2.0 JSON view of a credential, under the registry's own
    JSON-LD ``context`` (its URL). Awards and skill certificates are Open Badges 3.0
    ``OpenBadgeCredential``s; skill certificates align to their occupation code.

    Open Badges 3.0 allows one ``credentialStatus``: those two kinds carry the revocation entry
    there and the suspension entry as ``suspensionStatus`` (docs/credential-format.md §14)."""
    kind = credential.kind
    open_badge = kind in (CredentialKind.AWARD, CredentialKind.SKILL_CERTIFICATE)
    types = ["VerifiableCredential", kind.vc_type, *(["OpenBadgeCredential"] if open_badge else [])]
    kind_name = KINDS[kind].zh
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB3_CONTEXT, context],
        "id": f"{issuer}/credentials/{credential.id}",
        "type": types,
        "name": f"{kind_name}：{names.achievement}",
        "issuer": {"id": issuer, "type": ["Profile"], "name": names.issuer_name},
        "validFrom": _iso(credential.valid_from),
        "validUntil": _iso(credential.valid_until),
        "credentialSubject": _subject(credential, issuer, names),
    }
    if kind is CredentialKind.AWARD and names.evidence_name:
        # Open Badges 3.0 evidence: the official notice that published the award.
        document["evidence"] = [
            _present(
                {
                    "id": names.evidence_url,
                    "type": ["Evidence"],
                    "name": names.evidence_name,
                    "narrative": "获奖公示文件 Published award notice",
                }
            )
        ]
    revocation = _status_entry(issuer, credential, "revocation")
    suspension = _status_entry(issuer, credential, "suspension")
    if open_badge:
        document["credentialStatus"] = revocation
        document["suspensionStatus"] = suspension
    else:
        document["credentialStatus"] = [revocation, suspension]
    return document
