"""An oracle comparison: every day of 2004-2026 against the ``chinese_calendar`` package.

``chinese_calendar`` (PyPI ``chinesecalendar``) is maintained independently of this library's own day
data (``cnreg_calendar/data/notices.toml``) and of ``holidays`` (tests/test_day_data.py), so agreement
on every day is strong evidence that all three are right.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from cnreg_calendar import china_calendar

FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2026, 12, 24)  # the strict calendar's settled_until

#: The one known disagreement. The 2006 notice (国务院办公厅关于2006年部分节假日安排的通知,
#: 国办发明电〔2005〕35号) gives New Year's Day 2006 as 1-3 January and makes Saturday
#: 2005-12-31 a working day; ``chinese_calendar`` treats it as a weekend rest day.
KNOWN_DISAGREEMENTS = {dt.date(2005, 12, 31): True}


def test_every_day_agrees_with_chinese_calendar_except_2005_12_31():
    """From 2004-01-01 to 2026-12-24 the only disagreement is Saturday 2005-12-31 (国办发明电〔2005〕35号)."""
    cal = china_calendar()
    disagreements = {}
    day = FIRST
    while day <= LAST:
        ours = cal.is_working_day(day)
        if ours != chinese_calendar.is_workday(day):
            disagreements[day] = ours
        day += dt.timedelta(days=1)
    assert KNOWN_DISAGREEMENTS == disagreements
