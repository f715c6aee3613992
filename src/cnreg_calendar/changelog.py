"""The catalog's data changelog: what each revision of ``instruments.toml`` added or changed.

The changelog ships inside the package (``cnreg_calendar/data/changelog.toml``), newest revision
first; ``cnreg-calendar catalog changes [--since DATE]`` prints it so a subscriber can see why a feed
changed.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import tomllib
from typing import Any

import attrs

from cnreg_calendar.errors import CatalogError

__all__ = ["Revision", "changes_since", "load_changelog", "parse_changelog"]

_NAME = "changelog.toml"
_KEYS = {"date", "summary", "added", "changed"}


@attrs.frozen
class Revision:
    """One revision of the catalog data: its date, what it did, the ids it added and changed."""

    date: dt.date
    summary: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()


def _fail(name: str, where: str, what: str, fix: str) -> CatalogError:
    message = f"{name}: {where} {what}; {fix}"
    return CatalogError(message, (message,))


def _ids(name: str, where: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(name, where, "must be a list of ids", 'write ["instrument-or-duty-id", …]')
    return tuple(value)


def _revision(name: str, i: int, raw: object) -> Revision:
    where = f"revision[{i}]"
    if not isinstance(raw, dict):
        raise _fail(name, where, "must be a table", "write [[revision]] tables")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise _fail(
            name,
            where,
            f"has an unknown key {unknown[0]!r}",
            f"allowed: {', '.join(sorted(_KEYS))}",
        )
    date, summary = raw.get("date"), raw.get("summary")
    if type(date) is not dt.date:
        raise _fail(name, f"{where}.date", "must be a TOML date", "write date = 2026-12-02")
    if not isinstance(summary, str) or not summary.strip():
        raise _fail(name, f"{where}.summary", "must be non-empty text", 'write summary = "…"')
    added = _ids(name, f"{where}.added", raw.get("added", []))
    changed = _ids(name, f"{where}.changed", raw.get("changed", []))
    return Revision(date, summary, added, changed)


def parse_changelog(text: str, name: str = "<changelog>") -> tuple[Revision, ...]:
    """Check and read a changelog; revisions must be newest first, each date once.

    >>> log = parse_changelog('format = 1\\n[[revision]]\\ndate = 2026-12-02\\nsummary = "New rules."')
    >>> log[0].date, log[0].added
    (datetime.date(2026, 12, 2), ())
    >>> parse_changelog('format = 1\\n[[revision]]\\ndate = "2026-12"\\nsummary = "x"', "log.toml")
    Traceback (most recent call last):
    ...
    cnreg_calendar.errors.CatalogError: log.toml: revision[0].date must be a TOML date; write date = 2026-12-02
    """
    from cnreg_calendar import tomlguard

    try:
        data: dict[str, Any] = tomlguard.loads(text, name, CatalogError)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(name, "the file", f"is not valid TOML ({exc})", "fix the TOML syntax") from None
    if data.get("format") != 1 or set(data) - {"format", "revision"}:
        raise _fail(name, "the top level", "must hold format = 1 and [[revision]] tables", "fix it")
    raw = data.get("revision", [])
    revisions = tuple(
        _revision(name, i, r) for i, r in enumerate(raw if isinstance(raw, list) else [raw])
    )
    dates = [r.date for r in revisions]
    if dates != sorted(set(dates), reverse=True):
        raise _fail(
            name, "the revisions", "are not newest first with one entry per date", "reorder them"
        )
    return revisions


@functools.cache
def load_changelog() -> tuple[Revision, ...]:
    """The changelog shipped with the package, newest revision first.

    >>> load_changelog()[0].date >= dt.date(2026, 12, 2)
    True
    """
    text = (importlib.resources.files("cnreg_calendar") / "data" / _NAME).read_text("utf-8")
    return parse_changelog(text, f"cnreg_calendar/data/{_NAME}")


def changes_since(since: dt.date | None = None) -> tuple[Revision, ...]:
    """The revisions dated ``since`` or later (all when ``None``), newest first.

    >>> [r.date.isoformat() for r in changes_since(dt.date(2026, 12, 1))][-1]
    '2026-12-02'
    """
    return tuple(r for r in load_changelog() if since is None or r.date >= since)
