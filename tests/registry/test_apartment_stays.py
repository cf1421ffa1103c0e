"""优享计划 YOUNG人才公寓 stays: recognition alone opens them (DOMAIN §4, 002), up to 5 days,
twice a year, for non-commercial major events, which the official attests."""

from __future__ import annotations

from datetime import date

import pytest

from registry.errors import DomainError, ErrorCode
from registry.services import audit_log, eligibility
from registry.services.apartment_stays import RecordApartmentStay, record_apartment_stay
from registry.services.context import ServiceContext
from registry.services.eligibility import DecideEligibility
from registry.services.loaders import load_apartment_stays_of
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import new_creator, recognised


async def _recognised_only(ctx: ServiceContext, world: World) -> str:
    """An approved RECOGNISED decision: no money tier, the stays and facilitation only."""
    creator = await new_creator(ctx, world)
    await recognised(ctx, world, creator.id)
    decided = await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        DecideEligibility(creator.id, "YP_YOUXIANG", None, True, "经认定", TODAY),
    )
    assert decided.decision.tier == "RECOGNISED"
    assert "YOUNG_APARTMENT_STAY" in decided.decision.benefits
    assert "RENT_SUBSIDY" not in decided.decision.benefits
    return decided.decision.id


def _stay(decision: str, day: date, days: int = 3, **changes: object) -> RecordApartmentStay:
    values: dict[str, object] = {
        "decision_id": decision,
        "starts_on": day,
        "days": days,
        "event": "2026 上海国际创作者大会",
        "non_commercial": True,
        "evidence_ref": "邀请函-7",
    }
    values.update(changes)
    return RecordApartmentStay(**values)  # type: ignore[arg-type]


async def test_two_stays_a_year_of_at_most_five_days_for_non_commercial_events(
    ctx: ServiceContext, world: World
) -> None:
    decision = await _recognised_only(ctx, world)
    office = world["yp-talent"]

    async def refusal(command: RecordApartmentStay, who: str = "yp-talent") -> object:
        with pytest.raises(DomainError) as refused:
            await record_apartment_stay(ctx, world[who], command)
        return refused.value.code, refused.value.field

    day = date(2026, 6, 1)
    assert await refusal(_stay(decision, day, non_commercial=False)) == (
        ErrorCode.INVALID_INPUT,
        "non_commercial",
    )
    assert await refusal(_stay(decision, day, days=6)) == (ErrorCode.INVALID_INPUT, "days")
    assert await refusal(_stay(decision, day, days=0)) == (ErrorCode.INVALID_INPUT, "days")
    assert await refusal(_stay(decision, day, event=" ")) == (ErrorCode.INVALID_INPUT, "event")
    assert await refusal(_stay(decision, day, event="x" * 201)) == (
        ErrorCode.INVALID_INPUT,
        "event",
    )
    assert await refusal(_stay(decision, day), "hz-talent") == (
        ErrorCode.OUT_OF_SCOPE,
        "decision_id",
    )
    first = await record_apartment_stay(ctx, office, _stay(decision, day, days=5))
    await record_apartment_stay(ctx, office, _stay(decision, date(2026, 11, 2)))
    assert await refusal(_stay(decision, date(2026, 12, 20))) == (
        ErrorCode.STAY_LIMIT_REACHED,
        "starts_on",
    )
    next_year = await record_apartment_stay(ctx, office, _stay(decision, date(2027, 1, 5)))
    [stays] = await load_apartment_stays_of(ctx, office, [decision])
    assert [s.id for s in stays][0::2] == [first.id, next_year.id]
    assert (first.days, first.non_commercial, first.evidence_ref) == (5, True, "邀请函-7")
    await audit_log.verify_audit_chain(ctx)


async def test_no_stays_without_a_live_approval_that_grants_them(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)
    rejected = await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        DecideEligibility(creator.id, "YP_YOUXIANG", None, False, "未认定", TODAY),
    )
    with pytest.raises(DomainError) as refused:
        await record_apartment_stay(
            ctx, world["yp-talent"], _stay(rejected.decision.id, date(2026, 6, 1))
        )
    assert (refused.value.code, refused.value.field) == (ErrorCode.INVALID_STATE, "decision_id")
