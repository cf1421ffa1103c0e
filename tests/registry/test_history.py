"""Histories from the audit log, on both databases: reasons kept with each change, narrowed by
role (an evaluation institution its own office's entries, partners none)."""

from __future__ import annotations

from registry.domain.enums import AwardGrade
from registry.services import awards, history, recognitions
from registry.services.context import ServiceContext
from tests.registry.conftest import World
from tests.registry.helpers import mma_filing, new_creator, skill_certificate


async def test_each_change_says_who_and_why(ctx: ServiceContext, world: World) -> None:
    creator = await new_creator(ctx, world)
    claim = await awards.record_award(
        ctx,
        world["sh-cac"],
        awards.RecordAward("SH_SILVER_DOVE", 2025, AwardGrade.FIRST, creator_id=creator.id),
    )
    await awards.start_award_verification(ctx, world["sh-cac"], claim.id)
    await awards.reject_award(ctx, world["sh-cac"], claim.id, reason="名单中无此作品")
    applied = await recognitions.apply_for_recognition(
        ctx, world["yp-talent"], recognitions.ApplyForRecognition(creator.id, "YP_VJUCHANG")
    )
    await recognitions.decide_recognition(
        ctx, world["yp-talent"], applied.id, approve=False, reason="未在区内实际经营"
    )
    [award, recognition, person] = await history.load_histories(
        ctx,
        world["sh-cac"],
        [
            history.history_key("award", claim.id),
            history.history_key("recognition", applied.id),
            history.history_key("creator", creator.id),
        ],
    )
    assert [(e.action, e.reason) for e in award] == [
        ("award.claim", None),
        ("award.start_verification", None),
        ("award.reject", "名单中无此作品"),
    ]
    assert {e.organisation for e in award} == {"sh-cac"}
    assert award[0].organisation_name == "sh-cac name"
    assert all(e.actor for e in award)
    assert [(e.action, e.reason) for e in recognition] == [
        ("recognition.apply", None),
        ("recognition.refuse", "未在区内实际经营"),
    ]
    assert [e.action for e in person] == ["creator.register"]


async def test_an_institution_reads_its_own_entries_and_partners_none(
    ctx: ServiceContext, world: World
) -> None:
    creator = await new_creator(ctx, world)  # registered by the Yangpu talent office
    certificate = await skill_certificate(ctx, world, creator.id, await mma_filing(ctx, world))
    keys = [history.history_key("creator", creator.id)]
    keys.append(history.history_key("skill_certificate", certificate))
    [person, cert] = await history.load_histories(ctx, world["sh-mma"], keys)
    assert person == []  # the talent office registered the creator
    assert [(e.action, e.organisation, e.actor is None) for e in cert] == [
        ("certificate.record", "sh-mma", False)
    ]
    assert await history.load_histories(ctx, world["sh-bank"], keys) == [[], []]
