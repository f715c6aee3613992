"""The command line's rough edges (issue 10): each bad input gets one line and exit 2, or the right thing.

Expected dates are counted by hand from the 2026 notice (国办发明电〔2025〕7号: 1-7 October off,
Saturday 10 October a make-up working day), never by asking the library.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import CLOUD, FINANCE, PROG_ERROR, assert_one_error_line, run, write

from cnreg_calendar import cli, ics

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["holidays", "0"], "'0' is not a year", id="holidays-0"),
        pytest.param(["holidays", "-5"], "'-5' is not a year", id="holidays-negative"),
        pytest.param(["holidays", "10000"], "'10000' is not a year", id="holidays-10000"),
        pytest.param(["holidays", "soon"], "'soon' is not a year", id="holidays-word"),
        pytest.param(
            ["deadlines", "--profile", CLOUD, "--from", "0001-01-01"],
            "--from 0001-01-01: the working-day data covers 2001 to 2100",
            id="deadlines-year-1",
        ),
        pytest.param(
            ["deadlines", "--profile", CLOUD, "--from", "2026-01-01", "--to", "9999-12-31"],
            "--to 9999-12-31",
            id="deadlines-year-9999",
        ),
        pytest.param(["ics", "--watch", "-o", ""], "-o: give a file name", id="ics-empty-output"),
        pytest.param(
            ["serve", "site", "--port", "99999"], "'99999' is not a TCP port", id="serve-port"
        ),
        pytest.param(
            ["deadlines", "--profile", CLOUD, "--strict", "--provisional"],
            "--strict and --provisional contradict each other",
            id="strict-provisional",
        ),
        pytest.param(
            ["deadlines", "--profile", CLOUD, "--json", "--format", "csv"],
            "--json and --format csv contradict each other",
            id="json-csv",
        ),
        pytest.param(
            ["watch", "--json", "--format", "table"],
            "--json and --format table contradict each other",
            id="watch-json-table",
        ),
        pytest.param(
            ["serve", "site", "--json"], "unrecognized arguments: --json", id="serve-json"
        ),
        pytest.param(
            ["ics", "--workdays", "2026", "-o", "x.ics", "--alarm-working-days", "251"],
            "--alarm-working-days: '251': give 0 to 250 working days",
            id="alarm-lead",
        ),
        pytest.param(
            ["workdays", "add", "2026-09-30", "ten"],
            "'ten' is not a number of working days",
            id="workdays-n",
        ),
        pytest.param(
            ["due", "2026-09-30 at ten", "1 day"],
            "is not a date or a date and time",
            id="due-anchor",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    """Each case of issue 10: one `cnreg-calendar: error:` line naming the input, exit 2, no file."""
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, *argv)
    assert 2 == status
    assert "" == out
    assert message in assert_one_error_line(err)
    assert [] == list(tmp_path.iterdir())


def test_the_user_s_terms_not_internal_names(capsys, tmp_path):
    """Messages name the flag the user typed, never a Python parameter or a temporary file."""
    _, _, err = run(
        capsys,
        "ics",
        "--workdays",
        "2026",
        "-o",
        str(tmp_path / "x.ics"),
        "--alarm-working-days",
        "-1",
    )
    assert "alarm_working_days" not in err
    assert ".partial" not in err
    assert ".tmp" not in err


def test_several_profiles_are_all_scheduled(capsys):
    """`deadlines --profile A --profile B` schedules both organisations (it used to drop A)."""
    status, out, _ = run(
        capsys,
        "deadlines",
        "--profile",
        CLOUD,
        "--profile",
        FINANCE,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    assert 0 == status
    entities = {row["entity"] for row in json.loads(out)["deadlines"]}
    assert {"example-cloud", "example-bank"} == entities


def test_several_profiles_table_has_one_section_each(capsys):
    """The table prints one section per organisation, each headed by its name."""
    status, out, _ = run(
        capsys,
        "deadlines",
        "--profile",
        CLOUD,
        "--profile",
        FINANCE,
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    )
    assert 0 == status
    assert out.count(" deadline(s) from 2026-01-01 to 2026-12-31") == 2
    assert "Example Cloud (Shanghai) Co., Ltd." in out


def test_ics_to_standard_output(capsys):
    """`ics -o -` writes the feed to standard output and its size to standard error."""
    status, out, err = run(capsys, "ics", "--workdays", "2026", "-o", "-")
    assert 0 == status
    assert out.startswith("BEGIN:VCALENDAR\r\n")
    assert out.endswith("END:VCALENDAR\r\n")
    # 国办发明电〔2025〕7号: 33 days off and 6 make-up working days in 2026.
    assert 39 == out.count("BEGIN:VEVENT")
    assert "standard output: 39 event(s)" in err


def test_ics_json_reports_what_was_written(capsys, tmp_path):
    """`ics --json` prints the file written, its events and its size, instead of ignoring --json."""
    target = tmp_path / "w.ics"
    status, out, _ = run(capsys, "ics", "--workdays", "2026", "-o", str(target), "--json")
    assert 0 == status
    [report] = json.loads(out)
    assert (str(target), 39, target.stat().st_size) == (
        report["path"],
        report["events"],
        report["bytes"],
    )


def test_publish_and_validate_json(capsys, tmp_path):
    """`publish --json` lists the files written; `validate --json` says ok with the counts."""
    status, out, _ = run(
        capsys,
        "publish",
        "--profile",
        CLOUD,
        "-o",
        str(tmp_path / "site"),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--json",
    )
    assert 0 == status
    paths = json.loads(out)
    assert all(Path(p).exists() for p in paths)
    assert any(p.endswith("index.html") for p in paths)
    status, out, _ = run(capsys, "validate", "--json")
    assert 0 == status
    assert json.loads(out)["ok"] is True


def test_publish_takes_workdays_like_ics(capsys, tmp_path):
    """One name per concept: `publish --workdays` (the old `--workday-years` still works)."""
    for flag in ("--workdays", "--workday-years"):
        site = tmp_path / flag.strip("-")
        status, _, _ = run(
            capsys,
            "publish",
            "--profile",
            CLOUD,
            "-o",
            str(site),
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            flag,
            "2026",
        )
        assert 0 == status
        assert any("workdays" in p.name or "working" in p.name for p in site.iterdir())


def test_split_onto_a_directory_writes_nothing(capsys, tmp_path):
    """`ics --split`: a target that is a folder stops the export before any feed is written."""
    (tmp_path / "d-example-cloud.ics").mkdir()
    status, _out, err = run(
        capsys,
        "ics",
        "--profile",
        CLOUD,
        "--profile",
        FINANCE,
        "--split",
        "entity",
        "-o",
        str(tmp_path / "d.ics"),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    )
    assert 2 == status
    assert "is not a file" in assert_one_error_line(err)
    assert ["d-example-cloud.ics"] == sorted(p.name for p in tmp_path.iterdir())


def test_due_takes_a_date_time(capsys):
    """`due 2026-09-30T10:00 "4 hours"`: hour periods run from the stated time (Civil Code Art. 201)."""
    status, out, _ = run(capsys, "due", "2026-09-30T10:00", "4 hours")
    assert 0 == status
    assert "2026-09-30T14:00:00+08:00" == out.splitlines()[0]


def test_workdays_is_a_period_unit(capsys):
    """ "10 workdays" is the CLI's own word: 30 Sep 2026 + 10 = 20 Oct (1-7 Oct off, Sat 10 Oct works)."""
    status, out, _ = run(capsys, "due", "2026-09-30", "10 workdays")
    assert 0 == status
    assert "2026-10-20" == out.splitlines()[0]


