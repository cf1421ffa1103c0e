"""Predicates over the creator's records: recognitions, awards, platform standing, certificates.

Each returns the ids of the records it relied on. A record that would satisfy the criterion
but is not yet proven (an award still CLAIMED, a platform percentile measured too long ago)
makes the criterion UNKNOWN: the official asks for a document, the creator is not refused.
"""

from __future__ import annotations

from datetime import date

from .facts import AWARD_LEVEL_RANK, SKILL_LEVEL_RANK, AwardState, CreatorFacts, RecognitionState
from .labels import OCCUPATIONS, join, word
from .logic import Status
from .model import Label, Predicate
from .operators import (
    Check,
    CheckResult,
    Operator,
    Param,
    int_param,
    required_number,
    text_param,
    texts_param,
)

__all__ = ["RECORD_OPERATORS"]

MET, UNMET, UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN
_UNKNOWN: CheckResult = (UNKNOWN, ())
_UNMET: CheckResult = (UNMET, ())
_PENDING_AWARD = frozenset({AwardState.CLAIMED, AwardState.UNDER_VERIFICATION})


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# -- 认定 recognition ------------------------------------------------------------------


def _describe_recognised(p: Predicate) -> Label:
    region = word(text_param(p, "region"))
    return Label(
        f"经{region.zh}认定为优质内容创作者",
        f"Recognised by {region.en} as a certified high-quality content creator",
    )


def _build_recognised(p: Predicate) -> Check:
    region = text_param(p, "region")

    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        recognitions = facts.recognitions
        if recognitions is None:
            return _UNKNOWN
        result = _UNMET
        for rec in recognitions:
            if rec.region != region:
                continue
            ids = (rec.record_id,) if rec.record_id else ()
            if rec.state == RecognitionState.RECOGNISED:
                return (MET, ids)
            if rec.state == RecognitionState.PENDING:
                result = (UNKNOWN, ids)
        return result

    return check


# -- awards and honours -----------------------------------------------------------------


def _describe_award(p: Predicate) -> Label:
    years = int_param(p, "within_years")
    kinds = join(texts_param(p, "kinds") or ("AWARD",))
    codes = texts_param(p, "codes")
    level = p.param("level")
    if codes is not None:
        what = join(codes)
        zh, en = f"获得下列奖项或荣誉：{what.zh}", f"Holds an award or honour from: {what.en}"
    else:
        lvl = word(str(level))
        zh = f"获得{lvl.zh}及以上{kinds.zh}"
        article = "an" if kinds.en[:1] in "aeiou" else "a"
        en = f"Holds {article} {kinds.en} at {lvl.en.lower()} level or above"
    grades = texts_param(p, "grades")
    if grades is not None:
        g = join(grades)
        zh, en = f"{zh}（{g.zh}）", f"{en} ({g.en.lower()})"
    if years is not None:
        zh, en = f"近{years}年内{zh}", f"{en}, granted within the last {years} years"
    return Label(zh, en)


def _build_award(p: Predicate) -> Check:
    level = p.param("level")
    max_rank = AWARD_LEVEL_RANK[level] if isinstance(level, str) else None
    codes = texts_param(p, "codes")
    grades = texts_param(p, "grades")
    # Unless a programme names the kinds that count, only honours do (never a cash reward);
    # a list of programme codes names exactly what counts.
    kinds = texts_param(p, "kinds") or (None if codes is not None else ("AWARD",))
    within_years = int_param(p, "within_years")
    verified = AwardState.VERIFIED

    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        awards = facts.awards
        if awards is None:
            return _UNKNOWN
        cutoff, min_year = as_of, as_of.year  # no recency limit: anything up to as_of
        if within_years is not None:
            cutoff, min_year = _years_before(as_of, within_years), as_of.year - within_years
        met: list[str] = []
        pending: list[str] = []
        found = unproven = False
        for award in awards:
            if max_rank is not None and AWARD_LEVEL_RANK.get(award.level, 99) > max_rank:
                continue
            if codes is not None and award.code not in codes:
                continue
            if grades is not None and award.grade not in grades:
                continue
            if kinds is not None and award.kind not in kinds:
                continue
            when = award.awarded_on
            if when is not None:
                if when > as_of or (within_years is not None and when < cutoff):
                    continue
            elif award.year > as_of.year or (within_years is not None and award.year < min_year):
                continue
            if award.state == verified:
                found = True
                if award.record_id:
                    met.append(award.record_id)
            elif award.state in _PENDING_AWARD:
                unproven = True
                if award.record_id:
                    pending.append(award.record_id)
        if found:
            return (MET, tuple(met))
        if unproven:
            return (UNKNOWN, tuple(pending))
        return _UNMET

    return check


