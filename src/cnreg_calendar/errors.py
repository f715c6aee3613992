"""The library's errors: one base, each subclass also a built-in exception.

Every message says where the problem is, what the bad value was and how to fix it, so that the
command-line tool can print it as it is and exit with status 2.
"""

from __future__ import annotations

__all__ = [
    "CatalogError",
    "CnregCalendarError",
    "DateRangeError",
    "ExportError",
    "HolidayNoticeMissing",
    "NoticeTextError",
    "OverlayError",
    "PeriodError",
    "ProfileError",
    "ScheduleNotPublished",
    "UnknownIdError",
]


class CnregCalendarError(Exception):
    """Base class of every error this library raises on purpose."""


class HolidayNoticeMissing(CnregCalendarError, LookupError):
    """An answer depends on a year whose State Council holiday notice is not in the data.

    (Called ``ScheduleNotPublished`` before; that name remains an alias.)

    Attributes:
        year: the year without a published notice.
        last_published: the last year whose notice is in the data.
    """

    def __init__(self, message: str, *, year: int, last_published: int) -> None:
        super().__init__(message)
        self.year = year
        self.last_published = last_published


#: The former name of :class:`HolidayNoticeMissing` (the notice, not a schedule of deadlines).
ScheduleNotPublished = HolidayNoticeMissing


class UnknownIdError(CnregCalendarError, KeyError):
    """A catalog lookup named an id the catalog does not have; the message suggests near ones."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class OverlayError(CnregCalendarError, ValueError):
    """A holiday-notice overlay file is malformed or contradicts itself."""


class NoticeTextError(OverlayError):
    """The text of a State Council holiday notice cannot be read, or contradicts itself or the law.

    Attributes:
        line: the 1-based line number of the text the problem is on (0 when it is the whole text).
    """

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class PeriodError(CnregCalendarError, ValueError):
    """A period text (``"10 working days"``) cannot be parsed."""


class CatalogError(CnregCalendarError, ValueError):
    """The instrument catalog is malformed; the message lists every problem found in a file.

    Attributes:
        problems: one line per problem, each naming the file and the path inside it.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems or (message,)


class ProfileError(CnregCalendarError, ValueError):
    """An organisation profile is malformed or names unknown roles or events."""


class ExportError(CnregCalendarError, ValueError):
    """A calendar export cannot be written as asked."""


class DateRangeError(CnregCalendarError, ValueError):
    """A date, or a date a period reaches from it, lies outside 0001-01-01 to 9999-12-31.

    Python's dates end there; the message names the input and the period.
    """
