"""Working-day arithmetic: cnreg_calendar against python-holidays and chinese_calendar.

One process, the same inputs for every library: 2,000 start dates drawn with
``random.Random(42)`` from 2021-01-01 .. 2025-12-31.  Four operations are timed side by side:

1. +10 working days   ``cal.add_working_days(d, 10)``
                      ``holidays.country_holidays("CN", ...).get_nth_working_day(d, 10)``
                      ``chinese_calendar.find_workday(10, d)``
2. +250 working days  the same with 250
3. a year's working days, Y in 2021..2025 (cycled over as many calls as there are dates)
                      ``cal.working_days_between(date(Y-1, 12, 31), date(Y, 12, 31))``
                      ``hol.get_working_days_count(date(Y, 1, 1), date(Y, 12, 31))``
                      ``len(chinese_calendar.get_workdays(date(Y, 1, 1), date(Y, 12, 31)))``
4. one day            ``cal.is_working_day(d)``, ``hol.is_working_day(d)``,
                      ``chinese_calendar.is_workday(d)``

Before anything is timed, every library's answer is compared with cnreg_calendar's on every
distinct input (capped at 20 s per library and operation, never below the inputs it is timed
on; the output says how many were checked), and ``is_working_day`` on every day of 2021-01-01 ..
2026-12-24: the race is only fair if all three compute the same thing.  (chinese_calendar's
known error, Saturday 2005-12-31, lies outside these dates.)  +250 working days from the last
days of 2025 reach past 2026-12-24, after which the 2027 notice may still change the days;
cnreg_calendar refuses those, so they are left out of that operation for all three.

Timing is the best of 5 repeats of a loop over the inputs, ``time.perf_counter_ns`` around the
loop, the garbage collector off, divided by the number of calls.  The slow libraries walk day
by day (about 10 ms a call for chinese_calendar at +250), so each (operation, library) is timed
on the first N inputs of the same list that fit in ``--budget`` seconds a repeat; the output
says which were reduced.  The whole run takes about 30 s.

    python benchmarks/bench_workdays.py [--dates 2000] [--seed 42] [--budget 0.4]

The exit status is 0 whatever the targets say (this is a report); it is 1 only when the
libraries disagree, because then the timings compare different computations.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.metadata
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]
import holidays

import cnreg_calendar
from cnreg_calendar import ChinaCalendar, ScheduleNotPublished, china_calendar

REPEATS = 5
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
COUNT_YEARS = tuple(range(2021, 2026))
HOLIDAY_YEARS = range(2020, 2028)
MIN_TIMED = 20  # never time fewer calls than this, whatever the budget
CHECK_BUDGET_S = 20.0  # cap on the correctness pass of one (operation, library)

CNREG = "cnreg_calendar"
HOLIDAYS = "python-holidays"
CHINESE = "chinese_calendar"
LIBRARIES = (CNREG, HOLIDAYS, CHINESE)

Args = tuple[Any, ...]


@dataclass
class Contender:
    """One library's way of doing an operation, with its arguments aligned to the inputs."""

    library: str
    call: str  # the call as a user writes it, for the output
    func: Callable[..., object]
    args: list[Args]  # args[i] is what this library is given for input i
    n_timed: int = 0
    n_checked: int = 0
    us_per_call: float = float("nan")


@dataclass
class Operation:
    name: str
    inputs: Sequence[object]  # the canonical input of each call (a date or a year)
    contenders: list[Contender]

    def contender(self, library: str) -> Contender:
        return next(c for c in self.contenders if c.library == library)


# -- inputs ----------------------------------------------------------------------------------


def start_dates(n: int, seed: int) -> list[dt.date]:
    rng = random.Random(seed)
    first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
    return [dt.date.fromordinal(rng.randint(first, last)) for _ in range(n)]


def within_data(cal: ChinaCalendar, dates: Sequence[dt.date], n: int) -> list[dt.date]:
    """The dates whose ``+n`` working days stay inside the published notices."""
    kept = []
    for d in dates:
        try:
            cal.add_working_days(d, n)
        except ScheduleNotPublished:
            continue
        kept.append(d)
    return kept


