"""Programme files: the seeded ones load, bad ones are refused naming the file and the field."""

from __future__ import annotations

import ast
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import registry.eligibility
from registry.eligibility import (
    ProgrammeFileError,
    PublicationError,
    ensure_successor,
    load_programmes,
    parse_programme_text,
)
from tests.registry.eligibility.builders import PROGRAMMES

Doc = dict[str, Any]


def minimal() -> Doc:
    return {
        "code": "TEST_PROGRAMME",
        "version": 1,
        "name": {"zh": "测试", "en": "Test"},
        "policy": {
            "title": {"zh": "测试政策", "en": "Test policy"},
            "issuer": {"zh": "杨浦区", "en": "Yangpu District"},
            "jurisdiction_level": "DISTRICT",
            "region": "310110",
            "effective_from": "2025-01-01",
        },
        "dedup_group": "TEST",
        "tiers": [
            {
                "code": "HIGH",
                "name": {"zh": "高", "en": "High"},
                "favourability": 2,
                "criteria": {"op": "platform_percentile_at_most", "params": {"percent": 1}},
                "benefits": [
                    {
                        "code": "RENT",
                        "type": "RENT_SUBSIDY",
                        "name": {"zh": "租房", "en": "Rent"},
                        "amount": {"monthly_amount": 100, "max_months": 12},
                    }
                ],
            },
            {
                "code": "LOW",
                "name": {"zh": "低", "en": "Low"},
                "favourability": 1,
                "criteria": {"all": [{"op": "origin_in", "params": {"origins": ["DOMESTIC"]}}]},
            },
        ],
    }


def edit(change: Callable[[Doc], object]) -> Doc:
    doc = copy.deepcopy(minimal())
    change(doc)
    return doc


def criteria(doc: Doc) -> Doc:
    result: Doc = doc["tiers"][0]["criteria"]
    return result


BAD = [
    pytest.param(edit(lambda d: d.pop("version")), "version", "is required", id="missing-version"),
    pytest.param(edit(lambda d: d.update(version=0)), "version", "integer >= 1", id="version-zero"),
    pytest.param(edit(lambda d: d.update(colour="red")), "colour", "not a known field",
                 id="unknown-field"),
    pytest.param(edit(lambda d: d.update(code="yp-x")), "code", "upper-case", id="bad-code"),
    pytest.param(edit(lambda d: d["policy"].update(effective_from="2025-02-30")),
                 "policy.effective_from", "ISO date", id="impossible-date"),
    pytest.param(edit(lambda d: d["policy"].update(effective_until="2024-12-31")),
                 "policy.effective_until", "before effective_from", id="window-backwards"),
    pytest.param(edit(lambda d: d["policy"].pop("region")), "policy.region", "required at DISTRICT",
                 id="district-without-region"),
    pytest.param(edit(lambda d: d["policy"].update(jurisdiction_level="CITY")),
                 "policy.jurisdiction_level", "one of", id="unknown-level"),
    pytest.param(edit(lambda d: criteria(d).update(op="percentile_below")),
                 "tiers[0].criteria.op", "unknown operator", id="unknown-operator"),
    pytest.param(edit(lambda d: criteria(d).update(params={"percnt": 1})),
                 "tiers[0].criteria.params.percnt", "not a known field", id="misspelt-parameter"),
    pytest.param(edit(lambda d: criteria(d).update(params={})),
                 "tiers[0].criteria.params.percent", "is required", id="missing-parameter"),
    pytest.param(edit(lambda d: criteria(d).update(params={"percent": "1%"})),
                 "tiers[0].criteria.params.percent", "non-negative number",
                 id="percent-not-number"),
    pytest.param(edit(lambda d: d["tiers"][1].update(criteria={"all": []})),
                 "tiers[1].criteria.all", "non-empty list", id="empty-all"),
    pytest.param(edit(lambda d: d["tiers"][1].update(criteria={"op": "origin_in", "params": {
                     "origins": ["MARTIAN"]}})),
                 "tiers[1].criteria.params.origins", "origins", id="unknown-origin"),
    pytest.param(edit(lambda d: d["tiers"][1].update(criteria={"op": "hukou_city_in", "params": {
                     "cities": ["Guangzhou"]}})),
                 "tiers[1].criteria.params.cities", "GB/T 2260", id="city-not-a-code"),
    pytest.param(edit(lambda d: d["tiers"][1].update(criteria={"op": "hukou_city_in", "params": {
                     "cities": ["310199"]}})),
                 "tiers[1].criteria.params.cities", "lists", id="city-code-not-listed"),
    pytest.param(edit(lambda d: d["tiers"][1].update(favourability=5)),
                 "tiers[1].favourability", "most favourable first", id="tiers-out-of-order"),
    pytest.param(edit(lambda d: d["tiers"][1].update(code="HIGH")), "tiers", "repeats a tier",
                 id="duplicate-tier"),
    pytest.param(edit(lambda d: d["tiers"][0]["benefits"][0]["amount"].pop("max_months")),
                 "tiers[0].benefits[0].amount", "go together", id="monthly-without-max-months"),
    pytest.param(edit(lambda d: d["tiers"][0]["benefits"][0].update(type="CASH")),
                 "tiers[0].benefits[0].type", "one of", id="unknown-benefit-type"),
    pytest.param(edit(lambda d: criteria(d).update(params={"percent": {
                     "value": 1, "configurable": True}})),
                 "tiers[0].criteria.params.percent.note", "is required",
                 id="configurable-without-note"),
    pytest.param(edit(lambda d: d.update(provisional={"max_days": 0})), "provisional.max_days",
                 "integer >= 1", id="provisional-zero-days"),
]  # fmt: skip


