"""Every shortcut on the verification hot path against the generic code it stands in for.

The canonical claims reader, the COSE_Sign1 slicer and the hand-built DER signature must
each give exactly what the generic path gives, or step aside: a shortcut may only make
verification faster, never change an answer or an error message.
"""

from __future__ import annotations

import copy
import json
import zlib
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from hypothesis import given, settings
from hypothesis import strategies as st

from signing import Achievement, CredentialClaims, StatusReference
from signing._canonical import _read_canonical, _Unexpected, read_claims
from signing._cbor import CborError, decode
from signing._crypto import _der_signature
from signing.claims import TR1_CLAIM, ClaimsError, claims_from_cbor_map, claims_to_cbor_map
from signing.cose import CoseError, _read_sign1_generic, encode_sign1, protected_header, read_sign1
from tests.fixtures import make_vectors
from tests.signing.conftest import NOW, skill_claims

KID = bytes.fromhex("3719477ee9308a6f")
FAST = settings(max_examples=400, deadline=None)


def generic(payload: bytes) -> CredentialClaims | tuple[type[Exception], str]:
    try:
        return claims_from_cbor_map(decode(payload))
    except (CborError, ClaimsError) as exc:
        return type(exc), str(exc)


def through_read_claims(payload: bytes) -> CredentialClaims | tuple[type[Exception], str]:
    try:
        return read_claims(payload)
    except (CborError, ClaimsError) as exc:
        return type(exc), str(exc)


def assert_same_fields(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    for field in fields(a):
        left, right = getattr(a, field.name), getattr(b, field.name)
        assert type(left) is type(right), field.name
        if field.name == "achievement":
            assert_same_fields(left, right)
        else:
            assert left == right, field.name


def assert_agree(payload: bytes) -> None:
    """read_claims answers exactly as the generic path; the fast reader never accepts more."""
    expected = generic(payload)
    assert through_read_claims(payload) == expected
    try:
        fast = _read_canonical(payload)
    except (_Unexpected, IndexError, ValueError, OverflowError, OSError):
        return
    assert isinstance(expected, CredentialClaims), "the fast reader accepted a refused payload"
    assert_same_fields(fast, expected)


FULL_ACHIEVEMENT = Achievement(
    code="C" * 23,
    level="L" * 24,
    direction="长" * 85,  # 255 bytes: the longest one-byte length
    grade="G",
    year=2**64 - 1,
    region="310110",
    number="N" * 200,
    title="标题",
)
CLAIMS = [
    *make_vectors.typical_claims().values(),
    skill_claims(),
    skill_claims(status=None, organisation=None),
    skill_claims(status=StatusReference(0, 2**64 - 1), organisation="o"),
    skill_claims(valid_from=NOW + timedelta(days=2), achievement=FULL_ACHIEVEMENT),
    skill_claims(achievement=Achievement(code="x", year=0)),
    skill_claims(credential_id=b"\x00", issuer="i" * 200, subject_name="名" * 85),
    skill_claims(credential_id=bytes(32), valid_until=datetime(9999, 12, 31, tzinfo=UTC)),
]


@pytest.mark.parametrize("claims", CLAIMS)
def test_issuer_payloads_take_the_fast_path(claims: CredentialClaims) -> None:
    payload = cbor2.dumps(claims_to_cbor_map(claims, now=NOW), canonical=True)
    fast = _read_canonical(payload)  # raises if the fast reader stepped aside
    assert_same_fields(fast, claims_from_cbor_map(decode(payload)))
    assert fast == read_claims(payload)


def test_every_committed_vector_payload_agrees() -> None:
    for path in sorted(make_vectors.VECTORS_DIR.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        try:
            _, _, _, payload, _ = read_sign1(make_vectors.decode_text(doc["qr"].split("#")[-1]))
        except (CoseError, ValueError, IndexError, zlib.error):
            continue  # the vector fails before the payload is read
        assert_agree(payload)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.update({5: c[6]}),  # nbf equal to iat: six claims, still canonical
        lambda c: c[TR1_CLAIM][4].update({2: "x" * 201}),  # 201 characters in 0x78 form
        lambda c: c[TR1_CLAIM][4].update({2: "长" * 67}),  # 201 bytes, 67 characters
        lambda c: c[TR1_CLAIM][4].update({8: "x" * 256}),  # two-byte length: generic only
        lambda c: c[TR1_CLAIM][4].update({5: 2**64}),  # bignum tag
        lambda c: c[TR1_CLAIM].update({1: 5}),
        lambda c: c[TR1_CLAIM].update({5: [3]}),
        lambda c: c[TR1_CLAIM].update({6: ""}),
        lambda c: c.update({4: 2**40}),  # past year 9999
        lambda c: c.update({7: bytes(33)}),
        lambda c: c.update({7: b""}),
        lambda c: c.update({TR1_CLAIM: {}}),
    ],
)
def test_edge_payloads_agree(change: Any) -> None:
    cwt = copy.deepcopy(claims_to_cbor_map(skill_claims(), now=NOW))
    change(cwt)
    assert_agree(cbor2.dumps(cwt, canonical=True))
    assert_agree(cbor2.dumps(cwt))


