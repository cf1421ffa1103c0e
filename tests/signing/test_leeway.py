"""Clock leeway: skew between issuer and verifier clocks is absorbed, in both directions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from signing import (
    CredentialClaims,
    ErrorCode,
    Signer,
    TrustList,
    VerificationError,
    issue,
    verify,
)
from signing.credential import DEFAULT_LEEWAY
from tests.signing.conftest import NOW

Claims = Callable[..., CredentialClaims]
SECOND = timedelta(seconds=1)


def outcome(text: str, trust: TrustList, now: datetime, **kw: timedelta) -> ErrorCode | None:
    try:
        verify(text, trust=trust, now=now, **kw)
    except VerificationError as exc:
        return exc.code
    return None


def test_default_leeway_is_five_minutes() -> None:
    assert timedelta(minutes=5) == DEFAULT_LEEWAY


def test_expiry_boundary(signer: Signer, trust: TrustList, make_claims: Claims) -> None:
    claims = make_claims(valid_until=NOW + timedelta(days=1))
    text = issue(claims, signer=signer, now=NOW)
    exp = claims.valid_until
    assert outcome(text, trust, exp - SECOND, leeway=timedelta(0)) is None
    assert outcome(text, trust, exp, leeway=timedelta(0)) is ErrorCode.EXPIRED
    assert outcome(text, trust, exp + DEFAULT_LEEWAY - SECOND) is None
    assert outcome(text, trust, exp + DEFAULT_LEEWAY) is ErrorCode.EXPIRED
    assert outcome(text, trust, exp + timedelta(hours=1), leeway=timedelta(hours=2)) is None


def test_not_before_boundary(signer: Signer, trust: TrustList, make_claims: Claims) -> None:
    nbf = NOW + timedelta(days=2)
    text = issue(make_claims(valid_from=nbf), signer=signer, now=NOW)
    assert outcome(text, trust, nbf, leeway=timedelta(0)) is None
    assert outcome(text, trust, nbf - SECOND, leeway=timedelta(0)) is ErrorCode.NOT_YET_VALID
    assert outcome(text, trust, nbf - DEFAULT_LEEWAY) is None
    assert outcome(text, trust, nbf - DEFAULT_LEEWAY - SECOND) is ErrorCode.NOT_YET_VALID


def test_issued_at_counts_when_there_is_no_nbf(
    signer: Signer, trust: TrustList, make_claims: Claims
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW)
    assert outcome(text, trust, NOW - DEFAULT_LEEWAY) is None
    assert outcome(text, trust, NOW - DEFAULT_LEEWAY - SECOND) is ErrorCode.NOT_YET_VALID


def test_nbf_equal_to_iat_is_not_carried(
    signer: Signer, trust: TrustList, make_claims: Claims
) -> None:
    same = issue(make_claims(valid_from=NOW), signer=signer, now=NOW)
    claims = verify(same, trust=trust, now=NOW).claims
    assert claims.valid_from is None
    assert claims.issued_at == NOW
    later = verify(
        issue(make_claims(valid_from=NOW + SECOND), signer=signer, now=NOW),
        trust=trust,
        now=NOW + SECOND,
    )
    assert later.claims.valid_from == NOW + SECOND


def test_key_window_uses_the_same_leeway(signer: Signer, make_claims: Claims) -> None:
    text = issue(make_claims(), signer=signer, now=NOW - timedelta(days=1))
    end = NOW
    trust = TrustList([signer.public_record(not_after=end)])
    assert outcome(text, trust, end + DEFAULT_LEEWAY - SECOND) is None
    assert outcome(text, trust, end + DEFAULT_LEEWAY) is ErrorCode.EXPIRED


@pytest.mark.parametrize("leeway", [timedelta(0), timedelta(hours=1)])
def test_expired_and_not_yet_valid_keep_the_authentic_claims(
    signer: Signer, trust: TrustList, make_claims: Claims, leeway: timedelta
) -> None:
    claims = make_claims(valid_until=NOW + timedelta(days=1))
    text = issue(claims, signer=signer, now=NOW)
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, now=NOW + timedelta(days=3), leeway=leeway)
    assert caught.value.code is ErrorCode.EXPIRED
    assert caught.value.claims is not None
    assert caught.value.claims.achievement == claims.achievement
