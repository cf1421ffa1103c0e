"""Bilingual labels (zh-CN, English) for the codes a TR1 credential carries.

Verifiers show people words, not codes. The QR carries short codes where length matters
(skill directions use two letters); this table is what every verifier, in any language, uses
to turn them back into labels. Unknown codes are shown as they are.
"""

from __future__ import annotations

from typing import NamedTuple

from .claims import CredentialKind

__all__ = [
    "AWARD_LEVELS",
    "DIRECTIONS",
    "GRADES",
    "KINDS",
    "SKILL_LEVELS",
    "TIERS",
    "Label",
    "label",
]


class Label(NamedTuple):
    zh: str
    en: str


KINDS: dict[CredentialKind, Label] = {
    CredentialKind.CREATOR_RECOGNITION: Label("优质内容创作者认定", "Creator recognition"),
    CredentialKind.AWARD: Label("获奖证明", "Award"),
    CredentialKind.SKILL_CERTIFICATE: Label("职业技能等级证书", "Skill certificate"),
    CredentialKind.TALENT_ELIGIBILITY: Label("人才政策资格", "Talent eligibility"),
}

# 全媒体运营师 directions (职业方向): two-letter QR codes and their full registry names.
DIRECTIONS: dict[str, tuple[str, Label]] = {
    "CP": ("CREATIVE_PLANNING", Label("创意策划", "Creative planning")),
    "AV": ("AUDIOVISUAL_OPS", Label("视听运营", "Audiovisual operations")),
    "LS": ("LIVESTREAM_OPS", Label("直播运营", "Live-stream operations")),
    "TO": ("TRAFFIC_OPS", Label("流量运营", "Traffic operations")),
    "DA": ("DATA_ANALYSIS", Label("数据分析", "Data analysis")),
}
DIRECTION_CODES: dict[str, str] = {name: code for code, (name, _) in DIRECTIONS.items()}

SKILL_LEVELS: dict[str, Label] = {
    "L5": Label("五级/初级工", "Level 5 / Junior worker"),
    "L4": Label("四级/中级工", "Level 4 / Intermediate worker"),
    "L3": Label("三级/高级工", "Level 3 / Senior worker"),
    "L2": Label("二级/技师", "Level 2 / Technician"),
    "L1": Label("一级/高级技师", "Level 1 / Senior technician"),
}

AWARD_LEVELS: dict[str, Label] = {
    "INTERNATIONAL": Label("国际级", "International"),
    "NATIONAL": Label("国家级", "National"),
    "PROVINCIAL_MUNICIPAL": Label("省市级", "Provincial / municipal"),
    "DISTRICT": Label("区级", "District"),
    "INDUSTRY": Label("行业级", "Industry"),
}

GRADES: dict[str, Label] = {
    "SPECIAL": Label("特等奖", "Special prize"),
    "FIRST": Label("一等奖", "First prize"),
    "SECOND": Label("二等奖", "Second prize"),
    "THIRD": Label("三等奖", "Third prize"),
    "TOP10": Label("十佳", "Top ten"),
    "SELECTED": Label("入选/精品", "Selected"),
    "TITLE": Label("荣誉称号", "Honour title"),
}

TIERS: dict[str, Label] = {
    "STRATEGIC": Label("战略创作人才", "Strategic creative talent"),
    "LEADING": Label("领军创作人才", "Leading creative talent"),
    "POTENTIAL": Label("潜力创作人才", "Potential creative talent"),
    "RECOGNISED": Label("经认定的优享计划创作者", "Recognised Youxiang creator"),
    "B_CARD": Label("人才绿卡B卡", "Talent green card B"),
    "CREATOR_ROUTE": Label("重要奖项创作者落户", "Award-winning creator route"),
    "SENIOR_TECHNICIAN": Label("一级/高级技师", "Level 1 / Senior technician"),
    "TECHNICIAN": Label("二级/技师", "Level 2 / Technician"),
    "GOVERNMENT_COMMENDATION": Label(
        "省部级以上政府表彰", "Provincial-or-higher government commendation"
    ),
}

_ALL: dict[str, Label] = {
    **SKILL_LEVELS,
    **AWARD_LEVELS,
    **GRADES,
    **TIERS,
    **{code: lab for code, (_, lab) in DIRECTIONS.items()},
}


def label(code: str | None, lang: str = "zh") -> str | None:
    """The label of a level, grade, tier or direction code in ``lang`` (zh or en)."""
    if code is None:
        return None
    found = _ALL.get(code)
    if found is None:
        return code
    return found.en if lang == "en" else found.zh
