"""Authenticated encryption for secrets the registry keeps at rest (ID numbers, private keys).

AES-256-GCM with a random nonce; ``context`` is bound as associated data, so a ciphertext
moved to another row or column no longer opens. The key lives outside the database.
"""

from __future__ import annotations

import os

from . import _crypto
from .errors import SealError

__all__ = ["KEY_SIZE", "SealError", "generate_key", "seal", "unseal"]

KEY_SIZE = 32


def generate_key() -> bytes:
    return os.urandom(KEY_SIZE)


def _check_key(key: bytes) -> None:
    if len(key) != KEY_SIZE:
        raise SealError(f"sealing key must be {KEY_SIZE} bytes")


def seal(key: bytes, plaintext: bytes, *, context: bytes) -> bytes:
    _check_key(key)
    return _crypto.aead_seal(key, plaintext, context)


def unseal(key: bytes, sealed: bytes, *, context: bytes) -> bytes:
    _check_key(key)
    opened = _crypto.aead_open(key, sealed, context)
    if opened is None:
        raise SealError("sealed value does not open with this key and context")
    return opened
