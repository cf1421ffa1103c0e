"""Every exception the eligibility engine raises, under one catchable root.

    EligibilityError               root: catch this to catch everything below
     ├── ProgrammeFileError        a programme document is invalid (``source``, ``field``)
     ├── PublicationError          a new programme version cannot replace the current one
     ├── UnknownFactError          a what-if names a fact creators do not have
     └── DecisionRefused           a proposed decision breaks a rule (``code``)

Codes are stable strings the GraphQL layer maps to ``userErrors``; messages are for people.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DecisionRefused",
    "EligibilityError",
    "ProgrammeFileError",
    "PublicationError",
    "RefusalCode",
    "UnknownFactError",
]


class EligibilityError(Exception):
    """Root of every exception raised by :mod:`registry.eligibility`."""


class ProgrammeFileError(EligibilityError):
    """``source`` names the file (or document), ``field`` the JSON path of the bad value."""

    def __init__(self, source: str, field: str, reason: str) -> None:
        self.source = source
        self.field = field
        self.reason = reason
        super().__init__(f"{source}: {field or '<document>'}: {reason}")


class PublicationError(EligibilityError):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class UnknownFactError(EligibilityError):
    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        super().__init__(f"unknown creator facts: {', '.join(names)}")


class RefusalCode(StrEnum):
    """Why a proposed decision cannot be recorded."""

    POLICY_NOT_YET_IN_FORCE = "POLICY_NOT_YET_IN_FORCE"
    POLICY_WINDOW_CLOSED = "POLICY_WINDOW_CLOSED"
    TIER_UNKNOWN = "TIER_UNKNOWN"
    TIER_NOT_REACHED = "TIER_NOT_REACHED"
    DOCUMENTS_MISSING = "DOCUMENTS_MISSING"
    PROVISIONAL_NOT_ALLOWED = "PROVISIONAL_NOT_ALLOWED"
    DEADLINE_INVALID = "DEADLINE_INVALID"
    MORE_FAVOURABLE_ALREADY_GRANTED = "MORE_FAVOURABLE_ALREADY_GRANTED"


class DecisionRefused(EligibilityError):
    def __init__(self, code: RefusalCode, message: str) -> None:
        self.code = code
        super().__init__(message)
