"""Tests of the ``cnreg-calendar`` command line: every command, its formats and its refusals.

Expected dates are worked out by hand from the published State Council notices as summarised in
``shared/reference/legal-periods.md`` (2026: Jan 1–3 off, work Sun Jan 4; Feb 15–23 off, work Sat
Feb 14 and Sat Feb 28; Apr 4–6; May 1–5, work Sat May 9; Jun 19–21; Sep 25–27; Oct 1–7 off, work
Sun Sep 20 and Sat Oct 10), never by asking the library.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ics_checks import assert_wire, parse_icalendar

from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CLOUD = str(EXAMPLES / "cloud-ciio.toml")
FINANCE = str(EXAMPLES / "finance-ciio.toml")
GAMES = str(EXAMPLES / "game-minors.toml")
OVERLAY_2027 = str(ROOT / "tests" / "data" / "overlays" / "notice-2027.toml")
SCRIPT = Path(sys.executable).with_name("cnreg-calendar")
PROG_ERROR = "cnreg-calendar: error: "
# A deadline line of the table: the date and weekday (or the time), the Chinese title, the marks.
TABLE_ROW = re.compile(r"^(\d{4}-\d{2}-\d{2}) (?:\w{3}|\d{2}:\d{2})\s+(\S.*?)(?:   【(.+)】)?$")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``main`` in-process; return the exit status, stdout and stderr."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_error_line(err: str) -> str:
    """Assert that *err* is exactly one ``cnreg-calendar: error:`` line; return its message."""
    assert "Traceback" not in err
    assert [True] == [line.startswith(PROG_ERROR) for line in err.splitlines()], err
    assert err.endswith("\n")
    return err.removeprefix(PROG_ERROR).rstrip("\n")


def write(path: Path, text: str) -> str:
    """Write *text* to *path*; return the path as a string."""
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- workdays, holidays, due ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Wed 2026-09-30; Oct 1–7 are the National Day days off; Thu Oct 8 is the first working day.
        ("2026-09-30", "1", "2026-10-08"),
        # Fri 2026-02-13; Sat Feb 14 is a make-up working day (调休上班) for the Spring Festival.
        ("2026-02-13", "1", "2026-02-14"),
        # Tue 2026-02-24 back from Feb 15–23 off: one working day earlier is Sat Feb 14.
        ("2026-02-24", "-1", "2026-02-14"),
        ("2026-09-18", "2", "2026-09-21"),  # Fri Sep 18 → Sun Sep 20 (make-up) → Mon Sep 21
    ],
)
def test_workdays_add(
    capsys: pytest.CaptureFixture[str], start: str, n: str, expected: str
) -> None:
    """``workdays add`` prints the N-th working day after (or before) the date."""
    assert (0, expected + "\n", "") == run(capsys, "workdays", "add", start, n)


def test_workdays_add_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``workdays add --json`` gives the date and the provisional flag as JSON."""
    status, out, _ = run(capsys, "workdays", "add", "2026-09-30", "1", "--json")
    assert 0 == status
    expected = {"start": "2026-09-30", "n": 1, "date": "2026-10-08", "provisional": False}
    assert expected == json.loads(out)


def test_workdays_between(capsys: pytest.CaptureFixture[str]) -> None:
    """``workdays between`` counts Oct 8, Oct 9 and the make-up Saturday Oct 10 of 2026."""
    # Working days d with 2026-09-30 < d <= 2026-10-10: Oct 1–7 off; Thu 8, Fri 9, Sat 10 (调休).
    assert (0, "3\n", "") == run(capsys, "workdays", "between", "2026-09-30", "2026-10-10")
    status, out, _ = run(capsys, "workdays", "between", "2026-09-30", "2026-10-10", "--json")
    assert (0, 3, False) == (
        status,
        json.loads(out)["working_days"],
        json.loads(out)["provisional"],
    )


