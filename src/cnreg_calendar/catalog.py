"""Load the instrument catalog: the bundled one, or files of one's own (``docs/catalog-format.md``).

Reading and checking a catalog is :mod:`cnreg_calendar.catalog_reader`'s work; this module finds
the files and keeps each checked catalog in the on-disk cache (:mod:`cnreg_calendar.cache`) under
its files' paths, sizes and modification times, so a new process with unchanged files skips the
TOML parse and the checks.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cnreg_calendar.errors import CatalogError

if TYPE_CHECKING:
    from cnreg_calendar.model import Catalog

__all__ = ["default_catalog_path", "load_catalog", "parse_catalog"]


def default_catalog_path() -> Path:
    """The bundled catalog, found inside the package the same way in every kind of install.

    The file people edit is ``data/instruments.toml`` at the top of the repository;
    ``src/cnreg_calendar/data/instruments.toml`` is a link to it, which the wheel and the sdist
    carry as the file itself. So an editable install reads the live file and an installed wheel
    its own copy, by one lookup and with no guess about where a repository might be.

    >>> default_catalog_path().name
    'instruments.toml'
    """
    # The package's own folder (what importlib.resources.files("cnreg_calendar") gives for an
    # installed or editable package), without importing importlib.resources and zipfile at start.
    bundled = Path(__file__).with_name("data") / "instruments.toml"
    if not bundled.is_file():
        message = (
            f"{bundled}: the bundled catalog is missing from the installed package; reinstall "
            "cnreg-calendar from a wheel or sdist built from the repository, or pass --catalog FILE"
        )
        raise CatalogError(message, (message,))
    return bundled


@functools.cache
def _bundled() -> Catalog:
    return load_catalog([default_catalog_path()])


def load_catalog(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
) -> Catalog:
    """Load and check the bundled catalog (``None``), one file, or several combined in order.

    Ids are unique across combined files; a later file may refer to ids of an earlier one.
    Any problem raises :class:`~cnreg_calendar.errors.CatalogError` listing every problem of the
    file. The bundled catalog is read once per process; a checked catalog is also kept in the
    on-disk cache (:mod:`cnreg_calendar.cache`) under its files' paths, sizes and modification
    times, so a new process with unchanged files skips the parse and the checks.

    >>> catalog = load_catalog()
    >>> len(catalog.instruments) > 0 and catalog is load_catalog()
    True
    """
    if paths is None:
        return _bundled()
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if not paths:
        message = "load_catalog: no files given; pass a path or a list of paths (or None)"
        raise CatalogError(message, (message,))
    files = list(paths)
    try:
        from cnreg_calendar.cache import cached, file_key

        key = tuple((os.fspath(path), *file_key(path)) for path in files)
    except OSError:  # a file that cannot be read: _derive says which, and why
        return _derive(files)
    return cached("catalog", key, lambda: _derive(files))


def _derive(paths: Sequence[str | os.PathLike[str]]) -> Catalog:
    from cnreg_calendar.catalog_reader import read_catalogs

    return read_catalogs(paths)


def parse_catalog(data: bytes | str, name: str = "<catalog>") -> Catalog:
    """Parse and check one catalog's TOML text (see :func:`.catalog_reader.parse_catalog`).

    >>> parse_catalog('format = 1\\nrevision = 2026-11-22', "demo.toml").revision
    datetime.date(2026, 11, 22)
    """
    from cnreg_calendar.catalog_reader import parse_catalog as parse

    return parse(data, name)
