"""What the lifespan builds once per process and every request shares."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from registry.authz import Principal
from registry.db.engine import backend_name
from registry.invalidation import announce_invalidation
from registry.services.context import ServiceContext
from registry.services.health import Liveness

from .auth import TokenCache
from .checkpointdoc import CheckpointDocument
from .disclosurelog import DisclosureLog
from .limits import DocumentPolicy
from .qrcache import QrCache
from .ratelimit import Decision, RateLimiter
from .settings import ApiSettings
from .statusdocs import StatusDocuments
from .verification import VerifierState

__all__ = ["STATE_KEY", "AppState", "state_of"]

STATE_KEY = "ccr"


# Announcements in flight: kept referenced until done, so none is collected half-way.
_announcing: set[asyncio.Task[None]] = set()


@dataclass(eq=False, slots=True)
class AppState:
    settings: ApiSettings
    registry: ServiceContext
    policy: DocumentPolicy
    tokens: TokenCache
    verifier: VerifierState
    status_documents: StatusDocuments
    trust_document: StatusDocuments  # the signed trust list, under key 0
    audit_checkpoint: CheckpointDocument
    qr_cache: QrCache
    verify_limiter: RateLimiter
    client_limiter: RateLimiter
    disclosures: DisclosureLog
    liveness: Liveness

    def announce(self) -> None:
        """Tell the other replicas their caches are stale (in the background: the answer to
        this request does not wait for it)."""
        if backend_name(self.registry.settings.database_url) != "postgresql":
            return
        task = asyncio.get_running_loop().create_task(announce_invalidation(self.registry))
        _announcing.add(task)
        task.add_done_callback(_announcing.discard)

    async def charge_partner(self, principal: Principal, *, weight: int = 1) -> Decision:
        """Count work against an API client's bucket: its own rate from its record, the
        deployment's default otherwise."""
        default = self.settings.client_rate
        return await self.client_limiter.hit(
            principal.client_id or principal.account_ref or "partner",
            weight=weight,
            rate=principal.rate_per_second or default.rate,
            burst=principal.burst or default.burst,
        )


def state_of(connection: HTTPConnection) -> AppState:
    state = connection.scope["state"][STATE_KEY]
    assert isinstance(state, AppState)
    return state
