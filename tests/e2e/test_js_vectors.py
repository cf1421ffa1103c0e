"""tr1.js, the in-browser verifier, must reach the verdict the Python reference reaches.

Two sources of credentials: the committed test vectors (``tests/fixtures/vectors/*.json``,
each with the reference verdict in ``expected``), and credentials made here with the signing
library — every kind, both algorithms, and a long list of damaged ones — judged on the spot by
``signing.verify``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import VECTORS, StaticSite
from tests.e2e.tr1_cases import build_cases, python_verdict

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Runs cases in the page: load the trust list and status lists, verify, report the verdict.
RUN_CASES = """
async (cases) => {
  const tr1 = await import('/static/tr1.js');
  const out = [];
  for (const item of cases) {
    let trust;
    try {
      trust = await tr1.loadTrustList(item.jwks);
    } catch (error) {
      out.push({ error: `trust list: ${error.message}` });
      continue;
    }
    let statusLists;
    if (item.status !== null && item.status !== undefined) {
      statusLists = (await tr1.loadStatusLists(item.status, trust)).lists;
    }
    // A number is a NumericDate (seconds), as in the Python vectors; text is ISO 8601.
    const now = typeof item.now === 'number' ? new Date(item.now * 1000) : item.now;
    const result = await tr1.verify(item.qr, { trust, statusLists, now });
    out.push({
      valid: result.valid,
      code: result.code,
      subjectName: result.claims ? result.claims.subjectName : null,
      message: result.message,
    });
  }
  return out;
}
"""

FETCH_VECTOR = "async (name) => (await fetch(`/vectors/${name}`)).json()"


def vector_names() -> list[str]:
    return sorted(path.name for path in VECTORS.glob("*.json"))


@pytest.fixture(scope="module")
def tr1_page(browser: Browser, static_site: StaticSite) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.goto(static_site.base_url + "/")
    try:
        yield page
    finally:
        context.close()


def run_in_browser(page: Page, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = page.evaluate(RUN_CASES, cases)
    return results


@pytest.mark.parametrize("name", vector_names())
def test_vector_verdict_matches_the_reference(tr1_page: Page, name: str) -> None:
    vector = tr1_page.evaluate(FETCH_VECTOR, name)
    assert vector == json.loads((VECTORS / name).read_text(encoding="utf-8"))
    [result] = run_in_browser(tr1_page, [vector])
    expected = vector["expected"]
    got = {"valid": result.get("valid"), "code": result.get("code")}
    assert got == {"valid": expected["valid"], "code": expected.get("code")}, (
        vector.get("description"),
        result,
    )


def test_python_made_credentials_verify_alike(tr1_page: Page) -> None:
    cases = build_cases()
    results = run_in_browser(tr1_page, cases)
    mismatches = []
    for item, result in zip(cases, results, strict=True):
        reference = python_verdict(item)
        got = {key: result.get(key) for key in reference}
        if got != reference:
            mismatches.append((item["name"], reference, result))
    assert not mismatches, "\n".join(map(repr, mismatches))
    codes = {python_verdict(item)["code"] for item in cases}
    # The generated cases reach every stage of verification.
    assert codes >= {
        None,
        "PREFIX_INVALID",
        "BASE45_INVALID",
        "DECOMPRESS_FAILED",
        "COSE_MALFORMED",
        "CLAIMS_MALFORMED",
        "KID_UNKNOWN",
        "ALG_NOT_ALLOWED",
        "SIGNATURE_INVALID",
        "KEY_COMPROMISED",
        "NOT_YET_VALID",
        "EXPIRED",
        "REVOKED",
        "SUSPENDED",
        "STATUS_UNAVAILABLE",
        "TOO_LARGE",
    }


def test_verified_claims_are_presented_in_full(tr1_page: Page) -> None:
    [item] = [c for c in build_cases() if c["name"] == "EdDSA/AWARD/valid"]
    claims = tr1_page.evaluate(
        """async (item) => {
          const tr1 = await import('/static/tr1.js');
          const trust = await tr1.loadTrustList(item.jwks);
          const { lists } = await tr1.loadStatusLists(item.status, trust);
          const result = await tr1.verify(item.qr, { trust, statusLists: lists, now: item.now });
          return { ...result.claims, alg: result.alg, checked: result.statusChecked };
        }""",
        item,
    )
    assert claims["kind"] == "AWARD"
    assert claims["alg"] == "EdDSA"
    assert claims["checked"] is True
    assert claims["subjectName"] == "张*"
    assert claims["achievement"] == {
        "code": "CN_POSITIVE_ENERGY",
        "level": "NATIONAL",
        "grade": "FIRST",
        "year": 2025,
        "title": "网络精品",
    }
    assert claims["issuer"] == "https://ccr.example.cn"
    assert claims["organisation"] == "sh-mma"
    assert claims["status"] == {"listId": 3, "index": 101_223}
    assert claims["issuedAt"] == "2026-11-22T09:30:00Z"
    assert claims["credentialId"].count("-") == 4


def test_inflate_fails_cleanly_on_bad_data(tr1_page: Page) -> None:
    outcome = tr1_page.evaluate(
        """async () => {
          const tr1 = await import('/static/tr1.js');
          const attempt = async (bytes, options) => {
            try { return { length: (await tr1.inflate(new Uint8Array(bytes), options)).length }; }
            catch (error) { return { error: error.constructor.name, tooLarge: !!error.tooLarge }; }
          };
          return {
            garbage: await attempt([0x78, 0x9c, 1, 2, 3, 4, 5]),
            empty: await attempt([]),
            gzipGarbage: await attempt([0x1f, 0x8b, 0, 0], { format: 'gzip', cap: 10 }),
          };
        }"""
    )
    assert outcome["garbage"] == {"error": "InflateError", "tooLarge": False}
    assert outcome["empty"] == {"error": "InflateError", "tooLarge": False}
    assert outcome["gzipGarbage"] == {"error": "InflateError", "tooLarge": False}


def test_the_signed_trust_list_is_judged_alike(tr1_page: Page) -> None:
    from datetime import UTC, datetime, timedelta

    from signing import Algorithm, KeyFormatError, Signer, TrustList
    from signing.trustlist import read_trust_list, sign_trust_list

    signer, stranger = Signer.generate(Algorithm.ES256), Signer.generate(Algorithm.EDDSA)
    now = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    trust = TrustList([signer.public_record()])

    def signed(by: Signer = signer, **kw: Any) -> str:
        options: dict[str, Any] = {"issuer": "https://ccr.example.cn", "now": now}
        options["ttl"] = timedelta(days=1)
        options.update(kw)
        return sign_trust_list(trust, signer=by, **options)

    documents = {
        "fresh": (signed(), now + timedelta(hours=1)),
        "a week": (signed(ttl=timedelta(days=7)), now + timedelta(days=6)),
        "expired": (signed(), now + timedelta(days=1)),
        "by a key it does not list": (signed(stranger), now),
        "not a JWS": ("not.a.jws", now),
    }
    verdicts = tr1_page.evaluate(
        """async (cases) => {
          const tr1 = await import('/static/tr1.js');
          const out = {};
          for (const [name, [doc, at]] of Object.entries(cases)) {
            try {
              const read = await tr1.loadSignedTrustList(doc, at);
              out[name] = read.trust.size;
            } catch (error) {
              out[name] = null;
            }
          }
          return out;
        }""",
        {name: [doc, at.isoformat()] for name, (doc, at) in documents.items()},
    )
    for name, (document, at) in documents.items():
        try:
            expected: int | None = len(read_trust_list(document, now=at).trust)
        except KeyFormatError:
            expected = None
        assert verdicts[name] == expected, name
    assert verdicts["fresh"] == 1
    assert verdicts["expired"] is None
