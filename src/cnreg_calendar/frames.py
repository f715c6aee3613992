"""numpy and pandas, correct for China: business-day calendars, vectorized working days, frames.

A Monday–Friday ``weekmask`` cannot express 调休: the State Council's notices turn weekdays into
days off and weekend days into working days (国务院关于职工工作时间的规定 Art. 7 makes Saturday and
Sunday the weekly rest days; the yearly notice changes both).  :func:`busdaycalendar` therefore
gives numpy a seven-day weekmask and lists every rest day of a range as a holiday, so that
``np.busday_offset`` and ``np.busday_count`` agree with :class:`~cnreg_calendar.ChinaCalendar`.

The vectorized functions read the calendar's own running count of working days, the index the
scalar methods use, as numpy arrays: an offset is one look-up in the count and one in the list of
working days (the ``searchsorted`` of the count, precomputed), whatever ``n``.  A date the index does
not cover is handed to the scalar method, which refuses it (strict calendar: ``ScheduleNotPublished``
with the same message) or extends a provisional calendar, exactly as a loop would.

numpy and pandas are the optional extra ``cnreg-calendar[dataframe]``; this module imports them
only when one of its functions is called.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from cnreg_calendar.errors import CnregCalendarError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from cnreg_calendar.deadlines import Deadline
    from cnreg_calendar.workdays import ChinaCalendar

__all__ = [
    "add_working_days_array",
    "busdaycalendar",
    "custom_business_day",
    "deadlines_frame",
    "is_provisional_array",
    "working_days_between_array",
]

_EPOCH = dt.date(1970, 1, 1).toordinal()  # numpy's datetime64[D] counts days from 1970-01-01


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        raise CnregCalendarError(
            "numpy is not installed: install the extra, pip install 'cnreg-calendar[dataframe]'"
        ) from None
    return numpy


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - depends on the environment
        raise CnregCalendarError(
            "pandas is not installed: install the extra, pip install 'cnreg-calendar[dataframe]'"
        ) from None
    return pandas


@attrs.frozen
class _Index:
    """The calendar's index as numpy arrays, valid while the calendar keeps the same lists."""

    source: list[int]  # the calendar's running count this was made from (compared by identity)
    base: int  # numpy day number of offset 0
    end: int  # the last offset covered
    cum: npt.NDArray[np.int64]  # working days up to and including each offset
    flags: npt.NDArray[np.int64]  # 1 for a working day
    workdays: npt.NDArray[np.int64]  # numpy day numbers of the working days, in order


_INDEXES: weakref.WeakKeyDictionary[ChinaCalendar, _Index] = weakref.WeakKeyDictionary()


def _index(cal: ChinaCalendar) -> _Index:
    """The numpy copy of ``cal``'s index, made again when a provisional calendar has grown."""
    index = _INDEXES.get(cal)
    if index is not None and index.source is cal._cum:
        return index
    np_ = _numpy()
    from cnreg_calendar.workdays import _BASE

    index = _Index(
        source=cal._cum,
        base=_BASE - _EPOCH,
        end=cal._end,
        cum=np_.asarray(cal._cum, dtype=np_.int64),
        flags=np_.frombuffer(cal._flags, dtype=np_.uint8).astype(np_.int64),
        workdays=np_.asarray(cal._workdays, dtype=np_.int64) - _EPOCH,
    )
    _INDEXES[cal] = index
    return index


def _days(values: object, name: str) -> npt.NDArray[np.int64]:
    """Day numbers (days since 1970-01-01) of an array-like of dates, or a clear error."""
    np_ = _numpy()
    try:
        array = np_.asarray(values, dtype="datetime64[D]")
    except (TypeError, ValueError) as error:
        raise CnregCalendarError(
            f"{name}: cannot read the values as dates ({error}); pass datetime.date objects, "
            "numpy datetime64 values or ISO texts such as '2026-01-04'"
        ) from None
    if np_.isnat(array).any():
        position = int(np_.flatnonzero(np_.isnat(array).ravel())[0])
        raise CnregCalendarError(
            f"{name}: item {position} is not a date (NaT); drop or fill missing dates first"
        )
    result: npt.NDArray[np.int64] = array.astype(np_.int64)
    return result


def _date(day: Any) -> dt.date:
    return dt.date.fromordinal(int(day) + _EPOCH)


