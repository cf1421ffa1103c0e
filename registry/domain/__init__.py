"""The registry's domain: vocabularies, rules and read models, with no persistence.

Everything here is pure: validators raise :class:`~registry.errors.DomainError`, state
machines say which transitions exist, and the frozen dataclasses are what services return.
"""

from .awards import AwardGrant, AwardProgramme, next_award_state
from .creators import Creator, PlatformAccount, Recognition, Work, next_recognition_state
from .credentials import (
    KIND_SOURCES,
    Credential,
    CredentialOperation,
    IssuedCredential,
    SigningKeyInfo,
    next_credential_status,
)
from .enums import (
    AwardGrade,
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
    SourceType,
    WorkType,
)
from .identity import mask_id_number, mask_name, normalise_id_number
from .orgs import Account, ApiToken, Organisation, check_uscc
from .paging import Page, PageRequest
from .regions import CLUSTERS, REGIONS, covers
from .skills import (
    OMNI_MEDIA_OPERATOR,
    Direction,
    Filing,
    Occupation,
    SkillCertificate,
    SkillLevel,
    check_certificate_number,
    parse_certificate_number,
)

__all__ = [
    "CLUSTERS",
    "KIND_SOURCES",
    "OMNI_MEDIA_OPERATOR",
    "REGIONS",
    "Account",
    "ApiToken",
    "AwardGrade",
    "AwardGrant",
    "AwardLevel",
    "AwardProgramme",
    "AwardState",
    "Creator",
    "CreatorKind",
    "Credential",
    "CredentialKind",
    "CredentialOperation",
    "CredentialStatus",
    "Direction",
    "Filing",
    "FilingScope",
    "FilingState",
    "IdDocumentType",
    "IdentityForm",
    "InstitutionCategory",
    "IssuedCredential",
    "KeyState",
    "Occupation",
    "OperationCode",
    "OrgKind",
    "Organisation",
    "Origin",
    "Page",
    "PageRequest",
    "Platform",
    "PlatformAccount",
    "Recognition",
    "RecognitionState",
    "Role",
    "SigningKeyInfo",
    "SkillCertificate",
    "SkillLevel",
    "SourceType",
    "Work",
    "WorkType",
    "check_certificate_number",
    "check_uscc",
    "covers",
    "mask_id_number",
    "mask_name",
    "next_award_state",
    "next_credential_status",
    "next_recognition_state",
    "normalise_id_number",
    "parse_certificate_number",
]
