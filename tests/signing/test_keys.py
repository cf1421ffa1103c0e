"""Keys: kid = RFC 7638 thumbprint, JWK/JWKS round trips, PEM files, key status and validity."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from signing import Algorithm, KeyFormatError, KeyStatus, PublicKeyRecord, Signer, TrustList
from signing.keys import b64url, compute_kid
from tests.fixtures import make_vectors


def thumbprint(members: dict[str, str]) -> bytes:
    """RFC 7638 §3 spelled out: required members only, sorted, no whitespace, UTF-8, SHA-256."""
    if members["kty"] == "EC":
        text = (
            '{"crv":"'
            + members["crv"]
            + '","kty":"EC","x":"'
            + members["x"]
            + '","y":"'
            + members["y"]
            + '"}'
        )
    else:
        text = '{"crv":"' + members["crv"] + '","kty":"OKP","x":"' + members["x"] + '"}'
    return hashlib.sha256(text.encode("utf-8")).digest()


def raw_public_jwk(signer: Signer) -> dict[str, str]:
    """The public JWK computed from the PEM with cryptography alone, not with signing.keys."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    key = serialization.load_pem_private_key(signer.to_pem(), password=None)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return {"kty": "OKP", "crv": "Ed25519", "x": b64(raw)}
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    numbers = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64(numbers.x.to_bytes(32, "big")),
        "y": b64(numbers.y.to_bytes(32, "big")),
    }


def test_rfc_8037_thumbprint_example() -> None:
    # RFC 8037 Appendix A.3: the Ed25519 key of A.2 has this RFC 7638 thumbprint.
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    expected = base64.urlsafe_b64decode("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k=")
    assert compute_kid(jwk) == expected[:8]
    assert thumbprint(jwk) == expected


@pytest.mark.parametrize("alg", list(Algorithm), ids=lambda a: a.jose)
def test_kid_is_the_first_8_bytes_of_the_rfc_7638_thumbprint(alg: Algorithm) -> None:
    signer = Signer.generate(alg)
    jwk = raw_public_jwk(signer)
    assert signer.jwk == jwk
    assert signer.kid == thumbprint(jwk)[:8]
    assert len(signer.kid) == 8


def test_thumbprint_ignores_other_members() -> None:
    signer = Signer.generate(Algorithm.ES256)
    decorated: dict[str, Any] = {**signer.jwk, "kid": "x", "alg": "ES256", "use": "sig"}
    assert compute_kid(decorated) == signer.kid


def test_committed_test_keys_have_their_documented_kids() -> None:
    readme = (make_vectors.KEYS_DIR / "README.md").read_text(encoding="utf-8")
    for name in ("test-ed25519-1", "test-es256-1", "test-ed25519-2"):
        signer = Signer.from_pem((make_vectors.KEYS_DIR / f"{name}.pem").read_bytes())
        assert f"`{b64url(signer.kid)}`" in readme
        assert signer.kid == thumbprint(raw_public_jwk(signer))[:8]


@pytest.mark.parametrize("alg", list(Algorithm), ids=lambda a: a.jose)
def test_jwk_round_trip(alg: Algorithm) -> None:
    signer = Signer.generate(alg)
    record = signer.public_record(
        status=KeyStatus.RETIRED,
        not_before=datetime(2026, 1, 1, tzinfo=UTC),
        not_after=datetime(2030, 1, 1, tzinfo=UTC),
    )
    jwk = record.to_jwk()
    assert jwk["kid"] == b64url(signer.kid)
    assert jwk["alg"] == alg.jose
    assert jwk["use"] == "sig"
    assert jwk["status"] == "retired"
    assert jwk["nbf"] == 1767225600
    assert jwk["exp"] == 1893456000
    again = PublicKeyRecord.from_jwk(json.loads(json.dumps(jwk)))
    assert again == record
    assert (again.not_before, again.not_after) == (record.not_before, record.not_after)


def test_jwks_round_trip_keeps_every_key() -> None:
    signers = [Signer.generate(Algorithm.ES256), Signer.generate(Algorithm.EDDSA)]
    trust = TrustList([s.public_record() for s in signers])
    text = json.dumps(trust.to_jwks())
    again = TrustList.from_jwks(text)
    assert set(again) == {s.kid for s in signers}
    assert TrustList.from_jwks(text.encode()).to_jwks() == trust.to_jwks()
    for signer in signers:
        assert again[signer.kid].alg is signer.alg
        assert again[signer.kid].status is KeyStatus.ACTIVE


