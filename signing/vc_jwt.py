"""The secured JSON form of a credential: ``application/vc+jwt`` as W3C VC-JOSE-COSE has it.

The payload is the VC 2.0 document itself; the protected header carries ``alg``, ``kid``
(a key of the issuer's JWKS, the same keys that sign the QR), ``typ: vc+jwt``, ``cty: vc``,
``iss`` (the issuer URL) and ``iat``/``exp`` (the credential's ``validFrom``/``validUntil``).
The QR stays TR1; this form is for partners whose tools read JSON credentials.

``verify_vc_jwt`` applies the checks of ``signing.verify`` in the same order and fails with
the same stage codes, so that one verdict means one thing whichever form was shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from . import _crypto
from ._jws import Compact, read_compact, sign_compact
from .claims import StatusReference
from .credential import DEFAULT_LEEWAY, check_status_reference
from .errors import ErrorCode, VerificationError
from .keys import Algorithm, KeyStatus, Signer, TrustList, unb64url
from .statuslist import StatusLists, StatusPurpose

__all__ = ["MAX_VC_JWT", "VerifiedDocument", "is_vc_jwt", "issue_vc_jwt", "verify_vc_jwt"]

MAX_VC_JWT = 64 * 1024
TYP = "vc+jwt"
_COMPACT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class _Malformed(Exception):
    pass


@dataclass(frozen=True, slots=True)
class VerifiedDocument:
    """A vc+jwt whose signature, validity window and (if given) status all checked out."""

    document: dict[str, Any]
    issuer: str
    valid_from: datetime
    valid_until: datetime
    status: StatusReference | None
    kid: bytes
    alg: Algorithm
    key_status: KeyStatus
    status_checked: bool


def is_vc_jwt(text: str) -> bool:
    """Whether ``text`` looks like a compact JWS (three base64url parts), not TR1 text."""
    return bool(_COMPACT.match(text.strip()))


def _timestamp(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def _issuer_of(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def issue_vc_jwt(document: Mapping[str, Any], *, signer: Signer) -> str:
    """Secure a VC 2.0 ``document`` (with ``issuer``, ``validFrom`` and ``validUntil``)."""
    issuer = _issuer_of(document)
    if issuer is None:
        raise ValueError("the document names no issuer")
    header: dict[str, str | int] = {
        "cty": "vc",
        "iss": issuer,
        "iat": _timestamp(str(document["validFrom"])),
        "exp": _timestamp(str(document["validUntil"])),
    }
    return sign_compact(signer, document, typ=TYP, extra_header=header)


def _fail(code: ErrorCode, message: str, kid: bytes | None = None) -> VerificationError:
    return VerificationError(code, message, kid=kid)


def _moment(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise _Malformed(f"{what} must be ISO 8601 text")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _Malformed(f"{what} is not a date") from None
    if moment.tzinfo is None:
        raise _Malformed(f"{what} needs a time zone")
    return moment.astimezone(UTC)


def _status_reference(document: Mapping[str, Any], issuer: str) -> StatusReference | None:
    """The one (list, index) that every status entry names; both purposes must be there."""
    entries: list[Any] = []
    for key in ("credentialStatus", "suspensionStatus"):
        value = document.get(key)
        entries.extend(value if isinstance(value, list) else [] if value is None else [value])
    if not entries:
        return None
    seen: dict[StatusPurpose, tuple[int, int]] = {}
    prefix = f"{issuer}/status/"
    for entry in entries:
        if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
            raise _Malformed("credentialStatus entries must be BitstringStatusListEntry")
        url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
        try:
            purpose = StatusPurpose(str(entry.get("statusPurpose")))
        except ValueError:
            raise _Malformed("unknown statusPurpose") from None
        if not isinstance(url, str) or not url.startswith(prefix):
            raise _Malformed("a status list must be the issuer's")
        list_part, _, purpose_part = url.removeprefix(prefix).partition("/")
        if purpose_part != purpose.value or not (list_part.isascii() and list_part.isdigit()):
            raise _Malformed("statusListCredential must be {issuer}/status/{list}/{purpose}")
        if not (isinstance(index, str) and index.isascii() and index.isdigit()):
            raise _Malformed("statusListIndex must be a decimal integer")
        if purpose in seen:
            raise _Malformed(f"two {purpose.value} entries")
        seen[purpose] = (int(list_part), int(index))
    if set(seen) != set(StatusPurpose) or len(set(seen.values())) != 1:
        raise _Malformed("revocation and suspension must name the same list and index")
    list_id, index = seen[StatusPurpose.REVOCATION]
    return StatusReference(list_id, index)


def _read(text: Any) -> Compact:
    if not isinstance(text, str):
        raise _fail(ErrorCode.PREFIX_INVALID, "input must be text")
    if len(text) > MAX_VC_JWT:
        raise _fail(ErrorCode.TOO_LARGE, f"input of {len(text)} characters")
    if not is_vc_jwt(text):
        raise _fail(ErrorCode.PREFIX_INVALID, "not a compact JWS")
    try:
        compact = read_compact(text, what="vc+jwt", max_size=MAX_VC_JWT, error=_Malformed)
    except _Malformed as exc:
        raise _fail(ErrorCode.COSE_MALFORMED, str(exc)) from None
    if compact.header.get("typ") != TYP:
        raise _fail(ErrorCode.COSE_MALFORMED, "typ must be vc+jwt")
    return compact


def verify_vc_jwt(
    text: str,
    *,
    trust: TrustList,
    status: StatusLists | None = None,
    now: datetime,
    leeway: timedelta = DEFAULT_LEEWAY,
) -> VerifiedDocument:
    """Verify a vc+jwt and return its document, or raise VerificationError (stage codes as
    for TR1; the envelope's faults are COSE_MALFORMED, the document's CLAIMS_MALFORMED)."""
    compact = _read(text)
    kid_text = compact.header.get("kid")
    try:
        token_kid = unb64url(kid_text) if isinstance(kid_text, str) else None
    except ValueError:
        token_kid = None
    record = None if token_kid is None else trust.get(token_kid)
    if record is None:
        raise _fail(ErrorCode.KID_UNKNOWN, "no trusted key has this kid", token_kid)
    kid = record.kid
    if compact.header.get("alg") != record.alg.jose:
        raise _fail(
            ErrorCode.ALG_NOT_ALLOWED, f"key {record.kid_text} signs with {record.alg.jose}", kid
        )
    if record.status is KeyStatus.COMPROMISED:
        raise _fail(ErrorCode.KEY_COMPROMISED, f"key {record.kid_text} is compromised", kid)
    if not _crypto.verify_signature(record.key, compact.signature, compact.signing_input):
        raise _fail(ErrorCode.SIGNATURE_INVALID, "signature does not match", kid)

    document = compact.payload
    try:
        issuer = _issuer_of(document)
        if issuer is None or compact.header.get("iss") != issuer:
            raise _Malformed("iss must be the document's issuer")
        types = document.get("type")
        if not isinstance(types, list) or "VerifiableCredential" not in types:
            raise _Malformed("not a VerifiableCredential")
        valid_from = _moment(document.get("validFrom"), "validFrom")
        valid_until = _moment(document.get("validUntil"), "validUntil")
        if (compact.header.get("iat"), compact.header.get("exp")) != (
            int(valid_from.timestamp()),
            int(valid_until.timestamp()),
        ):
            raise _Malformed("iat and exp must be validFrom and validUntil")
        reference = _status_reference(document, issuer)
    except _Malformed as exc:
        raise _fail(ErrorCode.CLAIMS_MALFORMED, str(exc), kid) from None

    early, late = now + leeway, now - leeway
    if early < valid_from:
        raise _fail(ErrorCode.NOT_YET_VALID, "credential is not valid yet", kid)
    if record.not_before is not None and early < record.not_before:
        raise _fail(ErrorCode.NOT_YET_VALID, "signing key is not in use yet", kid)
    if late >= valid_until:
        raise _fail(ErrorCode.EXPIRED, "credential has expired", kid)
    if record.not_after is not None and late >= record.not_after:
        raise _fail(ErrorCode.EXPIRED, "signing key's validity has ended", kid)
    if status is not None and reference is not None:
        check_status_reference(reference, issuer, status, now=now, kid=kid)
    return VerifiedDocument(
        document,
        issuer,
        valid_from,
        valid_until,
        reference,
        kid,
        record.alg,
        record.status,
        status is not None,
    )
