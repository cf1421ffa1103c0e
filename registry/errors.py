"""Every exception the registry raises, under one catchable root.

    RegistryError                  root: catch this to catch everything below
     ├── DomainError               an expected refusal of a use case; ``code`` and ``field``
     │    ├── InvalidInput         a value breaks a rule (INVALID_USCC, INVALID_ID_NUMBER, …)
     │    ├── NotFound             NOT_FOUND: no such record, or none the caller may see
     │    ├── Conflict             the records' state forbids it (DUPLICATE, INVALID_STATE, …)
     │    ├── NotAuthenticated     UNAUTHENTICATED: no, unknown, expired or revoked token
     │    └── NotAuthorized        FORBIDDEN (the role may not), OUT_OF_SCOPE (not this
     │                             organisation, region or creator), OUTSIDE_FILING (an
     │                             evaluator beyond its active filing), PURPOSE_NOT_DECLARED
     │                             (a partner asking for a purpose its client did not declare)
     ├── KeystoreError             the key-encryption key is missing or does not open a secret
     ├── AuditChainError           the audit chain is broken; ``seq`` names the first bad link
     ├── ConfigurationError        settings cannot be read
 ├── BucketsUnavailable        the shared rate-limit buckets cannot be reached (the caller
 │                             limits per process meanwhile: ``registry.ratebuckets``)
     └── EligibilityError          the eligibility engine's root (``registry.eligibility.errors``:
                                   programme files, publication, what-ifs, refused decisions)

``DomainError`` is what the GraphQL layer maps to ``userErrors {field message code}``; anything
else is unexpected and masked. Messages name fields, never values: no exception text carries
an ID number or any other personal identifier.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AuditChainError",
    "BucketsUnavailable",
    "ConfigurationError",
    "Conflict",
    "DomainError",
    "ErrorCode",
    "InvalidInput",
    "KeystoreError",
    "NotAuthenticated",
    "NotAuthorized",
    "NotFound",
    "RegistryError",
]


class ErrorCode(StrEnum):
    # InvalidInput
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_USCC = "INVALID_USCC"
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    INVALID_REGION = "INVALID_REGION"
    INVALID_LEVEL = "INVALID_LEVEL"
    INVALID_DIRECTION = "INVALID_DIRECTION"
    INVALID_CERTIFICATE_NUMBER = "INVALID_CERTIFICATE_NUMBER"
    INVALID_CURSOR = "INVALID_CURSOR"
    TOO_YOUNG = "TOO_YOUNG"
    SCORE_BELOW_PASS = "SCORE_BELOW_PASS"  # noqa: S105 - an error code, not a secret
    INVALID_PROGRAMME = "INVALID_PROGRAMME"
    UNKNOWN_FACT = "UNKNOWN_FACT"
    TOO_LARGE = "TOO_LARGE"  # a credential would not fit QR version 20
    # NotFound
    NOT_FOUND = "NOT_FOUND"
    # Conflict
    DUPLICATE = "DUPLICATE"
    INVALID_STATE = "INVALID_STATE"
    ALREADY_ISSUED = "ALREADY_ISSUED"
    NO_SIGNING_KEY = "NO_SIGNING_KEY"
    LAST_SIGNING_KEY = "LAST_SIGNING_KEY"
    # Conflict: eligibility decisions and programme publications (registry.eligibility codes)
    POLICY_NOT_YET_IN_FORCE = "POLICY_NOT_YET_IN_FORCE"
    POLICY_WINDOW_CLOSED = "POLICY_WINDOW_CLOSED"
    TIER_UNKNOWN = "TIER_UNKNOWN"
    TIER_NOT_REACHED = "TIER_NOT_REACHED"
    DOCUMENTS_MISSING = "DOCUMENTS_MISSING"
    PROVISIONAL_NOT_ALLOWED = "PROVISIONAL_NOT_ALLOWED"
    DEADLINE_INVALID = "DEADLINE_INVALID"
    MORE_FAVOURABLE_ALREADY_GRANTED = "MORE_FAVOURABLE_ALREADY_GRANTED"
    AMOUNT_INVALID = "AMOUNT_INVALID"  # an approved amount above its cap, or for no such sum
    DOCUMENTS_OVERDUE = "DOCUMENTS_OVERDUE"
    SUBSIDY_MONTHS_EXCEEDED = "SUBSIDY_MONTHS_EXCEEDED"
    STAY_LIMIT_REACHED = "STAY_LIMIT_REACHED"  # a talent-apartment stay past the yearly limit
    CODE_MISMATCH = "CODE_MISMATCH"
    VERSION_NOT_NEXT = "VERSION_NOT_NEXT"
    # NotAuthenticated
    UNAUTHENTICATED = "UNAUTHENTICATED"
    # NotAuthorized
    FORBIDDEN = "FORBIDDEN"
    OUT_OF_SCOPE = "OUT_OF_SCOPE"
    OUTSIDE_FILING = "OUTSIDE_FILING"
    PURPOSE_NOT_DECLARED = "PURPOSE_NOT_DECLARED"


class RegistryError(Exception):
    """Root of every exception raised by :mod:`registry`."""


class DomainError(RegistryError):
    """An expected refusal: ``code`` says why, ``field`` which input (if one is to blame)."""

    default_code = ErrorCode.INVALID_INPUT

    def __init__(
        self, message: str, *, code: ErrorCode | None = None, field: str | None = None
    ) -> None:
        self.code: ErrorCode = code or self.default_code
        self.field = field
        self.message = message
        super().__init__(f"{self.code.value}: {message}")


class InvalidInput(DomainError):
    default_code = ErrorCode.INVALID_INPUT


class NotFound(DomainError):
    default_code = ErrorCode.NOT_FOUND


class Conflict(DomainError):
    default_code = ErrorCode.INVALID_STATE


class NotAuthenticated(DomainError):
    default_code = ErrorCode.UNAUTHENTICATED


class NotAuthorized(DomainError):
    default_code = ErrorCode.FORBIDDEN


class KeystoreError(RegistryError):
    """The key-encryption key is missing, malformed, or does not open a sealed secret."""


class AuditChainError(RegistryError):
    """The audit chain does not verify; ``seq`` is the first event that fails."""

    def __init__(self, seq: int, reason: str) -> None:
        self.seq = seq
        self.reason = reason
        super().__init__(f"audit chain broken at event {seq}: {reason}")


class ConfigurationError(RegistryError):
    """A setting is missing or malformed."""


class BucketsUnavailable(RegistryError):
    """The database holding the shared rate-limit buckets cannot be reached now."""
