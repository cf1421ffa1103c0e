"""Tokens over GraphQL: created (the bootstrap token exchanged), listed, revoked; accounts
disabled; one Authorization header per request; no demo in production."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from registry.errors import ConfigurationError, NotAuthenticated
from registry.runtime import open_registry
from registry.services import orgs
from schema.server import prepare
from schema.settings import Mode
from tests.schema.conftest import Api, api_settings_for, registry_settings

CREATE = """
  mutation($input: CreateTokenInput!) {
    createToken(input: $input) { token { id prefix expiresAt } secret userErrors { code } }
  }
"""
VIEWER = "{ viewer { authenticated account { id username } } }"


async def _own_account(api: Api, token: str) -> dict[str, Any]:
    return dict((await api.data(VIEWER, token=token))["viewer"]["account"])


async def test_an_admin_creates_lists_and_revokes_a_token(api: Api) -> None:
    created = (await api.data(CREATE, {"input": {"label": "script"}}, as_role="SYSTEM_ADMIN"))[
        "createToken"
    ]
    assert created["userErrors"] == []
    secret = created["secret"]
    assert secret.startswith(created["token"]["prefix"])
    assert created["token"]["expiresAt"] is not None
    account = await _own_account(api, secret)
    listed = await api.data(
        "query($id: ID!) { node(id: $id) { ... on Account { tokens { id prefix lastUsedAt } } } }",
        {"id": account["id"]},
        as_role="SYSTEM_ADMIN",
    )
    tokens = listed["node"]["tokens"]
    assert created["token"]["id"] in {t["id"] for t in tokens}
    assert secret not in str(tokens)
    revoked = await api.data(
        "mutation($input: RevokeTokenInput!) { revokeToken(input: $input) "
        "{ token { revokedAt } userErrors { code } } }",
        {"input": {"tokenId": created["token"]["id"]}},
        as_role="SYSTEM_ADMIN",
    )
    assert revoked["revokeToken"]["token"]["revokedAt"] is not None
    # Refused on the very next request (the process's token cache is dropped by a mutation).
    assert (await api.gql(VIEWER, token=secret)).status_code == 401
    refused = await api.data(CREATE, {"input": {}}, as_role="TALENT_OFFICIAL")
    assert refused["createToken"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_a_disabled_account_is_refused_at_once(api: Api) -> None:
    official = api.tokens["CAC_OFFICIAL"]
    account = await _own_account(api, official)
    disabled = await api.data(
        "mutation($input: AccountInput!) { disableAccount(input: $input) "
        "{ account { active } userErrors { code } } }",
        {"input": {"accountId": account["id"]}},
        as_role="SYSTEM_ADMIN",
    )
    assert disabled["disableAccount"]["account"] == {"active": False}
    assert (await api.gql(VIEWER, token=official)).status_code == 401


@pytest.mark.parametrize("path", ["/graphql", "/credentials/Q3JlZGVudGlhbDp4/qr.svg"])
async def test_two_authorization_headers_are_refused(api: Api, path: str) -> None:
    token = api.tokens["SYSTEM_ADMIN"]
    headers = [("Authorization", f"Bearer {token}"), ("Authorization", "Bearer ccr_other")]
    if path == "/graphql":
        response = await api.client.post(path, json={"query": VIEWER}, headers=headers)
    else:
        response = await api.client.get(path, headers=headers)
    assert response.status_code == 400
    body = response.json()
    # GraphQL's error shape on /graphql, the plain routes' own elsewhere.
    error = body["errors"][0]["extensions"] if "errors" in body else body["error"]
    assert error["code"] == "BAD_REQUEST"
    assert token not in response.text


async def test_the_bootstrap_token_works_once_and_for_a_day(tmp_path: Path) -> None:
    registry = registry_settings(tmp_path / "fresh.db", tmp_path)
    welcome = await prepare(api_settings_for(registry), demo=False)
    assert welcome.admin_token is not None
    ctx = await open_registry(registry)
    try:
        principal = await orgs.authenticate(ctx, welcome.admin_token)
        assert principal.role.value == "SYSTEM_ADMIN"
        [token] = await orgs.list_tokens(ctx, principal, str(principal.account_ref))
        assert token.single_use
        assert token.expires_at is not None
        assert token.expires_at - token.created_at <= timedelta(hours=24)
        with pytest.raises(NotAuthenticated):
            await orgs.authenticate(ctx, welcome.admin_token)
    finally:
        await ctx.aclose()


async def test_the_demo_is_refused_in_production(tmp_path: Path) -> None:
    registry = registry_settings(tmp_path / "prod.db", tmp_path)
    with pytest.raises(ConfigurationError):
        await prepare(api_settings_for(registry, mode=Mode.PRODUCTION), demo=True)
    assert not (tmp_path / "prod.db").exists()  # refused before anything is created
