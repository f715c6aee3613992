"""Holiday-notice overlays installed once in the user's data folder and used by every calendar.

``cnreg-calendar notice import FILE --install`` keeps the overlay under ``<data folder>/notices/``:
``$CNREG_CALENDAR_DATA`` when set, else the platform's convention (``$XDG_DATA_HOME`` or
``~/.local/share`` on Linux, ``~/Library/Application Support`` on macOS, ``%APPDATA%`` on Windows)
followed by ``cnreg-calendar``. :func:`~cnreg_calendar.china_calendar` applies them before any
overlay passed to it. A built-in release that carries the same year wins only when its days are
the overlay's days; otherwise the overlay stays in use and :func:`status` reports the difference.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from cnreg_calendar.errors import OverlayError
from cnreg_calendar.notices import DayTable, build_day_table, load_notices

__all__ = ["ENV", "Installed", "active_overlays", "data_dir", "install", "remove", "status"]

from cnreg_calendar.userdata import ENV, _folder, _order, data_dir, installed_files

ONE = dt.timedelta(days=1)


@attrs.frozen
class Installed:
    """One installed overlay and whether calendars use it."""

    path: Path
    year: int
    reference: str | None
    imported: str | None
    used: bool
    note: str


_MEMO: dict[tuple[object, ...], tuple[tuple[Path, ...], tuple[Installed, ...]]] = {}


def _key(files: Iterable[Path]) -> tuple[object, ...]:
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def _evaluate(files: tuple[Path, ...]) -> tuple[tuple[Path, ...], tuple[Installed, ...]]:
    key = _key(files)
    if key in _MEMO:
        return _MEMO[key]
    builtin = build_day_table()
    used: list[Path] = []
    report: list[Installed] = []
    for path in files:
        entries = load_notices(path)
        notice = entries[0].notice
        year = notice.year
        imported = _imported(path)
        if year > builtin.last_published:
            used.append(path)
            report.append(Installed(path, year, notice.reference, imported, True, "in use"))
            continue
        if "-revision-" in path.stem:
            diff = _differences(builtin, build_day_table([path]).is_working, year)
        else:  # a year's notice: its own days, not merged with the built-in ones
            diff = _differences(builtin, _declared(entries[0].holidays), year)
        if not diff:
            note = f"built-in data now has {year}, identical: the built-in release is used"
            report.append(Installed(path, year, notice.reference, imported, False, note))
        else:
            used.append(path)
            note = f"in use; differs from the built-in data of {year}: " + "; ".join(diff)
            report.append(Installed(path, year, notice.reference, imported, True, note))
    _MEMO[key] = (tuple(used), tuple(report))
    return _MEMO[key]


def _imported(path: Path) -> str | None:
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("imported = "):
            return line.split("=", 1)[1].strip()
    return None


def _declared(holidays: Iterable[Any]) -> Callable[[dt.date], bool]:
    """Whether a day is a working day under a notice's own items alone."""
    off = {h.first + n * ONE for h in holidays for n in range((h.last - h.first).days + 1)}
    on = {d for h in holidays for d in h.working_days}
    return lambda day: day in on or (day.weekday() < 5 and day not in off)


def _differences(builtin: DayTable, working: Callable[[dt.date], bool], year: int) -> list[str]:
    """Days of ``year`` (to 24 December) whose working-day status differs, as short phrases."""
    found = []
    day = dt.date(year, 1, 1)
    while day < dt.date(year, 12, 25):
        before, after = builtin.is_working(day), working(day)
        if before != after:
            found.append(
                f"{day} {'working' if after else 'off'} (built-in: {'working' if before else 'off'})"
            )
        day += ONE
    return found


def active_overlays() -> tuple[Path, ...]:
    """The installed overlays calendars apply (none when the folder is empty or missing)."""
    files = installed_files()
    return _evaluate(files)[0] if files else ()


def status() -> tuple[Installed, ...]:
    """Every installed overlay, with whether it is used and why (``cnreg-calendar notice list``)."""
    files = installed_files()
    return _evaluate(files)[1] if files else ()


def install(toml_text: str, year: int, kind: str) -> Path:
    """Keep an overlay in the data folder, all or nothing: it must build with the others.

    A year's notice replaces the installed notice of that year; a revision is added after it.
    """
    folder = _folder()
    existing = installed_files()
    if kind == "revision":
        n = 1 + max((_order(p)[1] for p in existing if _order(p)[0] == year), default=0)
        target = folder / f"{year}-revision-{n}.toml"
    else:
        target = folder / f"{year}.toml"
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".import-", suffix=".toml.tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(toml_text)
        others = [p for p in existing if p != target]
        trial = sorted([*others, temp], key=lambda p: _order(target) if p == temp else _order(p))
        build_day_table(trial)  # refuses a gap or a malformed file before anything is kept
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _MEMO.clear()
    return target


def remove(year: int) -> tuple[Path, ...]:
    """Delete the installed overlays of ``year`` (its notice and revisions)."""
    files = [p for p in installed_files() if _order(p)[0] == year]
    if not files:
        raise OverlayError(
            f"no installed overlay for {year}; `cnreg-calendar notice list` shows what is installed"
        )
    later = [p for p in installed_files() if _order(p)[0] > year and _order(p)[1] == 0]
    if later:
        raise OverlayError(
            f"the installed overlay for {later[0].stem} follows {year}: remove {later[-1].stem} "
            f"first (years are added in order)"
        )
    for path in files:
        path.unlink()
    _MEMO.clear()
    return tuple(files)
