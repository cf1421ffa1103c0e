"""Two ``ccr serve`` replicas on one PostgreSQL database: a token revoked, an API client
revoked or an account disabled through one is refused by the other within a second, though
each caches tokens for 30 s; a credential revoked through one fails verification on the other
within a second, though its status snapshot and answer memo last 60 s (registry.invalidation)."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.test_replicas_start import (
    empty_postgres,
    replica_env,
    start_all,
    stop,
    wait_healthy,
)

__all__ = ["empty_postgres"]

pytestmark = pytest.mark.postgres
VIEWER = {"query": "{ viewer { authenticated } }"}
DEADLINE = 5.0  # the test gives up here; the claim is within 1 s


def _ccr(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from registry.cli import main; main()", *args],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def _authenticated(port: int, token: str) -> bool:
    answer = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        json=VIEWER,
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    if answer.status_code == 401:
        return False
    return bool(answer.json()["data"]["viewer"]["authenticated"])


def test_a_token_revoked_through_one_replica_is_refused_by_the_other_within_a_second(
    tmp_path: Path, empty_postgres: str
) -> None:
    replicas = start_all(tmp_path, empty_postgres, count=2)
    try:
        wait_healthy(replicas)
        env = replica_env(tmp_path, empty_postgres, "unused")
        admin = _ccr(
            env, "admin", "create-token", "--org", "registry-ops", "--role", "SYSTEM_ADMIN"
        ).strip()
        victim_who = ("--org", "registry-ops", "--username", "victim")
        victim = _ccr(env, "admin", "create-token", *victim_who, "--role", "SYSTEM_ADMIN").strip()
        [token_id] = re.findall(r"tk_\w+", _ccr(env, "admin", "tokens", *victim_who))
        (_, port_a, _), (_, port_b, _) = replicas
        assert _authenticated(port_b, victim)  # now cached on B, for up to 30 s
        revoked = httpx.post(
            f"http://127.0.0.1:{port_a}/graphql",
            json={
                "query": "mutation($id: ID!) { revokeToken(input: {tokenId: $id}) "
                "{ userErrors { code } } }",
                "variables": {"id": token_id},
            },
            headers={"Authorization": f"Bearer {admin}"},
            timeout=5,
        )
        assert revoked.json()["data"]["revokeToken"]["userErrors"] == []
        started = time.monotonic()
        while _authenticated(port_b, victim):
            assert time.monotonic() - started < DEADLINE, "replica B still accepts the token"
            time.sleep(0.02)
        elapsed = time.monotonic() - started
        print(f"replica B refused the revoked token after {elapsed * 1000:.0f} ms")
        assert elapsed < 1.0, f"refused by B only after {elapsed:.2f} s"
    finally:
        stop(replicas)


def test_a_credential_revoked_through_one_replica_fails_verification_on_the_other(
    tmp_path: Path,
) -> None:
    """The other replica's status snapshot (and its answer memo) is dropped when it hears of
    the revocation: within a second, not the snapshot's lifetime (CCR_STATUS_CACHE_SECONDS,
    set long here so that only the announcement can explain a fresh answer)."""
    from tests.cluster import LocalCluster, find_nginx

    if find_nginx() is None:
        pytest.skip("nginx is not installed")
    with LocalCluster(
        replicas=2,
        demo=True,
        extra_env={"CCR_STATUS_CACHE_SECONDS": "60", "CCR_VERIFY_MEMO_SECONDS": "60"},
    ) as cluster:
        token = cluster.demo_tokens()["CAC_OFFICIAL@sh-cac"]
        a, b = (member.url for member in cluster.members)
        auth = {"Authorization": f"Bearer {token}"}
        listed = httpx.post(
            f"{a}/graphql",
            json={
                "query": "{ credentials(first: 100) "
                "{ edges { node { id status organisationCode qrText } } } }"
            },
            headers=auth,
            timeout=10,
        ).json()["data"]["credentials"]["edges"]
        credential = next(
            edge["node"]
            for edge in listed
            if edge["node"]["status"] == "ACTIVE" and edge["node"]["organisationCode"] == "sh-cac"
        )
        verify = {
            "query": "query($qr: String!) { verifyCredential(qr: $qr) { valid code } }",
            "variables": {"qr": credential["qrText"]},
        }

        def on_b() -> dict[str, object]:
            answer = httpx.post(f"{b}/graphql", json=verify, timeout=5).json()
            return dict(answer["data"]["verifyCredential"])

        assert on_b() == {"valid": True, "code": None}  # B's snapshot and memo now hold it
        revoked = httpx.post(
            f"{a}/graphql",
            json={
                "query": "mutation($id: ID!) { revokeCredential(input: "
                '{credentialId: $id, reason: "测试撤销"}) { userErrors { code } } }',
                "variables": {"id": credential["id"]},
            },
            headers=auth,
            timeout=10,
        ).json()
        assert revoked["data"]["revokeCredential"]["userErrors"] == []
        started = time.monotonic()
        while (answer := on_b())["valid"]:
            assert time.monotonic() - started < DEADLINE, "replica B still says valid"
            time.sleep(0.02)
        elapsed = time.monotonic() - started
        print(f"replica B reported the revocation after {elapsed * 1000:.0f} ms")
        assert answer["code"] == "REVOKED"
        assert elapsed < 1.0, f"reported by B only after {elapsed:.2f} s"


def _gql(
    url: str, token: str, query: str, variables: dict[str, object] | None = None
) -> tuple[int, Any]:
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    return answer.status_code, answer.json()


def _refused_within_a_second(url: str, token: str, what: str) -> None:
    started = time.monotonic()
    while _gql(url, token, "{ viewer { role } }")[0] != 401:
        assert time.monotonic() - started < DEADLINE, f"{what}: still accepted"
        time.sleep(0.02)
    elapsed = time.monotonic() - started
    print(f"{what}: refused by the other replica after {elapsed * 1000:.0f} ms")
    assert elapsed < 1.0, f"{what}: refused only after {elapsed:.2f} s"


def test_an_api_client_revoked_or_an_account_disabled_through_one_replica_is_refused_by_the_other(
    tmp_path: Path,
) -> None:
    from tests.cluster import LocalCluster, find_nginx

    if find_nginx() is None:
        pytest.skip("nginx is not installed")
    with LocalCluster(replicas=2, demo=True) as cluster:
        tokens = cluster.demo_tokens()
        admin, partner = tokens["SYSTEM_ADMIN@registry-ops"], tokens["PARTNER@bilibili"]
        official = tokens["AUDITOR@sh-audit"]
        a, b = (member.url for member in cluster.members)
        # Both tokens are now cached on B, for up to 30 s.
        assert _gql(b, partner, "{ viewer { role } }")[0] == 200
        assert _gql(b, official, "{ viewer { role } }")[0] == 200

        _, clients = _gql(a, admin, "{ apiClients { id organisationCode } }")
        [client] = [c for c in clients["data"]["apiClients"] if c["organisationCode"] == "bilibili"]
        _, revoked = _gql(
            a,
            admin,
            "mutation($id: ID!) { revokeApiClient(input: {apiClientId: $id}) "
            "{ userErrors { code } } }",
            {"id": client["id"]},
        )
        assert revoked["data"]["revokeApiClient"]["userErrors"] == []
        _refused_within_a_second(b, partner, "API client revoked")

        _, viewer = _gql(a, official, "{ viewer { account { id } } }")
        account = viewer["data"]["viewer"]["account"]["id"]
        _, disabled = _gql(
            a,
            admin,
            "mutation($id: ID!) { disableAccount(input: {accountId: $id}) "
            "{ userErrors { code } } }",
            {"id": account},
        )
        assert disabled["data"]["disableAccount"]["userErrors"] == []
        _refused_within_a_second(b, official, "account disabled")
