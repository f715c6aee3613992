"""One occurrence of a duty's rule from one anchor: the named state a schedule shares.

An occurrence is the same for every organisation with the same anchor date, so a calendar's
schedules compute it once (:mod:`cnreg_calendar.deadlines.counting`) and every deadline refers
to it. It holds only what the rule and the anchor gave: the rule kind
(:mod:`cnreg_calendar.deadlines.kinds`) rebuilds the words, notes and explanation from it.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["Occurrence"]


class Occurrence:
    """A dated occurrence of a rule counted from ``anchor``.

    Instances are never changed after they are made (they are shared and hashed).

    >>> o = Occurrence(dt.date(2025, 8, 1), dt.date(2025, 8, 1), False, "/2", dt.date(2023, 8, 1), 2)
    >>> o
    Occurrence(date=2025-08-01, anchor=2023-08-01, number=2)
    """

    __slots__ = (
        "anchor",
        "assumed",
        "date",
        "estimated",
        "expiry",
        "number",
        "provisional",
        "seconds",
        "tail",
        "when",
    )

    #: The Beijing date the occurrence falls due.
    date: dt.date
    #: The date, or the exact Beijing time of an hour deadline.
    when: dt.date | dt.datetime
    #: Whether the date depends on a year whose holiday notice is not yet published.
    provisional: bool
    #: What identifies the occurrence among its anchor's ("/3": the third recurrence; "/2026").
    tail: str
    #: What the date is counted from: an event's date, a fixed date, a trigger's due date.
    anchor: dt.date | dt.datetime
    #: How many times the rule's period is counted from the anchor (recurrences; 1 otherwise).
    number: int
    #: Counted from a projected date rather than a recorded one (a follow-up without completion).
    assumed: bool
    #: The anchor itself rests on an estimated year (a trigger's provisional due date, a validity
    #: in working days ending in an unpublished year).
    estimated: bool
    #: The last day of validity, for a renewal.
    expiry: dt.date | None
    #: The Beijing time of day in seconds, for ordering: 86400 (the end of the day) for a date.
    seconds: int

    def __init__(
        self,
        date: dt.date,
        when: dt.date | dt.datetime,
        provisional: bool,
        tail: str,
        anchor: dt.date | dt.datetime,
        number: int = 1,
        assumed: bool = False,
        estimated: bool = False,
        expiry: dt.date | None = None,
    ) -> None:
        self.date = date
        self.when = when
        self.provisional = provisional
        self.tail = tail
        self.anchor = anchor
        self.number = number
        self.assumed = assumed
        self.estimated = estimated
        self.expiry = expiry
        if isinstance(when, dt.datetime):
            self.seconds = when.hour * 3600 + when.minute * 60 + when.second
        else:
            self.seconds = 86400

    def _fields(self) -> tuple[object, ...]:
        return (
            self.date,
            self.when,
            self.provisional,
            self.tail,
            self.anchor,
            self.number,
            self.assumed,
            self.estimated,
            self.expiry,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Occurrence):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Occurrence(date={self.date}, anchor={self.anchor}, number={self.number})"
