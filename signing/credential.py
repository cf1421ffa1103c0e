"""Issue and verify TR1 credentials: ``TR1:`` + base45(zlib(COSE_Sign1(CWT claims))).

``verify`` is a pure function of its inputs: the text, the trust list, the status lists (if
any) and the clock. It returns a :class:`VerifiedCredential` or raises
:class:`~signing.errors.VerificationError`; nothing else escapes, whatever the input.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import cbor2

from . import _crypto
from ._canonical import read_claims
from .base45 import Base45Error, b45decode, b45encode
from .claims import (
    ClaimsError,
    CredentialClaims,
    StatusReference,
    claims_from_cbor_map,
    claims_to_cbor_map,
)
from .cose import (
    CborError,
    CoseError,
    encode_sign1,
    protected_header,
    read_sign1,
    sig_structure,
)
from .errors import ErrorCode, IssuanceError, VerificationError
from .keys import Algorithm, KeyStatus, Signer, TrustList
from .statuslist import StatusLists, StatusPurpose

__all__ = [
    "LINK_PATH",
    "MAX_COMPRESSED",
    "MAX_DECOMPRESSED",
    "MAX_TEXT",
    "PREFIX",
    "VerifiedCredential",
    "check_status_reference",
    "extract_qr_text",
    "issue",
    "verify",
]

PREFIX = "TR1:"
LINK_PATH = "/v#"
# The largest QR code (version 40-L) holds 4,296 alphanumeric characters; nothing longer is ours.
MAX_TEXT = 4296
MAX_COMPRESSED = MAX_TEXT * 2 // 3 + 1
MAX_DECOMPRESSED = 8192
DEFAULT_LEEWAY = timedelta(seconds=300)
_COMPROMISED = KeyStatus.COMPROMISED


@dataclass(frozen=True, slots=True)
class VerifiedCredential:
    """A credential whose signature, validity window and (if given) status all checked out."""

    claims: CredentialClaims
    kid: bytes
    alg: Algorithm
    key_status: KeyStatus
    status_checked: bool


def issue(claims: CredentialClaims, *, signer: Signer, now: datetime) -> str:
    """Sign ``claims`` and return the QR text. ``now`` becomes ``iat`` (and ``nbf`` by default)."""
    if claims.valid_until <= now:
        raise IssuanceError("EXPIRED", "valid_until must lie after the issue time")
    cwt = claims_to_cbor_map(claims, now=now)
    try:
        # Validate what we are about to sign with the very parser verifiers use.
        claims_from_cbor_map(cwt)
    except ClaimsError as exc:
        raise IssuanceError("CLAIMS_MALFORMED", str(exc)) from None
    payload = cbor2.dumps(cwt, canonical=True)
    protected = protected_header(int(signer.alg), signer.kid)
    signature = signer.sign(sig_structure(protected, payload))
    envelope = encode_sign1(protected, payload, signature)
    compressed = zlib.compress(envelope, 9)
    # Signatures and ids do not compress: zlib often adds bytes. Verifiers tell the two forms
    # apart by the first byte (zlib CMF 0x?8, COSE tag 18 0xD2), as EU DCC verifiers do.
    text = PREFIX + b45encode(compressed if len(compressed) < len(envelope) else envelope)
    if len(text) > MAX_TEXT:
        raise IssuanceError("TOO_LARGE", f"credential text of {len(text)} characters")
    return text


def extract_qr_text(text: str) -> str:
    """Accept either the plain ``TR1:…`` text or the link form ``https://host/v#TR1:…``."""
    text = text.strip()
    if text.startswith(PREFIX):
        return text
    marker = text.find("#" + PREFIX)
    if marker >= 0 and text[:marker].lower().startswith(("https://", "http://")):
        return _unshared(text[marker + 1 :])
    return text


_SHARED = re.compile(r"[^ %]*(?:%2[05][^ %]*)*")


def _unshared(fragment: str) -> str:
    """A fragment as ``shareable_link`` wrote it (no space, every ``%`` an escape of a space
    or a ``%``) decoded; the QR's own text (spaces as they are) unchanged."""
    if "%" in fragment and _SHARED.fullmatch(fragment):
        return re.sub(r"%2[05]", lambda m: " " if m.group() == "%20" else "%", fragment)
    return fragment


def _fail(
    code: ErrorCode,
    message: str,
    kid: bytes | None = None,
    claims: CredentialClaims | None = None,
) -> VerificationError:
    return VerificationError(code, message, kid=kid, claims=claims)


