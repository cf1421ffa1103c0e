"""Plain HTTP routes beside ``/graphql``: trust list, status lists, QR images, health, pages.

GET /.well-known/jwks.json          issuer keys with status (public, cacheable)
GET /.well-known/trust-list.jwt     the same keys signed, with issue time and expiry
GET /.well-known/jwt-vc-issuer      where a verifier holding only ``iss`` finds the JWKS
GET /.well-known/ccr-issuer.json    the issuing offices' names, jurisdictions and kinds
GET /audit/checkpoint               the audit chain's head, signed (tamper evidence kept elsewhere)
GET /contexts/credentials/v1        the registry's JSON-LD context (``signing.contexts``)
GET /status/{list}/{purpose}        signed status list of one purpose (ETag, Cache-Control, 304)
GET /status/{list}                  both purposes in one document (transition, docs §8.4)
GET /credentials/{id}               the credential resolved: vc+jwt, JSON or a page, by Accept
GET /credentials/{id}/qr.png|svg    the credential's QR (holder or issuer only)
GET /credentials/{id}/certificate.pdf  an A4 certificate with its QR (holder or issuer only)
GET /exports/{table}.csv|xlsx       what the signed-in office may read, masked, audited
GET /healthz                        liveness and database reachability
GET /v, /wallet, /console, /lookup  the pages; assets under /static/
GET /sw.js                          the verifier's service worker (scope /)
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import anyio
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from registry.authz import Principal
from registry.domain.credentials import STANDING_WORDS
from registry.errors import AuditChainError, DomainError, ErrorCode
from registry.paper.certificate import render_certificates
from registry.services import documents, exports, printing, queries
from registry.services.issuer import METADATA_PATH
from signing import StatusPurpose
from signing.contexts import CONTEXT_PATH, context_document
from signing.vocabulary import KINDS

from .auth import AmbiguousAuthorization, authorization_header, bearer_token
from .errors import PublicError
from .fastverify import client_address
from .qrcache import QrForm, QrFormat
from .relay import decode_global_id
from .state import state_of

__all__ = ["STATIC_DIR", "routes"]

T = TypeVar("T")

STATIC_DIR = Path(__file__).parent / "static"
PAGES = {
    "/v": "v.html",
    "/wallet": "wallet.html",
    "/console": "console.html",
    "/lookup": "lookup.html",
}
_JWKS_MEDIA = "application/jwk-set+json"
_STATUS_MEDIA = "application/vc+jwt"
_TRUST_MEDIA = "application/jwt"
_CHECKPOINT_MEDIA = "application/jwt"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates or "*" in candidates


# The public documents (keys, trust list, status lists) are fetched by verifier pages of other
# origins: any origin may read them, without credentials, and revalidate with If-None-Match.
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag"}
_PREFLIGHT = {
    **_CORS,
    "Access-Control-Allow-Methods": "GET, HEAD",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Max-Age": "86400",
}


PUBLIC_DOCUMENTS = (
    "/.well-known/jwks.json",
    "/.well-known/jwt-vc-issuer",
    "/.well-known/trust-list.jwt",
    METADATA_PATH,
    CONTEXT_PATH,
    "/status/{list_id}",
    "/status/{list_id}/{purpose}",
    "/audit/checkpoint",
)


async def preflight(request: Request) -> Response:
    return Response(status_code=204, headers=_PREFLIGHT)


def _cached(request: Request, body: bytes, media_type: str, max_age: int) -> Response:
    etag = _etag(body)
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={max_age}", **_CORS}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


async def jwks(request: Request) -> Response:
    state = state_of(request)
    inputs = await state.verifier.current()
    body = json.dumps(inputs.trust.to_jwks(), separators=(",", ":")).encode("utf-8")
    return _cached(request, body, _JWKS_MEDIA, state.settings.status_max_age_seconds)


async def issuer_metadata(request: Request) -> Response:
    """Key discovery from ``iss`` (VC-JOSE-COSE, SD-JWT VC issuer metadata): the JWKS whose
    ``kid`` members the signed documents name."""
    state = state_of(request)
    issuer = state.registry.issuer
    body = json.dumps(
        {"issuer": issuer, "jwks_uri": f"{issuer}/.well-known/jwks.json"}, separators=(",", ":")
    ).encode("utf-8")
    return _cached(request, body, "application/json", state.settings.status_max_age_seconds)


async def ccr_issuer(request: Request) -> Response:
    """Who the issuer is: its offices' names, jurisdictions and kinds (services/issuer.py),
    the very bytes whose SHA-256 the signed trust list carries."""
    state = state_of(request)
    document = (await state.verifier.current()).metadata
    return _cached(request, document, "application/json", state.settings.status_max_age_seconds)


async def json_ld_context(request: Request) -> Response:
    """The registry's own JSON-LD context: every term its documents use beyond VC 2.0 and
    Open Badges 3.0. It changes only with a release, so it may be cached for a day."""
    state = state_of(request)
    document = context_document(state.registry.issuer)
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _cached(request, body, "application/ld+json", 86_400)


async def trust_list(request: Request) -> Response:
    """The trust list signed, with an issue time and an expiry (``signing.trustlist``)."""
    state = state_of(request)
    document = await state.trust_document.get(0)
    if document is None:
        return PlainTextResponse("Not Found", status_code=404)
    return _cached(request, document, _TRUST_MEDIA, state.settings.status_max_age_seconds)


async def audit_checkpoint(request: Request) -> Response:
    """The chain's head now (within a few seconds), signed by the issuer key: anyone may keep
    copies, and ``ccr audit verify --checkpoint`` shows the chain still holds each one. It
    names no one: a sequence number, a hash, a count and a time."""
    state = state_of(request)
    try:
        document = await state.audit_checkpoint.get()
    except (AuditChainError, DomainError):
        # A head that does not match its event is not signed; nor is anything without a key.
        return _error(503, "UNAVAILABLE", "No audit checkpoint can be signed now.")
    return _cached(
        request, document, _CHECKPOINT_MEDIA, max(1, int(state.settings.checkpoint_cache_seconds))
    )


_PURPOSES = frozenset(purpose.value for purpose in StatusPurpose)


async def status_list(request: Request) -> Response:
    state = state_of(request)
    raw = request.path_params["list_id"]
    purpose = request.path_params.get("purpose")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return PlainTextResponse("Not Found", status_code=404)
    if purpose is not None and purpose not in _PURPOSES:
        return PlainTextResponse("Not Found", status_code=404)
    document = await state.status_documents.get(int(raw), purpose)
    if document is None:
        return PlainTextResponse("Not Found", status_code=404)
    return _cached(request, document, _STATUS_MEDIA, state.settings.status_max_age_seconds)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


_DOMAIN_STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.FORBIDDEN: 404,
    ErrorCode.OUT_OF_SCOPE: 404,
}


async def _signed_in(request: Request) -> Principal | Response:
    """The caller of a route that needs a bearer token, or the answer refusing it; an unknown
    or revoked token raises its DomainError (UNAUTHENTICATED) for the route to answer."""
    try:
        token = bearer_token(authorization_header(request.scope["headers"]))
    except AmbiguousAuthorization:
        return _error(400, "BAD_REQUEST", "Send one Authorization header, not several.")
    if token is None:
        return _error(401, "UNAUTHENTICATED", "A bearer token is required.")
    return await state_of(request).tokens.principal(token)


async def _own_credential(
    request: Request, read: Callable[[Principal, str], Awaitable[T]]
) -> tuple[str, T] | Response:
    """``read`` of the credential the path names, for its holder or issuing organisation;
    another caller learns nothing, not even that it exists: 404 either way."""
    try:
        principal = await _signed_in(request)
        if isinstance(principal, Response):
            return principal
        key = decode_global_id(request.path_params["credential_id"], expect="Credential")[1]
        return key, await read(principal, key)
    except DomainError as exc:
        status = _DOMAIN_STATUS.get(exc.code, 400)
        if status == 404:
            return _error(404, "NOT_FOUND", "No such credential.")
        return _error(status, exc.code.value, exc.message)
    except PublicError:
        return _error(404, "NOT_FOUND", "No such credential.")


async def credential_qr(request: Request, fmt: QrFormat) -> Response:
    """The QR of a credential, for its holder or its issuing organisation only.

    Another caller learns nothing, not even that the credential exists: 404 either way.
    """
    state = state_of(request)
    form_name = request.query_params.get("form", QrForm.LINK.value)
    if form_name not in {f.value for f in QrForm}:
        return _error(400, "BAD_USER_INPUT", "form must be 'link' or 'plain'.")
    found = await _own_credential(
        request, lambda principal, key: queries.get_credential_qr(state.registry, principal, key)
    )
    if isinstance(found, Response):
        return found
    key, text = found
    image = await state.qr_cache.image(key, text, fmt, QrForm(form_name))
    return Response(
        image,
        media_type=fmt.media_type,
        headers={"Cache-Control": "private, max-age=86400", "ETag": _etag(image)},
    )


_VC_JWT_MEDIA = "application/vc+jwt"


def _wants(request: Request) -> str:
    """vc+jwt, html or json, from the Accept header (the first listed of those wins)."""
    for item in request.headers.get("accept", "").split(","):
        media = item.split(";")[0].strip().lower()
        if media == _VC_JWT_MEDIA:
            return "jwt"
        if media in {"text/html", "application/xhtml+xml"}:
            return "html"
        if media in {"application/vc", "application/ld+json", "application/json"}:
            return "json"
    return "json"


def _credential_page(published: documents.PublishedCredential, verifier: str) -> str:
    credential, document = published.credential, published.document
    kind = KINDS[credential.kind]
    words = STANDING_WORDS[credential.status.value]
    status = (words.zh, words.en.lower())
    rows = [
        ("凭证 Credential", f"{kind.zh} / {kind.en}"),
        ("内容 Attests", str(document.get("name", ""))),
        ("持有人 Holder", credential.subject_name),
        ("签发机构 Issued by", str(document["issuer"]["name"])),
        ("有效期 Valid", f"{document['validFrom']} – {document['validUntil']}"),
        ("状态 Status", f"{status[0]} / {status[1]}"),
    ]
    cells = "".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(kind.zh)}</title></head><body><main>"
        f"<h1>{html.escape(kind.zh)} <small>{html.escape(kind.en)}</small></h1>"
        f"<table>{cells}</table>"
        "<p>以二维码核验签名 · Verify the signature from the QR code: "
        f'<a href="{html.escape(verifier)}">{html.escape(verifier)}</a></p>'
        "</main></body></html>"
    )


async def credential_resolution(request: Request) -> Response:
    """``GET /credentials/{id}``: the id a JSON view names resolves, for anyone who holds it.

    What it returns is what the QR shows (services/documents.py), so holder, issuer and
    public get the same; each answer is rate limited like a verification."""
    state = state_of(request)
    if not (await state.verify_limiter.hit(client_address(request.scope))).allowed:
        return _error(429, "RATE_LIMITED", "Too many requests: retry in a moment.")
    raw = request.path_params["credential_id"]
    if not (raw.isascii() and 0 < len(raw) <= 64):
        return _error(404, "NOT_FOUND", "No such credential.")
    try:
        published = await documents.published_credential(state.registry, raw)
    except DomainError:
        return _error(404, "NOT_FOUND", "No such credential.")
    headers = {"Cache-Control": "no-cache", "Vary": "Accept", **_CORS}
    wanted = _wants(request)
    if wanted == "jwt":
        token = await documents.sign_document(state.registry, published.document)
        return Response(token, media_type=_VC_JWT_MEDIA, headers=headers)
    if wanted == "html":
        page = _credential_page(published, f"{state.settings.public_url}/v")
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)
    body = json.dumps(published.document, ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/vc", headers=headers)


async def certificate_pdf(request: Request) -> Response:
    """An A4 certificate of one credential, for its holder or issuing organisation only;
    another caller learns nothing, not even that it exists (404)."""
    state = state_of(request)
    found = await _own_credential(
        request,
        lambda principal, key: printing.printable_pages(state.registry, principal, [key]),
    )
    if isinstance(found, Response):
        return found
    key, pages = found
    document = await anyio.to_thread.run_sync(
        lambda: render_certificates(pages, base_url=state.settings.public_url)
    )
    headers = {
        "Cache-Control": "private, no-store",
        "Content-Disposition": f'inline; filename="credential-{key}.pdf"',
    }
    return Response(document, media_type="application/pdf", headers=headers)


_EXPORT_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


async def export_file(request: Request) -> Response:
    """``GET /exports/{table}.{csv|xlsx}``: the table as the signed-in account may read it
    (services/exports.py), ``?mine=1`` for its own office's records only."""
    state = state_of(request)
    what, fmt = request.path_params["table"], request.path_params["fmt"]
    if what not in exports.EXPORTS or fmt not in _EXPORT_MEDIA:
        return _error(404, "NOT_FOUND", "No such export.")
    try:
        principal = await _signed_in(request)
        if isinstance(principal, Response):
            return principal
        mine = principal.organisation_code if request.query_params.get("mine") == "1" else None
        search = request.query_params.get("search", "")[:100] or None
        table = await exports.export_table(
            state.registry, principal, what, organisation=mine, search=search
        )
    except DomainError as exc:
        status = _DOMAIN_STATUS.get(exc.code, 400)
        return _error(
            403 if exc.code is ErrorCode.FORBIDDEN else status, exc.code.value, exc.message
        )
    body = await anyio.to_thread.run_sync(lambda: exports.table_bytes(table, fmt))
    headers = {
        "Cache-Control": "private, no-store",
        "Content-Disposition": f'attachment; filename="{what}.{fmt}"',
    }
    return Response(body, media_type=_EXPORT_MEDIA[fmt], headers=headers)


