"""The rule kind of a follow-up: a period after each occurrence of another duty.

A follow-up has one occurrence for each occurrence of what triggers it, recorded or projected
(docs/follow-ups.md has the table of cases):

- every recorded completion (the profile's ``completion_event``) is an occurrence of the trigger
  that happened: its follow-up is counted from the completion;
- a recorded completion *replaces* the projected occurrence it completes: the one due nearest to it
  among those counted from an earlier anchor (an assessment done early completes the coming one,
  one done late the past one; a tie goes to the earlier). A projected occurrence counted from the
  completion itself (a duty that counts from the latest completion) is the next one, never the one
  it completes, so an early completion never leaves the next year without its follow-up;
- every other projected occurrence has not happened yet (or was not recorded): its follow-up is
  counted from its due date and marked as assumed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from cnreg_calendar.deadlines.counting import LOOK_BACK_DAYS, counted, due_until
from cnreg_calendar.deadlines.kind import Keyed, Kind, Missing
from cnreg_calendar.deadlines.occurrence import Occurrence
from cnreg_calendar.model import Duty, FollowUp
from cnreg_calendar.periods import Due, beijing_date, due

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.counting import Context, Counted
    from cnreg_calendar.deadlines.plan import Planned

__all__ = ["FollowUpKind", "nearest"]


def nearest(days: list[dt.date], day: dt.date) -> int:
    """The index of the date in sorted ``days`` nearest to ``day``: on a tie the earlier date,
    and of equal dates the first.

    >>> d = dt.date
    >>> nearest([d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 11)], d(2025, 1, 6))
    0
    >>> nearest([d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 11)], d(2025, 1, 7))
    1
    """
    after = bisect_left(days, day)
    if after == len(days):
        return bisect_left(days, days[-1])
    if after == 0 or (days[after] - day) < (day - days[after - 1]):
        return after
    return bisect_left(days, days[after - 1])


def _by_date_and_key(keyed: Keyed) -> tuple[dt.date, str]:
    return keyed[1].date, keyed[0]


class FollowUpKind(Kind[FollowUp]):
    """A period after each occurrence of another duty, or after its recorded completion."""

    def keyed(self, counted: Counted, ctx: Context, lower: dt.date) -> list[Keyed]:
        """The follow-ups that fall from ``lower`` to the range's end."""
        end = ctx.end
        return [(k, p) for k, p in self._follow_ups(counted, ctx) if lower <= p.date <= end]

    def _follow_ups(self, followed: Counted, ctx: Context) -> Iterator[Keyed]:
        """``period`` after each recorded completion, then after each projected occurrence that
        no completion replaced.

        The occurrences of each completion and each due date are remembered in ``followed``.
        """
        duty_id, known = followed.planned.duty.id, followed.known
        rule = self.rule(followed.planned.duty)
        recorded = ctx.profile.dates(rule.completion_event) if rule.completion_event else ()
        for i, done in enumerate(recorded):
            parts = known.get(("done", done))
            if parts is None:
                parts = known[("done", done)] = self._completed(rule, done, ctx)
            if parts:
                yield f"{duty_id}/{rule.completion_event}[{i}]", parts[0]
        completed = sorted({beijing_date(d) for d in recorded})
        lower = ctx.horizon
        if completed:
            # The occurrences around the completions, to find the one each completes.
            # From a 1 January, so that organisations share the computation (see counted()).
            earliest = completed[0] - dt.timedelta(days=LOOK_BACK_DAYS)
            lower = min(lower, dt.date(earliest.year, 1, 1))
        trigger = counted(ctx.plan.by_id[rule.duty], ctx, lower)
        occurrences = sorted(trigger.planned.kind.keyed(trigger, ctx, lower), key=_by_date_and_key)
        replaced: set[str] = set()
        if completed and occurrences:
            anchors = [beijing_date(o.anchor) for _, o in occurrences]
            for day in completed:
                # Only an occurrence counted from an anchor before the completion can be
                # completed by it: one counted from the completion (or later) comes after it.
                candidates = [i for i, anchor in enumerate(anchors) if anchor < day]
                if candidates:
                    days = [occurrences[i][1].date for i in candidates]
                    replaced.add(occurrences[candidates[nearest(days, day)]][0])
        for trigger_key, occurrence in occurrences:
            due_on = occurrence.date
            if due_on < ctx.horizon or trigger_key in replaced:
                continue
            key = ("due", due_on, occurrence.provisional)
            parts = known.get(key)
            if parts is None:
                parts = known[key] = self._assumed(rule, due_on, occurrence.provisional, ctx)
            if parts:
                yield f"{duty_id}/{trigger_key.split('/', 1)[1]}", parts[0]

    def missing(self, planned: Planned, ctx: Context) -> Missing | None:
        """Undated when no completion is recorded and the triggering duty is undated itself."""
        rule = self.rule(planned.duty)
        if rule.completion_event and ctx.profile.dates(rule.completion_event):
            return None
        trigger = ctx.plan.by_id[rule.duty]
        cause = trigger.kind.missing(trigger, ctx)
        if cause is None:
            return None
        record = cause[1]
        if rule.completion_event and rule.completion_event not in record:
            record = (*record, rule.completion_event)
        return f"it follows each {rule.duty}, which cannot be dated: {cause[0]}", record

    def _completed(
        self, rule: FollowUp, done: dt.date | dt.datetime, ctx: Context
    ) -> tuple[Occurrence, ...]:
        """The follow-up counted from a recorded completion (none when surely after the range)."""
        answer = due_until(done, rule.period.amount, rule.period.unit, ctx)
        if answer is None:
            return ()
        when, provisional = answer
        return (Occurrence(beijing_date(when), when, provisional, "", done),)

    def _assumed(
        self, rule: FollowUp, due_on: dt.date, estimated: bool, ctx: Context
    ) -> tuple[Occurrence, ...]:
        """The follow-up of an occurrence with no recorded completion, counted from its due date."""
        answer = due_until(due_on, rule.period.amount, rule.period.unit, ctx)
        if answer is None:
            return ()
        when, provisional = answer
        day = beijing_date(when)
        return (Occurrence(day, when, provisional or estimated, "", due_on, 1, True, estimated),)

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """``10 working days after completing …`` or ``… counted from its due date …``."""
        rule = self.rule(duty)
        if occurrence.assumed:
            return f"{rule.period} after {rule.duty}, counted from its due date {occurrence.anchor}"
        done = beijing_date(occurrence.anchor)
        return f"{rule.period} after completing {rule.duty} ({done}, {rule.completion_event})"

    def notes(self, duty: Duty, occurrence: Occurrence) -> tuple[str, ...]:
        """An assumed follow-up says which completion to record."""
        if not occurrence.assumed:
            return ()
        rule = self.rule(duty)
        record = f" (record it as {rule.completion_event})" if rule.completion_event else ""
        return (
            f"{rule.duty} due {occurrence.anchor} has no recorded completion{record}: "
            "counted from its due date",
        )

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The period after the completion, or after the trigger's due date (then as provisional
        as that date)."""
        result = due(occurrence.anchor, self.rule(counted.planned.duty).period, counted.calendar)
        if occurrence.estimated:
            return attrs.evolve(result, provisional=True)
        return result
