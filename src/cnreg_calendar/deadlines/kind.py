"""What every entry of the table of rule kinds does (see :mod:`cnreg_calendar.deadlines.kinds`).

A rule kind knows, for its rule class: the rule's words up to its anchor, how far its period
reaches, the occurrences of a duty for a profile in a range, and, from the rule and one
occurrence, the words, notes and explanation of that occurrence's date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Generic, TypeVar

from cnreg_calendar.model import AfterEvent, BeforeEvent, Duty, Recurring, Rule, Validity
from cnreg_calendar.periods import beijing_date

if TYPE_CHECKING:
    from cnreg_calendar.deadlines.counting import Context, Counted
    from cnreg_calendar.deadlines.occurrence import Occurrence
    from cnreg_calendar.deadlines.plan import Planned
    from cnreg_calendar.periods import Due

__all__ = ["EventKind", "Keyed", "Kind", "Missing"]

R = TypeVar("R", bound=Rule)
E = TypeVar("E", bound=Recurring | AfterEvent | BeforeEvent | Validity)

#: Why a duty cannot be dated, and the events that would date it.
Missing = tuple[str, tuple[str, ...]]

#: An occurrence for one organisation: its key (without the entity) and the shared occurrence.
Keyed = tuple[str, "Occurrence"]


class Kind(Generic[R]):
    """One entry of the table of rule kinds: everything a schedule does with one rule class."""

    def __init__(self, rule_class: type[R]) -> None:
        self.rule_class = rule_class

    def rule(self, duty: Duty) -> R:
        """The duty's rule, of this kind's class."""
        rule = duty.rule
        if not isinstance(rule, self.rule_class):
            raise TypeError(f"{duty.id}: a {type(rule).__name__} is not a {self.rule_class}")
        return rule

    def label(self, rule: Rule) -> str:
        """The rule in words up to its anchor date, shared by all its occurrences."""
        return ""

    def reach(self, rule: Rule) -> int | None:
        """More days than the rule's period can span from an event, for rules that end there."""
        return None

    def keyed(self, counted: Counted, ctx: Context, lower: dt.date) -> list[Keyed]:
        """The occurrences of the counted duty for the profile from ``lower`` to the range's end."""
        raise NotImplementedError

    def missing(self, planned: Planned, ctx: Context) -> Missing | None:
        """Why the duty applies to the profile but cannot be dated, and which events would date
        it; None when it has dates or applies only when an event happens."""
        return None

    def words(self, duty: Duty, occurrence: Occurrence) -> str:
        """The rule and anchor that give the occurrence's date, in words."""
        raise NotImplementedError

    def notes(self, duty: Duty, occurrence: Occurrence) -> tuple[str, ...]:
        """The assumptions and remarks attached to the occurrence's date."""
        return ()

    def explain(self, counted: Counted, occurrence: Occurrence) -> Due:
        """The computation of the occurrence's date, step by step with the articles applied."""
        raise NotImplementedError


class EventKind(Kind[E]):
    """A rule counted from each recorded date of an event."""

    def parts(
        self, planned: Planned, rule: E, anchor: dt.date | dt.datetime, lower: dt.date, ctx: Context
    ) -> tuple[Occurrence, ...]:
        """The occurrences counted from ``anchor`` that fall from ``lower`` to the range's end."""
        raise NotImplementedError

    def restarts(self, rule: E) -> bool:
        """Whether each later date of the event starts the cycle again."""
        return False

    def keyed(self, counted: Counted, ctx: Context, lower: dt.date) -> list[Keyed]:
        """Each (rule, anchor) gives its occurrences once per calendar, shared by every
        organisation with that anchor; the profile adds the keys."""
        planned, known = counted.planned, counted.known
        duty = planned.duty
        rule = self.rule(duty)
        keyed: list[Keyed] = []
        dates = ctx.profile.dates(rule.event)
        if not dates:
            return keyed
        restart = self.restarts(rule)
        last = len(dates) - 1
        filtered = duty.events_from is not None or duty.events_until is not None
        earliest = counted.earliest
        for i, anchor in enumerate(dates):
            day = beijing_date(anchor)
            if day < earliest or (filtered and not duty.counts_from(day)):
                continue
            parts = known.get(anchor)
            if parts is None:
                parts = known[anchor] = self.parts(planned, rule, anchor, lower, ctx)
            if not parts:
                continue
            prefix = f"{duty.id}/{rule.event}[{i}]"
            if restart and i < last:
                # The next recorded date starts the cycle again: this cycle stops there.
                stop = beijing_date(dates[i + 1])
                keyed += [(prefix + p.tail, p) for p in parts if p.date <= stop]
            else:
                keyed += [(prefix + p.tail, p) for p in parts]
        return keyed
