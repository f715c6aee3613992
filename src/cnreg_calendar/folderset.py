"""Replace a set of files in a folder all at once: a reader sees the old set or the new, never a mix.

:func:`staging` gives a folder to build the new files in; :meth:`Staging.commit` then switches
every name at once, by one atomic rename of a symbolic link, also when the process is killed at
any point (``SIGKILL``, power aside: nothing is ``fsync``-ed).  The layout inside ``out``::

    out/<name>              -> _publish/current/<name>   (a symbolic link per published file)
    out/_publish/current    -> <version>                 (the one link that is switched)
    out/_publish/<version>/                              (one complete set; version: its digest)

Everything is created inside ``out``, so the scheme works when ``out`` is a mount point (no
rename crosses a file system) and when it is served while being replaced.  A first run over a
folder of regular files (the layout before this module) adopts them as the current set before
replacing each by its link, so even that step shows no mix; because such files were not written
through this scheme, that takes ``force`` (``publish --force``): without it, a file in ``out``
that is not one of its links is refused before anything changes, never overwritten.  Names of the
previous set that the new one does not have are removed (their links, after the switch); other
files in ``out`` are never touched.  A name taken in ``out`` by a folder is refused too.

Each run holds an exclusive ``flock`` on ``out`` and first removes what killed runs left: build
folders, temporary links and superseded versions in ``_publish``, temporary links in ``out``
and the hidden ``.<out>.*.tmp`` folders the previous implementation built beside ``out``.
POSIX only (symbolic links and ``flock``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from cnreg_calendar.errors import ExportError

__all__ = ["CURRENT", "STORE", "Staging", "staging"]

#: The folder inside ``out`` holding the versions, and the link naming the current one.
STORE = "_publish"
CURRENT = "current"
_TMP = re.compile(r"\..*\.tmp")

#: Called with the name of each step (tests kill the process there); None in normal use.
fault_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if fault_hook is not None:
        fault_hook(name)


class Staging:
    """A folder to build the new set in, and the switch that publishes it."""

    __slots__ = ("folder", "out", "store")

    def __init__(self, out: Path, store: Path, folder: Path) -> None:
        self.out = out
        self.store = store
        #: Where the new files are written, by their final names.
        self.folder = folder

    def commit(self, names: Sequence[str], force: bool = False) -> list[Path]:
        """Make ``names`` (files in :attr:`folder`) the set in ``out``; their paths in ``out``.

        A file named like one of ``names`` that this scheme did not write is replaced only with
        ``force``; the previous set's names missing from ``names`` are removed."""
        out, store = self.out, self.store
        for name in names:
            target = out / name
            if not target.is_symlink() and target.exists() and not target.is_file():
                raise ExportError(
                    f"publish: {target} is a folder, not a file, and has the name of a feed; "
                    "move or rename it, then publish again"
                )
            if not force and not _ours(target, name) and (target.is_file() or target.is_symlink()):
                raise ExportError(
                    f"publish: {target} exists and was not written by publish (it is not a link "
                    f"into {STORE}/); move it away, or pass --force to replace it (a folder "
                    "published by an earlier release needs --force once)"
                )
        stale = [
            path
            for path in sorted(out.iterdir())
            if path.name not in names and _ours(path, path.name)
        ]
        current = _current(store)
        # 1. The set readers see now: the current version, plus files of the old layout.
        adopted = {
            name: out / name
            for name in names
            if not _ours(out / name, name) and (out / name).is_file()
        }
        if adopted:
            base = _new_folder(store)
            if current is not None:
                _copy_set(current, base, ())
            for name, path in adopted.items():
                shutil.copyfile(path, base / name)
            _step("base-built")
            current = _switch(store, _seal(store, base))
            _step("base-switched")
        # 2. The new version: exactly the new names.
        version = _seal(store, self.folder)
        _step("version-sealed")
        # 3. A link per name (dangling until the switch when the current set lacks the name).
        for name in names:
            if not _ours(out / name, name):
                _link(out / name, f"{STORE}/{CURRENT}/{name}")
                _step(f"linked {name}")
        # 4. The switch: one rename. The previous set's other names now lead nowhere (the new set
        # does not have them): their links are removed.
        _switch(store, version)
        _step("switched")
        for path in stale:
            path.unlink(missing_ok=True)
            _step(f"unlinked {path.name}")
        _clean_store(store)
        _step("cleaned")
        return [out / name for name in names]


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Staging]:
    """Lock ``out`` (created if need be), clean up after killed runs, give a folder to build in.

    When the body raises, the build folder is removed and ``out`` stays as it was (a folder this
    call created is removed again).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = pathlib.Path(folder, "site")
    ...     with staging(out) as stage:
    ...         _ = (stage.folder / "a.txt").write_text("new")
    ...         paths = stage.commit(["a.txt"])
    ...     print([p.name for p in paths], (out / "a.txt").read_text())
    ['a.txt'] new
    """
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = os.open(out, os.O_RDONLY)
    except OSError as error:
        raise ExportError(f"publish: cannot create or open the folder {out} ({error})") from None
    try:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX)
        store = out / STORE
        had_store = store.is_dir()
        try:
            _clean(out)
            store.mkdir(exist_ok=True)
            folder = _new_folder(store)
            _step("build folder made")
        except OSError as error:
            raise ExportError(f"publish: cannot prepare {store} ({error})") from None
        try:
            yield Staging(out, store, folder)
            _step("done")
        except BaseException as error:
            shutil.rmtree(folder, ignore_errors=True)
            if created:
                shutil.rmtree(out, ignore_errors=True)
            elif not had_store:
                with contextlib.suppress(OSError):
                    store.rmdir()
            if isinstance(error, OSError) and not isinstance(error, ExportError):
                raise ExportError(f"publish: cannot write the files into {out} ({error})") from None
            raise
    finally:
        os.close(lock)


