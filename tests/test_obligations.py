"""Issue 12's four rows through the command line, undated duties, regions and jurisdictions."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from cnreg_calendar import Profile, load_catalog, schedule, watch
from cnreg_calendar.cli import main
from cnreg_calendar.errors import ProfileError
from cnreg_calendar.feeds import deadline_event, watch_event
from cnreg_calendar.profile import load_profile
from cnreg_calendar.publish import publish


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def profile(tmp_path: Path, text: str) -> str:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def deadlines(
    capsys: pytest.CaptureFixture[str], path: str, start: str, end: str
) -> dict[str, list[dict[str, object]]]:
    status, out, err = run(
        capsys, "deadlines", "--profile", path, "--format", "json", "--from", start, "--to", end
    )
    assert (0, "") == (status, err)
    result: dict[str, list[dict[str, object]]] = json.loads(out)
    return result


def test_row_one_every_assessment_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A completion 2024-09-27: reports 2024-10-16, 2025-10-17 (assumed), 2026-10-16 (assumed);
    counted by hand in tests/test_follow_ups.py."""
    path = profile(
        tmp_path,
        'name = "Row One"\nroles = ["industry-data-processor"]\n'
        "[events]\nrisk-assessment-completed = 2024-09-27\n",
    )
    rows = deadlines(capsys, path, "2024-01-01", "2026-12-31")["deadlines"]
    assert [("2024-10-16", False), ("2025-10-17", True), ("2026-10-16", True)] == [
        (r["date"], r["assumed"]) for r in rows if r["duty"] == "miit-risk-assessment-report"
    ]


def test_row_two_audits_count_from_the_latest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Audits 2025-06-30 and 2026-03-02: the next is 2 years after the latest, Thu 2028-03-02 (a
    working day); none from the first audit."""
    path = profile(
        tmp_path,
        'name = "Row Two"\nroles = ["very-large-pi-processor"]\n'
        "[events]\npi-compliance-audit-completed = [2025-06-30, 2026-03-02]\n",
    )
    rows = deadlines(capsys, path, "2027-01-01", "2029-12-31")["deadlines"]
    assert ["2028-03-02"] == [
        r["date"] for r in rows if r["duty"] == "pi-compliance-audit-biennial"
    ]


def test_row_three_beijing_gets_no_shanghai_duty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A Beijing network operator's incident at 2025-11-03 23:30: the national 4-hour report at
    03:30 the next day, nothing from Shanghai."""
    path = profile(
        tmp_path,
        'name = "Row Three"\nroles = ["network-operator"]\nregions = ["CN-BJ"]\n'
        "[events]\nsecurity-incident-discovered = 2025-11-03T23:30:00+08:00\n",
    )
    rows = deadlines(capsys, path, "2025-01-01", "2025-12-31")["deadlines"]
    assert [("incident-report-4h", "2025-11-04T03:30:00+08:00", "CN")] == [
        (r["duty"], r["time"], r["jurisdiction"]) for r in rows
    ]


def test_row_four_undated_duty_is_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """No assessment recorded: the yearly assessment and its report are undated, with the event to
    record, in JSON, CSV and the table; --fail-on-undated exits 3."""
    path = profile(tmp_path, 'name = "Row Four"\nroles = ["industry-data-processor"]\n')
    data = deadlines(capsys, path, "2025-01-01", "2025-12-31")
    assert [] == data["deadlines"]
    assert [
        ("miit-risk-assessment-annual", ["risk-assessment-completed"]),
        ("miit-risk-assessment-report", ["risk-assessment-completed"]),
    ] == [(u["duty"], u["record"]) for u in data["undated"]]
    span = ("--from", "2025-01-01", "--to", "2025-12-31")
    status, out, _ = run(capsys, "deadlines", "--profile", path, "--format", "csv", *span)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (0, ["", ""]) == (status, [r["date"] for r in rows])
    assert all(r["rule"].startswith("undated: ") for r in rows)
    status, out, _ = run(capsys, "deadlines", "--profile", path, *span)
    assert 0 == status
    assert "2 duty(ies) that apply but cannot be dated:" in out
    assert "record: risk-assessment-completed" in out
    status, out, err = run(capsys, "deadlines", "--profile", path, "--fail-on-undated", *span)
    assert 3 == status
    assert "record risk-assessment-completed" in err


def test_fail_on_undated_passes_when_everything_is_dated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With the assessment recorded nothing is undated: exit 0."""
    path = profile(
        tmp_path,
        'name = "Dated"\nroles = ["industry-data-processor"]\n'
        "[events]\nrisk-assessment-completed = 2024-09-27\n",
    )
    span = ("--from", "2025-01-01", "--to", "2025-12-31")
    status, _, _ = run(capsys, "deadlines", "--profile", path, "--fail-on-undated", *span)
    assert 0 == status


def test_regions_are_checked(tmp_path: Path) -> None:
    """An unknown region is one clear error naming it and how to write one."""
    path = profile(tmp_path, 'name = "X"\nroles = ["network-operator"]\nregions = ["CN-XX"]\n')
    with pytest.raises(ProfileError, match=r"regions\[0\] 'CN-XX' is not an ISO 3166-2:CN code"):
        load_profile(path)
    path = profile(
        tmp_path, 'name = "X"\nroles = ["network-operator"]\nregions = ["CN-GD-shenzhen"]\n'
    )
    assert ("CN-GD-shenzhen",) == load_profile(path).regions


def test_instruments_filter_by_region(capsys: pytest.CaptureFixture[str]) -> None:
    """``instruments --region CN-SH`` lists Shanghai's instruments only, with their jurisdiction."""
    status, out, _ = run(capsys, "instruments", "--region", "CN-SH", "--json")
    rows = json.loads(out)
    assert 0 == status
    assert rows
    assert {"CN-SH"} == {r["jurisdiction"] for r in rows}
    assert "shanghai-network-security-incident-contingency-plan-2019" in [r["id"] for r in rows]


def test_feeds_show_the_jurisdiction() -> None:
    """A local duty's feed event and a local instrument's milestone carry the code as a category;
    a national one carries none."""
    revision = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    incident = dt.datetime(2025, 10, 20, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    shanghai = Profile(
        "SH",
        roles=("network-operator",),
        regions=("CN-SH",),
        events={"security-incident-discovered": [incident]},
    )
    found = schedule(shanghai, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    categories = {d.duty.id: deadline_event(d, revision).categories for d in found}
    assert "CN-SH" in categories["shanghai-incident-written-report-1h"]
    assert not any(c.startswith("CN") for c in categories["incident-report-4h"])
    local = [
        w
        for w in watch(dt.date(2019, 1, 1), dt.date(2026, 12, 31), load_catalog())
        if w.instrument.jurisdiction != "CN"
    ]
    assert local
    for item in local:
        assert item.instrument.jurisdiction in watch_event(item, revision).categories


def test_page_shows_the_jurisdiction_and_the_undated(tmp_path: Path) -> None:
    """The published page names a local duty's jurisdiction and lists the undated duties."""
    path = profile(
        tmp_path,
        'name = "SH Ops"\nroles = ["network-operator", "industry-data-processor"]\n'
        'regions = ["CN-SH"]\n[events]\nsecurity-incident-discovered = 2025-10-20T23:30:00+08:00\n',
    )
    publish([path], tmp_path / "site", start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "CN-SH (Shanghai)" in page
    assert "cannot be dated" in page
    assert "<code>risk-assessment-completed</code>" in page
