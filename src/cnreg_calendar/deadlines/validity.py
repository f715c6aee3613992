"""The rule kind of something valid for a period from an event, renewed before it ends."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs

from cnreg_calendar.deadlines.counting import due_until
from cnreg_calendar.deadlines.kind import EventKind
from cnreg_calendar.deadlines.occurrence import Occurrence
from cnreg_calendar.model import Duty, Validity
from cnreg_calendar.periods import Due, Step, Unit, add_months, beijing_date, due

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.counting import Context, Counted
    from cnreg_calendar.deadlines.plan import Planned

__all__ = ["ValidityKind"]


class ValidityKind(EventKind[Validity]):
    """What is obtained at an event is valid for a period; renew it a period before its end."""

    def parts(
        self,
        planned: Planned,
        rule: Validity,
        anchor: dt.date | dt.datetime,
        lower: dt.date,
        ctx: Context,
    ) -> tuple[Occurrence, ...]:
        """The last day of validity, or the renewal's deadline, if in the range."""
        start = beijing_date(anchor)
        # Civil Code Arts. 201-202: the validity ends on the corresponding day, the start day not
        # counted. Art. 203 does not extend it: the last day of validity is shown as it is, so a
        # renewal is never planned late.
        # A validity in months, years or calendar days is counted on the calendar alone: its last
        # day never depends on a holiday notice. Only one in working days can rest on an
        # estimated year.
        valid_for = rule.valid_for
        estimated = False
        if valid_for.unit in (Unit.MONTHS, Unit.YEARS):
            months = valid_for.amount * (12 if valid_for.unit is Unit.YEARS else 1)
            expiry = add_months(start, months)
        elif valid_for.unit is Unit.DAYS:
            expiry = start + dt.timedelta(days=valid_for.amount)
        else:
            answer = due_until(anchor, valid_for.amount, valid_for.unit, ctx)
            if answer is None:
                return ()
            expiry, estimated = beijing_date(answer[0]), answer[1]
        if rule.renew_before is None:
            if lower <= expiry <= ctx.end:
                return (
                    Occurrence(expiry, expiry, estimated, "", anchor, 1, False, estimated, expiry),
                )
            return ()
        renew = rule.renew_before
        renewal = due_until(expiry, renew.amount, renew.unit, ctx, True)
        if renewal is None:
            return ()
        when, provisional = renewal
        day = beijing_date(when)
        if not lower <= day <= ctx.end:
            return ()
        return (
            Occurrence(
                day, when, provisional or estimated, "", anchor, 1, False, estimated, expiry
            ),
        )

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """``valid for 2 years from …`` or ``at least 60 working days before the validity …``."""
        rule = self.rule(duty)
        start = beijing_date(occurrence.anchor)
        if rule.renew_before is None:
            return f"valid for {rule.valid_for} from {rule.event} ({start})"
        return (
            f"at least {rule.renew_before} before the validity of {rule.valid_for} from "
            f"{rule.event} ({start}) ends on {occurrence.expiry}"
        )

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The last day of validity (Arts. 201-202, not extended), then the renewal counted back."""
        rule = self.rule(counted.planned.duty)
        anchor, expiry = occurrence.anchor, occurrence.expiry
        assert expiry is not None  # every validity occurrence has its last day
        step = Step(
            expiry,
            "Civil Code Art. 201, 202",
            f"valid for {rule.valid_for} from {rule.event}: the last day of validity (not extended)",
        )
        if rule.renew_before is None:
            return Due(anchor, rule.valid_for, False, expiry, (step,), occurrence.estimated)
        renewal = due(expiry, rule.renew_before, counted.calendar, before=True)
        return attrs.evolve(
            renewal,
            anchor=anchor,
            steps=(step, *renewal.steps),
            provisional=renewal.provisional or occurrence.estimated,
        )
