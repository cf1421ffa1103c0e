"""DataLoaders, built per request: one batched read per kind of lookup, whatever the page.

Each loader calls one registry batch read, which applies the caller's visibility rules and
returns results in key order; nothing here filters or decides. Loaders live for one request
only, so a status change is never hidden behind a cache.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from registry.authz import Principal
from registry.domain import (
    AwardGrant,
    Creator,
    Credential,
    PlatformAccount,
    Recognition,
    SkillCertificate,
    Work,
)
from registry.domain.credentials import DocumentNames
from registry.domain.eligibility import (
    ApartmentStayRecord,
    EligibilityDecision,
    SubsidyPeriodApproval,
)
from registry.services import history, loaders, queries
from registry.services.context import ServiceContext
from registry.services.history import HistoryEntry

__all__ = ["Loaders"]

V = TypeVar("V")
BatchRead = Callable[[ServiceContext, Principal, Sequence[str]], Awaitable[Sequence[V]]]


def _loader(
    read: BatchRead[V], registry: ServiceContext, principal: Principal
) -> DataLoader[str, V]:
    async def load(keys: list[str]) -> list[V]:
        return list(await read(registry, principal, keys))

    return DataLoader(load_fn=load)


class Loaders:
    __slots__ = (
        "accounts",
        "apartment_stays",
        "awards",
        "certificates",
        "creators",
        "credentials",
        "decisions",
        "document_names",
        "history",
        "qr_texts",
        "recognitions",
        "subsidy_periods",
        "works",
    )

    def __init__(self, registry: ServiceContext, principal: Principal) -> None:
        self.creators: DataLoader[str, Creator | None] = _loader(
            queries.load_creators, registry, principal
        )
        self.accounts: DataLoader[str, Sequence[PlatformAccount]] = _loader(
            loaders.load_platform_accounts_of, registry, principal
        )
        self.works: DataLoader[str, Sequence[Work]] = _loader(
            loaders.load_works_of, registry, principal
        )
        self.awards: DataLoader[str, Sequence[AwardGrant]] = _loader(
            loaders.load_awards_of, registry, principal
        )
        self.certificates: DataLoader[str, Sequence[SkillCertificate]] = _loader(
            loaders.load_certificates_of, registry, principal
        )
        self.recognitions: DataLoader[str, Sequence[Recognition]] = _loader(
            loaders.load_recognitions_of, registry, principal
        )
        self.credentials: DataLoader[str, Sequence[Credential]] = _loader(
            loaders.load_credentials_of, registry, principal
        )
        self.decisions: DataLoader[str, Sequence[EligibilityDecision]] = _loader(
            loaders.load_decisions_of, registry, principal
        )
        # Keyed by a decision's registry key, not its global id (EligibilityDecision.key).
        self.subsidy_periods: DataLoader[str, Sequence[SubsidyPeriodApproval]] = _loader(
            loaders.load_subsidy_periods_of, registry, principal
        )
        self.apartment_stays: DataLoader[str, Sequence[ApartmentStayRecord]] = _loader(
            loaders.load_apartment_stays_of, registry, principal
        )
        self.document_names: DataLoader[str, DocumentNames] = _loader(
            loaders.load_document_names, registry, principal
        )
        self.qr_texts: DataLoader[str, str | None] = _loader(
            loaders.load_qr_texts, registry, principal
        )
        # Keyed by history.history_key(target type, public id).
        self.history: DataLoader[str, Sequence[HistoryEntry]] = _loader(
            history.load_histories, registry, principal
        )
