"""Every exception the eligibility engine raises, under one catchable root.

    RegistryError                  the registry's root (``registry.errors``)
     └── EligibilityError          root of the engine's: catch this to catch everything below
          ├── ProgrammeFileError   a programme document is invalid (``source``, ``field``)
          ├── PublicationError     a new programme version cannot replace the current one
          ├── UnknownFactError     a what-if names a fact creators do not have
          └── DecisionRefused      a proposed decision breaks a rule (``code``: an ErrorCode)

Codes are stable strings the GraphQL layer maps to ``userErrors``; messages are for people.
"""

from __future__ import annotations

from ..errors import ErrorCode, RegistryError

__all__ = [
    "DecisionRefused",
    "EligibilityError",
    "ProgrammeFileError",
    "PublicationError",
    "UnknownFactError",
]


class EligibilityError(RegistryError):
    """Root of every exception raised by :mod:`registry.eligibility`, under the registry's."""


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


class DecisionRefused(EligibilityError):
    """``code`` is one of the registry's error codes (the ones a decision can break), so the
    services pass it on as it is."""

    def __init__(self, code: ErrorCode, message: str, *, field: str | None = None) -> None:
        self.code = code
        self.field = field  # the input at fault, when the code alone does not say
        super().__init__(message)
