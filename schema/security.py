"""Security headers for every response, as a plain ASGI middleware (no per-request task).

Pages are ours only: scripts, styles, images and connections come from this origin, nothing
is inline, nothing frames us. GraphiQL (development only) loads its bundle from unpkg, so its
page gets its own policy, never a weakened default.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "GRAPHIQL_CSP", "SecurityHeaders"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://unpkg.com; "
    "style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'"
)

_COMMON: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, graphiql_path: str | None = None) -> None:
        self.app = app
        self.graphiql_path = graphiql_path
        self._csp = CSP.encode("ascii")
        self._graphiql_csp = GRAPHIQL_CSP.encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_ide = (
            self.graphiql_path is not None
            and scope["method"] == "GET"
            and scope["path"] == self.graphiql_path
        )
        csp = self._graphiql_csp if is_ide else self._csp

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers.extend(h for h in _COMMON if h[0] not in names)
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", csp))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
