"""Exports in the library: JSON/CSV rows of deadlines and split feeds written all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from cnreg_calendar import export
from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.deadlines import Schedule, schedule
from cnreg_calendar.profile import load_profile
from cnreg_calendar.workdays import china_calendar

EXAMPLES = Path(__file__).parent.parent / "examples"
REVISION = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def deadlines() -> Schedule:
    catalog = load_catalog()
    profile = load_profile(EXAMPLES / "cloud-ciio.toml", catalog)
    return schedule(profile, dt.date(2024, 1, 1), dt.date(2027, 12, 31), catalog)


def test_json_rows_are_to_dict(deadlines: Schedule) -> None:
    """The JSON text is the list of to_dict() rows, keys sorted."""
    data = json.loads(export.deadlines_json(deadlines, deadlines.undated))
    assert [d.to_dict() for d in deadlines] == data["deadlines"]
    assert [u.to_dict() for u in deadlines.undated] == data["undated"]
    assert all(list(row) == sorted(row) for row in data["deadlines"])


def test_csv_rows_leave_out_the_explanation(deadlines: Schedule) -> None:
    """CSV: one row per deadline, the to_dict() columns in order without the explanation."""
    buffer = io.StringIO()
    export.deadlines_csv(deadlines, buffer)
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert list(deadlines[0].to_dict(explanation=False)) == list(rows[0])
    assert [d.key for d in deadlines] == [row["key"] for row in rows]


def test_split_feeds_are_written_all_or_nothing(
    tmp_path: Path, deadlines: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing the second feed leaves every previous feed as it was and no
    temporary file behind; a run that succeeds replaces them all."""
    calendar = china_calendar(provisional=True)
    output = tmp_path / "deadlines.ics"
    first = export.write_split_feeds(
        deadlines, output, by="authority", name="Cloud", revision=REVISION, calendar=calendar
    )
    assert len(first) > 1
    before = {feed.path: feed.path.read_bytes() for feed in first}
    assert all(feed.size == len(before[feed.path]) for feed in first)

    calls = []
    from cnreg_calendar import ics

    real = ics.write_ics

    def failing(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ics, "write_ics", failing)  # export imports it when it writes
    with pytest.raises(OSError, match="disk full"):
        export.write_split_feeds(
            deadlines[::-1], output, by="authority", name="Other", revision=REVISION
        )
    assert before == {path: path.read_bytes() for path in before}
    assert sorted(before) == sorted(tmp_path.iterdir())
