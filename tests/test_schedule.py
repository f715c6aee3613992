"""The schedule engine against dates worked out by hand, one fixture instrument per rule kind.

The fixture catalog is ``tests/data/schedule/rules.toml``. Every expected date below was computed by
hand from the rule and the State Council notices (legal-periods.md §3), with the working in a
comment. Days off and make-up working days used here:

- 2024: Feb 10–17 (work Sun Feb 4, Sun Feb 18); May 1–5 (work Sat May 11); Jun 8–10;
  Oct 1–7 (work Sun Sep 29, Sat Oct 12).
- 2025: Jan 1; Jan 28–Feb 4 (work Sun Jan 26, Sat Feb 8); May 31–Jun 2.
- 2026: Feb 15–23 (work Sat Feb 14, Sat Feb 28); Jun 19–21; Sep 25–27;
  Oct 1–7 (work Sun Sep 20, Sat Oct 10).

Nothing after 2026-12-24 is settled by a published notice: those days are estimated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.deadlines import Deadline, Mark, schedule, watch
from cnreg_calendar.errors import ScheduleNotPublished
from cnreg_calendar.profile import Profile
from cnreg_calendar.workdays import china_calendar

FIXTURE = Path(__file__).parent / "data" / "schedule" / "rules.toml"
CATALOG = load_catalog(FIXTURE)


def d(text: str) -> dt.date:
    """A date from ISO text, to keep the expectations readable."""
    return dt.date.fromisoformat(text)


def t(text: str) -> dt.datetime:
    """An aware datetime from ISO text with its offset."""
    return dt.datetime.fromisoformat(text)


EVENTS: dict[str, list[dt.date | dt.datetime]] = {
    "go-live": [d("2023-08-01"), d("2025-11-03")],
    "assessment-done": [d("2024-08-01")],
    "review-done": [d("2023-06-01"), d("2025-06-20")],
    "contract-effective": [d("2024-09-27"), d("2026-02-10"), d("2026-09-18")],
    "filing-made": [d("2026-01-29"), d("2026-09-01")],
    "data-collected": [d("2024-08-31"), d("2025-08-15")],
    "incident-discovered": [
        t("2024-09-30T22:00:00+00:00"),  # 2024-10-01 06:00 in Beijing
        d("2025-03-03"),  # a date only: counted from 00:00 Beijing time
        t("2026-02-16T21:40:00+08:00"),  # during the Spring Festival holiday
    ],
    "licence-expiry": [d("2024-10-08"), d("2026-03-17")],
    "licence-granted": [d("2023-10-01")],
    "permit-granted": [d("2024-10-12")],
    "product-launch": [d("2024-05-06"), d("2025-03-03")],
}
PROFILE = Profile("Fixture Co.", roles=("operator",), events=EVENTS).check(CATALOG)
START, END = d("2024-01-01"), d("2026-12-31")

#: Every deadline of PROFILE in [START, END], by key without the entity, worked out by hand.
EXPECTED: dict[str, dt.date] = {
    # fixed-date, obligation: Sun 2026-02-15 is the first day of Spring Festival (Feb 15–23):
    # Art. 203 by analogy → the next working day, Tue 2026-02-24.
    "fixed-obligation": d("2026-02-24"),
    # fixed-date, regulator's target: Sat 2026-10-03 (National Day) shown as given.
    "fixed-target": d("2026-10-03"),
    # by_end_of "2026-02" → Sat 2026-02-28, a make-up working day: stays.
    "by-end-obligation": d("2026-02-28"),
    # Thu 2026-12-24 is settled by the 2026 notice; Fri 2026-12-25 is estimated (a weekday).
    "fixed-dec24": d("2026-12-24"),
    "fixed-dec25": d("2026-12-25"),
    # yearly 31 January from 2024: Wed 2024-01-31 stays; Fri 2025-01-31 is inside Spring
    # Festival 2025 (Jan 28–Feb 4; Sat Feb 1 and Sun Feb 2 inside it) → Wed 2025-02-05;
    # Sat 2026-01-31 → Mon 2026-02-02.
    "yearly-jan31/2024": d("2024-01-31"),
    "yearly-jan31/2025": d("2025-02-05"),
    "yearly-jan31/2026": d("2026-02-02"),
    # yearly 29 February, from the effective year 2024: Thu 2024-02-29 stays; 2025 has no
    # 29 February → Fri 2025-02-28; 2026 → Sat 2026-02-28, a make-up working day: stays.
    "yearly-feb29/2024": d("2024-02-29"),
    "yearly-feb29/2025": d("2025-02-28"),
    "yearly-feb29/2026": d("2026-02-28"),
    # yearly 30 June, 2024–2025 only: Sun 2024-06-30 → Mon 2024-07-01; Mon 2025-06-30 stays.
    "yearly-bounded/2024": d("2024-07-01"),
    "yearly-bounded/2025": d("2025-06-30"),
    # recurring 1 year from go-live 2023-08-01: Thu 2024-08-01, Fri 2025-08-01,
    # Sat 2026-08-01 → Mon 2026-08-03; from go-live 2025-11-03: Tue 2026-11-03.
    "recurring-plain/go-live[0]/1": d("2024-08-01"),
    "recurring-plain/go-live[0]/2": d("2025-08-01"),
    "recurring-plain/go-live[0]/3": d("2026-08-03"),
    "recurring-plain/go-live[1]/1": d("2026-11-03"),
    # recurring with restart, reviews 2023-06-01 and 2025-06-20: Sat 2024-06-01 → Mon 06-03;
    # Sun 2025-06-01 (Dragon Boat May 31–Jun 2) → Tue 2025-06-03; the review of 2025-06-20
    # restarts the cycle: Sat 2026-06-20 (Dragon Boat Jun 19–21) → Mon 2026-06-22.
    "recurring-restart/review-done[0]/1": d("2024-06-03"),
    "recurring-restart/review-done[0]/2": d("2025-06-03"),
    "recurring-restart/review-done[1]/1": d("2026-06-22"),
    # the same without restart also keeps counting from 2023-06-01: Mon 2026-06-01.
    "recurring-no-restart/review-done[0]/1": d("2024-06-03"),
    "recurring-no-restart/review-done[0]/2": d("2025-06-03"),
    "recurring-no-restart/review-done[0]/3": d("2026-06-01"),
    "recurring-no-restart/review-done[1]/1": d("2026-06-22"),
    # follow-up 10 working days. Recorded completion Thu 2024-08-01: Fri 8-2 1, Mon 8-5 2 …
    # Fri 8-9 6, Mon 8-12 7 … Thu 8-15 10 → 2024-08-15. The 2024-08-01 occurrence is covered by
    # that completion; the later ones are projected from their due dates:
    # Fri 2025-08-01: Mon 8-4 1 … Fri 8-8 5, Mon 8-11 6 … Fri 8-15 10 → 2025-08-15;
    # Mon 2026-08-03: Tue 8-4 1 … Fri 8-7 4, Mon 8-10 5 … Fri 8-14 9, Mon 8-17 10 → 2026-08-17;
    # Tue 2026-11-03: Wed 11-4 1 … Fri 11-6 3, Mon 11-9 4 … Fri 11-13 8, Mon 11-16 9,
    # Tue 11-17 10 → 2026-11-17.
    "followup-report/assessment-done[0]": d("2024-08-15"),
    "followup-report/go-live[0]/2": d("2025-08-15"),
    "followup-report/go-live[0]/3": d("2026-08-17"),
    "followup-report/go-live[1]/1": d("2026-11-17"),
    # after-event 10 working days.
    # Fri 2024-09-27: Sat 9-28 rest, Sun 9-29 (make-up) 1, Mon 9-30 2, Oct 1–7 off, Tue 10-8 3,
    # Wed 10-9 4, Thu 10-10 5, Fri 10-11 6, Sat 10-12 (make-up) 7, Mon 10-14 8, Tue 10-15 9,
    # Wed 10-16 10 → 2024-10-16.
    # Tue 2026-02-10: Wed 2-11 1, Thu 2-12 2, Fri 2-13 3, Sat 2-14 (make-up) 4, Feb 15–23 off,
    # Tue 2-24 5, Wed 2-25 6, Thu 2-26 7, Fri 2-27 8, Sat 2-28 (make-up) 9, Mon 3-2 10.
    # Fri 2026-09-18: Sat 9-19 rest, Sun 9-20 (make-up) 1, Mon 9-21 2, Tue 9-22 3, Wed 9-23 4,
    # Thu 9-24 5, Sep 25–27 off, Mon 9-28 6, Tue 9-29 7, Wed 9-30 8, Oct 1–7 off, Thu 10-8 9,
    # Fri 10-9 10 → 2026-10-09.
    "after-working-days/contract-effective[0]": d("2024-10-16"),
    "after-working-days/contract-effective[1]": d("2026-03-02"),
    "after-working-days/contract-effective[2]": d("2026-10-09"),
    # after-event 30 days: Thu 2026-01-29 + 30 → Sat 2026-02-28, a make-up working day: stays;
    # Tue 2026-09-01 + 30 → Thu 2026-10-01 (National Day, Oct 1–7) → Thu 2026-10-08.
    "after-days/filing-made[0]": d("2026-02-28"),
    "after-days/filing-made[1]": d("2026-10-08"),
    # after-event 6 months: 2024-08-31 → no 31 February → Fri 2025-02-28 (Art. 202);
    # 2025-08-15 → Sun 2026-02-15 (Spring Festival) → Tue 2026-02-24.
    "after-months/data-collected[0]": d("2025-02-28"),
    "after-months/data-collected[1]": d("2026-02-24"),
    # after-event 4 hours (Beijing dates): 2024-10-01 06:00 → 10:00; 2025-03-03 00:00 → 04:00;
    # 2026-02-16 21:40 → 2026-02-17 01:40, a holiday, never extended.
    "after-hours/incident-discovered[0]": d("2024-10-01"),
    "after-hours/incident-discovered[1]": d("2025-03-03"),
    "after-hours/incident-discovered[2]": d("2026-02-17"),
    # before-event 5 working days, the anchor excluded. Tue 2024-10-08: Oct 1–7 off, Mon 9-30 1,
    # Sun 9-29 (make-up) 2, Sat 9-28 rest, Fri 9-27 3, Thu 9-26 4, Wed 9-25 5 → 2024-09-25.
    # Tue 2026-03-17: Mon 3-16 1, Fri 3-13 2, Thu 3-12 3, Wed 3-11 4, Tue 3-10 5 → 2026-03-10.
    "before-working-days/licence-expiry[0]": d("2024-09-25"),
    "before-working-days/licence-expiry[1]": d("2026-03-10"),
    # before-event 30 days, moved earlier off a rest day: 2024-10-08 − 30 = Sun 2024-09-08 →
    # Fri 2024-09-06; 2026-03-17 − 30 = Sun 2026-02-15 (Spring Festival) → Sat 2026-02-14
    # (make-up working day).
    "before-days/licence-expiry[0]": d("2024-09-06"),
    "before-days/licence-expiry[1]": d("2026-02-14"),
    # validity 3 years from Sun 2023-10-01 → Thu 2026-10-01, a holiday: not extended.
    "validity-expiry/licence-granted[0]": d("2026-10-01"),
    # validity 2 years from Sat 2024-10-12 → Mon 2026-10-12; 30 working days before, the expiry
    # excluded: Sat 10-10 (make-up) 1, Fri 10-9 2, Thu 10-8 3, Oct 1–7 off, Wed 9-30 4,
    # Tue 9-29 5, Mon 9-28 6, Sep 25–27 off, Thu 9-24 7, Wed 9-23 8, Tue 9-22 9, Mon 9-21 10,
    # Sun 9-20 (make-up) 11, Fri 9-18 12 … Mon 9-14 16, Fri 9-11 17 … Mon 9-7 21,
    # Fri 9-4 22 … Tue 9-1 25, Mon 8-31 26, Fri 8-28 27, Thu 8-27 28, Wed 8-26 29,
    # Tue 8-25 30 → 2026-08-25.
    "validity-renew/permit-granted[0]": d("2026-08-25"),
    # events_until 2024-12-31: launch Mon 2024-05-06 + 15 days → Tue 2024-05-21.
    "window-old/product-launch[0]": d("2024-05-21"),
    # events_from 2025-01-01: launch Mon 2025-03-03 + 5 working days: Tue 3-4 1 … Fri 3-7 4,
    # Mon 3-10 5 → 2025-03-10 (the key keeps the launch's index in the profile).
    "window-new/product-launch[1]": d("2025-03-10"),
}


def run(profile: Profile = PROFILE, start: dt.date = START, end: dt.date = END) -> list[Deadline]:
    """The fixture schedule of ``profile``."""
    return schedule(profile, start, end, CATALOG)


def by_key(deadlines: list[Deadline], prefix: str = "") -> dict[str, Deadline]:
    """The deadlines by key without the entity, those whose key starts with ``prefix``."""
    result = {}
    for deadline in deadlines:
        key = deadline.key.split("/", 1)[1]
        if key.startswith(prefix):
            result[key] = deadline
    return result


def dates(deadlines: list[Deadline], prefix: str) -> dict[str, dt.date]:
    """The dates of the deadlines whose key (without the entity) starts with ``prefix``."""
    return {key: deadline.date for key, deadline in by_key(deadlines, prefix).items()}


def expected(prefix: str) -> dict[str, dt.date]:
    """The hand-computed dates of EXPECTED whose key starts with ``prefix``."""
    return {key: day for key, day in EXPECTED.items() if key.startswith(prefix)}


# --- the whole schedule ------------------------------------------------------------------------


def test_whole_schedule_matches_hand_computation() -> None:
    """Every deadline of the fixture profile in 2024–2026, and nothing else, falls as computed."""
    assert EXPECTED == dates(run(), "")


def test_sorted_by_beijing_instant_then_key() -> None:
    """Deadlines come in time order: date, time of day (all-day deadlines at the end of their
    day), then key."""
    result = run()

    def instant(x: Deadline) -> tuple[dt.date, dt.time, str]:
        return (x.date, x.time.time() if x.time else dt.time.max, x.key)

    assert sorted(result, key=instant) == result
    timed = [x for x in result if x.time]
    assert timed  # the fixture has hour deadlines
    for x in timed:
        same_day = [y for y in result if y.date == x.date and y.time is None]
        assert all(result.index(x) < result.index(y) for y in same_day)


def test_keys_are_distinct_and_carry_the_entity() -> None:
    """Every key is unique and starts with the profile's id."""
    result = run()
    assert len(result) == len({x.key for x in result})
    assert {"fixture-co"} == {x.key.split("/", 1)[0] for x in result}
    assert {"fixture-co"} == {x.entity for x in result}


