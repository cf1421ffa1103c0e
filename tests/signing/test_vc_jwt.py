"""The vc+jwt form: what it carries, and the same stage codes as TR1 for every way it fails."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from signing import (
    Algorithm,
    ErrorCode,
    KeyStatus,
    Signer,
    StatusList,
    StatusLists,
    StatusPurpose,
    TrustList,
    VerificationError,
    is_vc_jwt,
    issue_vc_jwt,
    verify_vc_jwt,
)
from signing.keys import b64url, unb64url
from tests.signing.conftest import ISSUER, NOW

LIST, INDEX = 3, 101_223


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"{ISSUER}/credentials/abc",
        "type": ["VerifiableCredential", "AwardCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "上海市委网信办"},
        "validFrom": "2026-11-01T00:00:00Z",
        "validUntil": "2031-11-01T00:00:00Z",
        "credentialSubject": {"id": f"{ISSUER}/creators/cr_1", "name": "张*"},
        "credentialStatus": [
            {
                "id": f"{ISSUER}/status/{LIST}/{purpose}#{INDEX}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(INDEX),
                "statusListCredential": f"{ISSUER}/status/{LIST}/{purpose}",
            }
            for purpose in ("revocation", "suspension")
        ],
    }
    doc.update(changes)
    return doc


def split(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    head, body, _ = token.split(".")
    return json.loads(unb64url(head)), json.loads(unb64url(body))


def resign(signer: Signer, header: dict[str, Any], payload: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return b64url(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())

    signing_input = part(header) + "." + part(payload)
    return signing_input + "." + b64url(signer.sign(signing_input.encode("ascii")))


def lists(signer: Signer, trust: TrustList, *set_bits: StatusPurpose) -> StatusLists:
    status_list = StatusList(LIST, issuer=ISSUER)
    for purpose in set_bits:
        status_list.set(purpose, INDEX)
    docs = [
        status_list.sign(issuer=ISSUER, signer=signer, now=NOW, ttl=timedelta(hours=6), purpose=p)
        for p in StatusPurpose
    ]
    return StatusLists.from_documents(docs, trust=trust)


def test_the_payload_is_the_document_and_the_header_says_who_and_when(signer: Signer) -> None:
    token = issue_vc_jwt(document(), signer=signer)
    assert is_vc_jwt(token)
    header, payload = split(token)
    assert payload == document()
    assert header == {
        "alg": signer.alg.jose,
        "kid": b64url(signer.kid),
        "typ": "vc+jwt",
        "cty": "vc",
        "iss": ISSUER,
        "iat": 1_793_491_200,  # 2026-11-01T00:00:00Z
        "exp": 1_951_257_600,  # 2031-11-01T00:00:00Z
    }


def test_a_good_token_verifies_with_and_without_status(signer: Signer, trust: TrustList) -> None:
    token = issue_vc_jwt(document(), signer=signer)
    plain = verify_vc_jwt(token, trust=trust, now=NOW)
    assert (plain.issuer, plain.status_checked) == (ISSUER, False)
    assert plain.status is not None
    assert (plain.status.list_id, plain.status.index) == (LIST, INDEX)
    checked = verify_vc_jwt(token, trust=trust, status=lists(signer, trust), now=NOW)
    assert checked.status_checked
    assert checked.document == document()


@pytest.mark.parametrize(
    ("bits", "code"),
    [
        ((StatusPurpose.REVOCATION,), ErrorCode.REVOKED),
        ((StatusPurpose.SUSPENSION,), ErrorCode.SUSPENDED),
        ((StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), ErrorCode.REVOKED),
    ],
)
def test_status_bits_give_the_tr1_codes(
    signer: Signer, trust: TrustList, bits: tuple[StatusPurpose, ...], code: ErrorCode
) -> None:
    token = issue_vc_jwt(document(), signer=signer)
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=trust, status=lists(signer, trust, *bits), now=NOW)
    assert caught.value.code is code


def test_a_missing_list_is_unavailable(signer: Signer, trust: TrustList) -> None:
    token = issue_vc_jwt(document(), signer=signer)
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=trust, status=StatusLists(), now=NOW)
    assert caught.value.code is ErrorCode.STATUS_UNAVAILABLE


def test_open_badges_status_beside_credential_status_is_read(
    signer: Signer, trust: TrustList
) -> None:
    revocation, suspension = document()["credentialStatus"]
    token = issue_vc_jwt(
        document(credentialStatus=revocation, suspensionStatus=suspension), signer=signer
    )
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(
            token, trust=trust, status=lists(signer, trust, StatusPurpose.SUSPENSION), now=NOW
        )
    assert caught.value.code is ErrorCode.SUSPENDED


def test_time_and_key_checks_match_tr1(signer: Signer) -> None:
    token = issue_vc_jwt(document(), signer=signer)
    trust = TrustList([signer.public_record()])
    early = NOW.replace(year=2026, month=10)
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=trust, now=early)
    assert caught.value.code is ErrorCode.NOT_YET_VALID
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=trust, now=NOW.replace(year=2032))
    assert caught.value.code is ErrorCode.EXPIRED
    compromised = TrustList([signer.public_record(status=KeyStatus.COMPROMISED)])
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=compromised, now=NOW)
    assert caught.value.code is ErrorCode.KEY_COMPROMISED
    other = Signer.generate(Algorithm.EDDSA)
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=TrustList([other.public_record()]), now=NOW)
    assert caught.value.code is ErrorCode.KID_UNKNOWN


def test_a_changed_payload_breaks_the_signature(signer: Signer, trust: TrustList) -> None:
    token = issue_vc_jwt(document(), signer=signer)
    head, _, signature = token.split(".")
    other = issue_vc_jwt(document(validUntil="2099-01-01T00:00:00Z"), signer=signer)
    forged = f"{head}.{other.split('.')[1]}.{signature}"
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(forged, trust=trust, now=NOW)
    assert caught.value.code is ErrorCode.SIGNATURE_INVALID


@pytest.mark.parametrize(
    ("header_change", "payload_change", "code"),
    [
        ({"alg": "none"}, {}, ErrorCode.ALG_NOT_ALLOWED),
        ({"typ": "JWT"}, {}, ErrorCode.COSE_MALFORMED),
        ({"crit": ["exp"]}, {}, ErrorCode.COSE_MALFORMED),
        ({"iss": "https://elsewhere.example"}, {}, ErrorCode.CLAIMS_MALFORMED),
        ({"exp": 4_102_444_800}, {}, ErrorCode.CLAIMS_MALFORMED),
        ({}, {"type": ["Something"]}, ErrorCode.CLAIMS_MALFORMED),
        ({}, {"validFrom": "yesterday"}, ErrorCode.CLAIMS_MALFORMED),
        (
            {},
            {"credentialStatus": [{"type": "BitstringStatusListEntry"}]},
            ErrorCode.CLAIMS_MALFORMED,
        ),
    ],
)
def test_well_signed_but_malformed_tokens_fail_at_their_stage(
    signer: Signer,
    trust: TrustList,
    header_change: dict[str, Any],
    payload_change: dict[str, Any],
    code: ErrorCode,
) -> None:
    header, payload = split(issue_vc_jwt(document(), signer=signer))
    header.update(header_change)
    payload.update(payload_change)
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(resign(signer, header, payload), trust=trust, now=NOW)
    assert caught.value.code is code


def test_status_entries_must_agree_on_list_and_index(signer: Signer, trust: TrustList) -> None:
    revocation, suspension = document()["credentialStatus"]
    moved = {**suspension, "statusListIndex": "7"}
    token = issue_vc_jwt(document(credentialStatus=[revocation, moved]), signer=signer)
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(token, trust=trust, now=NOW)
    assert caught.value.code is ErrorCode.CLAIMS_MALFORMED


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("TR1:ABC", ErrorCode.PREFIX_INVALID),
        ("a.b", ErrorCode.PREFIX_INVALID),
        ("e30.e30.e30", ErrorCode.COSE_MALFORMED),
        ("a" * 70_000 + ".b.c", ErrorCode.TOO_LARGE),
    ],
)
def test_garbage_fails_early(text: str, code: ErrorCode, trust: TrustList) -> None:
    with pytest.raises(VerificationError) as caught:
        verify_vc_jwt(text, trust=trust, now=NOW)
    assert caught.value.code is code
