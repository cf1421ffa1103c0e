"""Browser fixtures: a static server on 127.0.0.1 and one headless Chromium per session.

The server maps the routes the real application serves for the web pages (``/v``,
``/wallet``, ``/console``, ``/static/…``, ``/sw.js``, ``/.well-known/jwks.json``,
``/.well-known/trust-list.jwt``,
``/status/{list}``) onto ``schema/static`` and documents a test sets, and sends the
Content-Security-Policy the pages are written for, so a page that needed an inline script or a
foreign origin would fail here.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "schema" / "static"
VECTORS = ROOT / "tests" / "fixtures" / "vectors"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
}
PAGES = {"/v": "v.html", "/wallet": "wallet.html", "/console": "console.html"}
HARNESS = b"<!doctype html><html lang='en'><meta charset='utf-8'><title>harness</title></html>"


@dataclass
class Documents:
    """What the server answers at the trust and status routes; tests change it freely."""

    jwks: str | None = None
    trust_list: str | None = None  # the signed trust list (/.well-known/trust-list.jwt)
    status: dict[str, str] = field(default_factory=dict)
    offline: bool = False
    requests: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.jwks = None
        self.trust_list = None
        self.status.clear()
        self.offline = False
        self.requests.clear()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        docs = self.server.documents
        docs.requests.append(path)
        if path == "/":
            self._send(200, HARNESS, "text/html; charset=utf-8")
        elif path in PAGES:
            self._file(STATIC / PAGES[path])
        elif path == "/sw.js":
            self._file(STATIC / "sw.js")
        elif path.startswith("/static/vendor/"):
            self._file_in(STATIC / "vendor", path.removeprefix("/static/vendor/"))
        elif path.startswith("/static/"):
            self._file_in(STATIC, path.removeprefix("/static/"))
        elif path.startswith("/vectors/"):
            self._file_in(VECTORS, path.removeprefix("/vectors/"))
        elif docs.offline:
            self._send(503, b"offline", "text/plain")
        elif path == "/.well-known/jwks.json" and docs.jwks is not None:
            self._send(200, docs.jwks.encode(), "application/jwk-set+json")
        elif path == "/.well-known/trust-list.jwt" and docs.trust_list is not None:
            self._send(200, docs.trust_list.encode(), "application/jwt")
        elif path.startswith("/status/") and path.removeprefix("/status/") in docs.status:
            body = docs.status[path.removeprefix("/status/")].encode()
            self._send(200, body, "application/vc+jwt")
        else:
            self._send(404, b"not found", "text/plain")

    def _file_in(self, folder: Path, name: str) -> None:
        # Only plain file names: no sub-folders, no way out of the folder.
        if "/" in name or name.startswith(".") or not (folder / name).is_file():
            self._send(404, b"not found", "text/plain")
            return
        self._file(folder / name)

    def _file(self, path: Path) -> None:
        self._send(200, path.read_bytes(), CONTENT_TYPES.get(path.suffix, "text/plain"))

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.documents = Documents()


@dataclass(frozen=True)
class StaticSite:
    base_url: str
    documents: Documents


@pytest.fixture(scope="session")
def static_site() -> Iterator[StaticSite]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield StaticSite(f"http://{host!s}:{port}", server.documents)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def site(static_site: StaticSite) -> StaticSite:
    static_site.documents.reset()
    return static_site


def _unavailable(reason: str) -> None:
    # On CI a missing browser is a broken environment, not a reason to skip.
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def chromium_executable() -> str | None:
    override = os.environ.get("CHROMIUM")
    if override:
        return override if Path(override).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    executable = chromium_executable()
    if executable is None:
        _unavailable("no chromium executable found")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser: Browser, site: StaticSite) -> Iterator[Page]:
    """A fresh page (own storage) whose console errors fail the test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 400, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()
    # 503/404 answers the test asked for show up as resource errors; anything else is a bug.
    unexpected = [e for e in errors if "Failed to load resource" not in e]
    assert not unexpected, unexpected
