"""What a deadline is marked with: one truth for "provisional", "draft", "not binding" ….

The CLI, the feeds, the published page and the explanation all read :attr:`Deadline.marks
<cnreg_calendar.deadlines.Deadline.marks>`, so they cannot disagree about a duty.
"""

from __future__ import annotations

import enum

from cnreg_calendar.model import Confidence, Duty, Instrument, Nature

__all__ = ["Mark", "duty_marks"]


class Mark(enum.Enum):
    """A mark on a deadline (or on a duty that could not be dated)."""

    #: The date depends on a year whose State Council holiday notice is not yet published.
    PROVISIONAL = "provisional"
    #: The date is counted from a projected date, not a recorded one.
    ASSUMED = "assumed"
    #: The duty comes from a draft for comment (the duty's confidence, or its instrument's
    #: status): never binding.
    DRAFT = "draft"
    #: Not binding: a draft's duty, or something that is not an obligation.
    NOT_BINDING = "not-binding"
    #: An opportunity, a regulator's target or a date to watch rather than an obligation.
    NOT_AN_OBLIGATION = "not-an-obligation"
    #: The duty applies but has no date: its anchor event is not recorded, or its year refused.
    UNDATED = "undated"


def duty_marks(duty: Duty, instrument: Instrument) -> frozenset[Mark]:
    """The marks every occurrence of ``duty`` carries, whatever its date.

    >>> import datetime as dt
    >>> from cnreg_calendar.model import FixedDate, Status, InstrumentKind
    >>> duty = Duty("d", "i", "T", "题", "Art. 1", ("everyone",), Nature.OBLIGATION,
    ...             Confidence.VERIFIED, ("s",), FixedDate(dt.date(2026, 1, 1)))
    >>> draft = Instrument("i", "Draft", ("cac",), InstrumentKind.DEPARTMENTAL_RULE, Status.DRAFT,
    ...                    ("s",), ())
    >>> sorted(m.value for m in duty_marks(duty, draft))
    ['draft', 'not-binding']
    """
    marks: set[Mark] = set()
    if duty.confidence is Confidence.DRAFT or instrument.is_draft:
        marks |= {Mark.DRAFT, Mark.NOT_BINDING}
    if duty.nature is not Nature.OBLIGATION:
        marks |= {Mark.NOT_AN_OBLIGATION, Mark.NOT_BINDING}
    return frozenset(marks)
