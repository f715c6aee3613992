"""Schedules of many organisations: deadlines per second and peak memory.

Generates N profiles (default 1,000) with random roles and event dates, computes each one's
deadlines over three years with the full bundled catalog, and prints the throughput and the peak
memory (tracemalloc) against the target of 100,000 deadlines a second.

    python benchmarks/bench_schedule.py [--profiles 1000] [--years 3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import time
import tracemalloc

import cnreg_calendar
from cnreg_calendar import Profile, load_catalog, schedule
from cnreg_calendar.notices import build_day_table
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


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5, help="cold and warm runs (median)")
    args = parser.parse_args()
    catalog = load_catalog()
    profiles = make_profiles(args.profiles)
    start = dt.date(2025, 1, 1)
    end = dt.date(2025 + args.years - 1, 12, 31)

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


if __name__ == "__main__":
    main()
