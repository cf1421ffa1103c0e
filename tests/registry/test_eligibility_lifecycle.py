"""After the decision, on both databases: 容缺 approvals completed or lapsed (with their
credentials), ``ccr eligibility lapse-overdue``, and monthly subsidy periods re-checked against
the policy window in force and the benefit's maximum months."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import select

from registry.db import models as m
from registry.domain.enums import CredentialStatus, DecisionOutcome, DecisionState
from registry.errors import DomainError, ErrorCode
from registry.services import audit_log, eligibility, loaders, programmes, queries
from registry.services.context import ServiceContext
from registry.services.eligibility import DecideEligibility, RecordCreatorFacts
from registry.services.eligibility_provisional import (
    CompleteProvisional,
    complete_provisional_decision,
    lapse_overdue_provisional_decisions,
)
from registry.services.subsidies import approve_subsidy_period
from signing import ErrorCode as VerifyCode
from tests.registry.conftest import MASTER_KEY, NOW, TODAY, Clock, World
from tests.registry.helpers import new_creator, provisional_decision
from tests.registry.test_eligibility_services import _check, _top_creator

DUE = TODAY + timedelta(days=30)


async def _state(ctx: ServiceContext, world: World, creator: str) -> DecisionState:
    [decision] = await eligibility.list_decisions(ctx, world["hz-talent"], creator)
    return decision.state


async def _actions(ctx: ServiceContext, target: str) -> list[str]:
    async with ctx.uow(read_only=True) as uow:
        found = await uow.session.execute(
            select(m.AuditEvent.action)
            .where(m.AuditEvent.target_id == target)
            .order_by(m.AuditEvent.seq)
        )
        return [str(action) for action in found.scalars()]


async def test_overdue_provisional_approvals_lapse_and_their_credentials_are_revoked(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    creator, decision, text = await provisional_decision(ctx, world, DUE)
    haizhu = world["hz-talent"]
    # Due on DUE: still in time that day.
    clock.advance(days=(DUE - TODAY).days)
    assert await lapse_overdue_provisional_decisions(ctx, haizhu, on=DUE) == []
    # Yangpu's office has no authority over a Haizhu programme: its sweep passes it by.
    clock.advance(days=1)
    late = DUE + timedelta(days=1)
    assert await lapse_overdue_provisional_decisions(ctx, world["yp-talent"], on=late) == []
    with pytest.raises(DomainError) as creator_refused:
        await lapse_overdue_provisional_decisions(ctx, world["creators"], on=late)
    assert creator_refused.value.code is ErrorCode.FORBIDDEN
    assert await _state(ctx, world, creator) is DecisionState.ACTIVE

    assert await lapse_overdue_provisional_decisions(ctx, haizhu, on=late) == [decision]
    [lapsed] = await eligibility.list_decisions(ctx, haizhu, creator)
    assert (lapsed.outcome, lapsed.state) == (DecisionOutcome.PROVISIONAL, DecisionState.LAPSED)
    assert lapsed.ended_reason is not None
    assert DUE.isoformat() in lapsed.ended_reason
    assert lapsed.credential_id is not None
    credential = await queries.get_credential(ctx, haizhu, lapsed.credential_id)
    assert credential.status is CredentialStatus.REVOKED
    # Past the deadline it has also expired: verify as of the decision day to see the status.
    lapsed_at, clock.moment = clock.moment, NOW
    assert await _check(ctx, text) is VerifyCode.REVOKED
    clock.moment = lapsed_at
    assert await _actions(ctx, decision) == ["eligibility.provisional", "eligibility.lapse"]
    assert await lapse_overdue_provisional_decisions(ctx, world.admin, on=late) == []
    with pytest.raises(DomainError) as too_late:
        await complete_provisional_decision(
            ctx, haizhu, CompleteProvisional(decision, "documents in", DUE)
        )
    assert (too_late.value.code, too_late.value.field) == (ErrorCode.INVALID_STATE, "decision_id")
    await audit_log.verify_audit_chain(ctx)


async def test_a_day_still_to_come_is_refused_and_nothing_lapses(
    ctx: ServiceContext, world: World
) -> None:
    creator, decision, text = await provisional_decision(ctx, world, DUE)
    haizhu = world["hz-talent"]
    for judge in (haizhu, world.admin):
        with pytest.raises(DomainError) as future:
            await lapse_overdue_provisional_decisions(ctx, judge, on=TODAY + timedelta(days=1))
        assert (future.value.code, future.value.field) == (ErrorCode.INVALID_INPUT, "on")
    assert await _state(ctx, world, creator) is DecisionState.ACTIVE
    assert await _check(ctx, text) is None
    assert await _actions(ctx, decision) == ["eligibility.provisional"]
    # Today itself is a day to judge by.
    assert await lapse_overdue_provisional_decisions(ctx, haizhu, on=TODAY) == []


async def test_completing_a_provisional_approval_confirms_it_and_renews_its_credential(
    ctx: ServiceContext, world: World, clock: Clock
) -> None:
    creator, decision, text = await provisional_decision(ctx, world, DUE)
    haizhu = world["hz-talent"]
    on = TODAY + timedelta(days=10)
    with pytest.raises(DomainError) as missing:
        await complete_provisional_decision(
            ctx, haizhu, CompleteProvisional(decision, "documents in", on)
        )
    assert (missing.value.code, missing.value.field) == (ErrorCode.DOCUMENTS_MISSING, "decision_id")
    assert "lawful_residence_city" in missing.value.message
    await eligibility.record_creator_facts(
        ctx,
        haizhu,
        RecordCreatorFacts(creator, {"lawful_residence_city": "440100"}, evidence_ref="res-9"),
    )
    with pytest.raises(DomainError) as creator_refused:
        await complete_provisional_decision(
            ctx, world["creators"], CompleteProvisional(decision, "documents in", on)
        )
    assert creator_refused.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(DomainError) as elsewhere:
        await complete_provisional_decision(
            ctx, world["yp-talent"], CompleteProvisional(decision, "documents in", on)
        )
    assert elsewhere.value.code is ErrorCode.OUT_OF_SCOPE
    with pytest.raises(DomainError) as overdue:
        await complete_provisional_decision(
            ctx, haizhu, CompleteProvisional(decision, "documents in", DUE + timedelta(days=1))
        )
    assert (overdue.value.code, overdue.value.field) == (ErrorCode.DOCUMENTS_OVERDUE, "decided_on")

    completed = await complete_provisional_decision(
        ctx, haizhu, CompleteProvisional(decision, "residence permit res-9", on)
    )
    confirmed = completed.decision
    assert confirmed.id == decision
    assert (confirmed.outcome, confirmed.state) == (DecisionOutcome.APPROVED, DecisionState.ACTIVE)
    assert confirmed.decided_on == on
    assert confirmed.evaluation["tree"]["status"] == "MET"
    assert completed.credential is not None
    assert confirmed.credential_id == completed.credential.credential.id
    assert await _check(ctx, text) is VerifyCode.REVOKED  # the provisional one is renewed
    assert await _check(ctx, completed.credential.qr_text) is None
    assert completed.credential.credential.valid_until.date() > DUE + timedelta(days=1)
    assert await _actions(ctx, decision) == ["eligibility.provisional", "eligibility.complete"]
    # Confirmed grants never lapse, and are not completed twice.
    clock.advance(days=(DUE - TODAY).days + 9)
    assert await lapse_overdue_provisional_decisions(ctx, haizhu, on=DUE + timedelta(days=9)) == []
    with pytest.raises(DomainError) as again:
        await complete_provisional_decision(ctx, haizhu, CompleteProvisional(decision, "again", on))
    assert again.value.code is ErrorCode.INVALID_STATE
    await audit_log.verify_audit_chain(ctx)


async def _ccr(*args: str, data_dir: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from registry.cli import main; main()",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={
            **os.environ,
            "COLUMNS": "200",
            "CCR_KEK": MASTER_KEY.reveal().hex(),
            "CCR_DATA_DIR": str(data_dir),
        },
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_ccr_eligibility_lapse_overdue(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path
) -> None:
    creator, decision, _ = await provisional_decision(ctx, world, DUE)
    url = ["--database-url", database_url]
    status, output = await _ccr(
        "eligibility", "lapse-overdue", "--on", "x", *url, data_dir=tmp_path
    )
    assert status != 0
    status, output = await _ccr(
        "eligibility", "lapse-overdue", "--on", DUE.isoformat(), *url, data_dir=tmp_path
    )
    assert status == 0, output
    assert "0 provisional" in output
    # The operator's clock is the real one: a day still to come is refused.
    coming = (date.today() + timedelta(days=2)).isoformat()
    status, output = await _ccr(
        "eligibility", "lapse-overdue", "--on", coming, *url, data_dir=tmp_path
    )
    assert status != 0
    assert "INVALID_INPUT (on)" in output
    assert await _state(ctx, world, creator) is DecisionState.ACTIVE
    late = (DUE + timedelta(days=1)).isoformat()
    status, output = await _ccr(
        "eligibility", "lapse-overdue", "--on", late, *url, data_dir=tmp_path
    )
    assert status == 0, output
    assert decision in output
    assert await _state(ctx, world, creator) is DecisionState.LAPSED
    await audit_log.verify_audit_chain(ctx)


def _seeded_yangpu() -> int:
    text = (resources.files("registry") / "policy" / "yangpu-youxiang.json").read_text("utf-8")
    version: int = json.loads(text)["version"]
    return version


def _yangpu_until(version: int, until: str) -> str:
    text = (resources.files("registry") / "policy" / "yangpu-youxiang.json").read_text("utf-8")
    document = json.loads(text)
    document["version"] = version
    document["policy"]["effective_until"] = until
    return json.dumps(document, ensure_ascii=False)


async def test_each_subsidy_period_is_checked_against_the_window_and_the_maximum(
    ctx: ServiceContext, world: World
) -> None:
    creator, _ = await _top_creator(ctx, world)
    office = world["yp-talent"]
    start = date(2028, 1, 15)
    decided = await eligibility.decide_eligibility(
        ctx,
        office,
        DecideEligibility(creator, "YP_YOUXIANG", None, True, "ok", TODAY, subsidy_start=start),
    )
    decision = decided.decision.id
    first = await approve_subsidy_period(ctx, office, decision, start)
    assert (first.number, first.start, first.end) == (1, start, date(2028, 2, 14))
    seeded = _seeded_yangpu()
    assert (first.benefit_code, first.amount, first.programme_version) == (
        "RENT_SUBSIDY",
        8000,
        seeded,
    )

    async def refusal(day: date, who: str = "yp-talent") -> tuple[ErrorCode, str | None]:
        with pytest.raises(DomainError) as refused:
            await approve_subsidy_period(ctx, world[who], decision, day)
        return refused.value.code, refused.value.field

    assert await refusal(start) == (ErrorCode.DUPLICATE, "period_start")
    assert await refusal(date(2028, 2, 16)) == (ErrorCode.INVALID_INPUT, "period_start")
    assert await refusal(date(2027, 12, 15)) == (ErrorCode.INVALID_INPUT, "period_start")
    # The 37th month of a 36-month rent subsidy.
    assert await refusal(date(2031, 1, 15)) == (ErrorCode.SUBSIDY_MONTHS_EXCEEDED, "period_start")
    assert await refusal(date(2028, 3, 15), "hz-talent") == (ErrorCode.OUT_OF_SCOPE, "decision_id")

    # A later version closes the window on 2030-07-14, as the Shanghai measures do: the
    # periods starting after it are no longer paid, those before still are.
    await programmes.publish_programme_version(ctx, office, _yangpu_until(seeded + 1, "2030-07-14"))
    thirtieth = await approve_subsidy_period(ctx, office, decision, date(2030, 6, 15))
    assert (thirtieth.number, thirtieth.programme_version) == (30, seeded + 1)
    assert await refusal(date(2030, 7, 15)) == (ErrorCode.POLICY_WINDOW_CLOSED, "period_start")
    assert await refusal(date(2030, 8, 15)) == (ErrorCode.POLICY_WINDOW_CLOSED, "period_start")

    # Nothing is paid under a refusal, a provisional approval or a grant no longer live.
    other = (await new_creator(ctx, world, name="王五")).id
    rejected = await eligibility.decide_eligibility(
        ctx, office, DecideEligibility(other, "YP_YOUXIANG", None, False, "no", TODAY)
    )
    with pytest.raises(DomainError) as not_granted:
        await approve_subsidy_period(ctx, office, rejected.decision.id, TODAY)
    assert not_granted.value.code is ErrorCode.INVALID_STATE
    _, provisional, _ = await provisional_decision(ctx, world, DUE)
    with pytest.raises(DomainError) as not_confirmed:
        await approve_subsidy_period(ctx, world["hz-talent"], provisional, TODAY)
    assert not_confirmed.value.code is ErrorCode.INVALID_STATE
    with pytest.raises(DomainError) as partner:
        await approve_subsidy_period(ctx, world["sh-bank"], decision, date(2028, 2, 15))
    assert partner.value.code is ErrorCode.FORBIDDEN
    assert await _actions(ctx, first.id) == ["subsidy.approve_period"]
    await audit_log.verify_audit_chain(ctx)


async def test_decisions_load_in_one_batch_with_each_callers_visibility(
    ctx: ServiceContext, world: World
) -> None:
    first, _ = await _top_creator(ctx, world)
    approved = await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        DecideEligibility(first, "YP_YOUXIANG", None, True, "ok", TODAY, issue_credential=True),
    )
    second, provisional, _ = await provisional_decision(ctx, world, DUE)
    keys = [second, "cr_unknown", first]

    async def ids(who: str) -> list[list[str]]:
        found = await loaders.load_decisions_of(ctx, world[who], keys)
        return [[d.id for d in group] for group in found]

    assert await ids("yp-talent") == [[], [], [approved.decision.id]]
    assert await ids("hz-talent") == [[provisional], [], []]
    assert await ids("sh-cac") == [[], [], []]  # no part in eligibility
    assert await ids("creators") == [[], [], []]  # not theirs
    [loaded] = (await loaders.load_decisions_of(ctx, world["yp-talent"], [first]))[0]
    assert [loaded] == await eligibility.list_decisions(ctx, world["yp-talent"], first)
    assert loaded.credential_id == approved.decision.credential_id is not None


async def test_subsidy_periods_load_in_one_batch_for_whoever_sees_the_decision(
    ctx: ServiceContext, world: World
) -> None:
    creator, _ = await _top_creator(ctx, world)
    office = world["yp-talent"]
    decided = await eligibility.decide_eligibility(
        ctx, office, DecideEligibility(creator, "YP_YOUXIANG", None, True, "ok", TODAY)
    )
    decision = decided.decision.id
    second = await approve_subsidy_period(ctx, office, decision, date(2026, 6, 20))
    first = await approve_subsidy_period(ctx, office, decision, TODAY)
    keys = [decision, "ed_unknown"]

    async def ids(who: str) -> list[list[str]]:
        found = await loaders.load_subsidy_periods_of(ctx, world[who], keys)
        return [[p.id for p in group] for group in found]

    assert await ids("yp-talent") == [[first.id, second.id], []]  # in period order
    assert await ids("hz-talent") == [[], []]  # another district's programme
    assert await ids("sh-cac") == [[], []]  # no part in eligibility
    assert await ids("creators") == [[], []]  # not theirs


async def test_a_grant_pays_the_sum_approved_never_more_than_the_cap(
    ctx: ServiceContext, world: World
) -> None:
    """ "每月最高8000元" is a cap: the decision records what the office approved, and every
    period is paid at that sum."""
    creator, _ = await _top_creator(ctx, world)
    office = world["yp-talent"]
    start = date(2028, 1, 15)

    def decide(amounts: dict[str, int]) -> DecideEligibility:
        return DecideEligibility(
            creator, "YP_YOUXIANG", None, True, "ok", TODAY, subsidy_start=start,
            approved_amounts=amounts,
        )  # fmt: skip

    with pytest.raises(DomainError) as over:
        await eligibility.decide_eligibility(ctx, office, decide({"RENT_SUBSIDY": 9000}))
    assert (over.value.code, over.value.field) == (ErrorCode.AMOUNT_INVALID, "approved_amounts")
    assert "8000" in over.value.message
    decided = await eligibility.decide_eligibility(ctx, office, decide({"RENT_SUBSIDY": 4200}))
    recorded = {a["benefit"]: (a["approved"], a["cap"]) for a in decided.decision.amounts}
    assert recorded == {"RENT_SUBSIDY": (4200, 8000)}  # no first home in Yangpu on record
    [schedule] = decided.decision.schedules
    assert schedule["monthly_amount"] == 4200
    period = await approve_subsidy_period(ctx, office, decided.decision.id, start)
    assert period.amount == 4200
    [listed] = await eligibility.list_decisions(ctx, office, creator)
    assert listed.amounts == decided.decision.amounts
    await audit_log.verify_audit_chain(ctx)


async def test_ccr_completes_a_provisional_approval(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path
) -> None:
    creator, decision, _ = await provisional_decision(ctx, world, DUE)
    await eligibility.record_creator_facts(
        ctx,
        world["hz-talent"],
        RecordCreatorFacts(creator, {"lawful_residence_city": "440100"}, evidence_ref="res-9"),
    )
    on = (TODAY + timedelta(days=10)).isoformat()
    url = ["--database-url", database_url]
    args = ["eligibility", "complete", decision, "--reason", "居住证已补交", "--decided-on", on]
    # Only an office of a deciding role may, and only its own decision.
    status, output = await _ccr(*args, "--org", "sh-cac", *url, data_dir=tmp_path)
    assert status == 2
    assert "not an office of a role that may do this" in output
    status, output = await _ccr(*args, "--org", "yp-talent", *url, data_dir=tmp_path)
    assert status == 1
    assert "OUT_OF_SCOPE" in output
    status, output = await _ccr(*args, "--org", "hz-talent", *url, data_dir=tmp_path)
    assert status == 0, output
    assert f"{decision}  APPROVED  ACTIVE  credential " in output
    assert await _actions(ctx, decision) == ["eligibility.provisional", "eligibility.complete"]


async def test_ccr_publishes_a_programme_version(
    ctx: ServiceContext, world: World, database_url: str, tmp_path: Path
) -> None:
    shipped = json.loads(
        resources.files("registry.policy").joinpath("yangpu-youxiang.json").read_text("utf-8")
    )
    [current] = [p for p in await programmes.list_programmes(ctx) if p.code == "YP_YOUXIANG"]
    document = tmp_path / "next.json"
    document.write_text(
        json.dumps({**shipped, "version": current.version + 1}, ensure_ascii=False), "utf-8"
    )
    url = ["--database-url", database_url]
    status, output = await _ccr("eligibility", "publish", str(document), *url, data_dir=tmp_path)
    assert status == 0, output
    assert f"YP_YOUXIANG version {current.version + 1} published" in output
    # The same version again is refused, naming why.
    status, output = await _ccr("eligibility", "publish", str(document), *url, data_dir=tmp_path)
    assert status == 1, output
