"""Rule kinds of dates the catalog gives: a fixed date, a day every year."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cnreg_calendar.deadlines.counting import LONGEST_REST
from cnreg_calendar.deadlines.kind import Keyed, Kind
from cnreg_calendar.deadlines.occurrence import Occurrence
from cnreg_calendar.model import Duty, FixedDate, Instrument, MilestoneKind, Nature, Yearly
from cnreg_calendar.periods import Due, beijing_date, fixed_date
from cnreg_calendar.workdays import ChinaCalendar

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.counting import Context, Counted

__all__ = ["FixedDateKind", "YearlyKind"]


def _as_given(duty: Duty) -> str:
    return "" if duty.nature is Nature.OBLIGATION else " (as given)"


def _explained(duty: Duty, day: dt.date, calendar: ChinaCalendar, conservative: bool) -> Due:
    """A fixed date: as given for what is no obligation, else moved off a rest day."""
    if duty.nature is not Nature.OBLIGATION:
        # A regulator's target or a date to watch is not a legal period: shown as it is.
        return Due(day, None, False, day, (), calendar.depends_on_estimate(day))
    # Civil Code Art. 203 by analogy (legal-periods.md §4): a fixed date on a rest day moves to the
    # next working day, or earlier in the profile's conservative mode.
    return fixed_date(day, calendar, conservative=conservative)


def _occurrence(duty: Duty, day: dt.date, tail: str, ctx: Context) -> Occurrence | None:
    """The occurrence of a fixed date, or None when it surely falls after the range (so a strict
    calendar is never asked about it)."""
    past = (day - ctx.end).days
    conservative = ctx.profile.conservative_fixed_dates
    # Rolling moves a date later; only the conservative mode moves it earlier, and never by more
    # than a run of rest days lasts.
    if past > 0 and (not conservative or past > LONGEST_REST):
        return None
    result = _explained(duty, day, ctx.calendar, conservative)
    date = beijing_date(result.date)
    return Occurrence(date, date, result.provisional, tail, day)


def _effective_year(instrument: Instrument) -> int | None:
    for milestone in instrument.milestones:
        if milestone.kind is MilestoneKind.EFFECTIVE:
            return milestone.date.year
    return None


def yearly_day(year: int, month: int, day: int) -> dt.date:
    """The day of a yearly rule in ``year``; 29 February in a common year is the 28th (the
    month's last day, Civil Code Art. 202 by analogy).

    >>> yearly_day(2025, 2, 29)
    datetime.date(2025, 2, 28)
    """
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


class FixedDateKind(Kind[FixedDate]):
    """A one-off date (「2020年8月底前」)."""

    def keyed(self, counted: Counted, ctx: Context, lower: dt.date) -> list[Keyed]:
        """The date, once, if it falls from ``lower`` to the range's end."""
        duty = counted.planned.duty
        parts = counted.known.get(None)
        if parts is None:
            found = _occurrence(duty, self.rule(duty).date, "", ctx)
            parts = counted.known[None] = (
                (found,) if found is not None and lower <= found.date <= ctx.end else ()
            )
        return [(duty.id + p.tail, p) for p in parts]

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """``fixed date: by 2020-08-31`` or ``by the end of 2020-08``."""
        rule = self.rule(duty)
        text = f"by the end of {rule.date:%Y-%m}" if rule.from_month else f"by {rule.date}"
        return f"fixed date: {text}{_as_given(duty)}"

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The fixed date, moved off a rest day (Art. 203 by analogy) if an obligation."""
        day = beijing_date(occurrence.anchor)
        return _explained(counted.planned.duty, day, counted.calendar, counted.conservative)


class YearlyKind(Kind[Yearly]):
    """A day every year (「每年1月31日前」), from its first year (or the instrument's effective
    year) to its last."""

    def keyed(self, counted: Counted, ctx: Context, lower: dt.date) -> list[Keyed]:
        """One date a year, each moved off a rest day, from ``lower`` to the range's end."""
        duty = counted.planned.duty
        parts = counted.known.get(None)
        if parts is None:
            parts = counted.known[None] = self._parts(counted, ctx, lower)
        return [(duty.id + p.tail, p) for p in parts]

    def _parts(self, counted: Counted, ctx: Context, lower: dt.date) -> tuple[Occurrence, ...]:
        duty = counted.planned.duty
        rule = self.rule(duty)
        first = rule.first_year or _effective_year(counted.planned.instrument) or ctx.end.year
        last = min(rule.last_year or ctx.end.year + 1, ctx.end.year + 1)
        parts: list[Occurrence] = []
        for year in range(max(first, lower.year - 1), last + 1):
            found = _occurrence(duty, yearly_day(year, rule.month, rule.day), f"/{year}", ctx)
            if found is None:
                break
            if lower <= found.date <= ctx.end:
                parts.append(found)
        return tuple(parts)

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """``every year by 01-31``."""
        rule = self.rule(duty)
        return f"every year by {rule.month:02d}-{rule.day:02d}{_as_given(duty)}"

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The year's date, moved off a rest day (Art. 203 by analogy) if an obligation."""
        day = beijing_date(occurrence.anchor)
        return _explained(counted.planned.duty, day, counted.calendar, counted.conservative)
