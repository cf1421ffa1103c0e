"""Partner API clients and what they were told (PIPL: purpose-bound, every disclosure logged)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..errors import InvalidInput

__all__ = ["SCOPE_NAMES", "ApiClient", "DisclosureEvent", "IssuedApiClient", "check_labels"]

_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{0,39}")

# The scopes a client may be given: the answer's result, its achievement, its holder. Which
# fields each opens is the API's business (schema.disclosures.SCOPES, keyed by these).
SCOPE_NAMES = ("verify:result", "verify:achievement", "verify:holder")


def check_labels(values: Iterable[str], *, field: str, required: bool = True) -> tuple[str, ...]:
    """Purposes and scopes: short identifiers, no duplicates."""
    labels = tuple(dict.fromkeys(v.strip() for v in values))
    if required and not labels:
        raise InvalidInput(f"declare at least one of {field}", field=field)
    for label in labels:
        if not _LABEL.fullmatch(label):
            raise InvalidInput(f"{field} are identifiers of at most 40 characters", field=field)
    return labels


@dataclass(frozen=True, slots=True)
class ApiClient:
    id: str
    organisation: str
    account_id: str
    name: str
    purposes: tuple[str, ...]
    scopes: tuple[str, ...]
    rate_per_second: float | None
    burst: int | None
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class IssuedApiClient:
    client: ApiClient
    secret: str  # the bearer token, shown once

    def __repr__(self) -> str:
        return f"IssuedApiClient(client={self.client!r}, secret='****')"


@dataclass(frozen=True, slots=True)
class DisclosureEvent:
    id: int
    at: datetime
    client_id: str | None
    organisation: str | None
    actor: str
    credential_id: str | None
    purpose: str
    fields: tuple[str, ...]
    outcome_code: str | None
