from __future__ import annotations

from registry.services import creators
from registry.services.context import ServiceContext
from tests.registry.conftest import DOMESTIC, ID_DOC, World, resident_id


async def test_register_creator_masks_and_audits(ctx: ServiceContext, world: World) -> None:
    number = resident_id()
    creator = await creators.register_creator(
        ctx,
        world["yp-talent"],
        creators.RegisterCreator("张三", DOMESTIC, ID_DOC, number, region_code="310110"),
    )
    assert creator.id_number_masked == number[:3] + "*" * 11 + number[-4:]
    assert creator.masked_name == "张*"
    assert creator.registered_by == "yp-talent"
    found = await creators.find_creator_by_id_number(ctx, world["sh-cac"], ID_DOC, number)
    assert found is not None
    assert found.id == creator.id
