from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from signing import (
    CredentialClaims,
    ErrorCode,
    Signer,
    StatusList,
    StatusLists,
    StatusPurpose,
    TrustList,
    VerificationError,
    issue,
    verify,
)
from tests.signing.conftest import ISSUER, NOW


def test_issue_then_verify_returns_the_claims(
    signer: Signer, trust: TrustList, make_claims: Callable[..., CredentialClaims]
) -> None:
    claims = make_claims()
    text = issue(claims, signer=signer, now=NOW)
    assert text.startswith("TR1:")
    result = verify(text, trust=trust, now=NOW)
    assert result.claims.achievement == claims.achievement
    assert result.claims.subject_name == "张*"
    assert result.kid == signer.kid
    assert result.alg is signer.alg
    assert not result.status_checked


@pytest.mark.parametrize(
    ("purpose", "code"),
    [
        (StatusPurpose.REVOCATION, ErrorCode.REVOKED),
        (StatusPurpose.SUSPENSION, ErrorCode.SUSPENDED),
    ],
)
def test_status_bits_reject_with_their_purpose(
    signer: Signer,
    trust: TrustList,
    make_claims: Callable[..., CredentialClaims],
    purpose: StatusPurpose,
    code: ErrorCode,
) -> None:
    text = issue(make_claims(), signer=signer, now=NOW)
    status_list = StatusList(3, issuer=ISSUER)
    doc = status_list.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=timedelta(days=1))
    assert verify(text, trust=trust, status=StatusLists.from_documents([doc], trust=trust), now=NOW)
    status_list.set(purpose, 101_223)
    doc = status_list.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=timedelta(days=1))
    with pytest.raises(VerificationError) as caught:
        verify(text, trust=trust, status=StatusLists.from_documents([doc], trust=trust), now=NOW)
    assert caught.value.code is code
    assert caught.value.claims is not None  # authentic, but not valid now
