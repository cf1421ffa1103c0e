"""The CWT claims map: what the issuer writes, and what the strict parser accepts."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from signing import CredentialClaims, IssuanceError, Signer, issue
from signing.claims import TR1_CLAIM, ClaimsError, claims_from_cbor_map, claims_to_cbor_map
from tests.signing.conftest import ISSUER, NOW

Claims = Callable[..., CredentialClaims]


def test_map_layout(make_claims: Claims) -> None:
    cwt = claims_to_cbor_map(make_claims(), now=NOW)
    assert set(cwt) == {1, 4, 6, 7, TR1_CLAIM}
    assert cwt[1] == ISSUER
    assert cwt[6] == int(NOW.timestamp())
    private = cwt[TR1_CLAIM]
    assert private[1] == 3
    assert private[4] == {1: "4-13-01-05", 2: "L3", 3: "AV", 7: "S000031000123261300042"}
    assert private[5] == [3, 101_223]


def test_round_trip(make_claims: Claims) -> None:
    claims = make_claims(valid_from=NOW + timedelta(days=1))
    parsed = claims_from_cbor_map(claims_to_cbor_map(claims, now=NOW))
    assert parsed.achievement == claims.achievement
    assert parsed.valid_from == claims.valid_from
    assert parsed.issued_at == NOW
    assert parsed.status == claims.status


def _mutated(make_claims: Claims, change: Callable[[dict[Any, Any]], None]) -> dict[Any, Any]:
    cwt = copy.deepcopy(claims_to_cbor_map(make_claims(), now=NOW))
    change(cwt)
    return cwt


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda c: c.update({5: None}), "nbf null instead of absent"),
        (lambda c: c[TR1_CLAIM].update({6: None}), "organisation null"),
        (lambda c: c[TR1_CLAIM].update({5: None}), "status null"),
        (lambda c: c[TR1_CLAIM][4].update({2: None}), "level null"),
        (lambda c: c[TR1_CLAIM][4].update({5: True}), "year true"),
        (lambda c: c[TR1_CLAIM][4].update({5: -1}), "negative year"),
        (lambda c: c[TR1_CLAIM].update({5: [3, True]}), "index true"),
        (lambda c: c[TR1_CLAIM].update({5: [3, None]}), "index null"),
        (lambda c: c[TR1_CLAIM].update({5: (3, 7)}), "status as a tuple, not a CBOR array"),
        (lambda c: c[TR1_CLAIM].update({1: 3.0}), "kind as a float"),
        (lambda c: c[TR1_CLAIM].update({1: [3]}), "kind as an array"),
        (lambda c: c[TR1_CLAIM].update({1: 0}), "kind 0"),
        (lambda c: c[TR1_CLAIM].pop(2), "no subject id"),
        (lambda c: c[TR1_CLAIM].pop(4), "no achievement"),
        (lambda c: c.update({1: None}), "iss null"),
        (lambda c: c.update({4: -5}), "negative exp"),
        (lambda c: c.update({4: 2**70}), "exp beyond any calendar"),
        (lambda c: c.update({7: b""}), "empty cti"),
        (lambda c: c.update({7: bytes(33)}), "cti of 33 bytes"),
        (lambda c: c.update({7: "id"}), "cti as text"),
        (lambda c: c.update({True: c.pop(1)}), "iss keyed by true"),
        (lambda c: c[TR1_CLAIM][4].update({9: "x"}), "unknown achievement key"),
        (lambda c: c[TR1_CLAIM][4].update({"1": "x"}), "text key"),
    ],
)
def test_invalid_claims_are_refused(
    make_claims: Claims, change: Callable[[dict[Any, Any]], None], why: str
) -> None:
    with pytest.raises(ClaimsError):
        claims_from_cbor_map(_mutated(make_claims, change))


@pytest.mark.parametrize("length", [1, 200])
def test_text_length_limits_accept(make_claims: Claims, length: int) -> None:
    def change(c: dict[Any, Any]) -> None:
        c[TR1_CLAIM][4][8] = "长" * length

    assert claims_from_cbor_map(_mutated(make_claims, change)).achievement.title == "长" * length


def test_issue_refuses_claims_the_parser_would_refuse(signer: Signer, make_claims: Claims) -> None:
    with pytest.raises(IssuanceError) as caught:
        issue(make_claims(subject_name=""), signer=signer, now=NOW)
    assert caught.value.code == "CLAIMS_MALFORMED"
    with pytest.raises(IssuanceError) as caught:
        issue(make_claims(credential_id=bytes(40)), signer=signer, now=NOW)
    assert caught.value.code == "CLAIMS_MALFORMED"


def test_issue_refuses_an_already_expired_credential(signer: Signer, make_claims: Claims) -> None:
    with pytest.raises(IssuanceError) as caught:
        issue(make_claims(valid_until=NOW), signer=signer, now=NOW)
    assert caught.value.code == "EXPIRED"