def test_missing_status_means_active() -> None:
    signer = Signer.generate(Algorithm.EDDSA)
    assert PublicKeyRecord.from_jwk(dict(signer.jwk)).status is KeyStatus.ACTIVE


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"kid": "AAAAAAAAAAA"}, "kid is not the thumbprint"),
        ({"alg": "ES256"}, "alg does not fit an Ed25519 key"),
        ({"alg": "none"}, "alg none"),
        ({"status": "revoked"}, "unknown status"),
        ({"nbf": "2026-01-01"}, "nbf as text"),
        ({"exp": 1.5}, "exp as a float"),
        ({"exp": True}, "exp as a boolean"),
        ({"exp": 10**30}, "exp out of range"),
        ({"crv": "X25519"}, "an encryption curve"),
        ({"x": "AAAA"}, "x of the wrong length"),
        ({"x": 42}, "x not a string"),
        ({"kty": "RSA"}, "RSA"),
    ],
)
def test_bad_jwks_are_refused(change: dict[str, Any], why: str) -> None:
    signer = Signer.generate(Algorithm.EDDSA)
    jwk = {**signer.public_record().to_jwk(), **change}
    with pytest.raises(KeyFormatError):
        TrustList.from_jwks({"keys": [jwk]})


@pytest.mark.parametrize(
    "document",
    ["not json", "[]", '{"keys": {}}', '{"keys": [1]}', "[" * 100_000, b"\xff\xfe"],
)
def test_bad_jwks_documents_are_refused(document: str | bytes) -> None:
    with pytest.raises(KeyFormatError):
        TrustList.from_jwks(document)


def test_p256_point_off_the_curve_is_refused() -> None:
    jwk = dict(Signer.generate(Algorithm.ES256).jwk)
    jwk["y"] = b64url(bytes(31) + b"\x01")
    with pytest.raises(KeyFormatError):
        PublicKeyRecord.from_jwk(jwk)


def test_duplicate_kid_is_refused() -> None:
    record = Signer.generate(Algorithm.EDDSA).public_record()
    with pytest.raises(KeyFormatError, match="duplicate"):
        TrustList([record, record.with_status(KeyStatus.RETIRED)])


@pytest.mark.parametrize("alg", list(Algorithm), ids=lambda a: a.jose)
def test_pem_without_password(alg: Algorithm) -> None:
    signer = Signer.generate(alg)
    pem = signer.to_pem()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    again = Signer.from_pem(pem)
    assert (again.kid, again.alg) == (signer.kid, signer.alg)


@pytest.mark.parametrize("alg", list(Algorithm), ids=lambda a: a.jose)
def test_pem_with_password(alg: Algorithm) -> None:
    signer = Signer.generate(alg)
    pem = signer.to_pem(b"correct horse")
    assert pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert Signer.from_pem(pem, b"correct horse").kid == signer.kid
    with pytest.raises(KeyFormatError):
        Signer.from_pem(pem, b"wrong horse")
    with pytest.raises(KeyFormatError):
        Signer.from_pem(pem)
    with pytest.raises(KeyFormatError):
        Signer.from_pem(signer.to_pem(), b"a password for an unencrypted key")


def test_other_curves_and_garbage_are_refused() -> None:
    p384 = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(KeyFormatError):
        Signer.from_pem(p384)
    with pytest.raises(KeyFormatError):
        Signer.from_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def test_signer_repr_shows_no_key_material() -> None:
    signer = Signer.generate(Algorithm.EDDSA)
    text = repr(signer)
    assert b64url(signer.kid) in text
    pem_body = b"".join(signer.to_pem().splitlines()[1:-1]).decode()
    assert pem_body not in text
    assert "PRIVATE" not in text


@pytest.mark.parametrize("alg", list(Algorithm), ids=lambda a: a.jose)
def test_the_algorithm_comes_from_the_key(alg: Algorithm) -> None:
    signer = Signer.generate(alg)
    jwk = {k: v for k, v in signer.jwk.items()}  # no alg member at all
    assert PublicKeyRecord.from_jwk(jwk).alg is alg
