"""The State Council's yearly holiday notices: which years are published, and their days.

The built-in registry (``data/notices.toml``) lists the years whose notice is published; their days
come from the ``holidays`` package, which transcribes the notices. Overlay files in the same format
add a newly published year, or revise a published one, the day the notice appears
(docs/holiday-overlays.md). Years after the last published one can only be *estimated* from the
statutory holidays (全国年节及纪念日放假办法, Art. 2 and Art. 6).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from cnreg_calendar.errors import OverlayError

__all__ = ["DayTable", "Holiday", "Notice", "build_day_table", "load_notices"]

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
_ALIASES = {"农历除夕": "春节", "春节延长假期": "春节"}
_SUFFIX = re.compile(r"（[^）]*）$")


@attrs.frozen
class Notice:
    """One State Council notice (or a revision of it), with where to read it.

    >>> Notice(2025, "国务院办公厅关于2025年部分节假日安排的通知", reference="国办发明电〔2024〕12号").year
    2025
    """

    year: int
    title: str
    reference: str | None = None
    url: str | None = None
    published: dt.date | None = None
    revisions: tuple[str, ...] = ()
    source: str = "built-in"
    imported: dt.date | None = None  # when `cnreg-calendar notice import --install` kept it

    def cite(self) -> str:
        """A one-line citation: title, reference and URL where known.

        >>> Notice(2006, "国务院办公厅关于2006年部分节假日安排的通知", "国办发明电〔2005〕35号").cite()
        '国务院办公厅关于2006年部分节假日安排的通知（国办发明电〔2005〕35号）'
        """
        text = self.title + (f"（{self.reference}）" if self.reference else "")
        if self.imported:
            text += f" [installed overlay, imported {self.imported}]"
        return text + (f" {self.url}" if self.url else "")


@attrs.frozen
class Holiday:
    """One holiday of a year's arrangement, as a notice states it.

    ``first``..``last`` is the whole rest period (放假调休, weekends included);
    ``make_up_days`` are the weekend days that become working days for it (调休上班).
    """

    name_zh: str
    name_en: str
    first: dt.date
    last: dt.date
    make_up_days: tuple[dt.date, ...]
    provisional: bool

    @property
    def days(self) -> int:
        """The number of rest days (共N天)."""
        return (self.last - self.first).days + 1


@attrs.frozen
class _Declared:
    """A holiday as an overlay declares it."""

    name_zh: str
    name_en: str
    first: dt.date
    last: dt.date
    working_days: tuple[dt.date, ...]


@attrs.frozen
class _NoticeEntry:
    notice: Notice
    holidays: tuple[_Declared, ...]


@attrs.define
class DayTable:
    """Every day that differs from the Monday-Friday rule, with the name of its holiday.

    ``rest`` holds the days off (a weekend day inside a holiday is listed too, for its name);
    ``working`` the make-up working days. Both map a date to ``(name_zh, name_en)``.
    """

    rest: dict[dt.date, tuple[str, str]]
    working: dict[dt.date, tuple[str, str]]
    notices: dict[int, Notice]
    last_published: int
    estimated_through: int
    changes: list[str]

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
        for step in (dt.timedelta(days=-1), dt.timedelta(days=1)):
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
        years = range(self.estimated_through + 1, year + 1)
        # 全国年节及纪念日放假办法 Art. 2 (the statutory days; 13 from 2025) and Art. 6 (a
        # holiday on a weekend is made up on a working day), as the holidays package computes
        # them. The make-up working days of a year cannot be estimated: none are assumed.
        # Imported here, not at the top: only an estimate needs the package.
        import holidays

        estimate = holidays.country_holidays("CN", years=years, language="zh_CN")
        for day, name in sorted(estimate.items()):
            festival = _festival(name) or "假日"
            self.rest[day] = (festival, _english(festival))
        self.estimated_through = year


def _festival(name: str) -> str | None:
    """The festival a holidays-package name belongs to; None for a swapped day off."""
    names = [_ALIASES.get(n, n) for n in (_SUFFIX.sub("", part) for part in name.split("; "))]
    for part in names:
        if not part.startswith("休息日"):
            return part
    return None


def _english(festival_zh: str) -> str:
    return "; ".join(_FESTIVALS_EN.get(part, part) for part in festival_zh.split("、"))


def _bundled_registry() -> str:
    return resources.files("cnreg_calendar").joinpath("data/notices.toml").read_text("utf-8")


def load_notices(path: str | Path | None = None) -> tuple[_NoticeEntry, ...]:
    """Read a notices file: the built-in registry when ``path`` is None, else an overlay.

    >>> [entry.notice.year for entry in load_notices()][-1] >= 2026
    True
    """
    where = "cnreg_calendar/data/notices.toml" if path is None else str(path)
    try:
        text = _bundled_registry() if path is None else Path(path).read_text("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise OverlayError(f"{where}: cannot read the overlay file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise OverlayError(f"{where}: not UTF-8 text; save the overlay as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise OverlayError(
            f"{where}: not valid TOML ({exc}); see docs/holiday-overlays.md"
        ) from None
    return _parse(data, where)


_TOP_KEYS = {"format", "notice"}
_NOTICE_KEYS = {
    "year",
    "title",
    "reference",
    "url",
    "published",
    "revisions",
    "holiday",
    "imported",
}
_HOLIDAY_KEYS = {"name_zh", "name_en", "first", "last", "working_days"}


def _check_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise OverlayError(
            f"{where}: unknown key {unknown[0]!r}; the keys allowed here are "
            + ", ".join(sorted(allowed))
        )


def _get(table: Mapping[str, Any], key: str, kind: type, where: str, required: bool = True) -> Any:
    value = table.get(key)
    if value is None and not required:
        return None
    names = {int: "an integer", str: "a string", dt.date: "a date (2027-01-01)", list: "a list"}
    # A datetime is a date subclass, but a time of day has no place in a holiday notice.
    if not isinstance(value, kind) or isinstance(value, (bool, dt.datetime)):
        raise OverlayError(f"{where}.{key}: expected {names[kind]}, got {value!r}")
    return value


def _parse(data: Mapping[str, Any], where: str) -> tuple[_NoticeEntry, ...]:
    _check_keys(data, _TOP_KEYS, where)
    if type(data.get("format")) is not int or data.get("format") != 1:
        raise OverlayError(f"{where}: format = {data.get('format')!r}; write 'format = 1'")
    entries = []
    notices = data.get("notice", [])
    if not isinstance(notices, list) or not notices:
        raise OverlayError(f"{where}: no [[notice]] table; an overlay declares at least one")
    for i, raw in enumerate(notices):
        at = f"{where}: notice[{i}]"
        if not isinstance(raw, dict):
            raise OverlayError(f"{at}: expected a [[notice]] table")
        _check_keys(raw, _NOTICE_KEYS, at)
        year = _get(raw, "year", int, at)
        if not FIRST_YEAR <= year <= 2199:
            raise OverlayError(f"{at}.year: {year} is outside {FIRST_YEAR}-2199")
        revisions = raw.get("revisions", [])
        if not isinstance(revisions, list) or not all(isinstance(r, dict) for r in revisions):
            raise OverlayError(f"{at}.revisions: expected a list of {{ title, url }} tables")
        notice = Notice(
            year=year,
            title=_get(raw, "title", str, at),
            reference=_get(raw, "reference", str, at, required=False),
            url=_get(raw, "url", str, at, required=False),
            published=_get(raw, "published", dt.date, at, required=False),
            revisions=tuple(" ".join(str(v) for v in r.values()) for r in revisions),
            source="built-in" if where.startswith("cnreg_calendar/") else where,
            imported=_get(raw, "imported", dt.date, at, required=False),
        )
        declared = []
        holidays_raw = raw.get("holiday", [])
        if not isinstance(holidays_raw, list):
            raise OverlayError(
                f"{at}.holiday: expected [[notice.holiday]] tables, got {holidays_raw!r}"
            )
        for j, hol in enumerate(holidays_raw):
            declared.append(_parse_holiday(hol, year, f"{at}.holiday[{j}]"))
        entries.append(_NoticeEntry(notice, tuple(declared)))
    return tuple(entries)


def _parse_holiday(raw: Any, year: int, at: str) -> _Declared:
    if not isinstance(raw, dict):
        raise OverlayError(f"{at}: expected a [[notice.holiday]] table")
    _check_keys(raw, _HOLIDAY_KEYS, at)
    first = _get(raw, "first", dt.date, at)
    last = _get(raw, "last", dt.date, at)
    working_raw = raw.get("working_days", [])
    if not isinstance(working_raw, list):
        raise OverlayError(
            f"{at}.working_days: expected a list of dates ([2027-01-04]), got {working_raw!r}"
        )
    working = tuple(working_raw)
    # A notice for year Y reaches back into late December of Y-1 at most (e.g. 2018-12-29 under
    # the 2019 notice); anything else is a typo in the year.
    lowest, highest = dt.date(year - 1, 12, 1), dt.date(year, 12, 31)
    for key, day in [("first", first), ("last", last)] + [("working_days", d) for d in working]:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise OverlayError(f"{at}.{key}: expected a date (2027-01-01), got {day!r}")
        if not lowest <= day <= highest:
            raise OverlayError(
                f"{at}.{key}: {day} is outside the notice's year {year} "
                f"(dates from {lowest} to {highest} are accepted)"
            )
    if last < first:
        raise OverlayError(f"{at}: last ({last}) is before first ({first})")
    clash = [d for d in working if first <= d <= last]
    if clash:
        raise OverlayError(
            f"{at}.working_days: {clash[0]} is inside the rest period {first}..{last}; "
            "a day is either off or a make-up working day"
        )
    name_zh = _get(raw, "name_zh", str, at)
    name_en = raw.get("name_en") or _english(name_zh)
    return _Declared(name_zh, str(name_en), first, last, tuple(sorted(working)))


def build_day_table(overlays: Iterable[str | Path] = ()) -> DayTable:
    """Merge the built-in registry and the overlays into one table of exceptional days.

    The built-in registry holds every published year's rest periods and make-up working days, as
    its notice states them; nothing is taken from another package.

    >>> table = build_day_table()
    >>> table.is_working(dt.date(2026, 1, 4)), table.is_working(dt.date(2026, 1, 2))
    (True, False)
    """
    table = DayTable({}, {}, {}, FIRST_YEAR - 1, FIRST_YEAR - 1, [])
    for entry in sorted(load_notices(), key=lambda e: e.notice.year):
        _apply(table, entry)
    for path in overlays:
        for entry in sorted(load_notices(path), key=lambda e: e.notice.year):
            _apply(table, entry)
    return table


def _apply(table: DayTable, entry: _NoticeEntry) -> None:
    """Apply one declared notice: a new year, or a revision of a published one."""
    year = entry.notice.year
    if year > table.last_published + 1:
        raise OverlayError(
            f"{entry.notice.source}: the notice for {year} follows {table.last_published}, the last "
            f"published year, with a gap: add the notice for {table.last_published + 1} first"
        )
    if year == table.last_published + 1:
        # A new year replaces its estimate (if one was made) by what the notice says.
        for day in [d for d in table.rest if d.year == year]:
            del table.rest[day]
        table.last_published = year
        table.estimated_through = max(table.estimated_through, year)
        table.notices[year] = entry.notice
    elif entry.holidays and entry.notice.source != "built-in":
        known = table.notices[year]
        table.notices[year] = attrs.evolve(
            known, revisions=(*known.revisions, entry.notice.cite() + f" [{entry.notice.source}]")
        )
    for hol in entry.holidays:
        names = (hol.name_zh, hol.name_en)
        day = hol.first
        while day <= hol.last:
            if day in table.working:
                # An explicit override, never a silent one: it is recorded and reported.
                table.changes.append(
                    f"{day}: make-up working day becomes a day off ({hol.name_zh})"
                )
                del table.working[day]
            table.rest[day] = names
            day += dt.timedelta(days=1)
        for day in hol.working_days:
            if day in table.rest:
                table.changes.append(f"{day}: day off becomes a make-up working day")
                del table.rest[day]
            table.working[day] = names


def holidays_of(table: DayTable, year: int, provisional: bool) -> tuple[Holiday, ...]:
    """The holidays of ``year``: each rest period holding a day off, with its make-up days."""
    start, end = dt.date(year - 1, 12, 1), dt.date(year + 1, 1, 31)
    result = []
    day = start
    while day <= end:
        if day in table.rest and not table.is_working(day):
            first = day
            while not table.is_working(first - dt.timedelta(days=1)):
                first -= dt.timedelta(days=1)
            last = day
            while not table.is_working(last + dt.timedelta(days=1)):
                last += dt.timedelta(days=1)
            name = table.rest[day]
            named = [table.rest[d] for d in _days(first, last) if d in table.rest]
            if named:
                name = named[0]
            if last.year == year:
                make_up = tuple(
                    sorted(d for d, n in table.working.items() if n == name and _near(d, first))
                )
                result.append(Holiday(name[0], name[1], first, last, make_up, provisional))
            day = last
        day += dt.timedelta(days=1)
    return tuple(result)


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for n in range((last - first).days + 1):
        yield first + dt.timedelta(days=n)


def _near(day: dt.date, first: dt.date) -> bool:
    # A make-up day belongs to the holiday it serves: within two months of its rest period.
    return abs((day - first).days) <= 62
