"""cnreg_calendar: when Chinese cybersecurity, data-protection and cryptography duties fall due.

>>> import datetime as dt, cnreg_calendar
>>> cal = cnreg_calendar.china_calendar()
>>> cal.add_working_days(dt.date(2026, 2, 13), 3)   # across the 2026 Spring Festival
datetime.date(2026, 2, 25)
"""

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
from cnreg_calendar.feeds import to_ics, workday_events, write_feed
from cnreg_calendar.ics import FeedEvent, FeedInfo, FeedSizeWarning
from cnreg_calendar.model import Catalog, Duty, Instrument
from cnreg_calendar.notice_text import NoticeOverlay, parse_notice
from cnreg_calendar.notices import Holiday, Notice
from cnreg_calendar.periods import Due, Period, Step, Unit, due, due_date, fixed_date
from cnreg_calendar.profile import Profile, load_profile
from cnreg_calendar.schedule import Deadline, WatchItem, schedule, watch
from cnreg_calendar.workdays import ChinaCalendar, YearArrangement, china_calendar

__version__ = "0.1.0"

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
    "to_ics",
    "watch",
    "workday_events",
    "write_feed",
]
