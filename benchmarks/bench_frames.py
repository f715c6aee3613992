"""Vectorized working days: add_working_days_array against numpy and a Python loop, side by side.

One process, the same inputs for all three: ``--dates`` start dates (default 1,000,000) drawn with
``numpy.random.default_rng(--seed)`` from 2004-01-01 .. 2025-10-31 and offsets from -250..250
(both signs and zero), as a ``datetime64[D]`` array and an ``int64`` array:

1. ``cal.add_working_days_array(dates, n)``                                   (this library)
2. ``np.busday_offset(dates, n, roll=..., busdaycal=cal.busdaycalendar(...))``  (numpy's own,
   on our calendar: roll "backward" for n > 0 and "forward" for n <= 0, which is our convention)
3. ``[cal.add_working_days(d, k) for d, k in ...]`` over ``datetime.date`` objects (the loop)

Before anything is timed the three answers are compared on every input; a difference exits 1.
Timing is the best of ``--repeat`` runs (``time.perf_counter_ns``, garbage collector off); the
loop is timed on the first ``--loop`` inputs and scaled per call.  The busdaycalendar is built
once, outside the timing (its cost is printed separately).

    python benchmarks/bench_frames.py [--dates 1000000] [--loop 200000] [--repeat 5] [--seed 42]

Targets (the issue): >= 20x the loop, and within 3x of numpy (ratio to numpy <= 3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from cnreg_calendar import china_calendar

FIRST = np.datetime64("2004-01-01")
LAST = np.datetime64("2025-10-31")
MAX_STEP = 250


def best(run: Callable[[], Any], repeat: int) -> float:
    """The best wall time of ``repeat`` runs, in seconds, the garbage collector off."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter_ns()
            run()
            times.append(time.perf_counter_ns() - began)
        finally:
            gc.enable()
    return min(times) / 1e9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dates", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=200_000, help="inputs the loop is timed on")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    cal = china_calendar()
    rng = np.random.default_rng(args.seed)
    span = int((LAST - FIRST).astype(int))
    dates = FIRST + rng.integers(0, span + 1, size=args.dates).astype("timedelta64[D]")
    steps = rng.integers(-MAX_STEP, MAX_STEP + 1, size=args.dates)
    rolls = np.where(steps > 0, "backward", "forward")

    began = time.perf_counter()
    business = cal.busdaycalendar(dt.date(2002, 1, 1), dt.date(2026, 12, 24))
    build = time.perf_counter() - began

    def ours() -> Any:
        return cal.add_working_days_array(dates, steps)

    def numpy_own() -> Any:
        forward = steps <= 0
        result = np.empty(len(dates), dtype="datetime64[D]")
        result[forward] = np.busday_offset(
            dates[forward], steps[forward], roll="forward", busdaycal=business
        )
        result[~forward] = np.busday_offset(
            dates[~forward], steps[~forward], roll="backward", busdaycal=business
        )
        return result

    loop_dates = [d.astype(dt.date) for d in dates[: args.loop]]
    loop_steps = [int(k) for k in steps[: args.loop]]

    def loop() -> Any:
        add = cal.add_working_days
        return [add(d, k) for d, k in zip(loop_dates, loop_steps, strict=True)]

    # The same answers first.
    a, b, c = ours(), numpy_own(), loop()
    differ_numpy = int((a != b).sum())
    differ_loop = sum(x.astype(dt.date) != y for x, y in zip(a[: args.loop], c, strict=True))
    assert len(rolls) == len(dates)

    t_ours = best(ours, args.repeat)
    t_numpy = best(numpy_own, args.repeat)
    t_loop = best(loop, max(1, args.repeat // 2)) * len(dates) / len(loop_dates)

    print(f"Python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(
        f"{args.dates:,} start dates 2004-01-01..2025-10-31, offsets -{MAX_STEP}..{MAX_STEP}, "
        f"seed {args.seed}; best of {args.repeat}"
    )
    print(f"answers differing: numpy {differ_numpy}, loop {differ_loop} (of {len(loop_dates):,})")
    print(f"busdaycalendar 2002-01-01..2026-12-24 built once: {build * 1e3:.1f} ms")
    rows = (
        ("add_working_days_array", t_ours),
        ("np.busday_offset (our busdaycalendar)", t_numpy),
        (f"loop of add_working_days (timed on {len(loop_dates):,}, scaled)", t_loop),
    )
    for name, seconds in rows:
        rate = args.dates / seconds / 1e6
        print(f"  {name:62s} {seconds * 1e3:9.1f} ms  {rate:7.1f} M dates/s")
    print(f"speed-up over the loop: {t_loop / t_ours:.1f}x (target >= 20x)")
    print(f"time relative to numpy: {t_ours / t_numpy:.2f}x (target <= 3x; below 1: faster)")
    return 1 if differ_numpy or differ_loop else 0


if __name__ == "__main__":
    sys.exit(main())