def verify(
    text: str,
    *,
    trust: TrustList,
    status: StatusLists | None = None,
    now: datetime,
    leeway: timedelta = DEFAULT_LEEWAY,
) -> VerifiedCredential:
    """Verify QR text (plain or link form) and return its claims, or raise VerificationError.

    ``status=None`` skips the status check (``status_checked`` is then False); with lists given,
    a credential whose list is missing or stale fails with ``STATUS_UNAVAILABLE``.
    """
    if not isinstance(text, str):
        raise _fail(ErrorCode.PREFIX_INVALID, "input must be text")
    if len(text) > MAX_TEXT + 512:
        raise _fail(ErrorCode.TOO_LARGE, f"input of {len(text)} characters")
    if not text.startswith(PREFIX):
        text = extract_qr_text(text)
        if not text.startswith(PREFIX):
            raise _fail(ErrorCode.PREFIX_INVALID, f"text does not start with {PREFIX!r}")
    body = text[len(PREFIX) :].rstrip()
    if len(body) > MAX_TEXT:
        raise _fail(ErrorCode.TOO_LARGE, f"credential of {len(body)} characters")
    try:
        compressed = b45decode(body)
    except Base45Error as exc:
        raise _fail(ErrorCode.BASE45_INVALID, str(exc)) from None
    # A zlib stream's first byte has 8 (deflate) in its low nibble; COSE tag 18 starts 0xD2.
    raw = _inflate(compressed) if compressed and compressed[0] & 0x0F == 8 else compressed
    try:
        protected, alg, token_kid, payload, signature = read_sign1(raw)
    except CoseError as exc:
        raise _fail(ErrorCode.COSE_MALFORMED, str(exc)) from None

    record = trust.get(token_kid)
    if record is None:
        raise _fail(ErrorCode.KID_UNKNOWN, "no trusted key has this kid", token_kid)
    kid = record.kid
    if alg != record.alg:
        raise _fail(
            ErrorCode.ALG_NOT_ALLOWED, f"key {record.kid_text} signs with {record.alg.jose}", kid
        )
    if record.status is _COMPROMISED:
        raise _fail(ErrorCode.KEY_COMPROMISED, f"key {record.kid_text} is compromised", kid)
    if not _crypto.verify_signature(record.key, signature, sig_structure(protected, payload)):
        raise _fail(ErrorCode.SIGNATURE_INVALID, "signature does not match", kid)

    try:
        claims = read_claims(payload)
    except (CborError, ClaimsError) as exc:
        raise _fail(ErrorCode.CLAIMS_MALFORMED, str(exc), kid) from None

    # Leeway absorbs clock skew between issuer and verifier, in both directions.
    early, late = now + leeway, now - leeway
    earliest = claims.effective_from
    if earliest is not None and early < earliest:
        raise _fail(ErrorCode.NOT_YET_VALID, "credential is not valid yet", kid, claims)
    if record.not_before is not None and early < record.not_before:
        raise _fail(ErrorCode.NOT_YET_VALID, "signing key is not in use yet", kid, claims)
    if late >= claims.valid_until:
        raise _fail(ErrorCode.EXPIRED, "credential has expired", kid, claims)
    if record.not_after is not None and late >= record.not_after:
        raise _fail(ErrorCode.EXPIRED, "signing key's validity has ended", kid, claims)

    if status is not None and claims.status is not None:
        check_status_reference(
            claims.status, claims.issuer, status, now=now, kid=kid, claims=claims
        )
    # Positional: keyword arguments cost measurably on this hot path.
    return VerifiedCredential(claims, kid, record.alg, record.status, status is not None)


def _inflate(compressed: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, MAX_DECOMPRESSED + 1)
    except zlib.error:
        raise _fail(ErrorCode.DECOMPRESS_FAILED, "not zlib data") from None
    if len(raw) > MAX_DECOMPRESSED or inflater.unconsumed_tail:
        raise _fail(ErrorCode.TOO_LARGE, f"decompresses beyond {MAX_DECOMPRESSED} bytes")
    if not inflater.eof or inflater.unused_data:
        raise _fail(ErrorCode.DECOMPRESS_FAILED, "zlib stream is truncated or has trailing data")
    return raw


def check_status_reference(
    ref: StatusReference,
    issuer: str,
    lists: StatusLists,
    *,
    now: datetime,
    kid: bytes,
    claims: CredentialClaims | None = None,
) -> None:
    """Raise the status stage's VerificationError for ``ref`` of ``issuer``, if any (§8.3).
    ``claims``, when given, ride along on the error: they are authentic by now."""
    status_list = lists.get(ref.list_id)
    if status_list is None:
        raise _fail(
            ErrorCode.STATUS_UNAVAILABLE, f"status list {ref.list_id} not held", kid, claims
        )
    if status_list.issuer is not None and status_list.issuer != issuer:
        raise _fail(ErrorCode.STATUS_UNAVAILABLE, "status list is from another issuer", kid, claims)
    if status_list.valid_until is not None and now >= status_list.valid_until:
        raise _fail(
            ErrorCode.STATUS_UNAVAILABLE, f"status list {ref.list_id} is stale", kid, claims
        )
    if not 0 <= ref.index < status_list.size:
        raise _fail(ErrorCode.STATUS_UNAVAILABLE, "status index outside its list", kid, claims)
    if status_list.is_set(StatusPurpose.REVOCATION, ref.index):
        raise _fail(ErrorCode.REVOKED, "credential has been revoked", kid, claims)
    if status_list.is_set(StatusPurpose.SUSPENSION, ref.index):
        raise _fail(ErrorCode.SUSPENDED, "credential is suspended", kid, claims)