# -- platform standing ----------------------------------------------------------------


def _describe_percentile(p: Predicate) -> Label:
    percent = required_number(p, "percent")
    days = int_param(p, "max_age_days")
    zh = f"在所在平台粉丝量排名前{percent:g}%"
    en = f"Ranks in the top {percent:g} % of followers on its platform"
    platforms = texts_param(p, "platforms")
    if platforms is not None:
        zh += f"（平台：{'、'.join(platforms)}）"
        en += f" ({', '.join(platforms)})"
    if days is not None:
        zh += f"，且数据为{days}天内所测"
        en += f", measured within the last {days} days"
    return Label(zh, en)


def _build_percentile(p: Predicate) -> Check:
    percent = required_number(p, "percent")
    max_age_days = int_param(p, "max_age_days")
    platforms = texts_param(p, "platforms")

    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        accounts = facts.platform_accounts
        if accounts is None:
            return _UNKNOWN
        met: list[str] = []
        pending: list[str] = []
        found = unknown = False
        for account in accounts:
            if platforms is not None and account.platform not in platforms:
                continue
            share, measured = account.percentile, account.measured_on
            if measured is not None and measured > as_of:
                continue
            if share is not None and share > percent:
                continue
            stale = measured is None or (
                max_age_days is not None and (as_of - measured).days > max_age_days
            )
            if share is None or stale:
                unknown = True
                if account.record_id:
                    pending.append(account.record_id)
                continue
            found = True
            if account.record_id:
                met.append(account.record_id)
        if found:
            return (MET, tuple(met))
        if unknown:
            return (UNKNOWN, tuple(pending))
        return _UNMET

    return check


# -- skill certificates -------------------------------------------------------------------


def _describe_certificate(p: Predicate) -> Label:
    occupation = text_param(p, "occupation")
    occ = OCCUPATIONS.get(occupation, Label(occupation, occupation))
    level = word(text_param(p, "min_level"))
    zh = f"持有{occ.zh}{level.zh}及以上职业技能等级证书"
    en = f"Holds a {occ.en} skill certificate at {level.en} or above"
    directions = texts_param(p, "directions")
    if directions is not None:
        d = join(directions)
        zh += f"（方向：{d.zh}）"
        en += f" in {d.en.lower()}"
    return Label(zh, en)


def _build_certificate(p: Predicate) -> Check:
    occupation = text_param(p, "occupation")
    max_rank = SKILL_LEVEL_RANK[text_param(p, "min_level")]
    directions = texts_param(p, "directions")

    def check(facts: CreatorFacts, as_of: date) -> CheckResult:
        certificates = facts.skill_certificates
        if certificates is None:
            return _UNKNOWN
        met: list[str] = []
        found = False
        for cert in certificates:
            if cert.occupation != occupation or SKILL_LEVEL_RANK.get(cert.level, 99) > max_rank:
                continue
            if directions is not None and cert.direction not in directions:
                continue
            if cert.issued_on is not None and cert.issued_on > as_of:
                continue
            found = True
            if cert.record_id:
                met.append(cert.record_id)
        return (MET, tuple(met)) if found else _UNMET

    return check


_AWARD_PARAMS = {
    "within_years": Param("int", required=False),
    "grades": Param("grades", required=False),
    "kinds": Param("award_kinds", required=False),
}

RECORD_OPERATORS: tuple[Operator, ...] = (
    Operator(
        "recognised_in",
        ("recognitions",),
        {"region": Param("region")},
        _describe_recognised,
        _build_recognised,
    ),
    Operator(
        "award_level_at_least",
        ("awards",),
        {"level": Param("award_level"), **_AWARD_PARAMS},
        _describe_award,
        _build_award,
    ),
    Operator(
        "award_in",
        ("awards",),
        {"codes": Param("texts"), **_AWARD_PARAMS},
        _describe_award,
        _build_award,
    ),
    Operator(
        "platform_percentile_at_most",
        ("platform_accounts",),
        {
            "percent": Param("number"),
            "max_age_days": Param("int", required=False),
            "platforms": Param("texts", required=False),
        },
        _describe_percentile,
        _build_percentile,
    ),
    Operator(
        "skill_certificate",
        ("skill_certificates",),
        {
            "occupation": Param("occupation"),
            "min_level": Param("skill_level"),
            "directions": Param("directions", required=False),
        },
        _describe_certificate,
        _build_certificate,
    ),
)
