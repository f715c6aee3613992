"""The old name of :mod:`cnreg_calendar.deadlines`, kept so that existing imports still work.

>>> from cnreg_calendar.schedule import Deadline
>>> Deadline.__module__
'cnreg_calendar.deadlines.deadline'
"""

from cnreg_calendar.deadlines import Deadline, WatchItem, schedule, watch

__all__ = ["Deadline", "WatchItem", "schedule", "watch"]
