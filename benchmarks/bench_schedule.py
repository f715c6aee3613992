"""Schedules of many organisations: deadlines per second and peak memory.

Generates N profiles (default 1,000) with random roles and event dates, computes each one's
deadlines over three years with the full bundled catalog, and prints the throughput and the peak
memory (tracemalloc) against the target of 100,000 deadlines a second.

Side by side, in the same run, the alternative users have today: the same due dates worked out
one at a time from their anchors with python-holidays' China calendar (``get_nth_working_day``,
``is_working_day``) and dateutil's ``relativedelta`` for months, the way a script without this
library does it. That gives bare dates only (no keys, explanations or provisional flags); the
benchmark also counts where its dates differ from ours (python-holidays guesses the working days
of years without a notice, unflagged).

    python benchmarks/bench_schedule.py [--profiles 1000] [--years 3] [--repeat 5]

Instructions, which unlike seconds do not drift with the machine: ``--passes N`` only runs N
passes over the profiles on one new calendar (the first cold, the rest warm), so that

    valgrind --tool=cachegrind --cache-sim=no python benchmarks/bench_schedule.py --passes 1

minus the same with ``--passes 0`` is a cold run, and ``--passes 2`` minus ``--passes 1`` a warm one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import time
import tracemalloc
from collections.abc import Sequence
from importlib.metadata import version

import holidays
from dateutil.relativedelta import relativedelta

import cnreg_calendar
from cnreg_calendar import Deadline, Profile, Unit, load_catalog, schedule
from cnreg_calendar.model import AfterEvent, BeforeEvent, FollowUp, Recurring
from cnreg_calendar.notices import build_day_table
from cnreg_calendar.periods import beijing_date, to_beijing
from cnreg_calendar.workdays import ChinaCalendar

TARGET_PER_SECOND = 100_000


def make_profiles(n: int, seed: int = 42) -> list[Profile]:
    """``n`` profiles with every role of the catalog drawn at random and 1-3 dates per event."""
    catalog = load_catalog()
    rng = random.Random(seed)
    roles = [r.id for r in catalog.roles]
    events = [e.id for e in catalog.events]
    profiles = []
    for i in range(n):
        chosen = rng.sample(roles, k=rng.randint(3, min(8, len(roles))))
        dated: dict[str, list[dt.date | dt.datetime]] = {}
        for event in events:
            dates: list[dt.date | dt.datetime] = []
            for _ in range(rng.randint(1, 3)):
                day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))
                if event == "security-incident-discovered":
                    dates.append(
                        dt.datetime(
                            day.year,
                            day.month,
                            day.day,
                            rng.randrange(24),
                            tzinfo=cnreg_calendar.periods.SHANGHAI,
                        )
                    )
                else:
                    dates.append(day)
            dated[event] = dates
        profiles.append(Profile(f"Entity {i}", roles=tuple(chosen), events=dated))
    return profiles


#: A due date's inputs: anchor, amount, unit, counted back or not.
Inputs = tuple[dt.date | dt.datetime, int, Unit, bool]


def baseline_inputs(
    deadlines: Sequence[Deadline],
) -> tuple[list[Inputs], list[dt.date | dt.datetime]]:
    """The anchor and period of every deadline counted from an event (recurrences, periods
    after or before events, follow-ups: nearly all), and our date for each."""
    inputs: list[Inputs] = []
    ours: list[dt.date | dt.datetime] = []
    for deadline in deadlines:
        if not isinstance(deadline.duty.rule, (Recurring, AfterEvent, BeforeEvent, FollowUp)):
            continue
        explained = deadline.due
        assert explained.period is not None
        anchor, period = explained.anchor, explained.period
        inputs.append((anchor, period.amount, period.unit, explained.before))
        ours.append(deadline.when)
    return inputs, ours


def baseline_due(hol: holidays.HolidayBase, inputs: Inputs) -> dt.date | dt.datetime:
    """One due date with python-holidays and dateutil: Civil Code Arts. 201-203 by hand."""
    anchor, amount, unit, before = inputs
    if unit is Unit.HOURS:
        delta = dt.timedelta(hours=amount)
        return to_beijing(anchor) - delta if before else to_beijing(anchor) + delta
    day = beijing_date(anchor)
    if unit is Unit.WORKING_DAYS:
        return hol.get_nth_working_day(day, -amount if before else amount)
    if unit is Unit.DAYS:
        end = day + dt.timedelta(days=-amount if before else amount)
    else:
        months = amount * (12 if unit is Unit.YEARS else 1)
        end = day + relativedelta(months=-months if before else months)
    step = dt.timedelta(days=-1 if before else 1)
    while not hol.is_working_day(end):
        end += step
    return end


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5, help="cold and warm runs (median)")
    parser.add_argument(
        "--passes", type=int, help="only run this many passes, untimed (for instruction counts)"
    )
    args = parser.parse_args()
    catalog = load_catalog()
    profiles = make_profiles(args.profiles)
    start = dt.date(2025, 1, 1)
    end = dt.date(2025 + args.years - 1, 12, 31)
    if args.passes is not None:
        calendar = ChinaCalendar(build_day_table(), provisional=True)
        for _ in range(args.passes):
            for p in profiles:
                schedule(p, start, end, catalog, calendar)
        return

    # Cold: a new calendar that has computed none of these dates (what the first request of a
    # new process sees). Warm: the same organisations again, as a long-running service
    # recomputing its entities sees it (a calendar remembers the dates it has computed, and
    # organisations sharing an anchor date share its work). Each is run --repeat times, each
    # cold run with a new calendar, because one run on a shared machine varies by a third.
    colds, warms = [], []
    total = 0
    for _ in range(args.repeat):
        calendar = ChinaCalendar(build_day_table(), provisional=True)
        began = time.perf_counter()
        total = sum(len(schedule(p, start, end, catalog, calendar)) for p in profiles)
        colds.append(time.perf_counter() - began)
        began = time.perf_counter()
        sum(len(schedule(p, start, end, catalog, calendar)) for p in profiles)
        warms.append(time.perf_counter() - began)

    # Peak memory of a cold run that keeps every deadline, as a system building a report would.
    fresh = ChinaCalendar(build_day_table(), provisional=True)
    tracemalloc.start()
    kept = [schedule(p, start, end, catalog, fresh) for p in profiles]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert sum(map(len, kept)) == total

    print(f"machine: {platform.platform()}, Python {platform.python_version()}")
    print(f"catalog: {len(catalog.instruments)} instruments, {len(catalog.duties)} duties")
    print(f"{len(profiles)} profiles x {args.years} years ({start} .. {end}): {total} deadlines")
    print(f"{total / len(profiles):.1f} deadlines per profile")
    for label, runs in (("cold", colds), ("warm", warms)):
        seconds = statistics.median(runs)
        rate = total / seconds
        verdict = "PASS" if rate >= TARGET_PER_SECOND else "FAIL"
        print(
            f"{label}: median {seconds:.3f} s of {len(runs)} runs (fastest {min(runs):.3f} s, "
            f"slowest {max(runs):.3f} s) -> {rate:,.0f} deadlines/s; target >= "
            f"{TARGET_PER_SECOND:,}: {verdict} ({rate / TARGET_PER_SECOND:.2f}x)"
        )
    print(f"peak memory, cold run keeping all {total} deadlines: {peak / 1e6:.1f} MB")

    # The alternative, side by side: the same due dates one at a time with python-holidays.
    inputs, ours = baseline_inputs([d for deadlines in kept for d in deadlines])
    hol = holidays.country_holidays("CN", years=range(start.year - 4, end.year + 2))
    baseline_due(hol, inputs[0])  # python-holidays fills its years on first use: not timed
    runs = []
    theirs: list[dt.date | dt.datetime] = []
    for _ in range(max(1, args.repeat // 3)):
        began = time.perf_counter()
        theirs = [baseline_due(hol, i) for i in inputs]
        runs.append(time.perf_counter() - began)
    seconds = statistics.median(runs)
    rate = len(inputs) / seconds
    cold_rate = total / statistics.median(colds)
    differ = [(i, a, b) for i, a, b in zip(inputs, ours, theirs, strict=True) if a != b]
    settled = fresh.settled_until
    unflagged = [x for x in differ if max(beijing_date(x[1]), beijing_date(x[2])) > settled]
    print(
        f"python-holidays {version('holidays')} + dateutil, the same {len(inputs)} due dates "
        f"counted from events, one at a time (bare dates): median {seconds:.3f} s -> "
        f"{rate:,.0f} dates/s; cnreg_calendar cold is {cold_rate / rate:.1f}x as fast, and "
        "gives keys, provisional flags and an explanation on demand too"
    )
    print(
        f"dates that differ: {len(differ)}, of which {len(unflagged)} after {settled} (where "
        "python-holidays guesses unpublished years without a flag)"
    )
    for inputs_, a, b in [x for x in differ if x not in unflagged][:5]:
        print(f"  differs on a settled date: {inputs_} ours {a} theirs {b}")


if __name__ == "__main__":
    main()
