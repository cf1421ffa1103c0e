"""Organisations and accounts: the unified social credit code and which roles fit which kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from ..errors import ErrorCode, InvalidInput
from .enums import OrgKind, Role

__all__ = [
    "ROLE_ORG_KINDS",
    "Account",
    "ApiToken",
    "Organisation",
    "check_org_code",
    "check_role_fits",
    "check_uscc",
    "uscc_check_char",
]

# GB 32100-2015: 31 characters (no I, O, Z, S, V); 17 weighted positions and a check character.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_ORG_CODE = re.compile(r"[a-z0-9][a-z0-9-]{1,39}")

ROLE_ORG_KINDS: dict[Role, frozenset[OrgKind]] = {
    Role.SYSTEM_ADMIN: frozenset({OrgKind.OPERATOR}),
    Role.CAC_OFFICIAL: frozenset({OrgKind.CAC_OFFICE}),
    Role.TALENT_OFFICIAL: frozenset({OrgKind.TALENT_OFFICE}),
    Role.HRSS_OFFICIAL: frozenset({OrgKind.HRSS_BUREAU}),
    Role.EVALUATOR: frozenset({OrgKind.EVALUATION_INSTITUTION}),
    Role.CREATOR: frozenset({OrgKind.CREATOR_COMMUNITY, OrgKind.STUDIO, OrgKind.MCN}),
    Role.PARTNER: frozenset(
        {OrgKind.PLATFORM, OrgKind.FINANCIAL, OrgKind.HOUSING_OFFICE, OrgKind.MCN}
    ),
    Role.AUDITOR: frozenset({OrgKind.AUDIT_OFFICE}),
    Role.PUBLIC: frozenset(),
}


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def check_uscc(code: str, *, field: str = "uscc") -> str:
    """Validate a unified social credit code (统一社会信用代码) by its check character."""
    text = code.strip().upper()
    if not _USCC.fullmatch(text) or uscc_check_char(text[:17]) != text[17]:
        raise InvalidInput(
            "not a valid unified social credit code", code=ErrorCode.INVALID_USCC, field=field
        )
    return text


def check_org_code(code: str) -> str:
    if not _ORG_CODE.fullmatch(code):
        raise InvalidInput(
            "organisation code must be 2–40 lowercase letters, digits or '-'", field="code"
        )
    return code


def check_role_fits(role: Role, kind: OrgKind) -> None:
    if kind not in ROLE_ORG_KINDS[role]:
        raise InvalidInput(f"role {role} does not exist in a {kind} organisation", field="role")


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str  # the organisation code
    name: str
    kind: OrgKind
    region_code: str
    uscc: str | None
    created_at: datetime
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    organisation: str
    username: str
    display_name: str
    role: Role
    creator_id: str | None
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A token's metadata; the secret itself is shown once, at creation, and never stored."""

    id: str
    account_id: str
    label: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None = None
    single_use: bool = False
