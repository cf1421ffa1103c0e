"""End to end over real HTTP: record an award, issue, download the QR, verify, revoke, verify.

An official records and verifies an award and issues its credential; the creator downloads
the QR PNG; a partner verifies what the QR says through ``verifyCredential`` (for a declared
purpose); the official revokes the credential; the same QR then verifies as REVOKED both
through GraphQL and offline with ``ccr verify`` against the published trust list and status
list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any
from urllib.parse import unquote

from signing.qr import read_qr_image
from tests.e2e.api_fixtures import LiveApi, live_api

__all__ = ["live_api"]

RECORD = """
mutation($input: RecordAwardInput!) {
  recordAward(input: $input) { award { id state } userErrors { field message code } }
}"""
DECIDE = """
mutation($input: DecideAwardInput!) {
  decideAward(input: $input) { award { id state } userErrors { field message code } }
}"""
ISSUE = """
mutation($input: IssueCredentialInput!) {
  issueCredential(input: $input) {
    credential { id kind status statusList qrLink }
    qrText
    userErrors { field message code }
  }
}"""
REVOKE = """
mutation($input: RevokeCredentialInput!) {
  revokeCredential(input: $input) { credential { id status } userErrors { code } }
}"""
VERIFY = """
query($qr: String!) {
  verifyCredential(qr: $qr) {
    valid code kind
    claims { subjectName issuer achievement { code level grade year } }
  }
}"""
# A partner names a declared purpose and selects only what its scopes open (no holder name).
PARTNER_VERIFY = """
query($qr: String!) {
  verifyCredential(qr: $qr, purpose: "CREATOR_BADGE") {
    valid code kind
    claims { issuer achievement { code level grade year } }
  }
}"""


def _creator_of_demo_account(api: LiveApi) -> str:
    viewer = api.gql("{ viewer { role account { creatorId } } }", role="CREATOR")["viewer"]
    assert viewer["role"] == "CREATOR"
    return str(viewer["account"]["creatorId"])


def _ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def _ccr_verify(api: LiveApi, text: str, status_list: int) -> tuple[int, dict[str, Any]]:
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from registry.cli import main; main()",
            "verify",
            text,
            "--trust",
            f"{api.base_url}/.well-known/jwks.json",
            "--status",
            f"{api.base_url}/status/{status_list}",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return run.returncode, json.loads(run.stdout)


def test_award_issue_download_verify_revoke(live_api: LiveApi) -> None:
    api = live_api
    creator_id = _creator_of_demo_account(api)

    award = _ok(
        api.gql(
            RECORD,
            {
                "input": {
                    "programmeCode": "SH_SILVER_DOVE",
                    "edition": 2025,
                    "grade": "FIRST",
                    "creatorId": creator_id,
                    "category": "国际传播",
                    "awardedOn": "2025-12-18",
                    "evidenceDocNo": "沪外宣〔2025〕18号",
                }
            },
            role="CAC_OFFICIAL",
        )["recordAward"]
    )["award"]
    assert award["state"] == "CLAIMED"
    for decision, state in (("START_VERIFICATION", "UNDER_VERIFICATION"), ("VERIFY", "VERIFIED")):
        decided = api.gql(
            DECIDE, {"input": {"awardId": award["id"], "decision": decision}}, role="CAC_OFFICIAL"
        )["decideAward"]
        assert _ok(decided)["award"]["state"] == state

    issued = _ok(
        api.gql(ISSUE, {"input": {"kind": "AWARD", "sourceId": award["id"]}}, role="CAC_OFFICIAL")[
            "issueCredential"
        ]
    )
    credential = issued["credential"]
    assert credential["kind"] == "AWARD"
    assert credential["status"] == "ACTIVE"

    # The holder downloads the PNG; what a phone would read from it is the link form.
    with api.client("CREATOR") as http:
        png = http.get(f"/credentials/{credential['id']}/qr.png")
    assert png.status_code == 200
    assert png.headers["content-type"] == "image/png"
    (scanned,) = read_qr_image(png.content)
    assert scanned == unquote(credential["qrLink"])
    assert scanned.endswith(issued["qrText"])

    verdict = api.gql(PARTNER_VERIFY, {"qr": scanned}, role="PARTNER")["verifyCredential"]
    assert verdict["valid"] is True
    assert verdict["code"] is None
    assert verdict["kind"] == "AWARD"
    assert verdict["claims"]["achievement"] == {
        "code": "SH_SILVER_DOVE",
        "level": "PROVINCIAL_MUNICIPAL",
        "grade": "FIRST",
        "year": 2025,
    }
    public = api.gql(VERIFY, {"qr": scanned})["verifyCredential"]
    assert public["claims"]["subjectName"].startswith("张")
    assert "*" in public["claims"]["subjectName"]
    status, offline = _ccr_verify(api, scanned, credential["statusList"])
    assert (status, offline["valid"]) == (0, True)

    revoked = api.gql(
        REVOKE,
        {"input": {"credentialId": credential["id"], "reason": "获奖资格被撤销"}},
        role="CAC_OFFICIAL",
    )["revokeCredential"]
    assert _ok(revoked)["credential"]["status"] == "REVOKED"

    verdict = api.gql(PARTNER_VERIFY, {"qr": scanned}, role="PARTNER")["verifyCredential"]
    assert verdict["valid"] is False
    assert verdict["code"] == "REVOKED"
    # Authentic, so the claims still say what the credential was.
    assert verdict["claims"]["achievement"]["code"] == "SH_SILVER_DOVE"
    anonymous = api.gql(VERIFY, {"qr": issued["qrText"]})["verifyCredential"]
    assert anonymous["code"] == "REVOKED"

    status, offline = _ccr_verify(api, scanned, credential["statusList"])
    assert status == 1
    assert offline["valid"] is False
    assert offline["code"] == "REVOKED"


def test_demo_holds_a_revoked_and_a_suspended_credential(live_api: LiveApi) -> None:
    data = live_api.gql(
        "{ r: credentials(first: 5, status: REVOKED) { edges { node { id } } } "
        "s: credentials(first: 5, status: SUSPENDED) { edges { node { id } } } }",
        role="CAC_OFFICIAL",
    )
    assert data["r"]["edges"]
    talent = live_api.gql(
        "{ credentials(first: 5, status: SUSPENDED) { edges { node { kind } } } }",
        role="TALENT_OFFICIAL",
    )
    assert talent["credentials"]["edges"][0]["node"]["kind"] == "CREATOR_RECOGNITION"
