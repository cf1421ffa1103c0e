"""Every exception the signing library raises, under one catchable root.

    SigningError                   root: catch this to catch everything below
     ├── VerificationError         a credential failed verification; ``code`` names the stage
     ├── IssuanceError             a credential or QR code could not be produced (``code``)
     ├── KeyFormatError            a key, JWK, JWKS, PEM or signed trust list could not be read
     │                             or used (an expired trust list included)
     ├── StatusListError           a status list is malformed, full, or its document is invalid
     ├── CheckpointError           an audit checkpoint is malformed or its signature does not hold
     ├── SealError                 a sealed value does not open: wrong key, context or data
     └── stage errors, each turned into a VerificationError by ``verify()`` (also ValueErrors):
          Base45Error (``base45``), CborError (``_cbor``), CoseError (``cose``),
          ClaimsError (``claims``)

``verify()`` never lets anything else escape: malformed input of any shape becomes a
``VerificationError`` whose ``code`` is one of :class:`ErrorCode`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .claims import CredentialClaims

__all__ = [
    "CheckpointError",
    "ErrorCode",
    "IssuanceError",
    "KeyFormatError",
    "SealError",
    "SigningError",
    "StatusListError",
    "VerificationError",
]


class ErrorCode(StrEnum):
    """The stage at which verification failed (docs/credential-format.md, "Error codes")."""

    PREFIX_INVALID = "PREFIX_INVALID"
    BASE45_INVALID = "BASE45_INVALID"
    DECOMPRESS_FAILED = "DECOMPRESS_FAILED"
    COSE_MALFORMED = "COSE_MALFORMED"
    CLAIMS_MALFORMED = "CLAIMS_MALFORMED"
    KID_UNKNOWN = "KID_UNKNOWN"
    ALG_NOT_ALLOWED = "ALG_NOT_ALLOWED"
    SIGNATURE_INVALID = "SIGNATURE_INVALID"
    KEY_COMPROMISED = "KEY_COMPROMISED"
    NOT_YET_VALID = "NOT_YET_VALID"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    SUSPENDED = "SUSPENDED"
    STATUS_UNAVAILABLE = "STATUS_UNAVAILABLE"
    TOO_LARGE = "TOO_LARGE"


class SigningError(Exception):
    """Root of every exception raised by :mod:`signing`."""


class VerificationError(SigningError):
    """A credential did not verify. ``code`` names the failing stage; ``kid`` the key, if known.

    The message is meant for logs and people; it never contains the credential text.
    ``claims`` is set only for failures found *after* the signature checked out (expired,
    not yet valid, revoked, suspended, status unavailable): authentic, but not valid now.
    """

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        kid: bytes | None = None,
        claims: CredentialClaims | None = None,
    ) -> None:
        super().__init__(f"{code.value}: {message}")
        self.code = code
        self.message = message
        self.kid = kid
        self.claims = claims


class IssuanceError(SigningError):
    """A credential or QR code could not be produced, e.g. it would exceed QR version 20."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class KeyFormatError(SigningError):
    """A key, JWK, JWKS or PEM document could not be read or is unsuitable."""


class StatusListError(SigningError):
    """A status list or its signed document is malformed, or an allocator ran out of space."""


class CheckpointError(SigningError):
    """An audit checkpoint is malformed, signed by a key not trusted, or badly signed."""


class SealError(SigningError):
    """A sealed value could not be opened: wrong key, wrong context, or tampered data."""
