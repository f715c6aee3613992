"""Boundaries the mutation testing of ``workdays`` and ``periods`` found untested (issue 13, item 7).

Each test pins one edge where a one-character change (``<`` for ``<=``, ``+ 1`` …) would otherwise
go unnoticed: the day exactly on ``settled_until``, the last estimable year and the day after it,
the provisional index growing inside ``add_working_days``, the day a strict refusal names, the
explanation of an hour period counted before its anchor, ``fixed_date(...).before`` and English
ordinals.  ``python benchmarks/mutation.py`` runs these with the modules' fast tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cnreg_calendar import china_calendar, due
from cnreg_calendar.daytable import build_day_table
from cnreg_calendar.errors import DateRangeError, ScheduleNotPublished
from cnreg_calendar.periods import SHANGHAI, Unit, add_months, due_day, fixed_date, to_beijing
from cnreg_calendar.workdays import ChinaCalendar, coerce_date

D = dt.date
STRICT = china_calendar()
PROVISIONAL = china_calendar(provisional=True)
#: 24 December 2026: the 2027 notice may still change the days from 25 December on
#: (the 2019 notice reached back to 29 December 2018).
SETTLED = D(2026, 12, 24)


def test_settled_until_is_24_december_of_the_last_published_year() -> None:
    assert 2026 == STRICT.last_published
    assert SETTLED == STRICT.settled_until == PROVISIONAL.settled_until


@pytest.mark.parametrize("calendar", [STRICT, PROVISIONAL], ids=["strict", "provisional"])
def test_is_provisional_on_and_after_settled_until(calendar: ChinaCalendar) -> None:
    assert calendar.is_provisional(SETTLED) is False
    assert calendar.is_provisional(SETTLED + dt.timedelta(days=1)) is True
    assert calendar.depends_on_estimate(D(2026, 1, 1), SETTLED) is False
    assert calendar.depends_on_estimate(SETTLED + dt.timedelta(days=1)) is True


def test_working_days_up_to_settled_until() -> None:
    """21-24 December 2026 are Monday to Thursday, untouched by the 2026 notice."""
    assert [D(2026, 12, d) for d in (21, 22, 23, 24)] == list(
        STRICT.working_days(D(2026, 12, 19), SETTLED)
    )
    assert [SETTLED] == list(STRICT.working_days(SETTLED, SETTLED))
    assert 4 == STRICT.working_days_between(D(2026, 12, 20), SETTLED)
    with pytest.raises(ScheduleNotPublished):
        list(STRICT.working_days(SETTLED, SETTLED + dt.timedelta(days=1)))
    with pytest.raises(ScheduleNotPublished):
        list(STRICT.working_days(SETTLED + dt.timedelta(days=1), SETTLED + dt.timedelta(days=1)))


def test_civil_code_periods_ending_on_and_after_settled_until() -> None:
    """10 days from 14 December end on 24 December (settled); from 15 December on the 25th."""
    on = due(D(2026, 12, 14), "10 days", PROVISIONAL)
    assert (SETTLED, False) == (on.date, on.provisional)
    assert (SETTLED, False) == due_day(D(2026, 12, 14), 10, Unit.DAYS, PROVISIONAL)
    after = due(D(2026, 12, 15), "10 days", PROVISIONAL)
    assert (D(2026, 12, 25), True) == (after.date, after.provisional)
    assert (D(2026, 12, 25), True) == due_day(D(2026, 12, 15), 10, Unit.DAYS, PROVISIONAL)
    assert (SETTLED, False) == (due(D(2026, 12, 23), "1 working day", STRICT).date, False)
    assert (SETTLED, False) == due_day(D(2026, 12, 23), 1, Unit.WORKING_DAYS, PROVISIONAL)
    assert due_day(D(2026, 12, 24), 1, Unit.WORKING_DAYS, PROVISIONAL)[1] is True
    with pytest.raises(ScheduleNotPublished):
        due(D(2026, 12, 15), "10 days", STRICT)
    assert due(SETTLED, "1 month", PROVISIONAL, before=True).provisional is False


def test_strict_refusal_names_the_day_and_the_year() -> None:
    """A day from 25 December names the notice that may change it; later days their own year."""
    with pytest.raises(ScheduleNotPublished) as pending:
        STRICT.is_working_day(D(2026, 12, 25))
    message = str(pending.value)
    assert 2027 == pending.value.year
    assert 2026 == pending.value.last_published
    assert "(2026-12-25 falls in the days the 2027 notice may still change)" in message
    assert "after 2026-12-24 are unknown" in message
    assert "notice-2027.toml" in message
    with pytest.raises(ScheduleNotPublished) as later:
        STRICT.is_working_day(D(2028, 3, 1))
    assert 2028 == later.value.year
    assert "may still change" not in str(later.value)
    assert "notice-2028.toml" in str(later.value)


def test_last_estimable_year_and_the_day_after() -> None:
    """2100 is estimated (the lunar table ends there); 1 January 2101 is refused, naming 2101."""
    assert PROVISIONAL.is_working_day(D(2100, 12, 31)) is True  # a Friday, no holiday
    assert PROVISIONAL.year(2100).provisional is True
    assert D(2100, 12, 31) == PROVISIONAL.add_working_days(D(2100, 12, 30), 1)
    with pytest.raises(ScheduleNotPublished, match="2101-01-01 is after 2100") as info:
        PROVISIONAL.is_working_day(D(2101, 1, 1))
    assert 2101 == info.value.year
    with pytest.raises(ScheduleNotPublished):
        PROVISIONAL.add_working_days(D(2100, 12, 31), 1)
    with pytest.raises(ScheduleNotPublished):
        PROVISIONAL.year(2101)


def test_provisional_index_grows_inside_add_working_days() -> None:
    """A fresh provisional calendar covers ten years; an offset past them extends it first."""
    fresh = ChinaCalendar(build_day_table(), provisional=True)
    start = D(2036, 12, 1)  # the first horizon ends on 31 December 2036
    grown = fresh.add_working_days(start, 300)
    assert 300 == fresh.working_days_between(start, grown)
    assert grown.year == 2038
    wide = ChinaCalendar(build_day_table(), provisional=True)
    wide.is_working_day(D(2060, 1, 1))  # extended far beyond first
    assert grown == wide.add_working_days(start, 300)
    assert wide.is_working_day(start)  # a Monday
    assert start == wide.add_working_days(grown, -300)
    # Far ahead in one step: grows repeatedly, up to 2100.
    far = ChinaCalendar(build_day_table(), provisional=True)
    assert wide.add_working_days(start, 3000) == far.add_working_days(start, 3000)
    assert 3000 == far.working_days_between(start, far.add_working_days(start, 3000))


def test_hour_period_before_the_anchor_is_explained() -> None:
    """4 hours before 10:00 is 06:00, Beijing time, Art. 201, never moved for rest days."""
    anchor = dt.datetime(2026, 10, 1, 10, 0)  # a day off: hours are not extended or moved
    result = due(anchor, "4 hours", before=True)
    assert dt.datetime(2026, 10, 1, 6, 0, tzinfo=SHANGHAI) == result.date
    assert (True, to_beijing(anchor), False) == (result.before, result.anchor, result.provisional)
    (step,) = result.steps
    assert "Civil Code Art. 201" == step.rule
    assert step.text.startswith("4 hours before the stated time, in Beijing time")
    assert "4 hours after" in due(anchor, "4 hours").steps[0].text
    assert "1 hour before the stated time" in due(anchor, "1 hour", before=True).steps[0].text


def test_fixed_date_is_not_counted_before() -> None:
    """A fixed date is a date, not a period counted back: before is False, period None."""
    for conservative in (False, True):
        result = fixed_date(D(2026, 1, 31), conservative=conservative)
        assert (False, None, D(2026, 1, 31)) == (result.before, result.period, result.anchor)
    assert () == fixed_date(D(2026, 2, 2)).steps  # a Monday: stays, nothing to explain


@pytest.mark.parametrize(
    ("n", "ordinal"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (121, "121st"),
        (211, "211th"),
    ],
)
def test_english_ordinals(n: int, ordinal: str) -> None:
    text = due(D(2024, 1, 2), f"{n} working days").steps[0].text
    assert text.startswith(f"the {ordinal} working day after the anchor, the anchor not counted")


def test_refusals_at_the_ends_of_time_name_the_input() -> None:
    """Periods past 9999-12-31 or before 0001-01-01: DateRangeError naming the anchor as given."""
    with pytest.raises(DateRangeError, match=r"^1 day after 9999-12-31 runs beyond"):
        due(D(9999, 12, 31), "1 day")
    with pytest.raises(DateRangeError, match=r"^1 month after 9999-12-31 runs beyond"):
        due(D(9999, 12, 31), "1 month")
    with pytest.raises(DateRangeError, match=r"^1 day after 9999-12-31T10:00:00 runs beyond"):
        due(dt.datetime(9999, 12, 31, 10, 0), "1 day")  # naive: its own date, said once
    aware = dt.datetime(1, 1, 1, 20, 0, tzinfo=dt.UTC)  # 0001-01-02 04:00 in Beijing
    with pytest.raises(
        DateRangeError,
        match=r"^1 month before 0001-01-01T20:00:00\+00:00 \(in Beijing 0001-01-02\) runs beyond",
    ):
        due(aware, "1 month", before=True)
    with pytest.raises(DateRangeError, match=r"^0001-01-01T00:00:00\+14:00 is before the dates"):
        to_beijing(dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14))))
    late = dt.datetime(9999, 12, 31, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=-12)))
    with pytest.raises(DateRangeError, match=r"^9999-12-31T20:00:00-12:00 is after the dates"):
        to_beijing(late)
    with pytest.raises(DateRangeError, match="9999-12-31"):
        due_day(D(9999, 12, 31), 1, Unit.MONTHS, PROVISIONAL)


def test_add_months_reaches_the_first_and_last_years() -> None:
    """Year 1 and year 9999 are inside the range; year 0 and year 10000 are not."""
    assert D(1, 1, 28) == add_months(D(1, 2, 28), -1)  # the corresponding day (Art. 202)
    assert D(9999, 12, 31) == add_months(D(9999, 11, 30), 1) + dt.timedelta(days=1)
    assert D(9999, 12, 31) == add_months(D(9999, 1, 31), 11)
    with pytest.raises(DateRangeError, match="reaches year 0"):
        add_months(D(1, 1, 31), -1)
    with pytest.raises(DateRangeError, match="reaches year 10000"):
        add_months(D(9999, 12, 1), 1)


def test_a_period_ending_on_a_rest_day_is_explained_as_a_period() -> None:
    """Art. 203 itself (not by analogy) moves the end of a period: "the period ends" on it."""
    result = due(D(2026, 9, 3), "1 month")  # 3 October 2026: National Day
    assert D(2026, 10, 8) == result.date
    last = result.steps[-1]
    assert "Civil Code Art. 203" == last.rule
    assert last.text.endswith("the period ends on the next working day")
    fixed = fixed_date(D(2026, 10, 3)).steps[-1]
    assert ("Civil Code Art. 203 (by analogy)", True) == (
        fixed.rule,
        fixed.text.endswith("the deadline falls on the next working day"),
    )


# -- workdays: the fast paths' edges and the datetime rule ------------------------------------------

OVERLAYS = Path(__file__).resolve().parent / "data" / "overlays"


def test_first_day_of_the_data_in_every_question() -> None:
    """1 January 2001, offset 0 of the index, is answered (a day off: New Year's Day)."""
    first = D(2001, 1, 1)
    days = [first + dt.timedelta(days=n) for n in range(5)]
    assert [d for d in days if STRICT.is_working_day(d)] == list(
        STRICT.working_days(first, days[-1])
    )
    assert STRICT.is_working_day(first) is False
    assert ("元旦", "New Year's Day") == STRICT.holiday_name(first)
    assert STRICT.working_days_between(first, days[-1]) == len(
        list(STRICT.working_days(first, days[-1]))
    )
    with pytest.raises(ScheduleNotPublished, match="before 2001-01-01"):
        STRICT.is_working_day(D(2000, 12, 31))


def test_strict_refusal_names_the_first_unknown_day() -> None:
    """Counting past 24 December 2026 names 25 December, the first day the 2027 notice may change."""
    with pytest.raises(ScheduleNotPublished) as info:
        STRICT.add_working_days(D(2026, 12, 22), 5)
    assert "(2026-12-25 falls in the days the 2027 notice may still change)" in str(info.value)
    assert 2027 == info.value.year


def test_fresh_provisional_calendar_counts_across_its_first_horizon() -> None:
    """working_days_between with one end inside the first ten years and one beyond them."""
    fresh = ChinaCalendar(build_day_table(), provisional=True)
    expected = PROVISIONAL.working_days_between(D(2030, 1, 1), D(2040, 1, 1))
    assert expected == fresh.working_days_between(D(2030, 1, 1), D(2040, 1, 1))
    again = ChinaCalendar(build_day_table(), provisional=True)
    assert -expected == again.working_days_between(D(2040, 1, 1), D(2030, 1, 1))


class _NoOffset(dt.tzinfo):
    """A tzinfo that does not know its offset: the datetime counts as naive."""

    def utcoffset(self, when: dt.datetime | None) -> None:
        return None

    def dst(self, when: dt.datetime | None) -> None:
        return None

    def tzname(self, when: dt.datetime | None) -> None:
        return None


class _Day(dt.date):
    """A date subclass (as some libraries make)."""


def test_coerce_date_datetime_rule() -> None:
    """Aware: its Beijing date; naive (or an offset-less tzinfo): its own date; subclasses: plain."""
    assert D(2026, 10, 1) == coerce_date(dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC))
    assert D(2026, 9, 30) == coerce_date(dt.datetime(2026, 9, 30, 23, 0))
    assert D(2026, 9, 30) == coerce_date(dt.datetime(2026, 9, 30, 23, 0, tzinfo=_NoOffset()))
    plain = coerce_date(_Day(2026, 1, 4))
    assert (D(2026, 1, 4), dt.date) == (plain, type(plain))
    assert D(2026, 1, 4) == coerce_date(" 2026-01-04 ")


def test_calendars_are_shared_and_overlays_make_new_ones() -> None:
    assert china_calendar() is china_calendar()
    assert china_calendar(provisional=True) is china_calendar(provisional=True)
    assert () == STRICT.changes
    extended = china_calendar(overlays=[OVERLAYS / "notice-2027.toml"])
    assert isinstance(extended, ChinaCalendar)
    assert extended is not STRICT
    assert 2027 == extended.last_published


def test_calendar_repr_and_year_arrangement_import() -> None:
    """The repr names the mode, the published years and the settled day; the old import works."""
    assert "ChinaCalendar(strict, published 2001-2026, settled until 2026-12-24)" == repr(STRICT)
    assert repr(PROVISIONAL).startswith("ChinaCalendar(provisional, published 2001-2026")
    from cnreg_calendar import workdays
    from cnreg_calendar.notices import YearArrangement

    assert workdays.YearArrangement is YearArrangement
    with pytest.raises(AttributeError, match="no_such_name"):
        workdays.no_such_name  # noqa: B018
