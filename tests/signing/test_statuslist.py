"""W3C Bitstring Status List: bit order, size, random allocation, signed documents, staleness."""

from __future__ import annotations

import base64
import gzip
import json
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from signing import (
    Algorithm,
    CredentialClaims,
    ErrorCode,
    KeyStatus,
    Signer,
    StatusList,
    StatusListError,
    StatusLists,
    StatusPurpose,
    StatusReference,
    TrustList,
    VerificationError,
    allocate_index,
    issue,
    verify,
)
from signing.keys import b64url, unb64url
from signing.statuslist import MIN_LIST_SIZE, decode_bitstring, encode_bitstring
from tests.signing.conftest import ISSUER, NOW

TTL = timedelta(hours=6)


def independent_bits(encoded_list: str) -> bytes:
    """Decode an encodedList with the standard library only: multibase 'u', base64url, GZIP."""
    assert encoded_list[0] == "u"
    data = encoded_list[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def split_jws(document: str) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    header, payload, signature = document.split(".")
    return json.loads(unb64url(header)), json.loads(unb64url(payload)), unb64url(signature)


def resign(signer: Signer, header: dict[str, Any], payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return b64url(json.dumps(value, separators=(",", ":")).encode())

    signing_input = part(header) + "." + part(payload)
    return signing_input + "." + b64url(signer.sign(signing_input.encode("ascii")))


# --- bit order and size ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "byte", "value"),
    [(0, 0, 0x80), (1, 0, 0x40), (7, 0, 0x01), (8, 1, 0x80), (131_071, 16_383, 0x01)],
)
def test_index_zero_is_the_leftmost_bit(index: int, byte: int, value: int) -> None:
    # W3C Bitstring Status List §3.2: "the first index, with a value of zero, is located at
    # the left-most bit in the bitstring".
    status_list = StatusList(1)
    status_list.set(StatusPurpose.REVOCATION, index)
    bits = status_list.bitstring(StatusPurpose.REVOCATION)
    assert bits[byte] == value
    assert sum(bits) == value
    assert status_list.bitstring(StatusPurpose.SUSPENSION) == bytes(MIN_LIST_SIZE // 8)


def test_signed_document_keeps_the_bit_order(signer: Signer) -> None:
    status_list = StatusList(7, issuer=ISSUER)
    status_list.set(StatusPurpose.SUSPENSION, 9)
    _, payload, _ = split_jws(status_list.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL))
    subjects = {s["statusPurpose"]: s for s in payload["credentialSubject"]}
    suspension = independent_bits(subjects["suspension"]["encodedList"])
    assert suspension[1] == 0x40  # index 9: second byte, second bit from the left
    assert independent_bits(subjects["revocation"]["encodedList"]) == bytes(len(suspension))


def test_set_and_clear() -> None:
    status_list = StatusList(1)
    status_list.set(StatusPurpose.SUSPENSION, 12_345)
    assert status_list.is_set(StatusPurpose.SUSPENSION, 12_345)
    assert not status_list.is_set(StatusPurpose.REVOCATION, 12_345)
    assert not status_list.is_set(StatusPurpose.SUSPENSION, 12_344)
    status_list.set(StatusPurpose.SUSPENSION, 12_345, False)
    assert not status_list.is_set(StatusPurpose.SUSPENSION, 12_345)


@pytest.mark.parametrize("size", [0, 8, MIN_LIST_SIZE - 8, MIN_LIST_SIZE + 1, 2**27 + 8])
def test_list_sizes_below_herd_privacy_or_ragged_are_refused(size: int) -> None:
    with pytest.raises(StatusListError):
        StatusList(1, size=size)


def test_default_size_is_at_least_131072() -> None:
    assert StatusList(1).size == MIN_LIST_SIZE == 131_072
    assert StatusList(1, size=2 * MIN_LIST_SIZE).size == 262_144


@pytest.mark.parametrize("index", [-1, MIN_LIST_SIZE])
def test_index_outside_the_list_is_refused(index: int) -> None:
    with pytest.raises(StatusListError):
        StatusList(1).is_set(StatusPurpose.REVOCATION, index)


def test_bitstring_codec_round_trip_and_limits() -> None:
    bits = bytes(random.Random(5).randbytes(MIN_LIST_SIZE // 8))
    encoded = encode_bitstring(bits)
    assert encoded.startswith("u")
    assert decode_bitstring(encoded) == independent_bits(encoded) == bits
    with pytest.raises(StatusListError):
        decode_bitstring(encoded, max_bytes=len(bits) - 1)
    with pytest.raises(StatusListError):
        decode_bitstring("z" + encoded[1:])  # base58btc prefix
    with pytest.raises(StatusListError):
        decode_bitstring(encoded[:-10])  # truncated GZIP
    with pytest.raises(StatusListError):
        decode_bitstring("u" + b64url(b"not gzip"))


# --- random allocation -------------------------------------------------------------------------


def test_allocator_never_returns_a_used_index() -> None:
    used = set(range(0, MIN_LIST_SIZE, 2))  # half the list
    rng = random.Random(11)
    drawn = [
        allocate_index(used.__contains__, randbelow=rng.randrange, attempts=64)
        for _ in range(2_000)
    ]
    assert not used.intersection(drawn)
    assert all(0 <= index < MIN_LIST_SIZE for index in drawn)


def test_allocator_skips_used_draws_in_order() -> None:
    draws = iter([5, 5, 9, 7])
    assert allocate_index({5, 9}.__contains__, randbelow=lambda n: next(draws)) == 7


def test_allocator_is_random_not_sequential() -> None:
    taken: set[int] = set()
    for _ in range(200):
        taken.add(allocate_index(taken.__contains__))
    assert len(taken) == 200
    ordered = sorted(taken)
    # Sequential allocation would give 0..199; uniform draws spread over the whole list.
    assert ordered[-1] > MIN_LIST_SIZE // 2
    assert ordered != list(range(ordered[0], ordered[0] + 200))


def test_allocator_gives_up_when_the_list_is_full() -> None:
    with pytest.raises(StatusListError, match="full"):
        allocate_index(lambda index: True, attempts=10)


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, 63), max_size=63), st.randoms(use_true_random=False))
def test_allocator_property(used: set[int], rng: random.Random) -> None:
    try:
        index = allocate_index(used.__contains__, size=64, randbelow=rng.randrange, attempts=500)
    except StatusListError:
        return
    assert index not in used
    assert 0 <= index < 64


