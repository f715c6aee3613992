"""iCalendar (RFC 5545 / RFC 7986) feeds of deadlines that every calendar client accepts.

The schedule converts its deadlines into :class:`FeedEvent` values, a neutral model that this
module turns into bytes with its own small serializer: escaping, CRLF line ends and folding at 75
octets that never splits a UTF-8 character or a backslash escape pair.  It is many times faster
than building ``icalendar`` objects, and :func:`write_ics` keeps no serialized text in memory, only
the order of the events.  The output is deterministic: the same events give the same bytes,
whatever their order.

What clients do with a feed (Google drops feeds over about 1 MB, ignores alarms; Outlook needs a
``VTIMEZONE``) is summarised in ``shared/reference/ics.md``; :func:`split_events` and :func:`window`
cut a large feed into smaller ones.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import re
import secrets
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

import attrs

from cnreg_calendar.errors import ExportError

__all__ = [
    "FEED_SIZE_LIMIT",
    "UID_NAMESPACE",
    "FeedEvent",
    "FeedInfo",
    "FeedSizeWarning",
    "split_events",
    "to_ics",
    "uid_for",
    "window",
    "write_ics",
]

#: Namespace of the UUIDv5 event UIDs.  Never change it: every subscriber's events would duplicate.
UID_NAMESPACE = uuid.UUID("5d0c1e43-8b4f-5b8e-9c1a-6f0b2c3d4e5f")

_NAMESPACE_BYTES = UID_NAMESPACE.bytes

#: Google Calendar reportedly drops subscribed feeds larger than about this many bytes.
FEED_SIZE_LIMIT = 1_000_000

_SHANGHAI = ZoneInfo("Asia/Shanghai")
_UTC = datetime.UTC
_ONE_DAY = datetime.timedelta(days=1)
_CRLF = b"\r\n"
_FOLD_AT = 75  # octets per physical line, CRLF excluded (RFC 5545 §3.1)

# China has kept +08:00 without daylight saving since 1991; the deadlines are all later than that.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def _package_version() -> str:
    from cnreg_calendar import __version__  # the package's own: no importlib.metadata at start

    return __version__


def _default_prodid() -> str:
    return f"-//cnreg_calendar//cnreg_calendar {_package_version()}//EN"


class FeedSizeWarning(UserWarning):
    """A feed is larger than Google Calendar is reported to accept (about 1 MB)."""


def uid_for(key: str) -> str:
    """Return the UID of the occurrence with business key *key*: a UUIDv5 in :data:`UID_NAMESPACE`.

    The key names the duty and its occurrence, never the due date, so that a moved date updates the
    subscriber's event in place instead of duplicating it.

    >>> uid_for("mlps-filing/2024#annual")
    '5350f9d6-208e-5901-854f-d47d51ed23b3'
    >>> uid_for("a") == uid_for("a") != uid_for("b")
    True
    """
    # uuid.uuid5 spelled out (RFC 9562 §5.5): the same value at a third of the cost.
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + key.encode(), usedforsecurity=False).digest()
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest[:16].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@attrs.frozen
class FeedEvent:
    """One deadline occurrence as it appears in a feed.

    ``start`` is a ``date`` for an all-day event, or an aware ``datetime`` for a timed one
    (written in Asia/Shanghai time, ``end`` optional).  ``alarm`` is an absolute aware time.
    Values are checked when written: a problem raises :class:`~cnreg_calendar.errors.ExportError`
    naming ``key``.

    >>> ev = FeedEvent("duty/2024#1", datetime.date(2024, 8, 1), "备案", "Filing", "Art. 15")
    >>> ev.provisional, ev.cancelled, ev.sequence
    (False, False, 0)
    """

    key: str
    start: datetime.date | datetime.datetime
    summary_zh: str
    summary_en: str
    description: str
    categories: tuple[str, ...] = ()
    provisional: bool = False
    cancelled: bool = False
    sequence: int = 0
    last_modified: datetime.datetime | None = None
    url: str | None = None
    alarm: datetime.datetime | None = None
    end: datetime.datetime | None = None


@attrs.frozen
class FeedInfo:
    """The calendar-level properties of a feed.

    ``revision`` is the (aware) time the underlying data last changed; it becomes every event's
    ``DTSTAMP`` and default ``LAST-MODIFIED``, so that rebuilding the same data gives the same
    bytes.
    ``color`` is a CSS3 colour name (RFC 7986).

    >>> info = FeedInfo("等保", "Deadlines", datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC))
    >>> info.refresh_interval
    datetime.timedelta(seconds=43200)
    """

    name: str
    description: str
    revision: datetime.datetime
    refresh_interval: datetime.timedelta = datetime.timedelta(hours=12)
    color: str | None = None
    prodid: str = attrs.field(factory=_default_prodid)


# --- text and line encoding (RFC 5545 §3.1, §3.3.11) ----------------------------------------------

# Control characters other than HTAB are not allowed in TEXT (RFC 5545 §3.3.11): dropped.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # after CR LF became LF
_SPECIALS = re.compile(r"[\\;,\x00-\x08\x0a-\x1f\x7f]")
_CONTINUATION_MASK = 0xC0
_CONTINUATION = 0x80
_BACKSLASH = 0x5C


def _text(value: str) -> str:
    """Escape a TEXT value: CR LF and lone CR become newlines; ``\\ ; , newline`` are escaped."""
    if _SPECIALS.search(value) is None:  # the common case, kept fast
        return value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROLS.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> bytes:
    """Encode one content line, folded at 75 octets, never inside a character or an escape pair."""
    data = line.encode()
    if len(data) <= _FOLD_AT:
        return data + _CRLF
    parts = []
    start, limit = 0, _FOLD_AT
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & _CONTINUATION_MASK == _CONTINUATION:
            cut -= 1
        run = 0  # backslashes just before the cut; an odd run means the cut splits "\x"
        while cut - 1 - run >= start and data[cut - 1 - run] == _BACKSLASH:
            run += 1
        if run % 2:
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, _FOLD_AT - 1  # the continuation line's leading space is one octet
    parts.append(data[start:])
    return b"\r\n ".join(parts) + _CRLF


def _lines(lines: list[str]) -> bytes:
    """Encode content lines; only those that may pass 75 octets go through :func:`_fold`.

    A character is at most 4 octets in UTF-8 (CJK Extension B names are), so 18 always fit.
    """
    return b"".join(
        (line + "\r\n").encode()
        if len(line) <= _FOLD_AT // 4 or (len(line) <= _FOLD_AT and line.isascii())
        else _fold(line)
        for line in lines
    )


def _date(value: datetime.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _utc(value: datetime.datetime) -> str:
    value = value.astimezone(_UTC)
    return f"{_date(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"


def _local(value: datetime.datetime) -> str:
    value = value.astimezone(_SHANGHAI)
    return f"{_date(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def _duration(value: datetime.timedelta) -> str:
    if value <= datetime.timedelta(0) or value.microseconds:
        raise ExportError(
            f"FeedInfo.refresh_interval {value!r} is not a positive whole number of seconds; "
            "pass e.g. datetime.timedelta(hours=12)"
        )
    hours, rest = divmod(value.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    time = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return f"P{f'{value.days}D' if value.days else ''}{f'T{time}' if time else ''}"


def _require_aware(value: datetime.datetime, where: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ExportError(
            f"{where} {value.isoformat()} has no time zone; pass an aware datetime, "
            "e.g. tzinfo=datetime.UTC or ZoneInfo('Asia/Shanghai')"
        )


# --- the calendar ---------------------------------------------------------------------------------


def _header(info: FeedInfo, timed: bool) -> bytes:
    _require_aware(info.revision, "FeedInfo.revision")
    ttl = _duration(info.refresh_interval)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{_text(info.prodid)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{_text(info.name)}",
        f"X-WR-CALNAME:{_text(info.name)}",
        f"DESCRIPTION:{_text(info.description)}",
        f"X-WR-CALDESC:{_text(info.description)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{ttl}",
        f"X-PUBLISHED-TTL:{ttl}",
    ]
    if info.color is not None:
        if not (info.color.isascii() and info.color.isalpha()):
            raise ExportError(
                f"FeedInfo.color {info.color!r} is not a CSS3 colour name; pass e.g. 'darkred'"
            )
        lines.append(f"COLOR:{info.color.lower()}")
    if timed:
        lines.extend(_VTIMEZONE)
    return _lines(lines)


_FOOTER = b"END:VCALENDAR\r\n"


def _category(value: str) -> str:
    # Several parsers split CATEGORIES on escaped commas too: no comma stays inside one value.
    return " ".join(value.replace(",", " ").replace("，", " ").split())


def _summary(event: FeedEvent) -> str:
    zh, en = event.summary_zh.strip(), event.summary_en.strip()
    if event.provisional:
        zh = f"【暂定】{zh}" if zh else ""
        en = f"{en} (provisional)" if en else ""
    summary = " / ".join(part for part in (zh, en) if part)
    if not summary:
        raise ExportError(f"FeedEvent {event.key!r} has no summary_zh nor summary_en; give one")
    return summary


def _event(event: FeedEvent, stamp: str) -> bytes:
    """Serialize one VEVENT; *stamp* is the feed's revision as a UTC date-time."""
    key = event.key
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid_for(key)}",
        f"DTSTAMP:{stamp}",
    ]
    if event.last_modified is None:
        lines.append(f"LAST-MODIFIED:{stamp}")
    else:
        _require_aware(event.last_modified, f"FeedEvent {key!r}: last_modified")
        lines.append(f"LAST-MODIFIED:{_utc(event.last_modified)}")
    if event.sequence < 0:
        raise ExportError(f"FeedEvent {key!r}: sequence {event.sequence} is negative; start at 0")
    lines.append(f"SEQUENCE:{event.sequence}")
    start = event.start
    if isinstance(start, datetime.datetime):
        _require_aware(start, f"FeedEvent {key!r}: start")
        lines.append(f"DTSTART;TZID=Asia/Shanghai:{_local(start)}")
        if event.end is not None:
            _require_aware(event.end, f"FeedEvent {key!r}: end")
            if event.end < start:
                raise ExportError(
                    f"FeedEvent {key!r}: end {event.end.isoformat()} is before start "
                    f"{start.isoformat()}; pass an end at or after the start, or None"
                )
            if event.end > start:  # a zero-length event has no DTEND (RFC 5545 §3.6.1)
                lines.append(f"DTEND;TZID=Asia/Shanghai:{_local(event.end)}")
    else:
        if event.end is not None:
            raise ExportError(
                f"FeedEvent {key!r}: end is given but start {start.isoformat()} is a date; "
                "an all-day event ends the next day, pass end=None"
            )
        lines.append(f"DTSTART;VALUE=DATE:{_date(start)}")
        lines.append(f"DTEND;VALUE=DATE:{_date(start + _ONE_DAY)}")
    status = "CANCELLED" if event.cancelled else "TENTATIVE" if event.provisional else "CONFIRMED"
    summary = _text(_summary(event))
    lines += [
        "TRANSP:TRANSPARENT",
        f"STATUS:{status}",
        f"SUMMARY:{summary}",
        f"DESCRIPTION:{_text(event.description)}",
    ]
    categories = [c for c in dict.fromkeys(map(_category, event.categories)) if c]
    if categories:
        lines.append(f"CATEGORIES:{','.join(map(_text, categories))}")
    if event.url is not None:
        if not event.url.isprintable() or any(c.isspace() for c in event.url):
            raise ExportError(
                f"FeedEvent {key!r}: url {event.url!r} contains spaces or control characters; "
                "percent-encode them"
            )
        lines.append(f"URL:{event.url}")
    if event.alarm is not None and not event.cancelled:  # no reminder of a cancelled deadline
        _require_aware(event.alarm, f"FeedEvent {key!r}: alarm")
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{summary}",
            f"TRIGGER;VALUE=DATE-TIME:{_utc(event.alarm)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return _lines(lines)


