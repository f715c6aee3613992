"""Tests of the working-day calendar: properties of its offsets and counts, refusals and flags."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import (
    MAX_OFFSET,
    MODES,
    PROVISIONAL_LAST,
    STRICT_FIRST,
    STRICT_LAST,
    calendar,
    date_inputs,
    dates,
    inner_dates,
    offsets,
)

from cnreg_calendar import CnregCalendarError, ScheduleNotPublished, china_calendar

ONE = dt.timedelta(days=1)
D = dt.date

modes = pytest.mark.parametrize("mode", MODES)


def naive_add(cal, day, n):
    """``add_working_days`` by walking day by day: the model the index must agree with."""
    step = ONE if n > 0 else -ONE
    if n == 0:
        while not cal.is_working_day(day):
            day += ONE
        return day
    for _ in range(abs(n)):
        day += step
        while not cal.is_working_day(day):
            day += step
    return day


# -- add_working_days ---------------------------------------------------------------------------


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_add_working_days_returns_a_working_day(mode, data):
    """``add_working_days`` always lands on a working day, whatever the start and offset."""
    cal = calendar(mode)
    day, n = data.draw(inner_dates(mode)), data.draw(offsets())
    assert True is cal.is_working_day(cal.add_working_days(day, n))


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_add_working_days_agrees_with_walking(mode, data):
    """The index gives the same day as walking the calendar one day at a time."""
    cal = calendar(mode)
    day, n = data.draw(inner_dates(mode)), data.draw(st.integers(-15, 15))
    assert naive_add(cal, day, n) == cal.add_working_days(day, n)


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_count_inverts_offset_from_a_working_day(mode, data):
    """From a working day, ``working_days_between(d, add_working_days(d, n)) == n`` for every n."""
    cal = calendar(mode)
    day = cal.roll_forward(data.draw(inner_dates(mode)))
    n = data.draw(offsets())
    assert n == cal.working_days_between(day, cal.add_working_days(day, n))


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_count_inverts_positive_offset_from_any_day(mode, data):
    """From any day, working day or not, a positive offset is counted back exactly."""
    cal = calendar(mode)
    day = data.draw(inner_dates(mode))
    n = data.draw(st.integers(1, MAX_OFFSET))
    assert n == cal.working_days_between(day, cal.add_working_days(day, n))


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_add_working_days_is_monotonic_in_n(mode, data):
    """A larger offset never gives an earlier day, and from a working day always a later one."""
    cal = calendar(mode)
    day = data.draw(inner_dates(mode))
    n1, n2 = sorted([data.draw(offsets()), data.draw(offsets())])
    assert cal.add_working_days(day, n1) <= cal.add_working_days(day, n2)
    working = cal.roll_forward(day)
    if n1 < n2:
        assert cal.add_working_days(working, n1) < cal.add_working_days(working, n2)


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_add_working_days_is_monotonic_in_the_start(mode, data):
    """A later start never gives an earlier day for the same offset."""
    cal = calendar(mode)
    d1, d2 = sorted([data.draw(inner_dates(mode)), data.draw(inner_dates(mode))])
    n = data.draw(offsets())
    assert cal.add_working_days(d1, n) <= cal.add_working_days(d2, n)


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_forward_and_backward_offsets_invert_each_other(mode, data):
    """On a working day, going n working days forward and n back returns to it."""
    cal = calendar(mode)
    day = cal.roll_forward(data.draw(inner_dates(mode)))
    n = data.draw(offsets())
    assert day == cal.add_working_days(cal.add_working_days(day, n), -n)


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_zero_offset_is_the_day_or_the_next_working_day(mode, data):
    """``n == 0`` returns the day itself when it is a working day, else the next working day."""
    cal = calendar(mode)
    day = data.draw(inner_dates(mode))
    expected = day if cal.is_working_day(day) else cal.next_working_day(day)
    assert (expected, expected) == (cal.add_working_days(day, 0), cal.roll_forward(day))


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_roll_backward_is_the_day_or_the_previous_working_day(mode, data):
    """``roll_backward`` returns the day itself when it is a working day, else the previous one."""
    cal = calendar(mode)
    day = data.draw(inner_dates(mode))
    expected = day if cal.is_working_day(day) else cal.previous_working_day(day)
    assert expected == cal.roll_backward(day)


def test_zero_offset_examples():
    """Zero working days from a working day is that day; from a holiday, the first day back at work."""
    cal = china_calendar()
    assert [D(2026, 1, 4), D(2026, 2, 24), D(2026, 10, 8)] == [
        cal.add_working_days(D(2026, 1, 4), 0),  # Sunday, a make-up working day
        cal.add_working_days(D(2026, 2, 15), 0),  # Spring Festival
        cal.add_working_days(D(2026, 10, 3), 0),  # National Day
    ]


def test_next_previous_and_rolls_around_national_day_2026():
    """Around National Day 2026 (1-7 Oct, make-up Sun 20 Sep and Sat 10 Oct) the neighbours are right."""
    cal = china_calendar()
    assert [D(2026, 10, 8), D(2026, 9, 30), D(2026, 10, 8), D(2026, 9, 30), D(2026, 10, 10)] == [
        cal.next_working_day(D(2026, 9, 30)),
        cal.previous_working_day(D(2026, 10, 8)),
        cal.roll_forward(D(2026, 10, 4)),
        cal.roll_backward(D(2026, 10, 4)),
        cal.next_working_day(D(2026, 10, 9)),
    ]
    assert D(2026, 9, 20) == cal.next_working_day(D(2026, 9, 18))  # Sunday, a make-up day


# -- working_days_between and working_days -------------------------------------------------------


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_working_days_between_is_antisymmetric(mode, data):
    """Counting from b to a gives the negative of counting from a to b, and zero from a day to itself."""
    cal = calendar(mode)
    a, b = data.draw(dates(mode)), data.draw(dates(mode))
    assert (-cal.working_days_between(a, b), 0) == (
        cal.working_days_between(b, a),
        cal.working_days_between(a, a),
    )


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_working_days_between_is_additive(mode, data):
    """Counts over consecutive spans add up: between(a, b) + between(b, c) == between(a, c)."""
    cal = calendar(mode)
    a, b, c = (data.draw(dates(mode)) for _ in range(3))
    assert cal.working_days_between(a, c) == (
        cal.working_days_between(a, b) + cal.working_days_between(b, c)
    )


@modes
@settings(max_examples=100)
@given(data=st.data())
def test_working_days_between_counts_working_days_after_start_up_to_end(mode, data):
    """``working_days_between(a, b)`` counts the working days d with a < d <= b, one by one."""
    cal = calendar(mode)
    a = data.draw(inner_dates(mode))
    b = a + dt.timedelta(days=data.draw(st.integers(0, 60)))
    expected = sum(1 for n in range(1, (b - a).days + 1) if cal.is_working_day(a + n * ONE))
    assert expected == cal.working_days_between(a, b)


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_working_days_agrees_with_working_days_between(mode, data):
    """``working_days(a, b)`` lists, in order, the working days of a..b: as many as the count says."""
    cal = calendar(mode)
    a = data.draw(inner_dates(mode))
    b = a + dt.timedelta(days=data.draw(st.integers(-10, 300)))
    listed = list(cal.working_days(a, b))
    expected_len = max(0, cal.working_days_between(a - ONE, b))
    assert expected_len == len(listed)
    assert sorted(set(listed)) == listed
    assert all(a <= d <= b and cal.is_working_day(d) for d in listed)


def test_working_days_example():
    """The working days of 1-6 January 2026 are the make-up Sunday the 4th, the 5th and the 6th."""
    cal = china_calendar()
    assert [D(2026, 1, 4), D(2026, 1, 5), D(2026, 1, 6)] == list(
        cal.working_days("2026-01-01", "2026-01-06")
    )


# -- input types ----------------------------------------------------------------------------------


@modes
@settings(max_examples=200)
@given(data=st.data())
def test_datetime_and_iso_inputs_give_the_same_answers_as_dates(mode, data):
    """A ``datetime`` or an ISO text means its date, for every method taking a day."""
    cal = calendar(mode)
    day, other = data.draw(inner_dates(mode)), data.draw(inner_dates(mode))
    n = data.draw(offsets())
    as_input, other_input = data.draw(date_inputs(day)), data.draw(date_inputs(other))
    expected = (
        cal.is_working_day(day),
        cal.add_working_days(day, n),
        cal.working_days_between(day, other),
        list(cal.working_days(day, other)),
        cal.next_working_day(day),
        cal.previous_working_day(day),
        cal.roll_forward(day),
        cal.roll_backward(day),
        cal.is_provisional(day),
        cal.depends_on_estimate(day, other),
        cal.holiday_name(day),
    )
    assert expected == (
        cal.is_working_day(as_input),
        cal.add_working_days(as_input, n),
        cal.working_days_between(as_input, other_input),
        list(cal.working_days(as_input, other_input)),
        cal.next_working_day(as_input),
        cal.previous_working_day(as_input),
        cal.roll_forward(as_input),
        cal.roll_backward(as_input),
        cal.is_provisional(as_input),
        cal.depends_on_estimate(as_input, other_input),
        cal.holiday_name(as_input),
    )


@pytest.mark.parametrize(
    "bad", ["2026-02-30", "yesterday", "", "2026/01/04", 20260104, None, 2026.5, dt.time(9)]
)
def test_bad_date_input_is_refused_with_a_helpful_message(bad):
    """A value that is not a date raises CnregCalendarError naming the value and the accepted forms."""
    cal = china_calendar()
    with pytest.raises(CnregCalendarError) as info:
        cal.is_working_day(bad)
    message = str(info.value)
    assert (True, True, True) == (
        repr(bad) in message,
        "datetime.date" in message,
        "ISO" in message,
    )


@pytest.mark.parametrize("method", ["working_days_between", "working_days"])
def test_bad_date_input_names_the_parameter(method):
    """A bad end of a span is named as ``end`` in the message."""
    cal = china_calendar()
    with pytest.raises(CnregCalendarError, match=r"^end 'soon' is not a date"):
        getattr(cal, method)("2026-01-05", "soon")


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.add_working_days("2026-02-30", 1),
        lambda cal: cal.next_working_day("never"),
        lambda cal: cal.roll_backward(None),
        lambda cal: cal.is_provisional("2026-13-01"),
        lambda cal: cal.holiday_name(12),
    ],
    ids=["add_working_days", "next_working_day", "roll_backward", "is_provisional", "holiday_name"],
)
def test_every_method_refuses_bad_dates(call):
    """Every method taking a day refuses a value that is not one with CnregCalendarError."""
    with pytest.raises(CnregCalendarError, match="is not a date"):
        call(china_calendar())


# -- strict refusals -------------------------------------------------------------------------------


def assert_refusal(error, year):
    """The refusal names the missing year and the last published one, and says how to proceed."""
    message = str(error)
    assert (year, 2026, True, True, True, True) == (
        error.year,
        error.last_published,
        str(year) in message,
        "2026" in message,
        "overlay" in message,
        "provisional" in message,
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.is_working_day(D(2026, 12, 28)),
        lambda cal: cal.working_days_between(D(2026, 12, 1), D(2026, 12, 28)),
        lambda cal: cal.add_working_days(D(2026, 12, 24), 1),
        lambda cal: cal.add_working_days(D(2026, 12, 25), -1),
        lambda cal: cal.roll_forward(D(2026, 12, 26)),
        lambda cal: list(cal.working_days(D(2026, 12, 20), D(2026, 12, 31))),
        lambda cal: cal.year(2027),
    ],
    ids=["is_working_day", "between", "add", "add_back", "roll_forward", "working_days", "year"],
)
def test_strict_calendar_refuses_the_pending_days(call):
    """Days from 25 December 2026 wait for the 2027 notice: refused, naming 2027 and 2026."""
    with pytest.raises(ScheduleNotPublished) as info:
        call(china_calendar())
    assert_refusal(info.value, 2027)


@settings(max_examples=100)
@given(day=st.dates(STRICT_LAST + ONE, dt.date(2199, 12, 31)))
def test_strict_calendar_refuses_every_unpublished_day(day):
    """Any day after 24 December 2026 is refused in the strict calendar, naming an unpublished year."""
    with pytest.raises(ScheduleNotPublished) as info:
        china_calendar().is_working_day(day)
    assert_refusal(info.value, max(day.year, 2027))


def test_schedule_not_published_is_a_lookup_error():
    """The refusal is both a CnregCalendarError and a LookupError."""
    with pytest.raises(LookupError) as info:
        china_calendar().is_working_day(D(2030, 5, 1))
    assert isinstance(info.value, CnregCalendarError)


@pytest.mark.parametrize("provisional", [False, True])
@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.is_working_day(D(2000, 12, 31)),
        lambda cal: cal.working_days_between(D(2000, 12, 1), D(2001, 1, 5)),
        lambda cal: cal.add_working_days(D(2001, 1, 2), -1),
        lambda cal: cal.year(2000),
    ],
    ids=["is_working_day", "working_days_between", "add_working_days", "year"],
)
def test_days_before_2001_are_refused(call, provisional):
    """The data starts with the 2001 notice: earlier days are refused as year 2000, naming the bound."""
    with pytest.raises(ScheduleNotPublished) as info:
        call(china_calendar(provisional=provisional))
    assert (2000, 2026, True) == (
        info.value.year,
        info.value.last_published,
        "before 2001-01-01" in str(info.value),
    )


def test_strict_calendar_answers_its_first_and_last_days():
    """The strict calendar answers for 2001-01-01 (New Year's Day) and 2026-12-24 (a Thursday)."""
    cal = china_calendar()
    assert (False, True, STRICT_LAST) == (
        cal.is_working_day(STRICT_FIRST),
        cal.is_working_day(STRICT_LAST),
        cal.add_working_days(STRICT_LAST, 0),
    )


def test_published_years_and_settled_day():
    """2001-2026 are published, 2000 and 2027 are not, and the settled day is 24 December 2026."""
    cal = china_calendar()
    assert (True, True, False, False, 2026, D(2026, 12, 24)) == (
        cal.is_published(2001),
        cal.is_published(2026),
        cal.is_published(2000),
        cal.is_published(2027),
        cal.last_published,
        cal.settled_until,
    )


# -- provisional flags ----------------------------------------------------------------------------


@settings(max_examples=200)
@given(day=dates("strict"), n=offsets())
def test_strict_results_are_never_flagged(day, n):
    """Every answer of the strict calendar is settled: nothing it returns is flagged provisional."""
    cal = china_calendar()
    try:
        result = cal.add_working_days(day, n)
    except ScheduleNotPublished:
        return  # a refusal, tested above: the strict calendar never answers with an estimate
    assert (False, False) == (cal.is_provisional(result), cal.depends_on_estimate(day, result))


@settings(max_examples=200)
@given(day=dates("provisional"))
def test_provisional_flags_follow_the_settled_day(day):
    """A provisional calendar flags exactly the days after 24 December 2026 as estimates."""
    cal = china_calendar(provisional=True)
    expected = day > STRICT_LAST
    assert (expected, expected, expected) == (
        cal.is_provisional(day),
        cal.depends_on_estimate(D(2026, 1, 5), day),
        cal.depends_on_estimate(day),
    )


def test_provisional_result_crossing_the_settled_day_is_flagged():
    """Ten working days from 20 December 2026 reach into the estimated days and are flagged."""
    cal = china_calendar(provisional=True)
    start = D(2026, 12, 20)
    result = cal.add_working_days(start, 10)
    assert (True, True, False) == (
        result > STRICT_LAST,
        cal.depends_on_estimate(start, result),
        cal.depends_on_estimate(start),
    )


def test_provisional_calendar_answers_far_ahead():
    """A provisional calendar extends itself on demand, up to 2040 and beyond."""
    cal = china_calendar(provisional=True)
    assert (True, False, True) == (
        cal.is_working_day(D(2040, 3, 5)),  # a Monday
        cal.is_working_day(D(2040, 10, 1)),  # National Day
        cal.add_working_days(PROVISIONAL_LAST, 300) > D(2041, 12, 31),
    )


def test_provisional_2027_has_seven_estimated_holidays_and_no_make_up_days():
    """An unpublished year is estimated from the statutory holidays: 7, all provisional, no make-up days."""
    arrangement = china_calendar(provisional=True).year(2027)
    assert (7, [True] * 7, (), False, True, None) == (
        len(arrangement.holidays),
        [h.provisional for h in arrangement.holidays],
        arrangement.make_up_days,
        arrangement.published,
        arrangement.provisional,
        arrangement.notice,
    )
    assert ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"] == [
        h.name_zh for h in arrangement.holidays
    ]


def test_provisional_estimate_has_no_working_weekend():
    """Without a notice no make-up working day is assumed: every weekend day of 2027 is a day off."""
    cal = china_calendar(provisional=True)
    weekend = [
        D(2027, 1, 2) + n * ONE for n in range(365) if (D(2027, 1, 2) + n * ONE).weekday() >= 5
    ]
    assert [] == [d for d in weekend if d.year == 2027 and cal.is_working_day(d)]


def test_provisional_estimate_beyond_2199_is_refused():
    """Even the provisional calendar refuses days after 2199."""
    with pytest.raises(ScheduleNotPublished) as info:
        china_calendar(provisional=True).is_working_day(D(2200, 1, 3))
    assert 2200 == info.value.year
