"""Signed audit checkpoints: the audit chain's head at a moment, signed by the issuer key.

A hash chain proves that no event was changed relative to its successors, but whoever can write
to the database can also delete its newest events, or rewrite one and compute every later link
again. A checkpoint kept somewhere else pins the chain: a compact JWS
(``typ: ccr-audit-checkpoint+jwt``) whose claims are

    iss     the issuer (URL)
    iat     when it was signed (seconds since the epoch)
    seq     the head event's sequence number (0: the empty chain)
    length  how many events the chain held (events 1..seq)
    hash    the head event's hash, 64 lowercase hex digits

Signed by the key that signs credentials, it verifies against the same JWKS. What this module
checks is the document alone; comparing it with a chain is the registry's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ._jws import check_signature, read_compact, sign_compact
from .errors import CheckpointError
from .keys import Signer, TrustList

__all__ = ["TYP", "AuditCheckpoint", "read_audit_checkpoint", "sign_audit_checkpoint"]

TYP = "ccr-audit-checkpoint+jwt"
MAX_DOCUMENT = 4096
_HEX = frozenset("0123456789abcdef")
# A checkpoint signed "later" than the verifier's clock by more than this is refused.
_CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class AuditCheckpoint:
    """A checkpoint's claims; from :func:`read_audit_checkpoint`, signature checked."""

    issuer: str
    issued_at: datetime
    seq: int
    length: int
    head_hash: str
    kid: str  # base64url, as in the JWKS


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def sign_audit_checkpoint(
    *, issuer: str, seq: int, length: int, head_hash: str, signer: Signer, now: datetime
) -> str:
    """The chain head ``(seq, head_hash)`` of a chain of ``length`` events, signed at ``now``."""
    if seq < 0 or length < seq:
        raise ValueError("a checkpoint's length is at least its seq, which is not negative")
    if not _is_hash(head_hash):
        raise ValueError("a checkpoint's head hash is 64 lowercase hex digits")
    payload = {
        "iss": issuer,
        "iat": int(now.timestamp()),
        "seq": seq,
        "length": length,
        "hash": head_hash,
    }
    return sign_compact(signer, payload, typ=TYP)


def _integer(payload: Mapping[str, Any], name: str) -> int:
    value = payload.get(name)
    if type(value) is not int or value < 0:
        raise CheckpointError(f"checkpoint lacks a non-negative integer {name}")
    return value


def read_audit_checkpoint(text: str | bytes, *, trust: TrustList, now: datetime) -> AuditCheckpoint:
    """Check a checkpoint's signature against ``trust`` and decode it; ``CheckpointError``
    when it is malformed, signed by a key ``trust`` does not hold (or holds as compromised),
    badly signed, or signed after ``now``."""
    compact = read_compact(text, what="checkpoint", max_size=MAX_DOCUMENT, error=CheckpointError)
    if compact.header.get("typ") != TYP:
        raise CheckpointError(f"checkpoint typ must be {TYP}")
    record = check_signature(compact, trust, what="checkpoint", error=CheckpointError)
    payload = compact.payload
    issuer = payload.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise CheckpointError("checkpoint lacks iss")
    issued = datetime.fromtimestamp(_integer(payload, "iat"), UTC)
    seq, length = _integer(payload, "seq"), _integer(payload, "length")
    if length < seq:
        raise CheckpointError("checkpoint length is less than its seq")
    head_hash = payload.get("hash")
    if not _is_hash(head_hash):
        raise CheckpointError("checkpoint hash is not 64 lowercase hex digits")
    assert isinstance(head_hash, str)
    if issued > now + _CLOCK_SKEW:
        raise CheckpointError("checkpoint is signed in the future")
    return AuditCheckpoint(issuer, issued, seq, length, head_hash, record.kid_text)
