"""Tests of holiday-notice overlays: a new year, a revision, and every malformed file refused.

The overlays in tests/data/overlays/ are FICTIONAL test fixtures, not State Council notices.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from cnreg_calendar import OverlayError, ScheduleNotPublished, china_calendar

D = dt.date
ONE = dt.timedelta(days=1)
OVERLAYS = Path(__file__).parent / "data" / "overlays"
NOTICE_2027 = OVERLAYS / "notice-2027.toml"
NOTICE_2028 = OVERLAYS / "notice-2028.toml"
REVISION_2026 = OVERLAYS / "revision-2026.toml"

#: The fictional 2027 arrangement of notice-2027.toml, typed again here: (name, first, last, work).
FICTIONAL_2027 = [
    ("元旦", D(2026, 12, 31), D(2027, 1, 3), (D(2026, 12, 26),)),
    ("春节", D(2027, 2, 5), D(2027, 2, 13), (D(2027, 2, 14), D(2027, 2, 20))),
    ("清明节", D(2027, 4, 3), D(2027, 4, 5), ()),
    ("劳动节", D(2027, 5, 1), D(2027, 5, 5), (D(2027, 4, 25), D(2027, 5, 8))),
    ("端午节", D(2027, 6, 9), D(2027, 6, 9), ()),
    ("中秋节", D(2027, 9, 15), D(2027, 9, 15), ()),
    ("国庆节", D(2027, 10, 1), D(2027, 10, 7), (D(2027, 9, 26), D(2027, 10, 9))),
]
#: The make-up working days of the built-in 2026 notice.
MAKE_UP_2026 = [
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
]


@pytest.fixture(scope="module")
def cal_2027():
    """The strict calendar with the fictional 2027 notice."""
    return china_calendar(overlays=[NOTICE_2027])


# -- a new year -----------------------------------------------------------------------------------


def test_new_year_becomes_published(cal_2027):
    """With the 2027 overlay, 2027 is published, the last published year, with its notice."""
    notice = cal_2027.notice(2027)
    assert (True, 2027, False, True, str(NOTICE_2027)) == (
        cal_2027.is_published(2027),
        cal_2027.last_published,
        cal_2027.is_published(2028),
        "测试" in notice.title,
        notice.source,
    )


def test_pending_window_moves_to_december_2027(cal_2027):
    """The strict calendar now answers to 2027-12-24 and refuses 2027-12-25 onwards, naming 2028."""
    assert (D(2027, 12, 24), True) == (
        cal_2027.settled_until,
        cal_2027.is_working_day(D(2027, 12, 24)),
    )
    with pytest.raises(ScheduleNotPublished) as info:
        cal_2027.is_working_day(D(2027, 12, 28))
    assert (2028, 2027) == (info.value.year, info.value.last_published)


def test_late_december_2026_is_settled_by_the_2027_notice(cal_2027):
    """The 2027 notice settles 2026-12-25..31: Sat 12-26 works, Thu 12-31 is off, Mon 12-28 works."""
    assert [True, True, False] == [
        cal_2027.is_working_day(d) for d in (D(2026, 12, 26), D(2026, 12, 28), D(2026, 12, 31))
    ]


def test_strict_queries_in_2027_work(cal_2027):
    """Offsets and counts in 2027 are answered from the overlay, unflagged."""
    # Thu 09-30: [10-01..07 off], Fri 10-08 is the 1st working day; Sat 10-09 (make-up) the 2nd.
    assert (D(2027, 10, 8), D(2027, 10, 9), False) == (
        cal_2027.add_working_days(D(2027, 9, 30), 1),
        cal_2027.add_working_days(D(2027, 9, 30), 2),
        cal_2027.depends_on_estimate(D(2027, 9, 30), D(2027, 10, 9)),
    )


def test_new_year_days_are_exactly_what_the_overlay_says(cal_2027):
    """Every rest day of the overlay is off, every make-up day works, the days around are working."""
    for _name, first, last, work in FICTIONAL_2027:
        span = [first + n * ONE for n in range((last - first).days + 1)]
        assert [False] * len(span) == [cal_2027.is_working_day(d) for d in span]
        assert [True] * len(work) == [cal_2027.is_working_day(d) for d in work]
        assert (True, True) == (
            cal_2027.is_working_day(first - ONE),
            cal_2027.is_working_day(last + ONE),
        )


def test_new_year_arrangement(cal_2027):
    """``year(2027)`` lists the overlay's holidays and make-up days, published, not provisional."""
    arrangement = cal_2027.year(2027)
    assert [(n, f, la, w) for n, f, la, w in FICTIONAL_2027] == [
        (h.name_zh, h.first, h.last, h.make_up_days) for h in arrangement.holidays
    ]
    assert (True, False, [False] * 7) == (
        arrangement.published,
        arrangement.provisional,
        [h.provisional for h in arrangement.holidays],
    )