@pytest.mark.parametrize(
    ("start", "end"),
    [("2024-10-01", "2024-10-31"), ("2025-06-01", "2025-06-30"), ("2026-02-14", "2026-02-28")],
)
def test_only_deadlines_in_range(start: str, end: str) -> None:
    """A narrower range gives exactly the expected deadlines inside it."""
    inside = {k: v for k, v in EXPECTED.items() if d(start) <= v <= d(end)}
    assert inside == dates(run(start=d(start), end=d(end)), "")


def test_range_bounds_are_inclusive() -> None:
    """A one-day range holds the deadlines of that very day."""
    # 2024-10-16: the 10 working days after 2024-09-27.
    assert {"after-working-days/contract-effective[0]": d("2024-10-16")} == dates(
        run(start=d("2024-10-16"), end=d("2024-10-16")), ""
    )


def test_deterministic() -> None:
    """Two runs, and a run on a freshly loaded catalog, give equal lists."""
    assert run() == run()
    again = schedule(PROFILE, START, END, load_catalog(FIXTURE))
    assert [(x.date, x.key, x.rule) for x in run()] == [(x.date, x.key, x.rule) for x in again]


def test_keys_do_not_depend_on_the_due_date() -> None:
    """Moving an event date moves its deadlines and keeps every key."""
    events = {**EVENTS, "contract-effective": [d("2024-09-27"), d("2026-02-12"), d("2026-09-18")]}
    events["go-live"] = [d("2023-08-01"), d("2025-11-04")]
    moved = dates(run(attrs.evolve(PROFILE, events=events)), "")
    assert set(EXPECTED) == set(moved)
    # Thu 2026-02-12: Fri 2-13 1, Sat 2-14 (make-up) 2, Feb 15–23 off, Tue 2-24 3 … Fri 2-27 6,
    # Sat 2-28 (make-up) 7, Mon 3-2 8, Tue 3-3 9, Wed 3-4 10 → 2026-03-04.
    assert d("2026-03-04") == moved["after-working-days/contract-effective[1]"]
    # Go-live 2025-11-04 + 1 year → Wed 2026-11-04; its report: Thu 11-5 1, Fri 11-6 2,
    # Mon 11-9 3 … Fri 11-13 7, Mon 11-16 8, Tue 11-17 9, Wed 11-18 10 → 2026-11-18.
    assert d("2026-11-04") == moved["recurring-plain/go-live[1]/1"]
    assert d("2026-11-18") == moved["followup-report/go-live[1]/1"]


