"""Eligibility reads: evaluate a creator (or a what-if), and the programmes in force."""

from __future__ import annotations

from datetime import date

import strawberry

from registry.services import eligibility, programmes

from ..context import Info
from ..fields import field
from ..relay import input_key
from ..types.eligibility import (
    EligibilityEvaluation,
    EligibilityFactsInput,
    EligibilityProgramme,
    facts_from_input,
)

__all__ = ["EligibilityQueries", "EvaluateEligibilityInput"]


@strawberry.input
class EvaluateEligibilityInput:
    creator_id: strawberry.ID
    programme_code: str = strawberry.field(description="e.g. YP_YOUXIANG, SH_CREATOR_HUKOU.")
    as_of: date | None = strawberry.field(default=None, description="Default: today.")
    what_if: EligibilityFactsInput | None = strawberry.field(
        default=None, description="Facts to suppose (假设测算); the answer is hypothetical."
    )


@strawberry.type
class EligibilityQueries:
    @field(
        description="Evaluate a creator against a programme, explaining every criterion "
        "(officials of the programme's region, the creator themself)."
    )
    async def evaluate_eligibility(
        self, info: Info, input: EvaluateEligibilityInput
    ) -> EligibilityEvaluation:
        ctx = info.context
        evaluation = await eligibility.evaluate_eligibility(
            ctx.registry,
            ctx.principal,
            input_key(input.creator_id, expect="Creator", field="creator_id"),
            input.programme_code,
            as_of=input.as_of,
            overrides=None if input.what_if is None else facts_from_input(input.what_if),
        )
        return EligibilityEvaluation.from_domain(evaluation)

    @field(description="Eligibility programmes, each at the version in force (public).")
    async def programmes(self, info: Info) -> list[EligibilityProgramme]:
        found = await programmes.list_programmes(info.context.registry)
        return [EligibilityProgramme.from_domain(p) for p in found]
