"""From a profile to dated, explained deadlines: catalog × profile × calendar → deadlines.

Pure: nothing here reads files or the clock. Every rule kind of the catalog becomes occurrences
through one mechanism, :func:`_keyed`, and every date through :mod:`cnreg_calendar.periods`,
which cites the Civil Code article it applies.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Final, cast

import attrs

from cnreg_calendar.errors import ScheduleNotPublished
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
    Rule,
    Status,
    Validity,
    Yearly,
)
from cnreg_calendar.periods import (
    Due,
    Period,
    Step,
    Unit,
    add_months,
    beijing_date,
    due,
    due_day,
    fixed_date,
)
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

if TYPE_CHECKING:
    from cnreg_calendar.profile import Profile

__all__ = ["Deadline", "WatchItem", "schedule", "watch"]

#: How many occurrences of a recurring duty are looked at, at most (a guard against loops).
_MAX_RECURRENCES = 1000
#: Occurrences more than this before the range are skipped: what follows from one (a follow-up
#: report, a renewal) never comes later than this (the longest follow-up period is 30 working days).
_LOOK_BACK_DAYS = 400
#: More days than any run of rest days lasts (the longest, Spring Festival or National Day with
#: the weekends around it, is 9): how far Art. 203 can move a last day later, or the
#: conservative mode a fixed date earlier.
_LONGEST_REST = 31
#: Duties of instruments in these states are not scheduled (their successor's duties are).
_INACTIVE = {Status.SUPERSEDED, Status.REPEALED}


Explainer = Callable[[], Due]


def _duty_compared(counted: _Counted) -> tuple[object, ...]:
    """What two deadlines' duties are compared by (not the calendar nor its memo)."""
    planned = counted.planned
    return (planned.duty, planned.instrument, planned.source_url)


