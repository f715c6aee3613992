"""Periods of time as Chinese law counts them (Civil Code Arts. 200-204)."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import enum
import re
import weakref
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs

from cnreg_calendar.errors import CnregCalendarError, DateRangeError, PeriodError
from cnreg_calendar.workdays import ChinaCalendar, china_calendar, coerce_date

__all__ = [
    "Due",
    "Period",
    "Step",
    "Unit",
    "add_months",
    "beijing_date",
    "due",
    "due_date",
    "fixed_date",
    "to_beijing",
]

#: Hour periods run on Beijing time.
SHANGHAI = ZoneInfo("Asia/Shanghai")

# The articles the rules below apply, as the explanations cite them.
ART_201 = "Civil Code Art. 201"  # 开始的当日不计入，自下一日开始计算 / hours from the stated time
ART_202 = "Civil Code Art. 202"  # 到期月的对应日为期间的最后一日；没有对应日的，月末日
ART_203 = "Civil Code Art. 203"  # 最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日
WORKING_DAY_RULE = (
    "working-day period: Administrative Licensing Law Art. 82 (期限以工作日计算，不含法定节假日); "
    "weekly rest days under the State Council Provisions on Working Hours Art. 7"
)


class Unit(enum.Enum):
    """The unit a period is counted in (Civil Code Art. 200: years, months, days, hours)."""

    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working days"
    MONTHS = "months"
    YEARS = "years"


_UNIT_WORDS: dict[str, Unit] = {
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "小时": Unit.HOURS,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "calendar day": Unit.DAYS,
    "calendar days": Unit.DAYS,
    "日": Unit.DAYS,
    "天": Unit.DAYS,
    "working day": Unit.WORKING_DAYS,
    "working days": Unit.WORKING_DAYS,
    "business day": Unit.WORKING_DAYS,
    "business days": Unit.WORKING_DAYS,
    "workday": Unit.WORKING_DAYS,  # the command line's own word (`cnreg-calendar workdays`)
    "workdays": Unit.WORKING_DAYS,
    "工作日": Unit.WORKING_DAYS,
    "个工作日": Unit.WORKING_DAYS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
    "个月": Unit.MONTHS,
    "year": Unit.YEARS,
    "years": Unit.YEARS,
    "年": Unit.YEARS,
}

_PERIOD_RE = re.compile(r"^\s*(\d{1,5})\s*([^\d]+?)\s*$")


@attrs.frozen(cache_hash=True)
class Period:
    """A period such as ``10 working days`` or ``6 months``.

    >>> Period.parse("10 working days")
    Period(amount=10, unit=<Unit.WORKING_DAYS: 'working days'>)
    >>> str(Period.parse("6个月"))
    '6 months'
    """

    amount: int
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``"<N> <unit>"``: hours, days, working days, months or years (English or Chinese).

        >>> Period.parse("1 year").unit
        <Unit.YEARS: 'years'>
        """
        if not isinstance(text, str):
            raise PeriodError(
                f"period {text!r}: expected text such as '10 working days', '30 days', "
                "'6 months', '1 year' or '4 hours'"
            )
        match = _PERIOD_RE.match(text)
        unit = _UNIT_WORDS.get(match.group(2).lower()) if match else None
        if match is None or unit is None:
            raise PeriodError(
                f"period {text!r} is not understood: write '<N> <unit>' with a unit of "
                "hours, days, working days, months or years (e.g. '10 working days', '6 months')"
            )
        amount = int(match.group(1))
        if amount == 0:
            raise PeriodError(f"period {text!r}: the amount must be at least 1")
        return cls(amount, unit)

    def __str__(self) -> str:
        word: str = self.unit._value_
        if self.amount == 1:
            word = word[:-1]
        return f"{self.amount} {word}"


@attrs.frozen
class Step:
    """One step from an anchor to a due date, with the rule that justifies it."""

    date: dt.date | dt.datetime
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.date.isoformat()}  {self.text} [{self.rule}]"


