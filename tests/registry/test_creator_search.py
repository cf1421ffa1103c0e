"""The officials' search box: a name or handle, the last four characters of an ID number, a
whole ID number (through its lookup hash) or a certificate number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from registry.domain.enums import CredentialStatus, Platform
from registry.domain.paging import PageRequest
from registry.errors import InvalidInput, NotAuthorized
from registry.services import creators, queries
from registry.services.context import ServiceContext
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import (
    approved_decision,
    holder_of,
    mma_filing,
    new_creator,
    skill_certificate,
)

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


async def test_filters_by_tier_credential_status_and_cluster(
    ctx: ServiceContext, world: World
) -> None:
    decided = await approved_decision(ctx, world, issue_credential=True)
    granted = decided.decision.creator_id
    plain = (await new_creator(ctx, world, name="无记录")).id
    assert decided.decision.tier is not None

    async def found(**filters: object) -> set[str]:
        page = await queries.list_creators(
            ctx,
            world["yp-talent"],
            PAGE,
            queries.CreatorFilter(**filters),  # type: ignore[arg-type]
        )
        return {creator.id for creator in page.items}

    assert granted in await found(tier=decided.decision.tier)
    assert plain not in await found(tier=decided.decision.tier)
    assert await found(tier="NO_SUCH_TIER") == set()
    assert granted in await found(credential_status=CredentialStatus.ACTIVE)
    assert plain not in await found(credential_status=CredentialStatus.ACTIVE)
    assert granted in await found(cluster_code="YP_VJUCHANG")
    assert plain not in await found(cluster_code="YP_VJUCHANG")


@pytest.mark.parametrize(
    "filters",
    [{"cluster_code": "YP_VJUCHANG"}, {"tier": "LEADING"}, {"platform": Platform.BILIBILI}],
)
async def test_an_institution_cannot_filter_on_what_it_does_not_read(
    ctx: ServiceContext, world: World, filters: dict[str, object]
) -> None:
    with pytest.raises(NotAuthorized):
        await queries.list_creators(
            ctx,
            world["sh-mma"],
            PAGE,
            queries.CreatorFilter(**filters),  # type: ignore[arg-type]
        )
