"""From a profile to dated, explained deadlines: catalog × profile × calendar → deadlines.

Pure: nothing here reads files or the clock. Every rule kind of the catalog becomes occurrences
through one mechanism, :func:`_occurrences`, and every date through :mod:`cnreg_calendar.periods`,
which cites the Civil Code article it applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

import attrs
from dateutil.relativedelta import relativedelta

from cnreg_calendar.model import (
    AfterEvent,
    BeforeEvent,
    Catalog,
    Confidence,
    Duty,
    FixedDate,
    FollowUp,
    Instrument,
    MilestoneKind,
    Nature,
    Recurring,
    Status,
    Validity,
    Yearly,
)
from cnreg_calendar.periods import Due, Period, Step, Unit, due, fixed_date
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

if TYPE_CHECKING:
    from cnreg_calendar.profile import Profile

__all__ = ["Deadline", "WatchItem", "schedule", "watch"]

#: How many occurrences of a recurring duty are looked at, at most (a guard against loops).
_MAX_RECURRENCES = 1000
#: Duties of instruments in these states are not scheduled (their successor's duties are).
_INACTIVE = {Status.SUPERSEDED, Status.REPEALED}


@attrs.frozen
class Deadline:
    """One dated occurrence of a duty for one organisation, with why it falls on that day.

    ``key`` identifies the occurrence independently of its date (the k-th assessment after the
    first go-live date, the filing for the second contract), so a calendar entry is updated in
    place when a date moves.
    """

    date: dt.date
    duty: Duty
    instrument: Instrument
    key: str
    due: Due
    rule: str
    provisional: bool
    assumed: bool
    notes: tuple[str, ...] = ()
    entity: str = ""
    source_url: str | None = None

    @property
    def time(self) -> dt.datetime | None:
        """The exact time, for hour deadlines (incident reports), in Beijing time."""
        return self.due.date if isinstance(self.due.date, dt.datetime) else None

    @property
    def binding(self) -> bool:
        """False for drafts' duties and for what is not an obligation."""
        return self.duty.is_binding and self.instrument.status is not Status.DRAFT

    def explanation(self) -> str:
        """The chain of rules from the anchor to the date, with articles and sources."""
        duty = self.duty
        lines = [
            f"{duty.title_en} / {duty.title_zh}",
            f"{self.instrument.title_en} ({self.instrument.id}), {duty.article}",
            f"rule: {self.rule}",
            self.due.explanation(),
        ]
        lines += [f"assumed: {n}" if self.assumed else f"note: {n}" for n in self.notes]
        if duty.note:
            lines.append(f"about this duty: {duty.note}")
        lines.append(f"confidence: {duty.confidence.value}; sources: {', '.join(duty.sources)}")
        if not self.binding:
            lines.append(
                "not binding: "
                + ("a draft for comment" if duty.confidence.value == "draft" else duty.nature.value)
            )
        return "\n".join(lines)


@attrs.frozen
class WatchItem:
    """A dated milestone of an instrument (a comment deadline, an effective date …)."""

    date: dt.date
    instrument: Instrument
    kind: str
    note: str
    key: str


def _period(period: Period, times: int) -> Period:
    return Period(period.amount * times, period.unit)


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class _Make(Protocol):
    def __call__(
        self, result: Due, key: str, rule: str, *, assumed: bool = ..., notes: tuple[str, ...] = ...
    ) -> Deadline: ...


@attrs.frozen
class _Context:
    profile: Profile
    catalog: Catalog
    calendar: ChinaCalendar
    end: dt.date


def _as_given(day: dt.date, calendar: ChinaCalendar) -> Due:
    """A date that is not a legal period (a regulator's target, a date to watch): as it is."""
    return Due(day, None, False, day, (), calendar.depends_on_estimate(day))


def _fixed(duty: Duty, day: dt.date, ctx: _Context) -> Due:
    if duty.nature is not Nature.OBLIGATION:
        return _as_given(day, ctx.calendar)
    # Civil Code Art. 203 by analogy (legal-periods.md §4): a fixed date on a rest day moves to the
    # next working day, or earlier in the profile's conservative mode.
    return fixed_date(day, ctx.calendar, conservative=ctx.profile.conservative_fixed_dates)


