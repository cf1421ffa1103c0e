"""Issuer keys: signers, public-key records, and the trust list (JWKS) verifiers rely on.

A key's ``kid`` is the first 8 bytes of its RFC 7638 JWK thumbprint (SHA-256). The JWKS we
publish carries, beside the standard members, ``status`` (``active`` signs; ``retired``
verifies only; ``compromised`` rejects everything it ever signed) and the validity window
``nbf``/``exp`` (NumericDate seconds) within which credentials under the key are verifiable.
The algorithm a key verifies with is part of its record, never taken from a token (RFC 8725).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar, overload

from . import _crypto
from ._crypto import Algorithm
from .errors import KeyFormatError

__all__ = [
    "Algorithm",
    "KeyStatus",
    "PublicKeyRecord",
    "Signer",
    "TrustList",
    "b64url",
    "compute_kid",
    "unb64url",
]

KID_LENGTH = 8
_T = TypeVar("_T")


class KeyStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    COMPROMISED = "compromised"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_THUMBPRINT_MEMBERS = {"EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x")}


def compute_kid(jwk: Mapping[str, Any]) -> bytes:
    """First 8 bytes of the RFC 7638 SHA-256 thumbprint of a public JWK."""
    members = _THUMBPRINT_MEMBERS.get(str(jwk.get("kty")))
    if members is None:
        raise KeyFormatError(f"no thumbprint rule for key type {jwk.get('kty')!r}")
    canonical = json.dumps(
        {m: jwk[m] for m in members}, separators=(",", ":"), sort_keys=True, ensure_ascii=True
    )
    return hashlib.sha256(canonical.encode("ascii")).digest()[:KID_LENGTH]


def _to_epoch(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _from_epoch(value: Any, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise KeyFormatError(f"JWK member {name!r} must be an integer NumericDate")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise KeyFormatError(f"JWK member {name!r} is out of range") from None


@dataclass(frozen=True, slots=True)
class PublicKeyRecord:
    """A verification key as published in the JWKS, with its parsed key cached."""

    kid: bytes
    alg: Algorithm
    status: KeyStatus
    jwk: Mapping[str, str]
    not_before: datetime | None = None
    not_after: datetime | None = None
    key: _crypto.PublicKey = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.key is None:
            key, alg = _crypto.public_from_jwk(dict(self.jwk))
            if alg is not self.alg:
                raise KeyFormatError(f"key type does not fit algorithm {self.alg.jose}")
            object.__setattr__(self, "key", key)

    @property
    def kid_text(self) -> str:
        return b64url(self.kid)

    def with_status(self, status: KeyStatus) -> PublicKeyRecord:
        return replace(self, status=status)

    def to_jwk(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.jwk)
        out.update(kid=self.kid_text, alg=self.alg.jose, use="sig", status=self.status.value)
        if self.not_before is not None:
            out["nbf"] = _to_epoch(self.not_before)
        if self.not_after is not None:
            out["exp"] = _to_epoch(self.not_after)
        return out

    @classmethod
    def from_jwk(cls, doc: Mapping[str, Any]) -> PublicKeyRecord:
        if not isinstance(doc, Mapping):
            raise KeyFormatError("a JWK must be a JSON object")
        public = {k: doc[k] for k in ("kty", "crv", "x", "y") if k in doc}
        key, alg = _crypto.public_from_jwk(public)
        if "alg" in doc and doc["alg"] != alg.jose:
            raise KeyFormatError(f"JWK alg {doc['alg']!r} does not fit its key type")
        kid = compute_kid(public)
        if "kid" in doc and doc["kid"] != b64url(kid):
            raise KeyFormatError("JWK kid is not the thumbprint of its key")
        try:
            status = KeyStatus(doc.get("status", KeyStatus.ACTIVE.value))
        except ValueError:
            raise KeyFormatError(f"unknown key status {doc.get('status')!r}") from None
        return cls(
            kid=kid,
            alg=alg,
            status=status,
            jwk=public,
            not_before=_from_epoch(doc.get("nbf"), "nbf"),
            not_after=_from_epoch(doc.get("exp"), "exp"),
            key=key,
        )


class Signer:
    """A private signing key. ``repr`` never shows key material."""

    __slots__ = ("_key", "alg", "jwk", "kid")

    def __init__(self, key: _crypto.PrivateKey) -> None:
        self._key = key
        self.alg = _crypto.private_key_algorithm(key)
        self.jwk = _crypto.public_jwk(_crypto.public_key_of(key))
        self.kid = compute_kid(self.jwk)

    def __repr__(self) -> str:
        return f"Signer(alg={self.alg.jose}, kid={b64url(self.kid)})"

    @classmethod
    def generate(cls, alg: Algorithm = Algorithm.ES256) -> Signer:
        return cls(_crypto.generate_private_key(alg))

    @classmethod
    def from_pem(cls, data: bytes, password: bytes | None = None) -> Signer:
        return cls(_crypto.load_private_pem(data, password))

    def to_pem(self, password: bytes | None = None) -> bytes:
        return _crypto.private_to_pem(self._key, password)

    def sign(self, data: bytes) -> bytes:
        return _crypto.sign(self._key, data)

    def public_record(
        self,
        *,
        status: KeyStatus = KeyStatus.ACTIVE,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> PublicKeyRecord:
        return PublicKeyRecord(
            kid=self.kid,
            alg=self.alg,
            status=status,
            jwk=dict(self.jwk),
            not_before=not_before,
            not_after=not_after,
            key=_crypto.public_key_of(self._key),
        )


class TrustList(Mapping[bytes, PublicKeyRecord]):
    """The issuer keys a verifier trusts, by kid. Built from a JWKS document or records."""

    __slots__ = ("_by_kid",)

    def __init__(self, records: Iterable[PublicKeyRecord] = ()) -> None:
        self._by_kid: dict[bytes, PublicKeyRecord] = {}
        for record in records:
            if record.kid in self._by_kid:
                raise KeyFormatError(f"duplicate kid {record.kid_text}")
            self._by_kid[record.kid] = record

    def __getitem__(self, kid: bytes) -> PublicKeyRecord:
        return self._by_kid[kid]

    @overload
    def get(self, kid: bytes, /) -> PublicKeyRecord | None: ...
    @overload
    def get(self, kid: bytes, /, default: PublicKeyRecord | _T) -> PublicKeyRecord | _T: ...
    def get(self, kid: bytes, /, default: object = None) -> object:
        # One dict lookup: Mapping.get would go through __getitem__ and KeyError.
        return self._by_kid.get(kid, default)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._by_kid)

    def __len__(self) -> int:
        return len(self._by_kid)

    def to_jwks(self) -> dict[str, Any]:
        return {"keys": [record.to_jwk() for record in self._by_kid.values()]}

    @classmethod
    def from_jwks(cls, doc: Mapping[str, Any] | str | bytes) -> TrustList:
        if isinstance(doc, str | bytes):
            try:
                doc = json.loads(doc)
            except (ValueError, RecursionError):
                raise KeyFormatError("JWKS is not JSON") from None
        if not isinstance(doc, Mapping) or not isinstance(doc.get("keys"), list):
            raise KeyFormatError("JWKS must be an object with a 'keys' array")
        return cls(PublicKeyRecord.from_jwk(item) for item in doc["keys"])
