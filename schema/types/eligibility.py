"""Eligibility: programmes, evaluations with their explanation, recorded decisions.

The explanation tree is recursive and of any depth, so it is served as JSON: each node is
``{kind, zh, en, status, evidence, children}`` with ``status`` MET, UNMET or UNKNOWN and
``evidence`` the record ids the criterion used. ``explanation`` gives the same as text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from registry.domain import eligibility as domain
from registry.domain.enums import DecisionOutcome, DecisionState
from registry.eligibility import Evaluation, Outcome, Status, explain
from registry.eligibility.explain import tree_record

from ..context import Info
from ..fields import field
from ..relay import Node, global_id
from .audit import HISTORY, HistoryEntry, record_history
from .enums import Origin

__all__ = [
    "BenefitResult",
    "EligibilityDecision",
    "EligibilityEvaluation",
    "EligibilityFactsInput",
    "EligibilityProgramme",
    "FlagInput",
    "PolicyWindow",
    "ProgrammeTier",
    "RegionCountInput",
    "SubsidyPeriod",
    "decision_id",
    "facts_from_input",
]

strawberry.enum(
    Outcome, name="EligibilityOutcome", description="ELIGIBLE, NOT_ELIGIBLE, NEEDS_DOCUMENTS."
)
strawberry.enum(Status, name="CriterionStatus", description="Three-valued: MET, UNMET, UNKNOWN.")
strawberry.enum(DecisionOutcome, description="APPROVED, REJECTED, or PROVISIONAL (容缺).")
strawberry.enum(DecisionState, description="Where a recorded decision stands.")


def decision_id(key: str) -> strawberry.ID:
    """The global id of the decision whose registry id is ``key``."""
    return global_id("EligibilityDecision", key)


@strawberry.input(description="A count per region, e.g. months worked in a district a year.")
class RegionCountInput:
    region_code: str
    count: int


@strawberry.input(description="A yes/no per code: a subsidy received, a first home in a region.")
class FlagInput:
    code: str
    value: bool


@strawberry.input(
    description="Facts about a creator the registry holds no other record of; what-ifs may "
    "also suppose origin and birth date. Omitted fields are left as they are."
)
class EligibilityFactsInput:
    hukou_city: str | None = None
    lawful_residence_city: str | None = None
    employer_city: str | None = None
    employer_on_key_list: bool | None = None
    annual_salary: int | None = None
    years_to_retirement: float | None = None
    years_of_experience: float | None = None
    assessment_direction: str | None = None
    months_in_district_per_year: list[RegionCountInput] | None = None
    social_insurance_months: list[RegionCountInput] | None = None
    subsidies_received: list[FlagInput] | None = None
    first_home_in: list[FlagInput] | None = None
    origin: Origin | None = strawberry.field(default=None, description="What-if only.")
    birth_date: date | None = strawberry.field(default=None, description="What-if only.")


def facts_from_input(given: EligibilityFactsInput) -> dict[str, Any]:
    """The facts given, by the registry's names (omitted fields left out)."""
    facts: dict[str, Any] = {}
    for name, value in vars(given).items():
        if value is None:
            continue
        if isinstance(value, list):
            facts[name] = {
                (item.region_code if isinstance(item, RegionCountInput) else item.code): (
                    item.count if isinstance(item, RegionCountInput) else item.value
                )
                for item in value
            }
        else:
            facts[name] = value
    return facts


@strawberry.type
class PolicyWindow:
    in_force: bool
    code: str | None = strawberry.field(
        description="POLICY_NOT_YET_IN_FORCE or POLICY_WINDOW_CLOSED when not in force."
    )
    effective_from: date
    effective_until: date | None


@strawberry.type
class BenefitResult:
    code: str
    type: str
    name_zh: str
    name_en: str
    status: Status
    cap: int | None = strawberry.field(
        description="The most that may be approved (yuan; a month for monthly subsidies)."
    )
    monthly: bool = strawberry.field(description="A monthly subsidy (cap per month).")
    recommendation: bool = strawberry.field(
        description="True when the programme only recommends the benefit to the authority that "
        "decides it (a district's hukou benefit: hukou is decided by the municipality)."
    )


