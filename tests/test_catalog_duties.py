"""Every duty of the bundled catalog computes a dated, explained deadline."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from cnreg_calendar import Profile, Unit, load_catalog, schedule
from cnreg_calendar.model import (
    AfterEvent,
    BeforeEvent,
    Duty,
    FixedDate,
    FollowUp,
    Recurring,
    Validity,
    Yearly,
)

CATALOG = load_catalog()
ANCHOR = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _events(duty: Duty) -> dict[str, list[dt.date | dt.datetime]]:
    rule = duty.rule
    if isinstance(rule, FollowUp):
        return _events(CATALOG.duty(rule.duty))
    if isinstance(rule, (Recurring, AfterEvent, BeforeEvent, Validity)):
        if duty.events_until is not None:  # a duty a later instrument changed: an earlier event
            day = duty.events_until - dt.timedelta(days=30)
            return {rule.event: [day]}
        period = rule.valid_for if isinstance(rule, Validity) else rule.period
        anchor: dt.date | dt.datetime = ANCHOR if period.unit is Unit.HOURS else ANCHOR.date()
        if duty.events_from is not None and duty.events_from > ANCHOR.date():  # a later rule
            anchor = duty.events_from + dt.timedelta(days=30)
        return {rule.event: [anchor]}
    return {}


def _window(duty: Duty) -> tuple[dt.date, dt.date]:
    rule = duty.rule
    if isinstance(rule, FixedDate):
        return rule.date - dt.timedelta(days=40), rule.date + dt.timedelta(days=40)
    if isinstance(rule, Yearly):
        first = rule.first_year or 2025
        return dt.date(first, 1, 1), dt.date(first + 1, 12, 31)
    if duty.events_until is not None:
        return duty.events_until - dt.timedelta(days=30), dt.date(2031, 12, 31)
    return dt.date(2025, 1, 1), dt.date(2031, 12, 31)


@pytest.mark.parametrize("duty", CATALOG.duties, ids=lambda d: d.id)
def test_every_duty_gives_a_deadline(duty: Duty) -> None:
    """A profile with the duty's roles and a sample anchor gets at least one explained deadline."""
    start, end = _window(duty)
    instrument = CATALOG.instrument(duty.instrument_id)
    where = duty.jurisdiction or instrument.jurisdiction
    profile = Profile(
        "Sample Co.",
        roles=duty.applies_to,
        events=_events(duty),
        include_drafts=True,
        regions=() if where == "CN" else (where,),
    )
    found = [d for d in schedule(profile, start, end, CATALOG) if d.duty.id == duty.id]
    if where != "CN":  # a local duty binds only organisations that operate there
        nowhere = attrs.evolve(profile, regions=())
        assert [] == [d for d in schedule(nowhere, start, end, CATALOG) if d.duty.id == duty.id]
    if instrument.status.value in ("superseded", "repealed"):
        assert [] == found
        return
    assert found, f"{duty.id}: no deadline between {start} and {end}"
    first = found[0]
    assert start <= first.date <= end
    text = first.explanation()
    assert duty.title_en in text
    assert duty.article in text
    assert first.due.date in (first.date, first.time)
