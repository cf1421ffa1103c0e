"""The pages in Chromium against the real service: uvicorn on 127.0.0.1 over a seeded demo.

The wallet shows a credential as a QR code that a screenshot decodes (zxing-cpp) and
``ccr verify`` accepts against the live trust and status lists, and records the holder's
choice of name on public surfaces; an evaluator records a skill
certificate within one of its filings and issues its credential; the CAC official records an
award, takes it through verification and issues its credential, which ``signing.verify``
accepts against the live trust and status lists; the talent official decides an evaluation and
gets its TALENT_ELIGIBILITY credential; the verifier page opened on a revoked credential's link
says so; and every page switches between Chinese and English.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import httpx
import pytest
from typer.testing import CliRunner

import signing
from registry.cli import app as ccr
from registry.domain.identity import resident_id_check_char
from signing import StatusLists, TrustList
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


def _open_creator(page: Page, name: str) -> None:
    page.fill("#search-text", name)
    page.press("#search-text", "Enter")
    page.locator("#creators li.card", has_text=name).get_by_role("button", name="打开").click()
    page.locator("#creator h2", has_text=name).wait_for()


def _fits_the_phone(page: Page) -> None:
    """Nothing sticks out sideways on the 390 px wide page: no element wider than the view."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getClientRects().length)
          .filter((e) => e.getBoundingClientRect().right > innerWidth + 1)
          .map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).slice(0, 5)"""
    )
    assert wide == []


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
    assert scanned == unquote(mine["qrLink"])

    result = CliRunner().invoke(
        ccr,
        [
            "verify",
            scanned,
            "--trust",
            f"{api.base_url}/.well-known/jwks.json",
            "--status",
            f"{api.base_url}/status/{mine['statusList']}/revocation",
            "--status",
            f"{api.base_url}/status/{mine['statusList']}/suspension",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["valid"] is True
    assert verdict["code"] is None


def test_wallet_downloads_the_vc_jwt_and_the_certificate(
    live_page: Page, live_api_sqlite: LiveApi, tmp_path: Path
) -> None:
    api, page = live_api_sqlite, live_page
    page.goto(f"{api.base_url}/wallet")
    _sign_in(page, api.tokens["CREATOR"])
    card = page.locator("#credentials li.card").first
    card.wait_for()
    card.get_by_role("button", name="出示二维码").click()
    page.locator("#qr-image[src]").wait_for()
    with page.expect_download() as caught:
        page.click("#qr-vc")
    saved = tmp_path / "credential.jwt"
    caught.value.save_as(saved)
    token = saved.read_text(encoding="ascii")
    assert token.count(".") == 2
    mine = api.gql(
        "query($id: ID!) { credential(id: $id) { statusList } }",
        {"id": card.get_attribute("data-id")},
        role="CREATOR",
    )["credential"]
    status = [
        option
        for purpose in ("revocation", "suspension")
        for option in ("--status", f"{api.base_url}/status/{mine['statusList']}/{purpose}")
    ]
    trust = ["--trust", f"{api.base_url}/.well-known/jwks.json"]
    result = CliRunner().invoke(ccr, ["verify", str(saved), *trust, *status, "--json"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert (verdict["valid"], verdict["format"], verdict["statusChecked"]) == (True, "vc+jwt", True)
    with page.expect_download() as printed:
        page.click("#qr-pdf")
    certificate = tmp_path / "certificate.pdf"
    printed.value.save_as(certificate)
    assert certificate.read_bytes().startswith(b"%PDF-")
    # Printed from the browser, the QR view is the certificate's page: summary, QR, link.
    assert not page.locator("#print-sheet").is_visible()
    page.emulate_media(media="print")
    sheet = page.locator("#print-sheet")
    assert sheet.is_visible()
    assert "/v#TR1:" in sheet.inner_text()
    assert "Holder" in sheet.inner_text()
    assert not page.locator("#qr-pdf").is_visible()
    page.emulate_media(media="screen")


def test_wallet_shows_the_holder_its_credentials_history(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    page.goto(f"{api.base_url}/wallet")
    _sign_in(page, api.tokens["CREATOR"])
    card = page.locator("#credentials li.card").first
    card.get_by_role("button", name="查看历史").click()
    first = card.locator("ol.history li").first
    first.wait_for()
    assert "签发凭证" in first.inner_text()
    card.get_by_role("button", name="收起历史").click()
    assert card.locator("ol.history").is_hidden()


def test_the_svg_download_reads_back_even_on_a_dark_page(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    """The SVG has a white background and its quiet zone: shown on a dark page it still scans
    (a transparent one showed dark modules on dark)."""
    api, page = live_api_sqlite, live_page
    credential = _first_node(
        api, "{ credentials(first: 1) { edges { node { id qrText } } } }", "CREATOR"
    )
    with api.client("CREATOR") as client:
        svg = client.get(f"/credentials/{credential['id']}/qr.svg")
    assert svg.status_code == 200
    encoded = base64.b64encode(svg.content).decode("ascii")
    page.set_content(
        "<body style='margin:0;background:#000'>"
        f"<img id='qr' src='data:image/svg+xml;base64,{encoded}' style='width:360px'></body>"
    )
    page.wait_for_function("() => document.getElementById('qr').complete")
    texts = read_qr_image(page.locator("#qr").screenshot())
    assert [text.split("#", 1)[-1] for text in texts] == [credential["qrText"]]


def test_wallet_choice_of_name_reaches_the_registry(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    query = "{ viewer { account { creatorId } } }"
    creator_id = api.gql(query, role="CREATOR")["viewer"]["account"]["creatorId"]
    choice = "query($id: ID!) { creator(id: $id) { showFullName nameDisplayChosenAt } }"

    def chosen() -> Any:
        return api.gql(choice, {"id": creator_id}, role="CREATOR")["creator"]

    assert chosen()["showFullName"] is False
    page.goto(f"{api.base_url}/wallet")
    _sign_in(page, api.tokens["CREATOR"])
    page.locator("#name-display").wait_for()
    message = "() => document.getElementById('name-display-message').textContent"
    page.check("#show-full-name")
    page.wait_for_function(f"{message}.includes('显示全名')")
    assert chosen()["showFullName"] is True
    assert chosen()["nameDisplayChosenAt"]
    # And back (the other tests of this module expect the demo's default).
    page.uncheck("#show-full-name")
    page.wait_for_function(f"{message}.includes('脱敏姓名')")
    assert chosen()["showFullName"] is False


def test_console_records_a_certificate_and_issues_its_credential(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    evaluator = "EVALUATOR@sh-mma"
    (filing,) = api.gql("{ filings { id prefix } }", role=evaluator)["filings"]
    number = f"{filing['prefix']}253000901"  # 2025, level digit 3 (L3), serial 000901
    # The institution registers its candidate, then names them on the certificate by ID
    # document and name, as its exam roster does.
    first17 = "31011019950505731"
    id_number = first17 + resident_id_check_char(first17)
    registered = api.gql(
        """mutation($input: RegisterCreatorInput!) {
             registerCreator(input: $input) { creator { id } userErrors { code } }
           }""",
        {
            "input": {
                "name": "考生甲",
                "origin": "DOMESTIC",
                "idDocumentType": "RESIDENT_ID",
                "idNumber": id_number,
                "regionCode": "310110",
            }
        },
        role=evaluator,
    )["registerCreator"]
    assert registered["userErrors"] == []
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[evaluator])
    page.fill("#search-text", "考生甲")
    page.locator("#search button[type=submit]").click()
    page.locator("#creators li.card", has_text="考").first.get_by_role(
        "button", name="打开"
    ).click()
    page.locator("#creator h2").first.wait_for()

    record = page.locator("[data-form=recordSkillCertificate]")
    # The filing is chosen from the evaluator's own active filings, shown with what they cover.
    choice = record.locator("select[name=filingId] option")
    assert choice.count() == 1
    assert choice.get_attribute("value") == filing["id"]
    assert "全媒体运营师" in choice.inner_text()
    assert filing["prefix"] in choice.inner_text()
    detail = record.locator("[data-filing-detail]").inner_text()
    assert "视听运营" in detail
    assert "三级/高级工" in detail
    record.locator("[name=holderName]").fill("考生甲")
    record.locator("[name=idDocumentType]").select_option("RESIDENT_ID")
    record.locator("[name=idNumber]").fill(id_number)
    record.locator("[name=filingId]").select_option(filing["id"])
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


def test_console_award_to_credential(live_page: Page, live_api_sqlite: LiveApi) -> None:
    api, page = live_api_sqlite, live_page
    official = "CAC_OFFICIAL@sh-cac"
    creators = api.gql(
        "{ creators(first: 100) { nodes { id displayName awards { id } } } }", role=official
    )["creators"]["nodes"]
    creator = next(c for c in creators if not c["awards"])
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    _open_creator(page, creator["displayName"])

    record = page.locator("[data-form=recordAward]")
    # Programmes are chosen by name.
    assert "银鸽奖" in record.locator("[name=programmeCode]").inner_text()
    record.locator("[name=programmeCode]").select_option("SH_SILVER_DOVE")
    record.locator("[name=edition]").fill("1980")
    record.locator("button[type=submit]").click()
    # The server's refusal, next to the form, in the reader's language.
    refused = record.locator(".output li[data-code=INVALID_INPUT]")
    refused.wait_for()
    assert refused.inner_text() == "届次/年度: 内容缺失或无效"

    record.locator("[name=edition]").fill("2025")
    record.locator("[name=category]").fill("网络视听")
    record.locator("[name=grade]").select_option("FIRST")
    record.locator("[name=awardedOn]").fill("2025-11-20")
    record.locator("[name=evidenceDocNo]").fill("沪网信〔2025〕99号")
    record.locator("button[type=submit]").click()

    award = page.locator("#creator li.card[data-award]", has_text="银鸽奖")
    award.locator(".badge", has_text="已申报").wait_for()
    assert award.locator(".actions button").all_inner_texts() == ["开始核验"]
    award.get_by_role("button", name="开始核验").click()
    award.locator(".badge", has_text="核验中").wait_for()
    # Rejecting needs a reason: the console asks for one before sending anything.
    award.get_by_role("button", name="驳回").click()
    assert award.locator(".output").inner_text() == "请填写原因"
    award.get_by_role("button", name="核验通过").click()
    award.locator(".badge", has_text="已核验").wait_for()
    assert award.locator(".actions button").all_inner_texts() == ["签发凭证", "撤回"]
    award.get_by_role("button", name="签发凭证").click()
    award.locator(".output .ok").wait_for()

    issued = page.locator("#creator li.card", has_text="获奖证明").filter(
        has_text="银鸽奖 · 2025 · 一等奖"
    )
    issued.wait_for()
    assert issued.locator(".badge").inner_text() == "有效"

    (credential,) = api.gql(
        "query($id: ID!) { credentials(first: 10, creatorId: $id, kind: AWARD) "
        "{ nodes { status statusList qrText } } }",
        {"id": creator["id"]},
        role=official,
    )["credentials"]["nodes"]
    assert credential["status"] == "ACTIVE"
    with httpx.Client(base_url=api.base_url, timeout=30) as http:
        trust = TrustList.from_jwks(http.get("/.well-known/jwks.json").text)
        halves = [
            http.get(f"/status/{credential['statusList']}/{purpose}").text
            for purpose in ("revocation", "suspension")
        ]
    verified = signing.verify(
        credential["qrText"],
        trust=trust,
        status=StatusLists.from_documents(halves, trust=trust),
        now=datetime.now(UTC),
    )
    assert verified.status_checked
    assert verified.claims.kind is signing.CredentialKind.AWARD
    assert verified.claims.achievement.code == "SH_SILVER_DOVE"
    assert verified.claims.achievement.grade == "FIRST"


def test_console_double_submission_runs_once(live_page: Page, live_api_sqlite: LiveApi) -> None:
    """A double click sends the same Idempotency-Key twice: the server records one award and
    answers the second request with the first answer."""
    api, page = live_api_sqlite, live_page
    official = "CAC_OFFICIAL@sh-cac"
    creators = api.gql(
        "{ creators(first: 100) { nodes { id displayName awards { id } } } }", role=official
    )["creators"]["nodes"]
    creator = next(c for c in creators if not c["awards"])
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    _open_creator(page, creator["displayName"])
    answers: list[tuple[str | None, str | None]] = []

    def note(response: Any) -> None:
        request = response.request
        if request.method == "POST" and "recordAward" in (request.post_data or ""):
            answers.append(
                (
                    request.headers.get("idempotency-key"),
                    response.headers.get("idempotent-replayed"),
                )
            )

    page.on("response", note)
    record = page.locator("[data-form=recordAward]")
    record.locator("[name=programmeCode]").select_option("SH_SILVER_DOVE")
    record.locator("[name=edition]").fill("2024")
    record.locator("[name=category]").fill("网络视听")
    record.locator("[name=grade]").select_option("SECOND")
    record.locator("[name=awardedOn]").fill("2024-11-20")
    record.locator("[name=evidenceDocNo]").fill("沪网信〔2024〕88号")
    record.locator("button[type=submit]").dblclick()
    page.locator("#creator li.card[data-award]", has_text="银鸽奖").first.wait_for()
    deadline = time.monotonic() + 10
    while len(answers) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert len(answers) == 2, answers
    (first_key, _), (second_key, replayed) = answers
    assert first_key is not None
    assert first_key == second_key
    assert {answers[0][1], replayed} == {None, "true"}
    (found,) = api.gql(
        "query($id: ID!) { creator(id: $id) { awards { id } } }",
        {"id": creator["id"]},
        role=official,
    )["creator"]["awards"]
    assert found["id"]


def test_console_decides_a_recognition_application(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    official = "TALENT_OFFICIAL@yp-talent"
    creators = api.gql(
        "{ creators(first: 100) { nodes { id displayName regionCode recognitions { id } } } }",
        role=official,
    )["creators"]["nodes"]
    creator = next(c for c in creators if not c["recognitions"] and c["regionCode"] == "310110")
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    _open_creator(page, creator["displayName"])
    # The talent office applies on the creator's behalf, in its own district's cluster.
    apply = page.locator("[data-form=applyForRecognition]")
    assert apply.locator("select[name=clusterCode] option").all_inner_texts() == ["杨浦区 V聚场"]
    apply.locator("button[type=submit]").click()
    card = page.locator("#creator li.card[data-recognition]", has_text="杨浦区 V聚场")
    card.locator(".badge", has_text="待认定").wait_for()
    assert card.locator(".actions button").all_inner_texts() == ["予以认定", "不予认定"]
    card.get_by_role("button", name="不予认定").click()
    assert card.locator(".output").inner_text() == "请填写原因"
    card.get_by_role("button", name="予以认定").click()
    card.locator(".badge", has_text="有效").wait_for()
    assert card.locator(".actions button").all_inner_texts() == ["暂停认定", "撤销认定"]
    card.locator("input[name=reason]").fill("核查材料")
    card.get_by_role("button", name="暂停认定").click()
    card.locator(".badge", has_text="已暂停").wait_for()
    assert card.locator(".note", has_text="核查材料").count() == 1
    # Its history, from the audit log: what was done, by whom, and why.
    card.get_by_role("button", name="查看历史").click()
    entries = card.locator("ol.history li")
    entries.nth(2).wait_for()
    assert [e.locator("strong").inner_text() for e in entries.all()] == [
        "申请认定",
        "予以认定",
        "暂停认定",
    ]
    assert "人才工作部门工作人员" in entries.nth(2).inner_text()
    assert "原因: 核查材料" in entries.nth(2).inner_text()

    # Another office sees the recognition but is offered nothing to do with it.
    page.locator("#sign-out").click()
    _sign_in(page, api.tokens["CAC_OFFICIAL@sh-cac"])
    _open_creator(page, creator["displayName"])
    seen = page.locator("#creator li.card[data-recognition]", has_text="杨浦区 V聚场")
    seen.locator(".badge", has_text="已暂停").wait_for()
    assert seen.locator(".actions button").count() == 0
    assert page.locator("[data-form=applyForRecognition]").count() == 0


def test_console_works_an_offices_queue(live_page: Page, live_api_sqlite: LiveApi) -> None:
    api, page = live_api_sqlite, live_page
    official = "CAC_OFFICIAL@sh-cac"
    query = "{ workQueues { name total items { creatorName state } } }"
    [awards] = [
        q for q in api.gql(query, role=official)["workQueues"] if q["name"] == "awardsToVerify"
    ]
    waiting = next(i for i in awards["items"] if i["state"] == "UNDER_VERIFICATION")
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    queue = page.locator("#queues section[data-queue=awardsToVerify]")
    queue.locator("h4", has_text=f"待核验的获奖申报 · {awards['total']}").wait_for()
    # Readable names: the programme and the state, not their codes.
    card = queue.locator("li.card", has_text=waiting["creatorName"])
    assert "核验中" in card.inner_text()
    assert "UNDER_VERIFICATION" not in card.inner_text()
    card.get_by_role("button", name="打开").click()
    page.locator("#creator h2", has_text=waiting["creatorName"]).wait_for()
    award = page.locator("#creator li.card[data-award]", has_text="核验中")
    award.get_by_role("button", name="核验通过").click()
    page.locator("#creator li.card[data-award]", has_text="已核验").wait_for()
    page.locator("#back").click()
    # Back on the office's page, the queue is read again: the verified claim has left it.
    queue.locator("h4", has_text=f"待核验的获奖申报 · {awards['total'] - 1}").wait_for()
    assert queue.locator("li.card", has_text=waiting["creatorName"]).count() == 0
    _fits_the_phone(page)


def test_console_filters_creators_by_name(live_page: Page, live_api_sqlite: LiveApi) -> None:
    api, page = live_api_sqlite, live_page
    official = "TALENT_OFFICIAL@yp-talent"
    query = "query($s: CredentialStatus, $r: String) { creators(first: 100, credentialStatus: $s, "
    query += "regionCode: $r) { nodes { displayName } } }"
    wanted = {"s": "SUSPENDED", "r": "310110"}
    suspended = api.gql(query, wanted, role=official)["creators"]["nodes"]
    everyone = api.gql(query, {"s": None, "r": None}, role=official)["creators"]["nodes"]
    assert 0 < len(suspended) < len(everyone)
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    page.locator("#creators li.card").first.wait_for()
    # The choices are names in the page's language, not codes.
    assert "上海市杨浦区" in page.locator("#filter-region").inner_text()
    assert "已暂停" in page.locator("#filter-status").inner_text()
    with page.expect_response("**/graphql"):
        page.locator("#filter-region").select_option("310110")
    with page.expect_response("**/graphql"):
        page.locator("#filter-status").select_option("SUSPENDED")
    page.wait_for_function(
        f"() => document.querySelectorAll('#creators li.card').length === {len(suspended)}"
    )
    shown = page.locator("#creators li.card h3").all_inner_texts()
    assert sorted(shown) == sorted(c["displayName"] for c in suspended)


def test_console_links_to_a_creator_and_follows_the_back_button(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    official = "CAC_OFFICIAL@sh-cac"
    [creator] = api.gql("{ creators(first: 1) { nodes { id displayName } } }", role=official)[
        "creators"
    ]["nodes"]
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    _open_creator(page, creator["displayName"])
    link = page.url
    assert link.endswith("#creator=" + quote(creator["id"], safe=""))
    page.go_back()
    page.locator("#search-view").wait_for()
    assert page.locator("#creator-view").is_hidden()
    page.go_forward()
    page.locator("#creator h2", has_text=creator["displayName"]).wait_for()
    # The link opens the creator's page in a new tab of the same session, after signing in.
    fresh = page.context.new_page()
    fresh.goto(link)
    _sign_in(fresh, api.tokens[official])
    fresh.locator("#creator h2", has_text=creator["displayName"]).wait_for()
    fresh.close()


def test_console_registers_a_creator_and_records_accounts_works_and_facts(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens["TALENT_OFFICIAL@yp-talent"])
    register = page.locator("[data-form=registerCreator]")
    name = register.locator("[name=name]")
    assert name.get_attribute("maxlength") == "200"  # the registry's own limit
    name.fill("登记测试")
    register.locator("[name=idDocumentType]").select_option("RESIDENT_ID")
    first17 = "31011019880808123"
    register.locator("[name=idNumber]").fill(first17 + resident_id_check_char(first17))
    assert register.locator("[name=regionCode]").input_value() == "310110"  # the office's
    register.locator("button[type=submit]").click()
    page.locator("#creator h2", has_text="登记测试").wait_for()
    assert "#creator=" in page.url

    account = page.locator("[data-form=addPlatformAccount]")
    account.locator("[name=platform]").select_option("BILIBILI")
    account.locator("[name=handle]").fill("dengji_test")
    account.locator("[name=followers]").fill("12000")
    account.locator("[name=percentile]").fill("5")
    account.locator("[name=measuredOn]").fill("2026-11-01")
    account.locator("button[type=submit]").click()
    page.locator("#creator li.card", has_text="哔哩哔哩 · dengji_test").wait_for()

    work = page.locator("[data-form=addWork]")
    work.locator("[name=title]").fill("苏州河的清晨")
    work.locator("[name=workType]").select_option("AUDIO_VIDEO")
    work.locator("button[type=submit]").click()
    page.locator("#creator li.card", has_text="苏州河的清晨").wait_for()

    facts = page.locator("[data-form=recordCreatorFacts]")
    facts.locator("[name=hukouCity]").fill("310000")
    facts.locator("[name=monthsRegion]").select_option("310110")
    facts.locator("[name=monthsInDistrict]").fill("10")
    facts.locator("button[type=submit]").click()
    page.locator("[data-form=recordCreatorFacts] .output .ok").wait_for()

    # Everything just done is on the creator's history, in words.
    page.locator("#creator > .history-block").get_by_role("button", name="查看历史").click()
    entries = page.locator("#creator > .history-block ol.history li strong")
    entries.nth(3).wait_for()
    assert entries.all_inner_texts() == ["登记创作者", "核实平台账号", "登记作品", "记录资格事实"]
    _fits_the_phone(page)

    # An evaluation institution registering the same person is told how to go on.
    page.locator("#sign-out").click()
    _sign_in(page, api.tokens["EVALUATOR@sh-mma"])
    again = page.locator("[data-form=registerCreator]")
    again.locator("[name=name]").fill("登记测试")
    again.locator("[name=idDocumentType]").select_option("RESIDENT_ID")
    again.locator("[name=idNumber]").fill(first17 + resident_id_check_char(first17))
    again.locator("button[type=submit]").click()
    refused = again.locator(".output li[data-code=DUPLICATE]")
    refused.wait_for()
    assert "登记证书时按考试名册填写持证人的证件类型、号码和姓名" in refused.inner_text()


def test_console_files_and_manages_a_filing(live_page: Page, live_api_sqlite: LiveApi) -> None:
    api, page = live_api_sqlite, live_page
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens["HRSS_OFFICIAL@sh-hrss"])
    form = page.locator("[data-form=fileFiling]")
    form.locator("[name=organisationCode]").select_option("sh-mma")
    form.locator("[name=directions][value=AUDIOVISUAL_OPS]").check()
    form.locator("[name=levels][value=L4]").check()
    form.locator("[name=levels][value=L3]").check()
    form.locator("[name=scope]").select_option("PROVINCIAL")
    assert form.locator("[name=provinceCode]").input_value() == "31"
    form.locator("[name=category]").select_option("S")
    form.locator("[name=institutionCode]").fill("0000")
    form.locator("[name=siteSerial]").fill("000777")
    form.locator("[name=validFrom]").fill("2026-01-01")
    form.locator("[name=validUntil]").fill("2028-12-31")
    form.locator("button[type=submit]").click()
    card = page.locator("#filings li.card", has_text="S0000310007")
    card.locator(".badge", has_text="有效").wait_for()
    assert "上海市多媒体行业协会 · 全媒体运营师" in card.inner_text()
    card.get_by_role("button", name="暂停备案").click()
    card.locator(".badge", has_text="已暂停").wait_for()
    card.get_by_role("button", name="恢复备案").click()
    card.locator(".badge", has_text="有效").wait_for()
    card.locator("input[name=validUntil]").fill("2029-12-31")
    card.get_by_role("button", name="续期至").click()
    page.locator("#filings li.card", has_text="2029").wait_for()
    _fits_the_phone(page)


def test_console_renews_a_credential_and_says_what_became_of_the_old_one(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    official = "TALENT_OFFICIAL@yp-talent"
    query = "{ creators(first: 100) { nodes { id credentials(first: 20) { nodes "
    query += "{ id status kind organisationCode } } } } }"
    creator, credential = next(
        (c, x)
        for c in api.gql(query, role=official)["creators"]["nodes"]
        for x in c["credentials"]["nodes"]
        if (x["status"], x["kind"], x["organisationCode"])
        == ("ACTIVE", "CREATOR_RECOGNITION", "yp-talent")
    )
    page.goto(f"{api.base_url}/console#creator=" + quote(creator["id"], safe=""))
    _sign_in(page, api.tokens[official])
    card = page.locator(f"#creator li.card[data-credential='{credential['id']}']")
    card.wait_for()
    # Renewing needs a reason, asked for before anything is sent.
    card.get_by_role("button", name="续期").click()
    assert card.locator(".output").inner_text() == "请填写原因"
    card.locator("input[name=reason]").fill("年度续期")
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="续期").click()
    card.locator(".badge", has_text="已撤销").wait_for()
    fresh = api.gql(
        "query($id: ID!) { credential(id: $id) { status operations { code reason } } }",
        {"id": credential["id"]},
        role=official,
    )["credential"]
    assert fresh["status"] == "REVOKED"
    assert fresh["operations"][-1] == {"code": "RENEW", "reason": "年度续期"}


def _eligible_creator(api: LiveApi, official: str) -> dict[str, Any]:
    """A creator YP_YOUXIANG finds ELIGIBLE for a money tier, undecided yet."""
    creators = api.gql(
        "{ creators(first: 100) { nodes { id displayName decisions { id } } } }", role=official
    )["creators"]["nodes"]
    for creator in creators:
        if creator["decisions"]:
            continue
        evaluation = api.gql(
            "query($i: EvaluateEligibilityInput!) { evaluateEligibility(input: $i) "
            "{ outcome tier } }",
            {"i": {"creatorId": creator["id"], "programmeCode": "YP_YOUXIANG"}},
            role=official,
        )["evaluateEligibility"]
        if evaluation["outcome"] == "ELIGIBLE" and evaluation["tier"] != "RECOGNISED":
            return {**creator, "tier": evaluation["tier"]}  # a tier with money
    raise AssertionError("the demo has no creator eligible for YP_YOUXIANG")


TIER_LABELS = {"STRATEGIC": "战略创作人才", "LEADING": "领军创作人才", "POTENTIAL": "潜力创作人才"}


def test_console_decides_eligibility_and_issues_its_credential(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    official = "TALENT_OFFICIAL@yp-talent"
    creator = _eligible_creator(api, official)
    tier = TIER_LABELS[creator["tier"]]
    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[official])
    _open_creator(page, creator["displayName"])
    eligibility_cards = page.locator("#creator li.card", has_text="人才政策资格")
    before = eligibility_cards.count()

    evaluate = page.locator("[data-form=evaluateEligibility]")
    evaluate.locator("[name=programmeCode]").select_option("YP_YOUXIANG")
    evaluate.locator("button[type=submit]").click()
    evaluate.locator(".tree").wait_for()
    assert "符合条件" in evaluate.inner_text()

    decide = page.locator("[data-form=decideEligibility]")
    assert tier in decide.locator("select[name=tier]").inner_text()
    # A refusal cannot come with a credential: the server says so, in the chosen language.
    page.click("#lang")
    decide.locator("[name=approve]").select_option("false")
    decide.locator("[name=reason]").fill("missing documents")
    decide.locator("[name=issueCredential]").check()
    decide.locator("button[type=submit]").click()
    refused = decide.locator(".output li[data-code=INVALID_INPUT]")
    refused.wait_for()
    assert refused.inner_text().startswith(
        "Also issue the talent eligibility credential: Missing or invalid"
    )
    page.click("#lang")

    # The rent subsidy's sum is a cap ("每月最高…"): above it is refused next to the field; the
    # office approves what it decided.
    rent = decide.locator('[name="amount:RENT_SUBSIDY"]')
    cap = int(rent.get_attribute("max") or "0")
    assert cap in (3000, 5000, 8000)
    rent_label = decide.locator('label[for="f-decideEligibility-amount:RENT_SUBSIDY"]')
    assert "租房补贴" in rent_label.inner_text()
    decide.locator("[name=approve]").select_option("true")
    decide.locator("[name=reason]").fill("符合优享计划条件")
    rent.evaluate("(input, over) => { input.removeAttribute('max'); input.value = over; }", cap + 1)
    decide.locator("button[type=submit]").click()
    over = decide.locator(".output li[data-code=AMOUNT_INVALID]")
    over.wait_for()
    assert over.inner_text().startswith("核定金额")
    rent.fill(str(cap - 500))
    decide.locator("[name=issueCredential]").check()
    decide.locator("button[type=submit]").click()
    result = decide.locator(".decision[data-outcome=APPROVED]")
    result.wait_for()
    assert "批准" in result.inner_text()
    assert f"{cap - 500:,} / {cap:,}" in result.inner_text()
    assert tier in result.inner_text()
    assert "人才政策资格" in result.inner_text()

    assert eligibility_cards.count() == before + 1
    assert eligibility_cards.filter(has_text=tier).filter(has_text="有效").count() >= 1
    (decision,) = api.gql(
        "query($id: ID!) { creator(id: $id) { decisions { outcome tier credentialId } } }",
        {"id": creator["id"]},
        role=official,
    )["creator"]["decisions"]
    assert decision["outcome"] == "APPROVED"
    assert decision["tier"] == creator["tier"]

    # A YOUNG人才公寓 stay under the decision: the event must be attested non-commercial.
    stay = page.locator("[data-form=recordApartmentStay]")
    stay.locator("[name=event]").fill("上海国际创作者大会")
    stay.locator("[name=days]").fill("3")
    stay.locator("button[type=submit]").click()
    unchecked = stay.locator(".output li[data-code=INVALID_INPUT]")
    unchecked.wait_for()
    assert unchecked.inner_text().startswith("经核实为非商业性活动")
    stay.locator("[name=nonCommercial]").check()
    stay.locator("button[type=submit]").click()
    page.locator("[data-stays]", has_text="上海国际创作者大会").wait_for()
    assert "优享计划" in page.locator("#creator li.card[data-decision]").first.inner_text()
    issued = api.gql(
        "query($id: ID!) { credential(id: $id) { kind status } }",
        {"id": decision["credentialId"]},
        role=official,
    )["credential"]
    assert issued == {"kind": "TALENT_ELIGIBILITY", "status": "ACTIVE"}


def test_verifier_page_shows_a_revoked_credential_and_switches_language(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    revoked = _first_node(
        api,
        '{ credentials(first: 1, status: REVOKED, organisation: "sh-cac") '
        "{ edges { node { qrLink } } } }",
        "CAC_OFFICIAL",
    )
    page.goto(revoked["qrLink"])
    page.locator("#result:not([hidden])").wait_for()
    page.wait_for_function("() => document.getElementById('stage-code').textContent.trim() !== ''")
    assert page.locator("#verdict").inner_text() == "已撤销"
    assert page.locator("#stage-code").inner_text() == "REVOKED"
    assert page.locator("h1").inner_text() == "凭证核验"
    # The office by name, as the signed trust list's metadata gives it, not only its code.
    assert "上海市委网信办 (sh-cac)" in page.locator("#claims").inner_text()

    page.click("#lang")
    assert page.locator("#verdict").inner_text() == "Revoked"
    assert "Shanghai Cyberspace Affairs Office (sh-cac)" in page.locator("#claims").inner_text()
    assert page.locator("h1").inner_text() == "Verify a credential"
    # The choice is remembered by the other pages of the origin.
    page.goto(f"{api.base_url}/wallet")
    assert page.locator("h1").inner_text() == "My credentials"
    page.click("#lang")
    assert page.locator("h1").inner_text() == "我的凭证"


def test_public_lookup_answers_for_the_right_name_only(
    live_page: Page, live_api_sqlite: LiveApi
) -> None:
    api, page = live_api_sqlite, live_page
    query = (
        "{ creators(first: 50) { edges { node { displayName "
        "skillCertificates { certificateNumber } } } } }"
    )
    evaluator = next(role for role in api.tokens if role.startswith("EVALUATOR@"))
    holders = [
        edge["node"]
        for edge in api.gql(query, role=evaluator)["creators"]["edges"]
        if edge["node"]["skillCertificates"]
    ]
    assert holders
    holder = holders[0]
    number = holder["skillCertificates"][0]["certificateNumber"]
    page.goto(f"{api.base_url}/lookup")
    page.fill("#number", number)
    page.fill("#holder", holder["displayName"])
    page.click("#ask")
    page.wait_for_function("() => document.getElementById('lookup-banner').dataset.status")
    assert page.locator("#lookup-verdict").inner_text() in {"有效", "已暂停", "已撤销", "已过期"}
    details = page.locator("#lookup-details").inner_text()
    assert "全媒体运营师" in details
    assert holder["displayName"] not in details  # the name comes back masked
    page.fill("#holder", holder["displayName"] + "某")
    page.click("#ask")
    page.wait_for_function(
        "() => document.getElementById('lookup-banner').dataset.status === 'NOT_FOUND'"
    )
    assert page.locator("#lookup-verdict").inner_text() == "未查到：编号与姓名不匹配或不存在"
    assert page.locator("#lookup-details").inner_text() == ""
    page.click("#lang")
    assert page.locator("#lookup-verdict").inner_text() == "Not found: no such number for this name"


def test_console_office_figures_exports_and_roster_import(
    live_page: Page, live_api_sqlite: LiveApi, tmp_path: Path
) -> None:
    from tests.registry.conftest import resident_id

    api, page = live_api_sqlite, live_page
    talent = next(role for role in api.tokens if role.startswith("TALENT_OFFICIAL@"))
    evaluator = next(role for role in api.tokens if role.startswith("EVALUATOR@sh-mma"))
    number = resident_id(birth="19950505", serial="777")
    registered = api.gql(
        "mutation($i: RegisterCreatorInput!) { registerCreator(input: $i) "
        "{ creator { id } userErrors { code } } }",
        {"i": {"name": "名册考生", "origin": "DOMESTIC", "idDocumentType": "RESIDENT_ID",
               "idNumber": number, "regionCode": "310110"}},
        role=talent,
    )["registerCreator"]  # fmt: skip
    assert registered["userErrors"] == []
    filings = api.gql('{ filings(organisation: "sh-mma") { prefix levels state } }', role=evaluator)
    prefix = next(f["prefix"] for f in filings["filings"] if f["state"] == "ACTIVE")
    issued = datetime.now(UTC).date() - timedelta(days=1)
    good = f"{prefix}{issued.year % 100:02d}3{777001:06d}"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,证件类型,证件号码,职业方向,等级,发证日期,证书编号\n"
        f"名册考生,居民身份证,{number},视听运营,三级,{issued},{good}\n"
        f"无此人,居民身份证,{resident_id(serial='778')},视听运营,三级,{issued},{good[:-1]}2\n",
        encoding="utf-8",
    )

    page.goto(f"{api.base_url}/console")
    _sign_in(page, api.tokens[evaluator])
    page.locator("#charts figure[data-measure='certificates']").wait_for()
    assert "技能等级证书" in page.locator("#charts").inner_text()
    with page.expect_download() as figures:
        page.click("#figures-csv")
    saved = tmp_path / "figures.csv"
    figures.value.save_as(saved)
    assert saved.read_text(encoding="utf-8-sig").startswith("measure,")
    with page.expect_download() as exported:
        page.click("#export-buttons button[data-table='certificates'][data-format='csv']")
    assert exported.value.suggested_filename == "certificates.csv"
    page.set_input_files("#roster-file", str(roster))
    page.click("#roster-check")
    page.locator("#roster-refusals").wait_for()
    summary = page.locator("#roster-summary").inner_text()
    assert "1 行可导入" in summary
    assert "1 行被拒绝" in summary
    refusal = page.locator("#roster-refusals tbody tr").inner_text()
    assert "3" in refusal
    assert "未找到" in refusal
    page.click("#roster-confirm")
    page.wait_for_function(
        "() => (document.getElementById('roster-summary')?.textContent ?? '').includes('已导入')"
    )
    certificates = api.gql(
        "query($id: ID!) { node(id: $id) "
        "{ ... on Creator { skillCertificates { certificateNumber } } } }",
        {"id": registered["creator"]["id"]},
        role=evaluator,
    )["node"]["skillCertificates"]
    assert [c["certificateNumber"] for c in certificates] == [good]
