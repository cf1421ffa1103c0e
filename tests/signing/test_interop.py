"""Interop: an independent COSE implementation, pycose, verifies our tokens.

Only the standard library unwraps the envelope (base45 by hand from RFC 9285, zlib); pycose
decodes the COSE_Sign1 and checks the signature with a key built from our published JWKS.
Checked against pycose 1.1.0.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import cbor2
import pycose.messages.cosemessage
import pytest
from pycose.algorithms import EdDSA, Es256
from pycose.headers import KID, Algorithm
from pycose.keys import EC2Key, OKPKey
from pycose.keys.curves import P256, Ed25519
from pycose.messages import Sign1Message

from signing import CredentialKind, Signer, issue
from tests.fixtures import make_vectors

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


class _Cbor2WithListTags:
    """cbor2 as pycose 1.1.0 expects it: a tag's content decoded as mutable lists and dicts.

    cbor2 6.x decodes what is inside a tag as immutable containers (tuple, frozendict), and
    ``Sign1Message.decode`` of pycose 1.1.0 then refuses every message. Only the container types
    change here; pycose still parses the headers, builds the Sig_structure and verifies.
    """

    CBORTag = cbor2.CBORTag
    dumps = staticmethod(cbor2.dumps)

    @staticmethod
    def loads(data: bytes) -> Any:
        item = cbor2.loads(data)
        if isinstance(item, cbor2.CBORTag):
            return cbor2.CBORTag(item.tag, _thaw(item.value))
        return item


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    return value


@pytest.fixture(autouse=True)
def _pycose_on_cbor2_6(monkeypatch: pytest.MonkeyPatch) -> None:
    if not isinstance(cbor2.loads(b"\xd2\x80").value, list):
        monkeypatch.setattr(pycose.messages.cosemessage, "cbor2", _Cbor2WithListTags)


KEYS = make_vectors.load_keys()
VECTORS = make_vectors.VECTORS_DIR


def base45_decode(text: str) -> bytes:
    """RFC 9285 §4.2, written out independently of signing.base45."""
    out = bytearray()
    for start in range(0, len(text), 3):
        chunk = [ALPHABET.index(c) for c in text[start : start + 3]]
        value = sum(digit * 45**power for power, digit in enumerate(chunk))
        out += value.to_bytes(2 if len(chunk) == 3 else 1, "big")
    return bytes(out)


def cose_bytes(qr: str) -> bytes:
    """``TR1:`` + base45(zlib(COSE) or COSE): zlib when the first byte's low nibble is 8."""
    body = qr.split("#", 1)[-1]
    assert body.startswith("TR1:")
    raw = base45_decode(body[4:])
    return zlib.decompress(raw) if raw[0] & 0x0F == 8 else raw


def b64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pycose_key(jwk: dict[str, Any]) -> OKPKey | EC2Key:
    """A pycose key from a JWK of our JWKS: kty/crv/x/y only, nothing of signing's code."""
    if jwk["kty"] == "OKP":
        assert jwk["crv"] == "Ed25519"
        return OKPKey(crv=Ed25519, x=b64u(jwk["x"]))
    assert (jwk["kty"], jwk["crv"]) == ("EC", "P-256")
    return EC2Key(crv=P256, x=b64u(jwk["x"]), y=b64u(jwk["y"]))


def verify_with_pycose(qr: str, jwks: dict[str, Any]) -> Sign1Message:
    message = Sign1Message.decode(cose_bytes(qr))
    kid = message.phdr[KID]
    matches = [k for k in jwks["keys"] if b64u(k["kid"]) == kid]
    assert len(matches) == 1
    jwk = matches[0]
    expected_alg = {"EdDSA": EdDSA, "ES256": Es256}[jwk["alg"]]
    assert message.phdr[Algorithm] is expected_alg  # the token's alg, checked against the key's
    message.key = pycose_key(jwk)
    assert message.verify_signature()
    return message


def test_pycose_version_is_the_documented_one() -> None:
    assert version("pycose") == "1.1.0"
    doc = Path(__file__).resolve().parents[2] / "docs" / "credential-format.md"
    assert "pycose 1.1.0" in doc.read_text(encoding="utf-8")


@pytest.mark.parametrize("pem", ["test-ed25519-1.pem", "test-es256-1.pem"])
@pytest.mark.parametrize("kind", list(CredentialKind), ids=lambda k: k.vc_type)
def test_pycose_verifies_fresh_tokens(kind: CredentialKind, pem: str) -> None:
    # The library's own signer (random ES256 nonces), not the generator's deterministic one.
    signer = Signer.from_pem((make_vectors.KEYS_DIR / pem).read_bytes())
    qr = issue(make_vectors.typical_claims()[kind], signer=signer, now=make_vectors.ISSUED)
    message = verify_with_pycose(qr, make_vectors.jwks(KEYS))
    assert message.uhdr == {}


@pytest.mark.parametrize(
    "name",
    [
        path.stem
        for path in sorted(VECTORS.glob("valid-*.json"))
        if path.stem != "valid-unprotected-header-ignored"
    ],
)
def test_pycose_verifies_the_valid_vectors(name: str) -> None:
    doc = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))
    verify_with_pycose(doc["qr"], doc["jwks"])


@pytest.mark.parametrize(
    "name", ["signature-bit-flip", "signature-payload-changed", "signature-by-other-key"]
)
def test_pycose_rejects_the_bad_signature_vectors(name: str) -> None:
    doc = json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))
    message = Sign1Message.decode(cose_bytes(doc["qr"]))
    jwk = next(k for k in doc["jwks"]["keys"] if b64u(k["kid"]) == message.phdr[KID])
    message.key = pycose_key(jwk)
    assert not message.verify_signature()


def test_pycose_sees_our_claims() -> None:
    doc = json.loads((VECTORS / "valid-es256-skill.json").read_text(encoding="utf-8"))
    message = verify_with_pycose(doc["qr"], doc["jwks"])
    claims = cbor2.loads(message.payload)
    assert claims[1] == make_vectors.ISSUER
    assert claims[-65537][1] == int(CredentialKind.SKILL_CERTIFICATE)
    assert claims[-65537][4][1] == "4-13-01-05"
