"""Registry fixtures: a service context on each backend, a fixed clock, and a small world of
organisations and signed-in principals (one per role)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from registry.authz import Principal
from registry.config import Secret, Settings
from registry.domain.enums import IdDocumentType, OrgKind, Origin, Role
from registry.domain.identity import resident_id_check_char
from registry.runtime import open_registry
from registry.services import keys as key_service
from registry.services import orgs
from registry.services.context import ServiceContext
from tests.conftest import admin_sql, run_async
from tests.pg_cluster import PgCluster

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)
TODAY = date(2026, 5, 20)
ISSUER = "https://ccr.example.cn"
MASTER_KEY = Secret(bytes(range(32)))


def resident_id(birth: str = "19900307", serial: str = "123", region: str = "310110") -> str:
    first17 = region + birth + serial
    return first17 + resident_id_check_char(first17)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def ctx(database_url: str, clock: Clock, tmp_path: Path) -> AsyncIterator[ServiceContext]:
    settings = Settings(
        database_url=database_url, data_dir=tmp_path, issuer_url=ISSUER, kek=MASTER_KEY
    )
    context = await open_registry(settings, clock=clock)
    try:
        yield context
    finally:
        await context.aclose()


# Organisations of the test world: code -> (kind, region, role its accounts have).
ORGS: dict[str, tuple[OrgKind, str, Role]] = {
    "operator": (OrgKind.OPERATOR, "000000", Role.SYSTEM_ADMIN),
    "yp-talent": (OrgKind.TALENT_OFFICE, "310110", Role.TALENT_OFFICIAL),
    "hz-talent": (OrgKind.TALENT_OFFICE, "440105", Role.TALENT_OFFICIAL),
    "sh-cac": (OrgKind.CAC_OFFICE, "310000", Role.CAC_OFFICIAL),
    "hz-cac": (OrgKind.CAC_OFFICE, "440105", Role.CAC_OFFICIAL),
    "sh-hrss": (OrgKind.HRSS_BUREAU, "310000", Role.HRSS_OFFICIAL),
    "sh-mma": (OrgKind.EVALUATION_INSTITUTION, "310000", Role.EVALUATOR),
    "migu": (OrgKind.EVALUATION_INSTITUTION, "310000", Role.EVALUATOR),
    "creators": (OrgKind.CREATOR_COMMUNITY, "000000", Role.CREATOR),
    "sh-bank": (OrgKind.FINANCIAL, "310000", Role.PARTNER),
    "sh-audit": (OrgKind.AUDIT_OFFICE, "310000", Role.AUDITOR),
}


@dataclass
class World:
    ctx: ServiceContext
    admin: Principal = field(default_factory=Principal.system)
    principals: dict[str, Principal] = field(default_factory=dict)

    def __getitem__(self, org: str) -> Principal:
        return self.principals[org]

    async def sign_in(self, org: str, username: str, role: Role | None = None) -> Principal:
        role = role or ORGS[org][2]
        account = await orgs.ensure_account(
            self.ctx, self.admin, orgs.CreateAccount(org, username, role)
        )
        issued = await orgs.create_token(self.ctx, self.admin, account_id=account.id)
        return await orgs.authenticate(self.ctx, issued.secret)


async def _seed_world(database_url: str) -> dict[str, Principal]:
    settings = Settings(
        database_url=database_url, data_dir=Path("."), issuer_url=ISSUER, kek=MASTER_KEY
    )
    context = await open_registry(settings, clock=Clock())
    try:
        w = World(context)
        for code, (kind, region, _role) in ORGS.items():
            await orgs.create_organisation(
                context, w.admin, orgs.CreateOrganisation(code, f"{code} name", kind, region)
            )
        principals = {code: await w.sign_in(code, "main") for code in ORGS}
        await key_service.ensure_signing_key(context, w.admin)
        return principals
    finally:
        await context.aclose()


# backend -> (template holding the world, its principals); built once per session.
_WORLDS: dict[str, tuple[Any, dict[str, Principal]]] = {}


def _world_template(backend: str, base: Any, cluster: PgCluster | None) -> Any:
    """Clone the migrated template, seed the world into it once, and use that as template."""
    if backend not in _WORLDS:
        if cluster is None:
            path = Path(base).with_name("world.db")
            shutil.copyfile(base, path)
            principals = run_async(_seed_world(f"sqlite+aiosqlite:///{path}"))
            _WORLDS[backend] = (path, principals)
        else:
            name = "ccr_world"
            run_async(admin_sql(cluster, f'CREATE DATABASE "{name}" TEMPLATE "{base}"'))
            principals = run_async(_seed_world(cluster.url(name)))
            _WORLDS[backend] = (name, principals)
    return _WORLDS[backend][0]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The hook sees the whole session's items: touch only this package's tests.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents and "world" in getattr(item, "fixturenames", ()):
            item.ccr_template = _world_template  # type: ignore[attr-defined]


@pytest.fixture
async def world(ctx: ServiceContext, database_url: str) -> World:
    """Organisations of every kind, one signed-in principal each, and an active key.

    Seeded once per backend into a template the test's database is cloned from.
    """
    backend = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    return World(ctx, principals=dict(_WORLDS[backend][1]))


ID_DOC = IdDocumentType.RESIDENT_ID
DOMESTIC = Origin.DOMESTIC
