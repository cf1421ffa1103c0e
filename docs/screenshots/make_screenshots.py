"""Regenerate the screenshots of the pages from a freshly seeded demo registry.

    python docs/screenshots/make_screenshots.py

Starts the real service (uvicorn on 127.0.0.1, a throwaway demo database), opens the pages in
headless Chromium (the ``CHROMIUM`` variable, else ``chromium`` on the PATH) at phone width
(390x844) and desktop width (1280x800), in Chinese, plus one in English, and writes
``docs/screenshots/*.png``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from registry.config import Secret, Settings
from schema.app import create_app
from schema.server import prepare
from schema.settings import ApiSettings

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WAIT_MS = 15_000
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def demo_server() -> Iterator[tuple[str, dict[str, str]]]:
    """The service on a free loopback port over a new demo registry: (base URL, tokens)."""
    with tempfile.TemporaryDirectory(prefix="ccr-shots-") as folder:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        settings = ApiSettings(
            registry=Settings(
                database_url=f"sqlite+aiosqlite:///{Path(folder) / 'registry.db'}",
                data_dir=Path(folder),
                issuer_url=base,
                kek=Secret(os.urandom(32)),
            ),
            public_url=base,
        )
        welcome = asyncio.run(prepare(settings, demo=True))
        tokens: dict[str, str] = {}
        for role, who, token in welcome.demo_tokens:
            tokens.setdefault(role, token)
            tokens[f"{role}@{who.split('@')[1]}"] = token
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(settings, migrate=False),
                host="127.0.0.1",
                port=port,
                log_level="warning",
                access_log=False,
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.05)
        try:
            yield base, tokens
        finally:
            server.should_exit = True
            thread.join(timeout=30)


def _gql(base: str, token: str, query: str) -> Any:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    body = response.json()
    if "errors" in body:
        raise RuntimeError(body["errors"][0]["message"])
    return body["data"]


def _link(base: str, token: str, status: str) -> str:
    data = _gql(
        base,
        token,
        f"{{ credentials(first: 1, status: {status}) {{ edges {{ node {{ qrLink }} }} }} }}",
    )
    return str(data["credentials"]["edges"][0]["node"]["qrLink"])


def _sign_in(page: Page, token: str) -> None:
    page.fill("#token", token)
    page.press("#token", "Enter")


def _new_page(browser: Browser, viewport: dict[str, int], lang: str) -> Page:
    context = browser.new_context(locale="zh-CN", viewport=viewport, device_scale_factor=1)
    context.set_default_timeout(WAIT_MS)
    if lang == "en":
        context.add_init_script("localStorage.setItem('ccr.lang', 'en')")
    return context.new_page()


def verifier(browser: Browser, link: str, name: str, viewport: dict[str, int], lang: str) -> None:
    page = _new_page(browser, viewport, lang)
    page.goto(link)
    page.locator("#result:not([hidden])").wait_for()
    # The banner says "checking…" until the verdict is in; the stage code comes with it.
    page.wait_for_function("() => document.getElementById('stage-code').textContent.trim() !== ''")
    page.screenshot(path=OUT / name, full_page=True)
    page.context.close()


def wallet(browser: Browser, base: str, token: str, name: str, viewport: dict[str, int]) -> None:
    page = _new_page(browser, viewport, "zh")
    page.goto(f"{base}/wallet")
    _sign_in(page, token)
    page.locator("#credentials li.card").first.get_by_role("button").click()
    page.locator("#qr-image[src]").wait_for()
    page.wait_for_function(
        "() => { const i = document.getElementById('qr-image'); "
        "return i.complete && i.naturalWidth > 0; }"
    )
    page.screenshot(path=OUT / name)
    page.context.close()


def console(browser: Browser, base: str, token: str, name: str, viewport: dict[str, int]) -> None:
    page = _new_page(browser, viewport, "zh")
    page.goto(f"{base}/console")
    _sign_in(page, token)
    page.fill("#search-text", "张小雨")
    page.press("#search-text", "Enter")
    page.locator("#creators li.card", has_text="张小雨").get_by_role("button").click()
    page.locator("#creator .card").first.wait_for()
    page.screenshot(path=OUT / name)
    page.context.close()


def main() -> None:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if executable is None:
        raise SystemExit("no chromium found: set CHROMIUM to its executable")
    with demo_server() as (base, tokens), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        valid = _link(base, tokens["CREATOR"], "ACTIVE")
        revoked = _link(base, tokens["CAC_OFFICIAL"], "REVOKED")
        for suffix, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            verifier(browser, valid, f"v-valid-{suffix}.png", viewport, "zh")
            verifier(browser, revoked, f"v-revoked-{suffix}.png", viewport, "zh")
            wallet(browser, base, tokens["CREATOR"], f"wallet-qr-{suffix}.png", viewport)
            console(browser, base, tokens["CAC_OFFICIAL"], f"console-{suffix}.png", viewport)
        verifier(browser, valid, "v-valid-phone-en.png", PHONE, "en")
        browser.close()
    for path in sorted(OUT.glob("*.png")):
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
