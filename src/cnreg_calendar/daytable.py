"""The table of exceptional days: every day off and make-up working day the notices declare.

This is the calendar's fast path: it is built from :mod:`cnreg_calendar.notice_data` (plain Python
data) with no TOML parser, no ``attrs`` and no ``holidays``, so that a quick question such as
``cnreg-calendar workdays add`` starts about as fast as the interpreter. Overlay files (TOML) are
read through :mod:`cnreg_calendar.notices` only when given or installed; the ``holidays`` package
is asked only for estimates of unpublished years, through :mod:`cnreg_calendar.estimates`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cnreg_calendar.errors import OverlayError

__all__ = ["FIRST_YEAR", "DayTable", "build_day_table", "english_name"]

#: The first year the data covers: the notices before 2001 are not transcribed.
FIRST_YEAR = 2001

# Chinese festival names as the notices write them, and their English names.
_FESTIVALS_EN: dict[str, str] = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "70th Anniversary of the Victory of the "
    "War of Resistance against Japanese Aggression",
}
_ONE = dt.timedelta(days=1)

#: One declared holiday: (name_zh, name_en, first day off, last day off, make-up working days).
Declared = tuple[str, str, dt.date, dt.date, Sequence[dt.date]]


def english_name(festival_zh: str) -> str:
    """The English name of a festival (or of several joined by 、).

    >>> english_name("中秋节、国庆节")
    'Mid-Autumn Festival; National Day'
    """
    return "; ".join(_FESTIVALS_EN.get(part, part) for part in festival_zh.split("、"))


class DayTable:
    """Every day that differs from the Monday-Friday rule, with the name of its holiday.

    ``rest`` holds the days off (a weekend day inside a holiday is listed too, for its name);
    ``working`` the make-up working days. Both map a date to ``(name_zh, name_en)``.
    ``notices`` maps a year to its notice's fields (title, reference, url, published, revisions,
    source, imported): :meth:`ChinaCalendar.notice` makes a :class:`~cnreg_calendar.Notice` of them.

    >>> table = build_day_table()
    >>> table.is_working(dt.date(2026, 1, 4)), table.name_of(dt.date(2026, 2, 16))
    (True, ('春节', 'Spring Festival'))
    """

    __slots__ = ("changes", "estimated_through", "last_published", "notices", "rest", "working")

    def __init__(self) -> None:
        self.rest: dict[dt.date, tuple[str, str]] = {}
        self.working: dict[dt.date, tuple[str, str]] = {}
        self.notices: dict[int, dict[str, Any]] = {}
        self.last_published = FIRST_YEAR - 1
        self.estimated_through = FIRST_YEAR - 1
        self.changes: list[str] = []

    def is_working(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day under this table (no range check)."""
        if day in self.working:
            return True
        return day.weekday() < 5 and day not in self.rest

    def name_of(self, day: dt.date) -> tuple[str, str] | None:
        """The holiday ``day`` belongs to: its own name, or that of the rest period around it."""
        names = self.working.get(day) or self.rest.get(day)
        if names is not None or self.is_working(day):
            return names if names and names[0] else None
        for step in (-_ONE, _ONE):
            # A weekend day inside or next to a holiday's rest period belongs to it (the notices
            # count it: 「6月22日至24日放假调休，共3天」).
            near = day + step
            while not self.is_working(near) and abs((near - day).days) <= 2:
                if near in self.rest and self.rest[near][0]:
                    return self.rest[near]
                near += step
        return None

    def estimate_through(self, year: int) -> None:
        """Add statutory-holiday estimates for every unpublished year up to ``year``."""
        if year <= self.estimated_through:
            return
        from cnreg_calendar.estimates import statutory_days_off

        # 全国年节及纪念日放假办法 Art. 2 (the statutory days; 13 from 2025) and Art. 6 (a
        # holiday on a weekend is made up on a working day). The make-up working days of a year
        # cannot be estimated: none are assumed.
        for day, festival in statutory_days_off(range(self.estimated_through + 1, year + 1)):
            self.rest[day] = (festival, english_name(festival))
        self.estimated_through = year

    def apply(
        self, year: int, notice: Mapping[str, Any], declared: Iterable[Declared], built_in: bool
    ) -> None:
        """Apply one notice: a new year (the one after the last published), or a revision."""
        if year > self.last_published + 1:
            raise OverlayError(
                f"{notice['source']}: the notice for {year} follows {self.last_published}, the "
                f"last published year, with a gap: add the notice for {self.last_published + 1} "
                "first"
            )
        declared = tuple(declared)
        if year == self.last_published + 1:
            # A new year replaces its estimate (if one was made) by what the notice says.
            for day in [d for d in self.rest if d.year == year]:
                del self.rest[day]
            self.last_published = year
            self.estimated_through = max(self.estimated_through, year)
            self.notices[year] = dict(notice)
        elif declared and not built_in:
            known = self.notices[year]
            revision = _cite(notice) + f" [{notice['source']}]"
            self.notices[year] = {**known, "revisions": (*known["revisions"], revision)}
        for name_zh, name_en, first, last, working_days in declared:
            names = (name_zh, name_en)
            day = first
            while day <= last:
                if day in self.working:
                    # An explicit override, never a silent one: it is recorded and reported.
                    self.changes.append(f"{day}: make-up working day becomes a day off ({name_zh})")
                    del self.working[day]
                self.rest[day] = names
                day += _ONE
            for day in working_days:
                if day in self.rest:
                    self.changes.append(f"{day}: day off becomes a make-up working day")
                    del self.rest[day]
                self.working[day] = names


def _cite(notice: Mapping[str, Any]) -> str:
    text = str(notice["title"]) + (f"（{notice['reference']}）" if notice.get("reference") else "")
    return text + (f" {notice['url']}" if notice.get("url") else "")


def _built_in(table: DayTable) -> None:
    from cnreg_calendar.notice_data import NOTICES

    day = dt.date.fromisoformat
    for record in NOTICES:
        notice = {
            "year": record["year"],
            "title": record["title"],
            "reference": record.get("reference"),
            "url": record.get("url"),
            "published": day(record["published"]) if "published" in record else None,
            "revisions": tuple(" ".join(r.values()) for r in record.get("revisions", ())),
            "source": "built-in",
            "imported": None,
        }
        declared = [
            (name, english_name(name), day(first), day(last), tuple(map(day, working)))
            for name, first, last, working in record["holidays"]
        ]
        table.apply(record["year"], notice, declared, built_in=True)


def build_day_table(overlays: Iterable[str | Path] = ()) -> DayTable:
    """The built-in notices, then the overlays in order, as one table of exceptional days.

    >>> table = build_day_table()
    >>> table.is_working(dt.date(2026, 1, 4)), table.is_working(dt.date(2026, 1, 2))
    (True, False)
    """
    table = DayTable()
    _built_in(table)
    for path in overlays:
        from cnreg_calendar.notices import load_notices  # TOML: only when an overlay is used

        for entry in sorted(load_notices(path), key=lambda e: e.notice.year):
            notice = entry.notice
            fields = {
                "year": notice.year,
                "title": notice.title,
                "reference": notice.reference,
                "url": notice.url,
                "published": notice.published,
                "revisions": notice.revisions,
                "source": notice.source,
                "imported": notice.imported,
            }
            declared = [
                (h.name_zh, h.name_en, h.first, h.last, h.working_days) for h in entry.holidays
            ]
            table.apply(notice.year, fields, declared, built_in=False)
    return table