def _occurrences(duty: Duty, ctx: _Context) -> Iterator[Deadline]:
    """Every occurrence of ``duty`` for the profile, up to the end of the range."""
    rule = duty.rule
    make = _maker(duty, ctx)
    as_given = "" if duty.nature is Nature.OBLIGATION else " (as given)"
    if isinstance(rule, FixedDate):
        text = f"by the end of {rule.date:%Y-%m}" if rule.from_month else f"by {rule.date}"
        yield make(_fixed(duty, rule.date, ctx), duty.id, f"fixed date: {text}{as_given}")
    elif isinstance(rule, Yearly):
        instrument = ctx.catalog.instrument(duty.instrument_id)
        first = rule.first_year or _effective_year(instrument) or ctx.end.year
        last = min(rule.last_year or ctx.end.year + 1, ctx.end.year + 1)
        for year in range(first, last + 1):
            day = _yearly_day(year, rule.month, rule.day)
            text = f"every year by {rule.month:02d}-{rule.day:02d}{as_given}"
            yield make(_fixed(duty, day, ctx), f"{duty.id}/{year}", text)
    elif isinstance(rule, Recurring):
        dates = ctx.profile.dates(rule.event)
        for i, anchor in _anchors(duty, dates):
            # With `restart`, the next recorded date of the event starts the cycle again.
            stop = _day(dates[i + 1]) if rule.restart and i + 1 < len(dates) else None
            for k in range(1, _MAX_RECURRENCES):
                result = due(anchor, _period(rule.period, k), ctx.calendar)
                if stop is not None and _day(result.date) > stop:
                    break
                text = f"every {rule.period} from {rule.event} ({_day(anchor)}): occurrence {k}"
                yield make(result, f"{duty.id}/{rule.event}[{i}]/{k}", text)
                if _day(result.date) > ctx.end:
                    break
    elif isinstance(rule, (AfterEvent, BeforeEvent)):
        before = isinstance(rule, BeforeEvent)
        word = "before" if before else "after"
        for i, anchor in _anchors(duty, ctx.profile.dates(rule.event)):
            notes: tuple[str, ...] = ()
            if rule.period.unit is Unit.HOURS and not isinstance(anchor, dt.datetime):
                notes = (
                    f"{rule.event} is recorded as a date only: counted from 00:00 Beijing time",
                )
            result = due(anchor, rule.period, ctx.calendar, before=before)
            text = f"{rule.period} {word} {rule.event} ({_day(anchor)})"
            yield make(result, f"{duty.id}/{rule.event}[{i}]", text, notes=notes)
    elif isinstance(rule, Validity):
        yield from _validity(duty, rule, ctx, make)
    else:
        yield from _follow_up(rule, ctx, duty.id, make)


def _maker(duty: Duty, ctx: _Context) -> _Make:
    instrument = ctx.catalog.instrument(duty.instrument_id)
    entity = ctx.profile.id
    urls = [ctx.catalog.source(s).url for s in (*duty.sources, *instrument.sources)]
    source_url = next((u for u in urls if u), None)

    def make(
        result: Due, key: str, rule: str, *, assumed: bool = False, notes: tuple[str, ...] = ()
    ) -> Deadline:
        return Deadline(
            date=_day(result.date),
            duty=duty,
            instrument=instrument,
            key=f"{entity}/{key}",
            due=result,
            rule=rule,
            provisional=result.provisional,
            assumed=assumed,
            notes=notes,
            entity=entity,
            source_url=source_url,
        )

    return make


def _anchors(
    duty: Duty, dates: tuple[dt.date | dt.datetime, ...]
) -> Iterator[tuple[int, dt.date | dt.datetime]]:
    """The event dates a duty counts from, with their index in the profile (the occurrence key)."""
    for i, anchor in enumerate(dates):
        if duty.counts_from(_day(anchor)):
            yield i, anchor


def _validity(duty: Duty, rule: Validity, ctx: _Context, make: _Make) -> Iterator[Deadline]:
    duty_id = duty.id
    for i, anchor in _anchors(duty, ctx.profile.dates(rule.event)):
        start = _day(anchor)
        # Civil Code Art. 201-202: the validity ends on the corresponding day, the start day not
        # counted. Art. 203 does not extend it: the last day of validity is shown as it is, so a
        # renewal is never planned late.
        if rule.valid_for.unit in (Unit.MONTHS, Unit.YEARS):
            months = rule.valid_for.amount * (12 if rule.valid_for.unit is Unit.YEARS else 1)
            expiry = start + relativedelta(months=months)
        else:
            expiry = _day(due(anchor, rule.valid_for, ctx.calendar).date)
        step = Step(
            expiry,
            "Civil Code Art. 201, 202",
            f"valid for {rule.valid_for} from {rule.event}: the last day of validity (not extended)",
        )
        estimated = ctx.calendar.depends_on_estimate(start, expiry)
        key = f"{duty_id}/{rule.event}[{i}]"
        if rule.renew_before is None:
            text = f"valid for {rule.valid_for} from {rule.event} ({start})"
            yield make(Due(anchor, rule.valid_for, False, expiry, (step,), estimated), key, text)
            continue
        renewal = due(expiry, rule.renew_before, ctx.calendar, before=True)
        renewal = attrs.evolve(
            renewal,
            anchor=anchor,
            steps=(step, *renewal.steps),
            provisional=renewal.provisional or estimated,
        )
        text = (
            f"at least {rule.renew_before} before the validity of {rule.valid_for} from "
            f"{rule.event} ({start}) ends on {expiry}"
        )
        yield make(renewal, key, text)


