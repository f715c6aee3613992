"""A dated occurrence of a duty for one organisation: :class:`Deadline`."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import attrs

from cnreg_calendar.deadlines.counting import Counted, duty_compared
from cnreg_calendar.deadlines.marks import Mark
from cnreg_calendar.deadlines.occurrence import Occurrence
from cnreg_calendar.jurisdiction import NATIONAL, region_name
from cnreg_calendar.model import Duty, Instrument
from cnreg_calendar.periods import Due

__all__ = ["Deadline", "Explainer"]

#: A function that works out a deadline's explanation (:attr:`Deadline.due`) when called.
Explainer = partial[Due]


@attrs.frozen(repr=False)
class Deadline:
    """One dated occurrence of a duty for one organisation, with why it falls on that day.

    ``key`` identifies the occurrence independently of its date (the k-th assessment after the
    first go-live date, the filing for the second contract), so a calendar entry is updated in
    place when a date moves. ``due`` is the date's explanation, step by step with the articles
    applied; it is worked out when asked for, by the same rule that gave the date.

    A deadline keeps the :class:`Occurrence` its rule and anchor gave (shared by every
    organisation with that anchor) and the duty as counted on its calendar; the properties below
    read them.

    >>> from cnreg_calendar import Profile, schedule
    >>> p = Profile("Demo", roles=("ciio",), events={"cii-system-go-live": [dt.date(2023, 8, 1)]})
    >>> first = schedule(p, dt.date(2024, 1, 1), dt.date(2024, 12, 31))[0]
    >>> first
    Deadline(date=2024-08-01, duty='ciio-crypto-assessment-annual', entity='demo')
    >>> first.rule
    'every 1 year from cii-system-go-live (2023-08-01): occurrence 1'
    """

    date: dt.date
    key: str
    entity: str
    occurrence: Occurrence
    _counted: Counted = attrs.field(eq=duty_compared, alias="counted")

    def __repr__(self) -> str:
        return f"Deadline(date={self.date}, duty={self.duty.id!r}, entity={self.entity!r})"

    @property
    def duty(self) -> Duty:
        """The duty this is an occurrence of."""
        return self._counted.planned.duty

    @property
    def instrument(self) -> Instrument:
        """The instrument the duty comes from."""
        return self._counted.planned.instrument

    @property
    def source_url(self) -> str | None:
        """The first source with an address (the duty's, then the instrument's)."""
        return self._counted.planned.source_url

    @property
    def jurisdiction(self) -> str:
        """Where the duty binds: ``CN`` (national) or an ISO 3166-2:CN code (``CN-SH``)."""
        return self._counted.planned.jurisdiction

    @property
    def rule(self) -> str:
        """The rule and anchor that give the date, in words."""
        planned = self._counted.planned
        return planned.kind.words(planned.duty, self.occurrence)

    @property
    def marks(self) -> frozenset[Mark]:
        """Provisional, assumed, draft, not binding, not an obligation: what the date is marked
        with, the one answer the CLI, the feeds, the page and the explanation all use."""
        occurrence = self.occurrence
        return self._counted.planned.marks[occurrence.provisional, occurrence.assumed]

    @property
    def provisional(self) -> bool:
        """Whether the date depends on a year whose holiday notice is not yet published."""
        return self.occurrence.provisional

    @property
    def assumed(self) -> bool:
        """Whether the date rests on an assumption (a completion not recorded), see ``notes``."""
        return self.occurrence.assumed

    @property
    def binding(self) -> bool:
        """False for drafts' duties and for what is not an obligation."""
        return Mark.NOT_BINDING not in self.marks

    @property
    def notes(self) -> tuple[str, ...]:
        """The assumptions and remarks attached to the date."""
        planned = self._counted.planned
        return planned.kind.notes(planned.duty, self.occurrence)

    @property
    def when(self) -> dt.date | dt.datetime:
        """The date, or the exact Beijing time of an hour deadline."""
        return self.occurrence.when

    @property
    def time(self) -> dt.datetime | None:
        """The exact time, for hour deadlines (incident reports), in Beijing time."""
        when = self.occurrence.when
        return when if isinstance(when, dt.datetime) else None

    @property
    def explainer(self) -> Explainer:
        """The function that works out :attr:`due`."""
        counted = self._counted
        return partial(counted.planned.kind.explain, counted, self.occurrence)

    @property
    def due(self) -> Due:
        """The computation of the date: anchor, every step and its article, provisional or not."""
        counted = self._counted
        return counted.planned.kind.explain(counted, self.occurrence)

    def explanation(self) -> str:
        """The chain of rules from the anchor to the date, with articles and sources."""
        duty = self.duty
        marks = self.marks
        lines = [
            f"{duty.title_en} / {duty.title_zh}",
            f"{self.instrument.title_en} ({self.instrument.id}), {duty.article_on(self.date)}",
            f"rule: {self.rule}",
            self.due.explanation(),
        ]
        lines += [f"assumed: {n}" if self.assumed else f"note: {n}" for n in self.notes]
        if duty.note:
            lines.append(f"about this duty: {duty.note}")
        if self.jurisdiction != NATIONAL:
            lines.append(
                f"jurisdiction: {region_name(self.jurisdiction)} only: binds organisations that "
                "operate there"
            )
        if duty.events_until is not None and duty.events_until_note:
            lines.append(
                f"applies to events up to {duty.events_until} only: {duty.events_until_note}"
            )
        lines.append(f"confidence: {duty.confidence.value}; sources: {', '.join(duty.sources)}")
        if Mark.NOT_BINDING in marks:
            why = "a draft for comment" if Mark.DRAFT in marks else duty.nature.value
            lines.append(f"not binding: {why}")
        return "\n".join(lines)

    def to_dict(self, *, explanation: bool = True) -> dict[str, Any]:
        """The deadline as a row of plain values: what ``cnreg-calendar deadlines --format json``
        prints for it (``explanation=False``: the CSV row).

        >>> from cnreg_calendar import Profile, schedule
        >>> p = Profile("Demo", roles=("ciio",), events={"cii-system-go-live": [dt.date(2023, 8, 1)]})
        >>> row = schedule(p, dt.date(2024, 1, 1), dt.date(2024, 12, 31))[0].to_dict()
        >>> row["date"], row["duty"], row["binding"]
        ('2024-08-01', 'ciio-crypto-assessment-annual', True)
        """
        duty, time = self.duty, self.time
        row: dict[str, Any] = {
            "date": self.date.isoformat(),
            "time": time.isoformat() if time else None,
            "entity": self.entity,
            "duty": duty.id,
            "title_en": duty.title_en,
            "title_zh": duty.title_zh,
            "article": duty.article_on(self.date),
            "instrument": self.instrument.id,
            "jurisdiction": self.jurisdiction,
            "provisional": self.provisional,
            "assumed": self.assumed,
            "binding": self.binding,
            "confidence": duty.confidence.value,
            "rule": self.rule,
            "key": self.key,
        }
        if explanation:
            row["explanation"] = self.explanation()
        return row