def test_duplicate_and_unsorted_keys_agree() -> None:
    payload = bytearray(cbor2.dumps(claims_to_cbor_map(skill_claims(), now=NOW), canonical=True))
    assert_agree(bytes(payload) + b"\x00")  # trailing byte
    assert_agree(bytes(payload[:-1]))  # truncated
    # iat's key 6 rewritten as 4: exp twice, one map entry short of the required claims.
    assert_agree(bytes(payload).replace(b"\x06\x1a", b"\x04\x1a", 1))
    unsorted = {TR1_CLAIM: 0, **claims_to_cbor_map(skill_claims(), now=NOW)}
    assert_agree(cbor2.dumps(unsorted))


def _payload(private: list[tuple[bytes, bytes]], achievement: list[tuple[bytes, bytes]]) -> bytes:
    """A canonical-looking payload built entry by entry, so keys can repeat or fall out of order."""
    cbor = make_vectors.cbor
    private = [(k, make_vectors.raw_map(*achievement) if k == b"\x04" else v) for k, v in private]
    return make_vectors.raw_map(
        (b"\x01", cbor("https://ccr.example.cn")),
        (b"\x04", cbor(1_900_000_000)),
        (b"\x06", cbor(1_800_000_000)),
        (b"\x07", cbor(b"\x01" * 16)),
        (cbor(TR1_CLAIM), make_vectors.raw_map(*private)),
    )


_PRIVATE = [(b"\x01", b"\x03"), (b"\x02", b"\x61s"), (b"\x03", b"\x61n"), (b"\x04", b"")]
_ACHIEVEMENT = [(b"\x01", b"\x61c"), (b"\x02", b"\x62L3")]


@pytest.mark.parametrize(
    ("private", "achievement", "valid"),
    [
        (_PRIVATE, _ACHIEVEMENT, True),
        ([*_PRIVATE, (b"\x05", b"\x82\x03\x07"), (b"\x06", b"\x61o")], _ACHIEVEMENT, True),
        ([*_PRIVATE, (b"\x06", b"\x61o"), (b"\x06", b"\x61p")], _ACHIEVEMENT, False),
        ([*_PRIVATE, (b"\x05", b"\x82\x03\x07"), (b"\x05", b"\x82\x03\x08")], _ACHIEVEMENT, False),
        ([*_PRIVATE, (b"\x06", b"\x61o"), (b"\x05", b"\x82\x03\x07")], _ACHIEVEMENT, True),
        ([*_PRIVATE, (b"\x04", b"\x61o")], _ACHIEVEMENT, False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x02", b"\x62L4")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x01", b"\x61d")], False),
        (_PRIVATE, [(b"\x02", b"\x62L3"), (b"\x01", b"\x61c")], True),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x05", b"\x19\x07\xe9"), (b"\x05", b"\x00")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x09", b"\x61x")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x05", b"\x61x")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x03", b"\x02")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x08", b"\x78\xc9" + b"x" * 201)], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x08", b"\x78\xc8" + b"x" * 200)], True),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x08", b"\x60")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x08", b"\x78\x00")], False),
        (_PRIVATE, [*_ACHIEVEMENT, (b"\x08", b"\x62\xc3\x28")], False),  # invalid UTF-8
        ([(b"\x01", b"\x05"), *_PRIVATE[1:]], _ACHIEVEMENT, False),
        ([(b"\x01", b"\xf5"), *_PRIVATE[1:]], _ACHIEVEMENT, False),
        ([*_PRIVATE, (b"\x05", b"\x82\x03\xf5")], _ACHIEVEMENT, False),
        ([*_PRIVATE, (b"\x05", b"\x82\x03\x20")], _ACHIEVEMENT, False),
        ([*_PRIVATE, (b"\x05", b"\x83\x03\x07\x07")], _ACHIEVEMENT, False),
        ([*_PRIVATE, (b"\x06", b"\xf6")], _ACHIEVEMENT, False),
    ],
)
def test_hand_built_payloads_agree(
    private: list[tuple[bytes, bytes]], achievement: list[tuple[bytes, bytes]], valid: bool
) -> None:
    payload = _payload(private, achievement)
    assert_agree(payload)
    assert isinstance(generic(payload), CredentialClaims) is valid


def test_duplicate_top_level_claims_agree() -> None:
    cbor = make_vectors.cbor
    entries = [
        (b"\x01", cbor("https://ccr.example.cn")),
        (b"\x04", cbor(1_900_000_000)),
        (b"\x06", cbor(1_800_000_000)),
        (b"\x07", cbor(b"\x01" * 16)),
        (cbor(TR1_CLAIM), cbor({1: 3, 2: "s", 3: "n", 4: {1: "c"}})),
    ]
    assert isinstance(generic(make_vectors.raw_map(*entries)), CredentialClaims)
    for index, entry in enumerate(entries):
        for twice in ([*entries[: index + 1], entry, *entries[index + 1 :]],):
            assert_agree(make_vectors.raw_map(*twice))
            assert not isinstance(generic(make_vectors.raw_map(*twice)), CredentialClaims)
    nbf = (b"\x05", cbor(1_800_000_000))
    assert_agree(make_vectors.raw_map(*entries[:2], nbf, nbf, *entries[2:]))
    assert_agree(make_vectors.raw_map(*entries[:2], nbf, *entries[2:]))
    assert_agree(make_vectors.raw_map(*entries[:2], (b"\x05", b"\xf6"), *entries[2:]))


