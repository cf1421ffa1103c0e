"""Who may do what: role × organisation × authority (DOMAIN §6), checked inside services.

A :class:`Principal` is an authenticated account in one organisation with one role (or the
anonymous public, or the operator at the command line). Services call :func:`authorize` for
the role, then the scope checks for the records at hand:

- ``FORBIDDEN``: the role may never do this (a creator recognising creators);
- ``OUT_OF_SCOPE``: the role may, but not here (a district office acting for another district,
  a creator touching another creator's record, an institution changing another's credential);
- ``OUTSIDE_FILING``: an evaluator beyond its own active filing (see ``domain.skills``).

Every refusal is raised before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .domain.enums import CredentialKind, OrgKind, Role
from .domain.regions import covers
from .errors import ErrorCode, NotAuthorized

__all__ = [
    "ISSUERS",
    "OPERATOR_ACTIONS",
    "POLICY",
    "Action",
    "Principal",
    "acts_in",
    "authorize",
    "may",
    "require_creator_self",
    "require_organisation",
    "require_region",
]


class Action(StrEnum):
    MANAGE_ORGANISATIONS = "MANAGE_ORGANISATIONS"
    MANAGE_ACCOUNTS = "MANAGE_ACCOUNTS"
    MANAGE_FILINGS = "MANAGE_FILINGS"
    READ_FILINGS = "READ_FILINGS"
    MANAGE_KEYS = "MANAGE_KEYS"
    REGISTER_CREATOR = "REGISTER_CREATOR"
    READ_CREATOR = "READ_CREATOR"
    UPDATE_CREATOR = "UPDATE_CREATOR"  # platform accounts and works
    CHOOSE_NAME_DISPLAY = "CHOOSE_NAME_DISPLAY"  # full or masked name on public surfaces
    DECIDE_RECOGNITION = "DECIDE_RECOGNITION"
    APPLY_RECOGNITION = "APPLY_RECOGNITION"  # a creator, or an official on their behalf
    CLAIM_AWARD = "CLAIM_AWARD"
    DECIDE_AWARD = "DECIDE_AWARD"
    RECORD_CERTIFICATE = "RECORD_CERTIFICATE"
    ISSUE_CREDENTIAL = "ISSUE_CREDENTIAL"  # further limited by kind: ISSUERS
    CHANGE_CREDENTIAL_STATUS = "CHANGE_CREDENTIAL_STATUS"
    READ_CREDENTIAL = "READ_CREDENTIAL"
    READ_AUDIT = "READ_AUDIT"
    RECORD_DISCLOSURE = "RECORD_DISCLOSURE"
    READ_DISCLOSURES = "READ_DISCLOSURES"
    EVALUATE_ELIGIBILITY = "EVALUATE_ELIGIBILITY"  # evaluate, what-if, read decisions
    DECIDE_ELIGIBILITY = "DECIDE_ELIGIBILITY"
    PUBLISH_PROGRAMME = "PUBLISH_PROGRAMME"
    RECORD_CREATOR_FACTS = "RECORD_CREATOR_FACTS"
    LAPSE_PROVISIONAL = "LAPSE_PROVISIONAL"  # 容缺 approvals whose documents are overdue


_OFFICIALS = frozenset({Role.TALENT_OFFICIAL, Role.CAC_OFFICIAL, Role.HRSS_OFFICIAL})

# Which role issues which kind of credential: the authority behind the record it attests.
ISSUERS: dict[CredentialKind, frozenset[Role]] = {
    CredentialKind.CREATOR_RECOGNITION: frozenset({Role.TALENT_OFFICIAL}),
    CredentialKind.AWARD: frozenset({Role.CAC_OFFICIAL}),
    CredentialKind.SKILL_CERTIFICATE: frozenset({Role.EVALUATOR}),
    CredentialKind.TALENT_ELIGIBILITY: frozenset({Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL}),
}

POLICY: dict[Action, frozenset[Role]] = {
    Action.MANAGE_ORGANISATIONS: frozenset({Role.SYSTEM_ADMIN}),
    Action.MANAGE_ACCOUNTS: frozenset({Role.SYSTEM_ADMIN}),
    Action.MANAGE_FILINGS: frozenset({Role.SYSTEM_ADMIN, Role.HRSS_OFFICIAL}),
    Action.READ_FILINGS: frozenset({Role.SYSTEM_ADMIN, Role.HRSS_OFFICIAL, Role.EVALUATOR}),
    Action.MANAGE_KEYS: frozenset({Role.SYSTEM_ADMIN}),
    Action.REGISTER_CREATOR: frozenset(
        {Role.TALENT_OFFICIAL, Role.CAC_OFFICIAL, Role.EVALUATOR, Role.CREATOR}
    ),
    Action.READ_CREATOR: _OFFICIALS | {Role.EVALUATOR, Role.CREATOR},
    Action.UPDATE_CREATOR: frozenset({Role.TALENT_OFFICIAL, Role.CAC_OFFICIAL, Role.CREATOR}),
    # Showing the full name is the holder's consent (DOMAIN §5): no official may give it.
    Action.CHOOSE_NAME_DISPLAY: frozenset({Role.CREATOR}),
    Action.DECIDE_RECOGNITION: frozenset({Role.TALENT_OFFICIAL}),
    Action.APPLY_RECOGNITION: frozenset({Role.TALENT_OFFICIAL, Role.CREATOR}),
    # Awards are recorded by the CAC offices; creators claim their own.
    Action.CLAIM_AWARD: frozenset({Role.CREATOR, Role.CAC_OFFICIAL}),
    Action.DECIDE_AWARD: frozenset({Role.CAC_OFFICIAL}),
    Action.RECORD_CERTIFICATE: frozenset({Role.EVALUATOR}),
    Action.ISSUE_CREDENTIAL: frozenset().union(*ISSUERS.values()),
    Action.CHANGE_CREDENTIAL_STATUS: frozenset().union(*ISSUERS.values()),
    Action.READ_CREDENTIAL: _OFFICIALS | {Role.EVALUATOR, Role.CREATOR},
    Action.READ_AUDIT: frozenset({Role.AUDITOR}),
    Action.RECORD_DISCLOSURE: frozenset({Role.PARTNER}),
    Action.READ_DISCLOSURES: frozenset({Role.AUDITOR, Role.SYSTEM_ADMIN, Role.PARTNER}),
    # Eligibility is decided by the talent and HR offices of the programme's region.
    Action.EVALUATE_ELIGIBILITY: frozenset(
        {Role.SYSTEM_ADMIN, Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL, Role.CREATOR}
    ),
    Action.DECIDE_ELIGIBILITY: frozenset({Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL}),
    Action.PUBLISH_PROGRAMME: frozenset(
        {Role.SYSTEM_ADMIN, Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL}
    ),
    Action.RECORD_CREATOR_FACTS: frozenset({Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL}),
    # Lapsing ends a decision: the deciding offices, and the operator's scheduled sweep
    # (OPERATOR_ACTIONS), never a signed-in administrator.
    Action.LAPSE_PROVISIONAL: frozenset({Role.TALENT_OFFICIAL, Role.HRSS_OFFICIAL}),
}

# What the operator at the command line may do beyond its role's policy: sweeps that only
# apply deadlines the deciding offices set.
OPERATOR_ACTIONS: frozenset[Action] = frozenset({Action.LAPSE_PROVISIONAL})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting: an account of one organisation in one role."""

    role: Role
    account_id: int | None = None
    account_ref: str | None = None
    organisation_id: int | None = None
    organisation_code: str | None = None
    organisation_kind: OrgKind | None = None
    region_code: str | None = None
    creator_id: int | None = None
    operator: str | None = None
    # Partner API clients: what they may ask, for which purposes, how fast.
    client_id: str | None = None
    scopes: frozenset[str] = frozenset()
    purposes: frozenset[str] = frozenset()
    rate_per_second: float | None = None
    burst: int | None = None
    # When the bearer token it came from stops being valid (None: never, or no token).
    expires_at: datetime | None = None

    @classmethod
    def anonymous(cls) -> Principal:
        return cls(role=Role.PUBLIC)

    @classmethod
    def system(cls, operator: str = "cli") -> Principal:
        """The operator at the command line, with direct access to the database and the KEK."""
        return cls(role=Role.SYSTEM_ADMIN, operator=operator)

    @property
    def actor(self) -> str:
        """How the audit log names this principal: never a person's name or identifier."""
        if self.account_ref is not None:
            return self.account_ref
        if self.operator is not None:
            return f"system:{self.operator}"
        return "public"


