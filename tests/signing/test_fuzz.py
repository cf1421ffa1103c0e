"""Property-based: whatever the input, ``verify`` returns a result or raises VerificationError.

Inputs range from arbitrary text to valid tokens mutated at every layer: characters, base45
bytes, zlib streams, COSE structures re-encoded as valid CBOR, and claims re-signed with the
issuer's own key so that the claims parser itself is reached.
"""

from __future__ import annotations

import zlib
from typing import Any

import cbor2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signing import (
    CredentialKind,
    ErrorCode,
    StatusLists,
    TrustList,
    VerificationError,
    VerifiedCredential,
    issue,
    verify,
)
from signing.base45 import ALPHABET, b45decode, b45encode
from signing.cose import sig_structure
from tests.fixtures import make_vectors

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

KEYS = make_vectors.load_keys()
TRUST = TrustList.from_jwks(make_vectors.jwks(KEYS))
STATUS = StatusLists.from_documents([make_vectors.status_document(KEYS.ed)], trust=TRUST)
NOW = make_vectors.NOW
TOKENS = [
    issue(claims, signer=signer, now=make_vectors.ISSUED)
    for claims in make_vectors.typical_claims().values()
    for signer in (KEYS.ed, KEYS.es)
]
TOKENS.append("TR1:" + b45encode(zlib.compress(make_vectors.decode_text(TOKENS[0]), 9)))
TOKENS.append(f"{make_vectors.ISSUER}/v#{TOKENS[1]}")


def outcome(text: str, *, with_status: bool = True) -> VerifiedCredential | VerificationError:
    """Verify, letting only VerificationError through as a value: anything else fails the test."""
    try:
        return verify(text, trust=TRUST, status=STATUS if with_status else None, now=NOW)
    except VerificationError as exc:
        failure = exc
    assert isinstance(failure.code, ErrorCode)
    if len(text) >= 16:
        assert text not in str(failure)  # messages never echo the credential
    return failure


def test_the_tokens_are_valid() -> None:
    for token in TOKENS:
        assert isinstance(outcome(token), VerifiedCredential)


@FUZZ
@given(st.text(max_size=600))
def test_arbitrary_text(text: str) -> None:
    outcome(text)
    outcome("TR1:" + text)


@FUZZ
@given(st.text(alphabet=ALPHABET, max_size=600))
def test_arbitrary_base45(text: str) -> None:
    outcome("TR1:" + text)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes_in_both_envelopes(data: bytes) -> None:
    outcome("TR1:" + b45encode(data))
    outcome("TR1:" + b45encode(zlib.compress(data)))
    outcome("TR1:" + b45encode(b"\xd2" + data))


@st.composite
def text_mutation(draw: st.DrawFn) -> str:
    token = draw(st.sampled_from(TOKENS))
    chars = list(token)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "swap"]))
        position = draw(st.integers(0, max(len(chars) - 1, 0)))
        if action == "replace" and chars:
            chars[position] = draw(st.characters() | st.sampled_from(ALPHABET))
        elif action == "insert":
            chars.insert(position, draw(st.characters() | st.sampled_from(ALPHABET)))
        elif action == "delete" and chars:
            del chars[position]
        elif action == "truncate":
            del chars[position:]
        elif action == "swap" and position + 1 < len(chars):
            chars[position], chars[position + 1] = chars[position + 1], chars[position]
    return "".join(chars)


@FUZZ
@given(text_mutation())
def test_mutated_text(text: str) -> None:
    outcome(text)


def _raw(token: str) -> bytes:
    return b45decode(token.split("#", 1)[-1].removeprefix("TR1:"))


@st.composite
def byte_mutation(draw: st.DrawFn) -> str:
    """Mutate the decoded bytes (zlib stream or COSE) and re-encode as valid base45."""
    token = draw(st.sampled_from(TOKENS))
    raw = _raw(token)
    if draw(st.booleans()) and raw[0] & 0x0F == 8:
        raw = zlib.decompress(raw)  # mutate the COSE bytes, then maybe compress again
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "set"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if action == "flip" and data:
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "truncate":
            del data[position:]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete" and data:
            del data[position]
        elif action == "set" and data:
            data[position] = draw(st.sampled_from([0x00, 0x18, 0x1B, 0x5B, 0x9F, 0xBF, 0xFF]))
    body = bytes(data)
    if draw(st.booleans()):
        body = zlib.compress(body)
    return "TR1:" + b45encode(body)


@FUZZ
@given(byte_mutation())
def test_mutated_bytes(text: str) -> None:
    outcome(text)


