"""The composition root: ``create_app(settings)`` builds the ASGI app; nothing runs at import.

The lifespan opens the registry (engine, sessions, key-encryption key; migrating first unless
told not to), makes sure an issuer key exists, and builds the per-process caches: documents,
tokens, the verifier's trust and status lists, signed status documents and QR images.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from registry.authz import Principal
from registry.db.engine import database_unavailable
from registry.errors import NotFound
from registry.invalidation import InvalidationListener
from registry.ratebuckets import SharedBuckets
from registry.runtime import open_registry
from registry.services import audit_log, health, issuer, keys, orgs, partners, statuslists
from registry.services.context import ServiceContext
from signing import StatusPurpose, TrustList

from . import http
from .auth import TokenCache
from .bodyguard import RequestBodyGuard
from .build import build_schema
from .checkpointdoc import CheckpointDocument
from .disclosurelog import DisclosureLog
from .fastverify import FastVerify
from .limits import DocumentPolicy
from .qrcache import QrCache
from .ratelimit import LeakyBucketLimiter, RateLimiter
from .responses import unavailable_response
from .security import SecurityHeaders
from .settings import ApiSettings, SharedLimits
from .state import STATE_KEY, AppState
from .statusdocs import StatusDocuments
from .verification import VerifierInputs, VerifierState
from .view import GraphQLView

__all__ = ["create_app", "run"]

GRAPHQL_PATH = "/graphql"


def _build_state(
    settings: ApiSettings,
    registry: ServiceContext,
    policy: DocumentPolicy,
    buckets: SharedBuckets | None = None,
) -> AppState:
    async def load_verifier_inputs() -> VerifierInputs:
        trust = TrustList.from_jwks(await keys.jwks(registry))
        return VerifierInputs.of(
            trust,
            await statuslists.status_lists_snapshot(registry),
            await issuer.issuer_metadata_document(registry),
        )

    verifier = VerifierState(load_verifier_inputs, ttl=settings.status_cache_seconds)

    async def versions() -> Mapping[int, str]:
        return (await verifier.current()).versions

    async def trust_version() -> Mapping[int, str]:
        return {0: (await verifier.current()).trust_version}

    async def sign_trust(_: int, __: str | None) -> str:
        # The metadata of the same snapshot as the version: its digest is what gets signed.
        return await keys.signed_trust_list(registry, metadata=(await verifier.current()).metadata)

    async def sign(list_id: int, purpose: str | None) -> str | None:
        which = None if purpose is None else StatusPurpose(purpose)
        try:
            return (
                await statuslists.status_list_document(registry, list_id, purpose=which)
            ).document
        except NotFound:
            return None

    async def sign_checkpoint() -> str:
        # Bounded work on a public route: the head and its event, not the whole chain.
        return (await audit_log.audit_checkpoint(registry, walk=False)).text

    return AppState(
        settings=settings,
        registry=registry,
        policy=policy,
        tokens=TokenCache(
            lambda token: orgs.authenticate(registry, token),
            ttl=settings.token_cache_seconds,
            now=registry.now,
        ),
        verifier=verifier,
        status_documents=StatusDocuments(
            versions=versions,
            sign=sign,
            resign_after=settings.registry.status_ttl.total_seconds() / 2,
        ),
        trust_document=StatusDocuments(
            versions=trust_version,
            sign=sign_trust,
            resign_after=settings.registry.status_ttl.total_seconds() / 2,
        ),
        audit_checkpoint=CheckpointDocument(sign_checkpoint, ttl=settings.checkpoint_cache_seconds),
        qr_cache=QrCache(base_url=settings.public_url, max_items=settings.qr_cache_size),
        verify_limiter=RateLimiter(
            LeakyBucketLimiter(rate=settings.verify_rate.rate, burst=settings.verify_rate.burst),
            namespace="verify",
            shared=buckets if settings.shared_rate_limits is SharedLimits.ALL else None,
        ),
        client_limiter=RateLimiter(
            LeakyBucketLimiter(rate=settings.client_rate.rate, burst=settings.client_rate.burst),
            namespace="client",
            shared=buckets,
        ),
        disclosures=DisclosureLog(lambda items: partners.record_disclosures(registry, items)),
        liveness=health.Liveness(registry),
    )


def create_app(
    settings: ApiSettings,
    *,
    registry: ServiceContext | None = None,
    migrate: bool = True,
    freeze_heap: bool = False,
) -> Starlette:
    """The ASGI app. Pass ``registry`` to share an open registry (tests); else one is opened.

    ``freeze_heap`` (for a server process that runs this one app) moves everything built at
    startup out of the garbage collector's reach once the lifespan has started: the schema,
    the ORM mappings and the shared state live as long as the process, and without this every
    full collection walks them again (a pause of ~100 ms every few thousand requests).
    """
    schema, policy = build_schema(settings)
    fast_verify = (
        FastVerify(policy, cache_size=settings.document_cache_size)
        if settings.verify_fast_path
        else None
    )
    view = GraphQLView(schema, graphiql=settings.graphiql, fast_verify=fast_verify)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[dict[str, Any]]:
        owned = registry is None
        ctx = registry or await open_registry(settings.registry, migrate=migrate)
        try:
            await keys.ensure_signing_key(ctx, Principal.system("serve"))
            # One limit across the replicas (PostgreSQL), unless turned off.
            buckets = (
                SharedBuckets(settings.registry.database_url)
                if settings.shared_rate_limits is not SharedLimits.NONE
                else None
            )
            state = _build_state(settings, ctx, policy, buckets)

            def stale() -> None:
                state.tokens.forget_all()
                state.verifier.invalidate()

            # Changes made through other replicas reach this one's caches at once.
            listener = InvalidationListener(settings.registry.database_url, stale)
            listener.start()
            if freeze_heap:
                gc.collect()
                gc.freeze()
            try:
                yield {STATE_KEY: state}
            finally:
                await listener.stop()
                if buckets is not None:
                    await buckets.aclose()
        finally:
            if owned:
                await ctx.aclose()

    return Starlette(
        routes=[Route(GRAPHQL_PATH, view, methods=["GET", "POST"]), *http.routes()],
        exception_handlers={
            DBAPIError: _database_error,
            PoolTimeout: _database_error,
            OSError: _database_error,
        },
        middleware=[
            *_proxy_middleware(settings),
            Middleware(SecurityHeaders, graphiql_path=GRAPHQL_PATH if settings.graphiql else None),
            Middleware(
                RequestBodyGuard,
                max_bytes=settings.max_body_bytes,
                timeout=settings.body_timeout_seconds,
            ),
        ],
        lifespan=lifespan,
    )


async def _database_error(_request: Request, exc: Exception) -> Response:
    """A route that met an unreachable database answers 503 with ``Retry-After`` at once;
    any other failure stays a 500 (and is logged as one)."""
    if database_unavailable(exc):
        return unavailable_response()
    raise exc


def _proxy_middleware(settings: ApiSettings) -> list[Middleware]:
    """Behind trusted reverse proxies, the client is the address they forward (the right-most
    one not theirs), so rate limits count callers, not the proxy; from anyone else the
    forwarding headers are ignored."""
    if not settings.trusted_proxies:
        return []
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    return [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))]


def run(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    database_url: str | None = None,
    demo: bool = False,
    access_log: bool = True,
) -> None:
    """``ccr serve``: prepare the registry, print how to get in, serve until interrupted."""
    from .server import ServeOptions, serve

    serve(ServeOptions(host, port, database_url, demo, access_log))
