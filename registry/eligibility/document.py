"""Parse and validate one programme document (the JSON of a programme file) into the model.

Validation is strict: unknown keys, unknown operators, misspelt parameters, a tier order that
is not most favourable first — each is refused with the document's name and the JSON path of
the offending value. A figure no public source fixes is written
``{"value": ..., "configurable": true, "note": "..."}``; it is unwrapped here and listed in
:attr:`Programme.configurable`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from ..domain.regions import DIVISIONS
from .errors import ProgrammeFileError
from .model import (
    AllOf,
    AmountRule,
    AnyOf,
    Benefit,
    BenefitType,
    ConfigurableFigure,
    Criterion,
    JurisdictionLevel,
    Label,
    Not,
    ParamValue,
    PolicySource,
    Predicate,
    Programme,
    ProvisionalRule,
    Tier,
)
from .operators import Param, check_param
from .predicates import OPERATORS

__all__ = ["canonical_digest", "parse_programme"]

T = TypeVar("T")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_AMOUNT_KEYS = frozenset(
    {
        "monthly_amount",
        "max_months",
        "one_off_cap",
        "percent_min",
        "percent_max",
        "max_days_per_stay",
        "stays_per_year",
    }
)


def canonical_digest(document: Mapping[str, Any]) -> str:
    """SHA-256 over the document's canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def parse_programme(document: object, *, source: str) -> Programme:
    """Validate a decoded programme document; ``source`` names it in error messages."""
    return _Reader(source).programme(document)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.configurable: list[ConfigurableFigure] = []

    def fail(self, path: str, reason: str) -> ProgrammeFileError:
        return ProgrammeFileError(self.source, path, reason)

    # -- shapes ----------------------------------------------------------------------

    def obj(
        self, value: object, path: str, required: set[str], optional: set[str]
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "must be an object")
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(_join(path, missing[0]), "is required")
        extra = sorted(value.keys() - required - optional)
        if extra:
            raise self.fail(_join(path, extra[0]), "is not a known field")
        return value

    def unwrap(self, value: object, path: str) -> object:
        """A plain value, or a ``configurable`` wrapper around one (recorded)."""
        if isinstance(value, dict) and "value" in value:
            wrapper = self.obj(value, path, {"value", "configurable", "note"}, set())
            if wrapper["configurable"] is not True:
                raise self.fail(_join(path, "configurable"), "must be true when a value is wrapped")
            note = self.text(wrapper["note"], _join(path, "note"))
            inner = wrapper["value"]
            self.configurable.append(
                ConfigurableFigure(path, json.dumps(inner, ensure_ascii=False), note)
            )
            return inner
        return value

    def typed(self, value: object, path: str, check: Callable[[object], T], what: str = "") -> T:
        """``check`` the (unwrapped) value; without ``what`` its own message is the reason."""
        try:
            return check(self.unwrap(value, path))
        except (TypeError, ValueError) as exc:
            raise self.fail(path, f"must be {what}" if what else str(exc)) from exc

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "must be a non-empty string")
        return value

    def code(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not _CODE.match(value):
            raise self.fail(path, "must be an upper-case code such as YP_YOUXIANG")
        return value

    def integer(self, value: object, path: str, minimum: int = 0) -> int:
        return self.typed(value, path, lambda v: _int(v, minimum), f"an integer >= {minimum}")

    def label(self, value: object, path: str) -> Label:
        data = self.obj(value, path, {"zh", "en"}, set())
        return Label(
            self.text(data["zh"], _join(path, "zh")), self.text(data["en"], _join(path, "en"))
        )

    def day(self, value: object, path: str) -> date:
        return self.typed(value, path, _date, "an ISO date (YYYY-MM-DD)")

    def enum(self, value: object, path: str, kind: Callable[[str], T], allowed: list[str]) -> T:
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(path, f"must be one of {', '.join(allowed)}")
        return kind(value)

    # -- the document ------------------------------------------------------------------

    def programme(self, document: object) -> Programme:
        data = self.obj(
            document,
            "",
            {"code", "version", "name", "policy", "dedup_group", "tiers"},
            {"common_criteria", "common_benefits", "provisional", "notes"},
        )
        if "notes" in data:
            self.text(data["notes"], "notes")
        tiers_data = data["tiers"]
        if not isinstance(tiers_data, list) or not tiers_data:
            raise self.fail("tiers", "must be a non-empty list")
        tiers = tuple(self.tier(t, f"tiers[{i}]") for i, t in enumerate(tiers_data))
        self.check_tier_order(tiers)
        common_criteria = None
        if data.get("common_criteria") is not None:
            common_criteria = self.criterion(data["common_criteria"], "common_criteria")
        common = self.benefits(data.get("common_benefits", []), "common_benefits")
        for i, tier in enumerate(tiers):
            codes = [b.code for b in tier.benefits + common]
            if len(set(codes)) != len(codes):
                raise self.fail(f"tiers[{i}].benefits", "repeats a benefit code (tier or common)")
        provisional = None
        if data.get("provisional") is not None:
            raw = self.obj(data["provisional"], "provisional", {"max_days"}, set())
            provisional = ProvisionalRule(self.integer(raw["max_days"], "provisional.max_days", 1))
        return Programme(
            code=self.code(data["code"], "code"),
            version=self.integer(data["version"], "version", 1),
            name=self.label(data["name"], "name"),
            policy=self.policy(data["policy"], "policy"),
            dedup_group=self.code(data["dedup_group"], "dedup_group"),
            tiers=tiers,
            common_criteria=common_criteria,
            common_benefits=common,
            provisional=provisional,
            configurable=tuple(self.configurable),
            digest=canonical_digest(data),
        )

    def policy(self, value: object, path: str) -> PolicySource:
        data = self.obj(
            value,
            path,
            {"title", "issuer", "jurisdiction_level", "effective_from"},
            {"document_number", "region", "effective_until", "published_on"},
        )
        level = self.enum(
            data["jurisdiction_level"],
            _join(path, "jurisdiction_level"),
            JurisdictionLevel,
            list(JurisdictionLevel),
        )
        region = data.get("region")
        if region is not None and (not isinstance(region, str) or region not in DIVISIONS):
            raise self.fail(
                _join(path, "region"),
                "must be a GB/T 2260 division code the registry lists (divisions.json)",
            )
        if region is None and level is not JurisdictionLevel.NATIONAL:
            raise self.fail(_join(path, "region"), f"is required at {level} level")
        start = self.day(data["effective_from"], _join(path, "effective_from"))
        until = None
        if data.get("effective_until") is not None:
            until = self.day(data["effective_until"], _join(path, "effective_until"))
            if until < start:
                raise self.fail(_join(path, "effective_until"), "is before effective_from")
        published = None
        if data.get("published_on") is not None:
            published = self.day(data["published_on"], _join(path, "published_on"))
        number = data.get("document_number")
        return PolicySource(
            title=self.label(data["title"], _join(path, "title")),
            issuer=self.label(data["issuer"], _join(path, "issuer")),
            document_number=None
            if number is None
            else self.text(number, _join(path, "document_number")),
            jurisdiction_level=level,
            region=region,
            effective_from=start,
            effective_until=until,
            published_on=published,
        )

    def tier(self, value: object, path: str) -> Tier:
        data = self.obj(
            value, path, {"code", "name", "favourability", "criteria"}, {"benefits", "clause"}
        )
        return Tier(
            code=self.code(data["code"], _join(path, "code")),
            name=self.label(data["name"], _join(path, "name")),
            favourability=self.integer(data["favourability"], _join(path, "favourability")),
            criteria=self.criterion(data["criteria"], _join(path, "criteria")),
            benefits=self.benefits(data.get("benefits", []), _join(path, "benefits")),
            clause=None
            if data.get("clause") is None
            else self.label(data["clause"], _join(path, "clause")),
        )

    def check_tier_order(self, tiers: tuple[Tier, ...]) -> None:
        codes = [t.code for t in tiers]
        if len(set(codes)) != len(codes):
            raise self.fail("tiers", "repeats a tier code")
        for i in range(1, len(tiers)):
            if tiers[i].favourability >= tiers[i - 1].favourability:
                raise self.fail(
                    f"tiers[{i}].favourability",
                    "tiers must be ordered most favourable first (strictly decreasing)",
                )

    def benefits(self, value: object, path: str) -> tuple[Benefit, ...]:
        if not isinstance(value, list):
            raise self.fail(path, "must be a list")
        return tuple(self.benefit(b, f"{path}[{i}]") for i, b in enumerate(value))

    def benefit(self, value: object, path: str) -> Benefit:
        data = self.obj(value, path, {"code", "type", "name"}, {"amount", "conditions"})
        conditions = None
        if data.get("conditions") is not None:
            conditions = self.criterion(data["conditions"], _join(path, "conditions"))
        amount = None
        if data.get("amount") is not None:
            amount = self.amount(data["amount"], _join(path, "amount"))
        return Benefit(
            code=self.code(data["code"], _join(path, "code")),
            type=self.enum(data["type"], _join(path, "type"), BenefitType, list(BenefitType)),
            name=self.label(data["name"], _join(path, "name")),
            amount=amount,
            conditions=conditions,
        )

    def amount(self, value: object, path: str) -> AmountRule:
        data = self.obj(value, path, set(), set(_AMOUNT_KEYS))
        if not data:
            raise self.fail(path, "must name at least one amount")
        fields: dict[str, Any] = {}
        for key, raw in data.items():
            sub = _join(path, key)
            if key.startswith("percent"):
                fields[key] = self.typed(raw, sub, _percent, "a percentage between 0 and 100")
            else:
                fields[key] = self.integer(raw, sub, 1)
        rule = AmountRule(**fields)
        if (rule.monthly_amount is None) != (rule.max_months is None):
            raise self.fail(path, "monthly_amount and max_months go together")
        if (rule.percent_min is None) != (rule.percent_max is None):
            raise self.fail(path, "percent_min and percent_max go together")
        if (
            rule.percent_min is not None
            and rule.percent_max is not None
            and (rule.percent_min > rule.percent_max)
        ):
            raise self.fail(_join(path, "percent_min"), "is above percent_max")
        return rule

    def criterion(self, value: object, path: str) -> Criterion:
        if not isinstance(value, dict):
            raise self.fail(path, "must be an object with one of all, any, not or op")
        label = self.label(value["label"], _join(path, "label")) if "label" in value else None
        for key in ("all", "any"):
            if key in value:
                data = self.obj(value, path, {key}, {"label"})
                items = data[key]
                if not isinstance(items, list) or not items:
                    raise self.fail(_join(path, key), "must be a non-empty list of criteria")
                children = tuple(
                    self.criterion(c, f"{_join(path, key)}[{i}]") for i, c in enumerate(items)
                )
                return AllOf(children, label) if key == "all" else AnyOf(children, label)
        if "not" in value:
            data = self.obj(value, path, {"not"}, {"label"})
            return Not(self.criterion(data["not"], _join(path, "not")), label)
        data = self.obj(value, path, {"op"}, {"params", "label"})
        return self.predicate(data, path, label)

    def predicate(self, data: dict[str, Any], path: str, label: Label | None) -> Predicate:
        op = data["op"]
        operator = OPERATORS.get(op) if isinstance(op, str) else None
        if operator is None:
            raise self.fail(_join(path, "op"), f"unknown operator {op!r}")
        params = data.get("params", {})
        ppath = _join(path, "params")
        given = self.obj(params, ppath, set(), set(operator.params))
        missing = [n for n, p in operator.params.items() if p.required and n not in given]
        if missing:
            raise self.fail(_join(ppath, missing[0]), f"is required by {op}")
        values = tuple(
            (name, self.typed(raw, _join(ppath, name), _param_check(operator.params[name])))
            for name, raw in sorted(given.items())
        )
        return Predicate(op, values, label)


def _param_check(param: Param) -> Callable[[object], ParamValue]:
    return lambda value: check_param(param, value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _int(value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(value)
    return value


def _percent(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(value)
    return float(value)


def _date(value: object) -> date:
    if not isinstance(value, str):
        raise TypeError(value)
    return date.fromisoformat(value)
