"""The eligibility engine: programmes as data, evaluated over a creator's facts.

Pure and database-free: the registry services turn rows into :class:`CreatorFacts`, load
programme versions, and record what these functions return::

    programmes = load_programmes()                    # registry/policy/*.json
    evaluation = evaluate(facts, programme, as_of=day)
    report = evaluate_all(facts, programmes, as_of=day)   # with 从高从优不重复
    plan = validate_decision(facts, programme, decided_on=day, granted=current)

The file format, the predicates and the seeded programmes are described in
docs/eligibility.md.
"""

from .decision import (
    ApprovedAmount,
    DecisionPlan,
    ProvisionalApproval,
    SubsidyPeriod,
    SubsidySchedule,
    ensure_in_force,
    monthly_schedule,
    period_bounds,
    period_number,
    validate_decision,
)
from .dedup import EligibilityReport, Entitlement, SuppressedEntitlement, no_duplication
from .engine import evaluate, evaluate_all, tier_benefits, what_if
from .errors import (
    DecisionRefused,
    EligibilityError,
    ProgrammeFileError,
    PublicationError,
    UnknownFactError,
)
from .explain import evaluation_record, explain, report_record
from .facts import (
    AwardFact,
    AwardLevel,
    AwardState,
    CreatorFacts,
    Origin,
    PlatformAccountFact,
    RecognitionFact,
    RecognitionState,
    SkillCertificateFact,
)
from .loader import (
    check_groups,
    ensure_successor,
    load_programme,
    load_programmes,
    parse_programme_text,
)
from .logic import Status
from .model import (
    AllOf,
    AmountRule,
    AnyOf,
    Benefit,
    BenefitType,
    Criterion,
    JurisdictionLevel,
    Label,
    Not,
    PolicySource,
    Predicate,
    Programme,
    ProvisionalRule,
    Tier,
)
from .predicates import OPERATORS
from .results import BenefitResult, CriterionResult, Evaluation, Outcome, TierResult, WindowCheck

__all__ = [
    "OPERATORS",
    "AllOf",
    "AmountRule",
    "AnyOf",
    "ApprovedAmount",
    "AwardFact",
    "AwardLevel",
    "AwardState",
    "Benefit",
    "BenefitResult",
    "BenefitType",
    "CreatorFacts",
    "Criterion",
    "CriterionResult",
    "DecisionPlan",
    "DecisionRefused",
    "EligibilityError",
    "EligibilityReport",
    "Entitlement",
    "Evaluation",
    "JurisdictionLevel",
    "Label",
    "Not",
    "Origin",
    "Outcome",
    "PlatformAccountFact",
    "PolicySource",
    "Predicate",
    "Programme",
    "ProgrammeFileError",
    "ProvisionalApproval",
    "ProvisionalRule",
    "PublicationError",
    "RecognitionFact",
    "RecognitionState",
    "SkillCertificateFact",
    "Status",
    "SubsidyPeriod",
    "SubsidySchedule",
    "SuppressedEntitlement",
    "Tier",
    "TierResult",
    "UnknownFactError",
    "WindowCheck",
    "check_groups",
    "ensure_in_force",
    "ensure_successor",
    "evaluate",
    "evaluate_all",
    "evaluation_record",
    "explain",
    "load_programme",
    "load_programmes",
    "monthly_schedule",
    "no_duplication",
    "parse_programme_text",
    "period_bounds",
    "period_number",
    "report_record",
    "tier_benefits",
    "validate_decision",
    "what_if",
]
