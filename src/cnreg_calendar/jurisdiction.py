"""Where an instrument or duty binds: national (``CN``), a province (its ISO 3166-2:CN code) or a
city inside a province (the province code plus the city: ``CN-GD-shenzhen``).

A profile names where the organisation operates (``regions = ["CN-SH", "CN-BJ"]``). A national
duty binds everyone; a provincial one binds organisations operating in that province or in a
city inside it; a city's binds only organisations that name that city. A profile that names no
region gets national duties only.
"""

from __future__ import annotations

import re

__all__ = ["NATIONAL", "PROVINCES", "binds", "check_region", "region_name"]

#: The jurisdiction of national instruments and duties.
NATIONAL = "CN"

#: The ISO 3166-2:CN subdivision codes (as revised in 2017), with English names.
PROVINCES: dict[str, str] = {
    "CN-AH": "Anhui",
    "CN-BJ": "Beijing",
    "CN-CQ": "Chongqing",
    "CN-FJ": "Fujian",
    "CN-GD": "Guangdong",
    "CN-GS": "Gansu",
    "CN-GX": "Guangxi",
    "CN-GZ": "Guizhou",
    "CN-HA": "Henan",
    "CN-HB": "Hubei",
    "CN-HE": "Hebei",
    "CN-HI": "Hainan",
    "CN-HK": "Hong Kong",
    "CN-HL": "Heilongjiang",
    "CN-HN": "Hunan",
    "CN-JL": "Jilin",
    "CN-JS": "Jiangsu",
    "CN-JX": "Jiangxi",
    "CN-LN": "Liaoning",
    "CN-MO": "Macao",
    "CN-NM": "Inner Mongolia",
    "CN-NX": "Ningxia",
    "CN-QH": "Qinghai",
    "CN-SC": "Sichuan",
    "CN-SD": "Shandong",
    "CN-SH": "Shanghai",
    "CN-SN": "Shaanxi",
    "CN-SX": "Shanxi",
    "CN-TJ": "Tianjin",
    "CN-TW": "Taiwan",
    "CN-XJ": "Xinjiang",
    "CN-XZ": "Tibet",
    "CN-YN": "Yunnan",
    "CN-ZJ": "Zhejiang",
}

_CITY = re.compile(r"(CN-[A-Z]{2})-([a-z][a-z-]*)")


def check_region(code: str) -> str | None:
    """None for a valid jurisdiction code, else what is wrong and how to write one.

    >>> check_region("CN-SH") is None, check_region("CN-GD-shenzhen") is None
    (True, True)
    >>> check_region("CN-XX")
    "'CN-XX' is not an ISO 3166-2:CN code: write CN (national), a province such as CN-SH or CN-GD, or a city as the province code plus the city, e.g. CN-GD-shenzhen"
    """
    if code == NATIONAL or code in PROVINCES:
        return None
    city = _CITY.fullmatch(code)
    if city and city.group(1) in PROVINCES:
        return None
    return (
        f"{code!r} is not an ISO 3166-2:CN code: write CN (national), a province such as CN-SH or "
        "CN-GD, or a city as the province code plus the city, e.g. CN-GD-shenzhen"
    )


def binds(jurisdiction: str, regions: tuple[str, ...]) -> bool:
    """Whether a duty of ``jurisdiction`` binds an organisation operating in ``regions``.

    >>> binds("CN", ()), binds("CN-SH", ()), binds("CN-SH", ("CN-BJ",)), binds("CN-SH", ("CN-SH",))
    (True, False, False, True)
    >>> binds("CN-GD", ("CN-GD-shenzhen",)), binds("CN-GD-shenzhen", ("CN-GD",))
    (True, False)
    """
    if jurisdiction == NATIONAL:
        return True
    return any(r == jurisdiction or r.startswith(jurisdiction + "-") for r in regions)


def region_name(code: str) -> str:
    """A jurisdiction code with its name, for people.

    >>> region_name("CN-SH"), region_name("CN-GD-shenzhen"), region_name("CN")
    ('CN-SH (Shanghai)', 'CN-GD-shenzhen (Shenzhen, Guangdong)', 'CN (national)')
    """
    if code == NATIONAL:
        return "CN (national)"
    if code in PROVINCES:
        return f"{code} ({PROVINCES[code]})"
    city = _CITY.fullmatch(code)
    if city and city.group(1) in PROVINCES:
        name = city.group(2).replace("-", " ").title()
        return f"{code} ({name}, {PROVINCES[city.group(1)]})"
    return code
