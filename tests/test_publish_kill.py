"""Publish is all or nothing: killed at every step (and at random moments), the folder shows the
previous complete set or the new one, and the next run cleans up what the killed one left.

The kills are real ``SIGKILL``s of a forked child of ``publish_killer.py`` (one process imports
the library once and forks a child per kill), at each step the ``folderset.fault_hook`` names.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cnreg_calendar.folderset as folderset
from cnreg_calendar.errors import ExportError
from cnreg_calendar.folderset import CURRENT, STORE
from cnreg_calendar.publish import publish

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child (POSIX)")

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
NAMES = (
    "example-cloud.ics",
    "example-games.ics",
    "example-bank.ics",
    "watch.ics",
    "workdays.ics",
    "index.html",
)
State = tuple[bytes | None, ...]


class Killer:
    """The helper process and the folder it publishes into."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "publish_killer.py"), str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, command: str) -> str:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer.startswith("ok"), (command, answer)
        return answer[3:].rstrip("\n")

    def state(self) -> State:
        """What a reader of the folder sees under every name either set has."""
        return tuple(
            (self.out / name).read_bytes() if (self.out / name).is_file() else None
            for name in NAMES
        )

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


@pytest.fixture
def killer(tmp_path: Path) -> Iterator[Killer]:
    killer = Killer(tmp_path / "site")
    try:
        yield killer
    finally:
        killer.close()


