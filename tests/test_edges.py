"""No raw exception at any input; one datetime rule; an honest far future; locale-free bytes.

Issue 13: every date from 0001-01-01 to 9999-12-31, aware or naive, in any zone, with every period
the grammar accepts, gives a result or the library's own error naming the input, in the API, the
loaders and the CLI.  The ``test_regression_*`` tests are the rows and signatures of the issue.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import locale
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnreg_calendar import Period, Unit, china_calendar, due
from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.cli import main
from cnreg_calendar.deadlines import schedule
from cnreg_calendar.errors import (
    CatalogError,
    CnregCalendarError,
    DateRangeError,
    OverlayError,
    ProfileError,
    ScheduleNotPublished,
)
from cnreg_calendar.feeds import workday_events
from cnreg_calendar.notices import load_notices
from cnreg_calendar.periods import add_months, beijing_date, due_day, fixed_date, to_beijing
from cnreg_calendar.profile import Profile, load_profile
from cnreg_calendar.publish import publish
from cnreg_calendar.tomlguard import MAX_CHARS, MAX_DEPTH, MAX_KEY_PARTS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
PLUS_14 = dt.timezone(dt.timedelta(hours=14))
CATALOG = load_catalog()
ALL_ROLES = tuple(role.id for role in CATALOG.roles)
ALL_EVENTS = tuple(event.id for event in CATALOG.events)
STRICT = china_calendar()
PROVISIONAL = china_calendar(provisional=True)

# -- strategies over the whole range ------------------------------------------------------------

offsets = st.one_of(
    st.builds(
        dt.timezone,
        st.timedeltas(-dt.timedelta(hours=23, minutes=59), dt.timedelta(hours=23, minutes=59)),
    ),
    st.sampled_from(
        [dt.UTC, SHANGHAI, NEW_YORK, ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12")]
    ),
)
anchors = st.one_of(
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=offsets),
    st.datetimes(timezones=offsets).map(lambda d: d.replace(fold=1)),
    st.sampled_from([dt.date.min, dt.date.max, dt.datetime.min, dt.datetime.max]),
)
periods = st.builds(Period, st.integers(1, 99_999), st.sampled_from(list(Unit)))
calendars = st.sampled_from([STRICT, PROVISIONAL])


def assert_named(error: CnregCalendarError, anchor: dt.date) -> None:
    """A date-range error names the input (its date, as written)."""
    if isinstance(error, DateRangeError):
        assert anchor.isoformat()[:10] in str(error) or str(anchor.year) in str(error), str(error)


@settings(max_examples=400, deadline=None)
@given(anchor=anchors, period=periods, calendar=calendars, before=st.booleans())
def test_due_whole_range(anchor: dt.date, period: Period, calendar, before: bool) -> None:
    """due and due_day: a result or the library's error, never a raw exception; they agree."""
    try:
        result = due(anchor, period, calendar, before=before)
    except CnregCalendarError as error:
        assert_named(error, anchor)
        with pytest.raises(CnregCalendarError):
            due_day(anchor, period.amount, period.unit, calendar, before)
        return
    assert (result.date, result.provisional) == due_day(
        anchor, period.amount, period.unit, calendar, before
    )
    assert result.explanation()


@settings(max_examples=400, deadline=None)
@given(anchor=anchors, n=st.integers(-(10**7), 10**7), calendar=calendars)
def test_add_working_days_whole_range(anchor: dt.date, n: int, calendar) -> None:
    """add_working_days and the day questions: a result or the library's error."""
    for question in (
        lambda: calendar.add_working_days(anchor, n),
        lambda: calendar.is_working_day(anchor),
        lambda: calendar.roll_forward(anchor),
        lambda: calendar.roll_backward(anchor),
        lambda: calendar.is_provisional(anchor),
        lambda: calendar.holiday_name(anchor),
        lambda: calendar.working_days_between(anchor, dt.date(2026, 1, 1)),
        lambda: list(calendar.working_days(anchor, anchor)),
        lambda: fixed_date(anchor, calendar),
        lambda: beijing_date(anchor),
    ):
        try:
            question()
        except CnregCalendarError as error:
            assert_named(error, anchor)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=st.dictionaries(
        st.sampled_from(ALL_EVENTS), st.lists(anchors, min_size=1, max_size=2), max_size=4
    ),
    start=st.dates(),
    span=st.integers(0, 800),
    strict=st.booleans(),
)
def test_schedule_whole_range(events, start: dt.date, span: int, strict: bool) -> None:
    """schedule of a profile with dates anywhere: deadlines or the library's error."""
    end = dt.date.fromordinal(min(start.toordinal() + span, dt.date.max.toordinal()))
    try:
        profile = Profile("Edge Co.", roles=ALL_ROLES, events=events, strict=strict)
        deadlines = schedule(profile, start, end, catalog=CATALOG)
    except CnregCalendarError:
        return
    assert all(start <= d.date <= end for d in deadlines)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab=.[]{}\"'\n #1-:T+0")), max_size=200))
