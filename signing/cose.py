"""COSE_Sign1 (RFC 9052) as TR1 uses it: protected header only, tag 18, ``external_aad`` empty.

Nothing outside :mod:`signing` needs to know what a COSE header is; the module is public only
so an auditor can read exactly what is signed.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

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
    "sig_structure",
]

COSE_SIGN1_TAG = 18
HEADER_ALG, HEADER_CRIT, HEADER_KID = 1, 2, 4
_UNDERSTOOD = frozenset({HEADER_ALG, HEADER_KID})
_MAX_DEPTH = 8


class CborError(ValueError):
    """Input is not exactly one well-formed CBOR item of the shapes TR1 allows."""


class CoseError(ValueError):
    """The COSE_Sign1 structure is malformed."""


def decode_cbor(data: bytes) -> Any:
    """Decode exactly one CBOR item: no trailing bytes, no duplicate keys, no indefinite lengths."""
    stream = io.BytesIO(data)
    try:
        item = cbor2.CBORDecoder(
            stream,
            allow_duplicate_keys=False,
            allow_indefinite=False,
            max_depth=_MAX_DEPTH,
            semantic_decoders={},
        ).decode()
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise CborError(str(exc)) from None
    if stream.tell() != len(data):
        raise CborError("trailing bytes after the CBOR item")
    return item


@dataclass(frozen=True, slots=True)
class Sign1:
    """A parsed, not yet verified, COSE_Sign1: read its fields as untrusted."""

    protected: bytes
    alg: int
    kid: bytes
    payload: bytes
    signature: bytes


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """The bytes that are signed: ``["Signature1", protected, h'', payload]``."""
    return cbor2.dumps(["Signature1", protected, b"", payload])


def protected_header(alg: int, kid: bytes) -> bytes:
    return cbor2.dumps({HEADER_ALG: alg, HEADER_KID: kid})


def encode_sign1(protected: bytes, payload: bytes, signature: bytes) -> bytes:
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


def parse_sign1(data: bytes) -> Sign1:
    """Parse a tagged COSE_Sign1. The unprotected header is ignored whatever it holds."""
    try:
        item = decode_cbor(data)
    except CborError as exc:
        raise CoseError(f"not CBOR: {exc}") from None
    if not isinstance(item, cbor2.CBORTag) or item.tag != COSE_SIGN1_TAG:
        raise CoseError("not a tagged COSE_Sign1 (tag 18)")
    body = item.value
    if not isinstance(body, list | tuple) or len(body) != 4:
        raise CoseError("COSE_Sign1 must be an array of four items")
    protected, unprotected, payload, signature = body
    if not isinstance(protected, bytes) or not protected:
        raise CoseError("protected header must be a non-empty byte string")
    if not isinstance(unprotected, Mapping):
        raise CoseError("unprotected header must be a map")
    if not isinstance(payload, bytes):
        raise CoseError("payload must be an attached byte string")
    if not isinstance(signature, bytes):
        raise CoseError("signature must be a byte string")
    try:
        header = decode_cbor(protected)
    except CborError as exc:
        raise CoseError(f"protected header is not CBOR: {exc}") from None
    if not isinstance(header, dict):
        raise CoseError("protected header must be a map")
    crit = header.get(HEADER_CRIT)
    if crit is not None:
        if not isinstance(crit, list) or not crit:
            raise CoseError("crit must be a non-empty array")
        unknown = [label for label in crit if label not in _UNDERSTOOD]
        if unknown:
            raise CoseError(f"unknown critical header parameters {unknown!r}")
    alg, kid = header.get(HEADER_ALG), header.get(HEADER_KID)
    if type(alg) is not int:
        raise CoseError("protected header lacks an integer alg")
    if not isinstance(kid, bytes) or not kid:
        raise CoseError("protected header lacks a kid")
    return Sign1(protected=protected, alg=alg, kid=kid, payload=payload, signature=signature)
