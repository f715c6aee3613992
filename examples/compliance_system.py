"""How a compliance system uses cnreg_calendar: many entities, one catalog, one calendar.

Run from the repository root:

    python examples/compliance_system.py

It loads the bundled catalog (plus, in a real system, its own internal duties), computes the
deadlines of every example entity over a fixed window, prints the next few with their
explanations, flags provisional and assumed dates for review, and writes one iCalendar feed per
entity into ./out/feeds. The window is fixed so that the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import cnreg_calendar
from cnreg_calendar import load_catalog, load_profile, schedule, write_feed

HERE = Path(__file__).parent
START, END = dt.date(2026, 1, 1), dt.date(2027, 6, 30)


def main() -> None:
    """Compute, review and export the deadlines of every example entity."""
    catalog = load_catalog()  # load_catalog([default_catalog_path(), "internal.toml"]) adds yours
    calendar = cnreg_calendar.china_calendar(provisional=True)  # flags unpublished years
    out = Path("out/feeds")
    out.mkdir(parents=True, exist_ok=True)
    summary = []
    for path in sorted(HERE.glob("*.toml")):
        profile = load_profile(path, catalog)
        deadlines = schedule(profile, START, END, catalog, calendar)
        review = [d for d in deadlines if d.provisional or d.assumed or not d.binding]
        size = write_feed(
            deadlines, out / f"{profile.id}.ics", name=profile.name, calendar=calendar
        )
        summary.append(
            {
                "entity": profile.id,
                "deadlines": len(deadlines),
                "to_review": len(review),
                "next": [f"{d.date} {d.duty.id}" for d in deadlines[:3]],
                "feed_bytes": size,
            }
        )
        if deadlines:
            first = deadlines[0]
            print(f"== {profile.name}: next deadline {first.date}\n{first.explanation()}\n")
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
