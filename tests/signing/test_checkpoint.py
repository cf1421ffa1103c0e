"""Signed audit checkpoints as documents: what verifies, and every way one is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from signing import Algorithm, CheckpointError, KeyStatus, Signer, TrustList
from signing.checkpoint import TYP, read_audit_checkpoint, sign_audit_checkpoint
from signing.keys import b64url, unb64url

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)
ISSUER = "https://ccr.example.cn"
HEAD = "ab" * 32


def _sign(signer: Signer, **overrides: object) -> str:
    claims: dict[str, object] = {"seq": 41, "length": 41, "head_hash": HEAD, **overrides}
    return sign_audit_checkpoint(issuer=ISSUER, signer=signer, now=NOW, **claims)  # type: ignore[arg-type]


def _with_payload(text: str, **changes: object) -> str:
    header, payload, signature = text.split(".")
    claims = json.loads(unb64url(payload))
    claims.update(changes)
    return ".".join([header, b64url(json.dumps(claims).encode()), signature])


@pytest.mark.parametrize("alg", [Algorithm.ES256, Algorithm.EDDSA])
def test_a_checkpoint_verifies_against_its_key(alg: Algorithm) -> None:
    signer = Signer.generate(alg)
    text = _sign(signer)
    header = json.loads(unb64url(text.split(".")[0]))
    assert header == {"alg": alg.jose, "kid": b64url(signer.kid), "typ": TYP}
    checkpoint = read_audit_checkpoint(
        text, trust=TrustList([signer.public_record()]), now=NOW + timedelta(days=400)
    )
    assert (checkpoint.seq, checkpoint.length, checkpoint.head_hash) == (41, 41, HEAD)
    assert checkpoint.issuer == ISSUER
    assert checkpoint.issued_at == NOW
    assert checkpoint.kid == b64url(signer.kid)


def test_a_retired_key_still_verifies_a_compromised_one_does_not() -> None:
    signer = Signer.generate()
    text = _sign(signer)
    retired = TrustList([signer.public_record().with_status(KeyStatus.RETIRED)])
    assert read_audit_checkpoint(text, trust=retired, now=NOW).seq == 41
    compromised = TrustList([signer.public_record().with_status(KeyStatus.COMPROMISED)])
    with pytest.raises(CheckpointError, match="compromised"):
        read_audit_checkpoint(text, trust=compromised, now=NOW)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seq": 40}, "signature is invalid"),
        ({"length": 99}, "signature is invalid"),
        ({"hash": "cd" * 32}, "signature is invalid"),
        ({"iat": 0}, "signature is invalid"),
    ],
)
def test_an_altered_claim_is_refused(change: dict[str, object], message: str) -> None:
    signer = Signer.generate()
    forged = _with_payload(_sign(signer), **change)
    with pytest.raises(CheckpointError, match=message):
        read_audit_checkpoint(forged, trust=TrustList([signer.public_record()]), now=NOW)


def test_a_checkpoint_by_another_key_is_refused() -> None:
    ours, theirs = Signer.generate(), Signer.generate()
    with pytest.raises(CheckpointError, match="unknown key"):
        read_audit_checkpoint(_sign(theirs), trust=TrustList([ours.public_record()]), now=NOW)


def test_malformed_checkpoints_are_refused() -> None:
    signer = Signer.generate()
    trust = TrustList([signer.public_record()])
    text = _sign(signer)
    for bad, message in [
        ("not a jws", "not a compact JWS"),
        ("x" * 5000, "too large"),
        (text, "signed in the future"),
    ]:
        with pytest.raises(CheckpointError, match=message):
            read_audit_checkpoint(bad, trust=trust, now=NOW - timedelta(hours=1))
    header = b64url(json.dumps({"alg": "ES256", "kid": b64url(signer.kid), "typ": "JWT"}).encode())
    with pytest.raises(CheckpointError, match="typ"):
        read_audit_checkpoint(
            header + "." + text.split(".", 1)[1], trust=trust, now=NOW + timedelta(hours=1)
        )


@pytest.mark.parametrize(
    "claims",
    [{"seq": -1, "length": 0}, {"seq": 5, "length": 4}, {"head_hash": "AB" * 32}],
)
def test_nothing_unsound_is_signed(claims: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        _sign(Signer.generate(), **claims)
