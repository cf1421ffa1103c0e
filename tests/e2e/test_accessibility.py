"""axe-core (installed by ``make validators`` from tests/validators/package.json) on the three
apps, signed in where they need it: no serious or critical violation, and no heading level
skipped, on /v, /wallet (with the QR dialog open) and /console (the office's page and a
creator's page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.api_fixtures import LiveApi, live_api_sqlite

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["live_api_sqlite"]

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[1] / "validators" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make validators`")
    # axe is injected as a script the pages' CSP does not list: this context alone bypasses it.
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def _serious(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter((v) => ['serious', 'critical'].includes(v.impact) || v.id === 'heading-order')
            .map((v) => ({
              id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3),
            }));
        }"""
    )
    return found


def _sign_in(page: Page, token: str) -> None:
    page.fill("#token", token)
    page.press("#token", "Enter")


def test_the_verifier_page(axe_page: Page, live_api_sqlite: LiveApi) -> None:
    axe_page.goto(f"{live_api_sqlite.base_url}/v")
    axe_page.locator("h1").wait_for()
    assert _serious(axe_page) == []


def test_the_wallet_and_its_qr_dialog(axe_page: Page, live_api_sqlite: LiveApi) -> None:
    api, page = live_api_sqlite, axe_page
    page.goto(f"{api.base_url}/wallet")
    _sign_in(page, api.tokens["CREATOR"])
    page.locator("#credentials li.card").first.wait_for()
    assert _serious(page) == []
    page.locator("#credentials li.card").first.get_by_role("button", name="出示二维码").click()
    page.locator("#qr-image[src]").wait_for()
    assert _serious(page) == []


@pytest.mark.parametrize("role", ["TALENT_OFFICIAL@yp-talent", "HRSS_OFFICIAL@sh-hrss"])
def test_the_console(axe_page: Page, live_api_sqlite: LiveApi, role: str) -> None:
    api, page = live_api_sqlite, axe_page
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[role])
    page.locator("#creators li.card").first.wait_for()
    assert _serious(page) == []
    page.locator("#creators li.card").first.get_by_role("button", name="打开").click()
    page.locator("#creator h2").first.wait_for()
    assert _serious(page) == []
