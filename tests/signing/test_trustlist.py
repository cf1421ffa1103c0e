"""The signed trust list: keys with an issue time and an expiry, refused once stale."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from signing import Algorithm, KeyFormatError, KeyStatus, Signer, TrustList
from signing.keys import b64url, unb64url
from signing.trustlist import read_trust_list, sign_trust_list

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
ISSUER = "https://ccr.example.cn"
SIGNER = Signer.generate(Algorithm.ES256)
OTHER = Signer.generate(Algorithm.EDDSA)


def _trust(*records: object) -> TrustList:
    return TrustList(records or (SIGNER.public_record(),))  # type: ignore[arg-type]


def _signed(trust: TrustList | None = None, *, signer: Signer = SIGNER, **kw: object) -> str:
    options: dict[str, object] = {"issuer": ISSUER, "signer": signer, "now": NOW}
    options["ttl"] = timedelta(days=1)
    options.update(kw)
    return sign_trust_list(trust or _trust(), **options)  # type: ignore[arg-type]


def test_a_signed_trust_list_reads_back_until_it_expires() -> None:
    document = _signed()
    read = read_trust_list(document, now=NOW + timedelta(hours=23))
    assert read.issuer == ISSUER
    assert (read.issued_at, read.expires_at) == (NOW, NOW + timedelta(days=1))
    assert list(read.trust) == [SIGNER.kid]
    with pytest.raises(KeyFormatError, match="expired"):
        read_trust_list(document, now=NOW + timedelta(days=1))


def test_it_may_claim_seven_days_at_most() -> None:
    read_trust_list(_signed(ttl=timedelta(days=7)), now=NOW)
    with pytest.raises(ValueError, match="7 days"):
        _signed(ttl=timedelta(days=8))
    head, body, _ = _signed().split(".")
    payload = json.loads(unb64url(body))
    payload["exp"] = payload["iat"] + 70 * 365 * 86400
    forged = b64url(json.dumps(payload).encode())
    signing_input = f"{head}.{forged}"
    document = f"{signing_input}.{b64url(SIGNER.sign(signing_input.encode()))}"
    with pytest.raises(KeyFormatError, match="more than 7 days"):
        read_trust_list(document, now=NOW)


def test_it_is_signed_by_a_key_it_lists_as_active_and_the_anchor_trusts() -> None:
    with pytest.raises(KeyFormatError, match="unknown key"):
        read_trust_list(_signed(signer=OTHER), now=NOW)  # OTHER is not in the list
    compromised = replace(SIGNER.public_record(), status=KeyStatus.COMPROMISED)
    with pytest.raises(KeyFormatError, match="compromised"):
        read_trust_list(_signed(_trust(compromised)), now=NOW)
    retired = replace(SIGNER.public_record(), status=KeyStatus.RETIRED)
    with pytest.raises(KeyFormatError, match="active"):
        read_trust_list(_signed(_trust(retired)), now=NOW)
    both = _trust(SIGNER.public_record(), OTHER.public_record())
    by_other = _signed(both, signer=OTHER)
    assert len(read_trust_list(by_other, now=NOW).trust) == 2
    with pytest.raises(KeyFormatError, match="unknown key"):
        read_trust_list(by_other, now=NOW, anchor=_trust())  # the anchor knows SIGNER only
    anchor_compromised = _trust(replace(OTHER.public_record(), status=KeyStatus.COMPROMISED))
    with pytest.raises(KeyFormatError, match="compromised"):
        read_trust_list(by_other, now=NOW, anchor=anchor_compromised)


def test_a_changed_byte_breaks_the_signature() -> None:
    head, body, signature = _signed().split(".")
    payload = json.loads(unb64url(body))
    payload["keys"][0]["status"] = "active"
    payload["iss"] = "https://evil.example"
    tampered = f"{head}.{b64url(json.dumps(payload).encode())}.{signature}"
    with pytest.raises(KeyFormatError, match="signature"):
        read_trust_list(tampered, now=NOW)
    with pytest.raises(KeyFormatError, match="typ"):
        read_trust_list(_signed().replace(head, b64url(b'{"alg":"ES256"}')), now=NOW)