def test_workdays_check(capsys: pytest.CaptureFixture[str]) -> None:
    """``workdays check`` says Saturday 2026-02-14 is a make-up working day for the Spring Festival."""
    status, out, _ = run(capsys, "workdays", "check", "2026-02-14")
    assert 0 == status
    assert (
        "2026-02-14 (Saturday) is a working day: a make-up working day (调休上班) "
        "for 春节 / Spring Festival\n"
    ) == out
    status, out, _ = run(capsys, "workdays", "check", "2026-02-16", "--json")
    expected = {
        "date": "2026-02-16",
        "working_day": False,
        "holiday": ["春节", "Spring Festival"],
        "provisional": False,
    }
    assert (0, expected) == (status, json.loads(out))


def test_holidays_json(capsys: pytest.CaptureFixture[str]) -> None:
    """``holidays 2026 --json`` lists the seven holidays of the 2026 notice and their make-up days."""
    status, out, _ = run(capsys, "holidays", "2026", "--json")
    data = json.loads(out)
    expected = [
        ("2026-01-01", "2026-01-03", ["2026-01-04"]),
        ("2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]),
        ("2026-04-04", "2026-04-06", []),
        ("2026-05-01", "2026-05-05", ["2026-05-09"]),
        ("2026-06-19", "2026-06-21", []),
        ("2026-09-25", "2026-09-27", []),
        ("2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"]),
    ]
    actual = [(h["first"], h["last"], h["make_up_days"]) for h in data["holidays"]]
    assert (0, 2026, True, expected) == (status, data["year"], data["published"], actual)


def test_holidays_text(capsys: pytest.CaptureFixture[str]) -> None:
    """``holidays 2026`` cites the notice and shows the Spring Festival's nine days off."""
    status, out, _ = run(capsys, "holidays", "2026")
    assert (0, "2026: published") == (status, out.splitlines()[0])
    assert "国务院办公厅关于2026年部分节假日安排的通知" in out
    assert (
        "  2026-02-15 – 2026-02-23  9 day(s) off  春节 / Spring Festival"
        "   make-up working days: 2026-02-14, 2026-02-28"
    ) in out.splitlines()


def test_due_month_rolls_over_a_holiday(capsys: pytest.CaptureFixture[str]) -> None:
    """``due 2023-05-24 '1 month'`` ends on Sun 2023-06-25, a make-up working day, citing Art. 203."""
    # Art. 202: 1 month from May 24 ends Jun 24 (Sat), a Dragon Boat day off (Jun 22–24);
    # Art. 203: the next day, Sun Jun 25, is a make-up working day, so the period ends there.
    status, out, _ = run(capsys, "due", "2023-05-24", "1 month")
    assert (0, "2023-06-25") == (status, out.splitlines()[0])
    assert "Art. 203" in out
    status, out, _ = run(capsys, "due", "2023-05-24", "1 month", "--json")
    data = json.loads(out)
    assert (0, "2023-06-25", "1 month") == (status, data["date"], data["period"])
    assert ["Civil Code Art. 201, 202", "Civil Code Art. 203"] == [s["rule"] for s in data["steps"]]


def test_due_before(capsys: pytest.CaptureFixture[str]) -> None:
    """``due --before`` counts working days back: 10 before 2026-01-01 is Thu 2025-12-18."""
    # Dec 31 (1), 30, 29, 26, 25, 24, 23, 22, 19, Thu Dec 18 (10): no 2025 make-up day in between.
    status, out, _ = run(capsys, "due", "2026-01-01", "10 working days", "--before")
    assert (0, "2025-12-18") == (status, out.splitlines()[0])
    assert "Administrative Licensing Law Art. 82" in out


def test_provisional_flag(capsys: pytest.CaptureFixture[str]) -> None:
    """``--provisional`` estimates an unpublished year and says so on the result."""
    status, out, _ = run(capsys, "workdays", "add", "2027-06-01", "1", "--provisional")
    assert (0, "2027-06-02  (provisional: depends on an estimated year)\n") == (status, out)


