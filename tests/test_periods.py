"""Tests of the Civil Code period arithmetic (Arts. 200-204), each case worked out by hand."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import MODES, calendar, periods, shanghai_datetimes

from cnreg_calendar import (
    CnregCalendarError,
    Period,
    PeriodError,
    ScheduleNotPublished,
    Unit,
    china_calendar,
    due,
    due_date,
    fixed_date,
)

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


def cited(explanation: str) -> set[int]:
    """The Civil Code articles an explanation cites ("Civil Code Art. 201, 202" → {201, 202})."""
    found: set[int] = set()
    for group in re.findall(r"Civil Code Arts?\. (\d+(?:, \d+)*)", explanation):
        found.update(int(n) for n in group.split(", "))
    return found


def plain(anchor: dt.date, period: Period, sign: int = 1) -> dt.date:
    """The last day before any rest-day adjustment: Art. 201 for days, Art. 202 for months and years."""
    if period.unit is Unit.MONTHS:
        return anchor + relativedelta(months=sign * period.amount)
    if period.unit is Unit.YEARS:
        return anchor + relativedelta(years=sign * period.amount)
    return anchor + relativedelta(days=sign * period.amount)  # days, and the floor for working days


# -- Art. 201: calendar days, the start day not counted -------------------------------------------


def test_days_start_the_day_after_the_anchor():
    """10 days from Mon 2026-03-02: day 1 is 03-03, day 10 is Thu 03-12, a working day (Art. 201)."""
    result = due(D(2026, 3, 2), "10 days")
    assert (D(2026, 3, 12), {201}) == (result.date, cited(result.explanation()))


def test_thirty_days_from_the_end_of_a_month():
    """30 days from 2026-03-31: day 1 is 04-01, day 30 is Thu 04-30 (Art. 201)."""
    assert D(2026, 4, 30) == due_date(D(2026, 3, 31), "30 days")


def test_days_ending_on_a_weekend_move_to_monday():
    """5 days from Mon 2026-03-02 end on Sat 03-07, a rest day, so on Mon 03-09 (Arts. 201, 203)."""
    result = due(D(2026, 3, 2), "5 days")
    assert (D(2026, 3, 9), {201, 203}, True) == (
        result.date,
        cited(result.explanation()),
        "2026-03-07 is a weekend rest day" in result.explanation(),
    )


# -- Art. 202: months and years --------------------------------------------------------------------


def test_months_end_on_the_corresponding_day():
    """6 months from 2026-04-15 end on the corresponding day, Thu 2026-10-15 (Art. 202)."""
    result = due(D(2026, 4, 15), "6 months")
    assert (D(2026, 10, 15), {201, 202}) == (result.date, cited(result.explanation()))


@pytest.mark.parametrize(
    ("anchor", "period", "expected"),
    [
        # No 31 September: the month's last day, Wed 2026-09-30.
        (D(2026, 3, 31), "6 months", D(2026, 9, 30)),
        # No 31 February 2023: Tue 2023-02-28.
        (D(2023, 1, 31), "1 month", D(2023, 2, 28)),
        # 2024 is a leap year: Thu 2024-02-29.
        (D(2024, 1, 31), "1 month", D(2024, 2, 29)),
        # No 29 February 2025: Fri 2025-02-28.
        (D(2024, 2, 29), "1 year", D(2025, 2, 28)),
    ],
)
def test_months_without_a_corresponding_day_end_on_the_month_end(anchor, period, expected):
    """Without a corresponding day the period ends on the month's last day (Art. 202)."""
    result = due(anchor, period)
    assert (expected, True) == (result.date, "no corresponding day" in result.explanation())


def test_month_end_on_a_make_up_saturday_stays():
    """1 month from 2026-01-31 ends on Sat 02-28 (Art. 202), a make-up working day: it stays."""
    result = due(D(2026, 1, 31), "1 month")
    assert (D(2026, 2, 28), {201, 202}) == (result.date, cited(result.explanation()))


def test_year_ending_on_a_weekend_moves():
    """1 year from 2025-08-29 ends on Sat 2026-08-29, so on Mon 2026-08-31 (Arts. 202, 203)."""
    result = due(D(2025, 8, 29), "1 year")
    assert (D(2026, 8, 31), {201, 202, 203}) == (result.date, cited(result.explanation()))


