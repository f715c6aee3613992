"""Duties that apply but cannot be dated, and the schedule's result that reports them.

A compliance calendar must not be silent: a duty that applies to a profile's roles and regions
but has no date — its anchor event is not recorded — is reported as an :class:`UndatedDuty`
with why and what to record, beside the deadlines in :class:`Schedule`.
"""

from __future__ import annotations

from typing import Any

import attrs

from cnreg_calendar.deadlines.deadline import Deadline
from cnreg_calendar.deadlines.marks import Mark
from cnreg_calendar.model import Duty, Instrument

__all__ = ["Schedule", "UndatedDuty"]


@attrs.frozen
class UndatedDuty:
    """A duty that applies to an organisation but has no date, with why and what to record.

    >>> import datetime as dt
    >>> from cnreg_calendar import Profile, schedule
    >>> p = Profile("Demo", roles=("industry-data-processor",))
    >>> found = schedule(p, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    >>> [(u.duty.id, u.record) for u in found.undated]
    [('miit-risk-assessment-annual', ('risk-assessment-completed',)), ('miit-risk-assessment-report', ('risk-assessment-completed',))]
    """

    duty: Duty
    instrument: Instrument
    entity: str
    #: Why the duty has no date.
    reason: str
    #: The events whose dates would date it (record one in the profile's ``[events]``).
    record: tuple[str, ...]
    #: Its marks: always UNDATED, and draft / not binding / not an obligation as for a deadline.
    marks: frozenset[Mark]

    @property
    def key(self) -> str:
        """``entity/duty/undated``: unique within a schedule."""
        return f"{self.entity}/{self.duty.id}/undated"

    def explanation(self) -> str:
        """The duty, why it has no date and what to record."""
        duty = self.duty
        lines = [
            f"{duty.title_en} / {duty.title_zh}",
            f"{self.instrument.title_en} ({self.instrument.id}), {duty.article}",
            f"undated: {self.reason}",
        ]
        if self.record:
            lines.append(f"record: {', '.join(self.record)} (in the profile's [events])")
        if duty.note:
            lines.append(f"about this duty: {duty.note}")
        lines.append(f"confidence: {duty.confidence.value}; sources: {', '.join(duty.sources)}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The undated duty as a row of plain values (``deadlines --format json``'s ``undated``)."""
        duty = self.duty
        return {
            "entity": self.entity,
            "duty": duty.id,
            "title_en": duty.title_en,
            "title_zh": duty.title_zh,
            "article": duty.article,
            "instrument": self.instrument.id,
            "binding": Mark.NOT_BINDING not in self.marks,
            "confidence": duty.confidence.value,
            "reason": self.reason,
            "record": list(self.record),
            "key": self.key,
        }


class Schedule(list[Deadline]):
    """A profile's deadlines in time order (a list), with :attr:`undated`: the duties that apply
    but could not be dated."""

    __slots__ = ("undated",)

    def __init__(self, deadlines: list[Deadline], undated: list[UndatedDuty]) -> None:
        super().__init__(deadlines)
        #: The duties that apply to the profile but have no date, in catalog order.
        self.undated = undated
