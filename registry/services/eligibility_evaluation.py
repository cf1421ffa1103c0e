"""Evaluating a creator against a programme (and what-if: facts supposed, never a basis for a
decision), and recording the declared facts an evaluation rests on.

Who may act: the talent and HR offices of the programme's region, system administrators and
the creator themself evaluate; officials record facts, with the document attesting them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from ..authz import Action, Principal, authorize, require_creator_self
from ..db import models as m
from ..domain.enums import Origin, Role
from ..eligibility import Evaluation, evaluate, what_if
from ..errors import InvalidInput
from .common import by_public_id, record_change
from .context import ServiceContext
from .creators import carried_birth_date
from .eligibility_facts import (
    DECLARED_FACTS,
    WHAT_IF_FACTS,
    as_fact_values,
    build_creator_facts,
    check_facts,
)
from .programmes import current_version, programme_of, require_programme_authority

__all__ = [
    "DeclaredFacts",
    "RecordCreatorFacts",
    "evaluate_eligibility",
    "record_creator_facts",
]


_MAPPINGS = frozenset(
    {
        "months_in_district_per_year",
        "social_insurance_months",
        "subsidies_received",
        "first_home_in",
    }
)


@dataclass(frozen=True, slots=True)
class RecordCreatorFacts:
    """Facts to record (``None`` forgets one), and the document attesting them."""

    creator_id: str
    facts: Mapping[str, Any]
    evidence_ref: str | None = None


@dataclass(frozen=True, slots=True)
class DeclaredFacts:
    creator_id: str
    facts: dict[str, Any]
    sources: dict[str, str]
    updated_at: datetime | None
    organisation: str | None = field(default=None)


def _overrides(values: Mapping[str, Any]) -> dict[str, Any]:
    """What-if values as fact values; ``None`` supposes the fact unknown."""
    checked = check_facts(values, WHAT_IF_FACTS, field="overrides")
    result = as_fact_values(checked)
    for name, value in checked.items():
        if value is None:
            result[name] = {} if name in _MAPPINGS else None
    return result


async def evaluate_eligibility(
    ctx: ServiceContext,
    principal: Principal,
    creator_id: str,
    programme_code: str,
    *,
    as_of: date | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Evaluate a creator against the programme version in force; a what-if with
    ``overrides`` (facts supposed, never a basis for a decision)."""
    authorize(principal, Action.EVALUATE_ELIGIBILITY)
    day = as_of or ctx.now().date()
    supposed = _overrides(overrides) if overrides else None
    async with ctx.uow(read_only=True) as uow:
        creator = await by_public_id(
            uow.session, m.Creator, creator_id, field="creator_id", what="creator"
        )
        require_creator_self(principal, creator.id)
        programme = programme_of(await current_version(uow.session, programme_code))
        if principal.role is not Role.CREATOR:
            require_programme_authority(principal, programme)
        facts = await build_creator_facts(uow.session, ctx.vault, creator, as_of=day)
    if supposed:
        return what_if(facts, programme, as_of=day, overrides=supposed)
    return evaluate(facts, programme, as_of=day)


def _check_recorded_birth_date(ctx: ServiceContext, creator: m.Creator, value: str) -> None:
    """A birth date is recorded only where the document number carries none, and is past."""
    if date.fromisoformat(value) > ctx.now().date():
        raise InvalidInput("a birth date may not be in the future", field="facts.birth_date")
    if carried_birth_date(ctx.vault, creator) is not None:
        raise InvalidInput(
            "the creator's ID document number carries the birth date: nothing to record",
            field="facts.birth_date",
        )


async def record_creator_facts(
    ctx: ServiceContext, principal: Principal, command: RecordCreatorFacts
) -> DeclaredFacts:
    """Record facts the registry holds no other record of, with the attesting document."""
    authorize(principal, Action.RECORD_CREATOR_FACTS)
    if not command.facts:
        raise InvalidInput("give at least one fact", field="facts")
    checked = check_facts(command.facts, DECLARED_FACTS, field="facts")
    evidence = (command.evidence_ref or "").strip()[:64] or f"facts:{principal.organisation_code}"
    now = ctx.now()
    async with ctx.uow() as uow:
        creator = await by_public_id(
            uow.session,
            m.Creator,
            command.creator_id,
            field="creator_id",
            what="creator",
            for_update=True,
        )
        if checked.get("hukou_city") is not None and creator.origin is not Origin.DOMESTIC:
            raise InvalidInput(
                "only a domestic creator holds a hukou; foreign, Hong Kong, Macao and Taiwan "
                "creators have none to record",
                field="facts.hukou_city",
            )
        if "birth_date" in checked:
            _check_recorded_birth_date(ctx, creator, checked["birth_date"])
        row = (
            await uow.session.execute(
                select(m.CreatorFactsRecord).where(m.CreatorFactsRecord.creator_id == creator.id)
            )
        ).scalar_one_or_none()
        before = None if row is None else row.audit_snapshot()
        if row is None:
            row = m.CreatorFactsRecord(creator_id=creator.id, facts={}, sources={}, updated_at=now)
            uow.session.add(row)
        facts, sources = dict(row.facts), dict(row.sources)
        for name, value in checked.items():
            if value is None:
                facts.pop(name, None)
                sources.pop(name, None)
            else:
                facts[name] = value
                sources[name] = evidence
        row.facts, row.sources = facts, sources  # new objects: JSON columns see the change
        row.recorded_by_org_id = principal.organisation_id
        row.updated_at = now
        record_change(
            uow,
            principal,
            "creator.facts",
            "creator",
            row,
            at=now,
            before=before,
            target_id=creator.public_id,
        )
        await uow.commit()
        return DeclaredFacts(creator.public_id, facts, sources, now, principal.organisation_code)