def test_source_url_comes_from_the_catalog() -> None:
    """Each deadline carries the first URL of its duty's sources."""
    assert {"https://example.org/fixture"} == {x.source_url for x in run()}


# --- fixed dates -------------------------------------------------------------------------------


def test_fixed_obligation_rolls_past_spring_festival() -> None:
    """A fixed date on a Spring Festival day moves to the next working day, naming the holiday."""
    deadline = by_key(run())["fixed-obligation"]
    assert d("2026-02-24") == deadline.date
    assert "fixed date: by 2026-02-15" == deadline.rule
    assert [d("2026-02-24")] == [step.date for step in deadline.due.steps]
    assert "Civil Code Art. 203 (by analogy)" == deadline.due.steps[0].rule
    assert "2026-02-15 is a day off (春节 / Spring Festival)" in deadline.explanation()
    assert deadline.binding


def test_fixed_non_obligation_is_shown_as_given() -> None:
    """A regulator's target on a holiday is not moved and is not binding."""
    deadline = by_key(run())["fixed-target"]
    assert d("2026-10-03") == deadline.date
    assert () == deadline.due.steps
    assert deadline.rule.endswith("(as given)")
    assert not deadline.binding
    assert "not binding: regulator-target" in deadline.explanation()


def test_by_end_of_month_on_a_make_up_day_stays() -> None:
    """by_end_of gives the month's last day; a make-up working Saturday is not moved."""
    deadline = by_key(run())["by-end-obligation"]
    assert d("2026-02-28") == deadline.date
    assert "fixed date: by the end of 2026-02" == deadline.rule
    assert () == deadline.due.steps


