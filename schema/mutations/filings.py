"""fileFiling, changeFiling (备案: evaluation institutions' filings). The use cases and their
authority live in ``registry.services.filings``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from enum import Enum

import strawberry

from registry.domain.skills import Filing as DomainFiling
from registry.errors import InvalidInput
from registry.services import filings

from ..context import Info
from ..errors import UserError, attempt_as
from ..fields import mutation
from ..relay import input_key
from ..types.enums import FilingScope, InstitutionCategory, SkillLevel
from ..types.orgs import Filing

__all__ = ["FilingMutations"]


@strawberry.input(
    description="A filing (备案): which occupation, directions and levels an evaluation "
    "institution may certify, in which scope, for which term."
)
class FileFilingInput:
    organisation_code: str = strawberry.field(description="The evaluation institution.")
    directions: list[str] = strawberry.field(description="e.g. AUDIOVISUAL_OPS.")
    levels: list[SkillLevel]
    scope: FilingScope
    province_code: str = strawberry.field(description="Two digits, e.g. 31 for Shanghai.")
    category: InstitutionCategory
    institution_code: str = strawberry.field(description="Four digits of the certificate prefix.")
    site_serial: str = strawberry.field(description="Six digits of the certificate prefix.")
    valid_from: date
    valid_until: date
    occupation_code: str = "4-13-01-05"
    reference: str | None = strawberry.field(default=None, description="The filing's number.")


@strawberry.enum(description="What happens to a filing.")
class FilingAction(Enum):
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    WITHDRAW = "withdraw"
    RENEW = "renew"


@strawberry.input
class ChangeFilingInput:
    filing_id: strawberry.ID
    action: FilingAction
    valid_until: date | None = strawberry.field(
        default=None, description="RENEW only: the new end of the term (later than today's)."
    )


@strawberry.type
class FilingPayload:
    filing: Filing | None
    user_errors: list[UserError]


def _filing_change(info: Info, input: ChangeFilingInput) -> Callable[[], Awaitable[DomainFiling]]:
    ctx = info.context

    async def call() -> DomainFiling:
        key = input_key(input.filing_id, expect="Filing", field="filing_id")
        registry, principal = ctx.registry, ctx.principal
        if input.action is FilingAction.RENEW:
            if input.valid_until is None:
                raise InvalidInput("a renewal names the new end of the term", field="valid_until")
            return await filings.renew_filing(
                registry, principal, key, valid_until=input.valid_until
            )
        change = {
            FilingAction.SUSPEND: filings.suspend_filing,
            FilingAction.REINSTATE: filings.reinstate_filing,
            FilingAction.WITHDRAW: filings.withdraw_filing,
        }[input.action]
        return await change(registry, principal, key)

    return call


@strawberry.type
class FilingMutations:
    @mutation(description="File (备案) an evaluation institution's filing; HR offices only.")
    async def file_filing(self, info: Info, input: FileFilingInput) -> FilingPayload:
        ctx = info.context

        async def call() -> DomainFiling:
            command = filings.FileFiling(
                organisation=input.organisation_code,
                occupation_code=input.occupation_code,
                directions=tuple(input.directions),
                levels=tuple(input.levels),
                scope=input.scope,
                province_code=input.province_code,
                category=input.category,
                institution_code=input.institution_code,
                site_serial=input.site_serial,
                valid_from=input.valid_from,
                valid_until=input.valid_until,
                reference=input.reference,
            )
            return await filings.file_filing(ctx.registry, ctx.principal, command)

        found, errors = await attempt_as(
            call, Filing.from_domain, renames={"organisation": "organisation_code"}
        )
        return FilingPayload(filing=found, user_errors=errors)

    @mutation(
        description="Suspend, reinstate, withdraw or renew a filing. A suspended or withdrawn "
        "filing records and signs no certificate."
    )
    async def change_filing(self, info: Info, input: ChangeFilingInput) -> FilingPayload:
        found, errors = await attempt_as(_filing_change(info, input), Filing.from_domain)
        return FilingPayload(filing=found, user_errors=errors)
