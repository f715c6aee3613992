"""The fast date-only path of the schedule agrees with the explained computation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnreg_calendar import Period, ScheduleNotPublished, Unit, china_calendar, due
from cnreg_calendar.periods import due_day

CALENDAR = china_calendar(provisional=True)

anchors = st.dates(min_value=dt.date(2001, 6, 1), max_value=dt.date(2035, 12, 31))
units = st.sampled_from([Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS])


@settings(max_examples=600)
@given(anchor=anchors, amount=st.integers(1, 400), unit=units, before=st.booleans())
def test_due_day_agrees_with_due(anchor: dt.date, amount: int, unit: Unit, before: bool) -> None:
    """due_day gives the same date and provisional flag as due() for every period kind."""
    if unit is Unit.YEARS:
        amount = amount % 12 + 1
    try:
        explained = due(anchor, Period(amount, unit), CALENDAR, before=before)
    except ScheduleNotPublished:  # reaching before 2001, where the data starts: both refuse
        with pytest.raises(ScheduleNotPublished):
            due_day(anchor, amount, unit, CALENDAR, before)
        return
    fast = due_day(anchor, amount, unit, CALENDAR, before)
    assert (explained.date, explained.provisional) == fast


@given(
    anchor=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)),
    hours=st.integers(1, 72),
)
def test_due_day_hours_agree(anchor: dt.datetime, hours: int) -> None:
    """Hour periods agree too, and stay exact datetimes."""
    explained = due(anchor, Period(hours, Unit.HOURS), CALENDAR)
    assert (explained.date, explained.provisional) == due_day(anchor, hours, Unit.HOURS, CALENDAR)