def _ours(path: Path, name: str) -> bool:
    """Whether ``path`` is already this module's link for ``name``."""
    return path.is_symlink() and os.readlink(path) == f"{STORE}/{CURRENT}/{name}"


def _current(store: Path) -> Path | None:
    link = store / CURRENT
    if not link.is_symlink():
        return None
    target = store / os.readlink(link)
    return target if target.is_dir() else None


def _new_folder(store: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=".build.", suffix=".tmp", dir=store))


def _copy_set(source: Path, destination: Path, skip: Sequence[str]) -> None:
    """Hard-link (or copy) the files of ``source`` missing from ``destination``."""
    for path in sorted(source.iterdir()):
        if path.name in skip or (destination / path.name).exists() or not path.is_file():
            continue
        try:
            os.link(path, destination / path.name)
        except OSError:
            shutil.copyfile(path, destination / path.name)
        _step(f"carried {path.name}")


def _seal(store: Path, folder: Path) -> str:
    """Rename a finished build folder to its version (a digest of its files); the version."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 16):
                digest.update(chunk)
        digest.update(b"\0")
    version = digest.hexdigest()[:24]
    _step("digested")
    if (store / version).is_dir():  # the same set is already there
        shutil.rmtree(folder)
    else:
        os.replace(folder, store / version)
    return version


def _link(path: Path, target: str) -> None:
    """Point ``path`` at ``target`` by one rename of a new link over it."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    os.symlink(target, temporary)
    _step(f"temporary link to {target}")
    os.replace(temporary, path)


def _switch(store: Path, version: str) -> Path:
    _link(store / CURRENT, version)
    return store / version


def _clean_store(store: Path) -> None:
    """Remove everything in the store but the current link and its version."""
    link = store / CURRENT
    keep = {CURRENT, os.readlink(link)} if link.is_symlink() else set()
    for path in store.iterdir():
        if path.name in keep:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        _step(f"removed {path.name}")


def _clean(out: Path) -> None:
    """Remove what killed runs left in ``out``, in its store and beside it."""
    store = out / STORE
    if store.is_dir() and not store.is_symlink():
        _clean_store(store)
    for path in out.iterdir():
        ours = path.is_symlink() and os.readlink(path).startswith(f"{STORE}/")
        if ours and (_TMP.fullmatch(path.name) or not path.exists()):
            # A temporary link, or a stale name's link a killed run switched away from.
            path.unlink()
    # The folders the previous implementation built beside out (mkdtemp, 8 random characters).
    beside = re.compile(rf"\.{re.escape(out.name)}\.[A-Za-z0-9_]{{8}}\.tmp")
    with contextlib.suppress(OSError):
        for path in out.resolve().parent.iterdir():
            if beside.fullmatch(path.name) and path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
