"""The Chinese working-day calendar: statutory holidays, 调休 make-up days, and a constant-time index.

A working day (工作日) is defined by no statute. Under the State Council's Provisions on Working
Hours of Employees (国务院关于职工工作时间的规定) Art. 7, Saturday and Sunday are the weekly rest
days; the yearly notice of the State Council General Office turns some weekdays into days off and
some weekend days into working days (调休上班). So a working day is Monday-Friday, minus the days
off, plus the make-up working days.

The calendar precomputes, for every day it covers, the number of working days up to that day.
``add_working_days`` and ``working_days_between`` are then two list look-ups, whatever the offset.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnreg_calendar.daytable import FIRST_YEAR, DayTable, build_day_table
from cnreg_calendar.errors import CnregCalendarError, DateRangeError, ScheduleNotPublished

if TYPE_CHECKING:
    from cnreg_calendar.notices import Notice, YearArrangement

__all__ = ["ChinaCalendar", "YearArrangement", "china_calendar"]

_FIRST = dt.date(FIRST_YEAR, 1, 1)
_BASE = _FIRST.toordinal()
#: The next year's notice can still change the last days of a published year: the 2019 notice made
#: Saturday 2018-12-29 a working day, the 2006 notice Saturday 2005-12-31. No notice since 2001 has
#: reached further back than 29 December, so from this day of December on, a year is only settled
#: once the next year's notice is published.
PENDING_FROM = (12, 25)
#: Provisional calendars estimate this many years ahead at first, and more on demand.
_HORIZON_STEP = 10
#: The last year a provisional calendar estimates: the lunar table of the ``holidays`` package
#: (Spring Festival, Qingming, Dragon Boat, Mid-Autumn) ends with 2100, and a year with only its
#: fixed-date holidays would be silently wrong. Later days are refused.
_LAST_YEAR = 2100
#: The first day and the last year the calendar can answer for (the latter only by estimate).
FIRST_DAY = _FIRST
LAST_YEAR = _LAST_YEAR

DateLike = dt.date | str


def coerce_date(value: object, name: str = "date") -> dt.date:
    """A date from a ``date``, a ``datetime`` or ISO text, or a clear error.

    The one datetime rule of the library: an aware ``datetime`` counts on its Beijing date (the
    day it is in Beijing), a naive one is Beijing time already, so its own date.

    >>> coerce_date(dt.datetime(2026, 9, 29, 20, 0, tzinfo=dt.UTC))   # Beijing: 30 Sep 04:00
    datetime.date(2026, 9, 30)
    """
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.date()
        try:
            from zoneinfo import ZoneInfo  # only for aware date-times: start-up stays quick

            return value.astimezone(ZoneInfo("Asia/Shanghai")).date()
        except OverflowError:
            raise DateRangeError(
                f"{name} {value.isoformat()} falls outside the dates Beijing time can represent "
                "(0001-01-01 to 9999-12-31); pass a date-time inside that range"
            ) from None
    if isinstance(value, dt.date):  # e.g. a pandas Timestamp is a datetime; other subclasses
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CnregCalendarError(
        f"{name} {value!r} is not a date: pass a datetime.date, a datetime.datetime "
        "or ISO text YYYY-MM-DD such as '2026-01-04'"
    )


class ChinaCalendar:
    """Working days in mainland China, from the State Council notices.

    Build one with :func:`china_calendar`. Every date argument may be a ``date``, a ``datetime``
    (its Beijing date: an aware one is converted to Beijing time first, a naive one is taken as
    Beijing time, as in :func:`~cnreg_calendar.periods.due`) or an ISO text (``"2026-01-04"``).

    >>> cal = china_calendar()
    >>> cal.is_working_day(dt.date(2026, 1, 4))      # a Sunday, made a working day (调休上班)
    True
    >>> cal.add_working_days(dt.date(2026, 9, 28), 5)   # across National Day 2026
    datetime.date(2026, 10, 10)
    >>> cal.working_days_between(dt.date(2025, 12, 31), dt.date(2026, 1, 31))
    21
    """

    def __init__(self, table: DayTable, provisional: bool) -> None:
        self._table = table
        self.provisional = provisional
        last = table.last_published
        #: The last day whose status every published notice settles.
        self.settled_until = dt.date(last, *PENDING_FROM) - dt.timedelta(days=1)
        end = dt.date(last + _HORIZON_STEP, 12, 31) if provisional else self.settled_until
        self._build(end)

    def __repr__(self) -> str:
        """The mode, the years of data and where strict answers stop.

        >>> china_calendar()
        ChinaCalendar(strict, published 2001-2026, settled until 2026-12-24)
        """
        mode = "provisional" if self.provisional else "strict"
        first = min(self._table.notices)
        return (
            f"ChinaCalendar({mode}, published {first}-{self.last_published}, "
            f"settled until {self.settled_until})"
        )

    # -- the index -------------------------------------------------------------------------

    def _build(self, end: dt.date) -> None:
        self._table.estimate_through(end.year)
        # The table's rule (DayTable.is_working) on ordinals: a make-up day works; otherwise a
        # weekday works unless it is a day off. Ordinal 1 (0001-01-01) is a Monday, so the
        # weekday of ordinal o is (o - 1) % 7. Integers only: the index of 2001-2036 builds in
        # a few milliseconds, which every new process pays once.
        off = {day.toordinal() for day in self._table.rest}
        on = {day.toordinal() for day in self._table.working}
        last = end.toordinal()
        workdays = [
            o for o in range(_BASE, last + 1) if o in on or ((o - 1) % 7 < 5 and o not in off)
        ]
        flags = bytearray(last - _BASE + 1)
        for o in workdays:
            flags[o - _BASE] = 1
        cum = list(itertools.accumulate(flags))
        self._flags, self._cum, self._workdays = bytes(flags), cum, workdays
        self._end = end.toordinal() - _BASE  # the last offset covered

    def _offset(self, day: dt.date) -> int:
        offset = day.toordinal() - _BASE
        if 0 <= offset <= self._end:
            return offset
        self._out_of_range(day)
        return day.toordinal() - _BASE

    def _out_of_range(self, day: dt.date) -> None:
        """Extend a provisional calendar to ``day``, or raise: it is outside the data."""
        last = self._table.last_published
        if day < _FIRST:
            raise ScheduleNotPublished(
                f"{day} is before {_FIRST}: the holiday data starts with the {FIRST_YEAR} notice",
                year=day.year,
                last_published=last,
            )
        if self.provisional and day.year <= _LAST_YEAR:
            self._build(dt.date(min(day.year + _HORIZON_STEP, _LAST_YEAR), 12, 31))
            return
        if self.provisional:
            raise ScheduleNotPublished(
                f"{day} is after {_LAST_YEAR}, beyond even the provisional estimate: the lunar "
                f"festivals are known only up to {_LAST_YEAR}; pass a date up to "
                f"{_LAST_YEAR}-12-31",
                year=day.year,
                last_published=last,
            )
        year = last + 1 if day.year == last else day.year
        pending = f" ({day} falls in the days the {last + 1} notice may still change)"
        raise ScheduleNotPublished(
            f"the State Council holiday notice for {year} is not in the data, so working days "
            f"after {self.settled_until} are unknown{pending if day.year == last else ''}; "
            f"the last published year is {last}. Add the notice as an overlay "
            f"(china_calendar(overlays=['notice-{year}.toml']), CLI --overlay FILE) or accept an "
            "estimate flagged as provisional (china_calendar(provisional=True), CLI --provisional)",
            year=year,
            last_published=last,
        )

    def _index(self, k: int, day: dt.date, n: int) -> int:
        """The ordinal of working day number ``k`` (0-based), extending or refusing as needed."""
        while True:
            if 0 <= k < len(self._workdays):
                return self._workdays[k]
            if k < 0:
                raise ScheduleNotPublished(
                    f"{n} working days from {day} reaches before {_FIRST}, where the data starts",
                    year=FIRST_YEAR - 1,
                    last_published=self._table.last_published,
                )
            beyond = dt.date.fromordinal(self._end + _BASE) + dt.timedelta(days=1)
            self._out_of_range(beyond.replace(month=12, day=31) if self.provisional else beyond)

    # -- questions about single days -------------------------------------------------------

    def is_working_day(self, day: DateLike) -> bool:
        """Whether ``day`` is a working day.

        >>> china_calendar().is_working_day("2026-10-07")   # inside National Day
        False
        """
        day = coerce_date(day)
        offset = day.toordinal() - _BASE
        if not 0 <= offset <= self._end:
            self._out_of_range(day)
        return self._flags[offset] == 1

    def is_published(self, year: int) -> bool:
        """True when the year's State Council notice is in the data.

        >>> cal = china_calendar()
        >>> cal.is_published(2026), cal.is_published(2099)
        (True, False)
        """
        return FIRST_YEAR <= year <= self._table.last_published

    @property
    def last_published(self) -> int:
        """The last year whose notice is in the data."""
        return self._table.last_published

    def is_provisional(self, day: DateLike) -> bool:
        """Whether the status of ``day`` is an estimate (only in a provisional calendar).

        >>> china_calendar(provisional=True).is_provisional("2099-01-01")
        True
        """
        return coerce_date(day) > self.settled_until

    def depends_on_estimate(self, *days: DateLike) -> bool:
        """Whether a result spanning ``days`` touches a day whose status is estimated.

        >>> china_calendar().depends_on_estimate("2025-01-01", "2026-03-01")
        False
        """
        return any(coerce_date(d) > self.settled_until for d in days)

    def next_working_day(self, day: DateLike) -> dt.date:
        """The first working day after ``day``.

        >>> china_calendar().next_working_day("2026-09-30")
        datetime.date(2026, 10, 8)
        """
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: DateLike) -> dt.date:
        """The last working day before ``day``.

        >>> china_calendar().previous_working_day("2026-10-08")
        datetime.date(2026, 9, 30)
        """
        return self.add_working_days(day, -1)

    def roll_forward(self, day: DateLike) -> dt.date:
        """``day`` itself when it is a working day, else the next working day.

        >>> china_calendar().roll_forward("2026-10-03")
        datetime.date(2026, 10, 8)
        """
        if type(day) is dt.date:
            offset = day.toordinal() - _BASE
            if 0 <= offset <= self._end and self._flags[offset]:
                return day  # most days are working days: no look-up needed
        return self.add_working_days(day, 0)

    def roll_backward(self, day: DateLike) -> dt.date:
        """``day`` itself when it is a working day, else the last working day before it.

        >>> china_calendar().roll_backward("2026-10-03")
        datetime.date(2026, 9, 30)
        """
        return self.add_working_days(day, 0 if self.is_working_day(day) else -1)

    # -- offsets and counts ----------------------------------------------------------------

    def add_working_days(self, day: DateLike, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (before it when ``n < 0``); ``day`` never counts.

        ``n == 0`` returns ``day`` itself when it is a working day and otherwise the next working
        day (a roll forward), so that the result is always a working day.

        >>> cal = china_calendar()
        >>> cal.add_working_days(dt.date(2026, 2, 13), 1)   # Friday → Saturday, a make-up day
        datetime.date(2026, 2, 14)
        >>> cal.add_working_days(dt.date(2026, 2, 24), -2)
        datetime.date(2026, 2, 13)
        >>> cal.add_working_days(dt.date(2026, 2, 15), 0)
        datetime.date(2026, 2, 24)
        """
        if type(day) is not dt.date:
            day = coerce_date(day)
        offset = day.toordinal() - _BASE
        if not 0 <= offset <= self._end:
            offset = self._offset(day)
        # n > 0: the working days up to `day`, then n on; n <= 0: those strictly before `day`,
        # then |n| back (n == 0: the first working day on or after `day`).
        k = self._cum[offset] + n - 1 if n > 0 else self._cum[offset] - self._flags[offset] + n
        workdays = self._workdays
        if 0 <= k < len(workdays):
            return dt.date.fromordinal(workdays[k])
        return dt.date.fromordinal(self._index(k, day, n))

    def working_days_between(self, start: DateLike, end: DateLike) -> int:
        """The number of working days ``d`` with ``start < d <= end`` (negative when end < start).

        >>> china_calendar().working_days_between("2026-01-01", "2026-12-24")
        243
        """
        if type(start) is not dt.date:
            start = coerce_date(start, "start")
        if type(end) is not dt.date:
            end = coerce_date(end, "end")
        a = start.toordinal() - _BASE
        b = end.toordinal() - _BASE
        if not (0 <= a <= self._end and 0 <= b <= self._end):
            a, b = self._offset(start), self._offset(end)
        return self._cum[b] - self._cum[a]

    def working_days(self, start: DateLike, end: DateLike) -> Iterator[dt.date]:
        """The working days from ``start`` to ``end``, both included.

        >>> [d.day for d in china_calendar().working_days("2026-01-01", "2026-01-06")]
        [4, 5, 6]
        """
        first, last = coerce_date(start, "start"), coerce_date(end, "end")
        self._offset(first)
        self._offset(last)
        lo = self._cum[first.toordinal() - _BASE] - self._flags[first.toordinal() - _BASE]
        hi = self._cum[last.toordinal() - _BASE]
        return (dt.date.fromordinal(o) for o in self._workdays[lo:hi])

    # -- years -----------------------------------------------------------------------------

    def year(self, year: int) -> YearArrangement:
        """The year's holidays and make-up working days, with its notice.

        In a strict calendar an unpublished year raises :class:`ScheduleNotPublished`.

        >>> [h.name_zh for h in china_calendar().year(2026).holidays]
        ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']
        """
        from cnreg_calendar.notices import YearArrangement, holidays_of, notice_of

        published = self.is_published(year)
        if not published:
            self._offset(dt.date(year, 6, 30))  # raises, or extends a provisional calendar
        return YearArrangement(
            year=year,
            published=published,
            provisional=not published,
            notice=notice_of(self._table, year),
            holidays=holidays_of(self._table, year, provisional=not published),
        )

    def holiday_name(self, day: DateLike) -> tuple[str, str] | None:
        """The ``(Chinese, English)`` name of the holiday ``day`` belongs to, if any.

        >>> china_calendar().holiday_name("2026-02-14")
        ('春节', 'Spring Festival')
        """
        return self._table.name_of(coerce_date(day))

    def notice(self, year: int) -> Notice | None:
        """The notice of ``year``, with its reference, or None when unpublished."""
        from cnreg_calendar.notices import notice_of

        return notice_of(self._table, year)

    @property
    def changes(self) -> tuple[str, ...]:
        """The explicit overrides that overlays made to built-in days."""
        return tuple(self._table.changes)

    # -- numpy and pandas (the optional extra [dataframe]; see cnreg_calendar.frames) -------

    def add_working_days_array(self, dates: object, n: object) -> Any:
        """:meth:`add_working_days` of an array of dates: :func:`.frames.add_working_days_array`."""
        from cnreg_calendar import frames

        return frames.add_working_days_array(self, dates, n)

    def working_days_between_array(self, start: object, end: object) -> Any:
        """:meth:`working_days_between` of arrays: :func:`.frames.working_days_between_array`."""
        from cnreg_calendar import frames

        return frames.working_days_between_array(self, start, end)

    def busdaycalendar(self, start: DateLike, end: DateLike) -> Any:
        """A ``numpy.busdaycalendar`` of the working days in a range: :func:`.frames.busdaycalendar`."""
        from cnreg_calendar import frames

        return frames.busdaycalendar(self, start, end)

    def custom_business_day(self, start: DateLike, end: DateLike, n: int = 1) -> Any:
        """A pandas ``CustomBusinessDay`` of the range: :func:`.frames.custom_business_day`."""
        from cnreg_calendar import frames

        return frames.custom_business_day(self, start, end, n)


