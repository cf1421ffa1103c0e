"""Every table, by area; importing this module registers them all on ``Base.metadata``."""

from .audit import AuditEvent, AuditHead, AuditReason
from .awards import AwardGrant, AwardProgramme
from .creators import Creator, PlatformAccount, Recognition, Work
from .credentials import Credential, CredentialOperation, SigningKey, StatusList
from .eligibility import (
    ApartmentStay,
    CreatorFactsRecord,
    EligibilityDecision,
    ProgrammeVersion,
    SubsidyPeriodRecord,
)
from .idempotency import IdempotentRequest
from .orgs import Account, ApiToken, Organisation
from .partners import ApiClient, Disclosure
from .ratelimits import RateBucket
from .skills import Filing, Occupation, SkillCertificate

__all__ = [
    "Account",
    "ApartmentStay",
    "ApiClient",
    "ApiToken",
    "AuditEvent",
    "AuditHead",
    "AuditReason",
    "AwardGrant",
    "AwardProgramme",
    "Creator",
    "CreatorFactsRecord",
    "Credential",
    "CredentialOperation",
    "Disclosure",
    "EligibilityDecision",
    "Filing",
    "IdempotentRequest",
    "Occupation",
    "Organisation",
    "PlatformAccount",
    "ProgrammeVersion",
    "RateBucket",
    "Recognition",
    "SigningKey",
    "SkillCertificate",
    "StatusList",
    "SubsidyPeriodRecord",
    "Work",
]
