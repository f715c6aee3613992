"""Where the user's own data lives: the folder of installed holiday-notice overlays.

Kept apart from :mod:`cnreg_calendar.installed` (which reads and checks the overlays) so that every
calendar can ask, at the cost of one ``stat``, whether any overlay is installed at all.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["ENV", "data_dir", "installed_files", "platform_folder"]

#: The environment variable that names the data folder (tests point it at a temporary folder).
ENV = "CNREG_CALENDAR_DATA"


def data_dir() -> Path:
    """The user's data folder for cnreg-calendar.

    >>> import os; os.environ["CNREG_CALENDAR_DATA"] = "/tmp/cnreg-example"
    >>> data_dir()
    PosixPath('/tmp/cnreg-example')
    >>> del os.environ["CNREG_CALENDAR_DATA"]
    """
    chosen = os.environ.get(ENV, "").strip()
    return Path(chosen) if chosen else platform_folder("data")


#: Each kind of folder by platform: (Windows variable, its default under the home folder, macOS
#: folder under the home folder, XDG variable, its default under the home folder).
_PLATFORM = {
    "data": (
        "APPDATA",
        "AppData/Roaming",
        "Library/Application Support",
        "XDG_DATA_HOME",
        ".local/share",
    ),
    "cache": ("LOCALAPPDATA", "AppData/Local", "Library/Caches", "XDG_CACHE_HOME", ".cache"),
}


def platform_folder(kind: str) -> Path:
    """cnreg-calendar's ``"data"`` or ``"cache"`` folder by the platform's convention.

    >>> platform_folder("cache").name
    'cnreg-calendar'
    """
    windows, windows_default, mac, xdg, xdg_default = _PLATFORM[kind]
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get(windows) or home / windows_default)
    elif sys.platform == "darwin":
        base = home / mac
    else:
        base = Path(os.environ.get(xdg) or home / xdg_default)
    return base / "cnreg-calendar"


def _folder() -> Path:
    return data_dir() / "notices"


def _order(path: Path) -> tuple[int, int]:
    year, _, rev = path.stem.partition("-revision-")
    return (int(year), int(rev) if rev.isdigit() else 0)


def installed_files() -> tuple[Path, ...]:
    """The installed overlay files, a year's notice before its revisions, years in order."""
    folder = _folder()
    if not folder.is_dir():
        return ()
    files = [p for p in folder.glob("*.toml") if p.stem.split("-")[0].isdigit()]
    return tuple(sorted(files, key=_order))
