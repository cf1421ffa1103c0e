"""Sealing secrets at rest: AES-256-GCM with the context bound as associated data."""

from __future__ import annotations

import pytest

from signing import SigningError
from signing.sealing import KEY_SIZE, SealError, generate_key, seal, unseal

ID_NUMBER = b"310110199001011234"  # shape of an ID number; a made-up value
CONTEXT = b"creator:cr_01JDX7K3M9:id_number"


def test_round_trip() -> None:
    key = generate_key()
    sealed = seal(key, ID_NUMBER, context=CONTEXT)
    assert ID_NUMBER not in sealed
    assert len(sealed) == 12 + len(ID_NUMBER) + 16  # nonce, ciphertext, tag
    assert unseal(key, sealed, context=CONTEXT) == ID_NUMBER


def test_every_seal_uses_a_fresh_nonce() -> None:
    key = generate_key()
    first, second = seal(key, ID_NUMBER, context=CONTEXT), seal(key, ID_NUMBER, context=CONTEXT)
    assert first != second
    assert first[:12] != second[:12]


def test_keys_are_random_and_the_right_size() -> None:
    assert len(generate_key()) == KEY_SIZE == 32
    assert generate_key() != generate_key()


def test_wrong_context_does_not_open() -> None:
    key = generate_key()
    sealed = seal(key, ID_NUMBER, context=CONTEXT)
    with pytest.raises(SealError):
        unseal(key, sealed, context=b"creator:cr_OTHER:id_number")


def test_wrong_key_does_not_open() -> None:
    sealed = seal(generate_key(), ID_NUMBER, context=CONTEXT)
    with pytest.raises(SealError):
        unseal(generate_key(), sealed, context=CONTEXT)


@pytest.mark.parametrize("position", [0, 11, 12, -17, -1])
def test_any_flipped_bit_does_not_open(position: int) -> None:
    key = generate_key()
    sealed = bytearray(seal(key, ID_NUMBER, context=CONTEXT))
    sealed[position] ^= 0x01
    with pytest.raises(SealError):
        unseal(key, bytes(sealed), context=CONTEXT)


@pytest.mark.parametrize("length", [0, 1, 27])
def test_too_short_does_not_open(length: int) -> None:
    key = generate_key()
    sealed = seal(key, b"", context=CONTEXT)
    assert len(sealed) == 28
    with pytest.raises(SealError):
        unseal(key, sealed[:length], context=CONTEXT)


def test_empty_plaintext_round_trips() -> None:
    key = generate_key()
    assert unseal(key, seal(key, b"", context=CONTEXT), context=CONTEXT) == b""


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_keys_of_the_wrong_size_are_refused(size: int) -> None:
    with pytest.raises(SealError):
        seal(bytes(size), ID_NUMBER, context=CONTEXT)
    with pytest.raises(SealError):
        unseal(bytes(size), bytes(40), context=CONTEXT)


def test_seal_error_is_a_signing_error() -> None:
    assert issubclass(SealError, SigningError)
