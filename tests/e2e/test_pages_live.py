"""The pages in Chromium against the real service: uvicorn on 127.0.0.1 over a seeded demo.

The wallet shows a credential as a QR code that a screenshot decodes (zxing-cpp) and
``ccr verify`` accepts against the live trust and status lists; an evaluator records a skill
certificate in the console and issues its credential; the verifier page opened on a revoked
credential's link says so; and every page switches between Chinese and English.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from registry.cli import app as ccr
from signing.qr import read_qr_image
from tests.e2e.api_fixtures import LiveApi, live_api_sqlite

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = ["live_api_sqlite"]

pytestmark = pytest.mark.browser

WAIT_MS = 15_000


@pytest.fixture
def live_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with its own storage; page and console errors fail the test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, errors


def _sign_in(page: Page, token: str) -> None:
    page.fill("#token", token)
    page.press("#token", "Enter")


def _first_node(api: LiveApi, query: str, role: str) -> dict[str, Any]:
    data = api.gql(query, role=role)
    return dict(data["credentials"]["edges"][0]["node"])


def test_wallet_qr_screenshot_verifies_with_ccr_verify(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    page.goto(f"{api.base_url}/wallet")
    _sign_in(page, api.tokens["CREATOR"])
    card = page.locator("#credentials li.card").first
    card.wait_for()
    credential_id = card.get_attribute("data-id")
    card.get_by_role("button", name="出示二维码").click()
    image = page.locator("#qr-image[src]")
    image.wait_for()
    page.wait_for_function(
        "() => { const i = document.getElementById('qr-image'); "
        "return i.complete && i.naturalWidth > 0; }"
    )

    (scanned,) = read_qr_image(image.screenshot())
    assert scanned.startswith(f"{api.base_url}/v#TR1:")
    mine = api.gql(
        "query($id: ID!) { credential(id: $id) { qrLink statusList } }",
        {"id": credential_id},
        role="CREATOR",
    )["credential"]
    assert scanned == mine["qrLink"]

    result = CliRunner().invoke(
        ccr,
        [
            "verify",
            scanned,
            "--trust",
            f"{api.base_url}/.well-known/jwks.json",
            "--status",
            f"{api.base_url}/status/{mine['statusList']}",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["valid"] is True
    assert verdict["code"] is None


def test_console_records_a_certificate_and_issues_its_credential(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    evaluator = "EVALUATOR@sh-mma"
    (filing,) = api.gql("{ filings { id prefix } }", role=evaluator)["filings"]
    number = f"{filing['prefix']}253000901"  # 2025, level digit 3 (L3), serial 000901
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[evaluator])
    page.locator("#creators li.card").first.get_by_role("button").click()
    page.locator("#creator h2").first.wait_for()

    record = page.locator("[data-form=recordSkillCertificate]")
    record.locator("[name=filingId]").fill(filing["id"])
    record.locator("[name=certificateNumber]").fill(number)
    record.locator("[name=level]").select_option("L3")
    record.locator("[name=direction]").select_option("AUDIOVISUAL_OPS")
    record.locator("[name=issuedOn]").fill("2025-06-01")
    record.locator("button[type=submit]").click()
    page.locator("#creator", has_text=number).wait_for()

    issue = page.locator("[data-form=issueCredential]")
    source = issue.locator("option", has_text=number).get_attribute("value")
    assert source is not None
    assert source.startswith("SKILL_CERTIFICATE|")
    issue.locator("select").select_option(source)
    issue.locator("button[type=submit]").click()
    page.locator("[data-form=issueCredential] .ok").wait_for()

    cards = page.locator("#creator .card", has_text="三级/高级工 · 视听运营")
    issued = cards.filter(has_text="职业技能等级证书")
    issued.first.wait_for()
    assert "有效" in issued.first.inner_text()
    listed = api.gql(
        "{ credentials(first: 100, kind: SKILL_CERTIFICATE) "
        "{ edges { node { achievement status } } } }",
        role=evaluator,
    )["credentials"]["edges"]
    assert any(edge["node"]["achievement"].get("number") == number for edge in listed)


def test_verifier_page_shows_a_revoked_credential_and_switches_language(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    revoked = _first_node(
        api,
        "{ credentials(first: 1, status: REVOKED) { edges { node { qrLink } } } }",
        "CAC_OFFICIAL",
    )
    page.goto(revoked["qrLink"])
    page.locator("#result:not([hidden])").wait_for()
    page.wait_for_function("() => document.getElementById('stage-code').textContent.trim() !== ''")
    assert page.locator("#verdict").inner_text() == "已撤销"
    assert page.locator("#stage-code").inner_text() == "REVOKED"
    assert page.locator("h1").inner_text() == "凭证核验"

    page.click("#lang")
    assert page.locator("#verdict").inner_text() == "Revoked"
    assert page.locator("h1").inner_text() == "Verify a credential"
    # The choice is remembered by the other pages of the origin.
    page.goto(f"{api.base_url}/wallet")
    assert page.locator("h1").inner_text() == "My credentials"
    page.click("#lang")
    assert page.locator("h1").inner_text() == "我的凭证"