def _follow_up(rule: FollowUp, ctx: _Context, duty_id: str, make: _Make) -> Iterator[Deadline]:
    """``period`` after each recorded completion, then after each projected occurrence.

    A recorded completion (the profile's ``completion_event``) anchors a deadline of its own. An
    occurrence of the triggering duty due after the last recorded completion has not happened
    yet: its follow-up is counted from its due date and marked as assumed.
    """
    trigger = ctx.catalog.duty(rule.duty)
    recorded = ctx.profile.dates(rule.completion_event) if rule.completion_event else ()
    for i, done in enumerate(recorded):
        result = due(done, rule.period, ctx.calendar)
        text = (
            f"{rule.period} after completing {trigger.id} ({_day(done)}, {rule.completion_event})"
        )
        yield make(result, f"{duty_id}/{rule.completion_event}[{i}]", text)
    last_done = max((_day(d) for d in recorded), default=None)
    for occurrence in _occurrences(trigger, ctx):
        if last_done is not None and occurrence.date <= last_done:
            continue
        result = due(occurrence.date, rule.period, ctx.calendar)
        result = attrs.evolve(result, provisional=result.provisional or occurrence.provisional)
        record = f" (record it as {rule.completion_event})" if rule.completion_event else ""
        note = (
            f"{trigger.id} due {occurrence.date} has no recorded completion{record}: "
            "counted from its due date"
        )
        text = f"{rule.period} after {trigger.id}, counted from its due date {occurrence.date}"
        key = f"{duty_id}/{occurrence.key.split('/', 1)[1]}"
        yield make(result, key, text, assumed=True, notes=(note,))


def _effective_year(instrument: Instrument) -> int | None:
    for milestone in instrument.milestones:
        if milestone.kind is MilestoneKind.EFFECTIVE:
            return milestone.date.year
    return None


def _yearly_day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 29 February in a common year: the month's last day (Art. 202 by analogy)
        return dt.date(year, month, 28)


def schedule(
    profile: Profile,
    start: dt.date,
    end: dt.date,
    catalog: Catalog | None = None,
    calendar: ChinaCalendar | None = None,
) -> list[Deadline]:
    """The deadlines of ``profile`` that fall in ``[start, end]``, sorted by date.

    By default the calendar estimates years without a published holiday notice and marks every
    deadline that depends on one as provisional; a profile with ``strict = true`` (or a strict
    ``calendar``) refuses them with :class:`~cnreg_calendar.ScheduleNotPublished`.

    >>> from cnreg_calendar.profile import Profile
    >>> p = Profile("Demo", roles=("ciio",), events={"cii-system-go-live": [dt.date(2023, 8, 1)]})
    >>> [d.date for d in schedule(p, dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    ...  if d.duty.id == "ciio-crypto-assessment-annual"]
    [datetime.date(2024, 8, 1), datetime.date(2025, 8, 1)]
    """
    from cnreg_calendar.catalog import load_catalog

    catalog = catalog or load_catalog()
    calendar = calendar or china_calendar(provisional=not profile.strict)
    ctx = _Context(profile, catalog, calendar, end)
    roles = set(profile.roles)
    result: list[Deadline] = []
    for duty in catalog.duties:
        instrument = catalog.instrument(duty.instrument_id)
        if not roles.intersection(duty.applies_to) or instrument.status in _INACTIVE:
            continue
        draft = duty.confidence is Confidence.DRAFT or instrument.is_draft
        if draft and not profile.include_drafts:
            continue
        for deadline in _occurrences(duty, ctx):
            if start <= deadline.date <= end:
                result.append(deadline)
    result.sort(key=lambda d: (d.date, d.key))
    return result


def watch(
    start: dt.date,
    end: dt.date,
    catalog: Catalog | None = None,
) -> list[WatchItem]:
    """The regulatory-watch calendar: the catalog's dated milestones in ``[start, end]``.

    Milestones known only to the month or year are left out (they have no day to place).

    >>> [w.kind for w in watch(dt.date(2023, 7, 1), dt.date(2023, 7, 1))][:1]
    ['effective']
    """
    from cnreg_calendar.catalog import load_catalog

    catalog = catalog or load_catalog()
    items = []
    for instrument in catalog.instruments:
        for i, milestone in enumerate(instrument.milestones):
            if not milestone.date.is_full:
                continue
            day = milestone.date.to_date()
            if start <= day <= end:
                items.append(
                    WatchItem(
                        day,
                        instrument,
                        milestone.kind.value,
                        milestone.note or "",
                        f"watch/{instrument.id}/{milestone.kind.value}/{i}",
                    )
                )
    items.sort(key=lambda w: (w.date, w.key))
    return items