def test_two_years_into_an_unpublished_year():
    """2 years from 2025-06-30 end on Wed 2027-06-30: refused when strict, flagged when provisional."""
    with pytest.raises(ScheduleNotPublished):
        due(D(2025, 6, 30), "2 years")
    result = due(D(2025, 6, 30), "2 years", china_calendar(provisional=True))
    assert (D(2027, 6, 30), True, True) == (
        result.date,
        result.provisional,
        "provisional" in result.explanation(),
    )


# -- Art. 203: a last day on a rest day --------------------------------------------------------


def test_period_ending_in_national_day_moves_past_it():
    """1 day from 2026-09-30 ends on 10-01 (国庆节, off to 10-07), so on Thu 10-08 (Art. 203)."""
    result = due(D(2026, 9, 30), "1 day")
    text = result.explanation()
    assert (D(2026, 10, 8), {201, 203}, True, True) == (
        result.date,
        cited(text),
        "国庆节" in text,
        "National Day" in text,
    )


def test_month_ending_in_spring_festival_moves_past_it():
    """1 month from 2026-01-15 ends on Sun 02-15 (春节, off to 02-23), so on Tue 02-24 (Art. 203)."""
    result = due(D(2026, 1, 15), "1 month")
    text = result.explanation()
    assert (D(2026, 2, 24), {201, 202, 203}, True, True) == (
        result.date,
        cited(text),
        "春节" in text,
        "Spring Festival" in text,
    )


def test_period_ending_on_new_years_day_ends_on_the_make_up_sunday():
    """30 days from 2025-12-02 end on 2026-01-01 (元旦, off to 01-03): the next day, Sun 01-04, works."""
    result = due(D(2025, 12, 2), "30 days")
    assert (D(2026, 1, 4), True) == (result.date, "元旦" in result.explanation())


@pytest.mark.parametrize(
    ("anchor", "period"),
    [
        # 30 days from 2025-12-05: day 30 is Sun 2026-01-04, a make-up working day.
        (D(2025, 12, 5), "30 days"),
        # 1 month from 2025-12-04: the corresponding day is Sun 2026-01-04.
        (D(2025, 12, 4), "1 month"),
    ],
)
def test_period_ending_on_a_make_up_sunday_stays(anchor, period):
    """A make-up working day (调休上班) is not a rest day: a period ending on it does not move."""
    result = due(anchor, period)
    assert (D(2026, 1, 4), False) == (result.date, 203 in cited(result.explanation()))


# -- working-day periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "period", "expected"),
    [
        # Tue 02-10: 11, 12, 13, Sat 14 (make-up), [15-23 off], 24, 25, 26, 27, Sat 28 (make-up),
        # [Sun 03-01], Mon 03-02 is the 10th.
        (D(2026, 2, 10), "10 working days", D(2026, 3, 2)),
        # Fri 02-13: Sat 14 (make-up), [15-23 off], 24, 25 is the 3rd.
        (D(2026, 2, 13), "3 working days", D(2026, 2, 25)),
        # Mon 09-28: 29, 30, [10-01..07 off], 08, 09, Sat 10 (make-up) is the 5th.
        (D(2026, 9, 28), "5 working days", D(2026, 10, 10)),
        # Fri 09-18: [Sat 19], Sun 20 (make-up), 21, 22, 23, 24, [25-27 Mid-Autumn], 28, 29 is the 7th.
        (D(2026, 9, 18), "7 working days", D(2026, 9, 29)),
    ],
)
def test_working_days_across_spring_festival_and_national_day_2026(anchor, period, expected):
    """Working-day periods skip the rest periods and count the make-up days of 2026."""
    result = due(anchor, period)
    assert (expected, {201}, False) == (
        result.date,
        cited(result.explanation()),
        result.provisional,
    )


@pytest.mark.parametrize(
    ("anchor", "period", "expected"),
    [
        # Mon 10-12: Sat 10 (make-up), 9, 8, [10-07..01 off], 09-30, 09-29 is the 5th before.
        (D(2026, 10, 12), "5 working days", D(2026, 9, 29)),
        # Wed 02-25: 24, [23-15 off], Sat 14 (make-up), 13, 12, 11, 10, 9, [8, 7], 6, 5, 4 is the 10th.
        (D(2026, 2, 25), "10 working days", D(2026, 2, 4)),
    ],
)
def test_working_days_before_an_anchor(anchor, period, expected):
    """「届满N个工作日前」: the N-th working day before the anchor, the anchor not counted."""
    assert expected == due_date(anchor, period, before=True)


