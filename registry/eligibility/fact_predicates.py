"""Predicates over single facts: origin, hukou, residence, work, pay, age, subsidies.

Evidence is the record the registry names for the fact in :attr:`CreatorFacts.sources`, given
whether the criterion is met or not: a refusal must show what it rested on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..domain.regions import covers, placed_in
from .facts import CreatorFacts, Origin
from .labels import join, money, word
from .logic import Status, any_of, not_
from .model import Label, Predicate
from .operators import (
    Check,
    CheckResult,
    Operator,
    Param,
    required_number,
    required_texts,
    text_param,
)

__all__ = ["FACT_OPERATORS"]

MET, UNMET, UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN
_UNKNOWN: CheckResult = (UNKNOWN, ())


def _evidence(facts: CreatorFacts, name: str) -> tuple[str, ...]:
    source = facts.sources.get(name)
    return (source,) if source else ()


def _membership(fact: str, param: str, *, negate: bool = False) -> Callable[[Predicate], Check]:
    def build(p: Predicate) -> Check:
        allowed = frozenset(required_texts(p, param))

        def check(facts: CreatorFacts, as_of: date) -> CheckResult:
            value = getattr(facts, fact)
            if value is None:
                return _UNKNOWN
            ok = (value in allowed) is not negate
            return (MET if ok else UNMET, _evidence(facts, fact))

        return check

    return build


# Hukou (户籍) is a mainland registration: foreign and HMT residents hold none anywhere.
_WITHOUT_HUKOU = frozenset({Origin.FOREIGN.value, Origin.HMT.value})


def _placement(fact: str, param: str, *, negate: bool = False) -> Callable[[Predicate], Check]:
    """Whether a recorded division lies within one of the areas named (GB/T 2260 hierarchy):
    a district lies within its city, a city within its province. A record coarser than an
    area (a province, asked about one of its cities) leaves the criterion UNKNOWN."""

    def build(p: Predicate) -> Check:
        areas = required_texts(p, param)

        def check(facts: CreatorFacts, as_of: date) -> CheckResult:
            if fact == "hukou_city" and facts.origin in _WITHOUT_HUKOU:
                return (MET if negate else UNMET, _evidence(facts, "origin"))
            value = getattr(facts, fact)
            if value is None:
                return _UNKNOWN
            inside = any_of(
                MET if answer else UNKNOWN if answer is None else UNMET
                for answer in (placed_in(value, area) for area in areas)
            )
            status = not_(inside) if negate else inside
            return _UNKNOWN if status is UNKNOWN else (status, _evidence(facts, fact))

        return check

    return build


def _threshold(
    value_of: Callable[[CreatorFacts, date], float | None], fact: str, test: Callable[[float], bool]
) -> Check:
    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        value = value_of(facts, as_of)
        if value is None:
            return _UNKNOWN
        return (MET if test(value) else UNMET, _evidence(facts, fact))

    return check


def _scalar(fact: str) -> Callable[[CreatorFacts, date], float | None]:
    def value_of(facts: CreatorFacts, as_of: date) -> float | None:
        value: float | None = getattr(facts, fact)
        return value

    return value_of


def _keyed(fact: str, area: str) -> Callable[[CreatorFacts, date], float | None]:
    """The figure recorded for ``area`` or for a division within it (months paid in Yangpu
    are months paid in Shanghai); the largest when several are, never their sum."""

    def value_of(facts: CreatorFacts, as_of: date) -> float | None:
        mapping: dict[str, float] = getattr(facts, fact)
        values = [v for key, v in mapping.items() if covers(area, key)]
        return max(values) if values else None

    return value_of


def _age(facts: CreatorFacts, as_of: date) -> float | None:
    return facts.age_on(as_of)


def _build_at_least(fact: str, param: str) -> Callable[[Predicate], Check]:
    def build(p: Predicate) -> Check:
        floor = required_number(p, param)
        return _threshold(_scalar(fact), fact, lambda v: v >= floor)

    return build


def _build_age(*, at_least: bool) -> Callable[[Predicate], Check]:
    def build(p: Predicate) -> Check:
        years = required_number(p, "years")
        test: Callable[[float], bool] = (
            (lambda v: v >= years) if at_least else (lambda v: v <= years)
        )
        return _threshold(_age, "birth_date", test)

    return build


def _build_months_in_district(p: Predicate) -> Check:
    region, months = text_param(p, "region"), required_number(p, "months")
    return _threshold(
        _keyed("months_in_district_per_year", region),
        "months_in_district_per_year",
        lambda v: v > months,
    )


def _build_social_insurance(p: Predicate) -> Check:
    city, months = text_param(p, "city"), required_number(p, "months")
    return _threshold(
        _keyed("social_insurance_months", city), "social_insurance_months", lambda v: v >= months
    )


def _build_first_home(p: Predicate) -> Check:
    region = text_param(p, "region")

    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        first = facts.first_home_in.get(region)
        if first is None:
            return _UNKNOWN
        return (MET if first else UNMET, _evidence(facts, "first_home_in"))

    return check


def _build_employer_on_key_list(p: Predicate) -> Check:
    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        listed = facts.employer_on_key_list
        if listed is None:
            return _UNKNOWN
        return (MET if listed else UNMET, _evidence(facts, "employer_on_key_list"))

    return check


def _build_not_receiving(p: Predicate) -> Check:
    subsidies = required_texts(p, "subsidies")

    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        received = facts.subsidies_received
        status = MET
        for code in subsidies:
            flag = received.get(code)
            if flag:
                return (UNMET, _evidence(facts, "subsidies_received"))
            if flag is None:
                status = UNKNOWN
        return (status, _evidence(facts, "subsidies_received") if status is MET else ())

    return check


def _says(zh: str, en: str, **render: Callable[[Predicate], Label]) -> Callable[[Predicate], Label]:
    """A sentence template whose ``{name}`` slots are filled by the given renderers."""

    def describe(p: Predicate) -> Label:
        words = {name: fill(p) for name, fill in render.items()}
        return Label(
            zh.format(**{k: v.zh for k, v in words.items()}),
            en.format(**{k: v.en for k, v in words.items()}),
        )

    return describe


def _codes(param: str) -> Callable[[Predicate], Label]:
    return lambda p: join(required_texts(p, param))


def _code(param: str) -> Callable[[Predicate], Label]:
    return lambda p: word(text_param(p, param))


def _number(param: str) -> Callable[[Predicate], Label]:
    return lambda p: Label(f"{required_number(p, param):g}", f"{required_number(p, param):g}")


def _amount(param: str) -> Callable[[Predicate], Label]:
    return lambda p: Label(money(required_number(p, param)), money(required_number(p, param)))


def _op(
    name: str,
    fact: str,
    params: dict[str, str],
    describe: Callable[[Predicate], Label],
    build: Callable[[Predicate], Check],
) -> Operator:
    return Operator(name, (fact,), {k: Param(v) for k, v in params.items()}, describe, build)


FACT_OPERATORS: tuple[Operator, ...] = (
    _op(
        "origin_in",
        "origin",
        {"origins": "origins"},
        _says("身份为{o}创作者", "Is a {o} creator", o=_codes("origins")),
        _membership("origin", "origins"),
    ),
    _op(
        "hukou_city_in",
        "hukou_city",
        {"cities": "regions"},
        _says("户籍在{c}", "Hukou registered in {c}", c=_codes("cities")),
        _placement("hukou_city", "cities"),
    ),
    _op(
        "hukou_city_not_in",
        "hukou_city",
        {"cities": "regions"},
        _says("非{c}户籍", "Hukou not registered in {c}", c=_codes("cities")),
        _placement("hukou_city", "cities", negate=True),
    ),
    _op(
        "lawful_residence_in",
        "lawful_residence_city",
        {"cities": "regions"},
        _says("在{c}合法居住", "Lawfully resides in {c}", c=_codes("cities")),
        _placement("lawful_residence_city", "cities"),
    ),
    _op(
        "employer_in",
        "employer_city",
        {"cities": "regions"},
        _says(
            "与{c}用人单位签订劳动合同",
            "Has a labour contract with an employer in {c}",
            c=_codes("cities"),
        ),
        _placement("employer_city", "cities"),
    ),
    _op(
        "employer_on_key_list",
        "employer_on_key_list",
        {},
        _says("用人单位列入重点机构名录", "Employer is on the list of key institutions"),
        _build_employer_on_key_list,
    ),
    _op(
        "months_in_district_more_than",
        "months_in_district_per_year",
        {"region": "region", "months": "int"},
        _says(
            "每年在{r}工作或创业超过{m}个月",
            "Works or runs a business in {r} more than {m} months a year",
            r=_code("region"),
            m=_number("months"),
        ),
        _build_months_in_district,
    ),
    _op(
        "social_insurance_months_at_least",
        "social_insurance_months",
        {"city": "region", "months": "int"},
        _says(
            "在{c}缴纳社会保险满{m}个月",
            "Has paid social insurance in {c} for at least {m} months",
            c=_code("city"),
            m=_number("months"),
        ),
        _build_social_insurance,
    ),
    _op(
        "annual_salary_at_least",
        "annual_salary",
        {"amount": "int"},
        _says("年薪不低于{a}", "Annual salary of at least {a}", a=_amount("amount")),
        _build_at_least("annual_salary", "amount"),
    ),
    _op(
        "not_receiving_subsidy",
        "subsidies_received",
        {"subsidies": "texts"},
        _says("未享受{s}", "Not already receiving {s}", s=_codes("subsidies")),
        _build_not_receiving,
    ),
    _op(
        "age_at_least",
        "birth_date",
        {"years": "int"},
        _says("年满{y}周岁", "Aged {y} or over", y=_number("years")),
        _build_age(at_least=True),
    ),
    _op(
        "age_at_most",
        "birth_date",
        {"years": "int"},
        _says("年龄不超过{y}周岁", "Aged {y} or under", y=_number("years")),
        _build_age(at_least=False),
    ),
    _op(
        "years_to_retirement_at_least",
        "years_to_retirement",
        {"years": "number"},
        _says(
            "距法定退休年龄不少于{y}年",
            "At least {y} years before the statutory retirement age",
            y=_number("years"),
        ),
        _build_at_least("years_to_retirement", "years"),
    ),
    _op(
        "first_home_in",
        "first_home_in",
        {"region": "region"},
        _says("在{r}购买首套住房", "Is buying a first home in {r}", r=_code("region")),
        _build_first_home,
    ),
    _op(
        "years_of_experience_at_least",
        "years_of_experience",
        {"years": "number"},
        _says(
            "累计从事本职业或相关职业工作满{y}年",
            "Has worked at least {y} years in the occupation or a related one",
            y=_number("years"),
        ),
        _build_at_least("years_of_experience", "years"),
    ),
    _op(
        "assessment_direction_in",
        "assessment_direction",
        {"directions": "directions"},
        _says("申报方向为{d}", "Applies in the direction {d}", d=_codes("directions")),
        _membership("assessment_direction", "directions"),
    ),
    _op(
        "assessment_direction_not_in",
        "assessment_direction",
        {"directions": "directions"},
        _says("申报方向不是{d}", "Does not apply in the direction {d}", d=_codes("directions")),
        _membership("assessment_direction", "directions", negate=True),
    ),
)
