"""Bilingual words for the codes criteria mention, so explanations read as sentences.

Levels, grades and directions come from the credential vocabulary so a verifier and an
explanation call things by the same names. Unknown codes are shown as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from signing.vocabulary import AWARD_LEVELS, DIRECTIONS, GRADES, SKILL_LEVELS, Label

from ..domain.regions import DIVISIONS

__all__ = [
    "AWARD_CODES",
    "AWARD_KINDS",
    "DIRECTION_NAMES",
    "OCCUPATIONS",
    "ORIGINS",
    "REGIONS",
    "SUBSIDIES",
    "join",
    "money",
    "word",
]

# Administrative divisions (GB/T 2260), named from the one table of divisions.
REGIONS: Mapping[str, Label] = {code: Label(d.zh, d.en) for code, d in DIVISIONS.items()}

ORIGINS: Mapping[str, Label] = {
    "DOMESTIC": Label("国内", "domestic"),
    "HMT": Label("港澳台", "Hong Kong, Macao or Taiwan"),
    "FOREIGN": Label("外籍", "foreign"),
}

AWARD_CODES: Mapping[str, Label] = {
    "CN_POSITIVE_ENERGY": Label("中国正能量网络精品", "China Positive Energy Online Works"),
    "SH_SILVER_DOVE": Label("银鸽奖", "Silver Dove Award"),
    "SH_JOURNALISM": Label("上海新闻奖", "Shanghai Journalism Award"),
    "SH_CONTENT_REWARD": Label("上海市优质内容奖励", "Shanghai content reward"),
    "YP_TRACK_HONOR": Label("杨浦区分赛道创作者荣誉", "Yangpu track honour"),
    "HZ_PREMIUM_LIBRARY": Label("海珠精品内容库", "Haizhu premium content library"),
    "GZ_JIEBANG": Label("广州宣传思想文化人才“揭榜挂帅”", "Guangzhou Jiebang talent project"),
}

AWARD_KINDS: Mapping[str, Label] = {
    "AWARD": Label("奖项", "award"),
    "CONTENT_REWARD": Label("优质内容奖励", "content reward"),
    "LIBRARY_INCLUSION": Label("精品内容库入选", "premium-library inclusion"),
    "COMPETITION": Label("技能竞赛奖项", "skills-competition award"),
    "COMMENDATION": Label("政府表彰", "government commendation"),
    "TALENT_PROJECT": Label("人才项目", "talent project"),
}

OCCUPATIONS: Mapping[str, Label] = {
    "4-13-01-05": Label("全媒体运营师", "Omni-media operation specialist"),
}

SUBSIDIES: Mapping[str, Label] = {
    "TAX_DIFFERENTIAL": Label("个人所得税差额补贴", "the income-tax differential subsidy"),
    "KEY_INDUSTRY_REWARD": Label("市重点产业奖励", "municipal key-industry rewards"),
}

DIRECTION_NAMES: Mapping[str, Label] = {name: lab for name, lab in DIRECTIONS.values()}

_TABLES: tuple[Mapping[str, Label], ...] = (
    REGIONS,
    ORIGINS,
    AWARD_CODES,
    AWARD_KINDS,
    OCCUPATIONS,
    SUBSIDIES,
    DIRECTION_NAMES,
    AWARD_LEVELS,
    SKILL_LEVELS,
    GRADES,
)


def word(code: str) -> Label:
    """The label of any code above, or the code itself in both languages."""
    for table in _TABLES:
        found = table.get(code)
        if found is not None:
            return found
    return Label(code, code)


def join(codes: Iterable[str]) -> Label:
    """Codes as a list: "上海市、广州市" / "Shanghai or Guangzhou"."""
    words = [word(code) for code in codes]
    zh = "、".join(w.zh for w in words)
    if len(words) <= 1:
        return Label(zh, "".join(w.en for w in words))
    return Label(zh, ", ".join(w.en for w in words[:-1]) + " or " + words[-1].en)


def money(amount: float) -> str:
    return f"¥{amount:,.0f}"