def test_overlay_makes_a_strict_2027_query_work(capsys: pytest.CaptureFixture[str]) -> None:
    """With the 2027 overlay, 2027 working days are known: Thu 2026-12-31 + 1 is Mon 2027-01-04."""
    # The (fictional) overlay gives Dec 31 2026 – Jan 3 2027 off; Mon Jan 4 is the next working day.
    assert 2 == main(["workdays", "add", "2026-12-31", "1"])
    capsys.readouterr()
    assert (0, "2027-01-04\n", "") == run(
        capsys, "workdays", "add", "2026-12-31", "1", "--overlay", OVERLAY_2027
    )
    status, out, _ = run(capsys, "workdays", "check", "2027-02-14", "--overlay", OVERLAY_2027)
    assert (0, True) == (status, "make-up working day (调休上班)" in out)


def test_overlay_makes_strict_2027_deadlines_work(capsys: pytest.CaptureFixture[str]) -> None:
    """``deadlines --strict`` over the first half of 2027 works once the 2027 notice is overlaid."""
    # Sun 2027-01-31 → Mon Feb 1 (the overlay's Spring Festival starts Feb 5): a confirmed date.
    status, out, err = run(
        capsys,
        *("deadlines", "--profile", CLOUD, "--strict", "--format", "json"),
        *("--from", "2027-01-01", "--to", "2027-06-30", "--overlay", OVERLAY_2027),
    )
    assert (0, "") == (status, err)
    rows = json.loads(out)["deadlines"]
    assert [("2027-02-01", False), ("2027-02-01", False)] == [
        (r["date"], r["provisional"]) for r in rows
    ]


def test_strict_query_within_published_years(capsys: pytest.CaptureFixture[str]) -> None:
    """A strict query whose whole range lies in published years gives its deadlines."""
    # The minors' PI audit is due by 01-31 from 2026 (CAC notice of 2025-12-29): Sat 2026-01-31,
    # then Sun Feb 1, both rest days under the 2026 notice → Mon 2026-02-02 (Civil Code Art. 203).
    status, out, err = run(
        capsys,
        *("deadlines", "--profile", GAMES, "--strict", "--format", "json"),
        *("--from", "2025-01-01", "--to", "2026-06-30"),
    )
    assert (0, "") == (status, err)
    rows = [(r["date"], r["provisional"]) for r in json.loads(out)["deadlines"]]
    assert ("2026-02-02", False) in rows
    assert "2025-01-31" not in [d for d, _ in rows]  # no audit date before first_year


# -- deadlines and watch ------------------------------------------------------------------------


def _deadlines(capsys: pytest.CaptureFixture[str], fmt: str) -> str:
    status, out, err = run(
        capsys,
        *("deadlines", "--profile", CLOUD, "--from", "2024-01-01", "--to", "2027-12-31"),
        *("--format", fmt),
    )
    assert (0, "") == (status, err)
    return out


def test_deadlines_formats_agree(capsys: pytest.CaptureFixture[str]) -> None:
    """The table, JSON and CSV of the cloud profile's deadlines list the same dates."""
    rows = json.loads(_deadlines(capsys, "json"))["deadlines"]
    table = [
        m.group(1) for m in map(TABLE_ROW.match, _deadlines(capsys, "table").splitlines()) if m
    ]
    reader = csv.DictReader(io.StringIO(_deadlines(capsys, "csv")))
    from_csv = [row["date"] for row in reader if row["date"]]  # undated rows have none
    dates = [r["date"] for r in rows]
    assert dates == table == from_csv
    assert sorted(dates) == dates
    # Hand-worked: Fri 2024-05-10 + 10 working days, Sat May 11 being a make-up day → Thu May 23;
    # Fri 2025-09-26 + 10: Sun Sep 28 (调休), 29, 30, Oct 9, 10, Sat Oct 11 (调休), 13, 14, 15, 16;
    # 31 January 2026 is a Saturday → Mon Feb 2; 31 January 2027 a Sunday → Mon Feb 1.
    for expected in ("2024-05-23", "2025-10-16", "2026-02-02", "2027-02-01"):
        assert expected in dates


