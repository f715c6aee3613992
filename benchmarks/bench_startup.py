"""Whole-process start-up: the command line against ``python -c "import holidays"``, side by side.

A script that asks one question (a filing deadline, today's schedule) pays for the interpreter, the
imports and the data before any answer. This measures the wall time of whole processes, run in
turn (one of each per round, so that the machine's drift hits all alike), and prints the medians
and the ratios against the targets of issue 10:

- ``cnreg-calendar workdays add 2026-09-30 10``: at most 1.0x ``python -c "import holidays"``;
- ``cnreg-calendar deadlines`` for the example profile: at most 1.5x.

Run: ``python benchmarks/bench_startup.py [--rounds 15]`` with the package installed. Like an
installed wheel (pip compiles its modules), the package's bytecode is compiled first, also where
``PYTHONDONTWRITEBYTECODE`` is set; the first run of each command (not counted) fills the on-disk
cache of checked catalogs, profiles and estimates, as a user's first run does.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("cnreg-calendar")
PROFILE = str(ROOT / "examples" / "cloud-ciio.toml")

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    'python -c "import holidays"': [sys.executable, "-c", "import holidays"],
    "cnreg-calendar workdays add 2026-09-30 10": [
        str(SCRIPT),
        "workdays",
        "add",
        "2026-09-30",
        "10",
    ],
    "cnreg-calendar deadlines (example profile, 2026-2027)": [
        str(SCRIPT),
        "deadlines",
        "--profile",
        PROFILE,
        "--from",
        "2026-01-01",
        "--to",
        "2027-12-31",
    ],
}
BASELINE = 'python -c "import holidays"'
TARGETS = {
    "cnreg-calendar workdays add 2026-09-30 10": 1.0,
    "cnreg-calendar deadlines (example profile, 2026-2027)": 1.5,
}


def _once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each command (>= 10)")
    args = parser.parse_args()
    rounds = max(10, args.rounds)
    import compileall

    import cnreg_calendar

    compileall.compile_dir(str(Path(cnreg_calendar.__file__).parent), quiet=1)
    for argv in COMMANDS.values():  # warm the file cache and the on-disk cache once
        _once(argv)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(rounds):
        for name, argv in COMMANDS.items():
            times[name].append(_once(argv))
    base = statistics.median(times[BASELINE])
    print(
        f"whole-process wall time, median of {rounds} interleaved runs ({sys.version.split()[0]})"
    )
    print(f"{'command':58s} {'median':>9s} {'fastest':>9s} {'ratio':>7s}  target")
    failed = False
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / base
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = ratio <= target
            failed |= not ok
            verdict = f"<= {target:.1f}x {'PASS' if ok else 'FAIL'}"
        print(
            f"{name:58s} {median * 1000:7.1f}ms {min(values) * 1000:7.1f}ms {ratio:6.2f}x  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
