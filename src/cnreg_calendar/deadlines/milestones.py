"""The regulatory-watch calendar: the catalog's dated milestones."""

from __future__ import annotations

import datetime as dt

import attrs

from cnreg_calendar.model import Catalog, Instrument

__all__ = ["WatchItem", "watch"]


@attrs.frozen
class WatchItem:
    """A dated milestone of an instrument (a comment deadline, an effective date …)."""

    date: dt.date
    instrument: Instrument
    kind: str
    note: str
    key: str


def watch(
    start: dt.date,
    end: dt.date,
    catalog: Catalog | None = None,
) -> list[WatchItem]:
    """The regulatory-watch calendar: the catalog's dated milestones in ``[start, end]``.

    Milestones known only to the month or year are left out (they have no day to place).

    >>> [w.kind for w in watch(dt.date(2023, 7, 1), dt.date(2023, 7, 1))][:1]
    ['effective']
    """
    from cnreg_calendar.catalog import load_catalog

    catalog = catalog or load_catalog()
    items = []
    for instrument in catalog.instruments:
        for i, milestone in enumerate(instrument.milestones):
            if not milestone.date.is_full:
                continue
            day = milestone.date.to_date()
            if start <= day <= end:
                items.append(
                    WatchItem(
                        day,
                        instrument,
                        milestone.kind.value,
                        milestone.note or "",
                        f"watch/{instrument.id}/{milestone.kind.value}/{i}",
                    )
                )
    items.sort(key=lambda w: (w.date, w.key))
    return items
