"""The wallet and the console against a scripted GraphQL endpoint.

The real schema is checked elsewhere; here the browser's requests are answered by a fake that
records them, so the tests pin what the pages send (operation, variables, bearer token) and
what they show for the answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import STATIC, StaticSite

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

TOKEN = "ccr_test_token"
QR_TEXT = "TR1:NCFOXN%TSMAHN-H*SC/6WL-8-EIO"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10"/></svg>'
)

CREDENTIALS = [
    {
        "id": "Q3JlZGVudGlhbDox",
        "kind": "SKILL_CERTIFICATE",
        "status": "ACTIVE",
        "sourceId": "S1",
        "organisationCode": "yp",
        "subjectName": "张*",
        "achievement": {"code": "4-13-01-05", "level": "L3", "direction": "AV"},
        "issuedAt": "2026-11-22T09:30:00Z",
        "validFrom": "2026-11-22T09:30:00Z",
        "validUntil": "2029-11-21T09:30:00Z",
        "qrText": QR_TEXT,
    },
    {
        "id": "Q3JlZGVudGlhbDoy",
        "kind": "AWARD",
        "status": "SUSPENDED",
        "sourceId": "A1",
        "organisationCode": "sh-cac",
        "subjectName": "张*",
        "achievement": {"code": "CN_POSITIVE_ENERGY", "grade": "FIRST", "year": 2025},
        "issuedAt": "2026-11-22T09:30:00Z",
        "validFrom": "2026-11-22T09:30:00Z",
        "validUntil": "2029-11-21T09:30:00Z",
        "qrText": QR_TEXT,
    },
]

CREATOR = {
    "id": "Q3JlYXRvcjox",
    "displayName": "张*",
    "maskedIdNumber": "310***********1234",
    "origin": "DOMESTIC",
    "platformAccounts": [
        {
            "id": "P1",
            "platform": "BILIBILI",
            "handle": "zhang",
            "followers": 1200000,
            "percentile": 0.8,
            "measuredOn": "2026-10-01",
        }
    ],
    "awards": [
        {
            "id": "A1",
            "programmeCode": "CN_POSITIVE_ENERGY",
            "edition": 2025,
            "category": "音视频",
            "grade": "FIRST",
            "level": "NATIONAL",
            "state": "VERIFIED",
            "awardedOn": "2025-12-01",
        }
    ],
    "skillCertificates": [],
    "recognitions": [],
    "credentials": {"edges": [{"node": CREDENTIALS[0]}, {"node": CREDENTIALS[1]}]},
}

TREE = {
    "kind": "ANY",
    "zh": "满足任一条件",
    "en": "any of",
    "status": "MET",
    "evidence": [],
    "children": [
        {
            "kind": "award_level_at_least",
            "zh": "国家级重大奖项",
            "en": "a national major award",
            "status": "MET",
            "evidence": ["A1"],
            "children": [],
        },
        {
            "kind": "percentile_at_most",
            "zh": "平台粉丝前 5%",
            "en": "top 5 % of the platform",
            "status": "UNKNOWN",
            "evidence": [],
            "children": [],
        },
    ],
}

PAGE_INFO = {"hasNextPage": False, "endCursor": None}


class FakeGraphQL:
    """Answers /graphql by operation name and keeps every request it saw."""

    def __init__(self, role: str) -> None:
        self.role = role
        self.requests: list[dict[str, Any]] = []
        self.mutation_answer: dict[str, Any] = {"userErrors": []}
        # The signed-in account's creator profile (a creator's own account has one).
        self.creator_id: str | None = None

    def answer(self, operation: str, variables: dict[str, Any]) -> dict[str, Any]:
        account = {
            "id": "acc1",
            "role": self.role,
            "creatorId": self.creator_id,
            "organisation": {"code": "yp", "name": "杨浦区人才局"},
        }
        creators = {
            "edges": [
                {"node": {k: CREATOR[k] for k in ("id", "displayName", "maskedIdNumber", "origin")}}
            ]
        }
        answers: dict[str, Callable[[], dict[str, Any]]] = {
            "Viewer": lambda: {"viewer": {"account": account}},
            "ViewerCredentials": lambda: {
                "credentials": {"edges": [{"node": c} for c in CREDENTIALS], "pageInfo": PAGE_INFO}
            },
            "Creators": lambda: {"creators": {**creators, "pageInfo": PAGE_INFO}},
            "Creator": lambda: {"creator": CREATOR},
            "WorkQueues": lambda: {"workQueues": []},
            "NameDisplay": lambda: {
                "creator": {
                    "id": variables["id"],
                    "showFullName": False,
                    "nameDisplayChosenAt": None,
                }
            },
            "EvaluateEligibility": lambda: {
                "evaluateEligibility": {
                    "outcome": "ELIGIBLE",
                    "tier": "LEADING",
                    "explanation": "…",
                    "tree": TREE,
                }
            },
        }
        if operation in answers:
            return {"data": answers[operation]()}
        field = operation[0].lower() + operation[1:]
        return {"data": {field: self.mutation_answer}}

    def handle(self, route: Route) -> None:
        request = route.request
        body = json.loads(request.post_data or "{}")
        match = re.search(r"(?:query|mutation)\s+(\w+)", body.get("query", ""))
        operation = match.group(1) if match else ""
        self.requests.append(
            {
                "operation": operation,
                "variables": body.get("variables"),
                "authorization": request.headers.get("authorization"),
            }
        )
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            answer = {
                "errors": [{"message": "bad token", "extensions": {"code": "UNAUTHENTICATED"}}]
            }
        else:
            answer = self.answer(operation, body.get("variables") or {})
        route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))


@pytest.fixture
def fake(page: Page, site: StaticSite) -> Callable[[str], FakeGraphQL]:
    def install(role: str) -> FakeGraphQL:
        graphql = FakeGraphQL(role)
        page.route("**/graphql", graphql.handle)
        page.route(
            "**/credentials/*/qr.*",
            lambda route: route.fulfill(status=200, content_type="image/svg+xml", body=SVG),
        )
        return graphql

    return install


def sign_in(page: Page, url: str, token: str = TOKEN) -> None:
    page.goto(url)
    page.fill("#token", token)
    page.click("#sign-in button[type=submit]")


def test_wallet_lists_credentials_and_shows_a_big_qr(
    page: Page, site: StaticSite, fake: Callable[[str], FakeGraphQL]
) -> None:
    graphql = fake("CREATOR")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base_url)
    sign_in(page, site.base_url + "/wallet")
    cards = page.locator("#credentials .card")
    cards.first.wait_for()
    assert cards.count() == 2
    assert "职业技能等级证书" in cards.nth(0).inner_text()
    assert "三级/高级工" in cards.nth(0).inner_text()
    assert "已暂停" in cards.nth(1).inner_text()
    # A suspended credential is marked and not offered for presentation.
    assert cards.nth(1).get_by_role("button", name="出示二维码").count() == 0
    assert "恢复前不能出示" in cards.nth(1).inner_text()
    assert {r["authorization"] for r in graphql.requests} == {f"Bearer {TOKEN}"}
    assert [r["operation"] for r in graphql.requests] == ["Viewer", "ViewerCredentials"]

    cards.nth(0).get_by_role("button", name="出示二维码").click()
    overlay = page.locator("#qr")
    overlay.wait_for()
    page.wait_for_function("() => document.getElementById('qr-image').src.startsWith('blob:')")
    page.click("#qr-copy")
    page.wait_for_function("() => document.getElementById('qr-message').textContent === '已复制'")
    # Copied, the link has no space left for a chat app to cut it at.
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{site.base_url}/v#" + QR_TEXT.replace("%", "%25").replace(" ", "%20")
    page.keyboard.press("Escape")
    assert overlay.is_hidden()

    # The token lives in this tab's session: a reload stays signed in.
    page.reload()
    page.locator("#credentials .card").first.wait_for()
    assert page.evaluate("sessionStorage.getItem('ccr.wallet.token')") == TOKEN


def test_wallet_lets_the_holder_choose_the_name_shown(
    page: Page, site: StaticSite, fake: Callable[[str], FakeGraphQL]
) -> None:
    graphql = fake("CREATOR")
    graphql.creator_id = CREATOR["id"]
    graphql.mutation_answer = {
        "creator": {"id": CREATOR["id"], "showFullName": True, "nameDisplayChosenAt": "x"},
        "userErrors": [],
    }
    sign_in(page, site.base_url + "/wallet")
    page.locator("#name-display").wait_for()
    assert "默认只显示脱敏姓名" in page.locator("#name-display").inner_text()
    assert not page.is_checked("#show-full-name")
    asked = next(r for r in graphql.requests if r["operation"] == "NameDisplay")
    assert asked["variables"] == {"id": CREATOR["id"]}

    page.check("#show-full-name")
    message = "() => document.getElementById('name-display-message').textContent"
    page.wait_for_function(f"{message}.includes('全名')")
    chosen = graphql.requests[-1]
    assert chosen["operation"] == "SetNameDisplay"
    assert chosen["variables"] == {"input": {"showFullName": True}}
    assert page.is_checked("#show-full-name")

    # Refused: the box goes back and the reason is shown.
    graphql.mutation_answer = {
        "creator": None,
        "userErrors": [{"field": ["input"], "message": "仅本人可以选择", "code": "FORBIDDEN"}],
    }
    # A click, not uncheck(): the page puts the box back before Playwright could see it change.
    page.click("#show-full-name")
    page.wait_for_function(f"{message}.includes('仅本人可以选择')")
    assert page.is_checked("#show-full-name")
    page.click("#lang")
    assert "Show my full name" in page.locator("#name-display").inner_text()


def test_wallet_hides_the_choice_from_accounts_without_a_creator_profile(
    page: Page, site: StaticSite, fake: Callable[[str], FakeGraphQL]
) -> None:
    graphql = fake("CREATOR")
    sign_in(page, site.base_url + "/wallet")
    page.locator("#credentials .card").first.wait_for()
    assert page.locator("#name-display").is_hidden()
    assert "NameDisplay" not in [r["operation"] for r in graphql.requests]


def test_wallet_refuses_a_bad_token(
    page: Page, site: StaticSite, fake: Callable[[str], FakeGraphQL]
) -> None:
    fake("CREATOR")
    sign_in(page, site.base_url + "/wallet", token="wrong")
    page.wait_for_function("() => document.getElementById('sign-in-error').textContent !== ''")
    assert "令牌无效" in page.locator("#sign-in-error").inner_text()
    assert page.evaluate("sessionStorage.getItem('ccr.wallet.token')") is None


def test_console_finds_a_creator_evaluates_and_suspends(
    page: Page, site: StaticSite, fake: Callable[[str], FakeGraphQL]
) -> None:
    graphql = fake("TALENT_OFFICIAL")
    sign_in(page, site.base_url + "/console")
    page.locator("#creators .card").first.wait_for()
    page.fill("#search-text", "张")
    with page.expect_response("**/graphql"):
        page.click("#search button[type=submit]")
    page.wait_for_function(
        "() => document.querySelectorAll('#creators .card').length === 1", polling=50
    )
    assert graphql.requests[-1]["variables"]["search"] == "张"
    page.click("#creators .card button")
    page.locator("#creator h2").first.wait_for()
    text = page.locator("#creator").inner_text()
    assert "310***********1234" in text
    assert "中国正能量网络精品" in text

    form = page.locator("[data-form=evaluateEligibility]")
    form.locator("select[name=programmeCode]").select_option("YP_YOUXIANG")
    form.locator("input[name=asOf]").fill("2026-11-22")
    form.locator("button[type=submit]").click()
    form.locator(".tree").wait_for()
    assert "领军创作人才" in form.inner_text()
    assert "国家级重大奖项 [A1]" in form.inner_text()
    evaluation = graphql.requests[-1]
    assert evaluation["operation"] == "EvaluateEligibility"
    assert evaluation["variables"]["input"] == {
        "creatorId": CREATOR["id"],
        "programmeCode": "YP_YOUXIANG",
        "asOf": "2026-11-22",
    }

    # Another office's credential offers no status change, and a record with a live
    # credential is not offered for issuing again.
    theirs = page.locator("#creator .card", has_text="中国正能量网络精品").filter(has_text="已暂停")
    assert theirs.count() == 1
    assert theirs.locator(".actions button").count() == 0
    assert page.locator("[data-form=issueCredential]").count() == 1
    assert page.locator("[data-form=issueCredential] option").count() == 0

    graphql.mutation_answer = {
        "credential": None,
        "userErrors": [{"field": "reason", "message": "需要填写原因", "code": "REQUIRED"}],
    }
    card = page.locator("#creator .card", has_text="职业技能等级证书")
    card.get_by_role("button", name="暂停").click()
    # The refusal appears on the card whose button was pressed, not at the top of the page.
    card.locator(".output", has_text="需要填写原因").wait_for()
    assert "需要填写原因" not in page.locator("#error").inner_text()
    suspend = graphql.requests[-1]
    assert suspend["operation"] == "SuspendCredential"
    assert suspend["variables"]["input"] == {"credentialId": CREDENTIALS[0]["id"], "reason": ""}

    page.click("#lang")
    assert "China positive-energy online works" in page.locator("#creator").inner_text()
    assert page.locator("h1").inner_text() == "Official console"


def test_queries_are_valid_graphql(page: Page, site: StaticSite) -> None:
    from graphql import build_schema, parse, validate

    page.goto(site.base_url + "/")
    documents: dict[str, str] = page.evaluate(
        """async () => {
          const q = await import('/static/queries.js');
          const named = Object.entries(q).filter(([name, value]) => typeof value === 'string');
          return Object.fromEntries(named.filter(([name]) => name !== 'ENDPOINT'));
        }"""
    )
    assert {"VIEWER", "CREATORS", "CREATOR", "EVALUATE_ELIGIBILITY", "REVOKE_CREDENTIAL"} <= set(
        documents
    )
    parsed = {name: parse(text) for name, text in documents.items()}
    sdl = STATIC.parent / "schema.graphql"
    if not sdl.is_file():
        return
    schema = build_schema(Path(sdl).read_text(encoding="utf-8"))
    problems = {name: [e.message for e in validate(schema, doc)] for name, doc in parsed.items()}
    assert not {name: errs for name, errs in problems.items() if errs}, (
        "schema/static/queries.js no longer matches schema/schema.graphql"
    )