def assert_clean(out: Path) -> None:
    """Nothing left of earlier runs: one version, no temporary links or folders."""
    store = out / STORE
    entries = sorted(p.name for p in store.iterdir())
    assert 2 == len(entries), entries
    assert CURRENT in entries
    assert [] == [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert [] == [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def kill_at_every_step(killer: Killer, start: str, games_kept: bool = False) -> tuple[int, int]:
    """Kill a NEW publication at each of its steps after ``start``; (kills, mixes seen)."""
    killer(start)
    old = killer.state()
    steps = killer("steps").split(" ", 1)[1].split(",")
    new = killer.state()
    # The games feed is not in the new set: a link of publish's is removed with the old set, a
    # regular file (the old layout) is not publish's to remove and stays as it was.
    games = NAMES.index("example-games.ics")
    assert old[games] is not None
    assert (old[games] if games_kept else None) == new[games]
    assert all(a != b for i, (a, b) in enumerate(zip(old, new, strict=True)) if i != games)
    mixes = 0
    for number, step in enumerate(steps):
        killer(start)
        assert old == killer.state()
        assert killer(f"kill {number}").startswith("killed"), step
        seen = killer.state()
        mixes += seen not in (old, new)
        assert seen in (old, new), f"killed at {step!r}: a mix of the old and new sets"
        killer("new")  # the next run completes and removes what the killed one left
        assert new == killer.state()
        assert_clean(killer.out)
    return len(steps), mixes


def test_regression_publish_killed_at_every_step(killer: Killer) -> None:
    """SIGKILL at each step of a republication: old or new set, never a mix; then cleaned up.

    Before: 8 of 20 kills while the files were moved in left new and old feeds mixed.
    """
    kills, mixes = kill_at_every_step(killer, "reset")
    assert kills >= 10  # built, carried, sealed, linked, switched, cleaned …
    assert 0 == mixes


def test_killed_while_adopting_the_old_layout(killer: Killer) -> None:
    """The first run over a folder of regular files (the old layout) shows no mix either."""
    kills, mixes = kill_at_every_step(killer, "legacy", games_kept=True)
    assert kills >= 20  # also the adoption of the regular files
    assert 0 == mixes


def test_killed_at_random_moments(killer: Killer) -> None:
    """Real signals at 24 moments spread over a publication: old or new set every time."""
    killer("reset")
    old = killer.state()
    killer("new")
    new = killer.state()
    for tenth in range(24):
        killer("reset")
        killer(f"after {tenth * 0.004:.3f}")
        assert killer.state() in (old, new), f"killed after {tenth * 4} ms"
        killer("new")
        assert new == killer.state()
        assert_clean(killer.out)


def test_regression_feed_name_taken_by_a_folder(tmp_path: Path) -> None:
    """A feed name taken by a folder in DIR is refused before anything changes.

    Before: exit 2 after three new feeds were moved in beside the old page.
    """
    out = tmp_path / "site"
    profiles = [EXAMPLES / "cloud-ciio.toml"]
    publish(profiles, out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / "example-games.ics").mkdir()
    with pytest.raises(ExportError, match=r"example-games\.ics is a folder"):
        publish(
            [*profiles, EXAMPLES / "game-minors.toml"],
            out,
            start=dt.date(2027, 1, 1),
            end=dt.date(2027, 12, 31),
        )
    assert before == {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert [] == [p for p in (out / STORE).iterdir() if p.name.endswith(".tmp")]


def test_stale_temporaries_removed(tmp_path: Path) -> None:
    """Build folders, links and the old implementation's hidden folders beside DIR are removed."""
    out = tmp_path / "site"
    profiles = [EXAMPLES / "cloud-ciio.toml"]
    publish(profiles, out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    (tmp_path / ".site.ab_cd123.tmp").mkdir()  # tempfile.mkdtemp of the old publish
    (tmp_path / ".site.ab_cd123.tmp" / "watch.ics").write_text("half")
    (out / STORE / ".build.x1y2.tmp").mkdir()
    (out / STORE / "0123456789abcdef01234567").mkdir()
    os.symlink(f"{STORE}/{CURRENT}/watch.ics", out / ".watch.ics.00ff00ff00ff.tmp")
    (tmp_path / "mine.tmp").write_text("not publish's")
    publish(profiles, out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert ["mine.tmp", "site"] == sorted(p.name for p in tmp_path.iterdir())
    assert 2 == len(list((out / STORE).iterdir()))
    assert [] == [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_renames_stay_inside_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rename and link is inside DIR, so DIR may be a mount point (no EXDEV)."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "watch.ics").write_bytes(b"old layout")  # also the adoption path
    calls: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append((os.fspath(source), os.fspath(target)))
        real_replace(source, target)

    monkeypatch.setattr(folderset.os, "replace", replace)
    for year in (2026, 2027):
        publish(
            [EXAMPLES / "cloud-ciio.toml"],
            out,
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            force=True,  # watch.ics was not written by publish
        )
    assert len(calls) >= 10
    for source, target in calls:
        assert Path(source).is_relative_to(out), source
        assert Path(target).is_relative_to(out), target


def test_a_file_publish_did_not_write_is_never_overwritten(tmp_path: Path) -> None:
    """A file in DIR with a feed's name that publish did not write is refused without force (and
    nothing changes); other files are left alone; with force it is replaced."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the team's own page")
    (out / "notes.txt").write_text("kept")
    profiles = [EXAMPLES / "cloud-ciio.toml"]
    with pytest.raises(ExportError, match=r"index\.html exists and was not written by publish"):
        publish(profiles, out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert {"index.html": "the team's own page", "notes.txt": "kept"} == {
        p.name: p.read_text() for p in out.iterdir() if p.is_file()
    }
    publish(profiles, out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), force=True)
    assert "the team's own page" != (out / "index.html").read_text()
    assert "kept" == (out / "notes.txt").read_text()


def test_feeds_no_longer_published_are_removed(tmp_path: Path) -> None:
    """A profile left out of the next publication: its feed goes; the others' files stay."""
    out = tmp_path / "site"
    (tmp_path / "site").mkdir()
    (out / "notes.txt").write_text("kept")
    both = [EXAMPLES / "cloud-ciio.toml", EXAMPLES / "game-minors.toml"]
    publish(both, out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert (out / "example-games.ics").is_file()
    publish(both[:1], out, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    assert not (out / "example-games.ics").exists()
    assert not (out / "example-games.ics").is_symlink()
    assert (out / "example-cloud.ics").is_file()
    assert "kept" == (out / "notes.txt").read_text()