def offset_operation(
    name: str, n: int, dates: Sequence[dt.date], cal: ChinaCalendar, hol: holidays.HolidayBase
) -> Operation:
    # python-holidays' get_nth_working_day(d, n) is, like add_working_days(d, n), the n-th
    # working day strictly after d: no adaptation.  chinese_calendar.find_workday(n, d) counts
    # from the first working day on or after d, so for a rest day d it returns the (n+1)-th
    # working day after d: it is called with n - 1 for rest days (decided outside the timing).
    def chinese_n(d: dt.date) -> int:
        return n if chinese_calendar.is_workday(d) else n - 1

    return Operation(
        name,
        dates,
        [
            Contender(
                CNREG, f"add_working_days(d, {n})", cal.add_working_days, [(d, n) for d in dates]
            ),
            Contender(
                HOLIDAYS,
                f"get_nth_working_day(d, {n})",
                hol.get_nth_working_day,
                [(d, n) for d in dates],
            ),
            Contender(
                CHINESE,
                f"find_workday({n}, d) [{n - 1} if d is a rest day]",
                chinese_calendar.find_workday,
                [(chinese_n(d), d) for d in dates],
            ),
        ],
    )


def count_operation(n_calls: int, cal: ChinaCalendar, hol: holidays.HolidayBase) -> Operation:
    years = [COUNT_YEARS[i % len(COUNT_YEARS)] for i in range(n_calls)]
    # cnreg counts start < d <= end, so it starts from the eve of the year; python-holidays'
    # get_working_days_count and chinese_calendar.get_workdays include both ends, so they start
    # on January 1.  All three count the working days of year Y.
    half_open = [(dt.date(y - 1, 12, 31), dt.date(y, 12, 31)) for y in years]
    closed = [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]

    def chinese_count(start: dt.date, end: dt.date) -> int:
        return len(chinese_calendar.get_workdays(start, end))

    return Operation(
        "count a year's working days",
        years,
        [
            Contender(
                CNREG,
                "working_days_between(Dec 31 of Y-1, Dec 31)",
                cal.working_days_between,
                half_open,
            ),
            Contender(
                HOLIDAYS,
                "get_working_days_count(Jan 1, Dec 31)",
                hol.get_working_days_count,
                closed,
            ),
            Contender(CHINESE, "len(get_workdays(Jan 1, Dec 31))", chinese_count, closed),
        ],
    )


def day_operation(
    dates: Sequence[dt.date], cal: ChinaCalendar, hol: holidays.HolidayBase
) -> Operation:
    one = [(d,) for d in dates]
    return Operation(
        "is it a working day",
        dates,
        [
            Contender(CNREG, "is_working_day(d)", cal.is_working_day, one),
            Contender(HOLIDAYS, "is_working_day(d)", hol.is_working_day, one),
            Contender(CHINESE, "is_workday(d)", chinese_calendar.is_workday, one),
        ],
    )


# -- measuring -------------------------------------------------------------------------------


