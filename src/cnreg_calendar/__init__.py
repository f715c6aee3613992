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
    from cnreg_calendar.deadlines import (
        Deadline,
        Mark,
        WatchItem,
        schedule,
        watch,
    )
    from cnreg_calendar.errors import (
        CatalogError,
        CnregCalendarError,
        ExportError,
        HolidayNoticeMissing,
        NoticeTextError,
        OverlayError,
        PeriodError,
        ProfileError,
        ScheduleNotPublished,
        UnknownIdError,
    )
    from cnreg_calendar.feeds import (
        to_icalendar,
        to_ics,
        workday_events,
        write_feed,
    )
    from cnreg_calendar.ics import FeedEvent, FeedInfo, FeedSizeWarning
    from cnreg_calendar.model import Catalog, Duty, Instrument
    from cnreg_calendar.notice_text import NoticeOverlay, parse_notice
    from cnreg_calendar.notices import Holiday, Notice
    from cnreg_calendar.periods import (
        Due,
        Period,
        Step,
        Unit,
        due,
        due_date,
        fixed_date,
    )
    from cnreg_calendar.profile import Profile, load_profile
    from cnreg_calendar.workdays import ChinaCalendar, YearArrangement, china_calendar

__version__ = "0.1.0"

#: Where each public name lives.
_HOMES: dict[str, str] = {
    "load_catalog": "catalog",
    "Deadline": "deadlines",
    "Mark": "deadlines",
    "WatchItem": "deadlines",
    "schedule": "deadlines",
    "watch": "deadlines",
    "CatalogError": "errors",
    "CnregCalendarError": "errors",
    "ExportError": "errors",
    "HolidayNoticeMissing": "errors",
    "NoticeTextError": "errors",
    "OverlayError": "errors",
    "PeriodError": "errors",
    "ProfileError": "errors",
    "ScheduleNotPublished": "errors",
    "UnknownIdError": "errors",
    "to_icalendar": "feeds",
    "to_ics": "feeds",
    "workday_events": "feeds",
    "write_feed": "feeds",
    "FeedEvent": "ics",
    "FeedInfo": "ics",
    "FeedSizeWarning": "ics",
    "Catalog": "model",
    "Duty": "model",
    "Instrument": "model",
    "NoticeOverlay": "notice_text",
    "parse_notice": "notice_text",
    "Holiday": "notices",
    "Notice": "notices",
    "Due": "periods",
    "Period": "periods",
    "Step": "periods",
    "Unit": "periods",
    "due": "periods",
    "due_date": "periods",
    "fixed_date": "periods",
    "Profile": "profile",
    "load_profile": "profile",
    "ChinaCalendar": "workdays",
    "YearArrangement": "workdays",
    "china_calendar": "workdays",
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
    "HolidayNoticeMissing",
    "Instrument",
    "Mark",
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
    "UnknownIdError",
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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cnreg_calendar' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"cnreg_calendar.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
