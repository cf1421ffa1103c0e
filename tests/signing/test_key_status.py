"""Key status in the trust list: active signs, retired verifies only, compromised rejects all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from signing import (
    CredentialClaims,
    ErrorCode,
    KeyStatus,
    Signer,
    TrustList,
    VerificationError,
    issue,
    verify,
)
from signing.keys import b64url
from tests.signing.conftest import NOW

Claims = Callable[..., CredentialClaims]


def code_of(text: str, trust: TrustList, **kw: object) -> ErrorCode | None:
    try:
        verify(text, trust=trust, now=kw.pop("now", NOW), **kw)  # type: ignore[arg-type]
    except VerificationError as exc:
        return exc.code
    return None


@pytest.mark.parametrize("status", [KeyStatus.ACTIVE, KeyStatus.RETIRED])
def test_active_and_retired_keys_verify(
    signer: Signer, make_claims: Claims, status: KeyStatus
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW)
    result = verify(text, trust=TrustList([signer.public_record(status=status)]), now=NOW)
    assert result.key_status is status
    assert result.kid == signer.kid


def test_compromised_key_rejects_what_it_signed_before(signer: Signer, make_claims: Claims) -> None:
    # Signed a year before the compromise was discovered: still rejected, whatever the date.
    text = issue(make_claims(), signer=signer, now=NOW - timedelta(days=365))
    trust = TrustList([signer.public_record(status=KeyStatus.COMPROMISED)])
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, now=NOW)
    assert caught.value.code is ErrorCode.KEY_COMPROMISED
    assert caught.value.kid == signer.kid
    assert caught.value.claims is None  # nothing signed by that key is vouched for


def test_compromised_key_is_reported_even_for_a_broken_signature(
    signer: Signer, make_claims: Claims
) -> None:
    other = Signer.generate(signer.alg)
    forged = issue(make_claims(), signer=other, now=NOW)
    # Relabel the forgery with the compromised key's kid: rejected as compromised all the same.
    trust = TrustList([signer.public_record(status=KeyStatus.COMPROMISED)])
    relabelled = _relabel(forged, signer)
    assert code_of(relabelled, trust) is ErrorCode.KEY_COMPROMISED
    assert code_of(relabelled, TrustList([signer.public_record()])) is (ErrorCode.SIGNATURE_INVALID)


def test_compromising_one_key_leaves_the_others(signer: Signer, make_claims: Claims) -> None:
    successor = Signer.generate(signer.alg)
    trust = TrustList(
        [signer.public_record(status=KeyStatus.COMPROMISED), successor.public_record()]
    )
    assert code_of(issue(make_claims(), signer=successor, now=NOW), trust) is None
    assert code_of(issue(make_claims(), signer=signer, now=NOW), trust) is (
        ErrorCode.KEY_COMPROMISED
    )


def test_key_validity_window(signer: Signer, make_claims: Claims) -> None:
    text = issue(make_claims(), signer=signer, now=NOW - timedelta(days=30))
    not_yet = TrustList([signer.public_record(not_before=NOW + timedelta(days=1))])
    assert code_of(text, not_yet) is ErrorCode.NOT_YET_VALID
    ended = TrustList([signer.public_record(not_after=NOW - timedelta(days=1))])
    assert code_of(text, ended) is ErrorCode.EXPIRED
    inside = TrustList(
        [
            signer.public_record(
                not_before=NOW - timedelta(days=60), not_after=NOW + timedelta(days=1)
            )
        ]
    )
    assert code_of(text, inside) is None


def test_key_validity_comes_from_the_jwks(signer: Signer, make_claims: Claims) -> None:
    text = issue(make_claims(), signer=signer, now=NOW)
    jwk = signer.public_record().to_jwk()
    jwk["exp"] = int((NOW - timedelta(hours=1)).timestamp())
    assert code_of(text, TrustList.from_jwks({"keys": [jwk]})) is ErrorCode.EXPIRED
    jwk["status"] = "compromised"
    assert code_of(text, TrustList.from_jwks({"keys": [jwk]})) is ErrorCode.KEY_COMPROMISED


def test_unknown_kid_reports_the_token_kid(signer: Signer, make_claims: Claims) -> None:
    stranger = Signer.generate(signer.alg)
    text = issue(make_claims(), signer=stranger, now=NOW)
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=TrustList([signer.public_record()]), now=NOW)
    assert caught.value.code is ErrorCode.KID_UNKNOWN
    assert caught.value.kid == stranger.kid
    assert b64url(stranger.kid) not in caught.value.message  # the message never echoes input


def _relabel(text: str, signer: Signer) -> str:
    """Put ``signer``'s alg and kid in the protected header, keeping the old signature."""
    import zlib

    import cbor2

    from signing.base45 import b45decode, b45encode
    from signing.cose import parse_sign1, protected_header

    raw = b45decode(text.removeprefix("TR1:"))
    sign1 = parse_sign1(zlib.decompress(raw) if raw[0] & 0x0F == 8 else raw)
    envelope = cbor2.dumps(
        cbor2.CBORTag(
            18,
            [protected_header(int(signer.alg), signer.kid), {}, sign1.payload, sign1.signature],
        )
    )
    return "TR1:" + b45encode(envelope)