async def healthz(request: Request) -> Response:
    state = state_of(request)
    if not await state.liveness.reachable():
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "mode": state.settings.mode.value})


def _page(filename: str) -> Route:
    async def serve(request: Request) -> Response:
        path = STATIC_DIR / filename
        if not path.is_file():
            return PlainTextResponse("Not Found", status_code=404)
        return FileResponse(path, media_type="text/html", headers={"Cache-Control": "no-cache"})

    return Route("/" + filename.removesuffix(".html"), serve, methods=["GET", "HEAD"])


async def service_worker(request: Request) -> Response:
    """``sw.js`` from the root: a service worker controls only pages under its own path."""
    path = STATIC_DIR / "sw.js"
    if not path.is_file():
        return PlainTextResponse("Not Found", status_code=404)
    return FileResponse(
        path, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"}
    )


def _with_format(fmt: QrFormat) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await credential_qr(request, fmt)

    return endpoint


def routes() -> list[BaseRoute]:
    return [
        Route("/.well-known/jwks.json", jwks, methods=["GET", "HEAD"]),
        Route("/.well-known/trust-list.jwt", trust_list, methods=["GET", "HEAD"]),
        Route("/.well-known/jwt-vc-issuer", issuer_metadata, methods=["GET", "HEAD"]),
        Route(CONTEXT_PATH, json_ld_context, methods=["GET", "HEAD"]),
        Route(METADATA_PATH, ccr_issuer, methods=["GET", "HEAD"]),
        Route("/status/{list_id}", status_list, methods=["GET", "HEAD"]),
        Route("/status/{list_id}/{purpose}", status_list, methods=["GET", "HEAD"]),
        Route("/audit/checkpoint", audit_checkpoint, methods=["GET", "HEAD"]),
        *(Route(path, preflight, methods=["OPTIONS"]) for path in PUBLIC_DOCUMENTS),
        Route("/credentials/{credential_id}", credential_resolution, methods=["GET", "HEAD"]),
        Route(
            "/credentials/{credential_id}/certificate.pdf", certificate_pdf, methods=["GET", "HEAD"]
        ),
        *(
            Route(
                f"/credentials/{{credential_id}}/qr.{fmt.value}",
                _with_format(fmt),
                methods=["GET", "HEAD"],
            )
            for fmt in QrFormat
        ),
        Route("/exports/{table}.{fmt}", export_file, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        *(_page(name) for name in PAGES.values()),
        Route("/sw.js", service_worker, methods=["GET", "HEAD"]),
        Mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static"),
    ]
