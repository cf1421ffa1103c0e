"""The pure pieces of recording a decision: window checks, subsidy schedules, 容缺 approvals.

An official decides; the registry services record the decision, audit it and issue the
credential. Before that, :func:`validate_decision` checks the proposed decision against the
rules and returns a :class:`DecisionPlan` to record — or raises :class:`DecisionRefused`
with a code. It never returns a yes/no to forget to check.

Monthly subsidies are paid per period counted from the start date (a period starting on
20 July runs to 19 August). A period is payable only if it starts while the policy is in force;
the services re-check each period with :func:`ensure_in_force` when they pay it, since a later
programme version may close the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import ErrorCode
from .dedup import Entitlement, SuppressedEntitlement, more_favourable, suppression_reason
from .engine import evaluate, tier_benefits
from .errors import DecisionRefused
from .facts import CreatorFacts
from .logic import Status
from .model import Benefit, PolicySource, Programme
from .results import Evaluation, Trace

__all__ = [
    "ApprovedAmount",
    "DecisionPlan",
    "ProvisionalApproval",
    "SubsidyPeriod",
    "SubsidySchedule",
    "ensure_in_force",
    "monthly_schedule",
    "period_bounds",
    "period_number",
    "validate_decision",
]


@dataclass(frozen=True, slots=True)
class SubsidyPeriod:
    number: int  # 1-based, counted from the start even when earlier periods fall outside
    start: date
    end: date  # last day of the period
    amount: int


@dataclass(frozen=True, slots=True)
class SubsidySchedule:
    benefit_code: str
    monthly_amount: int
    max_months: int
    periods: tuple[SubsidyPeriod, ...]  # only those starting inside the policy window
    months_outside_window: int
    start: date  # period 1 begins here, whether or not it falls inside the window

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.periods)


@dataclass(frozen=True, slots=True)
class ApprovedAmount:
    """The sum an official approved for one benefit: the sources give caps ("每月最高8000元"),
    so ``approved`` is at most ``cap``; ``monthly`` says whether it is paid each month."""

    benefit_code: str
    approved: int
    cap: int
    monthly: bool


@dataclass(frozen=True, slots=True)
class ProvisionalApproval:
    """容缺受理: approved before every document is in; void unless they arrive by the deadline.

    ``missing_facts`` names what is still unknown. The services confirm it by validating a
    new decision once the documents are recorded, or lapse it after ``documents_due``.
    """

    programme_code: str
    programme_version: int
    tier: str
    approved_on: date
    documents_due: date
    missing_facts: tuple[str, ...]

    def overdue(self, *, on: date) -> bool:
        return on > self.documents_due


@dataclass(frozen=True, slots=True)
class DecisionPlan:
    """What to record for an approved decision.

    ``evaluation`` (made on the decision date) is the explanation to store with it; its
    programme's code, version and digest name the rules used. ``supersedes`` are earlier
    grants this one replaces under 从高从优不重复, each with the reason to record.
    Provisional plans carry no subsidy schedule: nothing is paid before confirmation.
    """

    evaluation: Evaluation
    entitlement: Entitlement
    decided_on: date
    benefits: tuple[str, ...]
    pending_benefits: tuple[str, ...]
    schedules: tuple[SubsidySchedule, ...]
    provisional: ProvisionalApproval | None
    supersedes: tuple[SuppressedEntitlement, ...]
    amounts: tuple[ApprovedAmount, ...] = ()


def ensure_in_force(policy: PolicySource, *, on: date) -> None:
    """Raise unless ``policy`` is in force on ``on``: decisions and each subsidy period."""
    if on < policy.effective_from:
        raise DecisionRefused(
            ErrorCode.POLICY_NOT_YET_IN_FORCE,
            f"{on} is before the policy takes effect on {policy.effective_from}",
        )
    if policy.effective_until is not None and on > policy.effective_until:
        raise DecisionRefused(
            ErrorCode.POLICY_WINDOW_CLOSED,
            f"{on} is after the policy expired on {policy.effective_until}",
        )


def _add_months(day: date, months: int, anchor: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - timedelta(days=1)).day
    return date(year, month, min(anchor, last_day))


def period_bounds(start: date, number: int) -> tuple[date, date]:
    """First and last day of period ``number`` (1-based) of a subsidy starting on ``start``."""
    if number < 1:
        raise ValueError("periods are numbered from 1")
    begins = _add_months(start, number - 1, start.day)
    return begins, _add_months(start, number, start.day) - timedelta(days=1)


def period_number(start: date, day: date) -> int | None:
    """The number of the period of a subsidy starting on ``start`` that begins on ``day``,
    or None when no period begins that day."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if months < 0 or _add_months(start, months, start.day) != day:
        return None
    return months + 1


