"""``ccr verify``: inputs (text, link, stdin, file), exit codes and the JSON document."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from registry.cli import app
from signing import Algorithm, Signer, StatusList, StatusPurpose, TrustList, issue_vc_jwt
from tests.fixtures import make_vectors
from tests.signing import test_vc_jwt as vc

VALID = json.loads(
    (make_vectors.VECTORS_DIR / "valid-ed25519-skill.json").read_text(encoding="utf-8")
)


def run(tmp_path: Path, *args: str, stdin: str | None = None, status: bool = True) -> Result:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(VALID["jwks"]), encoding="utf-8")
    options = ["verify", "--trust", str(jwks), "--at", VALID["now"], "--json"]
    if status:
        status_file = tmp_path / "status.jws"
        status_file.write_text(VALID["status"][0], encoding="ascii")
        options += ["--status", str(status_file)]
    result = CliRunner().invoke(app, [*options, *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


def document(result: Result) -> dict[str, Any]:
    out = json.loads(result.stdout)
    assert set(out) == {"valid", "code", "kind", "claims", "kid", "alg", "statusChecked"}
    return out


def test_valid_text(tmp_path: Path) -> None:
    result = run(tmp_path, VALID["qr"])
    assert result.exit_code == 0
    out = document(result)
    assert (out["valid"], out["code"], out["alg"], out["kid"]) == (
        True,
        None,
        "EdDSA",
        "NxlHvukwim8",
    )
    claims = out["claims"]
    assert claims["kind"] == out["kind"] == "SkillCertificateCredential"
    assert claims["subject"] == {"id": "cr_01JDX7K3M9", "name": "李*明"}
    assert claims["achievement"]["direction"] == "AV"
    assert claims["status"] == {"list": 3, "index": 101223}
    assert claims["validUntil"] == "2029-10-31T16:00:00Z"
    assert out["statusChecked"] is True


def test_an_unchecked_status_is_its_own_verdict(tmp_path: Path) -> None:
    # Without a status list the credential may be revoked: never a plain "valid", exit 3.
    result = run(tmp_path, VALID["qr"], status=False)
    assert result.exit_code == 3
    out = document(result)
    assert (out["valid"], out["statusChecked"]) == (True, False)
    accepted = run(tmp_path, "--no-status", VALID["qr"], status=False)
    assert accepted.exit_code == 0
    assert document(accepted)["statusChecked"] is False
    both = run(tmp_path, "--no-status", VALID["qr"])
    assert both.exit_code == 2


def test_the_plain_verdict_says_the_status_was_not_checked(tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(VALID["jwks"]), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["verify", "--trust", str(jwks), "--at", VALID["now"], "--", VALID["qr"]]
    )
    assert result.exit_code == 3
    assert "STATUS NOT CHECKED" in result.stdout
    assert "VALID —" not in result.stdout


@pytest.mark.parametrize("source", ["stdin", "file", "link", "padded"])
def test_inputs(tmp_path: Path, source: str) -> None:
    if source == "stdin":
        result = run(tmp_path, "-", stdin=VALID["qr"] + "\n")
    elif source == "file":
        path = tmp_path / "qr.txt"
        path.write_text(VALID["qr"] + "\n", encoding="utf-8")
        result = run(tmp_path, str(path))
    elif source == "link":
        result = run(tmp_path, f"{make_vectors.ISSUER}/v#{VALID['qr']}")
    else:
        result = run(tmp_path, f"  {VALID['qr']}\r\n")
    assert result.exit_code == 0
    assert document(result)["valid"] is True


@pytest.mark.parametrize("length", [300, 1000, 4000, 4500])
def test_long_text_is_never_taken_for_a_file_name(tmp_path: Path, length: int) -> None:
    # A path component may not exceed 255 bytes: QR text must not be stat()ed as a file.
    result = run(tmp_path, "TR1:" + "A" * length)
    assert result.exit_code == 1
    assert document(result)["code"] in {"COSE_MALFORMED", "BASE45_INVALID", "TOO_LARGE"}


def test_invalid_shows_claims_only_when_authentic(tmp_path: Path) -> None:
    expired = run(tmp_path, "--at", "2031-01-01T00:00:00Z", "--", VALID["qr"], status=False)
    out = document(expired)
    assert (expired.exit_code, out["code"], out["statusChecked"]) == (1, "EXPIRED", None)
    assert out["claims"]["subject"]["name"] == "李*明"  # authentic, merely expired
    tampered = json.loads(
        (make_vectors.VECTORS_DIR / "signature-payload-changed.json").read_text(encoding="utf-8")
    )
    forged = run(tmp_path, tampered["qr"])
    out = document(forged)
    assert (forged.exit_code, out["code"], out["claims"], out["kind"]) == (
        1,
        "SIGNATURE_INVALID",
        None,
        None,
    )


def test_unreadable_trust_list_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"keys": [{"kty": "RSA"}]}', encoding="utf-8")
    result = CliRunner().invoke(app, ["verify", "--trust", str(bad), "--json", VALID["qr"]])
    assert result.exit_code == 2
    missing = CliRunner().invoke(
        app, ["verify", "--trust", str(tmp_path / "nope.json"), VALID["qr"]]
    )
    assert missing.exit_code == 2


def test_tampered_status_list_is_a_usage_error(tmp_path: Path) -> None:
    header, payload, signature = VALID["status"][0].split(".")
    forged = tmp_path / "forged.jws"
    forged.write_text(f"{header}.{payload}x.{signature}", encoding="ascii")
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(VALID["jwks"]), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["verify", "--trust", str(jwks), "--status", str(forged), VALID["qr"]]
    )
    assert result.exit_code == 2


def test_bad_time_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "--at", "yesterday", "--", VALID["qr"])
    assert result.exit_code == 2


def test_human_output(tmp_path: Path) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(VALID["jwks"]), encoding="utf-8")
    status = tmp_path / "status.jws"
    status.write_text(VALID["status"][0], encoding="ascii")
    args = ["verify", "--trust", str(jwks), "--status", str(status), "--at", VALID["now"]]
    result = CliRunner().invoke(app, [*args, VALID["qr"]])
    assert result.exit_code == 0
    assert "✓ 有效 VALID" in result.stdout
    assert "视听运营" in result.stdout
    assert VALID["qr"] not in result.stdout


def _signed_trust(tmp_path: Path, *, hours: int) -> Path:
    from datetime import datetime, timedelta

    from signing import Signer, TrustList
    from signing.trustlist import sign_trust_list

    signer = Signer.from_pem((make_vectors.KEYS_DIR / "test-ed25519-1.pem").read_bytes())
    signed_at = datetime.fromisoformat(VALID["now"].replace("Z", "+00:00")) - timedelta(hours=1)
    document = sign_trust_list(
        TrustList.from_jwks(VALID["jwks"]),
        issuer=make_vectors.ISSUER,
        signer=signer,
        now=signed_at,
        ttl=timedelta(hours=hours),
    )
    path = tmp_path / "trust-list.jwt"
    path.write_text(document, encoding="ascii")
    return path


def test_the_signed_trust_list_is_used_and_refused_once_stale(tmp_path: Path) -> None:
    status = tmp_path / "status.jws"
    status.write_text(VALID["status"][0], encoding="ascii")
    base = ["verify", "--status", str(status), "--at", VALID["now"], "--json"]
    fresh = _signed_trust(tmp_path, hours=2)
    result = CliRunner().invoke(app, [*base, "--trust", str(fresh), VALID["qr"]])
    assert result.exit_code == 0, result.output
    assert document(result)["valid"] is True
    stale = _signed_trust(tmp_path, hours=1)  # expired exactly at the verification time
    refused = CliRunner().invoke(app, [*base, "--trust", str(stale), VALID["qr"]])
    assert refused.exit_code == 2
    assert "expired" in refused.output


def _vc_jwt_files(tmp_path: Path, *revoked: bool) -> tuple[str, list[str]]:
    """A vc+jwt, and the options giving its JWKS and the two halves of its status list."""
    signer = Signer.generate(Algorithm.ES256)
    jwks = tmp_path / "vc-jwks.json"
    jwks.write_text(json.dumps(TrustList([signer.public_record()]).to_jwks()), encoding="utf-8")
    status_list = StatusList(vc.LIST, issuer=vc.ISSUER)
    if revoked:
        status_list.set(StatusPurpose.REVOCATION, vc.INDEX)
    options = ["verify", "--trust", str(jwks), "--at", vc.NOW.isoformat()]
    for purpose in StatusPurpose:
        half = tmp_path / f"status-{purpose.value}.jws"
        half.write_text(
            status_list.sign(
                issuer=vc.ISSUER, signer=signer, now=vc.NOW, ttl=timedelta(hours=1), purpose=purpose
            ),
            encoding="ascii",
        )
        options += ["--status", str(half)]
    return issue_vc_jwt(vc.document(), signer=signer), options


def test_a_vc_jwt_is_recognised_and_verified_alike(tmp_path: Path) -> None:
    token, options = _vc_jwt_files(tmp_path)
    result = CliRunner().invoke(app, [*options, "--json", token])
    assert result.exit_code == 0, result.stdout
    out = json.loads(result.stdout)
    assert (out["valid"], out["format"], out["kind"], out["statusChecked"]) == (
        True,
        "vc+jwt",
        "AwardCredential",
        True,
    )
    assert out["document"] == vc.document()
    plain = CliRunner().invoke(app, [*options, token])
    assert "vc+jwt" in plain.stdout
    assert "上海市委网信办" in plain.stdout
    token, options = _vc_jwt_files(tmp_path, True)
    revoked = CliRunner().invoke(app, [*options, "--json", token])
    assert revoked.exit_code == 1
    assert json.loads(revoked.stdout)["code"] == "REVOKED"
    unchecked = CliRunner().invoke(app, [*options[:5], "--json", token])
    assert unchecked.exit_code == 3