@strawberry.type(description="A creator evaluated against one programme version on one date.")
class EligibilityEvaluation:
    source: strawberry.Private[Evaluation]
    programme_code: str
    programme_version: int
    programme_digest: str
    as_of: date
    outcome: Outcome
    tier: str | None = strawberry.field(description="The most favourable tier met.")
    pending_tiers: list[str] = strawberry.field(
        description="More favourable tiers still waiting for documents."
    )
    benefits: list[BenefitResult]
    missing_facts: list[str] = strawberry.field(description="What to supply to settle them.")
    window: PolicyWindow
    hypothetical: bool = strawberry.field(description="True for a what-if: never a decision.")
    overrides: list[str]
    tree: JSON = strawberry.field(
        description="The explanation: {kind, zh, en, status, evidence, children} per node."
    )

    @field(description="The explanation as indented text (zh or en).")
    def explanation(self, lang: str = "zh") -> str:
        return explain(self.source, lang="en" if lang == "en" else "zh")

    @classmethod
    def from_domain(cls, evaluation: Evaluation) -> EligibilityEvaluation:
        programme, window = evaluation.programme, evaluation.window
        return cls(
            source=evaluation,
            programme_code=programme.code,
            programme_version=programme.version,
            programme_digest=programme.digest,
            as_of=evaluation.as_of,
            outcome=evaluation.outcome,
            tier=evaluation.tier,
            pending_tiers=list(evaluation.pending_tiers),
            benefits=[
                BenefitResult(
                    code=b.benefit.code,
                    type=b.benefit.type.value,
                    name_zh=b.benefit.name.zh,
                    name_en=b.benefit.name.en,
                    status=b.status,
                    cap=None if b.benefit.amount is None else b.benefit.amount.cap,
                    monthly=b.benefit.amount is not None and b.benefit.amount.is_monthly,
                    recommendation=programme.recommends(b.benefit),
                )
                for b in evaluation.benefits
            ],
            missing_facts=list(evaluation.missing_facts()),
            window=PolicyWindow(
                in_force=window.in_force,
                code=window.code,
                effective_from=window.effective_from,
                effective_until=window.effective_until,
            ),
            hypothetical=evaluation.hypothetical,
            overrides=list(evaluation.overrides),
            tree=JSON(tree_record(evaluation.tree())),
        )


@strawberry.type
class ProgrammeTier:
    code: str
    name_zh: str
    name_en: str
    favourability: int


@strawberry.type(description="A policy document a programme models: its provenance.")
class PolicyDocument:
    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    document_number: str | None
    published_on: date | None = strawberry.field(description="When the document was issued.")


@strawberry.type(description="The version in force of an eligibility programme.")
class EligibilityProgramme:
    code: str
    version: int
    digest: str
    name_zh: str
    name_en: str
    jurisdiction_level: str
    region_code: str | None
    dedup_group: str
    effective_from: date
    effective_until: date | None
    provisional_max_days: int | None = strawberry.field(
        description="容缺: the longest deadline for documents to follow; null if not allowed."
    )
    tiers: list[ProgrammeTier]
    published_by: str
    published_at: datetime
    source: PolicyDocument = strawberry.field(description="The source document it models.")

    @classmethod
    def from_domain(cls, info: domain.ProgrammeVersionInfo) -> EligibilityProgramme:
        return cls(
            code=info.code,
            version=info.version,
            digest=info.digest,
            name_zh=info.name_zh,
            name_en=info.name_en,
            jurisdiction_level=info.jurisdiction_level,
            region_code=info.region_code,
            dedup_group=info.dedup_group,
            effective_from=info.effective_from,
            effective_until=info.effective_until,
            source=PolicyDocument(
                title_zh=info.source_title_zh,
                title_en=info.source_title_en,
                issuer_zh=info.source_issuer_zh,
                issuer_en=info.source_issuer_en,
                document_number=info.source_document_number,
                published_on=info.source_published_on,
            ),
            provisional_max_days=info.provisional_max_days,
            tiers=[
                ProgrammeTier(
                    code=t.code, name_zh=t.name_zh, name_en=t.name_en, favourability=t.favourability
                )
                for t in info.tiers
            ],
            published_by=info.published_by,
            published_at=info.published_at,
        )


@strawberry.type(description="One month of a monthly subsidy approved for payment.")
class SubsidyPeriod:
    id: strawberry.ID
    decision_id: strawberry.ID = strawberry.field(description="Global id of its decision.")
    benefit_code: str
    number: int = strawberry.field(description="1-based, counted from the subsidy's start.")
    start: date
    end: date
    amount: int
    programme_version: int = strawberry.field(
        description="The programme version whose policy window the period was checked against."
    )
    approved_by: str
    approved_at: datetime

    @classmethod
    def from_domain(cls, period: domain.SubsidyPeriodApproval) -> SubsidyPeriod:
        return cls(
            id=strawberry.ID(period.id),
            decision_id=decision_id(period.decision_id),
            benefit_code=period.benefit_code,
            number=period.number,
            start=period.start,
            end=period.end,
            amount=period.amount,
            programme_version=period.programme_version,
            approved_by=period.approved_by,
            approved_at=period.approved_at,
        )


