"""cnreg_calendar: when Chinese cybersecurity, data-protection and cryptography duties fall due.

>>> import datetime as dt, cnreg_calendar
>>> cal = cnreg_calendar.china_calendar()
>>> cal.add_working_days(dt.date(2026, 2, 13), 3)   # across the 2026 Spring Festival
datetime.date(2026, 2, 25)

Every public name is importable from here; each is loaded from its module on first use, so that
``import cnreg_calendar`` (and the command line) costs only what is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnreg_calendar.catalog import load_catalog
    from cnreg_calendar.errors import (
        CatalogError,
        CnregCalendarError,
        ExportError,
        NoticeTextError,
        OverlayError,
        PeriodError,
        ProfileError,
        ScheduleNotPublished,
    )
    from cnreg_calendar.feeds import to_icalendar, to_ics, workday_events, write_feed
    from cnreg_calendar.ics import FeedEvent, FeedInfo, FeedSizeWarning
    from cnreg_calendar.model import Catalog, Duty, Instrument
    from cnreg_calendar.notice_text import NoticeOverlay, parse_notice
    from cnreg_calendar.notices import Holiday, Notice
    from cnreg_calendar.periods import Due, Period, Step, Unit, due, due_date, fixed_date
    from cnreg_calendar.profile import Profile, load_profile
    from cnreg_calendar.schedule import Deadline, WatchItem, schedule, watch
    from cnreg_calendar.workdays import ChinaCalendar, YearArrangement, china_calendar

__version__ = "0.1.0"

#: Where each public name lives.
_HOMES: dict[str, str] = {
    "load_catalog": "catalog",
    **dict.fromkeys(
        (
            "CatalogError",
            "CnregCalendarError",
            "ExportError",
            "NoticeTextError",
            "OverlayError",
            "PeriodError",
            "ProfileError",
            "ScheduleNotPublished",
        ),
        "errors",
    ),
    **dict.fromkeys(("to_icalendar", "to_ics", "workday_events", "write_feed"), "feeds"),
    **dict.fromkeys(("FeedEvent", "FeedInfo", "FeedSizeWarning"), "ics"),
    **dict.fromkeys(("Catalog", "Duty", "Instrument"), "model"),
    **dict.fromkeys(("Holiday", "Notice"), "notices"),
    **dict.fromkeys(("NoticeOverlay", "parse_notice"), "notice_text"),
    **dict.fromkeys(("Due", "Period", "Step", "Unit", "due", "due_date", "fixed_date"), "periods"),
    **dict.fromkeys(("Profile", "load_profile"), "profile"),
    **dict.fromkeys(("Deadline", "WatchItem", "schedule", "watch"), "schedule"),
    **dict.fromkeys(("ChinaCalendar", "YearArrangement", "china_calendar"), "workdays"),
}

__all__ = [
    "Catalog",
    "CatalogError",
    "ChinaCalendar",
    "CnregCalendarError",
    "Deadline",
    "Due",
    "Duty",
    "ExportError",
    "FeedEvent",
    "FeedInfo",
    "FeedSizeWarning",
    "Holiday",
    "Instrument",
    "Notice",
    "NoticeOverlay",
    "NoticeTextError",
    "OverlayError",
    "Period",
    "PeriodError",
    "Profile",
    "ProfileError",
    "ScheduleNotPublished",
    "Step",
    "Unit",
    "WatchItem",
    "YearArrangement",
    "__version__",
    "china_calendar",
    "due",
    "due_date",
    "fixed_date",
    "load_catalog",
    "load_profile",
    "parse_notice",
    "schedule",
    "to_icalendar",
    "to_ics",
    "watch",
    "workday_events",
    "write_feed",
]


# The module `schedule` holds a function of the same name: import it now, so that the function,
# not the module, is what `cnreg_calendar.schedule` names whatever is imported later.
from cnreg_calendar.schedule import schedule  # noqa: E402


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cnreg_calendar' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"cnreg_calendar.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
