"""The State Council's yearly holiday notices as values, and the overlay files that add to them.

The built-in notices are :mod:`cnreg_calendar.notice_data`; :mod:`cnreg_calendar.daytable` turns
them into the calendar's table of exceptional days. Overlay files (TOML, docs/holiday-overlays.md)
add a newly published year, or revise a published one, the day the notice appears. Years after the
last published one can only be *estimated* from the statutory holidays (全国年节及纪念日放假办法,
Art. 2 and Art. 6): :mod:`cnreg_calendar.estimates`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from cnreg_calendar import tomlguard
from cnreg_calendar.daytable import FIRST_YEAR, DayTable, build_day_table, english_name
from cnreg_calendar.errors import OverlayError

__all__ = [
    "DayTable",
    "Holiday",
    "Notice",
    "YearArrangement",
    "build_day_table",
    "holidays_of",
    "load_notices",
]


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
class YearArrangement:
    """A year's holidays as its notice arranges them (or as estimated, when ``provisional``).

    >>> from cnreg_calendar import china_calendar
    >>> cal = china_calendar()
    >>> arrangement = cal.year(2026)
    >>> arrangement.holidays[0].name_en, arrangement.make_up_days[0]
    ("New Year's Day", datetime.date(2026, 1, 4))
    """

    year: int
    published: bool
    provisional: bool
    notice: Notice | None
    holidays: tuple[Holiday, ...]

    @property
    def days_off(self) -> tuple[dt.date, ...]:
        """Every day of the year's rest periods, weekends inside them included."""
        return tuple(
            d
            for h in self.holidays
            for d in (h.first + dt.timedelta(days=n) for n in range(h.days))
        )

    @property
    def make_up_days(self) -> tuple[dt.date, ...]:
        """The weekend days that are working days (调休上班)."""
        return tuple(sorted(d for h in self.holidays for d in h.make_up_days))


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


def load_notices(path: str | Path | None = None) -> tuple[_NoticeEntry, ...]:
    """Read a notices file: the built-in notices when ``path`` is None, else an overlay (TOML).

    >>> [entry.notice.year for entry in load_notices()][-1] >= 2026
    True
    """
    if path is None:
        return _built_in()
    where = str(path)
    try:
        text = Path(path).read_text("utf-8")
        data = tomlguard.loads(text, where, OverlayError)
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
            source=where,
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
    name_en = raw.get("name_en") or english_name(name_zh)
    return _Declared(name_zh, str(name_en), first, last, tuple(sorted(working)))


def _built_in() -> tuple[_NoticeEntry, ...]:
    """The built-in notices (:mod:`cnreg_calendar.notice_data`) as entries, like an overlay's."""
    from cnreg_calendar.notice_data import NOTICES

    day = dt.date.fromisoformat
    entries = []
    for record in NOTICES:
        notice = Notice(
            year=record["year"],
            title=record["title"],
            reference=record.get("reference"),
            url=record.get("url"),
            published=day(record["published"]) if "published" in record else None,
            revisions=tuple(" ".join(r.values()) for r in record.get("revisions", ())),
        )
        declared = tuple(
            _Declared(name, english_name(name), day(first), day(last), tuple(map(day, working)))
            for name, first, last, working in record["holidays"]
        )
        entries.append(_NoticeEntry(notice, declared))
    return tuple(entries)


def notice_of(table: DayTable, year: int) -> Notice | None:
    """The notice of ``year`` in ``table`` as a :class:`Notice`, or None when unpublished."""
    fields = table.notices.get(year)
    return None if fields is None else Notice(**fields)


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
