"""The table of rule kinds: one entry per rule class of the catalog.

Adding a rule kind takes three places (docs/rule-kinds.md walks through one): its rule class in
:mod:`cnreg_calendar.model` (with ``RULE_CLASSES``), its reader in :mod:`cnreg_calendar.catalog`,
and one entry here, a :class:`~cnreg_calendar.deadlines.kind.Kind` that knows the occurrences,
words and explanation of its dates.

>>> sorted(cls.__name__ for cls in KINDS)
['AfterEvent', 'BeforeEvent', 'FixedDate', 'FollowUp', 'Recurring', 'Validity', 'Yearly']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cnreg_calendar.deadlines.anchored import EventPeriodKind, RecurringKind
from cnreg_calendar.deadlines.dated import FixedDateKind, YearlyKind
from cnreg_calendar.deadlines.followup import FollowUpKind
from cnreg_calendar.deadlines.kind import Kind
from cnreg_calendar.deadlines.validity import ValidityKind
from cnreg_calendar.model import (
    AfterEvent,
    BeforeEvent,
    FixedDate,
    FollowUp,
    Recurring,
    Validity,
    Yearly,
)

__all__ = ["KINDS"]

#: The entry of each rule class.
KINDS: Mapping[type, Kind[Any]] = {
    FixedDate: FixedDateKind(FixedDate),
    Yearly: YearlyKind(Yearly),
    Recurring: RecurringKind(Recurring),
    AfterEvent: EventPeriodKind(AfterEvent, before=False),
    BeforeEvent: EventPeriodKind(BeforeEvent, before=True),
    FollowUp: FollowUpKind(FollowUp),
    Validity: ValidityKind(Validity),
}