def add_working_days_array(cal: ChinaCalendar, dates: object, n: object) -> npt.NDArray[Any]:
    """:meth:`~cnreg_calendar.ChinaCalendar.add_working_days` of every date, as ``datetime64[D]``.

    ``dates`` is an array-like of dates (``datetime64``, ``datetime.date``, ISO text); ``n`` an
    integer or an array of integers broadcast against it.  An unpublished year in a strict
    calendar raises :class:`~cnreg_calendar.errors.ScheduleNotPublished` as the scalar method does.

    >>> from cnreg_calendar import china_calendar
    >>> add_working_days_array(china_calendar(), ["2026-02-13", "2026-09-28"], [3, 5])
    array(['2026-02-25', '2026-10-10'], dtype='datetime64[D]')
    """
    np_ = _numpy()
    days = _days(dates, "dates")
    try:
        steps = np_.asarray(n, dtype=np_.int64)
    except (TypeError, ValueError, OverflowError):
        raise CnregCalendarError(
            f"n {n!r} is not an integer or an array of integers; pass e.g. 5 or [1, 2, 3]"
        ) from None
    days, steps = np_.broadcast_arrays(days, steps)
    while True:
        index = _index(cal)
        offsets = days - index.base
        inside = (offsets >= 0) & (offsets <= index.end)
        safe = np_.where(inside, offsets, 0)
        cum = index.cum[safe]
        # n > 0: the working days up to the day, then n on; n <= 0: those strictly before the
        # day, then |n| back (n == 0: the first working day on or after it) - as the scalar.
        k = np_.where(steps > 0, cum + steps - 1, cum - index.flags[safe] + steps)
        good = inside & (k >= 0) & (k < len(index.workdays))
        if good.all():
            result: npt.NDArray[Any] = index.workdays[k].astype("datetime64[D]")
            return result
        # The first date the index cannot answer goes to the scalar method: it raises what a
        # loop would raise there, or extends a provisional calendar (then the index is renewed).
        first = int(np_.flatnonzero(~good.ravel())[0])
        cal.add_working_days(_date(days.ravel()[first]), int(steps.ravel()[first]))
        if _index(cal).source is index.source:  # pragma: no cover - defensive
            raise CnregCalendarError("the calendar could not answer a date it reported covered")


def working_days_between_array(cal: ChinaCalendar, start: object, end: object) -> npt.NDArray[Any]:
    """:meth:`~cnreg_calendar.ChinaCalendar.working_days_between` of each pair, as ``int64``.

    The working days ``d`` with ``start < d <= end`` (negative when ``end < start``); the two
    array-likes are broadcast against each other.

    >>> from cnreg_calendar import china_calendar
    >>> working_days_between_array(china_calendar(), "2026-01-01", ["2026-01-31", "2026-12-24"])
    array([ 21, 243])
    """
    np_ = _numpy()
    a, b = np_.broadcast_arrays(_days(start, "start"), _days(end, "end"))
    while True:
        index = _index(cal)
        first_off, last_off = a - index.base, b - index.base
        good = (first_off >= 0) & (first_off <= index.end) & (last_off >= 0)
        good &= last_off <= index.end
        if good.all():
            result: npt.NDArray[Any] = index.cum[last_off] - index.cum[first_off]
            return result
        first = int(np_.flatnonzero(~good.ravel())[0])
        cal.working_days_between(_date(a.ravel()[first]), _date(b.ravel()[first]))
        if _index(cal).source is index.source:  # pragma: no cover - defensive
            raise CnregCalendarError("the calendar could not answer a date it reported covered")


def is_provisional_array(cal: ChinaCalendar, dates: object) -> npt.NDArray[Any]:
    """:meth:`~cnreg_calendar.ChinaCalendar.is_provisional` of every date: a boolean array.

    >>> from cnreg_calendar import china_calendar
    >>> is_provisional_array(china_calendar(provisional=True), ["2026-06-01", "2099-06-01"])
    array([False,  True])
    """
    settled = cal.settled_until.toordinal() - _EPOCH
    result: npt.NDArray[Any] = _days(dates, "dates") > settled
    return result


def busdaycalendar(cal: ChinaCalendar, start: object, end: object) -> np.busdaycalendar:
    """A ``numpy.busdaycalendar`` whose business days are ``cal``'s working days in the range.

    The weekmask has seven days and every rest day from ``start`` to ``end`` (both included) is
    a holiday, so weekend make-up working days (调休上班) are business days.  numpy treats every day
    outside the range as a business day: make the range cover the answers.  Our offsets never
    count the start day; numpy's equal them with ``roll="backward"`` for ``n > 0`` and
    ``roll="forward"`` for ``n <= 0`` (the same on a working day); our
    ``working_days_between(a, b)`` is ``np.busday_count(a + 1, b + 1)`` when ``a <= b`` and
    ``np.busday_count(a, b)`` when ``b < a`` (numpy then counts ``(b, a]``, negated).

    >>> import numpy as np
    >>> from cnreg_calendar import china_calendar
    >>> cal = china_calendar()
    >>> business = busdaycalendar(cal, "2026-01-01", "2026-12-24")
    >>> np.busday_offset("2026-02-13", 3, roll="forward", busdaycal=business)
    np.datetime64('2026-02-25')
    >>> int(np.busday_count("2026-01-02", "2026-12-25", busdaycal=business))
    243
    """
    np_ = _numpy()
    first, last = _days(start, "start"), _days(end, "end")
    if first.ndim or last.ndim:
        raise CnregCalendarError("busdaycalendar: start and end are single dates, not arrays")
    if last < first:
        raise CnregCalendarError(
            f"busdaycalendar: end {_date(last)} is before start {_date(first)}"
        )
    span = np_.arange(int(first), int(last) + 1, dtype=np_.int64)
    working = np_.zeros(len(span), dtype=bool)
    for day in cal.working_days(_date(first), _date(last)):  # refuses unpublished years
        working[day.toordinal() - _EPOCH - int(first)] = True
    holidays = span[~working].astype("datetime64[D]")
    calendar: np.busdaycalendar = np_.busdaycalendar(weekmask="1111111", holidays=holidays)
    return calendar