def test_deadlines_table_marks(capsys: pytest.CaptureFixture[str]) -> None:
    """The table marks 2027 dates PROVISIONAL and projected follow-ups ASSUMED, as the JSON says."""
    rows = json.loads(_deadlines(capsys, "json"))["deadlines"]
    matches = [m for m in map(TABLE_ROW.match, _deadlines(capsys, "table").splitlines()) if m]
    marks = [set((m.group(3) or "").split(",")) - {""} for m in matches]
    expected = [
        {m for m, on in (("PROVISIONAL", r["provisional"]), ("ASSUMED", r["assumed"])) if on}
        for r in rows
    ]
    assert expected == marks
    assert [r["date"] >= "2027" for r in rows] == [r["provisional"] for r in rows]
    assert any(r["assumed"] for r in rows)
    assert [r["title_zh"] for r in rows] == [m.group(2) for m in matches]


def test_deadlines_csv_columns(capsys: pytest.CaptureFixture[str]) -> None:
    """The CSV has a header and one row per deadline, with the JSON's keys and flags."""
    data = json.loads(_deadlines(capsys, "json"))
    rows = data["deadlines"] + data["undated"]
    reader = list(csv.DictReader(io.StringIO(_deadlines(capsys, "csv"))))
    assert [(r["key"], str(r.get("provisional", False))) for r in rows] == [
        (r["key"], r["provisional"]) for r in reader
    ]
    assert [("", "undated: " + u["reason"]) for u in data["undated"]] == [
        (r["date"], r["rule"].split("; record ")[0]) for r in reader if not r["date"]
    ]


def test_deadlines_timed_incident(capsys: pytest.CaptureFixture[str]) -> None:
    """The bank's incident deadline is 1 hour after discovery, 22:40 Beijing time, not moved."""
    status, out, _ = run(
        capsys, "deadlines", "--profile", FINANCE, "--from", "2026-01-01", "--to", "2026-12-31"
    )
    assert 0 == status
    assert any(line.startswith("2026-02-16 22:40  ") for line in out.splitlines())
    status, out, _ = run(
        capsys,
        *("deadlines", "--profile", FINANCE, "--json"),
        *("--from", "2026-01-01", "--to", "2026-12-31"),
    )
    timed = [(r["date"], r["time"]) for r in json.loads(out)["deadlines"] if r["time"]]
    assert (0, [("2026-02-16", "2026-02-16T22:40:00+08:00")]) == (status, timed)


def test_deadlines_explain(capsys: pytest.CaptureFixture[str]) -> None:
    """``--explain`` shows each date's rule and article under the deadline."""
    status, out, _ = run(
        capsys,
        *("deadlines", "--profile", CLOUD, "--explain"),
        *("--from", "2024-05-01", "--to", "2024-05-31"),
    )
    assert 0 == status
    assert "Administrative Licensing Law Art. 82" in out


def test_watch(capsys: pytest.CaptureFixture[str]) -> None:
    """``watch`` lists 2024's milestones in the table, JSON and CSV alike."""
    args = ("watch", "--from", "2024-01-01", "--to", "2024-12-31")
    status, table, _ = run(capsys, *args)
    assert 0 == status
    _, as_json, _ = run(capsys, *args, "--format", "json")
    _, as_csv, _ = run(capsys, *args, "--format", "csv")
    rows = json.loads(as_json)
    dates = [r["date"] for r in rows]
    assert dates == [line.split()[0] for line in table.splitlines()[:-1]]
    assert dates == [r["date"] for r in csv.DictReader(io.StringIO(as_csv))]
    assert f"{len(rows)} milestone(s) from 2024-01-01 to 2024-12-31" == table.splitlines()[-1]
    assert ("2024-03-22", "effective") in [(r["date"], r["kind"]) for r in rows]


# -- the catalog -----------------------------------------------------------------------------------