@attrs.frozen
class Due:
    """A computed due date and how it was reached.

    >>> result = due(dt.date(2023, 5, 24), Period.parse("1 month"))
    >>> result.date
    datetime.date(2023, 6, 25)
    >>> print(result.explanation())
    2023-05-24  anchor
    2023-06-24  1 month after the anchor ends on the corresponding day, the start day not counted [Civil Code Art. 201, 202]
    2023-06-25  2023-06-24 is a day off (端午节 / Dragon Boat Festival): the period ends on the next working day [Civil Code Art. 203]
    """

    anchor: dt.date | dt.datetime
    period: Period | None
    before: bool
    date: dt.date | dt.datetime
    steps: tuple[Step, ...]
    provisional: bool

    def explanation(self) -> str:
        """The steps as text, one per line, each citing its rule."""
        lines = [f"{self.anchor.isoformat()}  anchor"] + [str(step) for step in self.steps]
        if self.provisional:
            lines.append(
                "provisional: a year on the way has no published State Council holiday notice; "
                "its working days are estimated from the statutory holidays"
            )
        return "\n".join(lines)


def _rest_reason(day: dt.date, calendar: ChinaCalendar) -> str:
    names = calendar.holiday_name(day)
    if names is not None:
        return f"{day} is a day off ({names[0]} / {names[1]})"
    return f"{day} is a weekend rest day"


def to_beijing(anchor: dt.date | dt.datetime) -> dt.datetime:
    """An aware datetime in Beijing time; a naive one is taken as Beijing time, a date as 00:00.

    >>> to_beijing(dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.UTC)).isoformat()
    '2025-01-01T04:00:00+08:00'
    >>> to_beijing(dt.date(2025, 1, 1)).isoformat()
    '2025-01-01T00:00:00+08:00'
    """
    if isinstance(anchor, dt.datetime):
        aware = anchor if anchor.tzinfo else anchor.replace(tzinfo=SHANGHAI)
        try:
            return aware.astimezone(SHANGHAI)
        except OverflowError:  # e.g. 0001-01-01T00:00+14:00 is 31 December of year 0 in Beijing
            raise DateRangeError(
                f"{anchor.isoformat()} is {_side(aware)} the dates Beijing time can represent "
                "(0001-01-01 to 9999-12-31); pass a date-time inside that range"
            ) from None
    return dt.datetime(anchor.year, anchor.month, anchor.day, tzinfo=SHANGHAI)


def _side(moment: dt.datetime) -> str:
    return "before" if moment.year == dt.MINYEAR else "after"


def beijing_date(anchor: dt.date | dt.datetime) -> dt.date:
    """The Beijing date of an anchor: day periods count Beijing calendar days.

    >>> beijing_date(dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.UTC))
    datetime.date(2025, 1, 1)
    """
    if type(anchor) is dt.date:
        return anchor
    return to_beijing(anchor).date()


#: At most this many answers are remembered per calendar in each memo below (tens of MB).
_MEMO_LIMIT = 100_000
_K = TypeVar("_K")
#: Per calendar, the explained due dates it has computed, by (anchor, amount, unit, before) (a
#: date-time anchor by its text, zone and fold: summer-time folds are distinct): a Due
#: is immutable and depends only on these and the calendar's working days, and schedules for
#: thousands of organisations share most anchors. Kept here, by the layer that computes them, for
#: as long as the calendar lives.
_DUES: weakref.WeakKeyDictionary[ChinaCalendar, dict[tuple[object, int, str, bool], Due]] = (
    weakref.WeakKeyDictionary()
)
#: Per calendar, the fixed dates it has moved off rest days, by (day, conservative).
_FIXED: weakref.WeakKeyDictionary[ChinaCalendar, dict[tuple[dt.date, bool], Due]] = (
    weakref.WeakKeyDictionary()
)


def _memo(
    memos: weakref.WeakKeyDictionary[ChinaCalendar, dict[_K, Due]], calendar: ChinaCalendar
) -> dict[_K, Due]:
    """The calendar's memo in ``memos``, new or emptied when it is full."""
    memo = memos.get(calendar)
    if memo is None or len(memo) >= _MEMO_LIMIT:
        memo = memos[calendar] = {}
    return memo


