"""The verifier page (/v) as a person uses it: open a link, read the banner, go offline."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from signing import CredentialKind, StatusList, StatusPurpose
from tests.e2e.conftest import StaticSite
from tests.e2e.tr1_cases import INDEX, ISSUER, LIST_ID
from tests.e2e.verifier_support import Issuer, banner

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture
def issuer(site: StaticSite) -> Issuer:
    return Issuer(site)


def test_opening_a_link_shows_a_valid_credential_in_chinese(page: Page, issuer: Issuer) -> None:
    text = issuer.credential()
    page.goto(issuer.link(text))
    shown = banner(page)
    assert shown["verdict"] == "valid"
    assert shown["word"] == "有效"
    assert shown["code"] == "OK"
    for expected in ("职业技能等级证书", "张*", "三级/高级工", "视听运营", "全媒体运营师"):
        assert expected in shown["claims"]
    assert "签发机构公钥获取于" in shown["trust"]
    assert f"撤销状态列表 {LIST_ID} 获取于" in shown["trust"]
    assert "/status/3/revocation" in issuer.site.documents.requests
    assert "/status/3/suspension" in issuer.site.documents.requests
    # The credential itself never reached the server: only the page, its assets and documents.
    assert not any("TR1" in path for path in issuer.site.documents.requests)


def test_language_switch_is_remembered(page: Page, issuer: Issuer) -> None:
    page.goto(issuer.link(issuer.credential(CredentialKind.AWARD)))
    assert banner(page)["word"] == "有效"
    page.click("#lang")
    shown = banner(page)
    assert shown["word"] == "Valid"
    assert "National" in shown["claims"]
    assert "First prize" in shown["claims"]
    assert page.locator("#lang").inner_text() == "中文"
    page.reload()
    assert banner(page)["word"] == "Valid"
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize(
    ("purpose", "verdict", "word"),
    [
        (StatusPurpose.REVOCATION, "revoked", "已撤销"),
        (StatusPurpose.SUSPENSION, "suspended", "已暂停"),
    ],
)
def test_status_bits_show_in_the_banner(
    page: Page, issuer: Issuer, purpose: StatusPurpose, verdict: str, word: str
) -> None:
    issuer.status_list.set(purpose, INDEX)
    issuer.publish()
    page.goto(issuer.link(issuer.credential()))
    shown = banner(page)
    assert (shown["verdict"], shown["word"]) == (verdict, word)
    assert "张*" in shown["claims"]


def test_tampered_text_is_not_genuine(page: Page, issuer: Issuer) -> None:
    text = issuer.credential()
    cut = len(text) // 2
    tampered = text[:cut] + ("0" if text[cut] != "0" else "1") + text[cut + 1 :]
    page.goto(issuer.site.base_url + "/v")
    page.fill("#qr-text", tampered)
    page.click("#verify")
    shown = banner(page)
    assert shown["verdict"] in {"notGenuine", "unreadable"}
    assert shown["code"] != "OK"
    assert shown["claims"] == ""


def test_offline_uses_the_saved_documents(page: Page, issuer: Issuer) -> None:
    link = issuer.link(issuer.credential())
    page.goto(link)
    assert banner(page)["verdict"] == "valid"
    issuer.site.documents.offline = True
    page.reload()
    shown = banner(page)
    assert shown["verdict"] == "valid"
    assert shown["trust"].count("离线") == 2


def test_a_saved_trust_list_past_its_expiry_is_not_used_offline(page: Page, issuer: Issuer) -> None:
    # Signed a day and a half ago, fresh for two days: saved while it was fresh…
    issuer.publish_trust(now=issuer.now - timedelta(hours=36), ttl=timedelta(hours=48))
    link = issuer.link(issuer.credential())
    page.goto(link)
    assert banner(page)["verdict"] == "valid"
    # …then the page is offline once that copy has expired: it no longer vouches for keys.
    issuer.site.documents.offline = True
    page.clock.install(time=issuer.now + timedelta(hours=13))
    page.reload()
    shown = banner(page)
    assert (shown["verdict"], shown["code"]) == ("cannotCheck", "TRUST_UNAVAILABLE")


def test_without_keys_the_page_says_it_cannot_check(page: Page, issuer: Issuer) -> None:
    issuer.site.documents.offline = True
    page.goto(issuer.link(issuer.credential()))
    shown = banner(page)
    assert (shown["verdict"], shown["code"]) == ("cannotCheck", "TRUST_UNAVAILABLE")


def test_missing_status_list_is_not_reported_as_valid(page: Page, issuer: Issuer) -> None:
    issuer.site.documents.status.clear()
    page.goto(issuer.link(issuer.credential()))
    shown = banner(page)
    assert (shown["verdict"], shown["code"]) == ("statusUnknown", "STATUS_UNAVAILABLE")


@pytest.mark.parametrize(
    ("list_id", "purpose"),
    [(LIST_ID + 1, StatusPurpose.REVOCATION), (LIST_ID, StatusPurpose.SUSPENSION)],
)
def test_a_list_served_under_another_address_does_not_count(
    page: Page, issuer: Issuer, list_id: int, purpose: StatusPurpose
) -> None:
    # Another list's revocation bits, or this list's suspension bits, at this list's
    # revocation address: either would hide a revocation.
    other = StatusList(list_id, issuer=ISSUER)
    issuer.site.documents.status[f"{LIST_ID}/revocation"] = other.sign(
        issuer=ISSUER, signer=issuer.signer, now=issuer.now, ttl=timedelta(days=1), purpose=purpose
    )
    page.goto(issuer.link(issuer.credential()))
    assert banner(page)["code"] == "STATUS_UNAVAILABLE"


def test_the_page_itself_works_offline_once_opened(page: Page, issuer: Issuer) -> None:
    page.goto(issuer.link(issuer.credential()))
    assert banner(page)["verdict"] == "valid"
    # The service worker has saved the page and its assets and controls this tab.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cached = page.evaluate(
        "async () => (await (await caches.open('ccr-verifier-v2')).keys())"
        ".map((r) => new URL(r.url).pathname).sort()"
    )
    assert "/v" in cached
    assert "/static/vendor/jsQR.js" in cached
    page.context.set_offline(True)
    issuer.site.documents.requests.clear()
    page.goto(issuer.link(issuer.credential(CredentialKind.AWARD)))
    shown = banner(page)
    assert (shown["verdict"], shown["code"]) == ("valid", "OK")
    assert "国家级" in shown["claims"]
    assert shown["trust"].count("离线") == 2
    assert issuer.site.documents.requests == []
    page.reload()
    assert banner(page)["verdict"] == "valid"
    assert issuer.site.documents.requests == []


def test_the_service_worker_leaves_other_pages_to_the_network(page: Page, issuer: Issuer) -> None:
    page.goto(issuer.site.base_url + "/v")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    issuer.site.documents.requests.clear()
    page.goto(issuer.site.base_url + "/wallet")
    page.wait_for_load_state("networkidle")
    assert "/wallet" in issuer.site.documents.requests
    assert "/static/ui.js" in issuer.site.documents.requests