def test_role_filter() -> None:
    """A duty for a role the profile lacks is not scheduled, one for its role is."""
    assert {} == dates(run(), "bank-only")
    bank = attrs.evolve(PROFILE, roles=("bank",))
    assert {"bank-only": d("2025-06-30")} == dates(run(bank), "")


def test_conservative_moves_fixed_dates_earlier() -> None:
    """conservative_fixed_dates moves fixed and yearly obligations to the last working day before."""
    conservative = run(attrs.evolve(PROFILE, conservative_fixed_dates=True))
    changed = {
        # Sun 2026-02-15 → Sat 2026-02-14, a make-up working day.
        "fixed-obligation": d("2026-02-14"),
        # Fri 2025-01-31 (Spring Festival from Jan 28) → Mon 2025-01-27.
        "yearly-jan31/2025": d("2025-01-27"),
        # Sat 2026-01-31 → Fri 2026-01-30.
        "yearly-jan31/2026": d("2026-01-30"),
        # Sun 2024-06-30 → Fri 2024-06-28.
        "yearly-bounded/2024": d("2024-06-28"),
    }
    assert {**EXPECTED, **changed} == dates(conservative, "")
    step = by_key(conservative)["fixed-obligation"].due.steps[0]
    assert "Civil Code Art. 203 (by analogy; moved earlier)" == step.rule
    assert "2026-02-15 is a day off (春节 / Spring Festival)" in step.text


