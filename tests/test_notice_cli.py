"""``cnreg-calendar notice import|list|remove`` and the installed overlays every command then uses.

Every test points CNREG_CALENDAR_DATA at its own temporary folder (conftest.py does it for all
tests): the real user data folder is never read or written. The 2027 notice here is FICTIONAL.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import tomllib
from pathlib import Path

import pytest
from notice_render import Item, render

from cnreg_calendar import china_calendar, installed
from cnreg_calendar.cli import main
from cnreg_calendar.statutory import FESTIVALS, statutory_days

D = dt.date
NOTICES = Path(__file__).parent / "data" / "notices"
FICTIONAL_2027 = [
    Item("元旦", D(2027, 1, 1), D(2027, 1, 3), ()),
    Item("春节", D(2027, 2, 5), D(2027, 2, 12), (D(2027, 1, 31), D(2027, 2, 20))),
    Item("清明节", D(2027, 4, 3), D(2027, 4, 5), ()),
    Item("劳动节", D(2027, 5, 1), D(2027, 5, 5), (D(2027, 4, 25),)),
    Item("端午节", D(2027, 6, 9), D(2027, 6, 9), ()),
    Item("中秋节", D(2027, 9, 15), D(2027, 9, 15), ()),
    Item("国庆节", D(2027, 10, 1), D(2027, 10, 7), (D(2027, 9, 26), D(2027, 10, 9))),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(installed.ENV, str(folder))
    return folder


@pytest.fixture
def notice_2027(tmp_path: Path) -> Path:
    path = tmp_path / "notice-2027.txt"
    path.write_text(render(2027, FICTIONAL_2027, {"week": "周", "noted": True}), "utf-8")
    return path


def test_import_prints_the_overlay(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "notice", "import", str(NOTICES / "2024.txt"))
    assert (status, err) == (0, "")
    data = tomllib.loads(out)
    assert data["notice"][0]["reference"] == "国办发明电〔2023〕7号"
    assert data["notice"][0]["holiday"][1]["working_days"] == [D(2024, 2, 4), D(2024, 2, 18)]
    assert run(capsys, "notice", "import", str(NOTICES / "2024.txt"))[1] == out  # same bytes


def test_import_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = (NOTICES / "2011.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    status, out, _ = run(capsys, "notice", "import", "-")
    assert status == 0
    assert 'reference = "国办发明电〔2010〕40号"' in out


def test_import_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, notice_2027: Path
) -> None:
    target = tmp_path / "2027.toml"
    status, out, _ = run(capsys, "notice", "import", str(notice_2027), "-o", str(target))
    assert status == 0
    assert "wrote" in out
    cal = china_calendar(overlays=[target])
    assert cal.is_working_day(D(2027, 1, 31))
    assert not cal.is_working_day(D(2027, 2, 5))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2027.toml", "notice-2027.txt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦:1月1日(周六)放假。\n", "line 2"),
        ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦:1月1日放假。\n乱码\n", "line 3"),
        ("一、元旦:1月1日放假。\n", "no title"),
    ],
)
def test_refused_text_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: Path, text: str, expected: str
) -> None:
    source = tmp_path / "bad.txt"
    source.write_text(text, "utf-8")
    target = tmp_path / "out.toml"
    status, out, err = run(capsys, "notice", "import", str(source), "-o", str(target), "--install")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"cnreg-calendar: error: {source}: ")
    assert expected in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]  # no file, no temp file


def test_install_then_every_command_uses_it(
    capsys: pytest.CaptureFixture[str], data: Path, notice_2027: Path
) -> None:
    assert run(capsys, "workdays", "add", "2027-01-29", "5")[0] == 2  # 2027: not published
    status, out, _ = run(capsys, "notice", "import", str(notice_2027), "--install")
    assert status == 0
    assert "installed 2027 notice" in out
    assert (data / "notices" / "2027.toml").is_file()
    status, out, _ = run(capsys, "workdays", "add", "2027-01-29", "1")
    assert (status, out) == (0, "2027-01-31\n")  # a Sunday made a working day, not provisional
    status, out, _ = run(capsys, "workdays", "add", "2027-02-04", "1")
    assert (status, out) == (0, "2027-02-15\n")  # 2-5..2-12 off
    status, out, _ = run(capsys, "holidays", "2027")
    assert status == 0
    assert f"[installed overlay, imported {dt.date.today()}]" in out
    assert "2027-02-05 – " in out
    assert "春节 / Spring Festival" in out
    status, out, _ = run(capsys, "notice", "list")
    assert status == 0
    assert out.startswith("2027  国办发明电〔2026〕9号  imported ")
    assert "in use" in out
    assert china_calendar().is_published(2027)
    note = f"2027: from 国办发明电〔2026〕9号, installed overlay imported {dt.date.today()}"
    status, out, _ = run(capsys, "workdays", "check", "2027-01-31")
    assert out.splitlines()[1:] == [note]
    status, out, _ = run(capsys, "due", "2027-02-01", "10 working days")
    assert out.splitlines()[0] == "2027-02-22"
    assert out.splitlines()[-1] == note
    status, out, _ = run(capsys, "workdays", "check", "2026-01-04")
    assert len(out.splitlines()) == 1  # a built-in year: no note


def test_install_refuses_a_gap_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: Path
) -> None:
    source = tmp_path / "2029.txt"
    source.write_text(render(2029, _shift(2029), {}), "utf-8")
    status, out, err = run(capsys, "notice", "import", str(source), "--install")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "gap" in err
    assert list((data / "notices").iterdir()) == []


def _shift(year: int) -> list[Item]:
    """Each festival's statutory days alone: a minimal valid notice of ``year``."""
    out = []
    for name in FESTIVALS:
        days = statutory_days(name, year) or ()
        out.append(Item(name, min(days), max(days), ()))
    return out


