"""The claims a TR1 credential carries, and their compact CBOR (CWT) form.

CWT claims (RFC 8392): ``iss`` 1, ``exp`` 4, ``nbf`` 5, ``iat`` 6, ``cti`` 7, and the private
claim :data:`TR1_CLAIM` (-65537, in the RFC 8392 private-use range) holding a map with small
integer keys. Nothing here may ever hold an ID number, a birth date, a phone number or a photo:
the subject is an opaque registry id and a display name (the registry masks it, 张*, unless
the holder chose to show it in full).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from .errors import SigningError

__all__ = [
    "CLAIM_CTI",
    "CLAIM_EXP",
    "CLAIM_IAT",
    "CLAIM_ISS",
    "CLAIM_NBF",
    "TR1_CLAIM",
    "Achievement",
    "ClaimsError",
    "CredentialClaims",
    "CredentialKind",
    "StatusReference",
    "claims_from_cbor_map",
    "claims_to_cbor_map",
]

CLAIM_ISS, CLAIM_EXP, CLAIM_NBF, CLAIM_IAT, CLAIM_CTI = 1, 4, 5, 6, 7
TR1_CLAIM = -65537

# Keys inside the TR1 private claim.
_K_KIND, _K_SUBJECT, _K_NAME, _K_ACHIEVEMENT, _K_STATUS, _K_ORG = 1, 2, 3, 4, 5, 6
# Keys inside the achievement map.
_A_CODE, _A_LEVEL, _A_DIRECTION, _A_GRADE, _A_YEAR, _A_REGION, _A_NUMBER, _A_TITLE = range(1, 9)

MAX_TEXT = 200


class ClaimsError(SigningError, ValueError):
    """The claims map is not a well-formed TR1 claims set."""


class CredentialKind(IntEnum):
    """The four credential kinds; the integer is what the QR carries."""

    CREATOR_RECOGNITION = 1
    AWARD = 2
    SKILL_CERTIFICATE = 3
    TALENT_ELIGIBILITY = 4

    @property
    def vc_type(self) -> str:
        return _VC_TYPES[self]


_VC_TYPES = {
    CredentialKind.CREATOR_RECOGNITION: "CreatorRecognitionCredential",
    CredentialKind.AWARD: "AwardCredential",
    CredentialKind.SKILL_CERTIFICATE: "SkillCertificateCredential",
    CredentialKind.TALENT_ELIGIBILITY: "TalentEligibilityCredential",
}


@dataclass(frozen=True, slots=True)
class Achievement:
    """What the credential attests, in the few fields a verifier at a counter needs.

    - recognition: ``code`` cluster code, ``region`` region code (e.g. 310110 杨浦区)
    - award: ``code`` award programme, ``level``, ``grade``, ``year`` edition
    - skill certificate: ``code`` occupation (4-13-01-05), ``level`` (L1–L5),
      ``direction``, ``number`` the 22-character certificate number
    - talent eligibility: ``code`` programme, ``level`` tier or benefit, ``region``
    """

    code: str
    level: str | None = None
    direction: str | None = None
    grade: str | None = None
    year: int | None = None
    region: str | None = None
    number: str | None = None
    title: str | None = None

    def as_json(self) -> dict[str, str | int]:
        """The fields that are set, by name: the JSON view of the registry and ``ccr verify``."""
        found = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: value for name, value in found.items() if value is not None}


@dataclass(frozen=True, slots=True)
class StatusReference:
    """Where the credential's status bits live: list ``list_id``, position ``index``.

    The same index is used in the list's revocation and suspension bitstrings.
    """

    list_id: int
    index: int


@dataclass(frozen=True, slots=True)
class CredentialClaims:
    issuer: str
    credential_id: bytes
    kind: CredentialKind
    subject_id: str
    subject_name: str
    achievement: Achievement
    valid_until: datetime
    valid_from: datetime | None = None
    status: StatusReference | None = None
    organisation: str | None = None
    issued_at: datetime | None = None

    @property
    def effective_from(self) -> datetime | None:
        """When the credential starts to hold: ``valid_from``, else ``issued_at``.

        ``nbf`` is signed only when it differs from ``iat`` (see :func:`claims_to_cbor_map`),
        so a credential read without it is valid from its issuance.
        """
        return self.valid_from or self.issued_at


def _epoch(value: datetime) -> int:
    return int(value.timestamp())


def claims_to_cbor_map(claims: CredentialClaims, *, now: datetime) -> dict[int, Any]:
    """The CWT claims map to sign; ``iat`` is ``now``; ``nbf`` only when it differs."""
    a = claims.achievement
    achievement: dict[int, Any] = {_A_CODE: a.code}
    for key, value in (
        (_A_LEVEL, a.level),
        (_A_DIRECTION, a.direction),
        (_A_GRADE, a.grade),
        (_A_YEAR, a.year),
        (_A_REGION, a.region),
        (_A_NUMBER, a.number),
        (_A_TITLE, a.title),
    ):
        if value is not None:
            achievement[key] = value
    private: dict[int, Any] = {
        _K_KIND: int(claims.kind),
        _K_SUBJECT: claims.subject_id,
        _K_NAME: claims.subject_name,
        _K_ACHIEVEMENT: achievement,
    }
    if claims.status is not None:
        private[_K_STATUS] = [claims.status.list_id, claims.status.index]
    if claims.organisation is not None:
        private[_K_ORG] = claims.organisation
    cwt: dict[int, Any] = {
        CLAIM_ISS: claims.issuer,
        CLAIM_EXP: _epoch(claims.valid_until),
        CLAIM_IAT: _epoch(now),
        CLAIM_CTI: claims.credential_id,
        TR1_CLAIM: private,
    }
    # nbf is carried only when it differs from iat: six bytes matter in a QR code.
    if claims.valid_from is not None and _epoch(claims.valid_from) != cwt[CLAIM_IAT]:
        cwt[CLAIM_NBF] = _epoch(claims.valid_from)
    return cwt


def _text(value: Any, what: str) -> str:
    if type(value) is str and 0 < len(value) <= MAX_TEXT:
        return value
    raise ClaimsError(f"{what} must be a non-empty text of at most {MAX_TEXT} characters")


def _uint(value: Any, what: str) -> int:
    if type(value) is int and value >= 0:
        return value
    raise ClaimsError(f"{what} must be a non-negative integer")


def _time(value: Any, what: str) -> datetime:
    if type(value) is not int or value < 0:
        raise ClaimsError(f"{what} must be a non-negative integer NumericDate")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise ClaimsError(f"{what} is out of range") from None


_TOP_KEYS = frozenset({CLAIM_ISS, CLAIM_EXP, CLAIM_NBF, CLAIM_IAT, CLAIM_CTI, TR1_CLAIM})
_REQUIRED_KEYS = frozenset({CLAIM_ISS, CLAIM_EXP, CLAIM_IAT, CLAIM_CTI, TR1_CLAIM})
_PRIVATE_KEYS = frozenset({_K_KIND, _K_SUBJECT, _K_NAME, _K_ACHIEVEMENT, _K_STATUS, _K_ORG})
_PRIVATE_REQUIRED = frozenset({_K_KIND, _K_SUBJECT, _K_NAME, _K_ACHIEVEMENT})
_ACHIEVEMENT_FIELDS = {
    _A_CODE: "achievement code",
    _A_LEVEL: "level",
    _A_DIRECTION: "direction",
    _A_GRADE: "grade",
    _A_YEAR: "year",
    _A_REGION: "region",
    _A_NUMBER: "number",
    _A_TITLE: "title",
}
_ACHIEVEMENT_KEYS = frozenset(_ACHIEVEMENT_FIELDS)
_KINDS = {int(kind): kind for kind in CredentialKind}
_INT_TYPE = frozenset({int})


def _keys_within(mapping: Any, allowed: frozenset[int], what: str) -> dict[int, Any]:
    if type(mapping) is not dict:
        raise ClaimsError(f"{what} must be a map")
    # Exact types: True == 1 and 1.0 == 1 in Python, but neither is the CBOR integer key 1.
    if not mapping.keys() <= allowed or not set(map(type, mapping)) <= _INT_TYPE:
        raise ClaimsError(f"{what} has unknown keys")
    return mapping


def claims_from_cbor_map(raw: Any) -> CredentialClaims:
    """Validate a decoded CWT claims map strictly: every key known, every type exact.

    An optional claim is either absent or of its type: null never stands for "absent".
    """
    raw = _keys_within(raw, _TOP_KEYS, "claims")
    if not raw.keys() >= _REQUIRED_KEYS:
        raise ClaimsError(f"claims {sorted(_REQUIRED_KEYS - raw.keys())} are missing")
    cti = raw[CLAIM_CTI]
    if type(cti) is not bytes or not 1 <= len(cti) <= 32:
        raise ClaimsError("cti must be a byte string of 1 to 32 bytes")
    private = _keys_within(raw[TR1_CLAIM], _PRIVATE_KEYS, "TR1 claim")
    if not private.keys() >= _PRIVATE_REQUIRED:
        raise ClaimsError("kind, subject id, subject name and achievement are required")
    kind_code = private[_K_KIND]
    kind = _KINDS.get(kind_code) if type(kind_code) is int else None
    if kind is None:
        raise ClaimsError("unknown credential kind")
    a = _keys_within(private[_K_ACHIEVEMENT], _ACHIEVEMENT_KEYS, "achievement")
    if _A_CODE not in a:
        raise ClaimsError("achievement code is missing")
    for key, value in a.items():
        if key == _A_YEAR:
            _uint(value, "year")
        else:
            _text(value, _ACHIEVEMENT_FIELDS[key])
    get = a.get
    achievement = Achievement(
        a[_A_CODE],
        get(_A_LEVEL),
        get(_A_DIRECTION),
        get(_A_GRADE),
        get(_A_YEAR),
        get(_A_REGION),
        get(_A_NUMBER),
        get(_A_TITLE),
    )
    status = None
    if _K_STATUS in private:
        ref = private[_K_STATUS]
        if type(ref) is not list or len(ref) != 2:
            raise ClaimsError("status reference must be [list id, index]")
        status = StatusReference(_uint(ref[0], "status list id"), _uint(ref[1], "status index"))
    return CredentialClaims(
        issuer=_text(raw[CLAIM_ISS], "iss"),
        credential_id=cti,
        kind=kind,
        subject_id=_text(private[_K_SUBJECT], "subject id"),
        subject_name=_text(private[_K_NAME], "subject name"),
        achievement=achievement,
        valid_until=_time(raw[CLAIM_EXP], "exp"),
        valid_from=_time(raw[CLAIM_NBF], "nbf") if CLAIM_NBF in raw else None,
        status=status,
        organisation=_text(private[_K_ORG], "organisation") if _K_ORG in private else None,
        issued_at=_time(raw[CLAIM_IAT], "iat"),
    )
