"""COSE_Sign1 (RFC 9052) as TR1 uses it: protected header only, tag 18, ``external_aad`` empty.

Nothing outside :mod:`signing` needs to know what a COSE header is; the module is public only
so an auditor can read exactly what is signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cbor2

from ._cbor import CborError, decode
from .errors import SigningError

__all__ = [
    "COSE_SIGN1_TAG",
    "HEADER_ALG",
    "HEADER_CRIT",
    "HEADER_KID",
    "CborError",
    "CoseError",
    "Sign1",
    "decode_cbor",
    "encode_sign1",
    "parse_sign1",
    "protected_header",
    "read_sign1",
    "sig_structure",
]

COSE_SIGN1_TAG = 18
HEADER_ALG, HEADER_CRIT, HEADER_KID = 1, 2, 4
_UNDERSTOOD = frozenset({HEADER_ALG, HEADER_KID})
# ["Signature1", protected, external_aad = h'', payload]: array(4), then text(10) "Signature1".
_SIG_STRUCTURE_HEAD = b"\x84\x6aSignature1"


class CoseError(SigningError, ValueError):
    """The COSE_Sign1 structure is malformed."""


def decode_cbor(data: bytes) -> Any:
    """Decode exactly one CBOR item: no trailing bytes, no duplicate keys, no indefinite lengths,
    map keys only integers or text, semantic tags left uninterpreted (see :mod:`._cbor`)."""
    return decode(data)


@dataclass(frozen=True, slots=True)
class Sign1:
    """A parsed, not yet verified, COSE_Sign1: read its fields as untrusted."""

    protected: bytes
    alg: int
    kid: bytes
    payload: bytes
    signature: bytes


def _bstr_head(length: int) -> bytes:
    if length < 24:
        return bytes((0x40 | length,))
    if length < 0x100:
        return bytes((0x58, length))
    if length < 0x10000:
        return b"\x59" + length.to_bytes(2, "big")
    return b"\x5a" + length.to_bytes(4, "big")


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """The bytes that are signed: ``["Signature1", protected, h'', payload]``."""
    # Built by hand (the same bytes cbor2.dumps gives): it runs once per verification.
    return b"".join(
        (
            _SIG_STRUCTURE_HEAD,
            _bstr_head(len(protected)),
            protected,
            b"\x40",
            _bstr_head(len(payload)),
            payload,
        )
    )


def protected_header(alg: int, kid: bytes) -> bytes:
    return cbor2.dumps({HEADER_ALG: alg, HEADER_KID: kid})


def encode_sign1(protected: bytes, payload: bytes, signature: bytes) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


def parse_sign1(data: bytes) -> Sign1:
    """Parse a tagged COSE_Sign1. The unprotected header must be a map whose labels are not in
    the protected header (RFC 9052 §3); its content is otherwise ignored."""
    protected, alg, kid, payload, signature = read_sign1(data)
    return Sign1(protected=protected, alg=alg, kid=kid, payload=payload, signature=signature)


def read_sign1(data: bytes) -> tuple[bytes, int, bytes, bytes, bytes]:
    """:func:`parse_sign1` as a plain tuple ``(protected, alg, kid, payload, signature)``."""
    # The envelope every TR1 issuer writes, 18([h'<13-byte header>', {}, h'<payload>',
    # h'<64-byte signature>']) with a payload shorter than 64 KiB, is sliced directly. The
    # conditions pin every head byte and the total length, so the generic decoder would return
    # exactly these slices; anything else, well formed or not, takes the generic route.
    size = len(data)
    if size >= 85 and data[:3] == b"\xd2\x84\x4d" and data[16] == 0xA0:
        head = data[17]
        if head == 0x58:
            start = 19
            end = start + data[18]
        elif head == 0x59:
            start = 20
            end = start + (data[18] << 8 | data[19])
        else:
            start = end = 0  # (size >= 85: never matches below)
        if end + 66 == size and data[end] == 0x58 and data[end + 1] == 0x40:
            protected = data[3:16]
            if _is_issuer_header(protected):
                return protected, 0x1F - protected[2], protected[5:], data[start:end], data[-64:]
    return _read_sign1_generic(data)


def _read_sign1_generic(data: bytes) -> tuple[bytes, int, bytes, bytes, bytes]:
    try:
        item = decode(data)
    except CborError as exc:
        raise CoseError(f"not CBOR: {exc}") from None
    if type(item) is not cbor2.CBORTag or item.tag != COSE_SIGN1_TAG:
        raise CoseError("not a tagged COSE_Sign1 (tag 18)")
    body = item.value
    if type(body) is not list or len(body) != 4:
        raise CoseError("COSE_Sign1 must be an array of four items")
    protected, unprotected, payload, signature = body
    if type(protected) is not bytes or not protected:
        raise CoseError("protected header must be a non-empty byte string")
    if type(unprotected) is not dict:
        raise CoseError("unprotected header must be a map")
    if type(payload) is not bytes:
        raise CoseError("payload must be an attached byte string")
    if type(signature) is not bytes:
        raise CoseError("signature must be a byte string")
    if _is_issuer_header(protected):
        _check_buckets({HEADER_ALG, HEADER_KID}, unprotected)
        return protected, 0x1F - protected[2], protected[5:], payload, signature
    alg, kid, labels = _read_protected(protected)
    _check_buckets(labels, unprotected)
    return protected, alg, kid, payload, signature


def _check_buckets(protected_labels: set[Any], unprotected: dict[Any, Any]) -> None:
    """RFC 9052 §3: a label appears in one header bucket at most. A message with a label in
    both is malformed, whatever the unprotected value says."""
    for label in unprotected:
        if type(label) in (int, str) and label in protected_labels:
            raise CoseError("a header label is in both the protected and the unprotected header")


def _is_issuer_header(protected: bytes) -> bool:
    # The header every TR1 issuer writes, {1: alg, 4: h'<8-byte kid>'} with a small negative
    # alg, is read directly; the generic decoder would return exactly the same alg and kid.
    return (
        len(protected) == 13
        and protected[:2] == b"\xa2\x01"
        and 0x20 <= protected[2] < 0x38
        and protected[3:5] == b"\x04\x48"
    )


def _read_protected(protected: bytes) -> tuple[int, bytes, set[Any]]:
    try:
        header = decode(protected)
    except CborError as exc:
        raise CoseError(f"protected header is not CBOR: {exc}") from None
    if type(header) is not dict:
        raise CoseError("protected header must be a map")
    if HEADER_CRIT in header:
        _check_crit(header[HEADER_CRIT])
    alg, kid = header.get(HEADER_ALG), header.get(HEADER_KID)
    if type(alg) is not int:
        raise CoseError("protected header lacks an integer alg")
    if type(kid) is not bytes or not kid:
        raise CoseError("protected header lacks a kid")
    return alg, kid, {label for label in header if type(label) in (int, str)}


def _check_crit(crit: Any) -> None:
    # RFC 9052 §3.1: a non-empty array of labels the recipient must understand, or reject.
    if type(crit) is not list or not crit:
        raise CoseError("crit must be a non-empty array")
    for label in crit:
        if type(label) is not int and type(label) is not str:
            raise CoseError("crit labels must be integers or text strings")
        if label not in _UNDERSTOOD:
            raise CoseError(f"unknown critical header parameter {label!r}")
