"""cnreg_calendar: when Chinese cybersecurity, data-protection and cryptography duties fall due.

>>> import datetime as dt, cnreg_calendar
>>> cal = cnreg_calendar.china_calendar()
>>> cal.add_working_days(dt.date(2026, 2, 13), 3)   # across the 2026 Spring Festival
datetime.date(2026, 2, 25)
"""

# The old module ``cnreg_calendar.schedule`` (now cnreg_calendar.deadlines) is loaded first, so
# that the function bound below keeps the name: importing it later would not rebind it.
from cnreg_calendar import schedule as _old_schedule_module  # noqa: F401
from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.deadlines import Deadline, Mark, WatchItem, schedule, watch
from cnreg_calendar.errors import (
    CatalogError,
    CnregCalendarError,
    ExportError,
    HolidayNoticeMissing,
    OverlayError,
    PeriodError,
    ProfileError,
    ScheduleNotPublished,
    UnknownIdError,
)
from cnreg_calendar.feeds import to_ics, workday_events, write_feed
from cnreg_calendar.ics import FeedEvent, FeedInfo, FeedSizeWarning
from cnreg_calendar.model import Catalog, Duty, Instrument
from cnreg_calendar.notices import Holiday, Notice
from cnreg_calendar.periods import Due, Period, Step, Unit, due, due_date, fixed_date
from cnreg_calendar.profile import Profile, load_profile
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
    "HolidayNoticeMissing",
    "Instrument",
    "Mark",
    "Notice",
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
    "schedule",
    "to_ics",
    "watch",
    "workday_events",
    "write_feed",
]
