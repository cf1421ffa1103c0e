"""Administrative region codes (GB/T 2260) and the creator clusters (集聚区) they host.

Codes are data: the table lists the regions the policies name; add rows as jurisdictions join.
``000000`` stands for the whole country (national bodies such as 中央网信办).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ErrorCode, InvalidInput

__all__ = [
    "CLUSTERS",
    "NATIONAL",
    "REGIONS",
    "Cluster",
    "check_cluster",
    "check_region",
    "covers",
    "province_of",
]

NATIONAL = "000000"

REGIONS: dict[str, str] = {
    NATIONAL: "全国",
    "310000": "上海市",
    "310101": "黄浦区",
    "310110": "杨浦区",
    "440000": "广东省",
    "440100": "广州市",
    "440105": "海珠区",
}

_SIX_DIGITS = re.compile(r"\d{6}")


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
    if not _SIX_DIGITS.fullmatch(code) or code not in REGIONS:
        raise InvalidInput("unknown region code", code=ErrorCode.INVALID_REGION, field=field)
    return code


def check_cluster(code: str, *, field: str = "cluster_code") -> Cluster:
    cluster = CLUSTERS.get(code)
    if cluster is None:
        raise InvalidInput("unknown cluster", code=ErrorCode.INVALID_REGION, field=field)
    return cluster


def covers(scope: str, region: str) -> bool:
    """True when an authority over ``scope`` reaches ``region`` (a district, city or province)."""
    if scope == NATIONAL:
        return True
    if region == NATIONAL:
        return False
    if scope.endswith("0000"):
        return region[:2] == scope[:2]
    if scope.endswith("00"):
        return region[:4] == scope[:4]
    return region == scope


def province_of(region: str) -> str:
    """The two-digit province code (31 Shanghai, 44 Guangdong) of a region code."""
    return region[:2]
