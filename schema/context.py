"""The typed per-request context every resolver receives as ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from registry.authz import Principal
from registry.domain.enums import Role
from registry.services.context import ServiceContext

from .errors import PublicError
from .loaders import Loaders
from .ratelimit import Decision
from .responses import RETRY_AFTER_SECONDS
from .state import AppState

__all__ = ["Info", "RequestContext"]


@dataclass(eq=False, slots=True)
class RequestContext:
    request: Request
    # Headers and status set here reach the HTTP response (429 + Retry-After, for one).
    response: Response
    state: AppState
    principal: Principal
    client_address: str
    _loaders: Loaders | None = field(default=None, repr=False)

    @property
    def registry(self) -> ServiceContext:
        return self.state.registry

    @property
    def loaders(self) -> Loaders:
        """DataLoaders of this request only: nothing cached outlives it (no stale status)."""
        if self._loaders is None:
            self._loaders = Loaders(self.registry, self.principal)
        return self._loaders

    @property
    def max_cost(self) -> int:
        settings = self.state.settings
        return settings.partner_max_cost if self.is_partner else settings.max_cost

    @property
    def is_partner(self) -> bool:
        return self.principal.role is Role.PARTNER

    def after_mutation(self) -> None:
        """A mutation may have changed a status bit or a key (verify with fresh lists) or
        revoked an API client (check every token afresh): here, and on every other replica
        (registry.invalidation), once its transaction has committed."""
        self.state.verifier.invalidate()
        self.state.tokens.forget_all()
        self.state.announce()

    async def charge_verifications(self, count: int) -> PublicError | None:
        """Count each ``verifyCredential`` field of the request against the caller's bucket,
        before anything runs: an API client's (whose request already counted one on
        admission), or the address's for everyone else. All fit, or the request is refused."""
        if self.is_partner:
            if count <= 1:
                return None
            decision = await self.state.charge_partner(self.principal, weight=count - 1)
            capacity = self.principal.burst or self.state.settings.client_rate.burst
        else:
            decision = await self.state.verify_limiter.hit(self.client_address, weight=count)
            capacity = self.state.verify_limiter.burst
        if decision.allowed:
            return None
        if not decision.fits:
            return PublicError(
                f"A request may verify at most {capacity} credentials.",
                code="VERIFICATION_LIMIT_EXCEEDED",
            )
        self.throttle(decision)
        return PublicError(
            "Too many verifications; retry later.",
            code="THROTTLED",
            extensions={"retryAfter": decision.retry_after_header},
        )

    def unavailable(self) -> None:
        """The database could not be reached while answering: 503, retry shortly."""
        self.response.status_code = 503
        self.response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)

    def throttle(self, decision: Decision) -> None:
        self.response.status_code = 429
        self.response.headers["Retry-After"] = decision.retry_after_header


Info: TypeAlias = strawberry.Info[RequestContext, None]
