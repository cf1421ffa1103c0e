"""Every document the demo registry publishes, run through the standards' own validators.

The validators are independent, widely used JavaScript libraries, installed by the project's
own files (``tests/validators/package.json``, locked; ``make test`` runs ``npm ci``): jsonld
expands each credential and status list in safe mode, ajv checks the W3C VC 2.0 and Open
Badges 3.0 JSON Schemas, Digital Bazaar's Bitstring Status List library reads every status
entry through a list credential that jose verified with the key found from its ``iss``. The
bits it reads must agree with what GraphQL says of each credential.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.api_fixtures import LiveApi, live_api_sqlite

__all__ = ["live_api_sqlite"]

VALIDATORS = Path(__file__).resolve().parents[1] / "validators"
CREDENTIALS = (
    "query($after: String) { credentials(first: 100, after: $after) { "
    "edges { node { id kind status statusList statusIndex document } } "
    "pageInfo { hasNextPage endCursor } } }"
)
# What each credential status means for the two bits.
EXPECTED_BITS = {
    "ACTIVE": {"revocation": False, "suspension": False},
    "SUSPENDED": {"revocation": False, "suspension": True},
    "REVOKED": {"revocation": True, "suspension": False},
}


def _published(api: LiveApi) -> dict[str, dict[str, Any]]:
    """Every credential of the demo, as the offices that issued them see them."""
    found: dict[str, dict[str, Any]] = {}
    issuing = {"CAC_OFFICIAL", "TALENT_OFFICIAL", "HRSS_OFFICIAL", "EVALUATOR"}
    officials = [role for role in api.tokens if role.partition("@")[0] in issuing and "@" in role]
    for role in officials:
        after = None
        while True:
            page = api.gql(CREDENTIALS, {"after": after}, role=role)["credentials"]
            for edge in page["edges"]:
                found[edge["node"]["id"]] = edge["node"]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    return found


@pytest.fixture(scope="module")
def report(live_api_sqlite: LiveApi, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (VALIDATORS / "node_modules").is_dir():
        pytest.fail("validators not installed: run `make test` (npm ci in tests/validators)")
    credentials = _published(live_api_sqlite)
    job = tmp_path_factory.mktemp("standards") / "job.json"
    job.write_text(
        json.dumps(
            {
                "base": live_api_sqlite.base_url,
                "credentials": [
                    {"id": c["id"], "status": c["status"], "document": c["document"]}
                    for c in credentials.values()
                ],
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [node, str(VALIDATORS / "check.mjs"), str(job)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    result["kinds"] = Counter(c["kind"] for c in credentials.values())
    result["graphql"] = list(credentials.values())
    return result


def test_the_demo_covers_every_kind_and_status(report: dict[str, Any]) -> None:
    assert set(report["kinds"]) == {
        "CREATOR_RECOGNITION",
        "AWARD",
        "SKILL_CERTIFICATE",
        "TALENT_ELIGIBILITY",
    }
    assert {c["status"] for c in report["credentials"]} == set(EXPECTED_BITS)


def test_every_document_expands_in_json_ld_safe_mode(report: dict[str, Any]) -> None:
    failures = {c["id"]: c["expansion"] for c in report["credentials"] if not c["expansion"]["ok"]}
    assert not failures, failures
    for credential in report["credentials"]:
        # The credential types expand to IRIs: under our context, not dropped.
        types = credential["expansion"]["types"]
        assert "https://www.w3.org/2018/credentials#VerifiableCredential" in types
        assert any("/contexts/credentials/v1#" in t for t in types), types
    lists = report["statusLists"]
    assert lists
    assert all(item["expansion"]["ok"] for item in lists), lists


def test_every_document_fits_the_vc_2_0_json_schema(report: dict[str, Any]) -> None:
    failures = {c["id"]: c["vcSchema"] for c in report["credentials"] if c["vcSchema"]}
    assert not failures, failures


def test_awards_and_skill_certificates_fit_the_open_badges_3_0_schema(
    report: dict[str, Any],
) -> None:
    badges = [c for c in report["credentials"] if c["obSchema"] is not None]
    assert len(badges) == report["kinds"]["AWARD"] + report["kinds"]["SKILL_CERTIFICATE"]
    failures = {c["id"]: c["obSchema"] for c in badges if c["obSchema"]}
    assert not failures, failures


def test_the_status_bits_agree_with_graphql(report: dict[str, Any]) -> None:
    for credential in report["credentials"]:
        assert not credential["errors"], credential
        assert credential["bits"] == EXPECTED_BITS[credential["status"]], credential["id"]
    # Each list credential was verified with a key of the issuer's JWKS, found from its iss.
    assert all(item["kid"] and item["alg"] in {"ES256", "EdDSA"} for item in report["statusLists"])


def test_every_credential_resolves_to_a_vc_jwt_that_jose_verifies(report: dict[str, Any]) -> None:
    for credential in report["credentials"]:
        secured = credential["vcJwt"]
        assert secured["ok"], secured
        assert secured["same"], credential["id"]  # the payload is the document GraphQL gave
        assert secured["alg"] in {"ES256", "EdDSA"}


def test_every_list_agrees_bit_for_bit_with_graphql(report: dict[str, Any]) -> None:
    """Decoded by the library, every set bit is a credential GraphQL calls revoked (on the
    revocation list) or suspended (on the suspension list), and every such credential's bit
    is set: nothing more, nothing less."""
    wanted = {"revocation": "REVOKED", "suspension": "SUSPENDED"}
    seen = 0
    for item in report["statusLists"]:
        list_id = int(item["url"].rsplit("/", 2)[1])
        expected = sorted(
            c["statusIndex"]
            for c in report["graphql"]
            if c["statusList"] == list_id and c["status"] == wanted[item["purpose"]]
        )
        assert item["set"] == expected, item["url"]
        assert item["size"] >= 131_072
        seen += len(expected)
    assert seen >= 2  # the demo has a revoked and a suspended credential


def test_awards_carry_their_published_notice_as_evidence(report: dict[str, Any]) -> None:
    awards = [c["document"] for c in report["graphql"] if c["kind"] == "AWARD"]
    with_notice = [d for d in awards if d.get("evidence")]
    assert with_notice, "the demo awards record their notices"
    for document in with_notice:
        (notice,) = document["evidence"]
        assert notice["type"] == ["Evidence"]
        assert "〔" in notice["name"]  # a document number such as 沪网信〔2024〕10号
