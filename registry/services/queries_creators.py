"""Reading creators: the filtered list with keyset pagination, and the batch load for
DataLoaders, each narrowed to the creators the principal may see."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, or_, select

from ..authz import Action, Principal, authorize
from ..db import models as m
from ..domain.creators import Creator
from ..domain.enums import (
    CredentialStatus,
    DecisionOutcome,
    DecisionState,
    IdDocumentType,
    Origin,
    Platform,
    RecognitionState,
    Role,
)
from ..domain.identity import normalise_id_number
from ..domain.paging import Page, PageRequest
from ..errors import InvalidInput, NotAuthorized
from .context import ServiceContext
from .creators import to_creator
from .paging import keyset_page
from .visibility import narrow, visible_certificates, visible_creators, visible_credentials

__all__ = ["CreatorFilter", "list_creators", "load_creators"]


@dataclass(frozen=True, slots=True)
class CreatorFilter:
    origin: Origin | None = None
    region_code: str | None = None
    cluster_code: str | None = None  # holds an active recognition in this cluster
    platform: Platform | None = None
    tier: str | None = None  # holds a grant in force at this tier (any programme)
    credential_status: CredentialStatus | None = None  # holds a credential in this status
    name_contains: str | None = None
    registered_by: str | None = None  # organisation code
    # What an official types in the search box: part of a name or a platform handle, the last
    # four characters of an ID number, a whole ID number (matched through its lookup hash,
    # never stored or compared in clear) or a certificate number.
    search: str | None = None


_LAST_FOUR = re.compile(r"[0-9X]{4}")
MAX_SEARCH = 64


def _search_clause(ctx: ServiceContext, principal: Principal, text: str) -> ColumnElement[bool]:
    text = text.strip()
    if len(text) > MAX_SEARCH:
        raise InvalidInput(f"a search has at most {MAX_SEARCH} characters", field="search")
    clauses: list[ColumnElement[bool]] = [m.Creator.name.contains(text, autoescape=True)]
    if principal.role is not Role.EVALUATOR:  # an institution does not read accounts
        clauses.append(
            exists()
            .where(m.PlatformAccount.creator_id == m.Creator.id)
            .where(m.PlatformAccount.handle.contains(text, autoescape=True))
        )
    upper = text.upper().replace(" ", "")
    if _LAST_FOUR.fullmatch(upper):
        clauses.append(m.Creator.id_number_masked.endswith(upper, autoescape=True))
    hashes = []
    for document_type in IdDocumentType:
        try:
            number = normalise_id_number(upper, document_type)
        except InvalidInput:
            continue
        hashes.append(ctx.vault.lookup_hash(document_type, number))
    if hashes:
        clauses.append(m.Creator.id_number_hash.in_(hashes))
    certificates = select(m.SkillCertificate.creator_id).where(m.SkillCertificate.number == upper)
    clauses.append(m.Creator.id.in_(narrow(certificates, visible_certificates(principal))))
    return or_(*clauses)


async def list_creators(
    ctx: ServiceContext,
    principal: Principal,
    page: PageRequest,
    filters: CreatorFilter | None = None,
) -> Page[Creator]:
    authorize(principal, Action.READ_CREATOR)
    f = filters or CreatorFilter()
    if principal.role is Role.EVALUATOR and (f.cluster_code or f.tier or f.platform):
        # A filter is a question about the records it filters on, which an institution does
        # not read: refused, so that its answer cannot tell it who holds what.
        raise NotAuthorized(
            "an evaluation institution does not read recognitions, grants or accounts",
            field="clusterCode" if f.cluster_code else "tier" if f.tier else "platform",
        )
    statement = narrow(select(m.Creator), visible_creators(principal, m.Creator.id))
    if f.origin is not None:
        statement = statement.where(m.Creator.origin == f.origin)
    if f.region_code is not None:
        statement = statement.where(m.Creator.region_code == f.region_code)
    if f.name_contains:
        statement = statement.where(m.Creator.name.contains(f.name_contains, autoescape=True))
    if f.search and f.search.strip():
        statement = statement.where(_search_clause(ctx, principal, f.search))
    if f.registered_by is not None:
        statement = statement.where(
            m.Creator.registered_by_org_id.in_(
                select(m.Organisation.id).where(m.Organisation.code == f.registered_by)
            )
        )
    if f.cluster_code is not None:
        statement = statement.where(
            exists()
            .where(m.Recognition.creator_id == m.Creator.id)
            .where(m.Recognition.cluster_code == f.cluster_code)
            .where(m.Recognition.state == RecognitionState.ACTIVE)
        )
    if f.platform is not None:
        statement = statement.where(
            exists()
            .where(m.PlatformAccount.creator_id == m.Creator.id)
            .where(m.PlatformAccount.platform == f.platform)
        )
    if f.tier is not None:
        statement = statement.where(
            exists()
            .where(m.EligibilityDecision.creator_id == m.Creator.id)
            .where(m.EligibilityDecision.tier == f.tier)
            .where(
                m.EligibilityDecision.outcome.in_(
                    [DecisionOutcome.APPROVED, DecisionOutcome.PROVISIONAL]
                )
            )
            .where(m.EligibilityDecision.state == DecisionState.ACTIVE)
        )
    if f.credential_status is not None:
        held = select(m.Credential.creator_id).where(m.Credential.status == f.credential_status)
        statement = statement.where(m.Creator.id.in_(narrow(held, visible_credentials(principal))))
    async with ctx.uow(read_only=True) as uow:
        return await keyset_page(uow.session, statement, m.Creator.id, page, to_creator)


async def load_creators(
    ctx: ServiceContext, principal: Principal, ids: Sequence[str]
) -> list[Creator | None]:
    """Batch load for a DataLoader: results in ``ids`` order, None where not visible."""
    authorize(principal, Action.READ_CREATOR)
    statement = narrow(
        select(m.Creator).where(m.Creator.public_id.in_(list(ids))),
        visible_creators(principal, m.Creator.id),
    )
    async with ctx.uow(read_only=True) as uow:
        found = {
            row.public_id: to_creator(row)
            for row in (await uow.session.execute(statement)).scalars()
        }
    return [found.get(i) for i in ids]