def due(
    anchor: dt.date | dt.datetime,
    period: Period | str,
    calendar: ChinaCalendar | None = None,
    *,
    before: bool = False,
) -> Due:
    """The last day of ``period`` counted from ``anchor`` (or back from it), with its explanation.

    The start day is not counted (Art. 201); month and year periods end on the corresponding day
    or the month's last day (Art. 202); a period ending on a rest day ends on the next working
    day, while one ending on a make-up working day stays (Art. 203); working-day periods count
    working days. A period *before* an anchor counts back and only ever moves earlier. Hour
    periods are exact, in Beijing time, and never extended.

    >>> due("2026-09-28", "5 working days").date
    datetime.date(2026, 10, 10)
    >>> due("2026-12-01", "60 working days", china_calendar(provisional=True), before=True).date
    datetime.date(2026, 9, 2)
    """
    if isinstance(period, str):
        period = Period.parse(period)
    calendar = calendar or china_calendar()
    if not isinstance(anchor, dt.date):
        anchor = coerce_date(anchor, "anchor")
    # A Due is immutable and depends only on these inputs and the calendar: schedules for
    # thousands of organisations share most anchors, so each calendar remembers its answers.
    # A date-time is keyed by its text with offset, zone and fold: the two readings of a
    # summer-time fold are different instants (equal as Python datetimes, not as inputs).
    moment: object = anchor
    if isinstance(anchor, dt.datetime):
        moment = (anchor.isoformat(), anchor.tzinfo, anchor.fold)
    key = (moment, period.amount, period.unit._value_, before)
    known_dues = _memo(_DUES, calendar)
    known = known_dues.get(key)
    if known is not None:
        return known
    if period.unit is Unit.HOURS:
        result = _due_hours(anchor, period, before)
    else:
        day = beijing_date(anchor)
        try:
            result = _due_days(anchor, day, period, calendar, before)
        except (OverflowError, ValueError) as exc:
            if isinstance(exc, CnregCalendarError) and not isinstance(exc, DateRangeError):
                raise
            where = anchor.isoformat()
            if where[:10] != day.isoformat():
                where += f" (in Beijing {day})"
            raise DateRangeError(
                f"{period} {'before' if before else 'after'} {where} runs beyond the dates this "
                "calendar can represent (0001-01-01 to 9999-12-31)"
            ) from None
    known_dues[key] = result
    return result


def due_day(
    anchor: dt.date | dt.datetime,
    amount: int,
    unit: Unit,
    calendar: ChinaCalendar,
    before: bool = False,
) -> tuple[dt.date | dt.datetime, bool]:
    """The date of :func:`due` and whether it rests on an estimate, without the explanation.

    The schedule layer's fast path (not in ``__all__``): :func:`due` is the public entry point.

    The same rules (Civil Code Arts. 201-203) by the same calendar, for schedules that compute
    thousands of dates and explain only those they show; ``due()`` explains any of them (a
    property test checks that both always agree).

    >>> due_day(dt.date(2023, 5, 24), 1, Unit.MONTHS, china_calendar())
    (datetime.date(2023, 6, 25), False)
    """
    if unit is Unit.HOURS:
        return _hours_from(anchor, amount, before), False
    day = beijing_date(anchor)
    if unit is Unit.WORKING_DAYS:
        last = calendar.add_working_days(day, -amount if before else amount)
        return last, max(day, last) > calendar.settled_until
    try:
        if unit is Unit.DAYS:
            end = day + dt.timedelta(days=-amount if before else amount)  # Art. 201
        else:
            months = amount * (12 if unit is Unit.YEARS else 1)
            end = add_months(day, -months if before else months)  # Art. 202
    except (OverflowError, ValueError):
        due(anchor, Period(amount, unit), calendar, before=before)  # raises DateRangeError
        raise  # not reached: due() refuses the same inputs
    # Art. 203: a last day on a rest day moves to the next working day (earlier when counting
    # back); a make-up working day is a working day and stays.
    last = calendar.roll_backward(end) if before else calendar.roll_forward(end)
    return last, max(day, last) > calendar.settled_until


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months``: the corresponding day, or the month's last day (Art. 202).

    >>> add_months(dt.date(2024, 1, 31), 1), add_months(dt.date(2024, 2, 29), -12)
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28))
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DateRangeError(
            f"{day.isoformat()} moved by {months} months reaches year {year}, outside the dates "
            "Python can represent (0001-01-01 to 9999-12-31)"
        )
    if day.day <= 28:
        return dt.date(year, month, day.day)
    last = calendar_module.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def _due_days(
    anchor: dt.date | dt.datetime,
    day: dt.date,
    period: Period,
    calendar: ChinaCalendar,
    before: bool,
) -> Due:
    steps: list[Step] = []
    sign = -1 if before else 1
    word = "before" if before else "after"
    if period.unit is Unit.WORKING_DAYS:
        result = calendar.add_working_days(day, sign * period.amount)
        steps.append(
            Step(
                result,
                f"{ART_201}; {WORKING_DAY_RULE}",
                f"the {_ordinal(period.amount)} working day {word} the anchor, the anchor not counted",
            )
        )
    else:
        if period.unit is Unit.DAYS:
            end = day + dt.timedelta(days=sign * period.amount)
            steps.append(
                Step(end, ART_201, f"{period} {word} the anchor, the start day not counted")
            )
        else:
            months = period.amount * (12 if period.unit is Unit.YEARS else 1)
            end = add_months(day, sign * months)
            text = f"{period} {word} the anchor ends on the corresponding day"
            if end.day != day.day:
                text = f"{period} {word} the anchor: no corresponding day, so the month's last day"
            steps.append(Step(end, f"{ART_201}, 202", text + ", the start day not counted"))
        result = _adjust(end, calendar, backward=before, steps=steps, fixed=False)
    provisional = calendar.depends_on_estimate(day, result)
    return Due(anchor, period, before, result, tuple(steps), provisional)


