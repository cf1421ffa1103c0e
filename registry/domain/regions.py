"""Administrative divisions (GB/T 2260) as a hierarchy, and the creator clusters (集聚区).

The divisions are data (``divisions.json``, with its source): every province-level division
of the mainland, Guangdong's cities and the districts of Shanghai and Guangzhou. Each has one
parent: a district belongs to its city, or straight to its municipality (直辖市) when the city
is the province-level division itself (3101xx under 310000); ``000000`` is the whole country.

A rule about a city asks whether a recorded division lies *within* it, never whether the codes
are equal: a Yangpu hukou (310110) is a Shanghai hukou. A division coarser than the area asked
about (a Guangdong hukou, 440000, asked "in Guangzhou?") leaves the answer open.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from types import MappingProxyType
from typing import Final

from ..errors import ErrorCode, InvalidInput

__all__ = [
    "CLUSTERS",
    "DIVISIONS",
    "NATIONAL",
    "REGIONS",
    "Cluster",
    "Division",
    "DivisionLevel",
    "ancestry",
    "check_cluster",
    "check_region",
    "city_of",
    "covers",
    "placed_in",
    "province_of",
]

NATIONAL: Final = "000000"


class DivisionLevel(StrEnum):
    COUNTRY = "COUNTRY"  # 全国
    PROVINCE = "PROVINCE"  # 省、自治区
    MUNICIPALITY = "MUNICIPALITY"  # 直辖市: province-level and a city at once
    CITY = "CITY"  # 地级市
    DISTRICT = "DISTRICT"  # 市辖区


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    zh: str
    en: str
    level: DivisionLevel
    parent: str | None  # None only for the whole country


def _parent(code: str, known: set[str]) -> str | None:
    """GB/T 2260 structure: PPCCDD; a district's city PPCC00 when listed, else PP0000."""
    if code == NATIONAL:
        return None
    if code.endswith("0000"):
        return NATIONAL
    if code.endswith("00"):
        return code[:2] + "0000"
    city = code[:4] + "00"
    return city if city in known else code[:2] + "0000"


def _load() -> dict[str, Division]:
    text = (resources.files("registry") / "domain" / "divisions.json").read_text("utf-8")
    rows = json.loads(text)["divisions"]
    known = {str(row["code"]) for row in rows}
    table: dict[str, Division] = {}
    for row in rows:
        code = str(row["code"])
        parent = _parent(code, known)
        if parent is not None and parent not in known:
            raise ValueError(f"divisions.json: {code} has no listed parent {parent}")
        table[code] = Division(code, row["zh"], row["en"], DivisionLevel(row["level"]), parent)
    return table


DIVISIONS: Final = MappingProxyType(_load())
# The Chinese name of each division, the form most callers print.
REGIONS: Final = MappingProxyType({code: d.zh for code, d in DIVISIONS.items()})


@dataclass(frozen=True, slots=True)
class Cluster:
    code: str
    region_code: str
    name: str


CLUSTERS: dict[str, Cluster] = {
    c.code: c
    for c in (
        Cluster("HP_CLUSTER", "310101", "黄浦区网络内容创作者集聚区"),
        Cluster("YP_VJUCHANG", "310110", "杨浦区 V聚场"),
        Cluster("HZ_PAZHOU", "440105", "海珠区琶洲创作生态谷"),
    )
}


def check_region(code: str, *, field: str = "region_code") -> str:
    if code not in DIVISIONS:
        raise InvalidInput("unknown region code", code=ErrorCode.INVALID_REGION, field=field)
    return code


def check_cluster(code: str, *, field: str = "cluster_code") -> Cluster:
    cluster = CLUSTERS.get(code)
    if cluster is None:
        raise InvalidInput("unknown cluster", code=ErrorCode.INVALID_REGION, field=field)
    return cluster


def ancestry(code: str) -> tuple[str, ...]:
    """The division and every division above it, nearest first; () for an unknown code."""
    chain: list[str] = []
    current = DIVISIONS.get(code)
    while current is not None:
        chain.append(current.code)
        current = DIVISIONS.get(current.parent) if current.parent is not None else None
    return tuple(chain)


def covers(scope: str, region: str) -> bool:
    """True when an authority over ``scope`` reaches ``region`` (itself or a division within)."""
    return scope in ancestry(region)


def placed_in(region: str, area: str) -> bool | None:
    """Whether a person placed in ``region`` is placed in ``area``: True when ``region`` lies
    within ``area``, None when ``area`` lies strictly within ``region`` (the record is too
    coarse to tell), False otherwise."""
    if covers(area, region):
        return True
    if covers(region, area):
        return None
    return False


def city_of(code: str) -> str | None:
    """The city (a municipality counts as one) a division lies in, or None above city level."""
    for step in ancestry(code):
        if DIVISIONS[step].level in (DivisionLevel.CITY, DivisionLevel.MUNICIPALITY):
            return step
    return None


def province_of(region: str) -> str:
    """The two-digit province code (31 Shanghai, 44 Guangdong) of a region code."""
    return region[:2]