def test_days_before_an_anchor_move_earlier_off_a_holiday():
    """7 days before 2026-10-08 is 10-01 (国庆节): moved earlier to Wed 09-30, never later."""
    result = due(D(2026, 10, 8), "7 days", before=True)
    assert (D(2026, 9, 30), True) == (
        result.date,
        "last working day before" in result.explanation(),
    )


# -- hour periods -----------------------------------------------------------------------------------


def test_hours_run_through_a_holiday_night():
    """4 hours from 22:00 on 2026-02-16 (Spring Festival) end at 02:00 on 02-17, not extended."""
    result = due(dt.datetime(2026, 2, 16, 22, 0), "4 hours")
    assert (dt.datetime(2026, 2, 17, 2, 0, tzinfo=SHANGHAI), dt.timedelta(hours=8), False) == (
        result.date,
        result.date.utcoffset(),
        result.provisional,
    )


def test_hours_from_a_date_start_at_midnight_beijing_time():
    """2 hours from the date 2026-10-01 end at 02:00 Beijing time on National Day."""
    assert dt.datetime(2026, 10, 1, 2, 0, tzinfo=SHANGHAI) == due_date(D(2026, 10, 1), "2 hours")


def test_hours_before_a_time():
    """4 hours before 01:00 on 2026-10-01 is 21:00 on 09-30 Beijing time."""
    result = due(dt.datetime(2026, 10, 1, 1, 0), "4 hours", before=True)
    assert dt.datetime(2026, 9, 30, 21, 0, tzinfo=SHANGHAI) == result.date


def test_hours_from_an_aware_utc_time():
    """4 hours from 14:00 UTC on 2026-02-16 (22:00 in Beijing) end at 02:00 Beijing time on 02-17."""
    result = due(dt.datetime(2026, 2, 16, 14, 0, tzinfo=UTC), "4 hours")
    assert dt.datetime(2026, 2, 17, 2, 0, tzinfo=SHANGHAI) == result.date


def test_hours_are_exact_across_a_foreign_dst_change():
    """4 hours from 01:30 CET on 2026-03-29 (00:30 UTC, Berlin springs forward at 02:00) end at 04:30 UTC."""
    anchor = dt.datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    result = due(anchor, "4 hours")
    assert dt.datetime(2026, 3, 29, 4, 30, tzinfo=UTC) == result.date.astimezone(UTC)


def test_hours_are_exact_across_beijing_summer_time():
    """China kept summer time until 1991 (clocks forward 02:00→03:00 on 1991-04-14): 4 hours stay 4."""
    result = due(dt.datetime(1991, 4, 14, 0, 0), "4 hours")
    # 00:00 CST (+08:00) is 1991-04-13 16:00 UTC; 4 hours later is 20:00 UTC, 05:00 CDT (+09:00).
    assert dt.datetime(1991, 4, 13, 20, 0, tzinfo=UTC) == result.date.astimezone(UTC)


@settings(max_examples=200)
@given(start=shanghai_datetimes(), hours=st.integers(1, 96), before=st.booleans())
def test_hours_are_exact_and_never_extended(start, hours, before):
    """An hour period is exactly that many hours in Beijing time, whatever days it crosses."""
    result = due(start, Period(hours, Unit.HOURS), before=before)
    sign = -1 if before else 1
    expected = start.replace(tzinfo=SHANGHAI).astimezone(UTC) + sign * dt.timedelta(hours=hours)
    assert (expected, False, {201}) == (
        result.date.astimezone(UTC),
        result.provisional,
        cited(result.explanation()),
    )