def monthly_schedule(
    benefit: Benefit,
    policy: PolicySource,
    *,
    start: date,
    months: int | None = None,
    monthly_amount: int | None = None,
) -> SubsidySchedule:
    """The periods of a monthly subsidy from ``start`` that begin inside the policy window.

    ``months`` (at most the benefit's ``max_months``) shortens the grant; ``monthly_amount``
    is the sum approved (at most the monthly cap, which it defaults to).
    """
    rule = benefit.amount
    if rule is None or rule.monthly_amount is None or rule.max_months is None:
        raise ValueError(f"{benefit.code} is not a monthly subsidy")
    amount = rule.monthly_amount if monthly_amount is None else monthly_amount
    if not 0 < amount <= rule.monthly_amount:
        raise ValueError(f"{benefit.code}: the monthly amount must be 1–{rule.monthly_amount}")
    count = rule.max_months if months is None else min(months, rule.max_months)
    periods: list[SubsidyPeriod] = []
    for number in range(1, count + 1):
        begins, ends = period_bounds(start, number)
        if policy.in_force_on(begins):
            periods.append(SubsidyPeriod(number, begins, ends, amount))
    return SubsidySchedule(benefit.code, amount, count, tuple(periods), count - len(periods), start)


def approved_amounts(
    benefits: Iterable[Benefit], requested: Mapping[str, int] | None
) -> tuple[ApprovedAmount, ...]:
    """The sum approved for each granted benefit with a cap: the one requested (at most the
    cap), else the cap. A request for a benefit not granted, or without a cap, is refused."""
    capped: dict[str, ApprovedAmount] = {}
    names: dict[str, str] = {}
    for benefit in benefits:
        names[benefit.code] = benefit.name.en
        rule = benefit.amount
        if rule is not None and rule.cap is not None:
            capped[benefit.code] = ApprovedAmount(benefit.code, rule.cap, rule.cap, rule.is_monthly)
    for code, value in (requested or {}).items():
        cap = capped.get(code)
        field = "approved_amounts"
        if cap is None:
            raise DecisionRefused(
                ErrorCode.AMOUNT_INVALID,
                "an amount may be approved only for a granted benefit with a capped sum",
                field=field,
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= cap.cap:
            raise DecisionRefused(
                ErrorCode.AMOUNT_INVALID,
                f"{names[code]}: the approved amount must be a whole number of yuan from 1 to "
                f"the cap, {cap.cap}",
                field=field,
            )
        capped[code] = ApprovedAmount(code, value, cap.cap, cap.monthly)
    return tuple(capped.values())


def validate_decision(
    facts: CreatorFacts,
    programme: Programme,
    *,
    decided_on: date,
    tier: str | None = None,
    subsidy_start: date | None = None,
    documents_due: date | None = None,
    granted: Iterable[Entitlement] = (),
    amounts: Mapping[str, int] | None = None,
) -> DecisionPlan:
    """Check an official's proposed approval and return what to record.

    ``tier`` defaults to the tier the evaluation reached. A tier still UNKNOWN may be approved
    provisionally (容缺) when the programme allows it and ``documents_due`` is given.
    ``granted`` are the creator's current entitlements, for 从高从优不重复. ``amounts`` are
    the sums approved (benefit code → yuan, monthly for monthly subsidies), each at most its
    cap; a capped benefit not named is approved at its cap.
    """
    ensure_in_force(programme.policy, on=decided_on)
    evaluation = evaluate(facts, programme, as_of=decided_on)
    code = tier or evaluation.tier or next(iter(evaluation.pending_tiers), None)
    if code is None:
        raise DecisionRefused(ErrorCode.TIER_NOT_REACHED, f"{programme.code}: no tier is met")
    try:
        chosen = evaluation.tier_result(code)
    except KeyError:
        raise DecisionRefused(
            ErrorCode.TIER_UNKNOWN, f"{programme.code} has no tier {code}"
        ) from None
    if chosen.status is Status.UNMET:
        raise DecisionRefused(
            ErrorCode.TIER_NOT_REACHED, f"{programme.code}.{code}: the criteria are not met"
        )
    provisional = None
    if chosen.status is Status.UNKNOWN:
        provisional = _provisional(programme, code, decided_on, documents_due, chosen.trace)
    benefits = tier_benefits(facts, programme, code, as_of=decided_on)
    given = tuple(b.benefit.code for b in benefits if b.status is Status.MET)
    entitlement = Entitlement(
        programme.code,
        programme.version,
        programme.name,
        code,
        chosen.tier.name,
        chosen.tier.favourability,
        programme.policy.jurisdiction_level,
        programme.policy.region,
        programme.dedup_group,
        given,
    )
    supersedes = _supersedes(entitlement, granted)
    approved = approved_amounts((b.benefit for b in benefits if b.status is Status.MET), amounts)
    monthly = {a.benefit_code: a.approved for a in approved if a.monthly}
    schedules: tuple[SubsidySchedule, ...] = ()
    if provisional is None:
        schedules = tuple(
            monthly_schedule(
                b.benefit,
                programme.policy,
                start=subsidy_start or decided_on,
                monthly_amount=monthly[b.benefit.code],
            )
            for b in benefits
            if b.benefit.code in monthly
        )
    return DecisionPlan(
        evaluation=evaluation,
        entitlement=entitlement,
        decided_on=decided_on,
        benefits=given,
        pending_benefits=tuple(b.benefit.code for b in benefits if b.status is Status.UNKNOWN),
        schedules=schedules,
        provisional=provisional,
        supersedes=supersedes,
        amounts=approved,
    )


def _provisional(
    programme: Programme, tier: str, decided_on: date, due: date | None, trace: Trace
) -> ProvisionalApproval:
    if programme.provisional is None:
        raise DecisionRefused(
            ErrorCode.PROVISIONAL_NOT_ALLOWED,
            f"{programme.code}: documents are missing and the programme allows no 容缺 approval",
        )
    if due is None:
        raise DecisionRefused(
            ErrorCode.DOCUMENTS_MISSING,
            f"{programme.code}.{tier}: documents are missing; give a deadline for a 容缺 approval",
        )
    latest = decided_on + timedelta(days=programme.provisional.max_days)
    until = programme.policy.effective_until
    if due <= decided_on or due > latest or (until is not None and due > until):
        raise DecisionRefused(
            ErrorCode.DEADLINE_INVALID,
            f"the documents deadline must fall after {decided_on}, by {latest}"
            + (f" and within the policy window (until {until})" if until else ""),
        )
    return ProvisionalApproval(
        programme.code, programme.version, tier, decided_on, due, trace.missing_facts()
    )


def _supersedes(
    new: Entitlement, granted: Iterable[Entitlement]
) -> tuple[SuppressedEntitlement, ...]:
    replaced: list[SuppressedEntitlement] = []
    for current in granted:
        if current.group != new.group:
            continue
        if not more_favourable(new, current):
            raise DecisionRefused(
                ErrorCode.MORE_FAVOURABLE_ALREADY_GRANTED,
                f"{current.programme_code}.{current.tier} is already granted and is at least as "
                f"favourable in the same jurisdiction ({new.dedup_group}, 从高从优不重复)",
            )
        replaced.append(SuppressedEntitlement(current, new, suppression_reason(current, new)))
    return tuple(replaced)
