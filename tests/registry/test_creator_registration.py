"""A creator registering itself: one profile per account, and no way to probe whether an ID
number is registered."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registry.db import models as m
from registry.errors import Conflict, ErrorCode
from registry.services import creators
from registry.services.context import ServiceContext
from tests.registry.conftest import DOMESTIC, ID_DOC, World, resident_id


def _command(serial: str) -> creators.RegisterCreator:
    return creators.RegisterCreator("孙九", DOMESTIC, ID_DOC, resident_id(serial=serial))


async def _creators(ctx: ServiceContext) -> int:
    async with ctx.uow(read_only=True) as uow:
        found = await uow.session.execute(select(func.count()).select_from(m.Creator))
        return int(found.scalar_one())


async def test_a_creator_cannot_learn_whether_an_id_number_is_registered(
    ctx: ServiceContext, world: World
) -> None:
    await creators.register_creator(ctx, world["yp-talent"], _command("611"))
    count = await _creators(ctx)
    me = await world.sign_in("creators", "prober")
    with pytest.raises(Conflict) as probed:
        await creators.register_creator(ctx, me, _command("611"))
    assert probed.value.code is not ErrorCode.DUPLICATE
    assert probed.value.field is None
    assert "ID number" not in probed.value.message
    assert "registered" not in probed.value.message.replace("cannot be registered", "")
    assert await _creators(ctx) == count
    # Officials keep the precise answer.
    with pytest.raises(Conflict) as official:
        await creators.register_creator(ctx, world["sh-cac"], _command("611"))
    assert (official.value.code, official.value.field) == (ErrorCode.DUPLICATE, "id_number")
    # The account is still free to register its own profile.
    own = await creators.register_creator(ctx, me, _command("612"))
    assert own.id_number_masked.endswith(resident_id(serial="612")[-4:])


async def test_one_account_registers_one_profile_even_with_a_stale_principal(
    ctx: ServiceContext, world: World
) -> None:
    me = await world.sign_in("creators", "twice")
    await creators.register_creator(ctx, me, _command("621"))
    count = await _creators(ctx)
    assert me.creator_id is None  # authenticated before the profile existed
    with pytest.raises(Conflict) as again:
        await creators.register_creator(ctx, me, _command("622"))
    assert again.value.code is ErrorCode.DUPLICATE
    assert "already has a creator profile" in again.value.message
    assert await _creators(ctx) == count
