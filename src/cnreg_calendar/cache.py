"""A small on-disk cache of derived data, so that a new process need not derive it again.

Two things are slow to derive and never change for the same inputs: the statutory-holiday estimates
of unpublished years (the ``holidays`` package's lunar calendar) and a validated catalog (a TOML
parse of ~115 KB and its checks). Each is kept under a key that names every input it depends on
(the package versions and the files' paths, sizes and modification times), so a changed input is
a different key and never reads a stale value.

The folder is ``$CNREG_CALENDAR_CACHE`` when set (``off`` disables the cache), else the platform's
cache folder (``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux, ``~/Library/Caches`` on macOS,
``%LOCALAPPDATA%`` on Windows) followed by ``cnreg-calendar``. The cache is best effort: a folder
that cannot be written, or a file that cannot be read, only means the data is derived again.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["ENV", "cache_dir", "cached", "file_key"]

#: The environment variable naming the cache folder (``off``: no cache; tests set it).
ENV = "CNREG_CALENDAR_CACHE"
#: Bump when the layout of a cached value changes.
_LAYOUT = 1

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off.

    >>> import os; os.environ["CNREG_CALENDAR_CACHE"] = "off"
    >>> cache_dir() is None
    True
    >>> del os.environ["CNREG_CALENDAR_CACHE"]
    """
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    from cnreg_calendar.userdata import platform_folder

    return platform_folder("cache")


def file_key(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """What identifies a file's content for the cache: its real path, size and modification time."""
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return (str(resolved), stat.st_size, stat.st_mtime_ns)


@functools.cache
def _code_key() -> tuple[object, ...]:
    # The package's own files: a changed module may change what it derives. Once per process:
    # the files do not change under a running program.
    here = Path(__file__).parent
    return (_LAYOUT, tuple(file_key(p) for p in sorted(here.glob("*.py"))))


def cached(kind: str, key: tuple[object, ...], derive: Callable[[], T]) -> T:
    """``derive()``, or its value kept from an earlier process for the same ``kind`` and ``key``."""
    folder = cache_dir()
    if folder is None:
        return derive()
    import pickle
    import zlib

    # The file is named by a short checksum of the whole key and holds the key itself: a value is
    # returned only when its stored key is the key asked for, so two keys with the same checksum
    # can never be confused (zlib instead of hashlib: the latter costs more to import than this).
    full = repr((kind, _code_key(), key))
    name = f"{zlib.crc32(full.encode('utf-8')):08x}{len(full):x}"
    path = folder / f"{kind}-{name}.pickle"
    try:
        with path.open("rb") as stream:
            stored, value = pickle.load(stream)
        if stored == full:
            kept: T = value
            return kept
    except Exception:  # missing, unreadable or from another layout: derive it again
        pass
    derived = derive()
    _store(path, (full, derived))
    return derived


def _store(path: Path, value: Any) -> None:
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(name, path)  # readers see the whole file or none
        finally:
            Path(name).unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the value is simply derived again next time