def test_new_year_has_no_working_weekend_beyond_its_make_up_days(cal_2027):
    """Weekends of 2027 are rest days except the overlay's make-up days (no estimate leaks in)."""
    make_up = {d for *_, work in FICTIONAL_2027 for d in work}
    weekend = [D(2027, 1, 1) + n * ONE for n in range(365)]
    weekend = [d for d in weekend if d.weekday() >= 5 and d <= D(2027, 12, 24)]
    assert sorted(make_up - {D(2026, 12, 26)}) == [d for d in weekend if cal_2027.is_working_day(d)]


def test_new_year_in_a_provisional_calendar():
    """With the overlay a provisional calendar flags only days after 2027-12-24."""
    cal = china_calendar(provisional=True, overlays=[NOTICE_2027])
    assert (False, True, False, True) == (
        cal.is_provisional(D(2027, 10, 8)),
        cal.is_provisional(D(2027, 12, 28)),
        cal.year(2027).provisional,
        cal.year(2028).provisional,
    )


def test_overlays_do_not_change_the_default_calendar(cal_2027):
    """Building a calendar with an overlay leaves the plain strict calendar as it was."""
    assert (2026, False) == (china_calendar().last_published, china_calendar().is_published(2027))


def test_years_added_in_order_are_accepted():
    """The 2027 then the 2028 notice make 2028 the last published year."""
    cal = china_calendar(overlays=[NOTICE_2027, NOTICE_2028])
    assert (2028, D(2028, 12, 24), False) == (
        cal.last_published,
        cal.settled_until,
        cal.is_working_day(D(2028, 1, 3)),
    )


# -- a revision -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def revised():
    """The strict calendar with the fictional 2026 revision."""
    return china_calendar(overlays=[REVISION_2026])


def test_revision_adds_a_day_off(revised):
    """The revision makes Thu 2026-09-03 a day off, named after it."""
    assert (False, ("纪念日", "Commemoration Day (fictional)")) == (
        revised.is_working_day(D(2026, 9, 3)),
        revised.holiday_name(D(2026, 9, 3)),
    )


def test_revision_turns_a_make_up_day_into_a_day_off(revised):
    """Sat 2026-02-14, a built-in make-up day, becomes a day off, and the change is recorded."""
    assert (False, ("2026-02-14: make-up working day becomes a day off (春节)",)) == (
        revised.is_working_day(D(2026, 2, 14)),
        revised.changes,
    )


def test_revision_keeps_the_other_make_up_days(revised):
    """The built-in make-up days the revision does not mention stay working days."""
    others = [d for d in MAKE_UP_2026 if d != D(2026, 2, 14)]
    assert [True] * len(others) == [revised.is_working_day(d) for d in others]
    assert others == list(revised.year(2026).make_up_days)


def test_revision_is_listed_in_the_notice(revised):
    """The 2026 notice lists the revision overlay; 2026 stays the last published year."""
    revisions = revised.notice(2026).revisions
    assert (1, True, True, 2026) == (
        len(revisions),
        str(REVISION_2026) in revisions[0],
        "测试" in revisions[0],
        revised.last_published,
    )


def test_revision_changes_the_spring_festival_period(revised):
    """After the revision the Spring Festival of 2026 runs 02-14..02-23 with make-up Sat 02-28."""
    festival = revised.year(2026).holidays[1]
    assert ("春节", D(2026, 2, 14), D(2026, 2, 23), (D(2026, 2, 28),)) == (
        festival.name_zh,
        festival.first,
        festival.last,
        festival.make_up_days,
    )


def test_built_in_calendar_records_no_changes():
    """The built-in data alone makes no explicit overrides."""
    assert () == china_calendar().changes


# -- malformed overlays ------------------------------------------------------------------------------

GOOD_NOTICE = """
    [[notice]]
    year = 2027
    title = "测试 fictional test fixture"
"""

