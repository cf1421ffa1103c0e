"""Eligibility services on both databases: facts from real rows, what-if, decisions with their
credentials, 容缺, policy windows, region scope, 从高从优不重复, the recognition cascade and
programme publication."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources

import pytest

from registry.domain.enums import (
    CredentialKind,
    CredentialStatus,
    DecisionOutcome,
    DecisionState,
    IdDocumentType,
    Origin,
    Platform,
)
from registry.domain.skills import SkillLevel
from registry.eligibility import Outcome
from registry.errors import DomainError, ErrorCode
from registry.services import (
    audit_log,
    creators,
    eligibility,
    issuance,
    keys,
    programmes,
    queries,
    recognitions,
    statuslists,
)
from registry.services.context import ServiceContext
from registry.services.eligibility import DecideEligibility, RecordCreatorFacts
from signing import ErrorCode as VerifyCode
from signing import TrustList, VerificationError, verify
from tests.registry.conftest import TODAY, World
from tests.registry.helpers import (
    mma_filing,
    new_creator,
    recognised,
    skill_certificate,
    verified_award,
)

SHANGHAI_FACTS = {
    "hukou_city": "440100",
    "employer_city": "310000",
    "social_insurance_months": {"310000": 12},
    "years_to_retirement": 25,
}


async def _check(ctx: ServiceContext, text: str) -> VerifyCode | None:
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    lists = await statuslists.status_lists_snapshot(ctx)
    try:
        verify(text, trust=trust, status=lists, now=ctx.now())
    except VerificationError as exc:
        return exc.code
    return None


async def _top_creator(ctx: ServiceContext, world: World) -> tuple[str, str]:
    """A Yangpu-recognised creator in the top 1 % of an attested platform account."""
    creator = await new_creator(ctx, world)
    recognition = await recognised(ctx, world, creator.id)
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(
            creator.id, Platform.BILIBILI, "top", 2_000_000, TODAY, Decimal("0.8")
        ),
    )
    return creator.id, recognition


def _refusal(exc: pytest.ExceptionInfo[DomainError]) -> tuple[ErrorCode, str | None]:
    return exc.value.code, exc.value.field


def _evidence(node: dict[str, object]) -> set[str]:
    found = set(node["evidence"])  # type: ignore[call-overload]
    for child in node["children"]:  # type: ignore[attr-defined]
        found |= _evidence(child)
    return found


async def test_evaluation_reads_the_creators_rows_as_evidence(
    ctx: ServiceContext, world: World
) -> None:
    creator, recognition = await _top_creator(ctx, world)
    evaluation = await eligibility.evaluate_eligibility(
        ctx, world["yp-talent"], creator, "YP_YOUXIANG", as_of=TODAY
    )
    assert evaluation.outcome is Outcome.ELIGIBLE
    assert evaluation.tier == "STRATEGIC"
    from registry.eligibility.explain import tree_record

    cited = _evidence(tree_record(evaluation.tree()))
    assert recognition in cited
    assert any(ref.startswith("pa_") for ref in cited)

    # A self-declared percentile is no evidence; a claimed award is not proven either.
    other = await new_creator(ctx, world, name="李四")
    await recognised(ctx, world, other.id)
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(other.id, Platform.DOUYIN, "mid", 10, TODAY, None),
    )
    pending = await eligibility.evaluate_eligibility(
        ctx, world["yp-talent"], other.id, "YP_YOUXIANG", as_of=TODAY
    )
    # Recognition alone is reached; the money tiers wait for a proven figure.
    assert (pending.outcome, pending.tier) == (Outcome.ELIGIBLE, "RECOGNISED")
    assert set(pending.pending_tiers) == {"STRATEGIC", "LEADING", "POTENTIAL"}
    await verified_award(ctx, world, other.id)
    potential = await eligibility.evaluate_eligibility(
        ctx, world["yp-talent"], other.id, "YP_YOUXIANG", as_of=TODAY
    )
    assert (potential.outcome, potential.tier) == (Outcome.ELIGIBLE, "POTENTIAL")


async def test_what_if_and_recorded_facts(ctx: ServiceContext, world: World) -> None:
    creator = (await new_creator(ctx, world)).id
    await verified_award(ctx, world, creator)
    hrss = world["sh-hrss"]
    plain = await eligibility.evaluate_eligibility(
        ctx, hrss, creator, "SH_CREATOR_HUKOU", as_of=TODAY
    )
    assert plain.outcome is Outcome.NEEDS_DOCUMENTS
    assert "hukou_city" in plain.missing_facts()
    guess = await eligibility.evaluate_eligibility(
        ctx, hrss, creator, "SH_CREATOR_HUKOU", as_of=TODAY, overrides=SHANGHAI_FACTS
    )
    assert guess.outcome is Outcome.ELIGIBLE
    assert guess.hypothetical
    with pytest.raises(DomainError) as unknown:
        await eligibility.evaluate_eligibility(
            ctx, hrss, creator, "SH_CREATOR_HUKOU", overrides={"shoe_size": 42}
        )
    assert _refusal(unknown) == (ErrorCode.UNKNOWN_FACT, "overrides.shoe_size")

    recorded = await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(creator, SHANGHAI_FACTS, evidence_ref="doc-42")
    )
    assert recorded.sources["hukou_city"] == "doc-42"
    real = await eligibility.evaluate_eligibility(
        ctx, hrss, creator, "SH_CREATOR_HUKOU", as_of=TODAY
    )
    assert real.outcome is Outcome.ELIGIBLE
    assert not real.hypothetical
    with pytest.raises(DomainError) as bad:
        await eligibility.record_creator_facts(
            ctx, hrss, RecordCreatorFacts(creator, {"hukou_city": "Shanghai"})
        )
    assert _refusal(bad) == (ErrorCode.INVALID_INPUT, "facts.hukou_city")


async def test_a_refused_fact_is_described_never_echoed(ctx: ServiceContext, world: World) -> None:
    creator = (await new_creator(ctx, world)).id
    hrss = world["sh-hrss"]
    secret = "19900307-秘密"
    for name, value in (
        ("birth_date", secret),
        ("origin", secret),
        ("hukou_city", secret),
        ("subsidies_received", {secret: True}),
    ):
        with pytest.raises(DomainError) as refused:
            await eligibility.evaluate_eligibility(
                ctx, hrss, creator, "SH_CREATOR_HUKOU", overrides={name: value}
            )
        assert _refusal(refused) == (ErrorCode.INVALID_INPUT, f"overrides.{name}")
        assert secret not in refused.value.message
        assert secret not in str(refused.value)
        assert refused.value.message.startswith(f"{name} must be ")
    with pytest.raises(DomainError) as dated:
        await eligibility.evaluate_eligibility(
            ctx, hrss, creator, "SH_CREATOR_HUKOU", overrides={"birth_date": secret}
        )
    assert dated.value.message == "birth_date must be an ISO date (YYYY-MM-DD)"
    with pytest.raises(DomainError) as recorded:
        await eligibility.record_creator_facts(
            ctx, hrss, RecordCreatorFacts(creator, {"annual_salary": secret})
        )
    assert _refusal(recorded) == (ErrorCode.INVALID_INPUT, "facts.annual_salary")
    assert secret not in recorded.value.message


async def test_places_are_listed_divisions_and_only_domestic_creators_hold_hukou(
    ctx: ServiceContext, world: World
) -> None:
    creator = (await new_creator(ctx, world)).id
    hrss = world["sh-hrss"]
    for fact, value in (("hukou_city", "310199"), ("employer_city", "123456")):
        with pytest.raises(DomainError) as unlisted:
            await eligibility.record_creator_facts(
                ctx, hrss, RecordCreatorFacts(creator, {fact: value})
            )
        assert _refusal(unlisted) == (ErrorCode.INVALID_INPUT, f"facts.{fact}")
        assert "GB/T 2260" in unlisted.value.message
    # a Yangpu hukou is a Shanghai hukou: the creator route is refused
    await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(creator, {**SHANGHAI_FACTS, "hukou_city": "310110"})
    )
    await verified_award(ctx, world, creator)
    shanghai = await eligibility.evaluate_eligibility(
        ctx, hrss, creator, "SH_CREATOR_HUKOU", as_of=TODAY
    )
    assert shanghai.outcome is Outcome.NOT_ELIGIBLE

    foreign = await creators.register_creator(
        ctx,
        world["yp-talent"],
        creators.RegisterCreator(
            "Lena Fischer", Origin.FOREIGN, IdDocumentType.PASSPORT, "C12345678",
            region_code="310110",
        ),
    )  # fmt: skip
    with pytest.raises(DomainError) as no_hukou:
        await eligibility.record_creator_facts(
            ctx, hrss, RecordCreatorFacts(foreign.id, {"hukou_city": "440100"})
        )
    assert _refusal(no_hukou) == (ErrorCode.INVALID_INPUT, "facts.hukou_city")
    assert "only a domestic creator holds a hukou" in no_hukou.value.message
    await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(foreign.id, {k: v for k, v in SHANGHAI_FACTS.items()
                                                   if k != "hukou_city"})
    )  # fmt: skip
    await verified_award(ctx, world, foreign.id)
    refused = await eligibility.evaluate_eligibility(
        ctx, hrss, foreign.id, "SH_CREATOR_HUKOU", as_of=TODAY
    )
    assert refused.outcome is Outcome.NOT_ELIGIBLE
    assert "hukou_city" not in refused.missing_facts()


def test_every_fact_has_a_fixed_description() -> None:
    from registry.services.eligibility_facts import _EXPECTED, WHAT_IF_FACTS

    assert set(_EXPECTED) == set(WHAT_IF_FACTS)


async def test_approval_issues_a_verifiable_credential_and_rejection_records(
    ctx: ServiceContext, world: World
) -> None:
    creator, _ = await _top_creator(ctx, world)
    decided = await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        DecideEligibility(
            creator, "YP_YOUXIANG", None, True, "committee 2026-5", TODAY, issue_credential=True
        ),
    )
    decision = decided.decision
    assert (decision.outcome, decision.state, decision.tier) == (
        DecisionOutcome.APPROVED,
        DecisionState.ACTIVE,
        "STRATEGIC",
    )
    assert decision.programme_version == _seeded_version()
    assert len(decision.programme_digest) == 64
    assert decision.evaluation["tree"]["status"] == "MET"
    rent = next(s for s in decision.schedules if s["benefit"] == "RENT_SUBSIDY")
    assert rent["monthly_amount"] > 0
    assert rent["periods"]
    assert decided.credential is not None
    assert decision.credential_id == decided.credential.credential.id
    assert await _check(ctx, decided.credential.qr_text) is None
    trust = TrustList.from_jwks(await keys.jwks(ctx))
    claims = verify(decided.credential.qr_text, trust=trust, now=ctx.now()).claims
    assert (claims.achievement.code, claims.achievement.level) == ("YP_YOUXIANG", "STRATEGIC")

    other = (await new_creator(ctx, world, name="王五")).id
    rejected = await eligibility.decide_eligibility(
        ctx,
        world["yp-talent"],
        DecideEligibility(other, "YP_YOUXIANG", None, False, "not recognised", TODAY),
    )
    assert rejected.decision.outcome is DecisionOutcome.REJECTED
    assert rejected.credential is None
    with pytest.raises(DomainError) as refused:
        await eligibility.decide_eligibility(
            ctx,
            world["yp-talent"],
            DecideEligibility(other, "YP_YOUXIANG", "LEADING", True, "try", TODAY),
        )
    assert _refusal(refused) == (ErrorCode.TIER_NOT_REACHED, "tier")
    listed = await eligibility.list_decisions(ctx, world["yp-talent"], creator)
    assert [d.id for d in listed] == [decision.id]
    assert await eligibility.list_decisions(ctx, world["hz-talent"], creator) == []
    await audit_log.verify_audit_chain(ctx)


async def test_provisional_approval_with_a_deadline(ctx: ServiceContext, world: World) -> None:
    creator = (await new_creator(ctx, world)).id
    await verified_award(ctx, world, creator)
    haizhu = world["hz-talent"]
    await eligibility.record_creator_facts(
        ctx,
        haizhu,
        RecordCreatorFacts(
            creator, {"hukou_city": "310000", "months_in_district_per_year": {"440105": 8}}
        ),
    )

    def decide(due: date | None) -> DecideEligibility:
        return DecideEligibility(creator, "HZ_GREEN_CARD_B", None, True, "容缺", TODAY, due)

    with pytest.raises(DomainError) as missing:
        await eligibility.decide_eligibility(ctx, haizhu, decide(None))
    assert _refusal(missing) == (ErrorCode.DOCUMENTS_MISSING, "documents_due")
    with pytest.raises(DomainError) as late:
        await eligibility.decide_eligibility(ctx, haizhu, decide(TODAY + timedelta(days=200)))
    assert _refusal(late) == (ErrorCode.DEADLINE_INVALID, "documents_due")
    due = TODAY + timedelta(days=30)
    decided = await eligibility.decide_eligibility(ctx, haizhu, decide(due))
    decision = decided.decision
    assert decision.outcome is DecisionOutcome.PROVISIONAL
    assert decision.documents_due == due
    assert decision.schedules == ()
    assert "lawful_residence_city" in decision.evaluation["missing_facts"]


async def test_window_and_region_are_enforced(ctx: ServiceContext, world: World) -> None:
    creator, _ = await _top_creator(ctx, world)
    await verified_award(ctx, world, creator)
    await eligibility.record_creator_facts(
        ctx, world["sh-hrss"], RecordCreatorFacts(creator, SHANGHAI_FACTS)
    )
    with pytest.raises(DomainError) as early:
        await eligibility.decide_eligibility(
            ctx,
            world["sh-hrss"],
            DecideEligibility(creator, "SH_CREATOR_HUKOU", None, True, "x", date(2025, 6, 1)),
        )
    assert _refusal(early) == (ErrorCode.POLICY_NOT_YET_IN_FORCE, "decided_on")
    with pytest.raises(DomainError) as late:
        await eligibility.decide_eligibility(
            ctx,
            world["sh-hrss"],
            DecideEligibility(creator, "SH_CREATOR_HUKOU", None, False, "x", date(2030, 7, 15)),
        )
    assert _refusal(late) == (ErrorCode.POLICY_WINDOW_CLOSED, "decided_on")
    for office, programme in (("hz-talent", "YP_YOUXIANG"), ("yp-talent", "SH_CREATOR_HUKOU")):
        with pytest.raises(DomainError) as elsewhere:
            await eligibility.decide_eligibility(
                ctx,
                world[office],
                DecideEligibility(creator, programme, None, True, "x", TODAY),
            )
        assert _refusal(elsewhere) == (ErrorCode.OUT_OF_SCOPE, "programme_code")
    with pytest.raises(DomainError) as partner:
        await eligibility.evaluate_eligibility(ctx, world["sh-bank"], creator, "YP_YOUXIANG")
    assert partner.value.code is ErrorCode.FORBIDDEN


async def test_only_the_most_favourable_municipal_grant_is_kept(
    ctx: ServiceContext, world: World
) -> None:
    creator = (await new_creator(ctx, world)).id
    hrss = world["sh-hrss"]
    await eligibility.record_creator_facts(
        ctx, hrss, RecordCreatorFacts(creator, {**SHANGHAI_FACTS, "employer_on_key_list": True})
    )
    filing = await mma_filing(ctx, world)
    await skill_certificate(ctx, world, creator, filing, level=SkillLevel.L2, scores=80)
    first = await eligibility.decide_eligibility(
        ctx,
        hrss,
        DecideEligibility(creator, "SH_SKILL_HUKOU", None, True, "技师", TODAY, None, True),
    )
    assert first.decision.tier == "TECHNICIAN"
    await verified_award(ctx, world, creator)
    second = await eligibility.decide_eligibility(
        ctx,
        hrss,
        DecideEligibility(creator, "SH_CREATOR_HUKOU", None, True, "银鸽奖", TODAY, None, True),
    )
    assert second.superseded == (first.decision.id,)
    by_id = {d.id: d for d in await eligibility.list_decisions(ctx, hrss, creator)}
    old = by_id[first.decision.id]
    assert old.state is DecisionState.SUPERSEDED
    assert old.superseded_by == second.decision.id
    assert old.ended_reason is not None
    assert "从高从优不重复" in old.ended_reason
    assert by_id[second.decision.id].state is DecisionState.ACTIVE
    assert first.credential is not None
    assert await _check(ctx, first.credential.qr_text) is VerifyCode.REVOKED
    with pytest.raises(DomainError) as lower:
        await eligibility.decide_eligibility(
            ctx,
            hrss,
            DecideEligibility(creator, "SH_SKILL_HUKOU", None, True, "again", TODAY),
        )
    assert lower.value.code is ErrorCode.MORE_FAVOURABLE_ALREADY_GRANTED


async def test_recognition_suspension_cascades_and_reinstatement_restores(
    ctx: ServiceContext, world: World
) -> None:
    creator, recognition = await _top_creator(ctx, world)
    office = world["yp-talent"]
    decided = await eligibility.decide_eligibility(
        ctx,
        office,
        DecideEligibility(creator, "YP_YOUXIANG", None, True, "ok", TODAY, None, True),
    )
    assert decided.credential is not None
    text, credential = decided.credential.qr_text, decided.credential.credential.id

    async def state() -> tuple[DecisionState, CredentialStatus]:
        [decision] = await eligibility.list_decisions(ctx, office, creator)
        found = await queries.get_credential(ctx, office, credential)
        return decision.state, found.status

    await recognitions.suspend_recognition(ctx, office, recognition, reason="inquiry")
    assert await state() == (DecisionState.SUSPENDED, CredentialStatus.SUSPENDED)
    assert await _check(ctx, text) is VerifyCode.SUSPENDED
    await recognitions.reinstate_recognition(ctx, office, recognition)
    assert await state() == (DecisionState.ACTIVE, CredentialStatus.ACTIVE)
    assert await _check(ctx, text) is None
    await recognitions.revoke_recognition(ctx, office, recognition, reason="fraud")
    assert await state() == (DecisionState.REVOKED, CredentialStatus.REVOKED)
    assert await _check(ctx, text) is VerifyCode.REVOKED
    await audit_log.verify_audit_chain(ctx)


def _seeded_version() -> int:
    text = (resources.files("registry") / "policy" / "yangpu-youxiang.json").read_text("utf-8")
    version: int = json.loads(text)["version"]
    return version


def _yangpu(version: int) -> str:
    text = (resources.files("registry") / "policy" / "yangpu-youxiang.json").read_text("utf-8")
    document = json.loads(text)
    document["version"] = version
    return json.dumps(document, ensure_ascii=False)


async def test_publishing_a_version_keeps_old_decisions_on_theirs(
    ctx: ServiceContext, world: World
) -> None:
    seeded = _seeded_version()
    nxt = seeded + 1
    creator, _ = await _top_creator(ctx, world)
    office = world["yp-talent"]
    old = await eligibility.decide_eligibility(
        ctx, office, DecideEligibility(creator, "YP_YOUXIANG", None, True, "v1", TODAY)
    )
    with pytest.raises(DomainError) as elsewhere:
        await programmes.publish_programme_version(ctx, world["hz-talent"], _yangpu(nxt))
    assert elsewhere.value.code is ErrorCode.OUT_OF_SCOPE
    with pytest.raises(DomainError) as skipped:
        await programmes.publish_programme_version(ctx, office, _yangpu(nxt + 1))
    assert skipped.value.code is ErrorCode.VERSION_NOT_NEXT
    with pytest.raises(DomainError) as broken:
        await programmes.publish_programme_version(ctx, office, "{")
    assert broken.value.code is ErrorCode.INVALID_PROGRAMME
    published = await programmes.publish_programme_version(ctx, office, _yangpu(nxt))
    assert published.version == nxt
    listed = {p.code: p for p in await programmes.list_programmes(ctx)}
    assert listed["YP_YOUXIANG"].version == nxt
    evaluation = await eligibility.evaluate_eligibility(ctx, office, creator, "YP_YOUXIANG")
    assert evaluation.programme.version == nxt
    [kept] = await eligibility.list_decisions(ctx, office, creator)
    assert kept.id == old.decision.id
    assert kept.programme_version == seeded
    assert kept.programme_digest == old.decision.programme_digest != published.digest


async def test_a_recognition_dated_in_the_future_does_not_count_today(
    ctx: ServiceContext, world: World
) -> None:
    # Recognised by a decision taking effect next month: nothing before then.
    later = await new_creator(ctx, world, name="赵六")
    await creators.add_platform_account(
        ctx,
        world["yp-talent"],
        creators.AddPlatformAccount(
            later.id, Platform.BILIBILI, "later", 2_000_000, TODAY, Decimal("0.8")
        ),
    )
    future = await recognitions.recognise_creator(
        ctx,
        world["yp-talent"],
        recognitions.RecogniseCreator(
            later.id, "YP_VJUCHANG", TODAY + timedelta(days=30), date(2028, 12, 31)
        ),
    )
    today = await eligibility.evaluate_eligibility(
        ctx, world["yp-talent"], later.id, "YP_YOUXIANG", as_of=TODAY
    )
    assert today.outcome is not Outcome.ELIGIBLE
    then = await eligibility.evaluate_eligibility(
        ctx, world["yp-talent"], later.id, "YP_YOUXIANG", as_of=TODAY + timedelta(days=31)
    )
    assert then.outcome is Outcome.ELIGIBLE
    with pytest.raises(DomainError) as early:
        await issuance.issue_credential(
            ctx,
            world["yp-talent"],
            issuance.IssueCredential(CredentialKind.CREATOR_RECOGNITION, future.id),
        )
    assert early.value.code is ErrorCode.INVALID_STATE