def _ordered(events: Iterable[FeedEvent]) -> tuple[list[FeedEvent], bool]:
    """Return the events sorted by (start, key) and whether any is timed.

    Only references are kept: the list, and one shared sort key per distinct start, so the memory
    is a few pointers per event.  Duplicate keys raise :class:`ExportError`.
    """
    ordered = sorted(events, key=lambda event: event.key)
    for previous, current in itertools.pairwise(ordered):
        if previous.key == current.key:
            raise ExportError(
                f"FeedEvent key {current.key!r} occurs twice; each occurrence needs its own key "
                "(its UID is derived from the key)"
            )
    timed = False
    starts: dict[datetime.date, tuple[int, int]] = {}

    def start_key(event: FeedEvent) -> tuple[int, int]:
        nonlocal timed
        start = event.start
        try:
            return starts[start]
        except KeyError:
            pass
        if isinstance(start, datetime.datetime):
            timed = True
            if start.tzinfo is None or start.utcoffset() is None:
                _require_aware(start, f"FeedEvent {event.key!r}: start")
            local = start.astimezone(_SHANGHAI)
            seconds = local.hour * 3600 + local.minute * 60 + local.second
            sort_key = (local.toordinal(), 1 + seconds * 1_000_000 + local.microsecond)
        else:
            sort_key = (start.toordinal(), 0)
        return starts.setdefault(start, sort_key)

    ordered.sort(key=start_key)  # stable: equal starts stay in key order
    return ordered, timed