@strawberry.type(description="A free talent-apartment stay taken under a decision.")
class ApartmentStay:
    id: strawberry.ID
    benefit_code: str
    starts_on: date
    days: int
    event: str = strawberry.field(description="The non-commercial major event it was for.")
    non_commercial: bool = strawberry.field(description="Attested by the recording official.")
    evidence_ref: str | None
    recorded_by: str
    created_at: datetime

    @classmethod
    def from_domain(cls, stay: domain.ApartmentStayRecord) -> ApartmentStay:
        return cls(
            id=strawberry.ID(stay.id),
            benefit_code=stay.benefit_code,
            starts_on=stay.starts_on,
            days=stay.days,
            event=stay.event,
            non_commercial=stay.non_commercial,
            evidence_ref=stay.evidence_ref,
            recorded_by=stay.recorded_by,
            created_at=stay.created_at,
        )


@strawberry.type(description="The sum approved for one benefit, at most its cap (yuan).")
class ApprovedAmount:
    benefit_code: str
    approved: int
    cap: int
    monthly: bool = strawberry.field(description="Paid each month (a subsidy), else once.")


@strawberry.type(description="An official's recorded eligibility decision.")
class EligibilityDecision(Node):
    key: strawberry.Private[str]
    programme_code: str
    programme_version: int
    programme_digest: str
    region_code: str | None
    tier: str | None
    outcome: DecisionOutcome
    state: DecisionState
    reason: str
    decided_by: str
    organisation_code: str
    decided_on: date
    documents_due: date | None = strawberry.field(description="容缺: documents due by this day.")
    benefits: list[str]
    schedules: JSON = strawberry.field(description="Monthly subsidy periods it opened.")
    approved_amounts: list[ApprovedAmount] = strawberry.field(
        description="The sum approved for each capped benefit (the sources give caps)."
    )
    evaluation: JSON = strawberry.field(
        description="The evaluation on the decision date, with its explanation tree."
    )
    superseded_by: strawberry.ID | None = strawberry.field(
        description="Global id of the decision that replaced it."
    )
    ended_reason: str | None
    credential_id: strawberry.ID | None = strawberry.field(
        description="Global id of the TALENT_ELIGIBILITY credential, if one was issued."
    )
    created_at: datetime

    @field(description="Talent-apartment stays taken under it, oldest first.")
    async def apartment_stays(self, info: Info) -> list[ApartmentStay]:
        rows = await info.context.loaders.apartment_stays.load(self.key)
        return [ApartmentStay.from_domain(row) for row in rows]

    @field(description="Monthly subsidy periods approved under it, in order.")
    async def subsidy_periods(self, info: Info) -> list[SubsidyPeriod]:
        rows = await info.context.loaders.subsidy_periods.load(self.key)
        return [SubsidyPeriod.from_domain(row) for row in rows]

    @field(description=HISTORY)
    async def history(self, info: Info) -> list[HistoryEntry]:
        return await record_history(info, "eligibility_decision", self.id)

    @classmethod
    def from_domain(cls, decision: domain.EligibilityDecision) -> EligibilityDecision:
        return cls(
            id=decision_id(decision.id),
            key=decision.id,
            programme_code=decision.programme_code,
            programme_version=decision.programme_version,
            programme_digest=decision.programme_digest,
            region_code=decision.region_code,
            tier=decision.tier,
            outcome=decision.outcome,
            state=decision.state,
            reason=decision.reason,
            decided_by=decision.decided_by,
            organisation_code=decision.organisation,
            decided_on=decision.decided_on,
            documents_due=decision.documents_due,
            benefits=list(decision.benefits),
            schedules=JSON(list(decision.schedules)),
            approved_amounts=[
                ApprovedAmount(
                    benefit_code=str(a["benefit"]),
                    approved=int(a["approved"]),
                    cap=int(a["cap"]),
                    monthly=bool(a["monthly"]),
                )
                for a in decision.amounts
            ],
            evaluation=JSON(decision.evaluation),
            superseded_by=None
            if decision.superseded_by is None
            else decision_id(decision.superseded_by),
            ended_reason=decision.ended_reason,
            credential_id=None
            if decision.credential_id is None
            else global_id("Credential", decision.credential_id),
            created_at=decision.created_at,
        )
