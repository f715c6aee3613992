"""Follow-ups at every trigger occurrence (docs/obligations.md, "Follow-ups"), as properties.

For any recorded completions: every occurrence of the triggering duty in the range — a recorded
completion, or a projected occurrence no completion replaced — has exactly one follow-up, and no
follow-up lacks its trigger. Checked on the fixture catalog's yearly duty counted from go-live
(``recurring-plain`` → ``followup-report``) and on the bundled MIIT assessment counted from the
latest completion (``miit-risk-assessment-annual`` → ``miit-risk-assessment-report``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.deadlines import Deadline, schedule
from cnreg_calendar.model import Catalog
from cnreg_calendar.profile import Profile

FIXTURE = load_catalog(Path(__file__).parent / "data" / "schedule" / "rules.toml")
BUNDLED = load_catalog()
START, END = dt.date(2024, 1, 1), dt.date(2026, 12, 31)
#: The follow-ups of occurrences up to END fall before this (10 working days never span 60 days).
REACH = END + dt.timedelta(days=60)

_DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))


def _tail(key: str) -> str:
    """A key without its entity and duty: what a follow-up shares with its trigger."""
    return key.split("/", 2)[2]


def _check(
    catalog: Catalog,
    profile: Profile,
    trigger_id: str,
    follow_id: str,
    completions: list[dt.date],
) -> None:
    found = schedule(profile, START, REACH, catalog)
    triggers = [d for d in found if d.duty.id == trigger_id and START <= d.date <= END]
    follow: list[Deadline] = [d for d in found if d.duty.id == follow_id]
    # Every recorded completion in the range has exactly one follow-up, counted from it.
    recorded = Counter(d.occurrence.anchor for d in follow if not d.assumed)
    for day in completions:
        if START <= day <= END:
            assert 1 == recorded[day], (day, follow)
    # Every projected occurrence has exactly one follow-up, unless a completion replaced it.
    by_tail = Counter(_tail(d.key) for d in follow if d.assumed)
    replaced = 0
    for trigger in triggers:
        count = by_tail[_tail(trigger.key)]
        assert count <= 1, trigger
        if count == 0:
            replaced += 1
            # Replaced by a completion after its anchor and closer to it than to the next one.
            assert any(
                trigger.occurrence.anchor < day and abs((day - trigger.date).days) <= 366
                for day in completions
            ), trigger
    assert replaced <= len(set(completions))
    # No follow-up lacks its trigger.
    dates = {_tail(t.key): t.date for t in triggers}
    for d in follow:
        if d.assumed:
            anchor = d.occurrence.anchor
            if START <= anchor <= END:
                assert dates[_tail(d.key)] == anchor, d
        else:
            assert d.occurrence.anchor in completions, d


@settings(max_examples=60, deadline=None)
@given(
    go_live=st.lists(_DAYS, min_size=1, max_size=2, unique=True),
    completions=st.lists(_DAYS, max_size=4, unique=True),
)
def test_every_occurrence_of_a_yearly_duty_has_one_follow_up(
    go_live: list[dt.date], completions: list[dt.date]
) -> None:
    """A duty counted from go-live (anniversaries), completions recorded or not."""
    events: dict[str, list[dt.date | dt.datetime]] = {"go-live": sorted(go_live)}
    if completions:
        events["assessment-done"] = sorted(completions)
    profile = Profile("Follow Co.", roles=("operator",), events=events)
    _check(FIXTURE, profile, "recurring-plain", "followup-report", completions)


@settings(max_examples=60, deadline=None)
@given(completions=st.lists(_DAYS, min_size=1, max_size=4, unique=True))
def test_every_assessment_counted_from_the_latest_has_one_report(
    completions: list[dt.date],
) -> None:
    """The MIIT yearly assessment counts from the latest completion: each completion and each
    projected assessment after it is reported, early completions included."""
    profile = Profile(
        "Industry Co.",
        roles=("industry-data-processor",),
        events={"risk-assessment-completed": sorted(completions)},
    )
    _check(
        BUNDLED, profile, "miit-risk-assessment-annual", "miit-risk-assessment-report", completions
    )


def test_an_early_completion_leaves_no_year_without_its_report() -> None:
    """Issue 12, row 1: an assessment completed 2024-09-27 is due again 2025-09-28 (Sat 09-27
    rolls to Sun 09-28, a make-up working day) and 2026-09-28 (Sun 09-27 → Mon 09-28); each
    is reported within 10 working days.

    2024-09-27 (Fri) + 10: Sep 29 (Sun, 调休) 1, Sep 30 2, Oct 1–7 off, Oct 8 3, 9 4, 10 5,
    11 6, Sat Oct 12 (调休) 7, 14 8, 15 9, 16 10 → 2024-10-16.
    2025-09-28 (Sun, 调休) + 10: Sep 29 1, 30 2, Oct 1–8 off, Oct 9 3, 10 4, Sat Oct 11
    (调休) 5, 13 6, 14 7, 15 8, 16 9, 17 10 → 2025-10-17.
    2026-09-28 (Mon) + 10: Sep 29 1, 30 2, Oct 1–7 off, Oct 8 3, 9 4, Sat Oct 10 (调休) 5,
    12 6, 13 7, 14 8, 15 9, 16 10 → 2026-10-16.
    """
    profile = Profile(
        "Row One Co.",
        roles=("industry-data-processor",),
        events={"risk-assessment-completed": [dt.date(2024, 9, 27)]},
    )
    found = schedule(profile, START, END, BUNDLED)
    reports = [(d.date, d.assumed) for d in found if d.duty.id == "miit-risk-assessment-report"]
    assert [
        (dt.date(2024, 10, 16), False),
        (dt.date(2025, 10, 17), True),
        (dt.date(2026, 10, 16), True),
    ] == reports