def _warn_size(size: int, what: str) -> None:
    if size > FEED_SIZE_LIMIT:
        warnings.warn(
            f"{what} is {size / 1_000_000:.1f} MB; Google Calendar reportedly drops subscribed "
            f"feeds over about 1 MB: split it with split_events(events, by=...) per authority or "
            f"entity, or keep a rolling window(events, start, end)",
            FeedSizeWarning,
            stacklevel=3,
        )


def _chunks(events: Iterable[FeedEvent], info: FeedInfo) -> Iterator[bytes]:
    ordered, timed = _ordered(events)
    yield _header(info, timed)
    stamp = _utc(info.revision)
    for event in ordered:
        yield _event(event, stamp)
    yield _FOOTER


def to_ics(events: Iterable[FeedEvent], info: FeedInfo) -> bytes:
    """Return the feed of *events* as iCalendar bytes, sorted by (start, key).

    >>> info = FeedInfo("Deadlines", "Demo", datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC))
    >>> ev = FeedEvent("duty/2024#1", datetime.date(2024, 8, 1), "备案", "Filing", "Art. 15")
    >>> data = to_ics([ev], info)
    >>> data.startswith(b"BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\n")
    True
    >>> b"DTEND;VALUE=DATE:20240802\\r\\n" in data
    True
    """
    data = b"".join(_chunks(events, info))
    _warn_size(len(data), "the feed")
    return data