def test_instruments_by_authority(capsys: pytest.CaptureFixture[str]) -> None:
    """``instruments --authority sca`` lists only instruments of the cryptography administration."""
    status, out, _ = run(capsys, "instruments", "--authority", "sca", "--json")
    rows = json.loads(out)
    assert 0 == status
    assert [True] * len(rows) == ["sca" in r["authorities"] for r in rows]
    assert "commercial-cryptography-assessment-measures-2023" in [r["id"] for r in rows]
    _, text, _ = run(capsys, "instruments", "--authority", "sca")
    total = len(load_catalog().instruments)
    assert f"{len(rows)} of {total} instruments" == text.splitlines()[-1]


def test_instruments_search_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """``instruments --search 密码`` finds the cryptography instruments by their Chinese title."""
    status, out, _ = run(capsys, "instruments", "--search", "密码", "--json")
    rows = json.loads(out)
    assert 0 == status
    assert [True] * len(rows) == ["密码" in r["title_zh"] for r in rows]
    assert "commercial-cryptography-regulations-2023" in [r["id"] for r in rows]


def test_instrument(capsys: pytest.CaptureFixture[str]) -> None:
    """``instrument ID`` shows the Chinese title, milestones and duties with their articles."""
    status, out, _ = run(capsys, "instrument", "commercial-cryptography-regulations-2023")
    assert 0 == status
    assert "商用密码管理条例" == out.splitlines()[1]
    assert "  2023-07-01  effective" in out.splitlines()
    assert "duty ciio-crypto-assessment-annual (Art. 38; verified; binding)" in out
    status, out, _ = run(capsys, "instrument", "commercial-cryptography-regulations-2023", "--json")
    data = json.loads(out)
    assert (0, "in-force") == (status, data["status"])
    assert ("ciio-crypto-assessment-annual", "Art. 38") == (
        data["duties"][0]["id"],
        data["duties"][0]["article"],
    )


