"""Rate limits count callers, not the reverse proxy in front: X-Forwarded-For is believed
from the proxies named in ``CCR_TRUSTED_PROXIES`` and from nobody else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from schema.settings import ApiSettings, RateSettings
from tests.schema.conftest import Api, DemoTemplate, open_api

# Over both paths: the fast path (a lone verifyCredential) and the executor (two root fields).
FAST = '{ verifyCredential(qr: "TR1:abc") { valid } }'
EXECUTOR = '{ __typename verifyCredential(qr: "TR1:abc") { valid } }'
ONE_EACH = RateSettings(rate=0.001, burst=1)


async def _status(api: Api, query: str, forwarded: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    response = await api.client.post("/graphql", json={"query": query}, headers=headers)
    return response.status_code


@pytest.mark.parametrize("query", [FAST, EXECUTOR])
async def test_behind_a_trusted_proxy_each_forwarded_caller_has_its_own_bucket(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate, query: str
) -> None:
    settings = settings_factory(trusted_proxies=("10.0.0.0/8",), verify_rate=ONE_EACH)
    async with open_api(settings, demo_template.tokens, client=("10.1.2.3", 5000)) as api:
        assert await _status(api, query, "203.0.113.5") == 200
        assert await _status(api, query, "203.0.113.5") == 429
        assert await _status(api, query, "203.0.113.6") == 200
        # The right-most address the proxies did not add is the caller: a client cannot
        # pick a fresh bucket by sending its own X-Forwarded-For through the proxy.
        assert await _status(api, query, "198.51.100.1, 203.0.113.6") == 429
        assert await _status(api, query, "198.51.100.2, 203.0.113.6, 10.9.9.9") == 429


@pytest.mark.parametrize("query", [FAST, EXECUTOR])
async def test_from_anyone_else_forwarding_headers_are_ignored(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate, query: str
) -> None:
    settings = settings_factory(trusted_proxies=("10.0.0.0/8",), verify_rate=ONE_EACH)
    async with open_api(settings, demo_template.tokens, client=("198.51.100.7", 5000)) as api:
        assert await _status(api, query, "203.0.113.5") == 200
        assert await _status(api, query, "203.0.113.6") == 429  # still the peer's bucket


async def test_without_trusted_proxies_the_peer_is_the_caller(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate
) -> None:
    settings = settings_factory(verify_rate=ONE_EACH)
    async with open_api(settings, demo_template.tokens, client=("127.0.0.1", 5000)) as api:
        assert await _status(api, FAST, "203.0.113.5") == 200
        assert await _status(api, FAST, "203.0.113.6") == 429


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ()),
        ("10.0.0.1", ("10.0.0.1/32",)),
        (" 10.0.0.0/8 , fd00::/8", ("10.0.0.0/8", "fd00::/8")),
        ("192.168.1.7/24", ("192.168.1.0/24",)),
    ],
)
def test_trusted_proxies_are_read_from_the_environment(raw: str, expected: Any) -> None:
    assert ApiSettings.from_env({"CCR_TRUSTED_PROXIES": raw}).trusted_proxies == expected


@pytest.mark.parametrize("raw", ["*", "proxy.internal", "10.0.0.0/33"])
def test_anything_but_addresses_and_networks_is_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="CCR_TRUSTED_PROXIES"):
        ApiSettings.from_env({"CCR_TRUSTED_PROXIES": raw})
