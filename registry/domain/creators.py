"""Creators, their platform accounts and works, and recognitions (认定) with their states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..errors import InvalidInput
from . import identity
from .enums import (
    CreatorKind,
    IdDocumentType,
    IdentityForm,
    Origin,
    Platform,
    RecognitionState,
    WorkType,
)
from .transitions import next_state

__all__ = [
    "RECOGNITION_TRANSITIONS",
    "Creator",
    "PlatformAccount",
    "Recognition",
    "Work",
    "check_percentile",
    "next_recognition_state",
]

# A suspended recognition may be reinstated; a revoked one is final.
RECOGNITION_TRANSITIONS: dict[tuple[RecognitionState, str], RecognitionState] = {
    (RecognitionState.ACTIVE, "suspend"): RecognitionState.SUSPENDED,
    (RecognitionState.SUSPENDED, "reinstate"): RecognitionState.ACTIVE,
    (RecognitionState.ACTIVE, "revoke"): RecognitionState.REVOKED,
    (RecognitionState.SUSPENDED, "revoke"): RecognitionState.REVOKED,
}


def next_recognition_state(current: RecognitionState, action: str) -> RecognitionState:
    return next_state(RECOGNITION_TRANSITIONS, current, action, what="recognition")


def check_percentile(value: Decimal) -> Decimal:
    """Top-N percent on the platform: 0 < value ≤ 100 (1 means the top 1 %)."""
    if not Decimal(0) < value <= Decimal(100):
        raise InvalidInput("percentile must lie in (0, 100]", field="percentile")
    return value


@dataclass(frozen=True, slots=True)
class Creator:
    """A creator as officials see it: the ID number only ever masked.

    ``show_full_name`` is the holder's own choice for public surfaces (the credentials signed
    while it holds); ``public_name`` is the name those surfaces get under it.
    """

    id: str
    kind: CreatorKind
    identity_form: IdentityForm
    name: str
    masked_name: str
    origin: Origin
    id_document_type: IdDocumentType
    id_number_masked: str
    region_code: str | None
    registered_by: str
    created_at: datetime
    show_full_name: bool = False
    name_display_chosen_at: datetime | None = None

    @property
    def public_name(self) -> str:
        return identity.public_name(self.name, show_full_name=self.show_full_name)


@dataclass(frozen=True, slots=True)
class PlatformAccount:
    id: int
    creator_id: str
    platform: Platform
    handle: str
    followers: int
    percentile: Decimal | None
    measured_on: date
    attested_by: str | None


@dataclass(frozen=True, slots=True)
class Work:
    id: str
    creator_id: str
    title: str
    work_type: WorkType
    platform: Platform | None
    url: str | None
    published_on: date | None


@dataclass(frozen=True, slots=True)
class Recognition:
    id: str
    creator_id: str
    cluster_code: str
    region_code: str
    organisation: str
    state: RecognitionState
    recognised_on: date
    valid_until: date | None
    decision_ref: str | None
    reason: str | None
