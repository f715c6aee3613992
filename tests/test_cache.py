"""The on-disk cache: the same answers with or without it, never a stale value, never an error."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from pathlib import Path

import pytest

from cnreg_calendar import cache
from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.estimates import statutory_days_off
from cnreg_calendar.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini_catalog.toml"


def test_off_writes_nothing_and_derives(monkeypatch, tmp_path):
    """CNREG_CALENDAR_CACHE=off: every value is derived, no file is written anywhere."""
    monkeypatch.setenv(cache.ENV, "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    calls = []
    assert 1 == cache.cached("demo", ("k",), lambda: calls.append(1) or 1)
    assert 1 == cache.cached("demo", ("k",), lambda: calls.append(1) or 1)
    assert 2 == len(calls)
    assert [] == list(tmp_path.rglob("*.pickle"))


def test_a_file_holding_another_key_is_not_read(monkeypatch, tmp_path):
    """A file whose stored key differs (a checksum collision, or tampering) is derived again."""
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    cache.cached("demo", ("k",), lambda: "mine")
    (path,) = tmp_path.glob("demo-*.pickle")
    path.write_bytes(pickle.dumps(("another key", "theirs")))
    assert "mine" == cache.cached("demo", ("k",), lambda: "mine")


def test_a_kept_value_is_read_back(monkeypatch, tmp_path):
    """The second process (here: call) reads what the first derived, under the same key only."""
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    calls = []
    assert [1, 2] == cache.cached("demo", ("k",), lambda: calls.append(1) or [1, 2])
    assert [1, 2] == cache.cached("demo", ("k",), lambda: calls.append(1) or [9])
    assert [9] == cache.cached("demo", ("other",), lambda: calls.append(1) or [9])
    assert 2 == len(calls)


def test_a_broken_file_is_derived_again(monkeypatch, tmp_path):
    """A truncated or foreign file in the cache is no error: the value is derived again."""
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    cache.cached("demo", ("k",), lambda: "first")
    (path,) = tmp_path.glob("demo-*.pickle")
    path.write_bytes(b"not a pickle")
    assert "again" == cache.cached("demo", ("k",), lambda: "again")
    assert "again" == pickle.loads(path.read_bytes())[1]


def test_an_unwritable_folder_is_no_error(monkeypatch, tmp_path):
    """A cache folder that cannot be created (a file is in the way) only means no cache."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    assert 3 == cache.cached("demo", ("k",), lambda: 3)


def test_the_catalog_from_the_cache_is_the_parsed_one(monkeypatch, tmp_path):
    """A catalog read back from the cache equals the one parsed and checked from its file."""
    monkeypatch.setenv(cache.ENV, "off")
    parsed = load_catalog(MINI)
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    first = load_catalog(MINI)  # derived and kept
    second = load_catalog(MINI)  # read back
    assert parsed == first == second
    assert 1 == len(list(tmp_path.glob("catalog-*.pickle")))


def test_an_edited_catalog_is_never_read_stale(monkeypatch, tmp_path):
    """Editing the file (size or modification time) makes a new key: the edit is seen at once."""
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    copy = tmp_path / "catalog.toml"
    shutil.copy(MINI, copy)
    before = load_catalog(copy)
    text = copy.read_text("utf-8").replace("revision = 2026-11-22", "revision = 2026-11-23")
    assert text != copy.read_text("utf-8")
    copy.write_text(text, "utf-8")
    os.utime(copy, ns=(1, 1))  # even with an old modification time, the size differs
    after = load_catalog(copy)
    assert (dt.date(2026, 11, 22), dt.date(2026, 11, 23)) == (before.revision, after.revision)


def test_profiles_from_the_cache_are_checked_ones(monkeypatch, tmp_path):
    """A profile read back from the cache equals the one parsed; a broken profile is refused
    every time (errors are never cached)."""
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    example = ROOT / "examples" / "cloud-ciio.toml"
    assert load_profile(example) == load_profile(example)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "X"\nroles = ["no-such-role"]\n', "utf-8")
    for _ in range(2):
        with pytest.raises(Exception, match="no-such-role"):
            load_profile(bad)


def test_estimates_from_the_cache_are_the_package_s(monkeypatch, tmp_path):
    """The estimates kept in the cache equal what the holidays package computes."""
    monkeypatch.setenv(cache.ENV, "off")
    direct = statutory_days_off(range(2027, 2030))
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert direct == statutory_days_off(range(2027, 2030))  # derived and kept
    assert direct == statutory_days_off(range(2027, 2030))  # read back
    # 全国年节及纪念日放假办法 Art. 2: 1-3 October and 1-2 May are statutory days off every year.
    for year in (2027, 2028, 2029):
        days = {d for d, _ in direct}
        assert {dt.date(year, 10, 1), dt.date(year, 10, 3), dt.date(year, 5, 2)} <= days
