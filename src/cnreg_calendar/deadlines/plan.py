"""What a schedule needs of each duty of a catalog, looked up once per catalog."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import attrs

from cnreg_calendar.deadlines.marks import Mark, duty_marks
from cnreg_calendar.jurisdiction import binds
from cnreg_calendar.model import Catalog, Confidence, Duty, Instrument, Status

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cnreg_calendar.deadlines.kind import Kind

__all__ = ["Plan", "Planned", "plan_for"]

#: Duties of instruments in these states are not scheduled (their successor's duties are).
_INACTIVE = {Status.SUPERSEDED, Status.REPEALED}
#: At most this many role sets are remembered per plan.
_ROLE_SETS_LIMIT = 100_000
#: At most this many catalogs' plans are remembered.
_PLANS_LIMIT = 16


@attrs.frozen(eq=False)
class Planned:
    """One duty of a catalog with what its schedule needs."""

    duty: Duty
    #: Its position in the catalog's duties.
    position: int
    instrument: Instrument
    source_url: str | None
    #: From a draft (left out unless the profile includes drafts).
    draft: bool
    #: Its instrument is neither superseded nor repealed.
    active: bool
    #: The entry of the table of rule kinds for the duty's rule.
    kind: Kind[Any]
    #: The rule in words, up to its anchor ("every 1 year from cii-system-go-live").
    label: str
    #: More days than the rule's period can span (events older than that give no date), if any.
    reach: int | None
    #: The marks of every occurrence, by (provisional, assumed).
    marks: Mapping[tuple[bool, bool], frozenset[Mark]]
    #: Where the duty binds (its own jurisdiction, else its instrument's).
    jurisdiction: str


@attrs.frozen(eq=False)
class Plan:
    """A catalog's duties, planned, and which apply to which roles."""

    duties: tuple[Planned, ...]
    by_id: dict[str, Planned]
    #: The positions in ``duties`` of the active duties that apply to each role.
    by_role: dict[str, tuple[int, ...]]
    #: The same for each set of roles and regions a profile has had (organisations share them).
    by_roles: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, ...]] = attrs.field(
        factory=dict
    )

    def positions(self, roles: tuple[str, ...], regions: tuple[str, ...] = ()) -> tuple[int, ...]:
        """The positions of the active duties that apply to any of ``roles`` and bind in
        ``regions`` (national duties always do), in catalog order."""
        key = (roles, regions)
        known = self.by_roles.get(key)
        if known is None:
            found: set[int] = set()
            for role in roles:
                found.update(self.by_role.get(role, ()))
            duties = self.duties
            bound = [i for i in found if binds(duties[i].jurisdiction, regions)]
            if len(self.by_roles) >= _ROLE_SETS_LIMIT:
                self.by_roles.clear()
            known = self.by_roles[key] = tuple(sorted(bound))
        return known


#: The plans of the catalogs seen last, each with a weak reference to its catalog (a catalog is
#: compared by identity: hashing its contents would cost more than planning it).
_PLANS: list[tuple[weakref.ref[Catalog], Plan]] = []


def _marks(duty: Duty, instrument: Instrument) -> dict[tuple[bool, bool], frozenset[Mark]]:
    base = duty_marks(duty, instrument)
    return {
        (provisional, assumed): base
        | ({Mark.PROVISIONAL} if provisional else set())
        | ({Mark.ASSUMED} if assumed else set())
        for provisional in (False, True)
        for assumed in (False, True)
    }


def plan_for(catalog: Catalog, kinds: Mapping[type, Kind[Any]]) -> Plan:
    """The plan of ``catalog``, its rules read through the table of rule ``kinds``."""
    for ref, known in _PLANS:
        if ref() is catalog:
            return known
    planned: list[Planned] = []
    for duty in catalog.duties:
        instrument = catalog.instrument(duty.instrument_id)
        urls = [catalog.source(s).url for s in (*duty.sources, *instrument.sources)]
        kind = kinds[type(duty.rule)]
        planned.append(
            Planned(
                duty,
                len(planned),
                instrument,
                next((u for u in urls if u), None),
                duty.confidence is Confidence.DRAFT or instrument.is_draft,
                instrument.status not in _INACTIVE,
                kind,
                kind.label(duty.rule),
                kind.reach(duty.rule),
                _marks(duty, instrument),
                duty.jurisdiction or instrument.jurisdiction,
            )
        )
    by_role: dict[str, list[int]] = {}
    for i, p in enumerate(planned):
        if p.active:
            for role in p.duty.applies_to:
                by_role.setdefault(role, []).append(i)
    plan = Plan(
        tuple(planned),
        {p.duty.id: p for p in planned},
        {role: tuple(positions) for role, positions in by_role.items()},
    )
    _PLANS[:] = [(ref, p) for ref, p in _PLANS if ref() is not None][-(_PLANS_LIMIT - 1) :]
    _PLANS.append((weakref.ref(catalog), plan))
    return plan