def test_remove(capsys: pytest.CaptureFixture[str], data: Path, notice_2027: Path) -> None:
    assert run(capsys, "notice", "import", str(notice_2027), "--install")[0] == 0
    status, out, _ = run(capsys, "notice", "remove", "2027")
    assert status == 0
    assert out.startswith("removed ")
    assert not china_calendar().is_published(2027)
    status, out, err = run(capsys, "notice", "remove", "2027")
    assert status == 2
    assert err == (
        "cnreg-calendar: error: no installed overlay for 2027; "
        "`cnreg-calendar notice list` shows what is installed\n"
    )
    assert run(capsys, "notice", "remove", "27")[0] == 2


def test_built_in_release_wins_only_when_identical(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: Path
) -> None:
    assert run(capsys, "notice", "import", str(NOTICES / "2026.txt"), "--install")[0] == 0
    status, out, _ = run(capsys, "notice", "list", "--json")
    assert status == 0
    assert '"used": false' in out
    assert "identical" in out
    assert china_calendar().is_working_day(D(2026, 9, 24))
    changed = (
        (NOTICES / "2026.txt")
        .read_text("utf-8")
        .replace("9月25日(周五)至27日(周日)放假,共3天", "9月24日(周四)至27日(周日)放假,共4天")
    )
    source = tmp_path / "2026-changed.txt"
    source.write_text(changed, "utf-8")
    assert run(capsys, "notice", "import", str(source), "--install")[0] == 0
    status, out, _ = run(capsys, "notice", "list")
    assert "differs from the built-in data of 2026: 2026-09-24 off (built-in: working)" in out
    assert not china_calendar().is_working_day(D(2026, 9, 24))


def test_a_revision_installs_after_its_year(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    status, out, _ = run(
        capsys, "notice", "import", str(NOTICES / "2020-extension.txt"), "--install"
    )
    assert status == 0
    assert "installed 2020 revision" in out
    assert (data / "notices" / "2020-revision-1.toml").is_file()
    status, out, _ = run(capsys, "notice", "list")
    assert "built-in data now has 2020, identical" in out  # the release carries the extension


def test_data_folder_follows_the_platform_convention(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(installed.ENV)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert installed.data_dir() == tmp_path / "cnreg-calendar"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert installed.data_dir() == tmp_path / "roaming" / "cnreg-calendar"


def test_a_refused_install_writes_no_output_file_either(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data: Path
) -> None:
    source = tmp_path / "2029.txt"
    source.write_text(render(2029, _shift(2029), {}), "utf-8")
    target = tmp_path / "2029.toml"
    status, _, err = run(capsys, "notice", "import", str(source), "-o", str(target), "--install")
    assert status == 2
    assert "gap" in err
    assert not target.exists()
    status, _, err = run(
        capsys, "notice", "import", str(source), "-o", str(tmp_path / "no" / "x.toml")
    )
    assert status == 2
    assert "existing folder" in err


def test_deadlines_of_an_installed_year_are_no_longer_provisional(
    capsys: pytest.CaptureFixture[str], data: Path, notice_2027: Path
) -> None:
    profile = str(Path(__file__).resolve().parents[1] / "examples" / "cloud-ciio.toml")
    argv = ("deadlines", "--profile", profile, "--from", "2027-01-01", "--to", "2027-06-30")
    status, out, _ = run(capsys, *argv, "--format", "json")
    before = json.loads(out)["deadlines"]
    assert status == 0
    assert before
    assert all(row["provisional"] for row in before)
    assert run(capsys, "notice", "import", str(notice_2027), "--install")[0] == 0
    status, out, _ = run(capsys, *argv, "--format", "json")
    after = json.loads(out)["deadlines"]
    assert [row["key"] for row in after] == [row["key"] for row in before]
    assert not any(row["provisional"] for row in after)
