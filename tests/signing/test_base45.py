"""RFC 9285 base45: the RFC's examples, invalid inputs, and a naive reference decoder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signing.base45 import ALPHABET, Base45Error, b45decode, b45encode

# RFC 9285 §4.3 (encoding examples) and §4.4 (decoding example).
RFC_EXAMPLES = [
    (b"AB", "BB8"),
    (b"Hello!!", "%69 VD92EX0"),
    (b"base-45", "UJCLQE7W581"),
    (b"ietf!", "QED8WEX0"),
]


def reference_decode(text: str) -> bytes:
    """RFC 9285 §4.2 read literally, one group at a time."""
    values = [ALPHABET.index(char) for char in text]
    out = bytearray()
    for start in range(0, len(values), 3):
        group = values[start : start + 3]
        if len(group) == 3:
            n = group[0] + 45 * group[1] + 2025 * group[2]
            if n > 0xFFFF:
                raise ValueError("group overflow")
            out += n.to_bytes(2, "big")
        elif len(group) == 2:
            n = group[0] + 45 * group[1]
            if n > 0xFF:
                raise ValueError("pair overflow")
            out.append(n)
        else:
            raise ValueError("dangling")
    return bytes(out)


def test_alphabet_is_the_rfc_table() -> None:
    assert len(ALPHABET) == 45
    assert ALPHABET == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


@pytest.mark.parametrize(("data", "text"), RFC_EXAMPLES)
def test_rfc_examples_encode(data: bytes, text: str) -> None:
    assert b45encode(data) == text


@pytest.mark.parametrize(("data", "text"), RFC_EXAMPLES)
def test_rfc_examples_decode(data: bytes, text: str) -> None:
    assert b45decode(text) == data


def test_empty() -> None:
    assert b45encode(b"") == ""
    assert b45decode("") == b""


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("GGW", "RFC 9285 §6: 65536 does not fit two bytes"),
        (":::", "44 + 45·44 + 2025·44 = 91124"),
        ("AAAGGW", "overflow in a later group"),
        ("ZZ", "a final pair above 255"),
        ("A", "one dangling character"),
        ("BB8A", "a dangling character after a group"),
        ("bb8", "lowercase letters are not in the alphabet"),
        ("BB8=", "'=' is not in the alphabet"),
        ("BB\n8", "no whitespace other than the space character"),
        ("ＢＢ８", "full-width look-alikes are not ASCII"),
        ("BB8\x00", "NUL"),
    ],
)
def test_invalid_text_is_rejected(text: str, why: str) -> None:
    with pytest.raises(Base45Error):
        b45decode(text)


def test_boundaries_decode() -> None:
    assert b45decode(":0") == bytes([44])
    assert b45decode("U5") == bytes([255])  # 30 + 45·5
    assert b45decode(b45encode(b"\xff\xff")) == b"\xff\xff"
    assert b45encode(b"\xff\xff") == "FGW"
    assert b45decode("FGW") == b"\xff\xff"
    assert b45decode(b45encode(b"\xff")) == b"\xff"


def test_base45_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="alphabet"):
        b45decode("abc")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=700))
def test_round_trip(data: bytes) -> None:
    text = b45encode(data)
    assert set(text) <= set(ALPHABET)
    assert len(text) == 3 * (len(data) // 2) + 2 * (len(data) % 2)
    assert b45decode(text) == data


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=120))
def test_agrees_with_the_reference_decoder(text: str) -> None:
    try:
        expected = reference_decode(text)
    except ValueError:
        with pytest.raises(Base45Error):
            b45decode(text)
    else:
        assert b45decode(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_decodes_or_raises_base45_error(text: str) -> None:
    try:
        data = b45decode(text)
    except Base45Error:
        return
    assert b45encode(data) == text  # base45 has exactly one spelling of each byte string


@pytest.mark.parametrize("groups", [1431, 1432, 1433, 3000])
def test_input_beyond_the_longest_qr_code(groups: int) -> None:
    # The decoder's precomputed masks cover 1,432 groups (4,296 characters); longer input
    # must still decode, and still be checked, in full.
    data = bytes(range(256)) * (2 * groups // 256) + bytes(2 * groups % 256)
    text = b45encode(data) + "0" * 2
    assert b45decode(text) == data + b"\x00"
    assert reference_decode(text) == data + b"\x00"
    with pytest.raises(Base45Error):
        b45decode(b45encode(data[2:]) + "::" + ":" + "00")  # ":::" is 91,124 > 65535
    with pytest.raises(Base45Error):
        b45decode(":::" + b45encode(data[2:]))
