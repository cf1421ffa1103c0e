"""The officials' search box: a name or handle, the last four characters of an ID number, a
whole ID number (through its lookup hash) or a certificate number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from registry.domain.enums import Platform
from registry.domain.paging import PageRequest
from registry.errors import InvalidInput
from registry.services import creators, queries
from registry.services.context import ServiceContext
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import holder_of, mma_filing, new_creator, skill_certificate

PAGE = PageRequest(first=20)


async def _found(ctx: ServiceContext, world: World, text: str, who: str = "yp-talent") -> set[str]:
    page = await queries.list_creators(ctx, world[who], PAGE, queries.CreatorFilter(search=text))
    return {creator.id for creator in page.items}


async def test_each_way_of_naming_a_creator_finds_them(ctx: ServiceContext, world: World) -> None:
    target = await new_creator(ctx, world, name="欧阳娜娜")
    other = await new_creator(ctx, world, name="王五")
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(
            target.id, Platform.BILIBILI, "nana_vlog", 5_000, TODAY, Decimal("10")
        ),
    )
    holder = await holder_of(ctx, target.id)
    filing = await mma_filing(ctx, world)
    certificate = await skill_certificate(ctx, world, target.id, filing)
    number = next(
        c.number
        for c in (await queries.list_certificates(ctx, world["sh-mma"], PAGE)).items
        if c.id == certificate
    )
    assert await _found(ctx, world, "欧阳") == {target.id}
    assert await _found(ctx, world, "nana_v") == {target.id}
    assert target.id in await _found(ctx, world, holder.id_number[-4:])
    assert await _found(ctx, world, holder.id_number) == {target.id}
    assert await _found(ctx, world, holder.id_number.lower()) == {target.id}
    assert await _found(ctx, world, number) == {target.id}
    assert other.id not in await _found(ctx, world, holder.id_number)
    # A whole number is matched exactly: one digit off finds nobody.
    wrong = (
        holder.id_number[:10]
        + ("1" if holder.id_number[10] != "1" else "2")
        + holder.id_number[11:]
    )
    assert await _found(ctx, world, wrong) == set()
    # An institution finds its holder by certificate number, never by a platform handle.
    assert await _found(ctx, world, number, who="sh-mma") == {target.id}
    assert await _found(ctx, world, "nana_v", who="sh-mma") == set()


async def test_a_search_is_bounded(ctx: ServiceContext, world: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        await _found(ctx, world, "x" * 65)
    assert caught.value.field == "search"
