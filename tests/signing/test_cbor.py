"""The strict CBOR decoder and the COSE_Sign1 reader: what they accept, and what they refuse."""

from __future__ import annotations

from typing import Any

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signing.cose import (
    CborError,
    CoseError,
    decode_cbor,
    encode_sign1,
    parse_sign1,
    protected_header,
    read_sign1,
    sig_structure,
)

KID = bytes.fromhex("3719477ee9308a6f")


@pytest.mark.parametrize(
    ("hex_item", "value"),
    [
        ("00", 0),
        ("17", 23),
        ("1818", 24),
        ("190100", 256),
        ("1a000f4240", 1_000_000),
        ("1bffffffffffffffff", 2**64 - 1),
        ("20", -1),
        ("3a00010000", -65537),
        ("3bffffffffffffffff", -(2**64)),
        ("40", b""),
        ("4401020304", b"\x01\x02\x03\x04"),
        ("60", ""),
        ("6449455446", "IETF"),
        ("62c3bc", "ü"),
        ("80", []),
        ("83010203", [1, 2, 3]),
        ("a0", {}),
        ("a201020304", {1: 2, 3: 4}),
        ("a1616101", {"a": 1}),
        ("f4", False),
        ("f5", True),
        ("f6", None),
        ("f93c00", 1.0),
        ("fa47c35000", 100000.0),
        ("fb3ff199999999999a", 1.1),
    ],
)
def test_well_formed_items_decode(hex_item: str, value: Any) -> None:
    decoded = decode_cbor(bytes.fromhex(hex_item))
    assert decoded == value
    assert type(decoded) is type(value)


def test_tags_are_never_interpreted() -> None:
    bignum = decode_cbor(bytes.fromhex("c249010000000000000000"))
    assert bignum == cbor2.CBORTag(2, bytes.fromhex("010000000000000000"))
    epoch = decode_cbor(bytes.fromhex("c11a514b67b0"))
    assert epoch == cbor2.CBORTag(1, 1363896240)
    assert decode_cbor(bytes.fromhex("d8204161")) == cbor2.CBORTag(32, b"a")


@pytest.mark.parametrize(
    ("hex_item", "why"),
    [
        ("", "nothing"),
        ("3a000100", "truncated argument"),
        ("1b00", "truncated 8-byte argument"),
        ("4401", "byte string runs past the end"),
        ("62c3", "text string runs past the end"),
        ("83", "array of three with nothing in it"),
        ("a1", "map without its entry"),
        ("a101", "map entry without its value"),
        ("0000", "trailing bytes"),
        ("9f01ff", "indefinite-length array"),
        ("bf0101ff", "indefinite-length map"),
        ("5f4101ff", "indefinite-length byte string"),
        ("7f6161ff", "indefinite-length text string"),
        ("ff", "a lone break"),
        ("1c", "reserved additional information 28"),
        ("5d", "reserved additional information 29 on a byte string"),
        ("a201020103", "duplicate key 1"),
        ("a2616101616102", "duplicate key 'a'"),
        ("a1f501", "key true"),
        ("a1f93c0001", "key 1.0"),
        ("a1410101", "byte-string key"),
        ("a1800101", "array key"),
        ("a1c10101", "tagged key"),
        ("a1f601", "null key"),
        ("62c328", "invalid UTF-8"),
        ("63eda080", "UTF-8 encoded surrogate"),
        ("62c0af", "overlong UTF-8"),
        ("f818", "simple value below 32 in two-byte form"),
        ("818181818181818181818100", "nesting deeper than eight levels"),
        ("c0c0c0c0c0c0c0c0c000", "nine nested tags"),
        ("9bffffffffffffffff", "an array claiming 2^64 items"),
        ("bbffffffffffffffff", "a map claiming 2^64 entries"),
        ("5bffffffffffffffff", "a byte string claiming 2^64 bytes"),
    ],
)
def test_malformed_items_are_refused(hex_item: str, why: str) -> None:
    with pytest.raises(CborError):
        decode_cbor(bytes.fromhex(hex_item))


def test_cbor_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="trailing"):
        decode_cbor(b"\x00\x00")


def test_eight_levels_of_nesting_are_allowed() -> None:
    assert decode_cbor(bytes.fromhex("8181818181818181" + "00")) == [[[[[[[[0]]]]]]]]


# Values TR1 maps may hold: integers, text, bytes, arrays, maps with integer or text keys.
_keys = st.integers(-(2**64), 2**64 - 1) | st.text(max_size=8)
_leaves = (
    st.integers(-(2**64), 2**64 - 1)
    | st.text(max_size=20)
    | st.binary(max_size=300)
    | st.booleans()
    | st.none()
)
_values = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(_values)
def test_agrees_with_cbor2_on_well_formed_data(value: Any) -> None:
    encoded = cbor2.dumps(value)
    if _depth(value) > 8:
        with pytest.raises(CborError):
            decode_cbor(encoded)
        return
    assert decode_cbor(encoded) == cbor2.loads(encoded) == value


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_arbitrary_bytes_decode_or_raise_cbor_error(data: bytes) -> None:
    try:
        value = decode_cbor(data)
    except CborError:
        return
    # What decodes is well-formed: cbor2 reads the same bytes to an equal value (cbor2
    # interprets tags, which we never do, and NaN never equals itself: skip those).
    if not _has_tag_or_nan(value):
        assert cbor2.loads(data) == value


def _has_tag_or_nan(value: Any) -> bool:
    if isinstance(value, cbor2.CBORTag):
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, list):
        return any(_has_tag_or_nan(v) for v in value)
    if isinstance(value, dict):
        return any(_has_tag_or_nan(v) for v in value.values())
    return False


