"""An office's work queues, on both databases: each lists only what that office may act on,
earliest deadline first, counts everything and lists at most the limit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from registry.domain.enums import AwardGrade, CredentialKind
from registry.errors import InvalidInput, NotAuthorized
from registry.services import awards, issuance, recognitions, work_queues
from registry.services.context import ServiceContext
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import new_creator, provisional_decision


async def _queues(
    ctx: ServiceContext, world: World, org: str, limit: int = 20
) -> dict[str, work_queues.WorkQueue]:
    return {q.name: q for q in await work_queues.office_queues(ctx, world[org], limit=limit)}


async def test_each_office_sees_the_queues_it_works_and_only_its_own_records(
    ctx: ServiceContext, world: World
) -> None:
    # An award claim waiting for the Shanghai network information office.
    claimant = await new_creator(ctx, world, name="李四")
    claim = await awards.record_award(
        ctx,
        world["sh-cac"],
        awards.RecordAward("SH_SILVER_DOVE", 2025, AwardGrade.FIRST, creator_id=claimant.id),
    )
    # A Yangpu application for recognition.
    applicant = await new_creator(ctx, world, name="王五")
    application = await recognitions.apply_for_recognition(
        ctx, world["yp-talent"], recognitions.ApplyForRecognition(applicant.id, "YP_VJUCHANG")
    )
    # Two recognition credentials of Yangpu's: one ends in 20 days, one in a year.
    ending = []
    for name, days in (("赵六", 20), ("钱七", 365)):
        holder = await new_creator(ctx, world, name=name)
        recognised = await recognitions.recognise_creator(
            ctx,
            world["yp-talent"],
            recognitions.RecogniseCreator(
                holder.id, "YP_VJUCHANG", TODAY, TODAY + timedelta(days=days)
            ),
        )
        issued = await issuance.issue_credential(
            ctx,
            world["yp-talent"],
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, recognised.id),
        )
        ending.append(issued.credential.id)
    # A Haizhu 容缺 approval whose documents are due in 10 days.
    _, provisional, _ = await provisional_decision(ctx, world, TODAY + timedelta(days=10))

    cac = await _queues(ctx, world, "sh-cac")
    assert list(cac) == ["awardsToVerify", "credentialsExpiring"]
    assert [
        (i.record_id, i.creator_name, i.subject, i.state) for i in cac["awardsToVerify"].items
    ] == [(claim.id, "李四", "SH_SILVER_DOVE", "CLAIMED")]
    # Guangzhou's office has no authority over a Shanghai programme.
    assert (await _queues(ctx, world, "hz-cac"))["awardsToVerify"].total == 0

    yangpu = await _queues(ctx, world, "yp-talent")
    assert list(yangpu) == ["provisionalDue", "credentialsExpiring", "recognitionsPending"]
    assert [i.record_id for i in yangpu["recognitionsPending"].items] == [application.id]
    assert [(i.record_id, i.due) for i in yangpu["credentialsExpiring"].items] == [
        (ending[0], TODAY + timedelta(days=20))
    ]
    assert yangpu["provisionalDue"].total == 0  # the approval is Haizhu's

    haizhu = await _queues(ctx, world, "hz-talent")
    assert [(i.record_id, i.due) for i in haizhu["provisionalDue"].items] == [
        (provisional, TODAY + timedelta(days=10))
    ]
    assert haizhu["recognitionsPending"].total == 0  # Yangpu's application

    assert list(await _queues(ctx, world, "sh-mma")) == ["credentialsExpiring"]


async def test_a_queue_counts_all_and_lists_at_most_the_limit(
    ctx: ServiceContext, world: World
) -> None:
    for name in ("甲", "乙", "丙"):
        creator = await new_creator(ctx, world, name=name)
        await recognitions.apply_for_recognition(
            ctx, world["yp-talent"], recognitions.ApplyForRecognition(creator.id, "YP_VJUCHANG")
        )
    pending = (await _queues(ctx, world, "yp-talent", limit=2))["recognitionsPending"]
    assert pending.total == 3
    assert [i.creator_name for i in pending.items] == ["甲", "乙"]  # oldest first


@pytest.mark.parametrize("limit", [0, 101])
async def test_the_limit_is_bounded(ctx: ServiceContext, world: World, limit: int) -> None:
    with pytest.raises(InvalidInput):
        await work_queues.office_queues(ctx, world["yp-talent"], limit=limit)


@pytest.mark.parametrize("org", ["creators", "sh-bank", "sh-audit"])
async def test_only_offices_have_queues(ctx: ServiceContext, world: World, org: str) -> None:
    with pytest.raises(NotAuthorized):
        await work_queues.office_queues(ctx, world[org])