_leaves = (
    st.integers(-(2**65), 2**65)
    | st.text(max_size=30)
    | st.binary(max_size=40)
    | st.booleans()
    | st.none()
    | st.floats()
    | st.builds(cbor2.CBORTag, st.sampled_from([1, 2, 3]), st.integers(0, 2**70))
)


@st.composite
def mutated_payloads(draw: st.DrawFn) -> bytes:
    claims = draw(st.sampled_from(CLAIMS))
    payload = cbor2.dumps(claims_to_cbor_map(claims, now=NOW), canonical=True)
    cwt = cbor2.loads(payload)
    if draw(st.booleans()):
        target = cwt
        for key in draw(st.sampled_from([(), (TR1_CLAIM,), (TR1_CLAIM, 4), (TR1_CLAIM, 5)])):
            target = target.get(key, {}) if isinstance(target, dict) else {}
        if isinstance(target, dict | list) and target:
            keys = list(target) if isinstance(target, dict) else list(range(len(target)))
            key = draw(st.sampled_from(keys))
            if draw(st.booleans()):
                target[key] = draw(_leaves)
            elif isinstance(target, dict):
                target.pop(key)
        if isinstance(target, dict) and draw(st.booleans()):
            target[draw(st.integers(-2, 10) | st.text(max_size=2))] = draw(_leaves)
        return cbor2.dumps(cwt, canonical=draw(st.booleans()))
    data = bytearray(payload)
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "set":
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del data[position]
        else:
            del data[position:]
        if not data:
            break
    return bytes(data)


@FAST
@given(mutated_payloads())
def test_mutated_payloads_agree(payload: bytes) -> None:
    assert_agree(payload)


# --- COSE_Sign1 -------------------------------------------------------------------------------


def sign1_outcome(read: Any, data: bytes) -> Any:
    try:
        return read(data)
    except CoseError as exc:
        return str(exc)


@pytest.mark.parametrize("length", [0, 1, 23, 24, 255, 256, 65535, 65536])
@pytest.mark.parametrize("signature_length", [63, 64, 65])
def test_sign1_slicer_agrees_on_every_size(length: int, signature_length: int) -> None:
    for alg in (-7, -8):
        envelope = encode_sign1(protected_header(alg, KID), bytes(length), b"s" * signature_length)
        assert read_sign1(envelope) == _read_sign1_generic(envelope)


@pytest.mark.parametrize("length", [0, 200, 300])
def test_every_byte_of_the_envelope_heads_matters(length: int) -> None:
    envelope = encode_sign1(protected_header(-7, KID), b"p" * length, b"s" * 64)
    payload_end = len(envelope) - 66
    heads = [*range(21), payload_end, payload_end + 1]
    for position in heads:
        for value in range(256):
            data = bytearray(envelope)
            data[position] = value
            changed = bytes(data)
            assert sign1_outcome(read_sign1, changed) == sign1_outcome(_read_sign1_generic, changed)


@st.composite
def mutated_envelopes(draw: st.DrawFn) -> bytes:
    payload = draw(st.binary(max_size=300))
    data = bytearray(
        encode_sign1(
            protected_header(draw(st.sampled_from([-7, -8])), KID),
            payload,
            draw(st.binary(min_size=64, max_size=64)),
        )
    )
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "set", "insert", "delete", "truncate"]))
        if action == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "set":
            data[position] = draw(st.sampled_from([0x40, 0x58, 0x59, 0xA0, 0xA1, 0x4D, 0x4C]))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=3))
        elif action == "delete":
            del data[position]
        else:
            del data[position:]
        if not data:
            break
    return bytes(data)


@FAST
@given(mutated_envelopes())
def test_mutated_envelopes_agree(data: bytes) -> None:
    assert sign1_outcome(read_sign1, data) == sign1_outcome(_read_sign1_generic, data)


# --- ES256 signatures -------------------------------------------------------------------------


@st.composite
def signatures(draw: st.DrawFn) -> bytes:
    halves = []
    for _ in range(2):
        zeros = draw(st.integers(0, 32))
        halves.append(bytes(zeros) + draw(st.binary(min_size=32 - zeros, max_size=32 - zeros)))
    return b"".join(halves)


@FAST
@given(signatures())
def test_der_signature_is_encode_dss_signature(signature: bytes) -> None:
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    assert _der_signature(signature) == encode_dss_signature(r, s)


@pytest.mark.parametrize("first", [0x00, 0x01, 0x7F, 0x80, 0xFF])
def test_der_signature_boundaries(first: int) -> None:
    for signature in (
        bytes([first]) * 64,
        bytes([first]) + bytes(63),
        bytes(32) + bytes([first]) * 32,
    ):
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        assert _der_signature(signature) == encode_dss_signature(r, s)