@pytest.mark.parametrize(
    ("command", "known", "name_zh"),
    [("roles", "ciio", "关键信息基础设施运营者"), ("events", "cii-system-go-live", None)],
)
def test_roles_and_events(
    capsys: pytest.CaptureFixture[str], command: str, known: str, name_zh: str | None
) -> None:
    """``roles`` and ``events`` list the catalog's ids, also as JSON."""
    status, out, _ = run(capsys, command, "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert 0 == status
    assert known in rows
    if name_zh is not None:
        assert name_zh == rows[known]["name_zh"]
    _, text, _ = run(capsys, command)
    assert known == text.split()[0] or f"\n{known} " in text


def test_validate_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """``validate`` accepts the bundled catalog and counts its contents."""
    catalog = load_catalog()
    status, out, err = run(capsys, "validate")
    assert (0, "") == (status, err)
    assert f"OK, {len(catalog.instruments)} instruments, {len(catalog.duties)} duties" in out
    status, out, _ = run(capsys, "validate", "--json")
    assert (0, True) == (status, json.loads(out)["ok"])


def test_validate_broken_lists_every_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``validate`` of a broken file exits 2 with one stderr line per problem and a summary."""
    path = write(tmp_path / "broken.toml", '[[instruments]]\nid = "x"\n')
    status, out, err = run(capsys, "validate", path)
    lines = err.splitlines()
    assert (2, "") == (status, out)
    assert "Traceback" not in err
    assert f"cnreg-calendar: {len(lines) - 1} problem(s); the catalog was not loaded" == lines[-1]
    assert [True] * (len(lines) - 1) == [line.startswith(f"{path}: ") for line in lines[:-1]]
    assert any("'format'" in line for line in lines)
    assert any("'title_en'" in line for line in lines)


# -- publish and serve ---------------------------------------------------------------------------


def test_publish(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``publish`` writes a feed per profile, the watch and working-day feeds and an index page."""
    folder = tmp_path / "site"
    status, out, err = run(
        capsys,
        *("publish", "--profile", CLOUD, "-o", str(folder), "--workday-years", "2026"),
        *("--from", "2025-01-01", "--to", "2026-12-31"),
    )
    names = ["example-cloud.ics", "watch.ics", "workdays.ics", "index.html"]
    assert (0, [str(folder / n) for n in names]) == (status, out.splitlines())
    # Without --base-url the page cannot offer subscriptions, and stderr says so in one line.
    assert ["no --base-url"] == [line[:13] for line in err.splitlines()]
    assert "webcal://" not in (folder / "index.html").read_text("utf-8")
    assert sorted(names) == sorted(p.name for p in folder.iterdir() if p.name != "_publish")
    assert (folder / "workdays.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serve_subprocess(tmp_path: Path) -> None:
    """``cnreg-calendar serve`` publishes, then serves the folder on loopback until stopped."""
    folder, port = tmp_path / "site", _free_port()
    args = [str(SCRIPT), "serve", str(folder), "--port", str(port), "--profile", CLOUD]
    args += ["--from", "2025-01-01", "--to", "2026-12-31"]
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as err:
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, stderr.read_text()
            try:
                status, body = _get(port, "/example-cloud.ics")
                break
            except OSError:
                assert time.monotonic() < deadline, "serve did not answer within 30 s"
                time.sleep(0.1)
        assert (200, True) == (status, body.startswith(b"BEGIN:VCALENDAR\r\n"))
        status, page = _get(port, "/")
        assert 200 == status
        # serve gives the page its own address: the subscription links point at it.
        assert f'href="webcal://127.0.0.1:{port}/example-cloud.ics"'.encode() in page
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = stderr.read_text(encoding="utf-8")
    assert f"serving {folder} on http://127.0.0.1:{port}/" in text
    assert "Traceback" not in text


# -- refusals ------------------------------------------------------------------------------------

BAD_ROLE = 'name = "X"\nid = "x"\nroles = ["ciio", "astronaut"]\n'
MALFORMED_PROFILE = 'name = "X"\nid = "x"\nroles = [ciio\n'
MALFORMED_OVERLAY = "format = 1\n[[notice]\nyear = 2027\n"


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        pytest.param(
            ["workdays", "add", "2026/09/30", "1"], ["'2026/09/30'", "YYYY-MM-DD"], id="bad-date"
        ),
        pytest.param(
            ["workdays", "add", "2026-09-30", "x"], ["'x'", "whole number"], id="bad-number"
        ),
        pytest.param(
            ["due", "2026-01-01", "3 fortnights"],
            ["'3 fortnights'", "working days", "months"],
            id="bad-period",
        ),
        pytest.param(["frobnicate"], ["'frobnicate'", "workdays", "deadlines"], id="bad-command"),
        pytest.param(["workdays", "add", "2026-09-30"], ["required: n", "--help"], id="missing"),
        pytest.param([], ["required: COMMAND", "--help"], id="no-command"),
        pytest.param(
            ["instrument", "commercial-cryptography-regulation-2023"],
            [
                "'commercial-cryptography-regulation-2023'",
                "commercial-cryptography-regulations-2023",
            ],
            id="near-miss-instrument",
        ),
        pytest.param(
            ["instrument", "no-such"], ["'no-such'", "cnreg-calendar instruments"], id="instrument"
        ),
        pytest.param(
            ["deadlines", "--profile", "{tmp}/role.toml"],
            ["role.toml", "'astronaut'", "cnreg-calendar roles"],
            id="unknown-role",
        ),
        pytest.param(
            ["deadlines", "--profile", "{tmp}/malformed.toml"],
            ["malformed.toml", "not valid TOML", "line 3"],
            id="malformed-profile",
        ),
        pytest.param(
            ["deadlines", "--profile", "{tmp}/absent.toml"],
            ["absent.toml", "cannot read"],
            id="missing-profile",
        ),
        pytest.param(
            ["workdays", "add", "2026-01-05", "1", "--overlay", "{tmp}/overlay.toml"],
            ["overlay.toml", "not valid TOML", "holiday-overlays.md"],
            id="malformed-overlay",
        ),
        pytest.param(
            ["workdays", "add", "2027-06-01", "1"],
            ["2027", "--overlay", "--provisional"],
            id="strict-2027",
        ),
        pytest.param(
            ["deadlines", "--profile", CLOUD, "--from", "2026-01-01", "--to", "2025-01-01"],
            ["--to 2025-01-01", "--from 2026-01-01"],
            id="backwards-range",
        ),
        pytest.param(
            ["deadlines", "--profile", CLOUD, "--format", "xml"],
            ["'xml'", "table", "csv"],
            id="bad-format",
        ),
        pytest.param(
            ["ics", "--workdays", "abc", "-o", "{tmp}/out.ics"],
            ["'abc'", "2025-2027"],
            id="ics-bad-years",
        ),
        pytest.param(
            ["ics", "--workdays", "2027-2025", "-o", "{tmp}/out.ics"],
            ["2027-2025"],
            id="ics-backwards-years",
        ),
        pytest.param(
            ["ics", "--workdays", "2026", "-o", "{tmp}/no-such-folder/out.ics"],
            ["no-such-folder"],
            id="ics-missing-folder",
        ),
        pytest.param(
            ["publish", "--profile", CLOUD, "-o", "{tmp}/site", "--workday-years", "abc"],
            ["'abc'", "2025-2027"],
            id="publish-bad-years",
        ),
    ],
)
def test_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], fragments: list[str]
) -> None:
    """Bad input exits 2 with one stderr line naming what was wrong and what is accepted."""
    write(tmp_path / "role.toml", BAD_ROLE)
    write(tmp_path / "malformed.toml", MALFORMED_PROFILE)
    write(tmp_path / "overlay.toml", MALFORMED_OVERLAY)
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    try:
        status = main(argv)
    except Exception as error:
        pytest.fail(f"main({argv}) raised {error!r} instead of exiting 2")
    captured = capsys.readouterr()
    assert (2, "") == (status, captured.out)
    message = assert_one_error_line(captured.err)
    assert [] == [f for f in fragments if f not in message], message


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--profile", "{tmp}/role.toml"], id="unknown-role"),
        pytest.param([], id="nothing-to-export"),
        pytest.param(["--profile", CLOUD, "--profile", CLOUD], id="duplicate-keys-while-writing"),
    ],
)
def test_ics_writes_nothing_on_failure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    """``ics -o`` that fails leaves no file and no temporary file behind."""
    folder = tmp_path / "out"
    folder.mkdir()
    write(tmp_path / "role.toml", BAD_ROLE)
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    status, out, err = run(capsys, "ics", *argv, "-o", str(folder / "feed.ics"))
    assert (2, "", []) == (status, out, sorted(os.listdir(folder)))
    assert (True, False) == (err.startswith(PROG_ERROR), "Traceback" in err)