# Any CBOR value TR1 might meet, including the ones it refuses (floats, tags, simple values).
_cbor_leaves = (
    st.integers(-(2**64), 2**64 - 1)
    | st.text(max_size=30)
    | st.binary(max_size=70)
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=True)
    | st.builds(cbor2.CBORTag, st.sampled_from([0, 1, 2, 3, 18, 24, 32, 55799]), st.integers())
)
_cbor_values = st.recursive(
    _cbor_leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.integers(-70000, 10) | st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _paths(item, (*prefix, index))
    return paths


def _replace_at(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (_replace_at(v, rest, new) if k == head else v) for k, v in value.items()}
    return [(_replace_at(v, rest, new) if i == head else v) for i, v in enumerate(value)]


def _structure(token: str) -> Any:
    raw = _raw(token)
    return cbor2.loads(zlib.decompress(raw) if raw[0] & 0x0F == 8 else raw)


@st.composite
def cose_mutation(draw: st.DrawFn) -> str:
    """Replace one node of the COSE structure, re-encoded as well-formed CBOR."""
    structure = _structure(draw(st.sampled_from(TOKENS)))
    parts = list(structure.value)
    target = draw(st.sampled_from(["envelope", "protected", "unprotected", "payload"]))
    if target == "envelope":
        new = draw(st.sampled_from(_paths(parts)))
        envelope = cbor2.dumps(cbor2.CBORTag(18, _replace_at(parts, new, draw(_cbor_values))))
        return "TR1:" + b45encode(envelope)
    index = {"protected": 0, "unprotected": 1, "payload": 2}[target]
    inner = parts[index] if target == "unprotected" else cbor2.loads(parts[index])
    mutated = _replace_at(inner, draw(st.sampled_from(_paths(inner))), draw(_cbor_values))
    parts[index] = mutated if target == "unprotected" else cbor2.dumps(mutated)
    return "TR1:" + b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, parts))))


@FUZZ
@given(cose_mutation())
def test_mutated_cose_structures(text: str) -> None:
    outcome(text)


@st.composite
def resigned_claims(draw: st.DrawFn) -> str:
    """Mutate the claims and sign them again with the trusted key: the claims parser decides."""
    signer = draw(st.sampled_from([KEYS.ed, KEYS.es]))
    claims = make_vectors.claims_to_cbor_map(
        draw(st.sampled_from(list(make_vectors.typical_claims().values()))),
        now=make_vectors.ISSUED,
    )
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(claims)))
        claims = _replace_at(claims, path, draw(_cbor_values))
    if isinstance(claims, dict) and draw(st.booleans()):
        claims[draw(st.integers(-70000, 10) | st.text(max_size=3))] = draw(_cbor_values)
    payload = cbor2.dumps(claims)
    protected = make_vectors.protected(int(signer.alg), signer.kid)
    envelope = make_vectors.sign1(
        protected, payload, signer.sign(sig_structure(protected, payload))
    )
    return make_vectors.qr_text(envelope, compress=draw(st.booleans()))


@FUZZ
@given(resigned_claims())
def test_resigned_mutated_claims(text: str) -> None:
    result = outcome(text)
    if isinstance(result, VerificationError):
        # The signature held: only the claims, the clock or the status can have failed.
        assert result.code in {
            ErrorCode.CLAIMS_MALFORMED,
            ErrorCode.NOT_YET_VALID,
            ErrorCode.EXPIRED,
            ErrorCode.REVOKED,
            ErrorCode.SUSPENDED,
            ErrorCode.STATUS_UNAVAILABLE,
            ErrorCode.TOO_LARGE,
        }, result
        return
    claims = result.claims
    assert type(claims.issuer) is str
    assert type(claims.subject_name) is str
    assert type(claims.credential_id) is bytes
    assert claims.kind in set(CredentialKind)
    assert claims.achievement.year is None or type(claims.achievement.year) is int


@FUZZ
@given(_cbor_values)
def test_arbitrary_signed_payloads(value: Any) -> None:
    payload = cbor2.dumps(value)
    protected = make_vectors.protected(int(KEYS.ed.alg), KEYS.ed.kid)
    envelope = make_vectors.sign1(
        protected, payload, KEYS.ed.sign(sig_structure(protected, payload))
    )
    result = outcome(make_vectors.qr_text(envelope))
    assert isinstance(result, VerificationError)
    assert result.code in {ErrorCode.CLAIMS_MALFORMED, ErrorCode.TOO_LARGE}
