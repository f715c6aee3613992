"""The shared counting of a schedule: duties as counted on a calendar, and the schedule's caches.

Organisations that share an anchor date share its occurrences: each duty, counted on one
calendar for one range, remembers the occurrences of every anchor it has seen
(:class:`Counted`). Those memos belong to this layer and are kept per calendar in a
:class:`weakref.WeakKeyDictionary`, so they live exactly as long as the calendar whose working
days they were counted on.
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING

import attrs

from cnreg_calendar.errors import HolidayNoticeMissing
from cnreg_calendar.periods import Period, Unit, add_months, beijing_date, due_day
from cnreg_calendar.workdays import ChinaCalendar

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.occurrence import Occurrence
    from cnreg_calendar.deadlines.plan import Plan, Planned
    from cnreg_calendar.profile import Profile

__all__ = ["Context", "Counted", "counted", "due_until", "rolled", "tables"]

#: How many occurrences of a recurring duty are looked at, at most (a guard against loops).
MAX_RECURRENCES = 1000
#: Occurrences more than this before the range are skipped: what follows from one (a follow-up
#: report, a renewal) never comes later than this (the longest follow-up period is 30 working days).
LOOK_BACK_DAYS = 400
#: More days than any run of rest days lasts (the longest, Spring Festival or National Day with
#: the weekends around it, is 9): how far Art. 203 can move a last day later, or the
#: conservative mode a fixed date earlier.
LONGEST_REST = 31
#: At most this many anchors are remembered per duty and range, and this many rolled dates.
_MEMO_LIMIT = 100_000
#: At most this many (plan, mode, range) tables are remembered per calendar.
_TABLES_LIMIT = 256


def duty_compared(counted: Counted) -> tuple[object, ...]:
    """What two deadlines' duties are compared by (not the calendar nor its memos)."""
    planned = counted.planned
    return (planned.duty, planned.instrument, planned.source_url)


@attrs.define(eq=False)
class Counted:
    """One duty as counted on one calendar, for one range and mode of fixed dates.

    ``known`` holds the occurrences of each anchor already computed (dates and occurrences are
    immutable). A deadline keeps its ``Counted`` for its duty, calendar and mode, which is what
    its explanation needs besides the rule and the occurrence.
    """

    planned: Planned
    calendar: ChinaCalendar
    #: Fixed dates on a rest day move earlier (the profile's conservative mode).
    conservative: bool
    known: dict[object, tuple[Occurrence, ...]]
    #: Events before this day give no date in the range (a period after an event reaches only
    #: so far).
    earliest: dt.date


#: For each duty of a plan, by position, its ``Counted`` once one is needed.
Tables = list[Counted | None]

_TableKey = tuple["Plan", bool, dt.date, dt.date]
#: Per calendar: the counted duties of each (plan, conservative, first day, last day).
_TABLES: weakref.WeakKeyDictionary[ChinaCalendar, dict[_TableKey, Tables]] = (
    weakref.WeakKeyDictionary()
)
#: Per calendar: dates of monthly and yearly recurrences by month and day of the month (see
#: :func:`rolled`), since rolling depends on the calendar's rest days.
_ROLLED: weakref.WeakKeyDictionary[ChinaCalendar, dict[int, dt.date]] = weakref.WeakKeyDictionary()


@attrs.frozen
class Context:
    """One schedule's question: a profile, a plan, a calendar, a range."""

    profile: Profile
    plan: Plan
    calendar: ChinaCalendar
    start: dt.date
    end: dt.date
    #: Occurrences before this day are not computed: nothing that follows from them (a
    #: follow-up, a renewal) can fall in the range.
    horizon: dt.date
    #: The duties counted from ``start`` (see :func:`counted`).
    tables: Tables


def tables(
    plan: Plan, calendar: ChinaCalendar, conservative: bool, lower: dt.date, end: dt.date
) -> Tables:
    """The duties of ``plan`` counted on ``calendar`` from ``lower`` to ``end``, kept per calendar."""
    per_calendar = _TABLES.get(calendar)
    if per_calendar is None:
        per_calendar = _TABLES[calendar] = {}
    key = (plan, conservative, lower, end)
    found = per_calendar.get(key)
    if found is None:
        if len(per_calendar) >= _TABLES_LIMIT:
            per_calendar.clear()
        found = per_calendar[key] = [None] * len(plan.duties)
    return found


def counted(planned: Planned, ctx: Context, lower: dt.date) -> Counted:
    """``planned`` as counted on the context's calendar from ``lower`` to the end of the range."""
    conservative = ctx.profile.conservative_fixed_dates
    if lower == ctx.start:
        table = ctx.tables
    else:
        table = tables(ctx.plan, ctx.calendar, conservative, lower, ctx.end)
    found = table[planned.position]
    if found is None:
        earliest = dt.date.min
        if planned.reach is not None and lower.toordinal() > planned.reach:
            earliest = lower - dt.timedelta(days=planned.reach)
        found = table[planned.position] = Counted(planned, ctx.calendar, conservative, {}, earliest)
    elif len(found.known) >= _MEMO_LIMIT:
        found.known.clear()
    return found


def rolled(calendar: ChinaCalendar) -> dict[int, dt.date]:
    """The calendar's table of rolled monthly and yearly recurrence dates (see
    :mod:`cnreg_calendar.deadlines.anchored`)."""
    table = _ROLLED.get(calendar)
    if table is None or len(table) >= _MEMO_LIMIT:
        table = _ROLLED[calendar] = {}
    return table


_SPAN = {"hours": 0, "days": 1, "working days": 2, "months": 31, "years": 366}


def reach(period: Period) -> int:
    """More days than ``period`` can ever span, rolls over rest days included.

    >>> reach(Period(10, Unit.WORKING_DAYS))
    51
    """
    return period.amount * _SPAN[period.unit._value_] + 31


def due_until(
    anchor: dt.date | dt.datetime, amount: int, unit: Unit, ctx: Context, before: bool = False
) -> tuple[dt.date | dt.datetime, bool] | None:
    """``due_day``, or None for a date that surely falls after the range and that a strict
    calendar refuses (its year's holiday notice is unpublished): it is not needed."""
    try:
        return due_day(anchor, amount, unit, ctx.calendar, before)
    except HolidayNoticeMissing:
        start = beijing_date(anchor)
        if unit in (Unit.MONTHS, Unit.YEARS):
            months = amount * (12 if unit is Unit.YEARS else 1)
            earliest = add_months(start, -months if before else months)
        else:
            span = amount if unit is not Unit.HOURS else amount // 24
            earliest = start + dt.timedelta(days=-reach(Period(amount, unit)) if before else span)
        if earliest > ctx.end:
            return None
        raise
