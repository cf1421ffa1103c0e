"""i18n.js must label every verification code and mirror signing/vocabulary.py exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from registry.authz import ISSUERS
from registry.domain.awards import AWARD_TRANSITIONS
from registry.domain.creators import RECOGNITION_TRANSITIONS
from registry.domain.enums import DecisionOutcome, OperationCode, Role
from registry.domain.skills import FILING_TRANSITIONS
from registry.services.eligibility_grants import STATE_ACTIONS
from signing import ErrorCode
from signing import vocabulary as vocab
from tests.e2e.conftest import StaticSite

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

READ_TABLES = """async () => {
  const i18n = await import('/static/i18n.js');
  const tr1 = await import('/static/tr1.js');
  const credentials = await import('/static/console-credentials.js');
  const pairs = (table) =>
    Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.slice(0, 2)]));
  return {
    codes: [...tr1.ERROR_CODES, tr1.UNSUPPORTED],
    labelled: Object.keys(i18n.CODES),
    kinds: pairs(i18n.KINDS), directions: pairs(i18n.DIRECTIONS),
    directionCodes: i18n.DIRECTION_CODES, levels: pairs(i18n.SKILL_LEVELS),
    awardLevels: pairs(i18n.AWARD_LEVELS), grades: pairs(i18n.GRADES), tiers: pairs(i18n.TIERS),
    roles: Object.keys(i18n.ROLES), actions: Object.keys(i18n.ACTIONS),
    issues: credentials.ISSUES,
    details: [
      'category has at most 100 characters', 'a title has 1–300 characters',
      'a stay lasts 1–5 days', 'limit runs from 1 to 100', 'something else entirely',
    ].map((m) => [i18n.detailIn(m, 'zh-CN'), i18n.detailIn(m, 'en')]),
    l3: [i18n.label('L3', 'zh-CN'), i18n.label('L3', 'en')],
    longDirection: i18n.label('LIVESTREAM_OPS', 'zh-CN'),
    unknown: i18n.label('NOPE', 'en'),
    verdicts: Object.fromEntries(
      ['REVOKED', 'SUSPENDED', 'EXPIRED', 'SIGNATURE_INVALID', null].map((code) => [
        String(code),
        [i18n.verdictFor(code, 'zh-CN').word, i18n.verdictFor(code, 'en').word],
      ])),
  };
}"""


def pairs(table: dict[Any, vocab.Label]) -> dict[str, list[str]]:
    return {str(getattr(key, "name", key)): [label.zh, label.en] for key, label in table.items()}


@pytest.fixture
def tables(page: Page, site: StaticSite) -> dict[str, Any]:
    page.goto(site.base_url + "/")
    result: dict[str, Any] = page.evaluate(READ_TABLES)
    return result


def test_every_verification_code_has_words(tables: dict[str, Any]) -> None:
    assert set(tables["codes"]) == {code.value for code in ErrorCode} | {"UNSUPPORTED"}
    assert set(tables["codes"]) <= set(tables["labelled"])
    assert tables["verdicts"] == {
        "REVOKED": ["已撤销", "Revoked"],
        "SUSPENDED": ["已暂停", "Suspended"],
        "EXPIRED": ["已过期", "Expired"],
        "SIGNATURE_INVALID": ["非真实", "Not genuine"],
        "null": ["有效", "Valid"],
    }


def test_vocabulary_matches_signing(tables: dict[str, Any]) -> None:
    assert tables["kinds"] == pairs(vocab.KINDS)
    directions = {code: [lab.zh, lab.en] for code, (_, lab) in vocab.DIRECTIONS.items()}
    assert tables["directions"] == directions
    assert tables["directionCodes"] == vocab.DIRECTION_CODES
    assert tables["levels"] == pairs(vocab.SKILL_LEVELS)
    assert tables["awardLevels"] == pairs(vocab.AWARD_LEVELS)
    assert tables["grades"] == pairs(vocab.GRADES)
    assert tables["tiers"] == pairs(vocab.TIERS)
    assert tables["l3"] == ["三级/高级工", "Level 3 / Senior worker"]
    assert tables["longDirection"] == "直播运营"
    assert tables["unknown"] == "NOPE"


def test_the_console_offers_each_role_the_kinds_it_issues(tables: dict[str, Any]) -> None:
    issues: dict[str, set[str]] = {}
    for kind, roles in ISSUERS.items():
        for role in roles:
            issues.setdefault(role.value, set()).add(kind.name)
    assert {role: set(kinds) for role, kinds in tables["issues"].items()} == issues


def test_a_refusal_keeps_its_figures_in_chinese(tables: dict[str, Any]) -> None:
    """A Chinese reader is told the limit too (最多 100 个字符), not only that there is one."""
    assert tables["details"] == [
        ["最多 100 个字符", "at most 100 characters"],
        ["1–300 个字符", "1–300 characters"],
        ["1–5 天", "1–5 days"],
        ["取值 1–100", "from 1 to 100"],
        [None, None],
    ]


def test_every_role_and_audited_action_has_a_name(tables: dict[str, Any]) -> None:
    """A history never shows a raw action or role code."""
    assert set(tables["roles"]) == {role.value for role in Role}
    transitions = [
        ("award", AWARD_TRANSITIONS),
        ("recognition", RECOGNITION_TRANSITIONS),
        ("filing", FILING_TRANSITIONS),
    ]
    audited = {f"{area}.{action}" for area, table in transitions for _, action in table}
    audited |= {f"credential.{op.value.lower()}" for op in OperationCode}
    audited |= {f"eligibility.{outcome.value.lower()}" for outcome in DecisionOutcome}
    audited |= {f"eligibility.{action}" for action in STATE_ACTIONS.values()}
    audited |= {
        "award.claim",
        "recognition.apply",
        "recognition.grant",
        "recognition.refuse",
        "recognition.correct",
        "filing.file",
        "filing.renew",
        "eligibility.complete",
        "certificate.record",
        "certificate.import",
        "creator.register",
        "creator.facts",
        "creator.name_display",
        "creator.platform_account",
        "work.add",
    }
    assert audited <= set(tables["actions"]), audited - set(tables["actions"])


def test_programme_and_benefit_names_match_the_programme_files(
    page: Page, site: StaticSite
) -> None:
    from registry.eligibility import load_programmes

    page.goto(site.base_url + "/")
    names = page.evaluate(
        "async () => { const i18n = await import('/static/i18n.js');"
        " return { programmes: i18n.PROGRAMMES, benefits: i18n.BENEFITS }; }"
    )
    programmes = load_programmes()
    assert names["programmes"] == {p.code: [p.name.zh, p.name.en] for p in programmes}
    benefits = {
        f"{p.code}.{b.code}": [b.name.zh, b.name.en]
        for p in programmes
        for t in p.tiers
        for b in p.benefits_of(t)
    }
    assert names["benefits"] == benefits