# --- yearly ------------------------------------------------------------------------------------


def test_yearly_31_january_rolls_past_rest_days() -> None:
    """A yearly date on a holiday or a Saturday moves to the next working day, every year."""
    result = run()
    assert expected("yearly-jan31") == dates(result, "yearly-jan31")
    text = by_key(result)["yearly-jan31/2025"].explanation()
    assert "2025-01-31 is a day off (春节 / Spring Festival)" in text
    text = by_key(result)["yearly-jan31/2026"].explanation()
    assert "2026-01-31 is a weekend rest day" in text
    assert "every year by 01-31" == by_key(result)["yearly-jan31/2024"].rule


def test_yearly_29_february_in_common_years() -> None:
    """29 February falls on 28 February in common years, from the instrument's effective year."""
    assert expected("yearly-feb29") == dates(run(), "yearly-feb29")


def test_yearly_first_and_last_year() -> None:
    """first_year and last_year bound the occurrences."""
    wide = run(end=d("2028-12-31"))
    assert expected("yearly-bounded") == dates(wide, "yearly-bounded")


# --- recurring ---------------------------------------------------------------------------------


def test_recurring_every_occurrence_until_end() -> None:
    """A recurring duty gives every occurrence until the end, across years, for each event date."""
    result = run(end=d("2028-12-31"))
    assert {
        **expected("recurring-plain"),
        # Sun 2027-08-01 → Mon 2027-08-02 (2027 estimated); Wed 2027-11-03; Tue 2028-08-01;
        # Fri 2028-11-03.
        "recurring-plain/go-live[0]/4": d("2027-08-02"),
        "recurring-plain/go-live[0]/5": d("2028-08-01"),
        "recurring-plain/go-live[1]/2": d("2027-11-03"),
        "recurring-plain/go-live[1]/3": d("2028-11-03"),
    } == dates(result, "recurring-plain")


def test_recurring_keys_are_stable_across_ranges() -> None:
    """An occurrence has the same key and date whatever range it is asked in."""
    wide = dates(run(end=d("2028-12-31")), "recurring-plain")
    narrow = dates(run(start=d("2027-01-01"), end=d("2027-12-31")), "recurring-plain")
    assert {k: v for k, v in wide.items() if v.year == 2027} == narrow


def test_recurring_restart() -> None:
    """With restart, each new event date ends the cycle of the previous one."""
    result = run(end=d("2027-12-31"))
    assert {
        **expected("recurring-restart"),
        # Sun 2027-06-20 → Mon 2027-06-21 (estimated).
        "recurring-restart/review-done[1]/2": d("2027-06-21"),
    } == dates(result, "recurring-restart")
    assert {
        **expected("recurring-no-restart"),
        # Tue 2027-06-01; Mon 2027-06-21.
        "recurring-no-restart/review-done[0]/4": d("2027-06-01"),
        "recurring-no-restart/review-done[1]/2": d("2027-06-21"),
    } == dates(result, "recurring-no-restart")


# --- follow-up ---------------------------------------------------------------------------------


def test_follow_up_recorded_and_projected() -> None:
    """A recorded completion anchors a firm deadline; later occurrences are projected and assumed."""
    found = by_key(run(), "followup-report")
    assert expected("followup-report") == {k: v.date for k, v in found.items()}
    assert {
        "followup-report/assessment-done[0]": False,
        "followup-report/go-live[0]/2": True,
        "followup-report/go-live[0]/3": True,
        "followup-report/go-live[1]/1": True,
    } == {k: v.assumed for k, v in found.items()}
    assert () == found["followup-report/assessment-done[0]"].notes
    assert (
        "recurring-plain due 2025-08-01 has no recorded completion (record it as "
        "assessment-done): counted from its due date",
    ) == found["followup-report/go-live[0]/2"].notes
    assert "assumed: recurring-plain due 2025-08-01" in (
        found["followup-report/go-live[0]/2"].explanation()
    )


def test_follow_up_of_an_occurrence_before_the_range() -> None:
    """A follow-up in the range is found even when its trigger falls before the range."""
    assert {"followup-report/go-live[0]/2": d("2025-08-15")} == dates(
        run(start=d("2025-08-10"), end=d("2025-08-31")), "followup-report"
    )


def test_follow_up_without_any_completion_is_assumed_throughout() -> None:
    """Without a recorded completion every follow-up is projected from a due date."""
    events = {k: v for k, v in EVENTS.items() if k != "assessment-done"}
    found = by_key(run(attrs.evolve(PROFILE, events=events)), "followup-report")
    # Thu 2024-08-01 + 10 working days → Thu 2024-08-15 (see EXPECTED).
    assert {
        "followup-report/go-live[0]/1": d("2024-08-15"),
        **{k: v for k, v in expected("followup-report").items() if "go-live" in k},
    } == {k: v.date for k, v in found.items()}
    assert {True} == {v.assumed for v in found.values()}


