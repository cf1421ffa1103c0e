"""``verifyCredential``: public, rate-limited, and the same check an offline verifier runs.

For an API client the answer is purpose- and scope-bound (see :mod:`schema.disclosures`) and
written to the registry's disclosure log before it is sent: no log entry, no answer.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from registry.errors import DomainError
from registry.services import partners

from ..context import Info, RequestContext
from ..disclosures import check_purpose, check_scopes, disclosed_paths, selected_paths
from ..errors import public_error
from ..fastverify import verification_result
from ..fields import field
from ..types.verification import VerificationResult

__all__ = ["VerificationQueries"]


async def _record(
    ctx: RequestContext, result: VerificationResult, purpose: str, paths: tuple[str, ...]
) -> None:
    disclosure = partners.Disclosure(
        purpose=purpose,
        fields=disclosed_paths(paths, claims_given=result.claims is not None),
        credential_id=None if result.claims is None else result.claims.credential_id,
        outcome_code="VALID" if result.code is None else result.code.value,
    )
    try:
        await ctx.state.disclosures.record(ctx.principal, disclosure)
    except DomainError as exc:
        raise public_error(exc) from None


@strawberry.type
class VerificationQueries:
    @field(
        description=(
            "Verify a credential from its QR text (`TR1:…`) or link (`https://…/v#TR1:…`). "
            "Public; anonymous callers are rate-limited per address, API clients per client. "
            "API clients name one of their declared purposes, may select only the fields "
            "their scopes open, and every answer to them is recorded in the disclosure log."
        )
    )
    async def verify_credential(
        self,
        info: Info,
        qr: str,
        purpose: Annotated[
            str | None,
            strawberry.argument(description="API clients: the declared purpose of this check."),
        ] = None,
    ) -> VerificationResult:
        ctx = info.context
        declared: str | None = None
        paths: tuple[str, ...] = ()
        if ctx.is_partner:
            declared = check_purpose(ctx.principal, purpose)
            paths = selected_paths(info.selected_fields[0].selections)
            check_scopes(ctx.principal, paths)
        # Rate limits were charged for every verification field before execution began
        # (RequestContext.charge_verifications), so none is counted here.
        result = await verification_result(ctx.state, qr)
        if declared is not None:
            await _record(ctx, result, declared, paths)
        return result
