"""The only module that touches ``cryptography.hazmat``.

Everything above it deals in :class:`Algorithm`, raw bytes and JWK dictionaries. Signatures
are in COSE/JOSE form: ES256 is the 64-byte ``r || s`` concatenation, not DER.
"""

from __future__ import annotations

import os
from enum import IntEnum
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import KeyFormatError

__all__ = [
    "Algorithm",
    "PrivateKey",
    "PublicKey",
    "aead_open",
    "aead_seal",
    "generate_private_key",
    "load_private_pem",
    "private_key_algorithm",
    "private_to_pem",
    "public_from_jwk",
    "public_jwk",
    "public_key_of",
    "sign",
    "verify_signature",
]

PrivateKey = ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

_ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())


class Algorithm(IntEnum):
    """COSE algorithm identifiers we sign with. The JOSE name is :attr:`jose`."""

    ES256 = -7
    EDDSA = -8

    @property
    def jose(self) -> str:
        return "ES256" if self is Algorithm.ES256 else "EdDSA"

    @classmethod
    def from_jose(cls, name: str) -> Algorithm:
        for alg in cls:
            if alg.jose == name:
                return alg
        raise KeyFormatError(f"unsupported algorithm {name!r}")


def generate_private_key(alg: Algorithm) -> PrivateKey:
    if alg is Algorithm.ES256:
        return ec.generate_private_key(ec.SECP256R1())
    return ed25519.Ed25519PrivateKey.generate()


def private_key_algorithm(key: PrivateKey) -> Algorithm:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return Algorithm.EDDSA
    if isinstance(key.curve, ec.SECP256R1):
        return Algorithm.ES256
    raise KeyFormatError(f"unsupported curve {key.curve.name}")


def public_key_of(key: PrivateKey) -> PublicKey:
    return key.public_key()


def load_private_pem(data: bytes, password: bytes | None = None) -> PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=password)
    except (ValueError, TypeError) as exc:
        raise KeyFormatError(f"cannot read private key: {exc}") from None
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        private_key_algorithm(key)  # rejects curves other than P-256
        return key
    raise KeyFormatError("private key must be P-256 (ES256) or Ed25519")


def private_to_pem(key: PrivateKey, password: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def _b64u(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64u(text: Any, size: int) -> bytes:
    import base64
    import binascii

    if not isinstance(text, str):
        raise KeyFormatError("JWK coordinate must be a base64url string")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise KeyFormatError("JWK coordinate is not base64url") from None
    if len(raw) != size:
        raise KeyFormatError(f"JWK coordinate must be {size} bytes")
    return raw


def public_jwk(key: PublicKey) -> dict[str, str]:
    """The public JWK members (RFC 7517/7518/8037) of a key, without metadata."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64u(raw)}
    numbers = key.public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64u(numbers.x.to_bytes(32, "big")),
        "y": _b64u(numbers.y.to_bytes(32, "big")),
    }


def public_from_jwk(jwk: dict[str, Any]) -> tuple[PublicKey, Algorithm]:
    """Parse the public part of a JWK; the algorithm follows from ``kty``/``crv``."""
    kty, crv = jwk.get("kty"), jwk.get("crv")
    try:
        if kty == "EC" and crv == "P-256":
            x = int.from_bytes(_unb64u(jwk.get("x"), 32), "big")
            y = int.from_bytes(_unb64u(jwk.get("y"), 32), "big")
            return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key(), Algorithm.ES256
        if kty == "OKP" and crv == "Ed25519":
            raw = _unb64u(jwk.get("x"), 32)
            return ed25519.Ed25519PublicKey.from_public_bytes(raw), Algorithm.EDDSA
    except ValueError as exc:
        raise KeyFormatError(f"invalid public key: {exc}") from None
    raise KeyFormatError(f"unsupported key type {kty!r}/{crv!r}")


def sign(key: PrivateKey, data: bytes) -> bytes:
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return key.sign(data)
    r, s = decode_dss_signature(key.sign(data, _ECDSA_SHA256))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def verify_signature(key: PublicKey, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is valid for ``data``. Callers turn False into their own error."""
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, data)
            return True
        if len(signature) != 64:
            return False
        key.verify(_der_signature(signature), data, _ECDSA_SHA256)
        return True
    except InvalidSignature:
        return False


def _der_integer(value: bytes) -> bytes:
    # DER INTEGER content: minimal big-endian two's complement, so leading zero bytes go and a
    # zero byte comes back when the top bit is set (the value is never negative).
    value = value.lstrip(b"\0")
    if not value or value[0] > 0x7F:
        value = b"\0" + value
    return value


def _der_signature(signature: bytes) -> bytes:
    """``r || s`` as the DER ``SEQUENCE { INTEGER r, INTEGER s }`` OpenSSL verifies.

    The same bytes as ``encode_dss_signature`` without two int round trips (tests compare
    them); 32-byte halves keep every length below 128, so each fits in one byte.
    """
    r, s = _der_integer(signature[:32]), _der_integer(signature[32:])
    return b"".join((bytes((0x30, len(r) + len(s) + 4, 0x02, len(r))), r, bytes((0x02, len(s))), s))


def aead_seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """AES-256-GCM: a fresh 12-byte nonce followed by ciphertext and tag."""
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def aead_open(key: bytes, sealed: bytes, associated: bytes) -> bytes | None:
    """Inverse of :func:`aead_seal`; None when the data or its context was tampered with."""
    if len(sealed) < 28:
        return None
    try:
        return AESGCM(key).decrypt(sealed[:12], sealed[12:], associated)
    except InvalidTag:
        return None