def test_an_early_completion_completes_the_coming_occurrence() -> None:
    """A completion recorded before a due date completes that occurrence: no second report."""
    events = {**EVENTS, "assessment-done": [d("2024-08-01"), d("2025-07-10")]}
    found = by_key(run(attrs.evolve(PROFILE, events=events)), "followup-report")
    # Thu 2025-07-10 is 22 days before the occurrence due Fri 2025-08-01 and 343 after the one of
    # 2024-08-01: it completes 2025's. + 10 working days: Fri 7-11 1, Mon 7-14 2 … Fri 7-18 6,
    # Mon 7-21 7 … Thu 7-24 10 → 2025-07-24 (no holiday in July 2025).
    assert {
        "followup-report/assessment-done[0]": d("2024-08-15"),
        "followup-report/assessment-done[1]": d("2025-07-24"),
        "followup-report/go-live[0]/3": d("2026-08-17"),
        "followup-report/go-live[1]/1": d("2026-11-17"),
    } == {k: v.date for k, v in found.items()}
    assert not found["followup-report/assessment-done[1]"].assumed


def test_a_late_completion_completes_the_past_occurrence() -> None:
    """A completion recorded after a due date completes that one, not the next."""
    events = {**EVENTS, "assessment-done": [d("2024-08-01"), d("2025-09-01")]}
    found = by_key(run(attrs.evolve(PROFILE, events=events)), "followup-report")
    # Mon 2025-09-01 is 31 days after 2025-08-01's occurrence: it completes that one (late).
    # + 10 working days: Tue 9-2 1 … Fri 9-5 4, Mon 9-8 5 … Fri 9-12 9, Mon 9-15 10.
    assert {
        "followup-report/assessment-done[0]": d("2024-08-15"),
        "followup-report/assessment-done[1]": d("2025-09-15"),
        "followup-report/go-live[0]/3": d("2026-08-17"),
        "followup-report/go-live[1]/1": d("2026-11-17"),
    } == {k: v.date for k, v in found.items()}


# --- after-event, before-event -----------------------------------------------------------------


def test_after_event_working_days_across_holidays() -> None:
    """Working days skip National Day 2024, Spring Festival 2026 and National Day 2026."""
    result = run()
    assert expected("after-working-days") == dates(result, "after-working-days")
    deadline = by_key(result)["after-working-days/contract-effective[0]"]
    assert "10 working days after contract-effective (2024-09-27)" == deadline.rule
    assert "the 10th working day after the anchor" in deadline.explanation()


def test_calendar_day_period_ending_on_a_make_up_day_stays() -> None:
    """A 30-day period ending on a make-up working Saturday is not moved."""
    deadline = by_key(run())["after-days/filing-made[0]"]
    assert d("2026-02-28") == deadline.date
    assert [d("2026-02-28")] == [step.date for step in deadline.due.steps]


def test_calendar_day_period_rolls_past_national_day() -> None:
    """A period ending on 1 October moves past National Day, the explanation naming Art. 203."""
    deadline = by_key(run())["after-days/filing-made[1]"]
    assert d("2026-10-08") == deadline.date
    assert [d("2026-10-01"), d("2026-10-08")] == [step.date for step in deadline.due.steps]
    assert "Civil Code Art. 203" == deadline.due.steps[-1].rule
    assert "2026-10-01 is a day off (国庆节 / National Day)" in deadline.explanation()


def test_month_period_ends_on_the_month_end_or_after_the_holiday() -> None:
    """Six months end on the last day of February (Art. 202), or after Spring Festival."""
    result = run()
    assert expected("after-months") == dates(result, "after-months")
    steps = by_key(result)["after-months/data-collected[0]"].due.steps
    assert "no corresponding day" in steps[0].text


def test_before_event_counts_back() -> None:
    """Periods before an event count back, and a rest day moves the deadline earlier."""
    result = run()
    assert expected("before-working-days") == dates(result, "before-working-days")
    assert expected("before-days") == dates(result, "before-days")
    text = by_key(result)["before-days/licence-expiry[1]"].explanation()
    assert "2026-02-15 is a day off (春节 / Spring Festival): moved to the last working day" in text


# --- hours -------------------------------------------------------------------------------------


def test_hour_deadlines_are_timed_in_beijing_and_never_extended() -> None:
    """Hour deadlines carry the exact Beijing time and fall on holidays as they are."""
    found = by_key(run(), "after-hours")
    assert {
        "after-hours/incident-discovered[0]": t("2024-10-01T10:00:00+08:00"),
        "after-hours/incident-discovered[1]": t("2025-03-03T04:00:00+08:00"),
        "after-hours/incident-discovered[2]": t("2026-02-17T01:40:00+08:00"),
    } == {k: v.time for k, v in found.items()}
    for deadline in found.values():
        assert deadline.time is not None
        assert "Asia/Shanghai" == str(deadline.time.tzinfo)
        assert deadline.time.date() == deadline.date
    assert expected("after-hours") == {k: v.date for k, v in found.items()}


def test_hour_deadline_of_a_date_only_event_says_so() -> None:
    """An hour period from a date-only event is counted from 00:00 and carries a note."""
    found = by_key(run(), "after-hours")
    assert (
        "incident-discovered is recorded as a date only: counted from 00:00 Beijing time",
    ) == found["after-hours/incident-discovered[1]"].notes
    assert () == found["after-hours/incident-discovered[2]"].notes


