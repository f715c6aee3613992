"""The package's own day data: every published year's days come from its notices file, not a package.

The days were written into ``cnreg_calendar/data/notices.toml`` from the notices; here they are
cross-checked against the ``holidays`` package (an independent transcription of the same notices)
on every day of 2001-2026, and the strict calendar is shown to work without ``holidays`` imported.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import holidays
import pytest

from cnreg_calendar import china_calendar
from cnreg_calendar.notices import load_notices

FIRST, LAST = dt.date(2001, 1, 1), dt.date(2026, 12, 24)


def test_every_day_agrees_with_the_holidays_package():
    """From 2001-01-01 to 2026-12-24 every day's status equals python-holidays' transcription."""
    theirs = holidays.country_holidays("CN", years=range(2001, 2027))
    make_up = set(theirs.weekend_workdays)
    cal = china_calendar()
    disagreements = []
    day = FIRST
    while day <= LAST:
        expected = day in make_up or (day.weekday() < 5 and day not in theirs)
        if cal.is_working_day(day) != expected:
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert [] == disagreements


def test_every_published_year_declares_its_days():
    """Each notice of the registry carries its rest periods: no year relies on another source."""
    entries = load_notices()
    assert list(range(2001, 2027)) == [e.notice.year for e in entries][:26]
    assert [] == [e.notice.year for e in entries if not e.holidays]


@pytest.mark.parametrize(
    "code",
    [
        "cal.add_working_days('2026-02-13', 3)",
        "cal.year(2026)",
        "cal.working_days_between('2004-01-01', '2026-12-24')",
    ],
)
def test_strict_answers_do_not_import_holidays(code):
    """The strict calendar answers from the package's own data: `holidays` is never imported."""
    script = (
        "import sys, cnreg_calendar\n"
        "cal = cnreg_calendar.china_calendar()\n"
        f"{code}\n"
        "print('holidays' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "False" == out.stdout.strip()


def test_an_estimate_imports_holidays_only_when_asked():
    """A provisional calendar estimates unpublished years with the statutory holidays (Arts. 2, 6)."""
    cal = china_calendar(provisional=True)
    assert not cal.is_working_day("2027-10-01")  # National Day, 全国年节及纪念日放假办法 Art. 2
    assert cal.is_provisional("2027-10-01")


def test_references_and_dates_are_the_cited_ones():
    """Each notice's reference and signature date equal tests/data/notices/index.toml, which cites them."""
    import tomllib
    from pathlib import Path

    index = tomllib.loads(
        (Path(__file__).parent / "data" / "notices" / "index.toml").read_text("utf-8")
    )
    cited = {n["year"]: n for n in index["notice"] if n["kind"] == "notice"}
    for entry in load_notices():
        source = cited[entry.notice.year]
        assert (source.get("reference"), source.get("signed")) == (
            entry.notice.reference,
            entry.notice.published,
        ), entry.notice.year
    known = [e.notice.year for e in load_notices() if e.notice.reference]
    assert [*range(2006, 2008), *range(2009, 2027)] == known


def test_the_shipped_toml_is_the_built_in_data():
    """data/notices.toml (the overlay-format rendering) declares exactly the built-in notices."""
    from pathlib import Path

    import cnreg_calendar

    shipped = Path(cnreg_calendar.__file__).with_name("data") / "notices.toml"
    rendered = load_notices(shipped)
    built_in = load_notices()
    assert [e.notice.year for e in built_in] == [e.notice.year for e in rendered]
    for ours, theirs in zip(built_in, rendered, strict=True):
        fields = ("title", "reference", "url", "published", "revisions")
        assert [getattr(ours.notice, f) for f in fields] == [
            getattr(theirs.notice, f) for f in fields
        ], ours.notice.year
        assert ours.holidays == theirs.holidays, ours.notice.year
