"""Every token expires, can be listed without its secret, revoked, and dies with its account;
a single-use token works once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from registry.domain.enums import Role
from registry.errors import DomainError, ErrorCode, NotAuthenticated
from registry.services import orgs
from registry.services.context import ServiceContext
from tests.registry.conftest import Clock, World


async def _account(ctx: ServiceContext, world: World, username: str) -> str:
    created = await orgs.ensure_account(
        ctx, world.admin, orgs.CreateAccount("yp-talent", username, Role.TALENT_OFFICIAL)
    )
    return created.id


async def test_a_token_expires_after_the_default_lifetime_unless_told(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    account = await _account(ctx, world, "lifetime")
    issued = await orgs.create_token(ctx, world.admin, account_id=account)
    assert issued.token.expires_at == ctx.now() + timedelta(days=90)
    longer = await orgs.create_token(
        ctx, world.admin, account_id=account, expires_at=ctx.now() + timedelta(days=365)
    )
    clock.advance(days=91)
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, issued.secret)
    assert (await orgs.authenticate(ctx, longer.secret)).account_ref == account


async def test_tokens_are_listed_without_secrets_and_revoked_at_once(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    account = await _account(ctx, world, "leaky")
    issued = await orgs.create_token(ctx, world.admin, account_id=account, label="laptop")
    [listed] = await orgs.list_tokens(ctx, world.admin, account)
    assert listed.last_used_at is None
    assert issued.secret.startswith(listed.prefix)
    assert issued.secret not in repr(listed)
    await orgs.authenticate(ctx, issued.secret)
    [used] = await orgs.list_tokens(ctx, world.admin, account)
    assert used.last_used_at == ctx.now()
    revoked = await orgs.revoke_token(ctx, world.admin, listed.id)
    assert revoked.revoked_at == ctx.now()
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, issued.secret)
    with pytest.raises(DomainError) as again:
        await orgs.revoke_token(ctx, world.admin, listed.id)
    assert again.value.code is ErrorCode.INVALID_STATE
    with pytest.raises(DomainError) as forbidden:
        await orgs.list_tokens(ctx, world["yp-talent"], account)
    assert forbidden.value.code is ErrorCode.FORBIDDEN


async def test_a_disabled_account_loses_its_tokens_for_good(
    ctx: ServiceContext, world: World
) -> None:
    account = await _account(ctx, world, "leaver")
    issued = await orgs.create_token(ctx, world.admin, account_id=account)
    disabled = await orgs.set_account_active(ctx, world.admin, account, active=False)
    assert disabled.active is False
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, issued.secret)
    await orgs.set_account_active(ctx, world.admin, account, active=True)
    with pytest.raises(NotAuthenticated):  # enabling again does not revive a leaked token
        await orgs.authenticate(ctx, issued.secret)
    fresh = await orgs.create_token(ctx, world.admin, account_id=account)
    assert (await orgs.authenticate(ctx, fresh.secret)).account_ref == account


async def test_a_single_use_token_works_once(ctx: ServiceContext, world: World) -> None:
    account = await _account(ctx, world, "bootstrap")
    issued = await orgs.create_token(ctx, world.admin, account_id=account, single_use=True)
    principal = await orgs.authenticate(ctx, issued.secret)
    assert principal.expires_at == ctx.now()  # no cache may hold on to it
    with pytest.raises(NotAuthenticated):
        await orgs.authenticate(ctx, issued.secret)
    [listed] = await orgs.list_tokens(ctx, world.admin, account)
    assert listed.single_use
    assert listed.revoked_at is not None
