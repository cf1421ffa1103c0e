"""The signed trust list: the issuer's keys with their status, an issue time and an expiry.

The plain JWKS (``/.well-known/jwks.json``) is what standard JOSE tools read, but it carries no
time: a verifier holding an old copy never learns that a key was compromised since. The signed
trust list is the same keys as a compact JWS (``typ: ccr-trust+jwt``) with ``iss``, ``iat`` and
``exp``; a verifier refuses one past its ``exp`` and so must fetch a fresh copy at least that
often. It may claim at most :data:`MAX_LIFETIME` (7 days).

The signature is made by a key the document itself lists as active. A verifier that already
holds a trust list (its *anchor*) also requires that key to be in the anchor and not
compromised there, so a new document is accepted only from a key it already trusted; the very
first copy is trusted on first use, fetched over https from the issuer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ._jws import check_signature, read_compact, sign_compact
from .errors import KeyFormatError
from .keys import KeyStatus, Signer, TrustList

__all__ = [
    "MAX_LIFETIME",
    "TYP",
    "MetadataReference",
    "SignedTrustList",
    "read_trust_list",
    "sign_trust_list",
]

TYP = "ccr-trust+jwt"
MAX_LIFETIME = timedelta(days=7)
MAX_DOCUMENT = 256 * 1024


@dataclass(frozen=True, slots=True)
class MetadataReference:
    """Where the issuer's metadata (its offices' names) is, and the SHA-256 of its bytes."""

    url: str
    sha256: str


@dataclass(frozen=True, slots=True)
class SignedTrustList:
    trust: TrustList
    issuer: str
    issued_at: datetime
    expires_at: datetime
    metadata: MetadataReference | None = None


def sign_trust_list(
    trust: TrustList,
    *,
    issuer: str,
    signer: Signer,
    now: datetime,
    ttl: timedelta,
    metadata: MetadataReference | None = None,
) -> str:
    """The trust list as a compact JWS, fresh for ``ttl`` (at most 7 days), referencing the
    issuer's ``metadata`` when given."""
    if not timedelta(0) < ttl <= MAX_LIFETIME:
        raise ValueError("a trust list is fresh for at most 7 days")
    issued = int(now.timestamp())
    payload: dict[str, Any] = {
        "iss": issuer,
        "iat": issued,
        "exp": issued + int(ttl.total_seconds()),
        **trust.to_jwks(),
    }
    if metadata is not None:
        payload["metadata"] = {"url": metadata.url, "sha256": metadata.sha256}
    return sign_compact(signer, payload, typ=TYP)


def _metadata(payload: Mapping[str, Any]) -> MetadataReference | None:
    value = payload.get("metadata")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise KeyFormatError("trust list metadata must be an object")
    url, digest = value.get("url"), value.get("sha256")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise KeyFormatError("trust list metadata needs an http(s) url")
    if not (
        isinstance(digest, str) and len(digest) == 64 and set(digest) <= set("0123456789abcdef")
    ):
        raise KeyFormatError("trust list metadata needs a lowercase hex sha256")
    return MetadataReference(url, digest)


def _time(payload: Mapping[str, Any], name: str) -> datetime:
    value = payload.get(name)
    if type(value) is not int:
        raise KeyFormatError(f"trust list lacks an integer {name}")
    return datetime.fromtimestamp(value, UTC)


def read_trust_list(
    text: str | bytes, *, now: datetime, anchor: TrustList | None = None
) -> SignedTrustList:
    """Check and decode a signed trust list; ``KeyFormatError`` for anything unusable:
    malformed, badly signed, signed by a key it does not list as active (or, given an anchor,
    one the anchor does not trust), claiming more than 7 days, or expired at ``now``."""
    compact = read_compact(text, what="trust list", max_size=MAX_DOCUMENT, error=KeyFormatError)
    if compact.header.get("typ") != TYP:
        raise KeyFormatError(f"trust list typ must be {TYP}")
    payload = compact.payload
    trust = TrustList.from_jwks(payload)
    signer = check_signature(compact, trust, what="trust list", error=KeyFormatError)
    if signer.status is not KeyStatus.ACTIVE:
        raise KeyFormatError("trust list is signed by a key it does not list as active")
    if anchor is not None:
        check_signature(compact, anchor, what="trust list", error=KeyFormatError)
    issuer = payload.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise KeyFormatError("trust list lacks iss")
    issued, expires = _time(payload, "iat"), _time(payload, "exp")
    if expires - issued > MAX_LIFETIME:
        raise KeyFormatError("trust list claims to be fresh for more than 7 days")
    if now >= expires:
        raise KeyFormatError(
            f"trust list expired at {expires.isoformat()}: fetch a fresh one from {issuer}"
        )
    if now < issued - timedelta(minutes=5):
        raise KeyFormatError("trust list is issued in the future")
    return SignedTrustList(trust, issuer, issued, expires, _metadata(payload))