def test_loaders_any_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """Profile, catalog and overlay loaders: a parsed value or their own error, for any text."""
    path = tmp_path_factory.mktemp("loader") / "file.toml"
    path.write_text(text, encoding="utf-8")
    for load, error in (
        (load_profile, ProfileError),
        (load_notices, OverlayError),
        (load_catalog, CatalogError),
    ):
        with contextlib.suppress(error):
            load(path)


@settings(max_examples=100, deadline=None)
@given(anchor=anchors.filter(lambda a: not isinstance(a, dt.datetime) or a.tzinfo is None))
def test_cli_due_never_a_traceback(anchor: dt.date) -> None:
    """The CLI answers 0 or 2 with one line, for any day and the hour and day periods."""
    day = anchor.isoformat()[:10]
    for argv in (
        ["due", day, "1 hour"],
        ["due", day, "1 day", "--before"],
        ["workdays", "add", day, "1"],
    ):
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            status = main(argv)
        assert status in (0, 2), argv
        assert (status == 2) == (len(err.getvalue().splitlines()) == 1), err.getvalue()


# -- the five signatures of the issue, named ----------------------------------------------------


def write_profile(folder: Path, events: str, roles: str = '"ciio", "data-exporter"') -> Path:
    path = folder / "edge.toml"
    path.write_text(f'name = "Edge Co."\nroles = [{roles}]\n[events]\n{events}\n', encoding="utf-8")
    return path