# --- signed documents --------------------------------------------------------------------------


def test_document_is_a_vc_jwt_with_both_purposes(signer: Signer, trust: TrustList) -> None:
    document = StatusList(3, issuer=ISSUER).sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    header, payload, signature = split_jws(document)
    assert header == {"alg": signer.alg.jose, "kid": b64url(signer.kid), "typ": "vc+jwt"}
    assert payload["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert payload["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert payload["id"] == f"{ISSUER}/status/3"
    assert payload["issuer"] == ISSUER
    assert payload["validFrom"] == "2026-11-22T09:30:00Z"
    assert payload["validUntil"] == "2026-11-22T15:30:00Z"
    assert sorted(s["statusPurpose"] for s in payload["credentialSubject"]) == [
        "revocation",
        "suspension",
    ]
    assert all(s["type"] == "BitstringStatusList" for s in payload["credentialSubject"])
    assert len(signature) == 64
    loaded = StatusList.from_document(document, trust=trust)
    assert (loaded.list_id, loaded.size, loaded.issuer) == (3, MIN_LIST_SIZE, ISSUER)
    assert loaded.valid_until == NOW + TTL


def test_document_signature_is_checked(signer: Signer, trust: TrustList) -> None:
    status_list = StatusList(3, issuer=ISSUER)
    document = status_list.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    status_list.set(StatusPurpose.REVOCATION, 42)
    revoked = status_list.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    # Splice the revoked list's payload under the clean list's signature, and vice versa.
    h, p, s = document.split(".")
    h2, p2, s2 = revoked.split(".")
    for forged in (f"{h}.{p2}.{s}", f"{h2}.{p}.{s2}"):
        with pytest.raises(StatusListError, match="signature"):
            StatusList.from_document(forged, trust=trust)
    # The untouched documents load, with the bit where it was set.
    assert StatusList.from_document(revoked, trust=trust).is_set(StatusPurpose.REVOCATION, 42)
    assert not StatusList.from_document(document, trust=trust).is_set(StatusPurpose.REVOCATION, 42)


def test_tampered_payload_is_rejected(signer: Signer, trust: TrustList) -> None:
    document = StatusList(3, issuer=ISSUER).sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    h, p, s = document.split(".")
    payload = json.loads(unb64url(p))
    payload["validUntil"] = "2099-01-01T00:00:00Z"
    forged = h + "." + b64url(json.dumps(payload, separators=(",", ":")).encode()) + "." + s
    with pytest.raises(StatusListError, match="signature"):
        StatusList.from_document(forged, trust=trust)


def test_documents_from_unknown_or_compromised_keys_are_rejected(signer: Signer) -> None:
    document = StatusList(3, issuer=ISSUER).sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    other = Signer.generate(Algorithm.EDDSA)
    with pytest.raises(StatusListError, match="unknown key"):
        StatusList.from_document(document, trust=TrustList([other.public_record()]))
    compromised = TrustList([signer.public_record(status=KeyStatus.COMPROMISED)])
    with pytest.raises(StatusListError, match="compromised"):
        StatusList.from_document(document, trust=compromised)
    retired = TrustList([signer.public_record(status=KeyStatus.RETIRED)])
    assert StatusList.from_document(document, trust=retired).list_id == 3


@pytest.mark.parametrize(
    ("header_change", "payload_change", "match"),
    [
        ({"alg": "none"}, {}, "alg"),
        ({"alg": "HS256"}, {}, "alg"),
        ({"crit": ["exp"]}, {}, "critical"),
        ({"kid": 7}, {}, "unknown key"),
        ({}, {"type": ["VerifiableCredential"]}, "BitstringStatusListCredential"),
        ({}, {"type": "xBitstringStatusListCredentialx"}, "BitstringStatusListCredential"),
        ({}, {"id": "https://ccr.example.cn/status/3a"}, "integer"),
        ({}, {"id": "https://ccr.example.cn/status/٣"}, "integer"),
        ({}, {"validUntil": None}, "validUntil"),
        ({}, {"validUntil": "tomorrow"}, "date"),
        ({}, {"validUntil": "2026-11-23T00:00:00"}, "time zone"),
        ({}, {"validFrom": None}, "validFrom"),
        ({}, {"validUntil": "2096-11-22T09:30:00Z"}, "more than 7 days"),
        ({}, {"credentialSubject": {}}, "credentialSubject"),
    ],
)
def test_malformed_but_well_signed_documents_are_rejected(
    signer: Signer,
    trust: TrustList,
    header_change: dict[str, Any],
    payload_change: dict[str, Any],
    match: str,
) -> None:
    document = StatusList(3, issuer=ISSUER).sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    header, payload, _ = split_jws(document)
    header.update(header_change)
    payload.update(payload_change)
    with pytest.raises(StatusListError, match=match):
        StatusList.from_document(resign(signer, header, payload), trust=trust)


def test_a_list_must_carry_both_purposes_once(signer: Signer, trust: TrustList) -> None:
    document = StatusList(3, issuer=ISSUER).sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    header, payload, _ = split_jws(document)
    revocation = payload["credentialSubject"][0]
    for subjects in ([revocation], [revocation, revocation]):
        payload["credentialSubject"] = subjects
        with pytest.raises(StatusListError):
            StatusList.from_document(resign(signer, header, payload), trust=trust)


@pytest.mark.parametrize("document", ["", "a.b", "a.b.c.d", "!!.!!.!!", "e30.e30.", "ü.ü.ü"])
def test_garbage_documents_raise_status_list_error(document: str, trust: TrustList) -> None:
    with pytest.raises(StatusListError):
        StatusList.from_document(document, trust=trust)


# --- status in verification --------------------------------------------------------------------


def lists_for(signer: Signer, trust: TrustList, status_list: StatusList, **kw: Any) -> StatusLists:
    options: dict[str, Any] = {"issuer": ISSUER, "signer": signer, "now": NOW, "ttl": TTL}
    options.update(kw)
    return StatusLists.from_documents([status_list.sign(**options)], trust=trust)


def test_suspension_is_reversible(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW)
    status_list = StatusList(3, issuer=ISSUER)
    status_list.set(StatusPurpose.SUSPENSION, 101_223)
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, status=lists_for(signer, trust, status_list), now=NOW)
    assert caught.value.code is ErrorCode.SUSPENDED
    status_list.set(StatusPurpose.SUSPENSION, 101_223, False)
    result = verify(text, trust=trust, status=lists_for(signer, trust, status_list), now=NOW)
    assert result.status_checked