def _open_temporary(target: Path) -> tuple[Path, BinaryIO]:
    # os.open with 0o666 honours the umask, like any new file (tempfile would give 0o600).
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        return temporary, os.fdopen(fd, "wb")


def write_ics(events: Iterable[FeedEvent], info: FeedInfo, path: str | os.PathLike[str]) -> int:
    """Write the feed of *events* to *path* and return the number of bytes written.

    The feed is streamed to a temporary file beside *path* that replaces it atomically at the end:
    on any error *path* is left as it was.  Only the order of the events is held in memory, not
    their text.  The bytes are those of :func:`to_ics`.  A feed over about 1 MB gives a
    :class:`FeedSizeWarning`.

    >>> import pathlib, tempfile
    >>> info = FeedInfo("Deadlines", "Demo", datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC))
    >>> ev = FeedEvent("duty/2024#1", datetime.date(2024, 8, 1), "备案", "Filing", "Art. 15")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     feed = pathlib.Path(folder, "feed.ics")
    ...     write_ics([ev], info, feed) == len(to_ics([ev], info)) == feed.stat().st_size
    True
    """
    target = Path(path)
    temporary, stream = _open_temporary(target)
    size = 0
    try:
        with stream:
            for chunk in _chunks(events, info):
                stream.write(chunk)
                size += len(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _warn_size(size, os.fspath(target))
    return size


# --- splitting large feeds ------------------------------------------------------------------------


def split_events(
    events: Iterable[FeedEvent], by: Callable[[FeedEvent], str]
) -> dict[str, list[FeedEvent]]:
    """Group *events* into one list per value of ``by(event)``, e.g. per authority or entity.

    The groups are in sorted order, each keeping the events' order; write each to its own feed.

    >>> d = datetime.date(2024, 8, 1)
    >>> events = [FeedEvent(k, d, "备案", "Filing", "", categories=(c,))
    ...           for k, c in [("a", "CAC"), ("b", "MPS"), ("c", "CAC")]]
    >>> {name: [e.key for e in group] for name, group in split_events(
    ...     events, by=lambda e: e.categories[0]).items()}
    {'CAC': ['a', 'c'], 'MPS': ['b']}
    """
    groups: dict[str, list[FeedEvent]] = {}
    for event in events:
        groups.setdefault(by(event), []).append(event)
    return {name: groups[name] for name in sorted(groups)}


def window(
    events: Iterable[FeedEvent], start: datetime.date, end: datetime.date
) -> list[FeedEvent]:
    """Return the events that start on or after *start* and before *end* (Asia/Shanghai dates).

    A rolling window (e.g. the last 90 days to a year ahead) keeps a feed small.

    >>> events = [FeedEvent(f"k{day}", datetime.date(2024, 8, day), "备案", "Filing", "")
    ...           for day in (1, 15, 31)]
    >>> [e.key for e in window(events, datetime.date(2024, 8, 1), datetime.date(2024, 8, 31))]
    ['k1', 'k15']
    """
    if isinstance(start, datetime.datetime) or isinstance(end, datetime.datetime):
        raise ExportError(f"window({start!r}, {end!r}) takes dates, not datetimes; pass .date()")
    if end < start:
        raise ExportError(
            f"window end {end.isoformat()} is before start {start.isoformat()}; swap them"
        )
    return [event for event in events if start <= _local_date(event.start) < end]


def _local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(_SHANGHAI).date() if value.tzinfo is not None else value.date()
    return value
