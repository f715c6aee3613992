"""From a profile to dated, explained deadlines: catalog × profile × calendar → deadlines.

Pure: nothing here reads files or the clock. Every rule kind of the catalog gives its
occurrences through its entry in the table of rule kinds (:mod:`cnreg_calendar.deadlines.kinds`),
and every date through :mod:`cnreg_calendar.periods`, which cites the Civil Code article it
applies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from operator import attrgetter
from typing import TYPE_CHECKING

from cnreg_calendar.deadlines.counting import LOOK_BACK_DAYS, Context, counted, tables
from cnreg_calendar.deadlines.deadline import Deadline
from cnreg_calendar.deadlines.kinds import KINDS
from cnreg_calendar.deadlines.marks import Mark
from cnreg_calendar.deadlines.plan import plan_for
from cnreg_calendar.deadlines.undated import Schedule, UndatedDuty
from cnreg_calendar.errors import (
    CnregCalendarError,
    DateRangeError,
    HolidayNoticeMissing,
)
from cnreg_calendar.model import Catalog
from cnreg_calendar.workdays import ChinaCalendar, china_calendar, coerce_date

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.plan import Planned
    from cnreg_calendar.profile import Profile

__all__ = ["schedule"]

#: Deadlines are sorted by their Beijing instant: the date, then the time of day (a deadline
#: without a time at the end of its day), then the key (unique within a profile), so the
#: catalog's order of duties does not matter.
_BY_INSTANT = attrgetter("date", "occurrence.seconds", "key")


def _day(value: object, name: str) -> dt.date:
    """A range bound: a date, a date-time (its Beijing date) or ISO text; else a TypeError."""
    if not isinstance(value, dt.date | str):
        raise TypeError(
            f"schedule(): {name} must be a date, a date-time or ISO text such as '2026-01-01', "
            f"not {type(value).__name__} ({value!r})"
        )
    return coerce_date(value, name)


def schedule(
    profile: Profile | str | os.PathLike[str],
    start: dt.date | dt.datetime | str,
    end: dt.date | dt.datetime | str,
    catalog: Catalog | None = None,
    calendar: ChinaCalendar | None = None,
) -> Schedule:
    """The deadlines of ``profile`` that fall in ``[start, end]``, in time order (Beijing).

    By default the calendar estimates years without a published holiday notice and marks every
    deadline that depends on one as provisional; a profile with ``strict = true`` (or a strict
    ``calendar``) gives no such date: the duty is listed in ``undated`` with the year whose notice
    would date it (its dates up to the calendar's last settled day are kept).

    The result is a list of :class:`Deadline` whose ``undated`` lists the duties that apply but
    cannot be dated (a recurring duty whose event is not recorded), with what to record.

    ``profile`` may be a :class:`Profile` or the path of a profile file; ``start`` and ``end`` a
    date, a date-time (its Beijing date, as everywhere in the library) or ISO text. Anything else
    is a ``TypeError`` naming the argument.

    >>> from cnreg_calendar.profile import Profile
    >>> p = Profile("Demo", roles=("ciio",), events={"cii-system-go-live": [dt.date(2023, 8, 1)]})
    >>> [d.date for d in schedule(p, "2024-01-01", dt.date(2025, 12, 31))
    ...  if d.duty.id == "ciio-crypto-assessment-annual"]
    [datetime.date(2024, 8, 1), datetime.date(2025, 8, 1)]
    >>> schedule(p, 2024, "2025-12-31")
    Traceback (most recent call last):
    TypeError: schedule(): start must be a date, a date-time or ISO text such as '2026-01-01', not int (2024)
    """
    from cnreg_calendar.catalog import load_catalog
    from cnreg_calendar.profile import Profile, load_profile

    catalog = catalog or load_catalog()
    if isinstance(profile, str | os.PathLike):
        profile = load_profile(os.fspath(profile), catalog)
    elif not isinstance(profile, Profile):
        raise TypeError(
            "schedule(): profile must be a Profile or the path of a profile file (TOML), "
            f"not {type(profile).__name__}"
        )
    start, end = _day(start, "start"), _day(end, "end")
    calendar = calendar or china_calendar(provisional=not profile.strict)
    plan = plan_for(catalog, KINDS)
    table = tables(plan, calendar, profile.conservative_fixed_dates, start, end)
    horizon = dt.date.fromordinal(max(1, start.toordinal() - LOOK_BACK_DAYS))
    ctx = Context(profile, plan, calendar, start, end, horizon, table)
    drafts = profile.include_drafts
    entity = profile.id
    head = entity + "/"
    deadlines: list[Deadline] = []
    undated: list[UndatedDuty] = []
    duties = plan.duties
    settled: Context | None = None  # the range cut at the calendar's last settled day
    for position in plan.positions(profile.roles, profile.regions):  # the catalog's order
        planned = duties[position]
        if planned.draft and not drafts:
            continue
        try:
            duty = counted(planned, ctx, start)
            found = planned.kind.keyed(duty, ctx, start)
        except HolidayNoticeMissing as refusal:
            # A strict calendar refuses a date that depends on an unpublished year: the dates it
            # can give (up to its last settled day) are kept, and the duty is reported as
            # undated past them, with the notice that would date it. Never silently dropped.
            if settled is None:
                settled = _settled(ctx, calendar)
            found = []
            if settled is not None:
                with contextlib.suppress(HolidayNoticeMissing):
                    duty = counted(planned, settled, start)
                    found = planned.kind.keyed(duty, settled, start)
            marks = planned.marks[False, False] | {Mark.UNDATED}
            undated.append(
                UndatedDuty(
                    planned.duty,
                    planned.instrument,
                    entity,
                    _refused(refusal, calendar, bool(found)),
                    (),
                    marks,
                )
            )
        except (OverflowError, ValueError) as exc:  # a date beyond 9999-12-31 or before 0001
            if isinstance(exc, CnregCalendarError) and not isinstance(exc, DateRangeError):
                raise
            raise _beyond(profile, planned, start, end) from None
        if found:
            deadlines += [Deadline(o.date, head + key, entity, o, duty) for key, o in found]
            continue
        missing = planned.kind.missing(planned, ctx)
        if missing is not None:
            marks = planned.marks[False, False] | {Mark.UNDATED}
            why, record = missing
            undated.append(
                UndatedDuty(planned.duty, planned.instrument, entity, why, record, marks)
            )
    deadlines.sort(key=_BY_INSTANT)
    return Schedule(deadlines, undated)


def _settled(ctx: Context, calendar: ChinaCalendar) -> Context | None:
    """The schedule's question cut at the last day the calendar settles, or None if none is left."""
    end = min(ctx.end, calendar.settled_until)
    if end < ctx.start:
        return None
    table = tables(ctx.plan, calendar, ctx.profile.conservative_fixed_dates, ctx.start, end)
    return Context(ctx.profile, ctx.plan, calendar, ctx.start, end, ctx.horizon, table)


def _refused(refusal: HolidayNoticeMissing, calendar: ChinaCalendar, some: bool) -> str:
    """Why a strict schedule could not date a duty (past its dated occurrences, if ``some``)."""
    after = f" after {calendar.settled_until}" if some else ""
    return (
        f"its dates{after} depend on {refusal.year}, whose State Council holiday notice is not "
        f"published (the last published year is {refusal.last_published}), and the schedule is "
        f"strict: install the notice (cnreg-calendar notice import FILE --install) or an "
        "overlay, or drop strict to get dates estimated and flagged as provisional"
    )


def _beyond(profile: Profile, planned: Planned, start: dt.date, end: dt.date) -> DateRangeError:
    """The error for a duty whose dates run past the dates Python can represent."""
    rule = planned.duty.rule
    named = {getattr(rule, "event", None), getattr(rule, "completion_event", None)}
    dates = [
        f"{event} = {', '.join(d.isoformat() for d in days)}"
        for event, days in profile.events.items()
        if event in named
    ]
    given = f" from {'; '.join(dates)}" if dates else ""
    return DateRangeError(
        f"{profile.name}: the duty {planned.duty.id}{given}, in the range "
        f"{start} to {end}, reaches a date outside 0001-01-01 to 9999-12-31; check these dates"
    )