MALFORMED = {
    "bad_toml": (
        'format = 1\n[[notice]\nyear = 2027\ntitle = "测试"\n',
        "not valid TOML",
    ),
    "unknown_key": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "元旦"
    first = 2027-01-01
    last = 2027-01-03
    rest_days = 3
    """,
        "notice[0].holiday[0]: unknown key 'rest_days'",
    ),
    "wrong_type_year": (
        """
    [[notice]]
    year = "2027"
    title = "测试 fictional test fixture"
    """,
        "notice[0].year: expected an integer",
    ),
    "wrong_type_first": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "元旦"
    first = "2027-01-01"
    last = 2027-01-03
    """,
        "notice[0].holiday[0].first: expected a date",
    ),
    "datetime_not_date": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "元旦"
    first = 2027-01-01T00:00:00
    last = 2027-01-03
    """,
        "notice[0].holiday[0].first: expected a date",
    ),
    "wrong_type_working_days": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "元旦"
    first = 2027-01-01
    last = 2027-01-03
    working_days = 5
    """,
        "notice[0].holiday[0].working_days",
    ),
    "wrong_type_holiday": (
        GOOD_NOTICE + "holiday = 5\n",
        "notice[0].holiday",
    ),
    "date_outside_year": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "元旦"
    first = 2027-01-01
    last = 2028-01-03
    """,
        "notice[0].holiday[0].last: 2028-01-03 is outside the notice's year 2027",
    ),
    "working_day_outside_year": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "元旦"
    first = 2027-01-01
    last = 2027-01-03
    working_days = [2026-06-06]
    """,
        "notice[0].holiday[0].working_days: 2026-06-06 is outside the notice's year 2027",
    ),
    "last_before_first": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "春节"
    first = 2027-02-13
    last = 2027-02-05
    """,
        "notice[0].holiday[0]: last (2027-02-05) is before first (2027-02-13)",
    ),
    "working_day_inside_rest": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    name_zh = "春节"
    first = 2027-02-05
    last = 2027-02-13
    working_days = [2027-02-06]
    """,
        "notice[0].holiday[0].working_days: 2027-02-06 is inside the rest period",
    ),
    "missing_name": (
        GOOD_NOTICE
        + """
    [[notice.holiday]]
    first = 2027-02-05
    last = 2027-02-13
    """,
        "notice[0].holiday[0].name_zh: expected a string",
    ),
    "missing_title": (
        """
    [[notice]]
    year = 2027
    """,
        "notice[0].title: expected a string",
    ),
    "year_before_2001": (
        """
    [[notice]]
    year = 2000
    title = "测试 fictional test fixture"
    """,
        "notice[0].year: 2000 is outside 2001-2199",
    ),
    "no_notice": ("", "no [[notice]] table"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_overlay_is_refused_naming_file_and_key(tmp_path, case):
    """Each malformed overlay raises OverlayError naming the file and the table and key at fault."""
    body, expected = MALFORMED[case]
    text = body if case == "bad_toml" else "format = 1\n" + textwrap.dedent(body)
    path = tmp_path / f"{case}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverlayError) as info:
        china_calendar(overlays=[path])
    message = str(info.value)
    assert (True, True) == (message.startswith(f"{path}:"), expected in message), message


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [("", "format = None; write 'format = 1'"), ("format = 2\n", "format = 2; write 'format = 1'")],
    ids=["missing", "wrong"],
)
def test_overlay_without_format_1_is_refused(tmp_path, first_line, expected):
    """An overlay must start with ``format = 1``: the message names the file and the key."""
    path = tmp_path / "notice-2027.toml"
    path.write_text(first_line + textwrap.dedent(GOOD_NOTICE), encoding="utf-8")
    with pytest.raises(OverlayError) as info:
        china_calendar(overlays=[path])
    assert f"{path}: {expected}" == str(info.value)


def test_gap_year_is_refused():
    """A 2028 notice without the 2027 one is refused, naming the file and the missing year."""
    with pytest.raises(OverlayError) as info:
        china_calendar(overlays=[NOTICE_2028])
    message = str(info.value)
    assert (True, True) == (
        message.startswith(f"{NOTICE_2028}:"),
        "add the notice for 2027 first" in message,
    )


def test_missing_overlay_file_is_refused(tmp_path):
    """An overlay file that does not exist raises OverlayError naming it."""
    path = tmp_path / "missing.toml"
    with pytest.raises(OverlayError, match="cannot read the overlay file"):
        china_calendar(overlays=[path])


def test_overlay_error_is_a_value_error(tmp_path):
    """OverlayError is also a ValueError."""
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="format"):
        china_calendar(overlays=[path])
