"""Personal identifiers at rest: sealed, hashed for lookup, masked for display.

- **Sealed**: AES-256-GCM (:mod:`signing.sealing`) with the row's public id as associated
  data, so a ciphertext copied onto another row no longer opens.
- **Lookup hash**: HMAC-SHA256 under a key that is not in the database. A plain SHA-256 of an
  ID number could be reversed by enumerating birth dates and serials; the keyed hash cannot
  without the key. It backs the uniqueness constraint and "find by ID number".
- **Masked**: ``310***********1234`` (see :func:`registry.domain.identity.mask_id_number`).

Both keys are derived from the registry's key-encryption key with distinct labels.
"""

from __future__ import annotations

import hashlib
import hmac

from signing.sealing import SealError, seal, unseal

from .config import Secret
from .domain.enums import IdDocumentType
from .errors import KeystoreError

__all__ = ["PiiVault", "derive_key"]


def derive_key(master: Secret, label: str) -> bytes:
    """A 32-byte subkey for one purpose (HMAC-SHA256 as a PRF over a fixed label)."""
    return hmac.new(master.reveal(), b"ccr/" + label.encode("ascii"), hashlib.sha256).digest()


class PiiVault:
    __slots__ = ("_lookup_key", "_seal_key")

    def __init__(self, master: Secret) -> None:
        self._seal_key = derive_key(master, "pii-seal/v1")
        self._lookup_key = derive_key(master, "pii-lookup/v1")

    def __repr__(self) -> str:
        return "PiiVault(keys hidden)"

    def seal(self, value: str, *, context: str) -> bytes:
        return seal(self._seal_key, value.encode("utf-8"), context=context.encode("utf-8"))

    def unseal(self, sealed: bytes, *, context: str) -> str:
        try:
            return unseal(self._seal_key, sealed, context=context.encode("utf-8")).decode("utf-8")
        except SealError:
            raise KeystoreError(
                "a sealed identifier does not open: wrong key-encryption key or moved data"
            ) from None

    def lookup_hash(self, document_type: IdDocumentType, number: str) -> str:
        message = f"{document_type.value}\x00{number}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).hexdigest()
