"""The committed TR1 vectors: through ``signing.verify``, through ``ccr verify``, and regenerated.

Each vector must reach its expected result by both routes; every :class:`ErrorCode` has at least
one failing vector; and the generator reproduces the committed files byte for byte.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from registry.cli import app
from signing import (
    CredentialKind,
    ErrorCode,
    Signer,
    StatusLists,
    TrustList,
    VerificationError,
    issue,
    verify,
)
from tests.fixtures import make_vectors

VECTORS = sorted(make_vectors.VECTORS_DIR.glob("*.json"))
KIND_FILES = {
    CredentialKind.CREATOR_RECOGNITION: "recognition",
    CredentialKind.AWARD: "award",
    CredentialKind.SKILL_CERTIFICATE: "skill",
    CredentialKind.TALENT_ELIGIBILITY: "talent",
}


def load(path: Path) -> dict[str, Any]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def parse_now(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert moment.tzinfo is not None
    return moment


def test_there_are_vectors() -> None:
    assert len(VECTORS) >= 60


@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector_shape(path: Path) -> None:
    doc = load(path)
    assert set(doc) <= {"description", "qr", "jwks", "status", "now", "expected"}
    assert {"description", "qr", "jwks", "now", "expected"} <= set(doc)
    assert isinstance(doc["description"], str)
    assert doc["description"]
    assert isinstance(doc["qr"], str)
    assert isinstance(doc["jwks"]["keys"], list)
    assert all(isinstance(jws, str) for jws in doc.get("status", []))
    parse_now(doc["now"])
    expected = doc["expected"]
    assert set(expected) == {"valid", "code"}
    assert expected["valid"] is (expected["code"] is None)
    if expected["code"] is not None:
        ErrorCode(expected["code"])
    assert path.stem.startswith("valid-") is expected["valid"]


@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector_through_the_library(path: Path) -> None:
    doc = load(path)
    trust = TrustList.from_jwks(doc["jwks"])
    lists = StatusLists.from_documents(doc["status"], trust=trust) if "status" in doc else None
    now = parse_now(doc["now"])
    expected = doc["expected"]
    if expected["valid"]:
        result = verify(doc["qr"], trust=trust, status=lists, now=now)
        assert result.status_checked is (lists is not None)
    else:
        with pytest.raises(VerificationError) as caught:
            verify(doc["qr"], trust=trust, status=lists, now=now)
        assert caught.value.code == expected["code"], caught.value.message


@pytest.mark.parametrize("path", VECTORS, ids=lambda p: p.stem)
def test_vector_through_the_cli(path: Path, tmp_path: Path) -> None:
    doc = load(path)
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(doc["jwks"]), encoding="utf-8")
    args = ["verify", "--trust", str(jwks), "--at", doc["now"], "--json"]
    for number, jws in enumerate(doc.get("status", [])):
        status_file = tmp_path / f"status-{number}.jws"
        status_file.write_text(jws, encoding="ascii")
        args += ["--status", str(status_file)]
    if "status" not in doc:
        args.append("--no-status")  # the vector is verified without a status check
    result = CliRunner().invoke(app, [*args, "--", doc["qr"]])
    # An uncaught exception also exits 1: make sure the command itself decided.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    expected = doc["expected"]
    assert result.exit_code == (0 if expected["valid"] else 1), result.output
    out = json.loads(result.stdout)
    assert out["valid"] is expected["valid"]
    assert out["code"] == expected["code"]
    if expected["valid"]:
        assert out["kind"] in {kind.vc_type for kind in CredentialKind}
        assert out["claims"]["iss"] == make_vectors.ISSUER


def test_every_error_code_has_a_failing_vector() -> None:
    codes = {load(path)["expected"]["code"] for path in VECTORS}
    missing = {code.value for code in ErrorCode} - codes
    assert not missing, f"no vector fails with {sorted(missing)}"


def test_every_kind_has_ed25519_and_es256_vectors() -> None:
    names = {path.stem for path in VECTORS}
    for label in KIND_FILES.values():
        assert f"valid-ed25519-{label}" in names
        assert f"valid-es256-{label}" in names


def test_both_envelope_forms_are_covered() -> None:
    from signing.base45 import b45decode

    first_bytes = set()
    for path in VECTORS:
        doc = load(path)
        if doc["expected"]["valid"]:
            body = doc["qr"].split("#", 1)[-1].removeprefix("TR1:")
            first_bytes.add(b45decode(body)[0])
    assert 0xD2 in first_bytes  # COSE_Sign1 as is
    assert any(byte & 0x0F == 8 for byte in first_bytes)  # zlib


@pytest.mark.parametrize("kind", list(KIND_FILES), ids=lambda k: KIND_FILES[k])
def test_ed25519_vectors_are_byte_exact(kind: CredentialKind) -> None:
    # Independent of the generator's key handling: read the committed PEM and re-issue.
    signer = Signer.from_pem((make_vectors.KEYS_DIR / "test-ed25519-1.pem").read_bytes())
    committed = load(make_vectors.VECTORS_DIR / f"valid-ed25519-{KIND_FILES[kind]}.json")["qr"]
    claims = make_vectors.typical_claims()[kind]
    assert issue(claims, signer=signer, now=make_vectors.ISSUED) == committed


def test_ed25519_reissue_changes_with_the_claims() -> None:
    # The byte-exact test above would be empty if issuing ignored its input.
    from dataclasses import replace

    signer = Signer.from_pem((make_vectors.KEYS_DIR / "test-ed25519-1.pem").read_bytes())
    claims = make_vectors.typical_claims()[CredentialKind.SKILL_CERTIFICATE]
    committed = load(make_vectors.VECTORS_DIR / "valid-ed25519-skill.json")["qr"]
    assert issue(replace(claims, subject_name="王*"), signer=signer, now=make_vectors.ISSUED) != (
        committed
    )


def test_generator_reproduces_every_committed_vector() -> None:
    built = make_vectors.build_vectors(make_vectors.load_keys())
    committed = {path.stem: path.read_text(encoding="utf-8") for path in VECTORS}
    assert set(built) == set(committed)
    for name, doc in built.items():
        assert make_vectors.render(doc) == committed[name], name


def test_generator_check_mode_reports_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    assert make_vectors.main(["--check"]) == 0
    assert "0 changed" in capsys.readouterr().out


DOC = Path(__file__).resolve().parents[2] / "docs" / "credential-format.md"


def test_the_worked_example_is_the_committed_vector() -> None:
    doc = DOC.read_text(encoding="utf-8")
    vector = load(make_vectors.VECTORS_DIR / "valid-ed25519-skill.json")
    assert "valid-ed25519-skill.json" in doc
    assert vector["qr"] in doc


def test_the_format_document_names_every_error_code() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for code in ErrorCode:
        assert f"| `{code.value}` |" in doc, code
