"""Properties of the schedule engine against the period rules applied one occurrence at a time.

The engine skips occurrences it can tell are outside the range (by month arithmetic) and shares
its work between organisations; here every occurrence number k is counted from scratch with
:func:`cnreg_calendar.due` (Civil Code Arts. 201-203) and filtered by the range, so a skipped
or extra occurrence, or a date counted differently, shows.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cnreg_calendar import Period, due, load_catalog, schedule
from cnreg_calendar.model import Duty, FollowUp, Recurring, Status
from cnreg_calendar.notices import build_day_table
from cnreg_calendar.profile import Profile
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

CATALOG = load_catalog()
CALENDAR = china_calendar(provisional=True)
RECURRING = [
    duty
    for duty in CATALOG.duties
    if isinstance(duty.rule, Recurring)
    and CATALOG.instrument(duty.instrument_id).status not in (Status.SUPERSEDED, Status.REPEALED)
]
ROLES = tuple(sorted({role for duty in RECURRING for role in duty.applies_to}))


def test_the_catalog_has_recurrences_of_several_periods() -> None:
    """The property below covers months and years, and more than one length of each."""
    periods = {str(duty.rule.period) for duty in RECURRING if isinstance(duty.rule, Recurring)}
    assert {"6 months", "1 year", "2 years"} <= periods


@settings(max_examples=150, deadline=None)
@given(
    anchor=st.dates(dt.date(2004, 1, 1), dt.date(2031, 12, 31)),
    start=st.dates(dt.date(2005, 1, 1), dt.date(2032, 12, 31)),
    span=st.integers(0, 5 * 366),
)
def test_recurrences_are_every_occurrence_in_the_range(
    anchor: dt.date, start: dt.date, span: int
) -> None:
    """Occurrence k of a recurring duty is `due(anchor, k × period)`, present iff in range."""
    end = start + dt.timedelta(days=span)
    events = {duty.rule.event: [anchor] for duty in RECURRING if isinstance(duty.rule, Recurring)}
    profile = Profile("p", roles=ROLES, events=events, include_drafts=True)
    found = {
        d.key.split("/", 1)[1]: d
        for d in schedule(profile, start, end, CATALOG, CALENDAR)
        if isinstance(d.duty.rule, Recurring)
    }
    expected = {}
    for duty in RECURRING:
        rule = duty.rule
        assert isinstance(rule, Recurring)
        if not duty.counts_from(anchor):
            continue
        for k in range(1, 100):
            period = Period(rule.period.amount * k, rule.period.unit)
            day = due(anchor, period, CALENDAR).date
            if day > end:
                break
            if day >= start:
                expected[f"{duty.id}/{rule.event}[0]/{k}"] = day
    assert expected == {key: d.date for key, d in found.items()}
    for deadline in found.values():
        assert deadline.due.date == deadline.date


ALL_ROLES = tuple(sorted(role.id for role in CATALOG.roles))
_DAYS = st.dates(dt.date(2021, 1, 1), dt.date(2027, 6, 30))


def _events_of(duty: Duty) -> set[str]:
    """The events that date a duty: its anchor and, for a follow-up, the completion."""
    rule = duty.rule
    if isinstance(rule, FollowUp):
        trigger = CATALOG.duty(rule.duty)
        return _events_of(trigger) | ({rule.completion_event} if rule.completion_event else set())
    event = getattr(rule, "event", None)
    return {event} if event else set()


@st.composite
def profiles(draw: st.DrawFn, name: str) -> Profile:
    """An organisation with some roles and one to three dates for most events its duties use."""
    roles = draw(st.lists(st.sampled_from(ALL_ROLES), min_size=1, max_size=8, unique=True))
    used = sorted(
        {
            e
            for duty in CATALOG.duties
            if set(roles) & set(duty.applies_to)
            for e in _events_of(duty)
        }
    )
    events: dict[str, list[dt.date | dt.datetime]] = {
        event: list(draw(st.lists(_DAYS, min_size=1, max_size=3)))
        for event in used
        if draw(st.integers(0, 4))  # leave out about one event in five
    }
    return Profile(name, roles=tuple(roles), events=events, include_drafts=draw(st.booleans()))


def _fresh() -> ChinaCalendar:
    """A calendar that remembers nothing yet."""
    return ChinaCalendar(build_day_table(), provisional=True)


def _seen(
    profile: Profile, start: dt.date, end: dt.date, calendar: ChinaCalendar
) -> list[tuple[object, ...]]:
    deadlines = schedule(profile, start, end, CATALOG, calendar)
    return [(d.date, d.key, d.when, d.rule, d.provisional, d.assumed, d.notes) for d in deadlines]


@settings(max_examples=60, deadline=None)
@given(
    first=profiles("a"),
    second=profiles("b"),
    start=st.dates(dt.date(2023, 1, 1), dt.date(2027, 1, 1)),
    span=st.integers(0, 3 * 366),
)
def test_shared_work_does_not_change_a_schedule(
    first: Profile, second: Profile, start: dt.date, span: int
) -> None:
    """What a calendar remembers from one organisation never changes another's schedule."""
    end = start + dt.timedelta(days=span)
    alone = [_seen(p, start, end, _fresh()) for p in (first, second)]
    shared = _fresh()
    together = [_seen(p, start, end, shared) for p in (first, second)]
    reverse = [_seen(p, start, end, shared) for p in (second, first)][::-1]
    assert alone == together == reverse


@given(
    days=st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2024, 3, 1)), min_size=1, max_size=12),
    day=st.dates(dt.date(2023, 12, 1), dt.date(2024, 4, 1)),
)
def test_nearest_occurrence_is_the_closest_then_earliest_then_first(
    days: list[dt.date], day: dt.date
) -> None:
    """The occurrence a recorded completion completes: found by bisection, as by a full scan."""
    from cnreg_calendar.deadlines.followup import nearest

    days.sort()
    scan = min(range(len(days)), key=lambda i: (abs((days[i] - day).days), days[i], i))
    assert scan == nearest(days, day)
