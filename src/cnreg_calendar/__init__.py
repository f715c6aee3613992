"""cnreg_calendar: when Chinese cybersecurity, data-protection and cryptography duties fall due.

>>> import datetime as dt, cnreg_calendar
>>> cal = cnreg_calendar.china_calendar()
>>> cal.add_working_days(dt.date(2026, 2, 13), 3)   # across the 2026 Spring Festival
datetime.date(2026, 2, 25)
"""

from cnreg_calendar.errors import (
    CatalogError,
    CnregCalendarError,
    ExportError,
    OverlayError,
    PeriodError,
    ProfileError,
    ScheduleNotPublished,
)
from cnreg_calendar.notices import Holiday, Notice
from cnreg_calendar.periods import Due, Period, Step, Unit, due, due_date, fixed_date
from cnreg_calendar.workdays import ChinaCalendar, YearArrangement, china_calendar

__version__ = "0.1.0"

__all__ = [
    # errors
    "CatalogError",
    "ChinaCalendar",
    "CnregCalendarError",
    "Due",
    "ExportError",
    "Holiday",
    "Notice",
    "OverlayError",
    "Period",
    "PeriodError",
    "ProfileError",
    "ScheduleNotPublished",
    "Step",
    "Unit",
    "YearArrangement",
    "__version__",
    "china_calendar",
    "due",
    "due_date",
    "fixed_date",
]