# -- Period.parse ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 working days", Period(10, Unit.WORKING_DAYS)),
        ("30 days", Period(30, Unit.DAYS)),
        ("6 months", Period(6, Unit.MONTHS)),
        ("1 year", Period(1, Unit.YEARS)),
        ("2 years", Period(2, Unit.YEARS)),
        ("4 hours", Period(4, Unit.HOURS)),
        ("1 day", Period(1, Unit.DAYS)),
        ("5 business days", Period(5, Unit.WORKING_DAYS)),
        ("  3 Working Days ", Period(3, Unit.WORKING_DAYS)),
        ("10个工作日", Period(10, Unit.WORKING_DAYS)),
        ("6个月", Period(6, Unit.MONTHS)),
        ("30日", Period(30, Unit.DAYS)),
        ("15天", Period(15, Unit.DAYS)),
        ("1年", Period(1, Unit.YEARS)),
        ("24小时", Period(24, Unit.HOURS)),
    ],
)
def test_parse_accepts(text, expected):
    """English and Chinese period texts parse to their amount and unit."""
    assert expected == Period.parse(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "days",
        "10",
        "ten days",
        "0 days",
        "-3 days",
        "3.5 days",
        "10 fortnights",
        "6 个 月份",
        10,
    ],
)
def test_parse_rejects(text):
    """Texts that are not '<N> <unit>' with N >= 1 raise PeriodError quoting the text."""
    with pytest.raises(PeriodError, match=re.escape(repr(text))):
        Period.parse(text)


def test_parse_error_lists_the_accepted_units():
    """The message of an unknown unit says which units are accepted."""
    with pytest.raises(PeriodError, match="hours, days, working days, months or years"):
        Period.parse("10 fortnights")


@given(period=periods((Unit.HOURS, Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS, Unit.YEARS)))
def test_parse_reads_back_str(period):
    """``Period.parse(str(p)) == p`` for every period."""
    assert period == Period.parse(str(period))


# -- properties over every unit ---------------------------------------------------------------------


def anchors(mode: str) -> st.SearchStrategy[dt.date]:
    """Anchors far enough inside the data that every drawn period (at most 2 years) stays in it."""
    last = D(2024, 6, 30) if mode == "strict" else D(2037, 12, 31)
    return st.dates(D(2001, 1, 1), last)


def late_anchors(mode: str) -> st.SearchStrategy[dt.date]:
    """Anchors late enough that every drawn period (at most 2 years) counted back stays in the data."""
    last = D(2026, 12, 24) if mode == "strict" else D(2040, 12, 31)
    return st.dates(D(2003, 6, 1), last)


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=200)
@given(data=st.data())
def test_forward_due_is_a_working_day_never_earlier_than_art_202(mode, data):
    """A forward due date is a working day, never before the unadjusted last day (Arts. 201, 202)."""
    cal = calendar(mode)
    anchor, period = data.draw(anchors(mode)), data.draw(periods())
    result = due(anchor, period, cal)
    assert (True, True) == (cal.is_working_day(result.date), result.date >= plain(anchor, period))


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=200)
@given(data=st.data())
def test_forward_due_rolls_only_off_rest_days(mode, data):
    """A calendar period ends on its Art. 201/202 day, or the next working day if that is a rest day."""
    cal = calendar(mode)
    anchor = data.draw(anchors(mode))
    period = data.draw(periods((Unit.DAYS, Unit.MONTHS, Unit.YEARS)))
    end = plain(anchor, period)
    assert cal.roll_forward(end) == due_date(anchor, period, cal)


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=200)
@given(data=st.data())
def test_due_before_never_moves_later(mode, data):
    """A period before an anchor ends on a working day no later than the plain subtraction."""
    cal = calendar(mode)
    anchor = data.draw(late_anchors(mode))
    period = data.draw(periods())
    result = due(anchor, period, cal, before=True)
    assert (True, True) == (
        cal.is_working_day(result.date),
        result.date <= plain(anchor, period, sign=-1),
    )


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=200)
@given(data=st.data())
def test_explanation_cites_the_articles_applied(mode, data):
    """Art. 201 always, Art. 202 for months and years, Art. 203 exactly when the last day moved."""
    cal = calendar(mode)
    anchor, period = data.draw(anchors(mode)), data.draw(periods())
    result = due(anchor, period, cal)
    expected = {201}
    if period.unit in (Unit.MONTHS, Unit.YEARS):
        expected.add(202)
    if period.unit is not Unit.WORKING_DAYS and result.date != plain(anchor, period):
        expected.add(203)
    assert expected == cited(result.explanation())


