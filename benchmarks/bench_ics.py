"""Benchmark of the iCalendar export against a plain ``icalendar`` baseline.

Generates N synthetic all-day deadlines with bilingual text and measures, side by side:

- ``to_ics`` (whole feed in memory) and ``write_ics`` (streamed to a file),
- ``icalendar``: one ``Event`` per deadline added to a ``Calendar``, then ``Calendar.to_ical()``,

each timed without tracing (events per second) and run again under ``tracemalloc`` for the peak
memory.  The events exist before any measurement starts, so the input is not counted.  Then
``write_ics`` runs at each ``--stream`` size to show that its peak memory does not follow the size
of the feed: it holds the order of the events (two pointers each), never their text.

    python benchmarks/bench_ics.py            # N = 100,000: about two minutes
    python benchmarks/bench_ics.py --n 20000 --stream 2000 20000  # quicker

``icalendar`` under ``tracemalloc`` is very slow (about 45 s for 20,000 events), so its peak is
measured on the first ``--baseline-memory-n`` events and compared per event (it grows linearly:
``--baseline-memory-n 0`` traces all N, which takes several minutes at 100,000).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import icalendar

from cnreg_calendar.ics import FeedEvent, FeedInfo, FeedSizeWarning, to_ics, uid_for, write_ics

DUTIES = (
    ("商用密码应用安全性评估", "Commercial-cryptography assessment", "密码法 第二十七条", "密码"),
    ("网络安全等级保护测评", "MLPS level assessment", "网络安全法 第二十一条", "等保"),
    (
        "个人信息保护合规审计",
        "Personal-information compliance audit",
        "个人信息保护法 第五十四条",
        "个保",
    ),
    (
        "数据出境安全评估复评",
        "Cross-border data re-assessment",
        "数据出境安全评估办法 第十四条",
        "数据",
    ),
    (
        "网络安全事件报告",
        "Cybersecurity incident report",
        "网络安全事件报告管理办法 第五条",
        "事件",
    ),
)
REVISION = datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC)
INFO = FeedInfo("合规期限 / Compliance deadlines", "Synthetic benchmark feed", REVISION)


def make_events(n: int) -> list[FeedEvent]:
    """N deterministic all-day deadlines spread over four years, with bilingual text."""
    first = datetime.date(2024, 1, 1)
    events = []
    for i in range(n):
        zh, en, article, category = DUTIES[i % len(DUTIES)]
        events.append(
            FeedEvent(
                key=f"entity-{i % 997}/duty-{i % len(DUTIES)}/{i}",
                start=first + datetime.timedelta(days=i % 1461),
                summary_zh=zh,
                summary_en=en,
                description=(
                    f"依据《{article}》，主体 {i % 997} 应当在期限届满前完成{zh}。\n"
                    f"Explanation: {en} is due; period counted in working days.\n"
                    f"Source: {article}"
                ),
                categories=(category, "CAC"),
                provisional=i % 11 == 0,
                url=f"https://example.invalid/duties/{i % len(DUTIES)}",
            )
        )
    return events


def icalendar_baseline(events: Sequence[FeedEvent], info: FeedInfo) -> bytes:
    """The same feed built the plain way: icalendar objects, then ``Calendar.to_ical()``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", info.prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", icalendar.vText(info.name))
    calendar.add("x-wr-calname", icalendar.vText(info.name))
    calendar.add("refresh-interval", info.refresh_interval, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(info.refresh_interval))
    for item in events:
        event = icalendar.Event()
        event.add("uid", uid_for(item.key))
        event.add("dtstamp", info.revision)
        event.add("last-modified", info.revision)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start)
        event.add("dtend", item.start + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("status", "TENTATIVE" if item.provisional else "CONFIRMED")
        event.add("summary", f"{item.summary_zh} / {item.summary_en}")
        event.add("description", item.description)
        event.add("categories", list(item.categories))
        if item.url is not None:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()


def measure(run: Callable[[], int], *, traced: bool) -> tuple[float, int, int]:
    """Return (seconds, peak traced bytes or 0, output bytes) of one run."""
    gc.collect()
    if traced:
        tracemalloc.start()
    try:
        started = time.perf_counter()
        size = run()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
    finally:
        if traced:
            tracemalloc.stop()
    return seconds, peak, size


def runs(events: list[FeedEvent], target: Path) -> dict[str, Callable[[], int]]:
    """The three ways of making the feed, each returning its size in bytes."""
    return {
        "cnreg to_ics": lambda: len(to_ics(events, INFO)),
        "cnreg write_ics": lambda: write_ics(events, INFO, target),
        "icalendar to_ical": lambda: len(icalendar_baseline(events, INFO)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="events (default 100,000)")
    parser.add_argument(
        "--baseline-memory-n",
        type=int,
        default=5_000,
        help="events for icalendar's traced run, which is slow (default 5,000; 0: N)",
    )
    parser.add_argument(
        "--stream", type=int, nargs="*", default=[10_000, 100_000], help="write_ics sizes"
    )
    args = parser.parse_args(argv)
    memory_n = args.baseline_memory_n or args.n
    warnings.simplefilter("ignore", FeedSizeWarning)  # the feeds are large on purpose

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder, "feed.ics")
        events = make_events(args.n)
        sample = events[:memory_n]
        print(
            f"N = {args.n:,} all-day bilingual events; time: untraced run at N; peak: tracemalloc"
        )
        print(f"{'':18} {'seconds':>8} {'events/s':>9} {'output MB':>10} {'peak MB':>9}  peak at")
        results: dict[str, tuple[float, int, int]] = {}
        sizes: dict[str, int] = {}
        for name, run in runs(events, target).items():
            seconds, _, size = measure(run, traced=False)
            n = args.n
            if name.startswith("icalendar") and memory_n != args.n:
                run, n = runs(sample, target)[name], memory_n
            _, peak, _ = measure(run, traced=True)
            results[name] = (seconds, peak, n)
            sizes[name] = size
            print(
                f"{name:18} {seconds:8.2f} {args.n / seconds:9,.0f} {size / 1e6:10.1f} "
                f"{peak / 1e6:9.1f}  {n:,}   ({peak / n:,.0f} B/event)",
                flush=True,
            )
        base_seconds, base_peak, base_n = results["icalendar to_ical"]
        print("\nicalendar / cnreg   time   peak memory per event")
        for name in ("cnreg to_ics", "cnreg write_ics"):
            seconds, peak, n = results[name]
            print(
                f"{name:18} {base_seconds / seconds:5.1f}x {(base_peak / base_n) / (peak / n):8.1f}x"
            )

        print("\nwrite_ics streaming: peak memory against N (output is never held)")
        print(f"{'N':>9} {'seconds':>8} {'events/s':>9} {'output MB':>10} {'peak MB':>9}")
        for n in args.stream:
            if n == args.n:  # measured above
                seconds, peak, _ = results["cnreg write_ics"]
                size = sizes["cnreg write_ics"]
            else:
                events = make_events(n)
                seconds, _, size = measure(runs(events, target)["cnreg write_ics"], traced=False)
                _, peak, _ = measure(runs(events, target)["cnreg write_ics"], traced=True)
            print(
                f"{n:9,} {seconds:8.2f} {n / seconds:9,.0f} {size / 1e6:10.1f} {peak / 1e6:9.2f}"
                f"   ({peak / n:.0f} B/event of peak, {size / n:.0f} B/event of output)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
