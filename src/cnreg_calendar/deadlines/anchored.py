"""Rule kinds counted from an event: every period from it, one period after or before it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from cnreg_calendar.deadlines.counting import (
    LONGEST_REST,
    MAX_RECURRENCES,
    due_until,
    reach,
    rolled,
)
from cnreg_calendar.deadlines.kind import EventKind, Missing
from cnreg_calendar.deadlines.occurrence import Occurrence
from cnreg_calendar.model import AfterEvent, BeforeEvent, Duty, Recurring, Rule
from cnreg_calendar.periods import Due, Period, Unit, add_months, beijing_date, due

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.counting import Context, Counted
    from cnreg_calendar.deadlines.plan import Planned

__all__ = ["EventPeriodKind", "RecurringKind"]

P = TypeVar("P", bound=AfterEvent | BeforeEvent)


def _first_k(anchor: dt.date, period: Period, horizon: dt.date) -> int:
    """A recurrence number whose occurrence surely falls before ``horizon`` (at least 1), for a
    period in hours, days or working days (months and years are counted by month)."""
    if anchor >= horizon:
        return 1
    if period.unit is Unit.HOURS:
        return max(1, (horizon - anchor).days * 24 // period.amount - 24)
    # A working day or a calendar day each spans at least one day; 250 working days never span
    # more than two years, so halving keeps the guess before the horizon.
    days = period.amount * (2 if period.unit is Unit.WORKING_DAYS else 1)
    return max(1, (horizon - anchor).days // days)


class RecurringKind(EventKind[Recurring]):
    """Every period from each date of an event: at 1×, 2×, … the period."""

    def label(self, rule: Rule) -> str:
        """``every 1 year from cii-system-go-live``."""
        assert isinstance(rule, Recurring)
        return f"every {rule.period} from {rule.event}"

    def missing(self, planned: Planned, ctx: Context) -> Missing | None:
        """A recurring duty applies whether or not its event is recorded: without a date of the
        event it cannot be dated (a one-off period after an event applies only once it happens)."""
        rule = self.rule(planned.duty)
        if ctx.profile.dates(rule.event):
            return None
        start = "the latest" if rule.restart else "each"
        return (
            f"a recurring duty (every {rule.period}, counted from {start} {rule.event}) and no "
            f"{rule.event} is recorded",
            (rule.event,),
        )

    def restarts(self, rule: Recurring) -> bool:
        """With ``restart``, a later date of the event starts the cycle again."""
        return rule.restart

    def parts(
        self,
        planned: Planned,
        rule: Recurring,
        anchor: dt.date | dt.datetime,
        lower: dt.date,
        ctx: Context,
    ) -> tuple[Occurrence, ...]:
        """The recurrences from ``anchor`` that fall from ``lower`` to the range's end."""
        amount, unit = rule.period.amount, rule.period.unit
        start = beijing_date(anchor)
        limit = ctx.end
        parts: list[Occurrence] = []
        if unit is Unit.MONTHS or unit is Unit.YEARS:
            # Civil Code Art. 202 (the corresponding day, or the month's last day), then Art. 203
            # (a rest day rolls to the next working day, which only moves the date later, by less
            # than LONGEST_REST days). So only the occurrences whose month lies from the month
            # LONGEST_REST days before ``lower`` to the month of ``limit`` are looked at.
            # The date of occurrence k depends only on its month and the anchor's day of the
            # month: anchors a year apart share it, so it is remembered by (month, day).
            months = amount * (12 if unit is Unit.YEARS else 1)
            roll, settled = ctx.calendar.roll_forward, ctx.calendar.settled_until
            table = rolled(ctx.calendar)
            month = start.year * 12 + start.month
            floor = lower - dt.timedelta(days=LONGEST_REST)
            first = max(1, -((month - floor.year * 12 - floor.month) // months))  # a ceiling
            last = min((limit.year * 12 + limit.month - month) // months, first + MAX_RECURRENCES)
            for k in range(first, last + 1):
                key = (month + months * k) * 32 + start.day
                day = table.get(key)
                if day is None:
                    naive = add_months(start, months * k)
                    if naive > limit:
                        break
                    day = table[key] = roll(naive)
                if day > limit:
                    break
                if day >= lower:
                    parts.append(Occurrence(day, day, day > settled, f"/{k}", anchor, k))
            return tuple(parts)
        first = _first_k(start, rule.period, lower)
        for k in range(first, first + MAX_RECURRENCES):
            answer = due_until(anchor, amount * k, unit, ctx)
            if answer is None:
                break
            when, provisional = answer
            day = beijing_date(when)
            if day > limit:
                break
            if day >= lower:
                parts.append(Occurrence(day, when, provisional, f"/{k}", anchor, k))
        return tuple(parts)

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """``every 1 year from cii-system-go-live (2023-08-01): occurrence 2``."""
        rule = self.rule(duty)
        start = beijing_date(occurrence.anchor).isoformat()
        return f"every {rule.period} from {rule.event} ({start}): occurrence {occurrence.number}"

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The period counted ``number`` times from the anchor (Civil Code Arts. 201-203)."""
        period = self.rule(counted.planned.duty).period
        multiple = Period(period.amount * occurrence.number, period.unit)
        return due(occurrence.anchor, multiple, counted.calendar)


class EventPeriodKind(EventKind[P]):
    """One period after (or before) each date of an event."""

    def __init__(self, rule_class: type[P], *, before: bool) -> None:
        super().__init__(rule_class)
        self.before = before

    def label(self, rule: Rule) -> str:
        """``10 working days after standard-contract-effective``."""
        assert isinstance(rule, self.rule_class)
        return f"{rule.period} {'before' if self.before else 'after'} {rule.event}"

    def reach(self, rule: Rule) -> int | None:
        """More days than the period spans: events older than that give no date in a range."""
        if self.before:
            return None
        assert isinstance(rule, self.rule_class)
        return reach(rule.period)

    def parts(
        self, planned: Planned, rule: P, anchor: dt.date | dt.datetime, lower: dt.date, ctx: Context
    ) -> tuple[Occurrence, ...]:
        """The one date counted from ``anchor``, if it falls from ``lower`` to the range's end."""
        answer = due_until(anchor, rule.period.amount, rule.period.unit, ctx, self.before)
        if answer is None:
            return ()
        when, provisional = answer
        day = beijing_date(when)
        if not lower <= day <= ctx.end:
            return ()
        return (Occurrence(day, when, provisional, "", anchor),)

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """``10 working days after standard-contract-effective (2024-05-10)``."""
        rule = self.rule(duty)
        label = f"{rule.period} {'before' if self.before else 'after'} {rule.event}"
        return f"{label} ({beijing_date(occurrence.anchor).isoformat()})"

    def notes(self, duty: Duty, occurrence: Occurrence) -> tuple[str, ...]:
        """An hour period from an event recorded as a date only says so."""
        rule = self.rule(duty)
        if rule.period.unit is Unit.HOURS and not isinstance(occurrence.anchor, dt.datetime):
            return (f"{rule.event} is recorded as a date only: counted from 00:00 Beijing time",)
        return ()

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The period from the anchor (Civil Code Arts. 201-203; back from it, only earlier)."""
        period = self.rule(counted.planned.duty).period
        return due(occurrence.anchor, period, counted.calendar, before=self.before)