@pytest.mark.parametrize(("document", "field", "reason"), BAD)
def test_invalid_documents_are_refused_naming_file_and_field(
    document: Doc, field: str, reason: str
) -> None:
    with pytest.raises(ProgrammeFileError) as refused:
        parse_programme_text(json.dumps(document), source="test-programme.json")
    assert refused.value.field == field
    assert reason in refused.value.reason
    assert str(refused.value).startswith(f"test-programme.json: {field}: ")


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(ProgrammeFileError, match=r"bad\.json: <document>: not valid JSON \(line 2"):
        parse_programme_text('{"code":\n oops}', source="bad.json")


def test_minimal_document_loads() -> None:
    programme = parse_programme_text(json.dumps(minimal()), source="ok.json")
    assert [t.code for t in programme.tiers] == ["HIGH", "LOW"]
    assert programme.configurable == ()


def test_configurable_figures_are_unwrapped_and_listed() -> None:
    doc = edit(
        lambda d: criteria(d).update(
            params={"percent": {"value": 3, "configurable": True, "note": "not published"}}
        )
    )
    programme = parse_programme_text(json.dumps(doc), source="ok.json")
    [figure] = programme.configurable
    assert (figure.path, figure.value, figure.note) == (
        "tiers[0].criteria.params.percent",
        "3",
        "not published",
    )


def test_every_seeded_programme_loads() -> None:
    assert sorted(PROGRAMMES) == [
        "HZ_GREEN_CARD_B",
        "OMO_ASSESSMENT",
        "SH_CREATOR_HUKOU",
        "SH_SKILL_HUKOU",
        "YP_YOUXIANG",
    ]


CONFIGURABLE = [
    ("SH_CREATOR_HUKOU", "tiers[0].criteria.any[0].params.level"),
    ("SH_CREATOR_HUKOU", "tiers[0].criteria.any[1].params.codes"),
    ("HZ_GREEN_CARD_B", "tiers[0].criteria.all[3].any[0].params.level"),
    ("HZ_GREEN_CARD_B", "provisional.max_days"),
    ("OMO_ASSESSMENT", "tiers[3].criteria.all[0].params.years"),
    ("OMO_ASSESSMENT", "tiers[0].criteria.params.years"),
]


@pytest.mark.parametrize(("code", "path"), CONFIGURABLE, ids=lambda v: str(v))
def test_figures_domain_marks_configurable_are_marked_in_the_data(code: str, path: str) -> None:
    assert path in {f.path for f in PROGRAMMES[code].configurable}


def write(directory: Path, name: str, doc: Doc) -> None:
    (directory / name).write_text(json.dumps(doc), encoding="utf-8")