def test_ics_failure_keeps_the_old_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A failed ``ics -o`` over an existing feed leaves it byte for byte as it was."""
    target = tmp_path / "feed.ics"
    target.write_bytes(b"old feed\r\n")
    argv = ["ics", "--profile", CLOUD, "--profile", CLOUD, "-o", str(target)]
    status, _, err = run(capsys, *argv)
    assert (2, b"old feed\r\n", ["feed.ics"]) == (
        status,
        target.read_bytes(),
        os.listdir(tmp_path),
    )
    assert_one_error_line(err)


def test_ics_split_by_entity(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--split entity`` writes one valid feed per organisation, together the whole feed."""
    common = [
        "--profile",
        CLOUD,
        "--profile",
        FINANCE,
        "--from",
        "2026-01-01",
        "--to",
        "2027-12-31",
    ]
    status, _, _ = run(capsys, "ics", *common, "-o", str(tmp_path / "all.ics"))
    assert 0 == status
    status, out, err = run(
        capsys, "ics", *common, "--split", "entity", "-o", str(tmp_path / "d.ics")
    )
    assert (0, "") == (status, out)
    names = sorted(p.name for p in tmp_path.glob("d-*.ics"))
    assert ["d-example-bank.ics", "d-example-cloud.ics"] == names  # the profiles' ids
    uids = {}
    for name in names:
        data = (tmp_path / name).read_bytes()
        assert_wire(data)
        calendar = parse_icalendar(data)
        events = calendar.walk("VEVENT")
        assert events
        uids[name] = {str(e["UID"]) for e in events}
        assert f"{tmp_path / name}: {len(events)} event(s)" in err
    whole = {
        str(e["UID"]) for e in parse_icalendar((tmp_path / "all.ics").read_bytes()).walk("VEVENT")
    }
    assert whole == uids["d-example-bank.ics"] | uids["d-example-cloud.ics"]
    assert not uids["d-example-bank.ics"] & uids["d-example-cloud.ics"]
    assert [] == [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_ics_split_by_authority(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--split authority`` groups deadlines by the instrument's lead authority."""
    argv = ["ics", "--profile", CLOUD, "--from", "2026-01-01", "--to", "2027-12-31"]
    status, _, _ = run(capsys, *argv, "--split", "authority", "-o", str(tmp_path / "a.ics"))
    assert 0 == status
    catalog = load_catalog()
    authorities = {a.id for a in catalog.authorities}
    feeds = sorted(tmp_path.glob("a-*.ics"))
    assert len(feeds) >= 2
    for path in feeds:
        lead = path.stem.removeprefix("a-")
        assert lead in authorities
        for event in parse_icalendar(path.read_bytes()).walk("VEVENT"):
            categories = [str(c) for c in event["CATEGORIES"].cats]
            assert lead == categories[0]


def test_ics_split_failure_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A split export that fails on one feed leaves none of them and no temporary file."""
    argv = ["ics", "--profile", CLOUD, "--profile", CLOUD, "--split", "entity"]
    status, _, err = run(capsys, *argv, "-o", str(tmp_path / "d.ics"))
    assert (2, []) == (status, os.listdir(tmp_path))
    assert_one_error_line(err)


# -- the installed script ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "status", "stdout", "message"),
    [
        pytest.param(["workdays", "add", "2026-09-30", "1"], 0, "2026-10-08\n", None, id="ok"),
        pytest.param(
            ["workdays", "add", "2026-09-30", "soon"],
            2,
            "",
            "'soon' is not a number of working days",
            id="usage",
        ),
        pytest.param(
            ["due", "2027-03-01", "10 working days"], 2, "", "holiday notice for 2027", id="data"
        ),
    ],
)
def test_installed_script(argv: list[str], status: int, stdout: str, message: str | None) -> None:
    """The installed ``cnreg-calendar`` exits with the right status and never shows a traceback."""
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [str(SCRIPT), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=60,
        check=False,
    )
    assert (status, stdout) == (result.returncode, result.stdout)
    if message is None:
        assert "" == result.stderr
    else:
        assert message in assert_one_error_line(result.stderr)


def test_strict_deadlines_into_an_unpublished_year(capsys: pytest.CaptureFixture[str]) -> None:
    """``deadlines --strict`` into 2027 lists the duties it cannot date, with the notice that
    would date them; ``--fail-on-undated`` makes that exit status 3 for scripts."""
    argv = (
        "deadlines",
        "--profile",
        CLOUD,
        "--strict",
        "--from",
        "2027-01-01",
        "--to",
        "2027-06-30",
    )
    status, out, err = run(capsys, *argv, "--format", "json")
    assert (0, "") == (status, err)
    undated = json.loads(out)["undated"]
    assert any("2027" in row["reason"] and "notice" in row["reason"] for row in undated)
    status, _, err = run(capsys, *argv, "--fail-on-undated")
    assert 3 == status
    assert "cannot be dated" in err


def test_strict_feed_says_what_it_leaves_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``ics --strict`` into 2027 writes the dates it has and says on stderr which duties it
    could not date; ``--fail-on-undated`` exits 3 after writing."""
    target = tmp_path / "feed.ics"
    argv = ("ics", "--profile", CLOUD, "--strict", "--from", "2026-01-01", "--to", "2027-12-31")
    status, _, err = run(capsys, *argv, "-o", str(target))
    assert 0 == status
    assert target.exists()
    assert "could not be dated" in err
    assert "2027" in err
    status, _, _ = run(capsys, *argv, "-o", str(target), "--fail-on-undated")
    assert 3 == status
