"""Explanations: a zh and an en sentence for every criterion, what-if, and JSON records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.eligibility import (
    OPERATORS,
    Programme,
    UnknownFactError,
    evaluate,
    evaluate_all,
    evaluation_record,
    explain,
    report_record,
    what_if,
)
from registry.eligibility.compiler import compile_programme
from tests.registry.eligibility.builders import (
    AS_OF,
    PROGRAMMES,
    SH_CREATOR,
    SH_SKILL,
    YANGPU,
    account,
    award,
    shanghai_creator,
    yangpu_creator,
)


@pytest.mark.parametrize("programme", PROGRAMMES.values(), ids=lambda p: p.code)
def test_every_criterion_reads_as_a_sentence_in_both_languages(programme: Programme) -> None:
    compiled = compile_programme(programme)
    trees = [tree for _, tree in compiled.tiers] + [
        tree for benefits in compiled.benefits.values() for _, tree in benefits if tree
    ]
    for tree in trees:
        for node in tree.shape:
            assert node.text.zh.strip(), node
            assert node.text.en.strip(), node
            assert "{" not in node.text.zh + node.text.en, node
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in node.text.en), node.text.en


def test_explain_marks_each_criterion() -> None:
    facts = yangpu_creator(awards=(award("NATIONAL", record_id="aw-5"),), first_home_in={})
    text = explain(evaluate(facts, YANGPU, as_of=AS_OF), lang="en")
    head = f"Yangpu Youxiang Plan for global creators v{YANGPU.version} @ 2026-03-01: eligible"
    award_line = "✓ Holds an award at national level or above, granted within the last 5 years"
    assert text.splitlines()[0] == head
    assert f"{award_line}  [aw-5]" in text
    assert "? Is buying a first home in Yangpu District" in text
    assert "✗ Is a foreign creator  [profile-1]" in text
    zh = explain(evaluate(facts, YANGPU, as_of=AS_OF))
    assert "✓ 近5年内获得国家级及以上奖项  [aw-5]" in zh


def test_what_if_evaluates_supplied_facts_and_says_so() -> None:
    facts = yangpu_creator()
    assert evaluate(facts, YANGPU, as_of=AS_OF).tier == "RECOGNISED"  # no money tier
    hypothetical = what_if(
        facts, YANGPU, as_of=AS_OF, overrides={"platform_accounts": (account(4.5),)}
    )
    assert (hypothetical.outcome, hypothetical.tier) == ("ELIGIBLE", "LEADING")
    assert hypothetical.hypothetical
    assert hypothetical.overrides == ("platform_accounts",)
    assert "(what-if: platform_accounts)" in explain(hypothetical)
    assert facts.platform_accounts == ()  # the creator's facts are untouched


def test_what_if_refuses_facts_creators_do_not_have() -> None:
    with pytest.raises(UnknownFactError, match="shoe_size"):
        what_if(yangpu_creator(), YANGPU, as_of=AS_OF, overrides={"shoe_size": 42})


def test_what_if_across_all_programmes() -> None:
    report = evaluate_all(
        shanghai_creator(),
        PROGRAMMES.values(),
        as_of=AS_OF,
        overrides={"awards": (award("NATIONAL"),)},
    )
    assert report.evaluation("SH_CREATOR_HUKOU").outcome == "ELIGIBLE"
    assert all(e.hypothetical for e in report.evaluations)


def test_records_are_plain_json() -> None:
    facts = shanghai_creator(awards=(award("NATIONAL"),), recognitions=())
    report = evaluate_all(facts, PROGRAMMES.values(), as_of=AS_OF)
    record = json.loads(json.dumps(report_record(report), ensure_ascii=False))
    sh = next(e for e in record["evaluations"] if e["programme"]["code"] == "SH_CREATOR_HUKOU")
    assert sh["outcome"] == "ELIGIBLE"
    assert sh["programme"]["digest"] == PROGRAMMES["SH_CREATOR_HUKOU"].digest
    assert sh["tree"]["children"][0]["status"] == "MET"
    single = evaluation_record(evaluate(facts, PROGRAMMES["HZ_GREEN_CARD_B"], as_of=AS_OF))
    assert single["outcome"] == "NEEDS_DOCUMENTS"
    assert single["missing_facts"] == ["months_in_district_per_year", "lawful_residence_city"]


def test_the_documentation_lists_every_operator() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "eligibility.md"
    text = docs.read_text(encoding="utf-8")
    assert [name for name in OPERATORS if f"`{name}`" not in text] == []


def test_explanations_cite_the_source_document_and_clause() -> None:
    """Provenance: every programme cites its document; a tier cites the clause it models."""
    facts = shanghai_creator(awards=(award("NATIONAL"),))
    zh = explain(evaluate(facts, SH_CREATOR, as_of=AS_OF)).splitlines()
    assert zh[1] == "  依据：《上海市关于支持互联网优质内容创作的若干举措》，2025-07-15"
    assert any("重要奖项创作者落户（依据：第八条（落户支持））" in line for line in zh)
    en = explain(evaluate(facts, SH_CREATOR, as_of=AS_OF), lang="en").splitlines()
    assert en[1].startswith("  source: Shanghai measures to support the creation")
    skill = explain(evaluate(facts, SH_SKILL, as_of=AS_OF)).splitlines()
    assert "沪府规〔2020〕25号" in skill[1]