def test_feed_size_warning_is_one_line(capsys, tmp_path, monkeypatch):
    """A feed over the size limit gets one line suggesting --split entity and --from/--to."""
    monkeypatch.setattr(ics, "FEED_SIZE_LIMIT", 1000)
    status, _, err = run(capsys, "ics", "--workdays", "2026", "-o", str(tmp_path / "w.ics"))
    assert 0 == status
    warning = [line for line in err.splitlines() if "cnreg-calendar: warning:" in line]
    assert 1 == len(warning)
    assert "--split entity" in warning[0]
    assert "--from/--to" in warning[0]
    assert "Warning:" not in err
    assert "warnings.warn" not in err


def test_version_and_python_m(capsys):
    """`--version` prints the version; `python -m cnreg_calendar` is the same command."""
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert 0 == stop.value.code
    from cnreg_calendar import __version__

    assert f"cnreg-calendar {__version__}\n" == capsys.readouterr().out
    result = subprocess.run(
        [sys.executable, "-m", "cnreg_calendar", "workdays", "add", "2026-09-30", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (0, "2026-10-08\n") == (result.returncode, result.stdout)


def _subcommands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found[f"{prefix}{name}"] = child
                found.update(_subcommands(child, f"{prefix}{name} "))
    return found


def test_every_argument_has_help_and_every_command_an_example():
    """Help texts for every positional and flag; one example per command."""
    commands = _subcommands(cli.build_parser())
    missing = []
    for name, parser in commands.items():
        if not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
            assert "example:" in (parser.epilog or ""), name
        for action in parser._actions:
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name}: {action.dest}")
    assert [] == missing


def test_control_characters_never_reach_the_terminal(capsys, tmp_path):
    """Names with ESC/BEL from a profile are escaped in the table and the CSV."""
    profile = write(
        tmp_path / "p.toml",
        'name = "Evil\\u001b]0;pwned\\u0007 Co."\nroles = ["ciio"]\n[events]\ncii-system-go-live = 2023-08-01\n',
    )
    for fmt in ("table", "csv"):
        status, out, _ = run(
            capsys,
            "deadlines",
            "--profile",
            profile,
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            fmt,
        )
        assert 0 == status
        assert "\x1b" not in out
        assert "\x07" not in out
    status, out, _ = run(
        capsys, "deadlines", "--profile", profile, "--from", "2026-01-01", "--to", "2026-12-31"
    )
    assert "Evil\\x1b]0;pwned\\x07 Co." in out


def test_a_bug_is_one_line_not_a_traceback(capsys, monkeypatch):
    """An unexpected exception (a bug) is one line with exit 70, and CNREG_CALENDAR_DEBUG re-raises it."""

    def broken(args: argparse.Namespace) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "_workdays_add", broken)
    monkeypatch.delenv("CNREG_CALENDAR_DEBUG", raising=False)
    status, _, err = run(capsys, "workdays", "add", "2026-09-30", "1")
    assert 70 == status
    assert 1 == len(err.splitlines())
    assert "ZeroDivisionError: boom" in err
    assert not err.startswith(PROG_ERROR)
    monkeypatch.setenv("CNREG_CALENDAR_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["workdays", "add", "2026-09-30", "1"])


def test_the_installed_command_shows_no_traceback(tmp_path):
    """The real `cnreg-calendar` process: every case above is one line on stderr, never a traceback."""
    script = Path(sys.executable).with_name("cnreg-calendar")
    for argv in (
        ["holidays", "0"],
        ["ics", "--watch", "-o", ""],
        ["serve", str(tmp_path), "--port", "99999"],
    ):
        result = subprocess.run(
            [str(script), *argv],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            cwd=tmp_path,
        )
        assert 2 == result.returncode
        assert_one_error_line(result.stderr)


def test_a_combined_feed_names_each_organisation(capsys, tmp_path):
    """Two organisations in one feed: every event names its organisation, the feed both of them."""
    import icalendar

    target = tmp_path / "both.ics"
    status, _, _ = run(
        capsys,
        "ics",
        "--profile",
        CLOUD,
        "--profile",
        FINANCE,
        "-o",
        str(target),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    )
    assert 0 == status
    feed = icalendar.Calendar.from_ical(target.read_bytes())
    names = {
        "example-cloud": "Example Cloud (Shanghai) Co., Ltd.",
        "example-bank": "Example Bank Co., Ltd.",
    }
    # icalendar leaves the calendar name's TEXT escapes (RFC 5545 3.3.11) in place.
    calendar_name = str(feed["X-WR-CALNAME"]).replace("\\,", ",")
    assert all(name in calendar_name for name in names.values())
    seen: dict[str, set[str]] = {}
    for event in feed.walk("VEVENT"):
        summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        [(entity, name)] = [(e, n) for e, n in names.items() if n in summary]
        assert f"Organisation: {name} ({entity})" in description
        duty_title = summary.split("］", 1)[1].split(" / ")[0]
        seen.setdefault(duty_title, set()).add(entity)
    # Both are CIIOs: the same yearly cryptography report appears once for each, told apart.
    assert any(entities == set(names) for entities in seen.values())


def test_a_single_organisation_feed_is_unchanged(capsys, tmp_path):
    """One organisation's feed needs no name in every summary (the calendar's name says it)."""
    target = tmp_path / "one.ics"
    status, _, _ = run(
        capsys,
        "ics",
        "--profile",
        CLOUD,
        "-o",
        str(target),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    )
    assert 0 == status
    assert "［Example Cloud" not in target.read_text("utf-8")


def test_publish_never_overwrites_a_file_it_did_not_write(capsys, tmp_path):
    """`publish -o DIR` over a file it did not write: one line, exit 2, the file as it was;
    `--force` replaces it."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("ours, not publish's")
    argv = [
        "publish",
        "--profile",
        CLOUD,
        "-o",
        str(site),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
    ]
    status, _, err = run(capsys, *argv)
    assert 2 == status
    assert "not written by publish" in assert_one_error_line(err)
    assert "ours, not publish's" == (site / "index.html").read_text()
    status, _, _ = run(capsys, *argv, "--force")
    assert 0 == status
    assert "ours, not publish's" != (site / "index.html").read_text()