def china_calendar(
    *, provisional: bool = False, overlays: Iterable[str | Path] = ()
) -> ChinaCalendar:
    """The mainland-China working-day calendar.

    ``provisional=False`` (strict) refuses, with :class:`ScheduleNotPublished`, any answer that
    depends on a year whose notice is not in the data; ``provisional=True`` estimates such years
    from the statutory holidays and marks results as provisional. ``overlays`` are notice files
    (docs/holiday-overlays.md) that add a newly published year or a revision.

    >>> china_calendar().last_published >= 2026
    True
    """
    from cnreg_calendar.userdata import installed_files  # `notice import --install` overlays

    installed: tuple[Path, ...] = ()
    if installed_files():  # read and checked only when there are any
        from cnreg_calendar.installed import active_overlays

        installed = active_overlays()
    overlays = tuple(overlays)
    if not overlays:
        return _cached(provisional, installed)
    return ChinaCalendar(build_day_table((*installed, *overlays)), provisional)


_CACHE: dict[tuple[object, ...], ChinaCalendar] = {}


def _cached(provisional: bool, installed: tuple[Path, ...] = ()) -> ChinaCalendar:
    key = (provisional, *((p, p.stat().st_mtime_ns, p.stat().st_size) for p in installed))
    if key not in _CACHE:
        _CACHE[key] = ChinaCalendar(build_day_table(installed), provisional)
    return _CACHE[key]


def __getattr__(name: str) -> Any:
    # YearArrangement lives with the other notice values; it is importable from here as before.
    if name == "YearArrangement":
        from cnreg_calendar.notices import YearArrangement

        return YearArrangement
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
