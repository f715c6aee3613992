"""Shared Hypothesis strategies for the working-day calendar and the period arithmetic."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from cnreg_calendar import ChinaCalendar, Period, Unit, china_calendar

__all__ = [
    "MAX_OFFSET",
    "MODES",
    "PROVISIONAL_LAST",
    "STRICT_FIRST",
    "STRICT_LAST",
    "calendar",
    "date_inputs",
    "dates",
    "inner_dates",
    "offsets",
    "periods",
    "shanghai_datetimes",
]

#: The strict calendar answers from the first notice (2001) to 24 December of the last published
#: year (2026): the 2027 notice may still change 25-31 December 2026.
STRICT_FIRST = dt.date(2001, 1, 1)
STRICT_LAST = dt.date(2026, 12, 24)
#: How far the provisional properties reach.
PROVISIONAL_LAST = dt.date(2040, 12, 31)
#: The largest working-day offset drawn: 200 working days are less than 300 calendar days.
MAX_OFFSET = 200
#: Far enough from the ends of the data that MAX_OFFSET working days stay inside it.
_MARGIN = dt.timedelta(days=320)

MODES = ("strict", "provisional")


def calendar(mode: str) -> ChinaCalendar:
    """The strict or the provisional calendar."""
    return china_calendar(provisional=mode == "provisional")


def dates(mode: str = "strict") -> st.SearchStrategy[dt.date]:
    """Any day the calendar of ``mode`` answers for."""
    last = STRICT_LAST if mode == "strict" else PROVISIONAL_LAST
    return st.dates(STRICT_FIRST, last)


def inner_dates(mode: str = "strict") -> st.SearchStrategy[dt.date]:
    """Days far enough inside the data that any offset of at most MAX_OFFSET stays inside it."""
    last = STRICT_LAST if mode == "strict" else PROVISIONAL_LAST
    return st.dates(STRICT_FIRST + _MARGIN, last - _MARGIN)


def offsets(*, allow_zero: bool = True) -> st.SearchStrategy[int]:
    """Working-day offsets, negative and positive."""
    ints = st.integers(-MAX_OFFSET, MAX_OFFSET)
    return ints if allow_zero else ints.filter(bool)


def date_inputs(day: dt.date) -> st.SearchStrategy[object]:
    """The same day as a ``datetime`` (any time of day) or as ISO text (padded or not)."""
    return st.one_of(
        st.times().map(lambda t: dt.datetime.combine(day, t)),
        st.sampled_from([day.isoformat(), f" {day.isoformat()} "]),
    )


def periods(
    units: tuple[Unit, ...] = (Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS),
) -> st.SearchStrategy[Period]:
    """Periods in the given units, of sizes the laws use (a few days to a few years)."""
    limits = {
        Unit.HOURS: 96,
        Unit.DAYS: 180,
        Unit.WORKING_DAYS: 120,
        Unit.MONTHS: 12,
        Unit.YEARS: 2,
    }
    return st.sampled_from(units).flatmap(
        lambda unit: st.integers(1, limits[unit]).map(lambda n: Period(n, unit))
    )


def shanghai_datetimes() -> st.SearchStrategy[dt.datetime]:
    """Naive wall-clock times (read as Beijing time) from 2001 to 2040, where China has no DST."""
    return st.datetimes(dt.datetime(2001, 1, 1), dt.datetime(2040, 12, 31))
