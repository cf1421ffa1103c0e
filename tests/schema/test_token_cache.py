"""A checked bearer token is trusted for a few seconds, never past its expiry, and not at all
once it is revoked through this process."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from registry.authz import Principal
from registry.domain.enums import Role
from registry.errors import NotAuthenticated
from registry.runtime import open_registry
from schema.auth import TokenCache
from schema.settings import ApiSettings
from tests.registry.conftest import Clock
from tests.schema.conftest import Api, DemoTemplate, open_api
from tests.schema.test_partners import REVOKE_CLIENT, _new_client

VIEWER = "{ viewer { role } }"


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_cache_spares_lookups_within_its_time_and_the_tokens_life() -> None:
    wall = Clock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    ticks = Ticks()
    lookups: list[str] = []
    expires = wall.moment + timedelta(minutes=5)

    async def authenticate(token: str) -> Principal:
        lookups.append(token)
        if wall.moment >= expires:
            raise NotAuthenticated("expired")
        return Principal(role=Role.PARTNER, expires_at=expires)

    cache = TokenCache(authenticate, ttl=30.0, clock=ticks, now=wall)
    await cache.principal("ccr_a")
    ticks.now += 29
    await cache.principal("ccr_a")
    assert lookups == ["ccr_a"]
    ticks.now += 2  # past the cache's time: looked up again
    await cache.principal("ccr_a")
    assert lookups == ["ccr_a"] * 2
    # Within the cache's time but past the token's expiry: looked up, and refused.
    wall.advance(minutes=5)
    ticks.now += 1
    with pytest.raises(NotAuthenticated):
        await cache.principal("ccr_a")
    assert lookups == ["ccr_a"] * 3


async def test_an_expired_partner_token_is_refused_at_once(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate
) -> None:
    clock = Clock(datetime.now(UTC))
    settings = settings_factory(token_cache_seconds=3600.0)
    registry = await open_registry(settings.registry, clock=clock)
    try:
        async with open_api(settings, demo_template.tokens, registry=registry) as api:
            expiry = (clock.moment + timedelta(days=1)).isoformat()
            secret = (await _new_client(api, expiresAt=expiry))["secret"]
            assert (await api.gql(VIEWER, token=secret)).status_code == 200
            clock.advance(days=1, seconds=1)
            assert (await api.gql(VIEWER, token=secret)).status_code == 401
    finally:
        await registry.aclose()


async def test_a_client_revoked_here_is_refused_at_once(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate
) -> None:
    settings = settings_factory(token_cache_seconds=3600.0)
    async with open_api(settings, demo_template.tokens) as api:
        client = await _new_client(api)
        assert await api.data(VIEWER, token=client["secret"]) == {"viewer": {"role": "PARTNER"}}
        await _revoke(api, client["apiClient"]["id"])
        assert (await api.gql(VIEWER, token=client["secret"])).status_code == 401


async def _revoke(api: Api, client_id: str) -> None:
    revoked = await api.data(
        REVOKE_CLIENT, {"input": {"apiClientId": client_id}}, as_role="SYSTEM_ADMIN"
    )
    assert revoked["revokeApiClient"]["userErrors"] == []
