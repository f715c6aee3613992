"""numpy and pandas paths: each equals the scalar method of the calendar, refusals included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnreg_calendar import china_calendar
from cnreg_calendar.deadlines import schedule
from cnreg_calendar.errors import CnregCalendarError, ScheduleNotPublished
from cnreg_calendar.frames import COLUMNS, deadlines_frame, is_provisional_array
from cnreg_calendar.profile import load_profile

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STRICT = china_calendar()
PROVISIONAL = china_calendar(provisional=True)
#: The property range of the issue: 2004-2026, far enough inside the data for 200 working days.
FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2026, 12, 24)
DAYS = st.dates(FIRST + dt.timedelta(days=320), LAST - dt.timedelta(days=320))
ANY_DAY = st.dates(FIRST, LAST)
STEPS = st.integers(-200, 200)
#: Wide enough for every answer drawn above.
BUSINESS = STRICT.busdaycalendar(FIRST, LAST)


def test_issue_example() -> None:
    """2026-02-13 (Friday) + 3 working days: Saturday 02-14 is a make-up day, 02-15..23 are off.

    The State Council's 2026 notice (国办发明电〔2025〕7号): Spring Festival 15-23 February,
    make-up working days Saturday 14 February and Saturday 28 February.
    """
    busdaycal = STRICT.busdaycalendar(dt.date(2026, 1, 1), dt.date(2026, 12, 24))
    assert np.datetime64("2026-02-25") == np.busday_offset(
        "2026-02-13", 3, roll="forward", busdaycal=busdaycal
    )
    # A Monday-Friday weekmask gives the wrong day, as the issue reports.
    assert np.datetime64("2026-02-26") == np.busday_offset(
        "2026-02-13", 3, roll="forward", holidays=[f"2026-02-{d}" for d in range(16, 24)]
    )
    assert (
        dt.date(2026, 2, 25)
        == (
            pd.Timestamp("2026-02-13") + 3 * STRICT.custom_business_day("2026-01-01", "2026-12-24")
        ).date()
    )


@settings(max_examples=300, deadline=None)
@given(days=st.lists(DAYS, min_size=1, max_size=40), data=st.data())
def test_add_array_equals_scalar(days: list[dt.date], data: st.DataObject) -> None:
    """add_working_days_array of any dates and offsets equals add_working_days of each."""
    steps = data.draw(st.lists(STEPS, min_size=len(days), max_size=len(days)))
    result = STRICT.add_working_days_array(np.array(days, dtype="datetime64[D]"), steps)
    assert "datetime64[D]" == str(result.dtype)
    assert [STRICT.add_working_days(d, n) for d, n in zip(days, steps, strict=True)] == [
        d.astype(dt.date) for d in result
    ]


@settings(max_examples=300, deadline=None)
@given(a=st.lists(ANY_DAY, min_size=1, max_size=40), data=st.data())
def test_between_array_equals_scalar(a: list[dt.date], data: st.DataObject) -> None:
    """working_days_between_array equals working_days_between, either order of the days."""
    b = data.draw(st.lists(ANY_DAY, min_size=len(a), max_size=len(a)))
    result = STRICT.working_days_between_array(a, b)
    assert [STRICT.working_days_between(x, y) for x, y in zip(a, b, strict=True)] == list(result)


@settings(max_examples=300, deadline=None)
@given(day=DAYS, n=STEPS)
def test_numpy_busday_offset_equals_scalar(day: dt.date, n: int) -> None:
    """np.busday_offset on our busdaycalendar equals add_working_days (its roll: see the doc)."""
    roll = "backward" if n > 0 else "forward"
    expected = STRICT.add_working_days(day, n)
    answer = np.busday_offset(day, n, roll=roll, busdaycal=BUSINESS)
    assert expected == answer.astype(dt.date)
    if STRICT.is_working_day(day):  # on a working day the roll does not matter
        assert expected == np.busday_offset(day, n, roll="forward", busdaycal=BUSINESS)


@settings(max_examples=300, deadline=None)
@given(a=DAYS, b=DAYS)
def test_numpy_busday_count_equals_scalar(a: dt.date, b: dt.date) -> None:
    """Our (a, b] count is numpy's [a + 1, b + 1) count; backwards numpy counts (b, a] itself."""
    one = np.timedelta64(1, "D")
    start, end = np.datetime64(a), np.datetime64(b)
    if a <= b:
        start, end = start + one, end + one
    assert STRICT.working_days_between(a, b) == np.busday_count(start, end, busdaycal=BUSINESS)