@attrs.frozen
class Deadline:
    """One dated occurrence of a duty for one organisation, with why it falls on that day.

    ``key`` identifies the occurrence independently of its date (the k-th assessment after the
    first go-live date, the filing for the second contract), so a calendar entry is updated in
    place when a date moves. ``due`` is the date's explanation, step by step with the articles
    applied; it is worked out when asked for, by the same rules that gave the date.

    A deadline keeps the occurrence its rule and anchor gave (shared by every organisation with
    that anchor), the duty's catalog entry and the calendar the date was counted on; the
    properties below read them.
    """

    date: dt.date
    key: str
    entity: str
    _part: _Part = attrs.field(repr=False, alias="part")
    _counted: _Counted = attrs.field(eq=_duty_compared, repr=False, alias="counted")

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
    def rule(self) -> str:
        """The rule and anchor that give the date, in words."""
        return self._part[_RULE]

    @property
    def provisional(self) -> bool:
        """Whether the date depends on a year whose holiday notice is not yet published."""
        return self._part[_PROVISIONAL]

    @property
    def assumed(self) -> bool:
        """Whether the date rests on an assumption (a completion not recorded), see ``notes``."""
        return self._part[_ASSUMED]

    @property
    def notes(self) -> tuple[str, ...]:
        """The assumptions and remarks attached to the date."""
        return self._part[_NOTES]

    @property
    def when(self) -> dt.date | dt.datetime:
        """The date, or the exact Beijing time of an hour deadline."""
        return self._part[_WHEN]

    @property
    def explainer(self) -> Explainer:
        """The function that works out :attr:`due`."""
        return partial(_explain, self._part[_HOW:], self._counted.calendar)

    @property
    def due(self) -> Due:
        """The computation of the date: anchor, every step and its article, provisional or not."""
        return _explain(self._part[_HOW:], self._counted.calendar)

    @property
    def time(self) -> dt.datetime | None:
        """The exact time, for hour deadlines (incident reports), in Beijing time."""
        when = self._part[_WHEN]
        return when if isinstance(when, dt.datetime) else None

    @property
    def binding(self) -> bool:
        """False for drafts' duties and for what is not an obligation."""
        return self.duty.is_binding and self.instrument.status is not Status.DRAFT

    def explanation(self) -> str:
        """The chain of rules from the anchor to the date, with articles and sources."""
        duty = self.duty
        lines = [
            f"{duty.title_en} / {duty.title_zh}",
            f"{self.instrument.title_en} ({self.instrument.id}), {duty.article_on(self.date)}",
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


#: How a date's explanation is worked out when asked for (:func:`_explain`): a kind, then what
#: that kind needs: ("period", anchor, amount, unit value, before), ("given", Due, None, None,
#: None), ("validity", anchor, rule, last day, estimated), ("follow-up", due date, provisional,
#: amount, unit value).
_Recipe = tuple[str, object, object, object, object]

#: An occurrence as one rule and one anchor give it, the same for every organisation:
#: (date, when, provisional, key tail, rule text, notes, assumed, *recipe), read with the indices
#: below. A flat tuple of plain values rather than a NamedTuple, a class or a nested recipe:
#: CPython's garbage collector stops tracking an exact tuple that holds only untracked values
#: (dates, numbers, text) the first time it looks at it, so the tens of thousands a calendar
#: remembers are not carried into the old generations, whose full collections took a quarter of
#: a cold run (measured with benchmarks/bench_schedule.py and gc.callbacks).
_Part = tuple[
    dt.date, dt.date | dt.datetime, bool, str, str, tuple[str, ...], bool,
    str, object, object, object, object,
]  # fmt: skip
_DATE: Final = 0
_WHEN: Final = 1
_PROVISIONAL: Final = 2
_TAIL: Final = 3
_RULE: Final = 4
_NOTES: Final = 5
_ASSUMED: Final = 6
#: Where the recipe starts: ``part[_HOW:]``.
_HOW: Final = 7


def _part(
    day: dt.date,
    when: dt.date | dt.datetime,
    provisional: bool,
    tail: str,
    text: str,
    recipe: _Recipe,
    notes: tuple[str, ...] = (),
    assumed: bool = False,
) -> _Part:
    """A part from its fields, its recipe flattened into it."""
    return (day, when, provisional, tail, text, notes, assumed, *recipe)


#: An occurrence for one organisation: its key (without the entity) and its shared part.
_Keyed = tuple[str, _Part]


@attrs.frozen
class _Planned:
    """What a schedule needs of one duty, looked up once per catalog."""

    duty: Duty
    #: Its position in the catalog's duties.
    position: int
    instrument: Instrument
    source_url: str | None
    draft: bool
    active: bool
    #: The rule in words, up to its anchor ("every 1 year from cii-system-go-live").
    label: str
    #: For a period after an event: more days than it can span (older events give no date).
    reach: int | None


@attrs.frozen
class _Plan:
    duties: tuple[_Planned, ...]
    by_id: dict[str, _Planned]
    #: The positions in ``duties`` of the active duties that apply to each role.
    by_role: dict[str, tuple[int, ...]]
    #: The same for each set of roles a profile has had (organisations share role sets).
    by_roles: dict[tuple[str, ...], tuple[int, ...]] = attrs.field(factory=dict)

    def positions(self, roles: tuple[str, ...]) -> tuple[int, ...]:
        """The positions of the active duties that apply to any of ``roles``, in catalog order."""
        known = self.by_roles.get(roles)
        if known is None:
            found: set[int] = set()
            for role in roles:
                found.update(self.by_role.get(role, ()))
            if len(self.by_roles) >= _MEMO_LIMIT:
                self.by_roles.clear()
            known = self.by_roles[roles] = tuple(sorted(found))
        return known


@attrs.define(eq=False)
class _Counted:
    """One duty as counted on one calendar, for one range and option.

    ``known`` holds the parts of each anchor already computed: organisations that share an
    anchor date share its computation (dates, texts and recipes are immutable). It is kept in the
    calendar's memo (ChinaCalendar.remember), so it lives as long as the calendar whose working
    days it was counted on. A deadline keeps its ``_Counted`` for its duty and calendar.
    """

    planned: _Planned
    calendar: ChinaCalendar
    known: dict[object, tuple[_Part, ...]]
    #: Events before this day give no date in the range (a period after an event reaches only
    #: so far).
    earliest: dt.date


#: For each duty of a catalog, by position, its ``_Counted`` once one is needed.
_Tables = list[_Counted | None]


@attrs.frozen
class _Context:
    profile: Profile
    plan: _Plan
    calendar: ChinaCalendar
    start: dt.date
    end: dt.date
    #: Occurrences before this day are not computed: nothing that follows from them (a
    #: follow-up, a renewal) can fall in the range.
    horizon: dt.date
    #: The duties counted from ``start`` (see :func:`_counted`).
    tables: _Tables


_PLANS: dict[int, tuple[Catalog, _Plan]] = {}
#: At most this many anchors are remembered per duty and range.
_MEMO_LIMIT = 100_000


def _plan(catalog: Catalog) -> _Plan:
    known = _PLANS.get(id(catalog))
    if known is not None and known[0] is catalog:
        return known[1]
    planned: list[_Planned] = []
    for duty in catalog.duties:
        instrument = catalog.instrument(duty.instrument_id)
        urls = [catalog.source(s).url for s in (*duty.sources, *instrument.sources)]
        rule = duty.rule
        planned.append(
            _Planned(
                duty,
                len(planned),
                instrument,
                next((u for u in urls if u), None),
                duty.confidence is Confidence.DRAFT or instrument.is_draft,
                instrument.status not in _INACTIVE,
                _label(rule),
                _reach(rule.period) if isinstance(rule, AfterEvent) else None,
            )
        )
    if len(_PLANS) > 16:
        _PLANS.clear()
    by_role: dict[str, list[int]] = {}
    for i, p in enumerate(planned):
        if p.active:
            for role in p.duty.applies_to:
                by_role.setdefault(role, []).append(i)
    plan = _Plan(
        tuple(planned),
        {p.duty.id: p for p in planned},
        {role: tuple(positions) for role, positions in by_role.items()},
    )
    _PLANS[id(catalog)] = (catalog, plan)
    return plan


def _label(rule: Rule) -> str:
    """The words of a rule up to its anchor date, shared by all its occurrences."""
    if isinstance(rule, Recurring):
        return f"every {rule.period} from {rule.event}"
    if isinstance(rule, (AfterEvent, BeforeEvent)):
        return (
            f"{rule.period} {'before' if isinstance(rule, BeforeEvent) else 'after'} {rule.event}"
        )
    return ""


def _tables(
    plan: _Plan, calendar: ChinaCalendar, conservative: bool, lower: dt.date, end: dt.date
) -> _Tables:
    """The duties of ``plan`` counted on ``calendar`` from ``lower`` to ``end``, kept in its memo."""
    head = ("schedule", id(plan), conservative, lower, end)
    entry = cast("tuple[_Plan, _Tables] | None", calendar.memo.get(head))
    if entry is None or entry[0] is not plan:
        entry = (plan, [None] * len(plan.duties))
        calendar.remember(head, entry)
    return entry[1]


def _counted(planned: _Planned, ctx: _Context, lower: dt.date) -> _Counted:
    """``planned`` as counted on the context's calendar from ``lower`` to the end of the range."""
    if lower == ctx.start:
        tables = ctx.tables
    else:
        conservative = ctx.profile.conservative_fixed_dates
        tables = _tables(ctx.plan, ctx.calendar, conservative, lower, ctx.end)
    counted = tables[planned.position]
    if counted is None:
        earliest = dt.date.min
        if planned.reach is not None and lower.toordinal() > planned.reach:
            earliest = lower - dt.timedelta(days=planned.reach)
        counted = tables[planned.position] = _Counted(planned, ctx.calendar, {}, earliest)
    elif len(counted.known) >= _MEMO_LIMIT:
        counted.known.clear()
    return counted


def _explain(recipe: _Recipe, calendar: ChinaCalendar) -> Due:
    """Work out the explanation of a part's date from its recipe, by the rules that gave it."""
    kind = recipe[0]
    if kind == "period":
        anchor, amount, unit, before = cast(
            "tuple[dt.date | dt.datetime, int, str, bool]", recipe[1:]
        )
        return due(anchor, Period(amount, Unit(unit)), calendar, before=before)
    if kind == "given":
        return cast("Due", recipe[1])
    if kind == "validity":
        anchor, rule, expiry, estimated = cast(
            "tuple[dt.date | dt.datetime, Validity, dt.date, bool]", recipe[1:]
        )
        return _explain_validity(anchor, rule, expiry, estimated, calendar)
    if kind == "follow-up":
        day, provisional, amount, unit = cast("tuple[dt.date, bool, int, str]", recipe[1:])
        result = due(day, Period(amount, Unit(unit)), calendar)
        return attrs.evolve(result, provisional=result.provisional or provisional)
    raise TypeError(f"unknown explanation recipe {recipe!r}")  # pragma: no cover


_MONTHLY = (Unit.MONTHS, Unit.YEARS)
_SPAN = {"hours": 0, "days": 1, "working days": 2, "months": 31, "years": 366}


def _reach(period: Period) -> int:
    """More days than ``period`` can ever span, rolls over rest days included."""
    return period.amount * _SPAN[period.unit._value_] + 31


def _first_k(anchor: dt.date, period: Period, horizon: dt.date) -> int:
    """A recurrence number whose occurrence surely falls before ``horizon`` (at least 1), for a
    period in hours, days or working days (months and years are counted in _recurring_parts)."""
    if anchor >= horizon:
        return 1
    if period.unit is Unit.HOURS:
        return max(1, (horizon - anchor).days * 24 // period.amount - 24)
    # A working day or a calendar day each spans at least one day; 250 working days never span
    # more than two years, so halving keeps the guess before the horizon.
    days = period.amount * (2 if period.unit is Unit.WORKING_DAYS else 1)
    return max(1, (horizon - anchor).days // days)


def _fixed_until(duty: Duty, day: dt.date, ctx: _Context) -> tuple[dt.date, bool, _Recipe] | None:
    """A fixed date: as given for what is no obligation, else moved off a rest day; None when
    it surely falls after the range (so a strict calendar is never asked about it)."""
    past = (day - ctx.end).days
    # Rolling moves a date later; only the conservative mode moves it earlier, and never by more
    # than a run of rest days lasts.
    if past > 0 and (not ctx.profile.conservative_fixed_dates or past > _LONGEST_REST):
        return None
    calendar = ctx.calendar
    if duty.nature is not Nature.OBLIGATION:
        # A regulator's target or a date to watch is not a legal period: shown as it is.
        given = Due(day, None, False, day, (), calendar.depends_on_estimate(day))
        return day, given.provisional, ("given", given, None, None, None)
    # Civil Code Art. 203 by analogy (legal-periods.md §4): a fixed date on a rest day moves to the
    # next working day, or earlier in the profile's conservative mode.
    result = fixed_date(day, calendar, conservative=ctx.profile.conservative_fixed_dates)
    return beijing_date(result.date), result.provisional, ("given", result, None, None, None)


def _due_until(
    anchor: dt.date | dt.datetime, amount: int, unit: Unit, ctx: _Context, before: bool = False
) -> tuple[dt.date | dt.datetime, bool] | None:
    """``due_day``, or None for a date that surely falls after the range and that a strict
    calendar refuses (its year's holiday notice is unpublished): it is not needed."""
    try:
        return due_day(anchor, amount, unit, ctx.calendar, before)
    except ScheduleNotPublished:
        start = beijing_date(anchor)
        if unit in (Unit.MONTHS, Unit.YEARS):
            months = amount * (12 if unit is Unit.YEARS else 1)
            earliest = add_months(start, -months if before else months)
        else:
            span = amount if unit is not Unit.HOURS else amount // 24
            earliest = start + dt.timedelta(days=-_reach(Period(amount, unit)) if before else span)
        if earliest > ctx.end:
            return None
        raise


def _fixed_parts(duty: Duty, ctx: _Context, lower: dt.date) -> Iterator[_Part]:
    rule = duty.rule
    as_given = "" if duty.nature is Nature.OBLIGATION else " (as given)"
    if isinstance(rule, FixedDate):
        fixed = _fixed_until(duty, rule.date, ctx)
        if fixed is None:
            return
        day, provisional, how = fixed
        if lower <= day <= ctx.end:
            text = f"by the end of {rule.date:%Y-%m}" if rule.from_month else f"by {rule.date}"
            yield _part(day, day, provisional, "", f"fixed date: {text}{as_given}", how)
    elif isinstance(rule, Yearly):
        instrument = ctx.plan.by_id[duty.id].instrument
        first = rule.first_year or _effective_year(instrument) or ctx.end.year
        last = min(rule.last_year or ctx.end.year + 1, ctx.end.year + 1)
        text = f"every year by {rule.month:02d}-{rule.day:02d}{as_given}"
        for year in range(max(first, lower.year - 1), last + 1):
            fixed = _fixed_until(duty, _yearly_day(year, rule.month, rule.day), ctx)
            if fixed is None:
                break
            day, provisional, how = fixed
            if lower <= day <= ctx.end:
                yield _part(day, day, provisional, f"/{year}", text, how)


def _recurring_parts(
    rule: Recurring, label: str, anchor: dt.date | dt.datetime, lower: dt.date, ctx: _Context
) -> list[_Part]:
    """The occurrences of ``rule`` from ``anchor`` that fall from ``lower`` to the range's end."""
    amount, unit = rule.period.amount, rule.period.unit
    start = beijing_date(anchor)
    text = f"{label} ({start.isoformat()}): occurrence "
    limit = ctx.end
    parts: list[_Part] = []
    unit_ = unit._value_
    months = amount * (12 if unit is Unit.YEARS else 1) if unit in _MONTHLY else 0
    if months:
        # Civil Code Art. 202 (the corresponding day, or the month's last day), then Art. 203
        # (a rest day rolls to the next working day, which only moves the date later, by less
        # than _LONGEST_REST days). So only the occurrences whose month lies from the month
        # _LONGEST_REST days before ``lower`` to the month of ``limit`` are looked at.
        # The date of occurrence k depends only on its month and the anchor's day of the month:
        # anchors a year apart share it, so the calendar remembers it by (month, day).
        roll, settled = ctx.calendar.roll_forward, ctx.calendar.settled_until
        rolled = _rolled(ctx.calendar)
        month = start.year * 12 + start.month
        floor = lower - dt.timedelta(days=_LONGEST_REST)
        first = max(1, -((month - floor.year * 12 - floor.month) // months))  # a ceiling
        last = min((limit.year * 12 + limit.month - month) // months, first + _MAX_RECURRENCES)
        for k in range(first, last + 1):
            key = (month + months * k) * 32 + start.day
            day = rolled.get(key)
            if day is None:
                naive = add_months(start, months * k)
                if naive > limit:
                    break
                day = rolled[key] = roll(naive)
            if day > limit:
                break
            if day >= lower:
                # A literal, not _part(): this is the loop every recurrence runs.
                n, late, tail, words = amount * k, day > settled, f"/{k}", text + str(k)
                part = (day, day, late, tail, words, (), False, "period", anchor, n, unit_, False)
                parts.append(part)
        return parts
    first = _first_k(start, rule.period, lower)
    for k in range(first, first + _MAX_RECURRENCES):
        answer = _due_until(anchor, amount * k, unit, ctx)
        if answer is None:
            break
        when, provisional = answer
        day = beijing_date(when)
        if day > limit:
            break
        if day >= lower:
            how = ("period", anchor, amount * k, unit_, False)
            parts.append(_part(day, when, provisional, f"/{k}", text + str(k), how))
    return parts


def _rolled(calendar: ChinaCalendar) -> dict[int, dt.date]:
    """Dates of monthly and yearly recurrences by month and day of the month (see
    _recurring_parts), kept in the calendar's memo since rolling depends on its rest days."""
    table = cast("dict[int, dt.date] | None", calendar.memo.get("rolled"))
    if table is None or len(table) >= _MEMO_LIMIT:
        table = {}
        calendar.remember("rolled", table)
    return table


def _event_parts(
    rule: AfterEvent | BeforeEvent,
    label: str,
    anchor: dt.date | dt.datetime,
    lower: dt.date,
    ctx: _Context,
) -> tuple[_Part, ...]:
    before = isinstance(rule, BeforeEvent)
    amount, unit = rule.period.amount, rule.period.unit
    answer = _due_until(anchor, amount, unit, ctx, before)
    if answer is None:
        return ()
    when, provisional = answer
    day = beijing_date(when)
    if not lower <= day <= ctx.end:
        return ()
    notes: tuple[str, ...] = ()
    if unit is Unit.HOURS and not isinstance(anchor, dt.datetime):
        notes = (f"{rule.event} is recorded as a date only: counted from 00:00 Beijing time",)
    text = f"{label} ({beijing_date(anchor).isoformat()})"
    how = ("period", anchor, amount, unit._value_, before)
    return (_part(day, when, provisional, "", text, how, notes),)


def _keyed(counted: _Counted, ctx: _Context, lower: dt.date) -> list[_Keyed]:
    """The occurrences of a duty for the profile from ``lower`` to the end of the range.

    One mechanism for every rule kind: each (rule, anchor) gives its parts once per calendar,
    shared by every organisation with that anchor; the profile adds the keys.
    """
    planned, known = counted.planned, counted.known
    duty = planned.duty
    rule = duty.rule
    end = ctx.end
    if isinstance(rule, (FixedDate, Yearly)):
        parts = known.get(None)
        if parts is None:
            parts = known[None] = tuple(_fixed_parts(duty, ctx, lower))
        return [(duty.id + p[_TAIL], p) for p in parts]
    if isinstance(rule, FollowUp):
        return [(k, p) for k, p in _follow_up(rule, counted, ctx) if lower <= p[_DATE] <= end]
    keyed: list[_Keyed] = []
    dates = ctx.profile.dates(rule.event)
    if not dates:
        return keyed
    # The parts of each (rule, anchor) up to the range's end, shared by every organisation with
    # that anchor.
    recurring = rule if isinstance(rule, Recurring) else None
    restart = recurring is not None and recurring.restart
    last = len(dates) - 1
    filtered = duty.events_from is not None or duty.events_until is not None
    earliest = counted.earliest
    for i, anchor in enumerate(dates):
        day = beijing_date(anchor)
        if day < earliest or (filtered and not duty.counts_from(day)):
            continue
        parts = known.get(anchor)
        if parts is None:
            if recurring is not None:
                parts = tuple(_recurring_parts(recurring, planned.label, anchor, lower, ctx))
            elif isinstance(rule, Validity):
                parts = _validity_parts(rule, anchor, lower, ctx)
            elif isinstance(rule, (AfterEvent, BeforeEvent)):
                parts = _event_parts(rule, planned.label, anchor, lower, ctx)
            else:  # pragma: no cover - every rule kind is handled above
                raise TypeError(f"{duty.id}: unknown rule {rule!r}")
            known[anchor] = parts
        if not parts:
            continue
        prefix = f"{duty.id}/{rule.event}[{i}]"
        if restart and i < last:
            # The next recorded date starts the cycle again: this cycle stops there.
            stop = beijing_date(dates[i + 1])
            keyed += [(prefix + p[_TAIL], p) for p in parts if p[_DATE] <= stop]
        else:
            keyed += [(prefix + p[_TAIL], p) for p in parts]
    return keyed


def _validity_parts(
    rule: Validity, anchor: dt.date | dt.datetime, lower: dt.date, ctx: _Context
) -> tuple[_Part, ...]:
    start = beijing_date(anchor)
    # Civil Code Arts. 201-202: the validity ends on the corresponding day, the start day not
    # counted. Art. 203 does not extend it: the last day of validity is shown as it is, so a
    # renewal is never planned late.
    # A validity in months, years or calendar days is counted on the calendar alone: its last day
    # never depends on a holiday notice. Only one in working days can rest on an estimated year.
    valid_for = rule.valid_for
    estimated = False
    if valid_for.unit in (Unit.MONTHS, Unit.YEARS):
        months = valid_for.amount * (12 if valid_for.unit is Unit.YEARS else 1)
        expiry = add_months(start, months)
    elif valid_for.unit is Unit.DAYS:
        expiry = start + dt.timedelta(days=valid_for.amount)
    else:
        answer = _due_until(anchor, valid_for.amount, valid_for.unit, ctx)
        if answer is None:
            return ()
        expiry, estimated = beijing_date(answer[0]), answer[1]
    how = ("validity", anchor, rule, expiry, estimated)
    if rule.renew_before is None:
        if lower <= expiry <= ctx.end:
            text = f"valid for {rule.valid_for} from {rule.event} ({start})"
            return (_part(expiry, expiry, estimated, "", text, how),)
        return ()
    renew = rule.renew_before
    renewal = _due_until(expiry, renew.amount, renew.unit, ctx, True)
    if renewal is None:
        return ()
    when, provisional = renewal
    day = beijing_date(when)
    if not lower <= day <= ctx.end:
        return ()
    text = (
        f"at least {renew} before the validity of {rule.valid_for} from "
        f"{rule.event} ({start}) ends on {expiry}"
    )
    return (_part(day, when, provisional or estimated, "", text, how),)


def _explain_validity(
    anchor: dt.date | dt.datetime,
    rule: Validity,
    expiry: dt.date,
    estimated: bool,
    calendar: ChinaCalendar,
) -> Due:
    step = Step(
        expiry,
        "Civil Code Art. 201, 202",
        f"valid for {rule.valid_for} from {rule.event}: the last day of validity (not extended)",
    )
    if rule.renew_before is None:
        return Due(anchor, rule.valid_for, False, expiry, (step,), estimated)
    renewal = due(expiry, rule.renew_before, calendar, before=True)
    return attrs.evolve(
        renewal,
        anchor=anchor,
        steps=(step, *renewal.steps),
        provisional=renewal.provisional or estimated,
    )


def _follow_up(rule: FollowUp, counted: _Counted, ctx: _Context) -> Iterator[_Keyed]:
    """``period`` after each recorded completion, then after each projected occurrence.

    A recorded completion (the profile's ``completion_event``) anchors a deadline of its own and
    completes the occurrence of the triggering duty due nearest to it (an assessment done early
    completes the coming one, one done late the past one; a tie goes to the earlier). Every
    occurrence due on or before the last recorded completion is taken as done. Any other
    occurrence has not happened yet: its follow-up is counted from its due date and marked as
    assumed. The parts of each completion and each due date are remembered in ``counted``.
    """
    duty_id, known = counted.planned.duty.id, counted.known
    recorded = ctx.profile.dates(rule.completion_event) if rule.completion_event else ()
    for i, done in enumerate(recorded):
        parts = known.get(("done", done))
        if parts is None:
            parts = known[("done", done)] = _completed_part(rule, done, ctx)
        if parts:
            yield f"{duty_id}/{rule.completion_event}[{i}]", parts[0]
    completed = sorted({beijing_date(d) for d in recorded})
    lower = ctx.horizon
    if completed:
        # The occurrences around the completions, to find the one each completes.
        # From a 1 January, so that organisations share the computation (see _counted).
        earliest = completed[0] - dt.timedelta(days=_LOOK_BACK_DAYS)
        lower = min(lower, dt.date(earliest.year, 1, 1))
    trigger = _counted(ctx.plan.by_id[rule.duty], ctx, lower)
    occurrences = sorted((p[_DATE], k, p) for k, p in _keyed(trigger, ctx, lower))
    days = [day for day, _, _ in occurrences]
    covered: set[str] = set()
    for day in completed:
        if occurrences:
            covered.add(occurrences[_nearest(days, day)][1])
    last_done = completed[-1] if completed else None
    for due_on, trigger_key, occurrence in occurrences:
        if due_on < ctx.horizon or trigger_key in covered:
            continue
        if last_done is not None and due_on <= last_done:
            continue
        key = ("due", due_on, occurrence[_PROVISIONAL])
        parts = known.get(key)
        if parts is None:
            parts = known[key] = _assumed_part(rule, due_on, occurrence[_PROVISIONAL], ctx)
        if parts:
            yield f"{duty_id}/{trigger_key.split('/', 1)[1]}", parts[0]


def _nearest(days: list[dt.date], day: dt.date) -> int:
    """The index of the date in sorted ``days`` nearest to ``day``: on a tie the earlier date,
    and of equal dates the first.

    >>> d = dt.date
    >>> _nearest([d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 11)], d(2025, 1, 6))
    0
    >>> _nearest([d(2025, 1, 1), d(2025, 1, 11), d(2025, 1, 11)], d(2025, 1, 7))
    1
    """
    after = bisect_left(days, day)
    if after == len(days):
        return bisect_left(days, days[-1])
    if after == 0 or (days[after] - day) < (day - days[after - 1]):
        return after
    return bisect_left(days, days[after - 1])


def _completed_part(
    rule: FollowUp, done: dt.date | dt.datetime, ctx: _Context
) -> tuple[_Part, ...]:
    """The follow-up counted from a recorded completion (none when surely after the range)."""
    amount, unit = rule.period.amount, rule.period.unit
    answer = _due_until(done, amount, unit, ctx)
    if answer is None:
        return ()
    when, provisional = answer
    text = f"{rule.period} after completing {rule.duty} ({beijing_date(done)}, {rule.completion_event})"
    how = ("period", done, amount, unit._value_, False)
    return (_part(beijing_date(when), when, provisional, "", text, how),)


def _assumed_part(
    rule: FollowUp, due_on: dt.date, estimated: bool, ctx: _Context
) -> tuple[_Part, ...]:
    """The follow-up of an occurrence with no recorded completion, counted from its due date."""
    amount, unit = rule.period.amount, rule.period.unit
    answer = _due_until(due_on, amount, unit, ctx)
    if answer is None:
        return ()
    when, provisional = answer
    record = f" (record it as {rule.completion_event})" if rule.completion_event else ""
    note = f"{rule.duty} due {due_on} has no recorded completion{record}: counted from its due date"
    text = f"{rule.period} after {rule.duty}, counted from its due date {due_on}"
    how = ("follow-up", due_on, estimated, amount, unit._value_)
    return (
        _part(beijing_date(when), when, provisional or estimated, "", text, how, (note,), True),
    )


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


#: A schedule makes a Deadline for every occurrence of every organisation: its attrs __init__,
#: which sets each slot through object.__setattr__ (the class is frozen), took a sixth of a warm
#: run. _deadline sets the same slots through their descriptors, as that __init__ would (the
#: fields have no converters, validators or defaults: tests/test_schedule.py checks it).
_NEW = object.__new__
_SET_DATE, _SET_KEY, _SET_ENTITY, _SET_PART, _SET_COUNTED = (
    Deadline.__dict__[name].__set__ for name in ("date", "key", "entity", "_part", "_counted")
)


def _deadline(date: dt.date, key: str, entity: str, part: _Part, counted: _Counted) -> Deadline:
    """``Deadline(date, key, entity, part, counted)``, made faster (see above)."""
    made: Deadline = _NEW(Deadline)
    _SET_DATE(made, date)
    _SET_KEY(made, key)
    _SET_ENTITY(made, entity)
    _SET_PART(made, part)
    _SET_COUNTED(made, counted)
    return made


#: Deadlines are sorted by date, then key (unique within a profile): the catalog's order of
#: duties does not matter.
_BY_DATE_AND_KEY = attrgetter("date", "key")


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
    plan = _plan(catalog)
    tables = _tables(plan, calendar, profile.conservative_fixed_dates, start, end)
    horizon = start - dt.timedelta(days=_LOOK_BACK_DAYS)
    ctx = _Context(profile, plan, calendar, start, end, horizon, tables)
    drafts = profile.include_drafts
    entity = profile.id
    head = entity + "/"
    deadlines: list[Deadline] = []
    duties = plan.duties
    for position in plan.positions(profile.roles):  # the catalog's order
        planned = duties[position]
        if planned.draft and not drafts:
            continue
        counted = _counted(planned, ctx, start)
        deadlines += [
            _deadline(p[_DATE], head + key, entity, p, counted)
            for key, p in _keyed(counted, ctx, start)
        ]
    deadlines.sort(key=_BY_DATE_AND_KEY)
    return deadlines


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