def test_hour_deadline_range_uses_the_beijing_date() -> None:
    """An incident at 22:00 UTC on 30 September falls on 1 October in Beijing."""
    on_first = run(start=d("2024-10-01"), end=d("2024-10-01"))
    assert {"after-hours/incident-discovered[0]": d("2024-10-01")} == dates(on_first, "")
    assert {} == dates(run(start=d("2024-09-30"), end=d("2024-09-30")), "after-hours")


def test_day_periods_have_no_time() -> None:
    """Only hour deadlines carry a time."""
    timed = {k for k, v in by_key(run()).items() if v.time is not None}
    assert set(expected("after-hours")) == timed


# --- validity ----------------------------------------------------------------------------------


def test_validity_expiry_is_not_extended() -> None:
    """The last day of validity stays on a holiday."""
    deadline = by_key(run())["validity-expiry/licence-granted[0]"]
    assert d("2026-10-01") == deadline.date
    assert "(not extended)" in deadline.explanation()


def test_validity_renewal_is_counted_back_from_expiry() -> None:
    """The renewal deadline is 30 working days before the expiry date, the expiry excluded."""
    deadline = by_key(run())["validity-renew/permit-granted[0]"]
    assert d("2026-08-25") == deadline.date
    assert [d("2026-10-12"), d("2026-08-25")] == [step.date for step in deadline.due.steps]
    assert "ends on 2026-10-12" in deadline.rule


# --- events_from / events_until ----------------------------------------------------------------


def test_events_from_and_until_select_the_anchors() -> None:
    """Each duty counts only from event dates in its range; keys keep the profile's index."""
    result = run()
    assert expected("window-old") == dates(result, "window-old")
    assert expected("window-new") == dates(result, "window-new")


def test_events_range_uses_the_beijing_date_of_a_datetime() -> None:
    """A launch at 20:00 UTC on 31 December 2024 is a 2025 launch in Beijing (1 January 04:00)."""
    profile = attrs.evolve(PROFILE, events={"product-launch": [t("2024-12-31T20:00:00+00:00")]})
    # Beijing date Wed 2025-01-01 (New Year's Day) + 5 working days: Thu 1-2 1, Fri 1-3 2,
    # Mon 1-6 3, Tue 1-7 4, Wed 1-8 5 → 2025-01-08, under the rule from 2025 only.
    assert {"window-new/product-launch[0]": d("2025-01-08")} == dates(run(profile), "window")


# --- drafts and superseded instruments ---------------------------------------------------------


def test_drafts_excluded_by_default() -> None:
    """A draft instrument's duty is not scheduled unless asked for."""
    assert {} == dates(run(), "draft-duty")


def test_drafts_included_on_request_and_not_binding() -> None:
    """include_drafts adds the draft's duty, marked not binding."""
    result = run(attrs.evolve(PROFILE, include_drafts=True))
    assert {**EXPECTED, "draft-duty": d("2026-03-02")} == dates(result, "")
    deadline = by_key(result)["draft-duty"]
    assert not deadline.binding
    assert "not binding" in deadline.explanation()


def test_superseded_instruments_excluded() -> None:
    """A superseded instrument's duty is never scheduled, drafts included or not."""
    assert {} == dates(run(attrs.evolve(PROFILE, include_drafts=True)), "superseded-duty")


# --- provisional and strict --------------------------------------------------------------------


def test_provisional_only_after_the_settled_days() -> None:
    """In the default calendar, deadlines after 2026-12-24 are provisional, earlier ones are not."""
    result = run(end=d("2027-12-31"))
    assert [] == [x.key for x in result if x.date <= d("2026-12-24") and x.provisional]
    found = by_key(result)
    assert not found["fixed-dec24"].provisional
    assert found["fixed-dec25"].provisional
    assert found["yearly-jan31/2027"].provisional
    assert "provisional: a year on the way has no published" in (
        found["yearly-jan31/2027"].explanation()
    )


def test_provisional_dates_in_2027() -> None:
    """Estimated 2027 dates still follow the weekend rule."""
    found = dates(run(start=d("2027-01-01"), end=d("2027-03-31")), "yearly")
    # Sun 2027-01-31 → Mon 2027-02-01; Sun 2027-02-28 → Mon 2027-03-01.
    assert {"yearly-jan31/2027": d("2027-02-01"), "yearly-feb29/2027": d("2027-03-01")} == found


def test_strict_profile_reports_unpublished_years_as_undated() -> None:
    """A strict profile gives no date that depends on an unpublished year: it keeps the dates up to
    the settled days and lists each such duty as undated, naming the year and the way forward."""
    strict = schedule(attrs.evolve(PROFILE, strict=True), START, d("2026-12-31"), CATALOG)
    default = run(end=d("2026-12-31"))
    assert [] == [x.key for x in strict if x.provisional]
    assert {x.key for x in strict} == {x.key for x in default if not x.provisional}
    refused = {x.duty.id for x in default if x.provisional}
    assert refused
    reasons = {u.duty.id: u.reason for u in strict.undated if "2027" in u.reason}
    assert refused <= set(reasons)
    assert all("notice" in r and "strict" in r for r in reasons.values())