def may(principal: Principal, action: Action) -> bool:
    if principal.operator is not None and action in OPERATOR_ACTIONS:
        return True
    return principal.role in POLICY[action]


def authorize(principal: Principal, action: Action, *, kind: CredentialKind | None = None) -> None:
    """Refuse with FORBIDDEN unless the principal's role may perform ``action`` at all."""
    if kind is None and may(principal, action):
        return
    allowed = POLICY[action] if kind is None else ISSUERS[kind]
    if principal.role not in allowed:
        raise NotAuthorized(
            f"the {principal.role} role may not {action.value.lower().replace('_', ' ')}",
            code=ErrorCode.FORBIDDEN,
        )


def acts_in(principal: Principal, region_code: str) -> bool:
    """Whether the principal's organisation has authority over ``region_code`` (the operator
    at the command line has it everywhere, except when acting for one office: then the office's
    authority is the limit, as for its own officials)."""
    if principal.operator is not None and principal.organisation_id is None:
        return True
    return principal.region_code is not None and covers(principal.region_code, region_code)


def require_region(principal: Principal, region_code: str, *, field: str = "region_code") -> None:
    """OUT_OF_SCOPE unless the principal's organisation has authority over ``region_code``."""
    if not acts_in(principal, region_code):
        raise NotAuthorized(
            "this organisation has no authority in that region",
            code=ErrorCode.OUT_OF_SCOPE,
            field=field,
        )


def require_organisation(principal: Principal, organisation_id: int, *, field: str) -> None:
    """OUT_OF_SCOPE unless the record belongs to the principal's own organisation (the
    operator acting for no office passes; acting for one, only that office's records do)."""
    if principal.operator is not None and principal.organisation_id is None:
        return
    if principal.organisation_id != organisation_id:
        raise NotAuthorized(
            "the record belongs to another organisation", code=ErrorCode.OUT_OF_SCOPE, field=field
        )


def require_creator_self(
    principal: Principal, creator_id: int, *, field: str = "creator_id"
) -> None:
    """For creators: OUT_OF_SCOPE unless the record is their own."""
    if principal.role is Role.CREATOR and principal.creator_id != creator_id:
        raise NotAuthorized(
            "creators may act on their own records only", code=ErrorCode.OUT_OF_SCOPE, field=field
        )
