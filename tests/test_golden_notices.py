"""Golden tests typed by hand from the State Council holiday notices, independent of ``holidays``.

The data below is copied from the notices as /work/shared/reference/legal-periods.md §3 lists them
(国务院办公厅关于YYYY年部分节假日安排的通知): every rest period (放假调休, weekends inside it
included) and every make-up working day (调休上班). Nothing here is read from the library.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest

from cnreg_calendar import china_calendar

D = dt.date
ONE = dt.timedelta(days=1)


class Rest(NamedTuple):
    """One item of a notice: its name, its rest period and its make-up working days."""

    name_zh: str
    first: dt.date
    last: dt.date
    work: tuple[dt.date, ...] = ()


NOTICES: dict[int, tuple[Rest, ...]] = {
    # 国务院办公厅关于2023年部分节假日安排的通知 (2022-12-08)
    2023: (
        Rest("元旦", D(2022, 12, 31), D(2023, 1, 2)),
        Rest("春节", D(2023, 1, 21), D(2023, 1, 27), (D(2023, 1, 28), D(2023, 1, 29))),
        Rest("清明节", D(2023, 4, 5), D(2023, 4, 5)),
        Rest("劳动节", D(2023, 4, 29), D(2023, 5, 3), (D(2023, 4, 23), D(2023, 5, 6))),
        Rest("端午节", D(2023, 6, 22), D(2023, 6, 24), (D(2023, 6, 25),)),
        Rest("中秋节、国庆节", D(2023, 9, 29), D(2023, 10, 6), (D(2023, 10, 7), D(2023, 10, 8))),
    ),
    # 国务院办公厅关于2024年部分节假日安排的通知 (2023-10-25); New Year's Eve (Fri 2024-02-09)
    # was still a working day.
    2024: (
        Rest("元旦", D(2023, 12, 30), D(2024, 1, 1)),
        Rest("春节", D(2024, 2, 10), D(2024, 2, 17), (D(2024, 2, 4), D(2024, 2, 18))),
        Rest("清明节", D(2024, 4, 4), D(2024, 4, 6), (D(2024, 4, 7),)),
        Rest("劳动节", D(2024, 5, 1), D(2024, 5, 5), (D(2024, 4, 28), D(2024, 5, 11))),
        Rest("端午节", D(2024, 6, 8), D(2024, 6, 10)),
        Rest("中秋节", D(2024, 9, 15), D(2024, 9, 17), (D(2024, 9, 14),)),
        Rest("国庆节", D(2024, 10, 1), D(2024, 10, 7), (D(2024, 9, 29), D(2024, 10, 12))),
    ),
    # 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号, 2024-11-12)
    2025: (
        Rest("元旦", D(2025, 1, 1), D(2025, 1, 1)),
        Rest("春节", D(2025, 1, 28), D(2025, 2, 4), (D(2025, 1, 26), D(2025, 2, 8))),
        Rest("清明节", D(2025, 4, 4), D(2025, 4, 6)),
        Rest("劳动节", D(2025, 5, 1), D(2025, 5, 5), (D(2025, 4, 27),)),
        Rest("端午节", D(2025, 5, 31), D(2025, 6, 2)),
        Rest("国庆节、中秋节", D(2025, 10, 1), D(2025, 10, 8), (D(2025, 9, 28), D(2025, 10, 11))),
    ),
    # 国务院办公厅关于2026年部分节假日安排的通知 (November 2025)
    2026: (
        Rest("元旦", D(2026, 1, 1), D(2026, 1, 3), (D(2026, 1, 4),)),
        Rest("春节", D(2026, 2, 15), D(2026, 2, 23), (D(2026, 2, 14), D(2026, 2, 28))),
        Rest("清明节", D(2026, 4, 4), D(2026, 4, 6)),
        Rest("劳动节", D(2026, 5, 1), D(2026, 5, 5), (D(2026, 5, 9),)),
        Rest("端午节", D(2026, 6, 19), D(2026, 6, 21)),
        Rest("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
        Rest("国庆节", D(2026, 10, 1), D(2026, 10, 7), (D(2026, 9, 20), D(2026, 10, 10))),
    ),
}

YEARS = sorted(NOTICES)


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + n * ONE for n in range((last - first).days + 1)]


def rest_days(year: int) -> set[dt.date]:
    """Every day of the year's rest periods, as typed above."""
    return {d for rest in NOTICES[year] for d in days(rest.first, rest.last)}


def make_up_days(year: int) -> list[dt.date]:
    """Every make-up working day of the year's notice, as typed above."""
    return sorted(d for rest in NOTICES[year] for d in rest.work)


def expected_working_days(year: int, first: dt.date, last: dt.date) -> int:
    """Weekdays - weekday rest days + make-up days, counted from the typed data over first..last."""
    span = days(first, last)
    weekdays = sum(1 for d in span if d.weekday() < 5)
    weekday_rest = sum(1 for d in span if d.weekday() < 5 and d in rest_days(year))
    make_up = sum(1 for d in make_up_days(year) if first <= d <= last)
    return weekdays - weekday_rest + make_up


def all_rest_days() -> list[dt.date]:
    return [d for year in YEARS for d in sorted(rest_days(year))]


@pytest.fixture(scope="module")
def cal():
    """The strict calendar."""
    return china_calendar()


