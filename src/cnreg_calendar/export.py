"""Exports beside the feeds: deadlines and milestones as JSON or CSV rows, and several feeds
written all or nothing.

The command line prints what these return; scripts can call them directly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs

from cnreg_calendar.deadlines import Deadline, Mark, UndatedDuty, WatchItem
from cnreg_calendar.errors import ExportError

if TYPE_CHECKING:
    from cnreg_calendar.feeds import FeedItem
    from cnreg_calendar.ics import FeedEvent
    from cnreg_calendar.workdays import ChinaCalendar

__all__ = [
    "WrittenFeed",
    "deadline_rows",
    "deadlines_csv",
    "deadlines_json",
    "rows_csv",
    "split_key",
    "watch_json",
    "watch_rows",
    "write_split_feeds",
]


def _json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2, sort_keys=True)


def rows_csv(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    """``rows`` as CSV with a header (their keys, in order) on ``out``; just ``date`` if none.

    >>> import io
    >>> buffer = io.StringIO()
    >>> rows_csv([{"date": "2026-01-04", "binding": True}], buffer)
    >>> buffer.getvalue()
    'date,binding\\n2026-01-04,True\\n'
    """
    import csv

    writer = csv.DictWriter(
        out, fieldnames=list(rows[0]) if rows else ["date"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)


def deadlines_json(deadlines: Iterable[Deadline], undated: Iterable[UndatedDuty] = ()) -> str:
    """``{"deadlines": [...], "undated": [...]}``: the :meth:`Deadline.to_dict` rows
    (explanations included) and the :meth:`UndatedDuty.to_dict` rows, keys sorted: the same
    deadlines give the same text."""
    return json.dumps(
        {
            "deadlines": [d.to_dict() for d in deadlines],
            "undated": [u.to_dict() for u in undated],
        },
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )


def _undated_row(undated: UndatedDuty) -> dict[str, Any]:
    """An undated duty as a CSV row of the deadline columns: no date, the reason as its rule."""
    duty = undated.duty
    record = f"; record {', '.join(undated.record)}" if undated.record else ""
    return {
        "date": "",
        "time": None,
        "entity": undated.entity,
        "duty": duty.id,
        "title_en": duty.title_en,
        "title_zh": duty.title_zh,
        "article": duty.article,
        "instrument": undated.instrument.id,
        "jurisdiction": undated.duty.jurisdiction or undated.instrument.jurisdiction,
        "provisional": False,
        "assumed": False,
        "binding": Mark.NOT_BINDING not in undated.marks,
        "confidence": duty.confidence.value,
        "rule": f"undated: {undated.reason}{record}",
        "key": undated.key,
    }


def deadline_rows(
    deadlines: Iterable[Deadline], undated: Iterable[UndatedDuty] = ()
) -> list[dict[str, Any]]:
    """The CSV rows: :meth:`Deadline.to_dict` without the explanation, then the undated duties
    (an empty date, the reason in the ``rule`` column)."""
    rows = [d.to_dict(explanation=False) for d in deadlines]
    return rows + [_undated_row(u) for u in undated]


def deadlines_csv(
    deadlines: Iterable[Deadline], out: TextIO, undated: Iterable[UndatedDuty] = ()
) -> None:
    """The deadlines as CSV rows (:meth:`Deadline.to_dict` without the explanation) on ``out``,
    then the undated duties: an empty date, the reason in the ``rule`` column."""
    rows_csv(deadline_rows(deadlines, undated), out)


def watch_rows(items: Iterable[WatchItem]) -> list[dict[str, Any]]:
    """Milestones as rows of plain values (what ``cnreg-calendar watch --json`` prints)."""
    return [
        {
            "date": w.date.isoformat(),
            "instrument": w.instrument.id,
            "kind": w.kind,
            "note": w.note,
            "title_en": w.instrument.title_en,
            "title_zh": w.instrument.title_zh,
            "status": w.instrument.status.value,
        }
        for w in items
    ]


def watch_json(items: Iterable[WatchItem]) -> str:
    """Milestones as a JSON list of :func:`watch_rows`, keys sorted."""
    return _json(watch_rows(items))


def split_key(how: str) -> Callable[[FeedEvent], str]:
    """How feed events are grouped into feeds: by ``"entity"`` or by lead ``"authority"``."""
    if how == "entity":
        # Deadline keys start with the entity's id; watch and working-day events with their feed.
        return lambda event: event.key.split("/", 1)[0]
    # A deadline's or milestone's first category is its instrument's lead authority.
    return lambda event: event.categories[0] if event.categories else "other"


@attrs.frozen
class WrittenFeed:
    """One feed of :func:`write_split_feeds`: where, how many events, how many bytes."""

    path: Path
    events: int
    size: int


def write_split_feeds(
    items: Iterable[FeedItem],
    output: str | os.PathLike[str],
    *,
    by: str,
    name: str,
    revision: dt.datetime,
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
    organisations: Mapping[str, str] | None = None,
) -> list[WrittenFeed]:
    """One feed per group (``by`` entity or authority) next to ``output``, all or nothing.

    ``deadlines.ics`` becomes ``deadlines-cac.ics``, ``deadlines-miit.ics`` …: every feed is
    written to a temporary file first, and all are moved into place only when all were written,
    so a failure leaves the previous feeds as they were. A target that exists but is no file (a
    folder) stops the export before anything is written. Nothing in range: no file, ``[]``.
    ``organisations`` (entity id to name) names each deadline's organisation, as in
    :func:`~cnreg_calendar.feeds.feed_events`.
    """
    # The feeds are imported here: the JSON and CSV rows above need none of them.
    from cnreg_calendar.feeds import feed_events, feed_info
    from cnreg_calendar.ics import FeedSizeWarning, split_events, write_ics

    events = list(feed_events(items, revision, calendar, alarm_working_days, organisations))
    groups = split_events(events, by=split_key(by))
    target = Path(output)
    paths: dict[str, Path] = {}
    for group in groups:
        slug = "".join(c if c.isalnum() or c in "-_" else "-" for c in group) or "other"
        path = target.with_name(f"{target.stem}-{slug}{target.suffix or '.ics'}")
        if path.exists() and not path.is_file():
            raise ExportError(
                f"{path} exists and is not a file; move it away or choose another output name "
                "(no feed was written)"
            )
        paths[group] = path
    written: list[tuple[Path, WrittenFeed]] = []
    try:
        with warnings.catch_warnings():
            # write_ics would name the temporary file: callers report the sizes instead.
            warnings.simplefilter("ignore", FeedSizeWarning)
            for group, grouped in groups.items():
                path = paths[group]
                temporary = path.with_name(f".{path.name}.partial")
                info = feed_info(f"{name} — {group}", f"{name}: {group}", revision)
                size = write_ics(grouped, info, temporary)
                written.append((temporary, WrittenFeed(path, len(grouped), size)))
        for temporary, feed in written:
            os.replace(temporary, feed.path)
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
    return [feed for _, feed in written]
