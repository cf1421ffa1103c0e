"""API fixtures: the real ASGI app over a copy of a demo registry, driven in process by httpx.

The demo registry (``schema.demo``) is seeded once per session into a SQLite file; each test
gets its own copy, so tests may change it freely. Tokens survive the copy (only their hashes
are stored) because the key-encryption key is fixed.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from registry.config import Secret, Settings
from registry.services.context import ServiceContext
from schema.app import create_app
from schema.server import prepare
from schema.settings import ApiSettings, Mode, RateSettings
from schema.state import STATE_KEY, AppState
from tests.conftest import run_async

ISSUER = "https://ccr.test"
KEK = Secret(bytes(range(100, 132)))
CLIENT_ADDRESS = ("198.51.100.7", 4321)


@dataclass(frozen=True)
class DemoTemplate:
    path: Path
    tokens: dict[str, str]  # "ROLE" or "ROLE@org" -> bearer token


def registry_settings(database: Path, data_dir: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{database}",
        data_dir=data_dir,
        issuer_url=ISSUER,
        kek=KEK,
    )


def api_settings_for(registry: Settings, **overrides: Any) -> ApiSettings:
    settings = ApiSettings(
        registry=registry,
        public_url=ISSUER,
        # Generous by default; the rate-limit tests set their own.
        verify_rate=RateSettings(rate=1000.0, burst=1000),
        client_rate=RateSettings(rate=1000.0, burst=1000),
    )
    return replace(settings, **overrides)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    folder = tmp_path_factory.mktemp("demo")
    registry = registry_settings(folder / "registry.db", folder)
    welcome = run_async(prepare(api_settings_for(registry), demo=True))
    tokens: dict[str, str] = {}
    for role, who, token in welcome.demo_tokens:
        tokens.setdefault(role, token)
        tokens[f"{role}@{who.split('@')[1]}"] = token
    return DemoTemplate(folder / "registry.db", tokens)


class WithState:
    """Hand the lifespan's state to every request (httpx's transport runs no lifespan)."""

    def __init__(self, app: ASGIApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["state"] = dict(self.state)
        await self.app(scope, receive, send)


@dataclass
class Api:
    client: httpx.AsyncClient
    state: AppState
    tokens: dict[str, str]

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        as_role: str | None = None,
    ) -> httpx.Response:
        bearer = token or (self.tokens[as_role] if as_role else None)
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def data(self, query: str, variables: dict[str, Any] | None = None, **kw: Any) -> Any:
        response = await self.gql(query, variables, **kw)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture
def database_copy(demo_template: DemoTemplate, tmp_path: Path) -> Path:
    target = tmp_path / "registry.db"
    shutil.copyfile(demo_template.path, target)
    return target


@pytest.fixture
def settings_factory(database_copy: Path, tmp_path: Path) -> Callable[..., ApiSettings]:
    def build(**overrides: Any) -> ApiSettings:
        return api_settings_for(registry_settings(database_copy, tmp_path), **overrides)

    return build


@asynccontextmanager
async def open_api(
    settings: ApiSettings,
    tokens: dict[str, str],
    *,
    registry: ServiceContext | None = None,
    client: tuple[str, int] = CLIENT_ADDRESS,
) -> AsyncIterator[Api]:
    app = create_app(settings, registry=registry, migrate=False)
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        transport = httpx.ASGITransport(app=WithState(app, dict(state)), client=client)
        async with httpx.AsyncClient(transport=transport, base_url=ISSUER) as client:
            yield Api(client, state[STATE_KEY], tokens)


@pytest.fixture
async def api(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate
) -> AsyncIterator[Api]:
    async with open_api(settings_factory(), demo_template.tokens) as opened:
        yield opened


@pytest.fixture
async def production_api(
    settings_factory: Callable[..., ApiSettings], demo_template: DemoTemplate
) -> AsyncIterator[Api]:
    async with open_api(settings_factory(mode=Mode.PRODUCTION), demo_template.tokens) as opened:
        yield opened


@pytest.fixture
def tokens(demo_template: DemoTemplate) -> dict[str, str]:
    return demo_template.tokens