def custom_business_day(cal: ChinaCalendar, start: object, end: object, n: int = 1) -> Any:
    """A ``pandas.offsets.CustomBusinessDay`` of ``cal``'s working days from ``start`` to ``end``.

    pandas rolls as :meth:`~cnreg_calendar.ChinaCalendar.add_working_days` counts, so adding it
    ``n`` times gives our answers, from any day in the range (see :func:`busdaycalendar`).

    >>> import pandas as pd
    >>> from cnreg_calendar import china_calendar
    >>> day = custom_business_day(china_calendar(), "2026-01-01", "2026-12-24")
    >>> (pd.Timestamp("2026-02-13") + 3 * day).date()
    datetime.date(2026, 2, 25)
    """
    pd_ = _pandas()
    return pd_.offsets.CustomBusinessDay(n, calendar=busdaycalendar(cal, start, end))


#: The columns of :func:`deadlines_frame`, in order.
COLUMNS = (
    "date",
    "time",
    "organisation",
    "duty",
    "title_zh",
    "title_en",
    "instrument",
    "authority",
    "article",
    "key",
    "binding",
    "provisional",
    "assumed",
    "draft",
)


def deadlines_frame(deadlines: Iterable[Deadline]) -> Any:
    """A ``pandas.DataFrame`` of deadlines, one row each, with typed columns.

    ``date`` is ``datetime64[s]`` (the day), ``time`` the Beijing time of an hour deadline
    (``datetime64[s, Asia/Shanghai]``, NaT otherwise); ``organisation`` (the profile id),
    ``duty``, ``instrument`` and ``authority`` (the instrument's lead authority) are categoricals;
    ``binding``, ``provisional``, ``assumed`` and ``draft`` are booleans; the texts are strings.

    >>> import datetime as dt
    >>> from cnreg_calendar.profile import Profile
    >>> from cnreg_calendar.deadlines import schedule
    >>> profile = Profile(name="Demo Co.", roles=("ciio",),
    ...                   events={"cii-system-go-live": (dt.date(2023, 8, 1),)})
    >>> frame = deadlines_frame(schedule(profile, dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    >>> str(frame["date"].dtype), str(frame["duty"].dtype), str(frame["binding"].dtype)
    ('datetime64[s]', 'category', 'bool')
    """
    pd_ = _pandas()
    from cnreg_calendar.model import Confidence, Status

    rows = list(deadlines)
    draft = [
        d.duty.confidence is Confidence.DRAFT or d.instrument.status is Status.DRAFT for d in rows
    ]
    columns: dict[str, Any] = {
        "date": pd_.Series([d.date for d in rows], dtype="datetime64[s]"),
        "time": pd_.Series(
            [pd_.Timestamp(d.time) if d.time is not None else pd_.NaT for d in rows],
            dtype="datetime64[s, Asia/Shanghai]",
        ),
        "organisation": pd_.Categorical([d.entity for d in rows]),
        "duty": pd_.Categorical([d.duty.id for d in rows]),
        "title_zh": pd_.Series([d.duty.title_zh for d in rows], dtype="string"),
        "title_en": pd_.Series([d.duty.title_en for d in rows], dtype="string"),
        "instrument": pd_.Categorical([d.instrument.id for d in rows]),
        "authority": pd_.Categorical([(d.instrument.authorities or ("",))[0] for d in rows]),
        "article": pd_.Series([d.duty.article for d in rows], dtype="string"),
        "key": pd_.Series([d.key for d in rows], dtype="string"),
        "binding": pd_.Series([d.binding for d in rows], dtype=bool),
        "provisional": pd_.Series([d.provisional for d in rows], dtype=bool),
        "assumed": pd_.Series([d.assumed for d in rows], dtype=bool),
        "draft": pd_.Series(draft, dtype=bool),
    }
    return pd_.DataFrame(columns, columns=list(COLUMNS))