def _adjust(
    day: dt.date, calendar: ChinaCalendar, *, backward: bool, steps: list[Step], fixed: bool
) -> dt.date:
    """Move a last day that falls on a rest day (Art. 203), or earlier when counting back."""
    if calendar.is_working_day(day):
        return day
    reason = _rest_reason(day, calendar)
    if backward:
        result = calendar.add_working_days(day, -1)
        steps.append(
            Step(
                result,
                f"{ART_203} (by analogy; moved earlier)",
                f"{reason}: moved to the last working day before it, so that the deadline is "
                "never later than the period allows",
            )
        )
    else:
        result = calendar.add_working_days(day, 1)
        what = "the deadline falls" if fixed else "the period ends"
        rule = f"{ART_203} (by analogy)" if fixed else ART_203
        steps.append(Step(result, rule, f"{reason}: {what} on the next working day"))
    return result


def _hours_from(anchor: dt.date | dt.datetime, hours: int, before: bool) -> dt.datetime:
    """Civil Code Art. 201: an hour period runs from the stated time, and is never extended.

    Elapsed time, counted in UTC so that a summer-time change (China until 1991, or the anchor's
    own zone) does not shift it; the result in Beijing time.
    """
    try:
        utc = to_beijing(anchor).astimezone(dt.UTC)
        delta = dt.timedelta(hours=hours)
        return ((utc - delta) if before else (utc + delta)).astimezone(SHANGHAI)
    except OverflowError:
        raise DateRangeError(
            f"{hours} hours {'before' if before else 'after'} {anchor.isoformat()} is outside "
            "the dates Beijing time can represent (0001-01-01 to 9999-12-31)"
        ) from None


def _due_hours(anchor: dt.date | dt.datetime, period: Period, before: bool) -> Due:
    start = to_beijing(anchor)
    result = _hours_from(anchor, period.amount, before)
    word = "before" if before else "after"
    step = Step(
        result,
        ART_201,
        f"{period} {word} the stated time, in Beijing time; hour periods are never extended "
        "for rest days",
    )
    return Due(start, period, before, result, (step,), provisional=False)


def fixed_date(
    day: dt.date, calendar: ChinaCalendar | None = None, *, conservative: bool = False
) -> Due:
    """A fixed deadline (「每年1月31日前」): on a rest day it moves to the next working day.

    By analogy with Civil Code Art. 203; ``conservative=True`` moves it *earlier*, to the last
    working day before, for teams that never want to rely on the extension.

    >>> fixed_date(dt.date(2026, 1, 31)).date
    datetime.date(2026, 2, 2)
    >>> fixed_date(dt.date(2026, 1, 31), conservative=True).date
    datetime.date(2026, 1, 30)
    """
    calendar = calendar or china_calendar()
    day = coerce_date(day, "fixed date")
    key = (day, conservative)
    known_fixed = _memo(_FIXED, calendar)
    known = known_fixed.get(key)
    if known is not None:
        return known
    steps: list[Step] = []
    result = _adjust(day, calendar, backward=conservative, steps=steps, fixed=True)
    due_ = Due(day, None, False, result, tuple(steps), calendar.depends_on_estimate(day, result))
    known_fixed[key] = due_
    return due_


def due_date(
    anchor: dt.date | dt.datetime,
    period: Period | str,
    calendar: ChinaCalendar | None = None,
    *,
    before: bool = False,
) -> dt.date | dt.datetime:
    """The due date of :func:`due`, without its explanation.

    >>> due_date(dt.date(2024, 1, 31), "1 month")   # Art. 202: no Feb 31 → Feb 29 (leap year)
    datetime.date(2024, 2, 29)
    """
    return due(anchor, period, calendar, before=before).date


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