def test_strict_calendar_reports_unpublished_years_as_undated() -> None:
    """A strict calendar does the same, whatever the profile says; nothing after 24 December 2026."""
    found = schedule(PROFILE, START, d("2027-12-31"), CATALOG, china_calendar(provisional=False))
    assert all(x.date <= d("2026-12-24") for x in found)
    assert any("2027" in u.reason for u in found.undated)


def test_strict_within_the_published_years() -> None:
    """Within the settled days a strict schedule equals the default one."""
    strict = run(attrs.evolve(PROFILE, strict=True), end=d("2026-12-24"))
    assert [(x.date, x.key) for x in run(end=d("2026-12-24"))] == [(x.date, x.key) for x in strict]
    assert [] == [x.key for x in strict if x.provisional]


def test_strict_ignores_a_fixed_date_after_the_range() -> None:
    """A strict schedule of 2024 is not refused because a fixed date in late 2026 is unsettled."""
    strict = run(attrs.evolve(PROFILE, strict=True), end=d("2024-12-31"))
    assert {k: v for k, v in EXPECTED.items() if v.year == 2024} == dates(strict, "")


def test_strict_schedule_is_never_provisional() -> None:
    """A strict schedule either refuses or gives firm dates, never a provisional one."""
    only = attrs.evolve(
        CATALOG, instruments=tuple(i for i in CATALOG.instruments if i.id == "validity-rules")
    )
    profile = Profile(
        "Strict Co.",
        roles=("operator",),
        events={"licence-granted": [d("2024-10-12")]},
        strict=True,
    )
    try:
        result = schedule(profile, START, d("2027-12-31"), only)
    except ScheduleNotPublished:
        result = []
    assert [] == [(x.key, x.date) for x in result if x.provisional]


# --- watch -------------------------------------------------------------------------------------


def test_watch_lists_full_dated_milestones_in_range() -> None:
    """watch() gives the milestones with a full date in the range, sorted, partial dates left out."""
    items = watch(d("2023-06-01"), d("2026-03-12"), CATALOG)
    assert [
        (d("2023-06-01"), "recurring-rules", "effective"),
        (d("2023-07-01"), "fixed-rules", "effective"),
        (d("2023-07-01"), "old-rules", "repealed"),
        (d("2024-01-01"), "yearly-rules", "effective"),
        (d("2024-03-01"), "event-rules", "effective"),
        (d("2025-01-01"), "window-rules", "amended"),
        (d("2026-02-10"), "draft-rules", "comment-start"),
        (d("2026-03-12"), "draft-rules", "comment-end"),
    ] == [(w.date, w.instrument.id, w.kind) for w in items]
    assert sorted(items, key=lambda w: (w.date, w.key)) == items
    assert "watch/fixed-rules/effective/1" == items[1].key


def test_watch_leaves_out_partial_dates() -> None:
    """A milestone known only to the month is never on the watch list."""
    assert [] == watch(d("2020-08-01"), d("2020-08-31"), CATALOG)


def test_deadline_is_made_by_its_constructor_and_reads_well() -> None:
    """A deadline is its attrs class, built by its own constructor; its repr says what it is."""
    for made in run():
        again = Deadline(made.date, made.key, made.entity, made.occurrence, counted=made._counted)
        assert again == made
        assert hash(again) == hash(made)
        assert f"Deadline(date={made.date}, duty={made.duty.id!r}, entity='fixture-co')" == repr(
            made
        )


def test_marks_are_the_one_truth_of_a_deadlines_status() -> None:
    """binding, provisional and assumed read the marks; a draft instrument's duty whose own
    confidence is not "draft" is a draft everywhere (explanation included)."""
    result = run(attrs.evolve(PROFILE, include_drafts=True))
    for deadline in result:
        marks = deadline.marks
        assert deadline.binding == (Mark.NOT_BINDING not in marks)
        assert deadline.provisional == (Mark.PROVISIONAL in marks)
        assert deadline.assumed == (Mark.ASSUMED in marks)
        assert (Mark.DRAFT in marks) == (deadline.duty.id == "draft-duty")
        assert (Mark.NOT_AN_OBLIGATION in marks) == (deadline.duty.nature.value != "obligation")
    draft = by_key(result)["draft-duty"]
    assert "secondary" == draft.duty.confidence.value
    assert "not binding: a draft for comment" == draft.explanation().splitlines()[-1]


def test_to_dict_is_the_row_of_plain_values() -> None:
    """to_dict() gives the JSON row: plain values only, the explanation last."""
    for deadline in run():
        row = deadline.to_dict()
        assert deadline.key == row["key"]
        assert deadline.date.isoformat() == row["date"]
        assert deadline.explanation() == row["explanation"]
        assert {**deadline.to_dict(explanation=False), "explanation": row["explanation"]} == row
        assert all(isinstance(v, str | bool | None) for v in row.values())