def test_two_files_for_one_programme_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.json", minimal())
    write(tmp_path, "b.json", minimal())
    with pytest.raises(ProgrammeFileError, match=r"b\.json: code: .*already defined in a\.json"):
        load_programmes(tmp_path)


def test_equal_favourability_within_a_group_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.json", minimal())
    write(tmp_path, "b.json", edit(lambda d: d.update(code="OTHER")))
    with pytest.raises(ProgrammeFileError, match="most favourable must be unambiguous"):
        load_programmes(tmp_path)


def test_other_jurisdictions_may_reuse_favourability(tmp_path: Path) -> None:
    write(tmp_path, "a.json", minimal())
    write(tmp_path, "b.json", edit(lambda d: (d.update(code="OTHER", dedup_group="ELSEWHERE"),
                                             d["policy"].update(region="440105"))))  # fmt: skip
    assert [p.code for p in load_programmes(tmp_path)] == ["OTHER", "TEST_PROGRAMME"]


def test_a_group_may_not_split_a_jurisdiction(tmp_path: Path) -> None:
    """从高从优不重复 holds within one jurisdiction level for one person: two district
    provisions of Yangpu compete whatever groups their files name (DOMAIN: data may refine the
    scope, never widen what is granted)."""
    write(tmp_path, "a.json", minimal())
    other = edit(lambda d: d.update(code="OTHER", dedup_group="ELSEWHERE"))
    for tier in other["tiers"]:
        tier["favourability"] += 10
    write(tmp_path, "b.json", other)
    with pytest.raises(ProgrammeFileError) as refused:
        load_programmes(tmp_path)
    assert refused.value.field == "dedup_group"
    assert "share one group" in refused.value.reason


def version(n: int, **changes: Any) -> Any:
    return parse_programme_text(json.dumps({**minimal(), "version": n, **changes}), source="v")


@pytest.mark.parametrize(
    ("current", "proposed", "code"),
    [
        (version(1), version(1), "VERSION_NOT_NEXT"),
        (version(2), version(1), "VERSION_NOT_NEXT"),
        (version(1), version(3), "VERSION_NOT_NEXT"),
        (version(1), version(2, code="OTHER"), "CODE_MISMATCH"),
    ],
    ids=["same-version", "going-back", "skipping", "other-programme"],
)
def test_publication_must_follow_the_current_version(
    current: Any, proposed: Any, code: str
) -> None:
    with pytest.raises(PublicationError) as refused:
        ensure_successor(current, proposed)
    assert refused.value.code == code


def test_publication_of_the_next_version_is_accepted() -> None:
    ensure_successor(version(1), version(2))
    ensure_successor(None, version(1))
    assert version(1).digest != version(2).digest


SEEDED_FIGURES = {8000, 5000, 3000, 36, 2_000_000, 1_000_000, 500_000, 365}


def test_no_seeded_threshold_is_written_in_the_engine() -> None:
    package = Path(registry.eligibility.__file__).parent
    found = []
    for module in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in SEEDED_FIGURES:
                found.append(f"{module.name}:{node.lineno}: {node.value}")
    assert found == []


def test_the_docs_list_every_configurable_figure() -> None:
    docs = (Path(__file__).parents[3] / "docs" / "eligibility.md").read_text("utf-8")
    section = docs.split("## Configurable figures", 1)[1].split("\n## ", 1)[0]
    listed = {
        tuple(cell.replace("`", "").strip() for cell in line[1:].split("|")[:2])
        for line in section.splitlines()
        if line.startswith("| `")
    }
    shipped = {
        (f"{p.code} v{p.version}", c.path) for p in load_programmes() for c in p.configurable
    }
    assert listed == shipped


def test_every_seeded_tier_is_named_as_its_file_names_it() -> None:
    """The pages and credentials name tiers from the vocabulary: no raw code, no drift."""
    from signing.vocabulary import SKILL_LEVELS, TIERS

    for programme in load_programmes():
        for tier in programme.tiers:
            named = TIERS.get(tier.code) or SKILL_LEVELS.get(tier.code)
            assert named is not None, (programme.code, tier.code)
            assert (named.zh, named.en) == (tier.name.zh, tier.name.en), tier.code