@pytest.mark.parametrize("mode", MODES)
@settings(max_examples=100)
@given(data=st.data())
def test_due_is_flagged_exactly_when_it_touches_an_estimate(mode, data):
    """A due date is provisional exactly when the calendar flags its span as estimated."""
    cal = calendar(mode)
    anchor, period = data.draw(anchors(mode)), data.draw(periods())
    result = due(anchor, period, cal)
    expected = cal.depends_on_estimate(anchor, result.date)
    assert (expected, expected) == (
        result.provisional,
        "provisional" in result.explanation(),
    )
    if mode == "strict":
        assert False is result.provisional


def test_provisional_working_days_into_2027_are_flagged():
    """60 working days from 2026-12-01 reach 2027: refused when strict, flagged when provisional."""
    with pytest.raises(ScheduleNotPublished):
        due(D(2026, 12, 1), "60 working days")
    result = due(D(2026, 12, 1), "60 working days", china_calendar(provisional=True))
    assert (True, 2027) == (result.provisional, result.date.year)


@pytest.mark.parametrize("anchor", [D(2026, 3, 2), dt.datetime(2026, 3, 2, 17, 30), "2026-03-02"])
def test_anchor_may_be_a_date_a_datetime_or_iso_text(anchor):
    """A date, a naive datetime and ISO text give the same due date for a day period."""
    assert D(2026, 3, 12) == due_date(anchor, "10 days")


def test_bad_anchor_text_is_refused():
    """An anchor text that is not a date raises CnregCalendarError saying how to write one."""
    with pytest.raises(CnregCalendarError, match="YYYY-MM-DD"):
        due("2026-13-01", "30 days")


@pytest.mark.parametrize("anchor", [20260302, None])
def test_non_date_anchor_is_refused_with_cnreg_error(anchor):
    """An anchor that is neither a date nor text raises CnregCalendarError, not a bare TypeError."""
    with pytest.raises(CnregCalendarError):
        due(anchor, "30 days")


def test_period_beyond_any_calendar_is_refused_with_cnreg_error():
    """A parsed period too long for any date (9999 years) raises CnregCalendarError, not ValueError."""
    with pytest.raises(CnregCalendarError):
        due(D(2026, 1, 5), "9999 years", china_calendar(provisional=True))


# -- fixed dates ------------------------------------------------------------------------------------


def test_fixed_date_on_a_saturday_moves_to_monday():
    """「每年1月31日前」 in 2026: Sat 01-31 moves to Mon 02-02 (Art. 203 by analogy)."""
    result = fixed_date(D(2026, 1, 31))
    assert (D(2026, 2, 2), True, {203}) == (
        result.date,
        "by analogy" in result.explanation(),
        cited(result.explanation()),
    )


def test_fixed_date_conservative_moves_earlier():
    """In conservative mode Sat 2026-01-31 moves earlier, to Fri 01-30."""
    result = fixed_date(D(2026, 1, 31), conservative=True)
    assert (D(2026, 1, 30), True) == (result.date, "moved earlier" in result.explanation())


def test_fixed_date_on_national_day():
    """A fixed date 2026-10-01 moves to Thu 10-08, or conservatively to Wed 09-30, naming 国庆节."""
    default, conservative = (
        fixed_date(D(2026, 10, 1)),
        fixed_date(D(2026, 10, 1), conservative=True),
    )
    assert (D(2026, 10, 8), D(2026, 9, 30), True) == (
        default.date,
        conservative.date,
        "国庆节" in default.explanation() and "国庆节" in conservative.explanation(),
    )


@pytest.mark.parametrize("day", [D(2026, 2, 28), D(2026, 3, 31)])
def test_fixed_date_on_a_working_day_stays(day):
    """A fixed date on a working day (the make-up Sat 2026-02-28, Tue 03-31) stays, in both modes."""
    assert (day, day, (), ()) == (
        fixed_date(day).date,
        fixed_date(day, conservative=True).date,
        fixed_date(day).steps,
        fixed_date(day, conservative=True).steps,
    )


@settings(max_examples=200)
@given(day=st.dates(D(2001, 1, 2), D(2026, 12, 1)))
def test_fixed_date_is_a_roll(day):
    """``fixed_date`` rolls forward by default and backward in conservative mode."""
    cal = china_calendar()
    assert (cal.roll_forward(day), cal.roll_backward(day)) == (
        fixed_date(day, cal).date,
        fixed_date(day, cal, conservative=True).date,
    )