def test_typed_data_is_consistent():
    """The typed make-up days are weekend days outside every rest period (a check of the typing)."""
    for year in YEARS:
        for day in make_up_days(year):
            assert (True, False) == (day.weekday() >= 5, day in rest_days(year))


@pytest.mark.parametrize("day", all_rest_days(), ids=str)
def test_every_rest_day_is_not_a_working_day(cal, day):
    """Every day of every rest period of 2023-2026 is a day off."""
    assert False is cal.is_working_day(day)


@pytest.mark.parametrize("day", [d for y in YEARS for d in make_up_days(y)], ids=str)
def test_every_make_up_day_is_a_working_day(cal, day):
    """Every make-up working day (调休上班) of 2023-2026 is a working day, though a weekend day."""
    assert True is cal.is_working_day(day)


@pytest.mark.parametrize("year", YEARS)
def test_days_around_each_rest_period_are_working_days(cal, year):
    """The day before and the day after each rest period are working days (the periods are whole)."""
    for rest in NOTICES[year]:
        assert (True, True) == (
            cal.is_working_day(rest.first - ONE),
            cal.is_working_day(rest.last + ONE),
        ), rest


@pytest.mark.parametrize("year", YEARS)
def test_year_holidays_are_the_notice_items_in_order(cal, year):
    """``year(Y).holidays`` lists exactly the notice's rest periods, in order, with their names."""
    expected = [(r.name_zh, r.first, r.last) for r in NOTICES[year]]
    assert expected == [(h.name_zh, h.first, h.last) for h in cal.year(year).holidays]


@pytest.mark.parametrize("year", YEARS)
def test_year_days_off_are_the_notice_rest_days(cal, year):
    """``year(Y).days_off`` holds every day of the notice's rest periods, weekends included."""
    assert sorted(rest_days(year)) == sorted(cal.year(year).days_off)


@pytest.mark.parametrize("year", YEARS)
def test_year_make_up_days_are_the_notice_make_up_days(cal, year):
    """``year(Y).make_up_days`` holds exactly the notice's make-up days, each under its holiday."""
    arrangement = cal.year(year)
    assert make_up_days(year) == list(arrangement.make_up_days)
    assert [r.work for r in NOTICES[year]] == [h.make_up_days for h in arrangement.holidays]


@pytest.mark.parametrize("year", YEARS)
def test_year_is_published_and_not_provisional(cal, year):
    """Each of 2023-2026 is published, with its notice, and nothing of it is provisional."""
    arrangement = cal.year(year)
    assert (True, False, year, False) == (
        arrangement.published,
        arrangement.provisional,
        arrangement.notice.year,
        any(h.provisional for h in arrangement.holidays),
    )


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_working_days_per_year(cal, year):
    """The working days of a whole year are weekdays - weekday rest days + make-up days."""
    first, last = D(year, 1, 1), D(year, 12, 31)
    assert expected_working_days(year, first, last) == cal.working_days_between(first - ONE, last)


def test_working_days_of_2026_up_to_the_settled_day(cal):
    """2026 is counted up to 24 December, the last day the strict calendar answers for."""
    first, last = D(2026, 1, 1), D(2026, 12, 24)
    assert last == cal.settled_until
    assert expected_working_days(2026, first, last) == cal.working_days_between(first - ONE, last)


def test_working_days_of_the_whole_of_2026_in_the_provisional_calendar():
    """The provisional calendar counts the whole of 2026 from the 2026 notice (no change after 24 Dec)."""
    first, last = D(2026, 1, 1), D(2026, 12, 31)
    provisional = china_calendar(provisional=True)
    assert expected_working_days(2026, first, last) == provisional.working_days_between(
        first - ONE, last
    )


def test_2025_notice_reference(cal):
    """The 2025 arrangement cites its notice 国办发明电〔2024〕12号."""
    assert "国办发明电〔2024〕12号" == cal.year(2025).notice.reference


def test_2005_12_31_is_a_working_saturday(cal):
    """Saturday 2005-12-31 is a make-up working day under the 2006 notice (国办发明电〔2005〕35号)."""
    assert (5, True) == (D(2005, 12, 31).weekday(), cal.is_working_day(D(2005, 12, 31)))
    assert "国办发明电〔2005〕35号" == cal.notice(2006).reference


def test_2018_12_29_is_a_working_saturday(cal):
    """Saturday 2018-12-29 is a make-up working day under the 2019 notice (New Year 2018-12-30..2019-01-01)."""
    assert (5, True) == (D(2018, 12, 29).weekday(), cal.is_working_day(D(2018, 12, 29)))
    assert [False, False, False] == [
        cal.is_working_day(d) for d in days(D(2018, 12, 30), D(2019, 1, 1))
    ]


def test_2020_spring_festival_extension(cal):
    """The 2020-01-27 notice extended the Spring Festival to 2 February: 31 January-2 February are off."""
    assert [False, False, False, True] == [
        cal.is_working_day(d) for d in days(D(2020, 1, 31), D(2020, 2, 3))
    ]


def test_2015_victory_day(cal):
    """2015-09-03 (holiday) and 09-04 (swapped) were off; Sunday 2015-09-06 was a working day."""
    assert [False, False, False, True] == [
        cal.is_working_day(d) for d in (D(2015, 9, 3), D(2015, 9, 4), D(2015, 9, 5), D(2015, 9, 6))
    ]