def test_stale_list_is_unavailable(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW - timedelta(days=3))
    lists = lists_for(signer, trust, StatusList(3, issuer=ISSUER), now=NOW - timedelta(days=1))
    # Fresh until validUntil, unavailable from that instant on (no leeway on freshness).
    verify(
        text, trust=trust, status=lists, now=NOW - timedelta(days=1) + TTL - timedelta(seconds=1)
    )
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, status=lists, now=NOW - timedelta(days=1) + TTL)
    assert caught.value.code is ErrorCode.STATUS_UNAVAILABLE
    assert caught.value.claims is not None


@pytest.mark.parametrize(
    ("list_id", "issuer", "reference"),
    [
        (4, ISSUER, StatusReference(3, 101_223)),
        (3, "https://other.example.cn", StatusReference(3, 101_223)),
        (3, ISSUER, StatusReference(3, MIN_LIST_SIZE)),
    ],
    ids=["missing list", "other issuer", "index outside"],
)
def test_unusable_lists_are_unavailable(
    signer: Signer,
    trust: TrustList,
    make_claims: Callable[..., CredentialClaims],
    list_id: int,
    issuer: str,
    reference: StatusReference,
) -> None:
    text = issue(make_claims(status=reference), signer=signer, now=NOW)
    lists = lists_for(signer, trust, StatusList(list_id, issuer=issuer), issuer=issuer)
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, status=lists, now=NOW)
    assert caught.value.code is ErrorCode.STATUS_UNAVAILABLE


