"""The 其中 clauses of the notices up to 2009: which days are statutory, which 公休日 move where.

The notices for 2008 and 2009 (and the earlier ones) follow each rest period with the account of
its days: 「其中，1月1日（星期二）为法定节假日，12月30日（星期日）为公休日，12月29日（星期六）公休日调至
12月31日（星期一），12月29日（星期六）上班」. :func:`read_clauses` reads such a sentence, after
:mod:`cnreg_calendar.notice_text` has replaced each date by ``D``, checks each clause against the
rest period and returns the days it makes working days. Unknown clauses return None, so that the
caller can report the sentence.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from cnreg_calendar.errors import NoticeTextError

__all__ = ["Clauses", "read_clauses"]

_WEEKDAYS = "一二三四五六日"
_LIST = r"D(?:、D)*"
_LEGAL = re.compile(rf"{_LIST}为(?:[\u4e00-\u9fff]{{1,4}})?法定(?:节)?假日")
_REST = re.compile(rf"{_LIST}(?:为公休日|照常公休)")
_MOVED = re.compile(
    rf"将?({_LIST})(?:[两三四]个)?公休日(?:及[\u4e00-\u9fff]{{1,4}})?(?:分别)?调至({_LIST})"
)
_WORK = re.compile(rf"{_LIST}上班")


@attrs.define
class Clauses:
    """What the clauses of one item said: the days worked and the 公休日 moved out of the period."""

    working: list[dt.date] = attrs.field(factory=list)
    moved_out: list[dt.date] = attrs.field(factory=list)


def read_clauses(
    shape: str, days: list[dt.date], first: dt.date, last: dt.date, at: str, line: int
) -> Clauses | None:
    """Read one sentence of 其中 clauses (dates as ``D``), or None if a clause is not one of them.

    Checks, per clause: a 法定节假日 lies inside the rest period (全国年节及纪念日放假办法 Art. 2);
    a day 为公休日 / 照常公休 is a Saturday or Sunday inside it; a 公休日 moved (调至) is a Saturday
    or Sunday, and the days it moves to are weekdays inside the period (Art. 6 moves a weekend's
    rest, never onto another weekend day).

    >>> d = dt.date
    >>> got = read_clauses("其中:D为法定节假日,D为公休日,D公休日调至D,D上班",
    ...                    [d(2008, 1, 1), d(2007, 12, 30), d(2007, 12, 29), d(2007, 12, 31),
    ...                     d(2007, 12, 29)], d(2007, 12, 30), d(2008, 1, 1), "item 1", 3)
    >>> got.working == got.moved_out == [d(2007, 12, 29)]
    True
    """
    body = re.sub(r"^其中[:,]?", "", shape).replace(",为", "为")
    found = Clauses()
    at_day = 0
    for clause in [c for c in re.split(r"[,;]", body) if c]:
        own = days[at_day : at_day + clause.count("D")]
        at_day += clause.count("D")
        if _LEGAL.fullmatch(clause):
            for day in own:
                if not first <= day <= last:
                    raise NoticeTextError(
                        f"{at}: the statutory holiday {day} lies outside the rest period "
                        f"{first}..{last} (全国年节及纪念日放假办法 Art. 2)",
                        line=line,
                    )
            continue
        if _REST.fullmatch(clause):
            for day in own:
                if day.weekday() < 5 or not first <= day <= last:
                    raise NoticeTextError(
                        f"{at}: {day} ({_name(day)}) is called a 公休日 of the rest period "
                        f"{first}..{last}, but is not a Saturday or Sunday inside it",
                        line=line,
                    )
            continue
        moved = _MOVED.fullmatch(clause)
        if moved:
            sources = own[: moved.group(1).count("D")]
            targets = own[moved.group(1).count("D") :]
            for day in sources:
                if day.weekday() < 5:
                    raise NoticeTextError(
                        f"{at}: {day} ({_name(day)}) is moved (调至) as a 公休日, "
                        "but is not a Saturday or Sunday",
                        line=line,
                    )
                if not first <= day <= last:
                    found.moved_out.append(day)
            for day in targets:
                if day.weekday() >= 5 or not first <= day <= last:
                    raise NoticeTextError(
                        f"{at}: a 公休日 is moved (调至) to {day} ({_name(day)}), which is not a "
                        f"weekday inside the rest period {first}..{last}",
                        line=line,
                    )
            continue
        if _WORK.fullmatch(clause):
            found.working += own
            continue
        return None
    return found


def _name(day: dt.date) -> str:
    return f"星期{_WEEKDAYS[day.weekday()]}"
