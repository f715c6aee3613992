"""The statutory holidays (法定节假日) of a year under 全国年节及纪念日放假办法, Art. 2.

A notice's rest period for a festival must hold the festival's statutory days; this module says
which days those are. Art. 2 as amended by State Council Order No. 513 (in force 2008-01-01:
春节 = 除夕, 初一, 初二; 清明节, 端午节 and 中秋节 added; 劳动节 one day), by the 2013 amendment
(State Council Order No. 644, in force 2014-01-01: 春节 = 初一..初三) and by the 2024 amendment (in
force 2025-01-01: 春节 = 除夕..初三, 劳动节 = 1 and 2 May): 11 days a year from 2008 to 2024, 13
from 2025. The lunar and solar-term dates come from the ``holidays`` package's Chinese calendar.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

__all__ = ["FESTIVALS", "statutory_days", "total_statutory_days"]

D = dt.date
ONE = dt.timedelta(days=1)

#: The festivals of Art. 2 in their order in the notices.
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
#: Days off a notice may declare that are not statutory holidays of Art. 2 (no statutory day to
#: check): the 2015 anniversary (国发明电〔2015〕1号).
SPECIAL_DAYS = ("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",)
#: The first year whose notice uses the 2008+ set of festivals (Order No. 513).
FIRST_RULE_YEAR = 2008


@cache
def _lunar(year: int) -> tuple[D, D, D, D]:
    """Lunar New Year (初一), Qingming, Dragon Boat and Mid-Autumn of ``year``."""
    from holidays.calendars.chinese import _ChineseLunisolar  # a private but stable helper

    cal = _ChineseLunisolar()
    new_year = cal.lunar_new_year_date(year)[0]
    dragon = cal.dragon_boat_date(year)[0]
    autumn = cal.mid_autumn_date(year)[0]
    if new_year is None or dragon is None or autumn is None:  # pragma: no cover - 1901-2099 known
        raise ValueError(f"no Chinese calendar dates for {year}")
    return new_year, cal.qingming_date(year)[0], dragon, autumn


def statutory_days(festival: str, year: int) -> tuple[dt.date, ...] | None:
    """The statutory days of ``festival`` in ``year`` (Art. 2), () for a special day, None if unknown.

    >>> statutory_days("春节", 2026)      # from 2025: 除夕 to 初三 (Art. 2 as amended in 2024)
    (datetime.date(2026, 2, 16), datetime.date(2026, 2, 17), datetime.date(2026, 2, 18), datetime.date(2026, 2, 19))
    >>> statutory_days("劳动节", 2024)
    (datetime.date(2024, 5, 1),)
    """
    if festival in SPECIAL_DAYS:
        return ()
    if festival not in FESTIVALS or not FIRST_RULE_YEAR <= year <= 2099:
        return None
    new_year, qingming, dragon, autumn = _lunar(year)
    if festival == "元旦":
        return (D(year, 1, 1),)
    if festival == "春节":
        if year < 2014:  # Order No. 513: 除夕, 初一, 初二
            return (new_year - ONE, new_year, new_year + ONE)
        if year < 2025:  # Order No. 644: 初一, 初二, 初三
            return (new_year, new_year + ONE, new_year + 2 * ONE)
        return (new_year - ONE, new_year, new_year + ONE, new_year + 2 * ONE)  # 2024 amendment
    if festival == "清明节":
        return (qingming,)
    if festival == "劳动节":
        return (D(year, 5, 1),) if year < 2025 else (D(year, 5, 1), D(year, 5, 2))
    if festival == "端午节":
        return (dragon,)
    if festival == "中秋节":
        return (autumn,)
    return (D(year, 10, 1), D(year, 10, 2), D(year, 10, 3))  # 国庆节


def total_statutory_days(year: int) -> int:
    """How many statutory holidays Art. 2 gives in ``year``: 11 (2008-2024), 13 from 2025.

    >>> total_statutory_days(2024), total_statutory_days(2025)
    (11, 13)
    """
    return sum(len(statutory_days(f, year) or ()) for f in FESTIVALS)