@settings(max_examples=100, deadline=None)
@given(day=DAYS, n=STEPS)
def test_pandas_offset_equals_scalar(day: dt.date, n: int) -> None:
    """Adding the pandas offset n times equals add_working_days (n != 0)."""
    if n == 0:
        n = 1
    offset = pd.offsets.CustomBusinessDay(n, calendar=BUSINESS)
    assert STRICT.add_working_days(day, n) == (pd.Timestamp(day) + offset).date()


def test_strict_refuses_like_scalar() -> None:
    """An unpublished year raises what the scalar method raises for the first such item."""
    days = ["2026-06-01", "2027-03-01", "2099-01-01"]
    with pytest.raises(ScheduleNotPublished) as scalar:
        STRICT.add_working_days("2027-03-01", 1)
    with pytest.raises(ScheduleNotPublished) as vector:
        STRICT.add_working_days_array(days, 1)
    assert str(scalar.value) == str(vector.value)
    # An answer beyond the data from a covered day is refused too, as the scalar refuses it.
    with pytest.raises(ScheduleNotPublished) as scalar:
        STRICT.add_working_days("2026-12-20", 10)
    with pytest.raises(ScheduleNotPublished) as vector:
        STRICT.add_working_days_array(["2026-06-01", "2026-12-20"], 10)
    assert str(scalar.value) == str(vector.value)
    with pytest.raises(ScheduleNotPublished) as scalar:
        STRICT.working_days_between("2026-01-01", "2027-01-05")
    with pytest.raises(ScheduleNotPublished) as vector:
        STRICT.working_days_between_array("2026-01-01", ["2026-02-01", "2027-01-05"])
    assert str(scalar.value) == str(vector.value)
    with pytest.raises(ScheduleNotPublished):
        STRICT.busdaycalendar("2026-01-01", "2027-01-31")
    with pytest.raises(ScheduleNotPublished):
        STRICT.add_working_days_array(["1999-06-01"], 1)


def test_provisional_extends_and_flags() -> None:
    """A provisional calendar answers far years as the scalar does and flags them."""
    cal = china_calendar(provisional=True)
    days = np.array(["2026-06-01", "2045-05-04", "2081-10-01"], dtype="datetime64[D]")
    result = cal.add_working_days_array(days, [5, -3, 20])
    expected = [
        cal.add_working_days(d.astype(dt.date), n) for d, n in zip(days, [5, -3, 20], strict=True)
    ]
    assert expected == [d.astype(dt.date) for d in result]
    assert [cal.is_provisional(d.astype(dt.date)) for d in days] == list(
        is_provisional_array(cal, days)
    )
    assert [False, True, True] == list(is_provisional_array(cal, days))


def test_bad_input() -> None:
    """Not dates, missing dates and non-integer offsets get one clear message."""
    with pytest.raises(CnregCalendarError, match="not a date"):
        STRICT.add_working_days_array(np.array(["2026-01-05", "NaT"], dtype="datetime64[D]"), 1)
    with pytest.raises(CnregCalendarError, match="cannot read the values as dates"):
        STRICT.add_working_days_array(["next tuesday"], 1)
    with pytest.raises(CnregCalendarError, match="not an integer"):
        STRICT.add_working_days_array(["2026-01-05"], "three")
    with pytest.raises(CnregCalendarError, match="before start"):
        STRICT.busdaycalendar("2026-02-01", "2026-01-01")


def test_deadlines_frame_types() -> None:
    """One row per deadline, in order, with typed columns equal to the deadlines' fields."""
    deadlines = [
        d
        for name in ("cloud-ciio.toml", "finance-ciio.toml", "game-minors.toml")
        for d in schedule(load_profile(EXAMPLES / name), dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    ]
    frame = deadlines_frame(deadlines)
    assert list(COLUMNS) == list(frame.columns)
    assert len(deadlines) == len(frame)
    assert "datetime64[s]" == str(frame["date"].dtype)
    assert "Asia/Shanghai" in str(frame["time"].dtype)
    for column in ("organisation", "duty", "instrument", "authority"):
        assert "category" == str(frame[column].dtype), column
    for column in ("binding", "provisional", "assumed", "draft"):
        assert "bool" == str(frame[column].dtype), column
    assert [d.date for d in deadlines] == [t.date() for t in frame["date"]]
    assert [d.entity for d in deadlines] == list(frame["organisation"])
    assert [d.duty.id for d in deadlines] == list(frame["duty"])
    assert [d.provisional for d in deadlines] == list(frame["provisional"])
    assert frame["provisional"].any()  # 2027 has no notice in the data
    assert 0 == len(deadlines_frame([]))
