"""An organisation's deadlines: the schedule, one concept a module, re-exported flat.

- :mod:`~cnreg_calendar.deadlines.deadline`: :class:`Deadline`, a dated occurrence of a duty;
- :mod:`~cnreg_calendar.deadlines.marks`: :class:`Mark`, what a deadline is marked with;
- :mod:`~cnreg_calendar.deadlines.occurrence`: :class:`Occurrence`, the state a rule and an
  anchor give, shared by organisations;
- :mod:`~cnreg_calendar.deadlines.kinds`: the table of rule kinds, one entry per rule class
  (:mod:`~.dated`, :mod:`~.anchored`, :mod:`~.validity`, :mod:`~.followup`; :mod:`~.kind`
  says what an entry does);
- :mod:`~cnreg_calendar.deadlines.plan` and :mod:`~cnreg_calendar.deadlines.counting`: what a
  catalog's duties need, counted per calendar, with the caches that layer owns;
- :mod:`~cnreg_calendar.deadlines.scheduling`: :func:`schedule`, whose result
  (:class:`Schedule`) also lists the :class:`UndatedDuty` (:mod:`~.undated`);
- :mod:`~cnreg_calendar.deadlines.milestones`: :func:`watch` and :class:`WatchItem`.

>>> from cnreg_calendar.deadlines import Mark
>>> Mark.PROVISIONAL.value
'provisional'
"""

from cnreg_calendar.deadlines.deadline import Deadline, Explainer
from cnreg_calendar.deadlines.kinds import KINDS
from cnreg_calendar.deadlines.marks import Mark
from cnreg_calendar.deadlines.milestones import WatchItem, watch
from cnreg_calendar.deadlines.occurrence import Occurrence
from cnreg_calendar.deadlines.scheduling import schedule
from cnreg_calendar.deadlines.undated import Schedule, UndatedDuty

__all__ = [
    "KINDS",
    "Deadline",
    "Explainer",
    "Mark",
    "Occurrence",
    "Schedule",
    "UndatedDuty",
    "WatchItem",
    "schedule",
    "watch",
]