@pytest.mark.parametrize("length", [0, 1, 23, 24, 255, 256, 65535, 65536])
def test_sig_structure_is_the_rfc_9052_array(length: int) -> None:
    protected = protected_header(-8, KID)
    payload = bytes(range(256)) * (length // 256) + bytes(range(length % 256))
    expected = cbor2.dumps(["Signature1", protected, b"", payload])
    assert sig_structure(protected, payload) == expected


def test_parse_sign1_reads_the_fields() -> None:
    envelope = encode_sign1(protected_header(-7, KID), b"payload", b"s" * 64)
    assert envelope[0] == 0xD2
    parsed = parse_sign1(envelope)
    assert (parsed.alg, parsed.kid, parsed.payload, parsed.signature) == (
        -7,
        KID,
        b"payload",
        b"s" * 64,
    )
    assert parsed.protected == protected_header(-7, KID)


@pytest.mark.parametrize(
    "header",
    [
        {1: -8, 4: KID},
        {1: -7, 4: KID},
        {1: -35, 4: KID},
        {1: -8, 4: KID[:7]},
        {4: KID, 1: -8},
        {1: -8, 4: KID, 2: [1]},
        {1: -8, 4: KID, "x": 1},
        {1: 0, 4: KID},
        {1: -24, 4: KID},
        {1: -25, 4: KID},
    ],
)
def test_fast_and_generic_header_readers_agree(header: dict[Any, Any]) -> None:
    # cbor2 keeps insertion order when not canonical: the second case is not the 13-byte form.
    protected = cbor2.dumps(header)
    envelope = encode_sign1(protected, b"p", b"s")
    _, alg, kid, _, _ = read_sign1(envelope)
    assert (alg, kid) == (header[1], header[4])


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (cbor2.dumps([b"\xa0", {}, b"", b""]), "untagged"),
        (cbor2.dumps(cbor2.CBORTag(17, [b"\xa0", {}, b"", b""])), "tag 17"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\xa0", {}, b""])), "three items"),
        (cbor2.dumps(cbor2.CBORTag(18, {})), "a map, not an array"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"", {}, b"", b""])), "empty protected header"),
        (cbor2.dumps(cbor2.CBORTag(18, ["x", {}, b"", b""])), "protected header as text"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\xa0", [], b"", b""])), "unprotected as array"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\xa0", {}, None, b""])), "detached payload"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\xa0", {}, b"", "sig"])), "signature as text"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\xa0", {}, b"", b""])), "no alg, no kid"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\x80", {}, b"", b""])), "protected array"),
        (cbor2.dumps(cbor2.CBORTag(18, [b"\xa1\x01", {}, b"", b""])), "protected truncated"),
    ],
)
def test_malformed_sign1_is_refused(body: bytes, why: str) -> None:
    with pytest.raises(CoseError):
        parse_sign1(body)


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ({1: -8, 4: KID, 2: [99]}, "unknown critical header"),
        ({1: -8, 4: KID, 2: ["x"]}, "unknown critical text label"),
        ({1: -8, 4: KID, 2: []}, "empty crit"),
        ({1: -8, 4: KID, 2: None}, "crit is null"),
        ({1: -8, 4: KID, 2: 1}, "crit is not an array"),
        ({1: -8, 4: KID, 2: [[1]]}, "crit holds an array"),
        ({1: -8, 4: KID, 2: [{1: 1}]}, "crit holds a map"),
        ({1: -8, 4: KID, 2: [1.0]}, "crit holds a float"),
        ({1: "EdDSA", 4: KID}, "alg as text"),
        ({1: cbor2.CBORTag(2, b"\x07"), 4: KID}, "alg as a bignum"),
        ({1: True, 4: KID}, "alg as a boolean"),
        ({4: KID}, "no alg"),
        ({1: -8}, "no kid"),
        ({1: -8, 4: b""}, "empty kid"),
        ({1: -8, 4: "NxlHvukwim8"}, "kid as text"),
    ],
)
def test_bad_protected_headers_are_refused(header: dict[Any, Any], why: str) -> None:
    envelope = encode_sign1(cbor2.dumps(header), b"p", b"s")
    with pytest.raises(CoseError):
        parse_sign1(envelope)


def test_understood_critical_headers_are_accepted() -> None:
    envelope = encode_sign1(cbor2.dumps({1: -8, 2: [1, 4], 4: KID}), b"p", b"s")
    assert parse_sign1(envelope).alg == -8


def test_unprotected_header_content_is_ignored() -> None:
    protected = protected_header(-8, KID)
    unprotected = {3: 0, 2: [99], "x": [1.5, None, cbor2.CBORTag(1, 0)]}
    envelope = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, b"p", b"s"]))
    parsed = parse_sign1(envelope)
    assert (parsed.alg, parsed.kid) == (-8, KID)


@pytest.mark.parametrize(
    "protected",
    [protected_header(-8, KID), cbor2.dumps({1: -8, 4: KID, 3: 0})],
    ids=["issuer header", "generic header"],
)
@pytest.mark.parametrize("unprotected", [{1: -7}, {4: b"other kid"}, {1: -8, 4: KID}])
def test_a_label_in_both_buckets_is_malformed(
    protected: bytes, unprotected: dict[int, Any]
) -> None:
    envelope = cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected, b"p", b"s"]))
    with pytest.raises(CoseError, match="both the protected and the unprotected"):
        parse_sign1(envelope)