def loop_ns(func: Callable[..., object], args: Sequence[Args]) -> int:
    """Nanoseconds for one loop calling ``func`` on every argument tuple (gc off)."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        if len(args[0]) == 1:
            singles = [a[0] for a in args]
            t0 = time.perf_counter_ns()
            for x in singles:
                func(x)
            return time.perf_counter_ns() - t0
        t0 = time.perf_counter_ns()
        for x, y in args:
            func(x, y)
        return time.perf_counter_ns() - t0
    finally:
        if gc_was_enabled:
            gc.enable()


def empty_loop_ns(args: Sequence[Args]) -> float:
    """Per-iteration cost of the loop itself (included in every figure, not subtracted)."""
    best = min(_empty_loop_once(args) for _ in range(REPEATS))
    return best / len(args)


def _empty_loop_once(args: Sequence[Args]) -> int:
    t0 = time.perf_counter_ns()
    for _x, _y in args:
        pass
    return time.perf_counter_ns() - t0


def plan(contender: Contender, budget_s: float) -> None:
    """Decide how many inputs to time and to check, from a rough per-call estimate."""
    contender.func(*contender.args[0])  # warm-up
    probe = contender.args[: min(5, len(contender.args))]
    estimate_s = max(loop_ns(contender.func, probe) / len(probe), 1) / 1e9
    total = len(contender.args)
    contender.n_timed = min(total, max(MIN_TIMED, int(budget_s / estimate_s)))
    contender.n_checked = min(total, max(contender.n_timed, int(CHECK_BUDGET_S / estimate_s)))


def check_same_answers(op: Operation) -> list[str]:
    """Compare every library with cnreg_calendar on the inputs it is checked on."""
    reference = op.contender(CNREG)
    problems = []
    for other in op.contenders:
        if other is reference:
            continue
        seen: set[object] = set()
        for i in range(other.n_checked):
            if op.inputs[i] in seen:
                continue
            seen.add(op.inputs[i])
            want = reference.func(*reference.args[i])
            got = other.func(*other.args[i])
            if got != want:
                problems.append(
                    f"{op.name}: input {op.inputs[i]}: {CNREG} {reference.call} = {want!r}, "
                    f"{other.library} {other.call} = {got!r}"
                )
    return problems


def check_every_day(cal: ChinaCalendar, hol: holidays.HolidayBase, last: dt.date) -> list[str]:
    """is_working_day for every calendar day from FIRST_DAY to ``last``, in all three."""
    problems = []
    day = FIRST_DAY
    while day <= last:
        answers = (
            cal.is_working_day(day),
            hol.is_working_day(day),
            chinese_calendar.is_workday(day),
        )
        if len(set(answers)) != 1:
            problems.append(f"{day}: {dict(zip(LIBRARIES, answers, strict=True))}")
        day += dt.timedelta(days=1)
    return problems


def time_contender(contender: Contender) -> None:
    args = contender.args[: contender.n_timed]
    loop_ns(contender.func, args[: min(50, len(args))])  # warm-up
    best = min(loop_ns(contender.func, args) for _ in range(REPEATS))
    contender.us_per_call = best / len(args) / 1000


# -- reporting -------------------------------------------------------------------------------


def fmt_us(us: float) -> str:
    if us < 10:
        return f"{us:.2f} µs"
    if us < 1000:
        return f"{us:.1f} µs"
    return f"{us:,.0f} µs"


def fmt_ratio(ratio: float) -> str:
    return f"{ratio:,.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def print_table(ops: Sequence[Operation]) -> None:
    header = ["operation", *LIBRARIES]
    rows = [header]
    for op in ops:
        rows.append([op.name, *(fmt_us(op.contender(lib).us_per_call) for lib in LIBRARIES)])
        rows.append(
            [
                "  calls timed",
                *(
                    f"{c.n_timed:,}" + ("" if c.n_timed == len(op.inputs) else " (reduced)")
                    for c in (op.contender(lib) for lib in LIBRARIES)
                ),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for j, row in enumerate(rows):
        cells = [
            row[0].ljust(widths[0]),
            *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)),
        ]
        print("  " + "   ".join(cells))
        if j == 0:
            print("  " + "   ".join("-" * w for w in widths))
    print()
    for op in ops:
        mine = op.contender(CNREG).us_per_call
        faster = ", ".join(
            f"{fmt_ratio(c.us_per_call / mine)} faster than {c.library} {c.call}"
            for c in op.contenders
            if c.library != CNREG
        )
        print(f"  {op.name}: cnreg is {faster}")


@dataclass
class Target:
    label: str
    value: float
    threshold: float
    higher_is_better: bool

    @property
    def passed(self) -> bool:
        return (
            self.value >= self.threshold if self.higher_is_better else self.value < self.threshold
        )


def targets(
    plus10: Operation, plus250: Operation, count: Operation, ops: Sequence[Operation]
) -> list[Target]:
    def ratio(op: Operation, library: str) -> float:
        return op.contender(library).us_per_call / op.contender(CNREG).us_per_call

    found = [
        Target(
            "+10: ≥30× faster than python-holidays get_nth_working_day",
            ratio(plus10, HOLIDAYS),
            30,
            True,
        ),
        Target(
            "+250: ≥500× faster than python-holidays get_nth_working_day",
            ratio(plus250, HOLIDAYS),
            500,
            True,
        ),
        Target(
            "year count: ≥100× faster than python-holidays get_working_days_count",
            ratio(count, HOLIDAYS),
            100,
            True,
        ),
        Target(
            "+10: ≥300× faster than chinese_calendar.find_workday(10, d)",
            ratio(plus10, CHINESE),
            300,
            True,
        ),
    ]
    found += [
        Target(f"cnreg under 2 µs per call: {op.name}", op.contender(CNREG).us_per_call, 2.0, False)
        for op in ops
    ]
    return found


# -- main ------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Working-day arithmetic, three libraries.")
    parser.add_argument(
        "--dates", type=int, default=2000, help="number of start dates (default 2000)"
    )
    parser.add_argument("--seed", type=int, default=42, help="seed of random.Random (default 42)")
    parser.add_argument(
        "--budget",
        type=float,
        default=0.4,
        help="seconds per repeat before a library's input list is cut (default 0.4)",
    )
    options = parser.parse_args(argv)
    started = time.perf_counter()

    print("Working-day arithmetic: cnreg_calendar vs python-holidays vs chinese_calendar")
    print(f"machine:  {platform.platform()}, {cpu_model()}, {os.cpu_count()} CPUs")
    print(f"python:   {platform.python_implementation()} {platform.python_version()}")
    print(
        f"versions: cnreg_calendar {cnreg_calendar.__version__}, holidays {version('holidays')}, "
        f"chinesecalendar {version('chinesecalendar')}"
    )

    t0 = time.perf_counter_ns()
    cal = china_calendar()  # strict: only published notices
    cnreg_setup_ms = (time.perf_counter_ns() - t0) / 1e6
    t0 = time.perf_counter_ns()
    hol = holidays.country_holidays("CN", years=HOLIDAY_YEARS)
    holidays_setup_ms = (time.perf_counter_ns() - t0) / 1e6

    dates = start_dates(options.dates, options.seed)
    dates_250 = within_data(cal, dates, 250)
    print(
        f"inputs:   {len(dates):,} start dates from random.Random({options.seed}) in "
        f"{FIRST_DAY}..{LAST_DAY} ({len(set(dates)):,} distinct); year counts cycle over "
        f"{COUNT_YEARS[0]}..{COUNT_YEARS[-1]}"
    )
    print(
        f"          +250 uses {len(dates_250):,} of them: the other {len(dates) - len(dates_250)} "
        f"(late December 2025) reach past {cal.settled_until}, the last day the "
        f"{cal.last_published} notice settles (the next notice may still change later days), "
        "where cnreg_calendar's strict mode refuses to answer"
    )
    print(
        f"setup:    done once, before any timing: china_calendar() {cnreg_setup_ms:.1f} ms, "
        f'holidays.country_holidays("CN", years=range({HOLIDAY_YEARS.start}, {HOLIDAY_YEARS.stop})) '
        f"{holidays_setup_ms:.1f} ms."
    )
    print(
        "          Building the holidays object up front for all years favours python-holidays "
        "(used naively, it fills in each year on first use); cnreg_calendar's one-off index "
        "build is not in the per-call figures either; chinese_calendar has no setup."
    )

    ops = [
        offset_operation("+10 working days", 10, dates, cal, hol),
        offset_operation("+250 working days", 250, dates_250, cal, hol),
        count_operation(len(dates), cal, hol),
        day_operation(dates, cal, hol),
    ]
    plus10, plus250, count, _day = ops

    for op in ops:
        for contender in op.contenders:
            plan(contender, options.budget)

    print()
    print("Same answers, checked before timing (each library against cnreg_calendar):")
    problems = check_every_day(cal, hol, cal.settled_until)
    n_days = (cal.settled_until - FIRST_DAY).days + 1
    print(
        f"  is-working-day: all three agree on every day {FIRST_DAY}..{cal.settled_until} ({n_days:,} days)"
    )
    for op in ops:
        op_problems = check_same_answers(op)
        problems += op_problems
        checked = ", ".join(
            f"{c.library} on {len(set(op.inputs[: c.n_checked])):,}"
            for c in op.contenders
            if c.library != CNREG
        )
        status = "MISMATCH" if op_problems else "agree"
        print(f"  {op.name}: {status} (distinct inputs checked: {checked})")
    if problems:
        print()
        print(f"{len(problems)} disagreement(s); the timings would compare different computations:")
        for line in problems[:20]:
            print(f"  {line}")
        return 1

    args = plus10.contender(CNREG).args
    loop_overhead = empty_loop_ns(args)
    for op in ops:
        for contender in op.contenders:
            time_contender(contender)

    print()
    print(
        f"Per call: best of {REPEATS} repeats, perf_counter_ns around a loop over the inputs, "
        f"gc off (the bare loop costs {loop_overhead:.0f} ns per call, included):"
    )
    print()
    print_table(ops)
    reduced = sorted(
        {
            f"{c.library} {op.name}"
            for op in ops
            for c in op.contenders
            if c.n_timed < len(op.inputs)
        }
    )
    if reduced:
        print()
        print(
            f"  Reduced to the first inputs that fit in {options.budget} s a repeat (same list, "
            f"same order): {'; '.join(reduced)}."
        )
    print()
    print("  Calls, aligned so all three compute the same thing:")
    for op in ops:
        for c in op.contenders:
            print(f"    {op.name:<28} {c.library:<17} {c.call}")

    print()
    print("Targets:")
    for target in targets(plus10, plus250, count, ops):
        shown = fmt_us(target.value) if not target.higher_is_better else fmt_ratio(target.value)
        print(f"  {'PASS' if target.passed else 'FAIL'}  {target.label:<72} {shown:>10}")

    print()
    print(f"total run time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
