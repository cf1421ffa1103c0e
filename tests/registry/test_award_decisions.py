from __future__ import annotations

import pytest

from registry.domain.enums import AwardGrade, AwardState
from registry.errors import ErrorCode, InvalidInput
from registry.services import awards
from registry.services.context import ServiceContext
from tests.registry.conftest import World
from tests.registry.helpers import new_creator, verified_award


@pytest.mark.parametrize("reason", ["", "   "])
async def test_rescinding_without_a_reason_is_refused_and_changes_nothing(
    ctx: ServiceContext, world: World, reason: str
) -> None:
    creator = await new_creator(ctx, world)
    grant_id = await verified_award(ctx, world, creator.id)
    with pytest.raises(InvalidInput) as caught:
        await awards.rescind_award(ctx, world["sh-cac"], grant_id, reason=reason)
    assert caught.value.code is ErrorCode.INVALID_INPUT
    assert caught.value.field == "reason"
    rescinded = await awards.rescind_award(ctx, world["sh-cac"], grant_id, reason="withdrawn")
    assert rescinded.state is AwardState.RESCINDED


async def test_rejecting_without_a_reason_is_refused(ctx: ServiceContext, world: World) -> None:
    creator = await new_creator(ctx, world)
    grant = await awards.record_award(
        ctx,
        world["sh-cac"],
        awards.RecordAward("SH_SILVER_DOVE", 2025, AwardGrade.FIRST, creator_id=creator.id),
    )
    await awards.start_award_verification(ctx, world["sh-cac"], grant.id)
    with pytest.raises(InvalidInput):
        await awards.reject_award(ctx, world["sh-cac"], grant.id, reason="")
    rejected = await awards.reject_award(ctx, world["sh-cac"], grant.id, reason="no list entry")
    assert rejected.state is AwardState.REJECTED