def test_regression_event_0001_01_01_plus_14(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``0001-01-01T00:00:00+14:00`` is 31 December of year 0 in Beijing: a ProfileError naming it.

    Before: a raw OverflowError from to_beijing, CLI exit 1 with a traceback.
    """
    path = write_profile(tmp_path, "cii-system-go-live = 0001-01-01T00:00:00+14:00")
    with pytest.raises(
        ProfileError, match=r"events\.cii-system-go-live: 0001-01-01T00:00:00\+14:00"
    ):
        load_profile(path)
    with pytest.raises(DateRangeError, match=r"0001-01-01T00:00:00\+14:00"):
        to_beijing(dt.datetime(1, 1, 1, tzinfo=PLUS_14))
    assert 2 == main(
        ["deadlines", "--profile", str(path), "--from", "2026-01-01", "--to", "2026-12-31"]
    )
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "0001-01-01T00:00:00+14:00" in err


def test_regression_event_9999_12_31(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An event on 9999-12-31: deadlines in range, or an error naming the event and the date."""
    path = write_profile(tmp_path, "cii-system-go-live = 9999-12-31")
    status = main(
        ["deadlines", "--profile", str(path), "--from", "2026-01-01", "--to", "2026-12-31"]
    )
    _, err = capsys.readouterr()
    assert status in (0, 2)
    if status == 2:
        assert 1 == len(err.splitlines())
        assert "9999-12-31" in err


def test_regression_one_hour_from_0001_01_01() -> None:
    """A "1 hour" duty from 0001-01-01: 0001-01-01 01:00 in Beijing after; refused before.

    Before: a raw OverflowError from _hours_from (Beijing midnight is 16:00 of year 0 in UTC).
    """
    start = dt.date(1, 1, 1)
    with pytest.raises(DateRangeError, match="1 hours before 0001-01-01"):
        due(start, "1 hour", before=True)
    with pytest.raises(DateRangeError, match="0001-01-01"):
        due_day(start, 1, Unit.HOURS, STRICT)
    with pytest.raises(DateRangeError, match="9999-12-31"):
        due(dt.datetime(9999, 12, 31, 23, 30), "1 hour")


def test_regression_export_assessment_passed_9999_12_31(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 3-year validity from 9999-12-31 ends in 10002: an error naming duty, event and date.

    Before: a raw ValueError from add_months (year 10002 is out of range), exit 1.
    """
    path = write_profile(tmp_path, "export-assessment-passed = 9999-12-31")
    with pytest.raises(DateRangeError, match=r"export-assessment-passed = 9999-12-31"):
        schedule(load_profile(path), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    with pytest.raises(DateRangeError, match="9999-12-31 moved by 36 months reaches year 10002"):
        add_months(dt.date(9999, 12, 31), 36)
    assert 2 == main(
        ["deadlines", "--profile", str(path), "--from", "2026-01-01", "--to", "2026-12-31"]
    )
    assert 1 == len(capsys.readouterr().err.splitlines())


def test_regression_due_until_overflow() -> None:
    """``_due_until``'s reach past 9999-12-31 (a period after an event there) is the library's error."""
    profile = Profile("Edge Co.", roles=ALL_ROLES, events=dict.fromkeys(ALL_EVENTS, (dt.date.max,)))
    with pytest.raises(CnregCalendarError, match="9999-12-31"):
        schedule(profile, dt.date(2026, 1, 1), dt.date(2026, 12, 31), catalog=CATALOG)
    # And a range at the very start of time (its look-back once overflowed).
    with pytest.raises(CnregCalendarError):
        schedule(profile, dt.date.min, dt.date(1, 12, 31), catalog=CATALOG)


def test_regression_overlay_deep_nesting(tmp_path: Path) -> None:
    """An overlay of a 1,200-deep nested array (2.4 KB) is an OverlayError, not a RecursionError."""
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 1200 + "]" * 1200 + "\n", encoding="utf-8")
    assert len(path.read_bytes()) < 2500
    with pytest.raises(OverlayError, match="nests arrays or inline tables 33 deep"):
        load_notices(path)
    with pytest.raises(OverlayError):
        china_calendar(overlays=[path])
    with pytest.raises(ProfileError, match="33 deep"):
        load_profile(path)
    with pytest.raises(CatalogError, match="33 deep"):
        load_catalog(path)


def test_regression_dotted_key_of_100000_parts(tmp_path: Path) -> None:
    """A 200 KB key of 100,000 parts is refused by every loader before tomllib (once quadratic)."""
    path = tmp_path / "dotted.toml"
    path.write_text(".".join(["k"] * 100_000) + " = 1\n", encoding="utf-8")
    assert len(path.read_bytes()) > 190_000
    began = time.monotonic()
    for load, error in (
        (load_profile, ProfileError),
        (load_notices, OverlayError),
        (load_catalog, CatalogError),
    ):
        with pytest.raises(error, match="dotted key of 33 or more parts"):
            load(path)
    assert time.monotonic() - began < 30  # a bound on a hang, not a speed target


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        (".".join(["k"] * MAX_KEY_PARTS) + " = 1", False),
        (".".join(["k"] * (MAX_KEY_PARTS + 1)) + " = 1", True),
        ('"a.b.c" = 1\n' + "x = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, False),
        ("x = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), True),
        ("x = " + "{a = " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), True),
        ("x = '''" + "[" * 100 + "'''\ny = \"" + "." * 100 + '"\n# ' + "[" * 100, False),
        ("x = " + "1.5, " * 1000, False),
        ("x = '" + "a" * MAX_CHARS + "'", True),
    ],
)
def test_toml_guard_limits(text: str, refused: bool) -> None:
    """The documented limits hold exactly: 32 key parts and 32 levels pass, 33 do not."""
    from cnreg_calendar import tomlguard

    assert refused == (tomlguard.problem(text) is not None)


# -- one datetime rule ----------------------------------------------------------------------------


def test_regression_datetime_rule() -> None:
    """``2026-09-29T20:00Z`` is 30 September 04:00 in Beijing: the calendar and due agree on it.

    Before: add_working_days(x, 1) gave 2026-09-30 (the UTC date) but due(x, "1 working day")
    2026-10-08.  The 2026 notice (国办发明电〔2025〕7号): 1-7 October off, 30 September a working day.
    """
    x = dt.datetime(2026, 9, 29, 20, 0, tzinfo=dt.UTC)
    assert dt.date(2026, 10, 8) == STRICT.add_working_days(x, 1) == due(x, "1 working day").date
    assert STRICT.is_working_day(x) is True  # 30 September, in Beijing
    y = dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)  # 1 October 01:00 in Beijing: a day off
    assert STRICT.is_working_day(y) is False
    assert STRICT.holiday_name(y) == ("国庆节", "National Day")
    assert dt.date(2026, 10, 8) == STRICT.roll_forward(y)
    naive = dt.datetime(2026, 9, 30, 23, 0)  # naive: Beijing time already
    assert STRICT.is_working_day(naive) is True


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(dt.datetime(2001, 1, 2), dt.datetime(2026, 12, 20), timezones=offsets))
def test_calendar_reads_aware_datetimes_on_their_beijing_date(moment: dt.datetime) -> None:
    day = moment.astimezone(SHANGHAI).date()
    assert STRICT.is_working_day(moment) == STRICT.is_working_day(day)
    assert STRICT.add_working_days(moment, 1) == STRICT.add_working_days(day, 1)
    assert due(moment, "1 working day").date == STRICT.add_working_days(day, 1)


def test_regression_dst_folds_are_distinct() -> None:
    """01:30 on 1 November 2026 in New York happens twice (EDT, then EST): two answers.

    Before: the memo treated both folds as one key; whichever was asked first answered both.
    """
    first = dt.datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=0)  # 05:30 UTC
    second = first.replace(fold=1)  # 06:30 UTC
    for order in ((first, second), (second, first)):
        calendar = china_calendar(overlays=[])  # a fresh memo  # noqa: F841
        answers = {a.fold: due(a, "1 hour").date for a in order}
        assert dt.datetime(2026, 11, 1, 14, 30, tzinfo=SHANGHAI) == answers[0]
        assert dt.datetime(2026, 11, 1, 15, 30, tzinfo=SHANGHAI) == answers[1]
        assert answers[1] - answers[0] == dt.timedelta(hours=1)


# -- an honest far future -------------------------------------------------------------------------


def test_provisional_years_have_every_statutory_holiday() -> None:
    """Every estimated year 2027-2100 has the statute's holidays (全国年节及纪念日放假办法 Art. 2).

    1 January, 1 May and 1 October are days off; the lunar festivals are named (Mid-Autumn may
    share its block with National Day, as in 2050).
    """
    for year in range(STRICT.last_published + 1, 2101):
        names = {h.name_zh for h in PROVISIONAL.year(year).holidays}
        assert {"元旦", "春节", "清明节", "劳动节", "端午节"} <= names, (year, names)
        assert names & {"中秋节", "国庆节"}, (year, names)
        for month in (1, 5, 10):
            assert not PROVISIONAL.is_working_day(dt.date(year, month, 1)), (year, month)
            assert PROVISIONAL.holiday_name(dt.date(year, month, 1)) is not None


def test_regression_far_future_refused() -> None:
    """After 2100 (the end of the lunar table) provisional answers are refused, not silently wrong.

    Before: 1 January and 1 October 2150 were "working days" and the feed stopped at 2100.
    """
    assert PROVISIONAL.is_working_day(dt.date(2100, 12, 31)) in (True, False)
    for day in (dt.date(2101, 1, 1), dt.date(2150, 1, 1), dt.date(2150, 10, 1)):
        with pytest.raises(
            ScheduleNotPublished, match="beyond even the provisional estimate"
        ) as info:
            PROVISIONAL.is_working_day(day)
        assert day.year == info.value.year
    with pytest.raises(ScheduleNotPublished, match="2101"):
        workday_events(PROVISIONAL, range(2099, 2102))
    with pytest.raises(ScheduleNotPublished):
        PROVISIONAL.add_working_days(dt.date(2100, 12, 1), 40)


def test_regression_ics_workdays_2001_2199(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ics --workdays 2001-2199`` says where the estimates end instead of stopping silently."""
    status = main(
        ["ics", "--workdays", "2001-2199", "--provisional", "-o", str(tmp_path / "w.ics")]
    )
    err = capsys.readouterr().err
    assert 2 == status
    assert "2100" in err
    assert not (tmp_path / "w.ics").exists()


# -- the same bytes in any locale -----------------------------------------------------------------

_ZH_DAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def zh_strftime(real):  # type: ignore[no-untyped-def]
    """time.strftime as under LC_TIME=zh_CN: weekday names in Chinese (date.__format__ calls it)."""

    def fake(fmt: str, t=None):  # type: ignore[no-untyped-def]
        t = time.localtime() if t is None else t
        fmt = fmt.replace("%A", _ZH_DAYS[t.tm_wday]).replace("%a", _ZH_DAYS[t.tm_wday][-1])
        return real(fmt, t)

    return fake


def test_regression_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The working-day feed and the published folder are the same bytes under a Chinese LC_TIME.

    Before: "Make-up working day (星期日)" under zh_CN.  The locale is simulated by replacing
    time.strftime (through which date formatting goes), so the test needs no installed locale;
    setlocale(LC_ALL, "") is called as the reporter did.
    """
    options = {
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
        "workday_years": [2025, 2026],
    }
    publish([EXAMPLES / "cloud-ciio.toml"], tmp_path / "c", **options)
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, "")
        monkeypatch.setattr(time, "strftime", zh_strftime(time.strftime))
        assert "星期日" == f"{dt.date(2026, 1, 4):%A}"  # the simulation works
        publish([EXAMPLES / "cloud-ciio.toml"], tmp_path / "zh", **options)
    finally:
        locale.setlocale(locale.LC_ALL, saved)
    for name in ("example-cloud.ics", "workdays.ics", "watch.ics", "index.html"):
        assert (tmp_path / "c" / name).read_bytes() == (tmp_path / "zh" / name).read_bytes(), name
    assert b"Make-up working day (Sunday)" in (tmp_path / "c" / "workdays.ics").read_bytes()
