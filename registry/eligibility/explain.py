"""Explanations for people, and JSON records for the services to store with a decision."""

from __future__ import annotations

from typing import Any

from .dedup import EligibilityReport, Entitlement
from .logic import Status
from .results import CriterionResult, Evaluation

__all__ = ["evaluation_record", "explain", "report_record", "tree_record"]

_MARKS = {Status.MET: "✓", Status.UNMET: "✗", Status.UNKNOWN: "?"}
_OUTCOMES = {
    "zh": {"ELIGIBLE": "符合条件", "NOT_ELIGIBLE": "不符合条件", "NEEDS_DOCUMENTS": "待补充材料"},
    "en": {
        "ELIGIBLE": "eligible",
        "NOT_ELIGIBLE": "not eligible",
        "NEEDS_DOCUMENTS": "needs documents",
    },
}


def explain(evaluation: Evaluation, *, lang: str = "zh") -> str:
    """The evaluation as indented lines: ✓ met, ✗ unmet, ? unknown, with evidence ids."""
    en = lang == "en"
    programme = evaluation.programme
    head = f"{programme.name.en if en else programme.name.zh} v{programme.version}"
    outcome = _OUTCOMES["en" if en else "zh"][evaluation.outcome]
    lines = [f"{head} @ {evaluation.as_of}: {outcome}"]
    source = programme.policy.cites("en" if en else "zh")
    lines.append(f"  source: {source}" if en else f"  依据：{source}")
    if not evaluation.window.in_force:
        lines.append(f"  ✗ {evaluation.window.code}")
    if evaluation.hypothetical:
        lines.append(f"  (what-if: {', '.join(evaluation.overrides)})")
    for node in evaluation.tree().children:
        _lines(node, 1, en, lines)
    return "\n".join(lines)


def _lines(node: CriterionResult, depth: int, en: bool, out: list[str]) -> None:
    text = node.text.en if en else node.text.zh
    evidence = f"  [{', '.join(node.evidence)}]" if node.evidence else ""
    out.append(f"{'  ' * depth}{_MARKS[node.status]} {text}{evidence}")
    for child in node.children:
        _lines(child, depth + 1, en, out)


def tree_record(node: CriterionResult) -> dict[str, Any]:
    return {
        "kind": node.kind,
        "zh": node.text.zh,
        "en": node.text.en,
        "status": node.status.value,
        "evidence": list(node.evidence),
        "children": [tree_record(child) for child in node.children],
    }


def evaluation_record(evaluation: Evaluation) -> dict[str, Any]:
    """Everything needed to show later why a decision was taken, as plain JSON values."""
    programme = evaluation.programme
    return {
        "programme": {
            "code": programme.code,
            "version": programme.version,
            "digest": programme.digest,
        },
        "as_of": evaluation.as_of.isoformat(),
        "outcome": evaluation.outcome.value,
        "tier": evaluation.tier,
        "pending_tiers": list(evaluation.pending_tiers),
        "benefits": [
            {"code": b.benefit.code, "status": b.status.value} for b in evaluation.benefits
        ],
        "window": {"in_force": evaluation.window.in_force, "code": evaluation.window.code},
        "missing_facts": list(evaluation.missing_facts()),
        "overrides": list(evaluation.overrides),
        "tree": tree_record(evaluation.tree()),
    }


def _entitlement(item: Entitlement) -> dict[str, Any]:
    return {
        "programme": item.programme_code,
        "version": item.programme_version,
        "tier": item.tier,
        "benefits": list(item.benefits),
    }


def report_record(report: EligibilityReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "evaluations": [evaluation_record(e) for e in report.evaluations],
        "entitlements": [_entitlement(e) for e in report.entitlements],
        "suppressed": [
            {
                **_entitlement(s.entitlement),
                "by": _entitlement(s.by),
                "code": s.code,
                "reason": {"zh": s.reason.zh, "en": s.reason.en},
            }
            for s in report.suppressed
        ],
    }
