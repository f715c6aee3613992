"""Calendar feeds: deadlines, instrument milestones and working days as iCalendar events.

This module turns the library's results into :class:`~cnreg_calendar.ics.FeedEvent` values;
:mod:`cnreg_calendar.ics` writes them. Nothing here reads the clock: the feed's revision time (its
DTSTAMP, LAST-MODIFIED and SEQUENCE) comes from the data, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cnreg_calendar.deadlines import Deadline, Mark, WatchItem
from cnreg_calendar.errors import ExportError
from cnreg_calendar.ics import FeedEvent, FeedInfo, write_ics
from cnreg_calendar.ics import to_ics as _to_ics
from cnreg_calendar.jurisdiction import NATIONAL
from cnreg_calendar.model import Catalog, Nature
from cnreg_calendar.periods import SHANGHAI
from cnreg_calendar.profile import Profile
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "check_alarm_lead",
    "deadline_event",
    "feed_events",
    "feed_info",
    "to_icalendar",
    "to_ics",
    "watch_event",
    "workday_events",
    "write_feed",
]

#: SEQUENCE counts days of data revisions since this date, so it grows with every new revision.
_SEQUENCE_EPOCH = dt.date(2020, 1, 1)
#: English weekday names, by date.weekday(): strftime("%A") follows the process locale.
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Reminders fire at 09:00 Beijing time on the day they are due.
_ALARM_HOUR = 9

_MILESTONE_ZH = {
    "issued": "发布/通过",
    "published": "公布",
    "effective": "施行",
    "comment-start": "征求意见开始",
    "comment-end": "征求意见截止",
    "amended": "修订",
    "repealed": "废止",
    "target": "目标日期",
    "other": "事项",
}

#: How the summary marks a duty that is no obligation (Chinese, English).
_NOT_OBLIGATION = {
    Nature.OPPORTUNITY: ("可选", "an option, not an obligation"),
    Nature.REGULATOR_TARGET: ("监管目标", "the regulator's target, not an obligation"),
    Nature.RISK_DATE: ("关注", "a date to watch, not an obligation"),
}

FeedItem = Deadline | WatchItem | FeedEvent


def check_alarm_lead(alarm_working_days: int | None) -> None:
    """Refuse a reminder lead outside 0..250 working days (0: the day itself).

    >>> check_alarm_lead(-3)
    Traceback (most recent call last):
    cnreg_calendar.errors.ExportError: alarm_working_days=-3: give 0 to 250 working days before the date (0 reminds on the day itself)
    """
    if alarm_working_days is not None and not 0 <= alarm_working_days <= 250:
        raise ExportError(
            f"alarm_working_days={alarm_working_days}: give 0 to 250 working days before the "
            "date (0 reminds on the day itself)"
        )


def revision_of(
    catalog: Catalog, calendar: ChinaCalendar | None = None, profiles: Iterable[Profile] = ()
) -> dt.datetime:
    """The feed's revision time: the newest of the catalog's revision, the holiday notices and
    the profiles' own ``revision`` (the day their events last changed).

    A moved date or a changed status then comes with a newer DTSTAMP and a higher SEQUENCE.

    >>> from cnreg_calendar.catalog import load_catalog
    >>> from cnreg_calendar.profile import Profile
    >>> revision_of(load_catalog()).tzinfo is dt.UTC
    True
    >>> revision_of(load_catalog(), profiles=[Profile("X", (), revision=dt.date(2099, 1, 2))])
    datetime.datetime(2099, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)
    """
    newest = catalog.revision
    if calendar is not None:
        notice = calendar.notice(calendar.last_published)
        if notice is not None and notice.published is not None:
            newest = max(newest, notice.published)
    for profile in profiles:
        if profile.revision is not None:
            newest = max(newest, profile.revision)
    return _midnight_utc(newest)


def _midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def feed_info(name: str, description: str, revision: dt.datetime) -> FeedInfo:
    """Calendar-level properties: name, description, refresh hints, revision.

    >>> feed_info("Deadlines", "Example", dt.datetime(2026, 11, 22, tzinfo=dt.UTC)).name
    'Deadlines'
    """
    return FeedInfo(name=name, description=description, revision=revision)


def _sequence(revision: dt.datetime) -> int:
    return max(0, (revision.date() - _SEQUENCE_EPOCH).days)


def deadline_event(
    deadline: Deadline,
    revision: dt.datetime,
    *,
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
    organisation: str | None = None,
) -> FeedEvent:
    """A deadline as a feed event: bilingual summary, the explanation, the article and sources.

    ``organisation`` (the organisation's name) is given in a feed that combines several
    organisations: it prefixes the summary and heads the description, so that two organisations'
    identical duties are told apart.

    ``alarm_working_days`` adds one reminder that many working days before the date, at 09:00
    Beijing time (an absolute trigger: calendars cannot count Chinese working days themselves);
    0 reminds on the day itself. The working days are counted on ``calendar``, by default the
    calendar that estimates unpublished years. A timed deadline (hours) is reminded 30 minutes
    before. A lead outside 0..250 raises :class:`~cnreg_calendar.ExportError`.
    """
    check_alarm_lead(alarm_working_days)
    duty, instrument = deadline.duty, deadline.instrument
    summary_zh, summary_en = duty.title_zh, duty.title_en
    marks = deadline.marks
    if Mark.DRAFT in marks:
        summary_zh, summary_en = f"【草案】{summary_zh}", f"{summary_en} (draft, not binding)"
    elif Mark.NOT_AN_OBLIGATION in marks:
        mark_zh, mark_en = _NOT_OBLIGATION[duty.nature]
        summary_zh, summary_en = f"【{mark_zh}】{summary_zh}", f"{summary_en} ({mark_en})"
    if Mark.ASSUMED in marks:
        summary_zh, summary_en = f"【推定】{summary_zh}", f"{summary_en} (assumed date)"
    categories = [*instrument.authorities, duty.nature.value, duty.confidence.value]
    if deadline.jurisdiction != NATIONAL:
        categories.append(deadline.jurisdiction)
    alarm = None
    if alarm_working_days is not None and deadline.time is None:
        # The default calendar estimates unpublished years, as the schedule's default does; a
        # reminder of a provisional deadline is as provisional as the deadline itself.
        counting = calendar if calendar is not None else china_calendar(provisional=True)
        day = counting.add_working_days(deadline.date, -alarm_working_days)
        alarm = dt.datetime(day.year, day.month, day.day, _ALARM_HOUR, tzinfo=SHANGHAI)
    elif alarm_working_days is not None and deadline.time is not None:
        alarm = deadline.time - dt.timedelta(minutes=30)
    start: dt.date | dt.datetime = deadline.time or deadline.date
    description = deadline.explanation()
    if organisation is not None:
        summary_zh, summary_en = f"［{organisation}］{summary_zh}", f"{summary_en} [{organisation}]"
        description = f"单位 Organisation: {organisation} ({deadline.entity})\n{description}"
    return FeedEvent(
        key=deadline.key,
        start=start,
        summary_zh=summary_zh,
        summary_en=summary_en,
        description=description,
        categories=tuple(categories),
        provisional=Mark.PROVISIONAL in marks,
        sequence=_sequence(revision),
        last_modified=revision,
        url=_first_url(deadline),
        alarm=alarm.astimezone(dt.UTC) if alarm else None,
    )


def _first_url(deadline: Deadline) -> str | None:
    return deadline.source_url


def watch_event(item: WatchItem, revision: dt.datetime) -> FeedEvent:
    """An instrument milestone (comment deadline, effective date …) as a feed event."""
    instrument = item.instrument
    title_zh = instrument.title_zh or instrument.title_en
    kind_zh = _MILESTONE_ZH.get(item.kind, item.kind)
    kind_en = item.kind.replace("-", " ")
    description = "\n".join(
        line
        for line in (
            f"{instrument.title_en}" + (f" / {instrument.title_zh}" if instrument.title_zh else ""),
            f"{kind_en}: {item.date}" + (f" — {item.note}" if item.note else ""),
            f"kind: {instrument.kind.value}; status: {instrument.status.value}",
            f"authorities: {', '.join(instrument.authorities)}",
            f"sources: {', '.join(instrument.sources)}",
        )
        if line
    )
    return FeedEvent(
        key=item.key,
        start=item.date,
        summary_zh=f"{kind_zh}：{title_zh}",
        summary_en=f"{kind_en.capitalize()}: {instrument.short_name or instrument.title_en}",
        description=description,
        categories=(
            *instrument.authorities,
            instrument.kind.value,
            item.kind,
            *(() if instrument.jurisdiction == NATIONAL else (instrument.jurisdiction,)),
        ),
        sequence=_sequence(revision),
        last_modified=revision,
    )


def workday_events(calendar: ChinaCalendar, years: Iterable[int]) -> list[FeedEvent]:
    """The days off *and* the make-up working days (调休上班) of ``years``, with their notices.

    >>> from cnreg_calendar import china_calendar
    >>> events = workday_events(china_calendar(), [2026])
    >>> [e.summary_zh for e in events if e.start == dt.date(2026, 1, 4)]
    ['调休上班（元旦）']
    """
    events: list[FeedEvent] = []
    for year in sorted(set(years)):
        arrangement = calendar.year(year)
        notice = arrangement.notice
        cite = notice.cite() if notice else "no notice published yet: estimated"
        published = notice.published if notice and notice.published else dt.date(year - 1, 11, 1)
        revision = _midnight_utc(published)
        for hol in arrangement.holidays:
            for n in range(hol.days):
                day = hol.first + dt.timedelta(days=n)
                events.append(
                    FeedEvent(
                        key=f"workdays/off/{day.isoformat()}",
                        start=day,
                        summary_zh=f"放假（{hol.name_zh}）",
                        summary_en=f"Day off: {hol.name_en}",
                        description=f"{hol.name_zh} / {hol.name_en}: {hol.first} – {hol.last}, "
                        f"{hol.days} day(s) off.\n{cite}",
                        categories=("holiday", "day-off"),
                        provisional=arrangement.provisional,
                        sequence=_sequence(revision),
                        last_modified=revision,
                    )
                )
            for day in hol.make_up_days:
                weekday = _WEEKDAYS_EN[day.weekday()]  # not %A: the same bytes in any locale
                events.append(
                    FeedEvent(
                        key=f"workdays/work/{day.isoformat()}",
                        start=day,
                        summary_zh=f"调休上班（{hol.name_zh}）",
                        summary_en=f"Make-up working day ({weekday}): {hol.name_en}",
                        description=f"{day} ({weekday}) is a working day (调休上班) for "
                        f"{hol.name_zh} / {hol.name_en}.\n{cite}",
                        categories=("holiday", "make-up-working-day"),
                        provisional=arrangement.provisional,
                        sequence=_sequence(revision),
                        last_modified=revision,
                    )
                )
    return events


def feed_events(
    items: Iterable[FeedItem],
    revision: dt.datetime,
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
    organisations: Mapping[str, str] | None = None,
) -> Iterator[FeedEvent]:
    """Deadlines, watch items and feed events as feed events, lazily, in the order given.

    ``organisations`` maps entity ids to names for a feed that combines several organisations:
    each deadline's event then names its organisation (see :func:`deadline_event`).

    >>> from cnreg_calendar import china_calendar
    >>> events = feed_events(workday_events(china_calendar(), [2026]),
    ...                      dt.datetime(2025, 11, 4, tzinfo=dt.UTC))
    >>> next(events).key
    'workdays/off/2026-01-01'
    """
    for item in items:
        if isinstance(item, Deadline):
            yield deadline_event(
                item,
                revision,
                calendar=calendar,
                alarm_working_days=alarm_working_days,
                organisation=organisations.get(item.entity, item.entity) if organisations else None,
            )
        elif isinstance(item, WatchItem):
            yield watch_event(item, revision)
        else:
            yield item


def _default_revision(revision: dt.datetime | None, calendar: ChinaCalendar | None) -> dt.datetime:
    if revision is not None:
        return revision
    from cnreg_calendar.catalog import load_catalog

    return revision_of(load_catalog(), calendar)


def to_ics(
    items: Iterable[FeedItem],
    *,
    name: str,
    revision: dt.datetime | None = None,
    description: str = "",
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
    organisations: Mapping[str, str] | None = None,
) -> bytes:
    """Deadlines, watch items or feed events as the bytes of one iCalendar feed.

    ``revision`` (DTSTAMP, LAST-MODIFIED, SEQUENCE) defaults to the bundled catalog's revision
    date, never the clock, so the same data always gives the same bytes.

    >>> from cnreg_calendar import china_calendar
    >>> feed = to_ics(workday_events(china_calendar(), [2026]), name="Working days",
    ...               revision=dt.datetime(2025, 11, 4, tzinfo=dt.UTC))
    >>> feed.startswith(b"BEGIN:VCALENDAR\\r\\n"), b"SUMMARY:\\xe8\\xb0\\x83\\xe4\\xbc\\x91" in feed
    (True, True)
    """
    check_alarm_lead(alarm_working_days)
    revision = _default_revision(revision, calendar)
    info = feed_info(name, description or name, revision)
    return _to_ics(feed_events(items, revision, calendar, alarm_working_days, organisations), info)


def to_icalendar(
    items: Iterable[FeedItem],
    *,
    name: str,
    revision: dt.datetime | None = None,
    description: str = "",
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
    organisations: Mapping[str, str] | None = None,
) -> icalendar.Calendar:
    """The same feed as :func:`to_ics`, as an ``icalendar.Calendar`` to combine with others.

    For systems that assemble calendars with the `icalendar` package: the events carry the same
    UIDs, texts, alarms and time zone as the feed file. (Files are written by :func:`write_feed`,
    which streams and is about 20 times faster than icalendar's own serializer.)

    >>> from cnreg_calendar import china_calendar
    >>> cal = to_icalendar(workday_events(china_calendar(), [2026]), name="Working days",
    ...                    revision=dt.datetime(2025, 11, 4, tzinfo=dt.UTC))
    >>> type(cal).__name__, str(cal["X-WR-CALNAME"])
    ('Calendar', 'Working days')
    >>> len(cal.walk("VEVENT"))   # 国办发明电〔2025〕7号: 33 days off and 6 make-up working days
    39
    """
    import icalendar  # only this function needs the package

    feed = to_ics(
        items,
        name=name,
        revision=revision,
        description=description,
        calendar=calendar,
        alarm_working_days=alarm_working_days,
        organisations=organisations,
    )
    return icalendar.Calendar.from_ical(feed)


def write_feed(
    items: Iterable[FeedItem],
    path: str | Path,
    *,
    name: str,
    revision: dt.datetime | None = None,
    description: str = "",
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
    organisations: Mapping[str, str] | None = None,
) -> int:
    """Stream a feed to ``path`` (atomically: nothing is left half-written); return its size."""
    check_alarm_lead(alarm_working_days)
    revision = _default_revision(revision, calendar)
    info = feed_info(name, description or name, revision)
    events = feed_events(items, revision, calendar, alarm_working_days, organisations)
    return write_ics(events, info, path)


def parse_years(text: str) -> Sequence[int]:
    """``2026``, ``2025,2026`` or ``2025-2027`` as a list of years.

    >>> list(parse_years("2025-2027")), list(parse_years("2024,2026"))
    ([2025, 2026, 2027], [2024, 2026])
    """
    years: list[int] = []
    for part in text.split(","):
        low, dash, high = part.strip().partition("-")
        try:
            first = int(low)
            last = int(high) if dash else first
        except ValueError:
            raise ExportError(
                f"years {text!r}: write a year (2026), a list (2025,2026) or a range (2025-2027)"
            ) from None
        if last < first or not 2001 <= first <= 2199 or last > 2199:
            raise ExportError(
                f"years {text!r}: give years from 2001 to 2199, ranges low-high (e.g. 2025-2027)"
            )
        years.extend(range(first, last + 1))
    return years
