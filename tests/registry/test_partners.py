"""Partner API clients: declared purposes and scopes, rate limits, and the disclosure log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NoReturn

import pytest
from sqlalchemy import func, select

from registry.db import models as m
from registry.domain.enums import OrgKind
from registry.domain.paging import PageRequest
from registry.errors import ErrorCode, InvalidInput, NotAuthenticated, NotAuthorized
from registry.services import orgs, partners
from registry.services.context import ServiceContext
from tests.registry.conftest import NOW, Clock, World
from tests.registry.helpers import recognition_credential


async def test_a_client_discloses_only_for_its_declared_purposes(
    ctx: ServiceContext, world: World
) -> None:
    issued = await partners.create_api_client(
        ctx,
        world.admin,
        partners.CreateApiClient(
            "sh-bank",
            "人才贷核验",
            ("TALENT_LOAN",),
            ("verify:result", "verify:achievement"),
            5.0,
            20,
        ),
    )
    assert issued.secret not in repr(issued)
    client = await orgs.authenticate(ctx, issued.secret)
    assert client.client_id == issued.client.id
    assert client.purposes == {"TALENT_LOAN"}
    assert client.scopes == {"verify:result", "verify:achievement"}
    assert (client.rate_per_second, client.burst) == (5.0, 20)

    credential = await recognition_credential(ctx, world)
    event = await partners.record_disclosure(
        ctx,
        client,
        partners.Disclosure(
            "TALENT_LOAN", ("valid", "kind", "level"), credential.credential.id, None
        ),
    )
    assert event.client_id == issued.client.id
    with pytest.raises(NotAuthorized) as caught:
        await partners.record_disclosure(ctx, client, partners.Disclosure("MARKETING", ("valid",)))
    assert (caught.value.code, caught.value.field) == (ErrorCode.PURPOSE_NOT_DECLARED, "purpose")

    own = await partners.list_disclosures(ctx, client, PageRequest(first=10))
    assert [(e.purpose, e.credential_id) for e in own.items] == [
        ("TALENT_LOAN", credential.credential.id)
    ]
    seen_by_auditor = await partners.list_disclosures(
        ctx, world["sh-audit"], PageRequest(first=10), client_id=issued.client.id
    )
    assert [e.id for e in seen_by_auditor.items] == [event.id]
    assert seen_by_auditor.items[0].organisation == "sh-bank"

    await orgs.create_organisation(
        ctx, world.admin, orgs.CreateOrganisation("dy", "抖音", OrgKind.PLATFORM, "000000")
    )
    other = await partners.create_api_client(
        ctx,
        world.admin,
        partners.CreateApiClient("dy", "认证", ("CREATOR_BADGE",), ("verify:result",)),
    )
    other_client = await orgs.authenticate(ctx, other.secret)
    assert (await partners.list_disclosures(ctx, other_client, PageRequest(first=10))).items == []

    await partners.revoke_api_client(ctx, world.admin, issued.client.id)
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, issued.secret)
    assert [c.id for c in await partners.list_api_clients(ctx, other_client)] == [other.client.id]


async def test_a_client_token_expires_when_asked_and_after_the_default_lifetime(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    def command(name: str, expires_in: timedelta | None) -> partners.CreateApiClient:
        return partners.CreateApiClient(
            "sh-bank",
            name,
            ("TALENT_LOAN",),
            ("verify:result",),
            expires_at=None if expires_in is None else NOW + expires_in,
        )

    with pytest.raises(InvalidInput) as past:
        await partners.create_api_client(ctx, world.admin, command("过期", -timedelta(seconds=1)))
    assert (past.value.code, past.value.field) == (ErrorCode.INVALID_INPUT, "expires_at")
    # Refused before anything was written (the account is created first otherwise).
    assert await partners.list_api_clients(ctx, world.admin) == []

    expiring = await partners.create_api_client(
        ctx, world.admin, command("季度核验", timedelta(days=30))
    )
    yearly = await partners.create_api_client(
        ctx, world.admin, command("年度核验", timedelta(days=365))
    )
    default = await partners.create_api_client(ctx, world.admin, command("常规核验", None))
    assert (await orgs.authenticate(ctx, expiring.secret)).client_id == expiring.client.id
    clock.advance(days=30)
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, expiring.secret)
    assert (await orgs.authenticate(ctx, default.secret)).client_id == default.client.id
    clock.advance(days=60)  # 90 days: the default lifetime of every token
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, default.secret)
    assert (await orgs.authenticate(ctx, yearly.secret)).client_id == yearly.client.id


async def _rows(ctx: ServiceContext) -> tuple[int, ...]:
    async with ctx.uow(read_only=True) as uow:
        counted = []
        for table in (m.Account, m.ApiClient, m.ApiToken, m.AuditEvent):
            found = await uow.session.execute(select(func.count()).select_from(table))
            counted.append(found.scalar_one())
        return tuple(counted)


async def test_a_client_is_created_whole_or_not_at_all(
    ctx: ServiceContext, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def command(name: str, expires_at: datetime | None = None) -> partners.CreateApiClient:
        return partners.CreateApiClient(
            "sh-bank", name, ("TALENT_LOAN",), ("verify:result",), expires_at=expires_at
        )

    before = await _rows(ctx)
    with pytest.raises(InvalidInput) as past:
        await partners.create_api_client(
            ctx, world.admin, command("过期", NOW - timedelta(seconds=1))
        )
    assert past.value.field == "expires_at"
    assert await _rows(ctx) == before

    async def token_fails(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("the token step failed")

    monkeypatch.setattr(partners, "add_token", token_fails)
    with pytest.raises(RuntimeError):
        await partners.create_api_client(ctx, world.admin, command("中断"))
    assert await _rows(ctx) == before
    monkeypatch.undo()

    issued = await partners.create_api_client(ctx, world.admin, command("中断"))
    assert (await orgs.authenticate(ctx, issued.secret)).client_id == issued.client.id
    accounts, clients, tokens, _events = await _rows(ctx)
    assert (accounts, clients, tokens) == (before[0] + 1, before[1] + 1, before[2] + 1)


async def test_disclosures_are_logged_together_all_or_none(
    ctx: ServiceContext, world: World
) -> None:
    made = [
        await partners.create_api_client(
            ctx,
            world.admin,
            partners.CreateApiClient(
                "sh-bank", name, ("TALENT_LOAN",), ("verify:result",), 5.0, 20
            ),
        )
        for name in ("人才贷核验", "安居核验")
    ]
    first, second = [await orgs.authenticate(ctx, issued.secret) for issued in made]
    loan = partners.Disclosure("TALENT_LOAN", ("valid",), None, "VALID")
    events = await partners.record_disclosures(ctx, [(first, loan), (second, loan), (first, loan)])
    assert [e.client_id for e in events] == [
        made[0].client.id,
        made[1].client.id,
        made[0].client.id,
    ]
    assert len({e.id for e in events}) == 3

    async def count() -> int:
        async with ctx.uow(read_only=True) as uow:
            return int(
                (await uow.session.execute(select(func.count(m.Disclosure.id)))).scalar_one()
            )

    before = await count()
    with pytest.raises(NotAuthorized):
        await partners.record_disclosures(
            ctx, [(first, loan), (second, partners.Disclosure("MARKETING", ("valid",)))]
        )
    assert await count() == before
