"""The registry's and the signing library's vocabularies, registered as GraphQL enums.

``strawberry.enum`` registers the existing classes (it returns them unchanged), so resolvers
pass domain values straight through and the GraphQL names are the domain's names.
"""

from __future__ import annotations

import strawberry

from registry.domain.enums import (
    AwardGrade,
    AwardKind,
    AwardLevel,
    AwardState,
    CreatorKind,
    CredentialKind,
    CredentialStatus,
    FilingScope,
    FilingState,
    IdDocumentType,
    IdentityForm,
    InstitutionCategory,
    KeyState,
    OperationCode,
    OrgKind,
    Origin,
    Platform,
    RecognitionState,
    Role,
    WorkType,
)
from registry.domain.skills import SkillLevel
from signing import ErrorCode as VerificationCode

__all__ = [
    "AwardGrade",
    "AwardKind",
    "AwardLevel",
    "AwardState",
    "CreatorKind",
    "CredentialKind",
    "CredentialStatus",
    "FilingScope",
    "FilingState",
    "IdDocumentType",
    "IdentityForm",
    "InstitutionCategory",
    "KeyState",
    "OperationCode",
    "OrgKind",
    "Origin",
    "Platform",
    "RecognitionState",
    "Role",
    "SkillLevel",
    "VerificationCode",
    "WorkType",
]

strawberry.enum(CredentialKind, description="The four kinds of credential.")
strawberry.enum(
    VerificationCode,
    name="VerificationCode",
    description="The stage at which a credential failed verification.",
)
strawberry.enum(CredentialStatus)
strawberry.enum(
    AwardKind,
    description="What an award programme grants: honour, content "
    "reward, library inclusion, talent project, commendation, competition award.",
)
strawberry.enum(AwardLevel, description="Award levels, highest first.")
strawberry.enum(AwardGrade)
strawberry.enum(AwardState, description="CLAIMED → UNDER_VERIFICATION → VERIFIED | REJECTED.")
strawberry.enum(CreatorKind)
strawberry.enum(IdentityForm)
strawberry.enum(IdDocumentType)
strawberry.enum(Origin, description="DOMESTIC 国内, HMT 港澳台, FOREIGN 外籍.")
strawberry.enum(Platform)
strawberry.enum(RecognitionState)
strawberry.enum(Role)
strawberry.enum(WorkType)
strawberry.enum(OrgKind)
strawberry.enum(FilingScope)
strawberry.enum(FilingState)
strawberry.enum(InstitutionCategory)
strawberry.enum(KeyState)
strawberry.enum(SkillLevel, description="L5 五级/初级工 … L1 一级/高级技师; then 特级, 首席技师.")
strawberry.enum(OperationCode)
