"""Estimates of the days off of years whose State Council notice is not yet published.

全国年节及纪念日放假办法 Art. 2 fixes the statutory holidays (13 days from 2025: New Year's Day, the
Spring Festival's eve and first three days, Qingming, 1-2 May, Dragon Boat, Mid-Autumn, 1-3
October) and Art. 6 makes up on a working day a holiday that falls on a weekend. The lunar dates come
from the ``holidays`` package, the one library this project asks for estimates: it is imported only
here, when an estimate is needed, and its answers are kept in the on-disk cache
(:mod:`cnreg_calendar.cache`) under its own version, so a later process need not import it again.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections.abc import Sequence

from cnreg_calendar.cache import cached, file_key

__all__ = ["statutory_days_off"]

_ALIASES = {"农历除夕": "春节", "春节延长假期": "春节"}
_SUFFIX = re.compile(r"（[^）]*）$")


def festival_of(name: str) -> str | None:
    """The festival a ``holidays``-package name belongs to; None for a swapped day off.

    >>> festival_of("春节"), festival_of("农历除夕"), festival_of("休息日（2027-02-05日起取代）")
    ('春节', '春节', None)
    """
    names = [_ALIASES.get(n, n) for n in (_SUFFIX.sub("", part) for part in name.split("; "))]
    for part in names:
        if not part.startswith("休息日"):
            return part
    return None


def _package_key() -> tuple[object, ...]:
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return ("holidays", "missing")
    return ("holidays", file_key(spec.origin))


def _derive(years: Sequence[int]) -> list[tuple[int, str]]:
    import holidays

    estimate = holidays.country_holidays("CN", years=years, language="zh_CN")
    return [
        (day.toordinal(), festival_of(name) or "假日") for day, name in sorted(estimate.items())
    ]


def statutory_days_off(years: range) -> list[tuple[dt.date, str]]:
    """The estimated days off of ``years`` with their festival's Chinese name, in date order.

    >>> days = statutory_days_off(range(2027, 2028))
    >>> (dt.date(2027, 10, 1), "国庆节") in days, (dt.date(2027, 2, 5), "春节") in days
    (True, True)
    """
    if not years:
        return []
    span = list(years)
    kept = cached("estimates", (_package_key(), span[0], span[-1]), lambda: _derive(span))
    return [(dt.date.fromordinal(ordinal), festival) for ordinal, festival in kept]