def test_credential_without_status_reference_passes_a_status_check(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    text = issue(make_claims(status=None), signer=signer, now=NOW)
    lists = lists_for(signer, trust, StatusList(3, issuer=ISSUER))
    assert verify(text, trust=trust, status=lists, now=NOW).status_checked


def test_a_list_is_fresh_for_seven_days_at_most(signer: Signer, trust: TrustList) -> None:
    week = StatusList(3, issuer=ISSUER).sign(
        issuer=ISSUER, signer=signer, now=NOW, ttl=timedelta(days=7)
    )
    assert StatusList.from_document(week, trust=trust).valid_until == NOW + timedelta(days=7)
    with pytest.raises(ValueError, match="7 days"):
        StatusList(3, issuer=ISSUER).sign(
            issuer=ISSUER, signer=signer, now=NOW, ttl=timedelta(days=7, seconds=1)
        )


def test_the_freshest_copy_of_a_list_wins_whatever_the_order(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW - timedelta(days=3))
    revoked = StatusList(3, issuer=ISSUER)
    revoked.set(StatusPurpose.REVOCATION, 101_223)
    newer = revoked.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=TTL)
    older = StatusList(3, issuer=ISSUER).sign(
        issuer=ISSUER, signer=signer, now=NOW - timedelta(hours=1), ttl=TTL
    )
    for order in ([newer, older], [older, newer]):
        lists = StatusLists.from_documents(order, trust=trust)
        with pytest.raises(VerificationError) as caught:
            verify(text, trust=trust, status=lists, now=NOW)
        assert caught.value.code is ErrorCode.REVOKED


# --- one document per purpose (Bitstring Status List v1.0 §2.2) --------------------------------


def halves(signer: Signer, status_list: StatusList, **kw: Any) -> dict[StatusPurpose, str]:
    options: dict[str, Any] = {"issuer": ISSUER, "signer": signer, "now": NOW, "ttl": TTL}
    options.update(kw)
    return {purpose: status_list.sign(purpose=purpose, **options) for purpose in StatusPurpose}


@pytest.mark.parametrize("purpose", list(StatusPurpose))
def test_a_one_purpose_document_has_one_subject_iss_and_validity(
    signer: Signer, purpose: StatusPurpose
) -> None:
    status_list = StatusList(3, issuer=ISSUER)
    status_list.set(purpose, 42)
    header, payload, _ = split_jws(halves(signer, status_list)[purpose])
    url = f"{ISSUER}/status/3/{purpose.value}"
    assert header == {
        "alg": signer.alg.jose,
        "kid": b64url(signer.kid),
        "typ": "vc+jwt",
        "iss": ISSUER,
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + TTL).timestamp()),
    }
    # The payload is the credential itself, nothing beside it (VC-JOSE-COSE).
    assert "iss" not in payload
    assert (payload["issuer"], payload["id"]) == (ISSUER, url)
    subject = payload["credentialSubject"]
    assert subject["id"] == f"{url}#list"
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", purpose.value)
    bits = independent_bits(subject["encodedList"])
    assert bits[42 >> 3] == 0x80 >> (42 & 7)
    assert sum(bits) == 0x80 >> (42 & 7)


def test_the_two_halves_make_one_list_and_one_half_is_not_enough(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW)
    status_list = StatusList(3, issuer=ISSUER)
    status_list.set(StatusPurpose.SUSPENSION, 101_223)
    docs = halves(signer, status_list)
    lists = StatusLists.from_documents(docs.values(), trust=trust)
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, status=lists, now=NOW)
    assert caught.value.code is ErrorCode.SUSPENDED
    for alone in docs.values():
        only = StatusLists.from_documents([alone], trust=trust)
        assert len(only) == 0
        with pytest.raises(VerificationError) as caught:
            verify(text, trust=trust, status=only, now=NOW)
        assert caught.value.code is ErrorCode.STATUS_UNAVAILABLE
        with pytest.raises(StatusListError, match="revocation and suspension"):
            StatusList.from_document(alone, trust=trust)


def test_a_newer_half_overrides_an_older_combined_copy(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    # During the transition a verifier may hold the combined document of yesterday and the
    # one-purpose documents of today: per purpose, the freshest counts.
    text = issue(make_claims(), signer=signer, now=NOW - timedelta(days=3))
    clean = StatusList(3, issuer=ISSUER)
    combined = clean.sign(issuer=ISSUER, signer=signer, now=NOW - timedelta(hours=2), ttl=TTL)
    revoked = StatusList(3, issuer=ISSUER)
    revoked.set(StatusPurpose.REVOCATION, 101_223)
    newer = halves(signer, revoked)[StatusPurpose.REVOCATION]
    for order in ([combined, newer], [newer, combined]):
        lists = StatusLists.from_documents(order, trust=trust)
        assert lists[3].valid_until == NOW - timedelta(hours=2) + TTL  # fresh while both are
        with pytest.raises(VerificationError) as caught:
            verify(text, trust=trust, status=lists, now=NOW)
        assert caught.value.code is ErrorCode.REVOKED


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"id": f"{ISSUER}/status/3/suspension"}, "differs from the list's address"),
        ({"id": f"{ISSUER}/status/3"}, "ending in its purpose"),
        ({"id": f"{ISSUER}/status/x/revocation"}, "integer"),
        ({"credentialSubject": "u"}, "credentialSubject"),
    ],
)
def test_a_half_must_sit_at_its_own_address(
    signer: Signer, trust: TrustList, change: dict[str, Any], match: str
) -> None:
    header, payload, _ = split_jws(halves(signer, StatusList(3))[StatusPurpose.REVOCATION])
    payload.update(change)
    with pytest.raises(StatusListError, match=match):
        StatusLists.from_documents([resign(signer, header, payload)], trust=trust)


def test_halves_of_other_sizes_or_issuers_make_no_list(signer: Signer, trust: TrustList) -> None:
    small = halves(signer, StatusList(3))[StatusPurpose.REVOCATION]
    large = halves(signer, StatusList(3, size=2 * MIN_LIST_SIZE))[StatusPurpose.SUSPENSION]
    assert len(StatusLists.from_documents([small, large], trust=trust)) == 0
    other = halves(signer, StatusList(3), issuer="https://other.example.cn")
    mixed = [small, other[StatusPurpose.SUSPENSION]]
    assert len(StatusLists.from_documents(mixed, trust=trust)) == 0
