"""The catalog covers every dated item of the seed newsletters.

``tests/data/seed_dated_items.toml`` was compiled from the seeds independently of the catalog: each
item names its seed file, a title, keywords and the dates the seed gives. The matcher:

1. the seed file is mapped to its source id through the catalog's ``[[sources]]`` ``file`` field;
2. the candidates are the instruments whose ``sources`` cite that id;
3. an instrument matches when its English title contains every keyword (case-insensitive);
4. only when none does, an instrument matches when its title contains any keyword *and* one of
   the item's dates is among its milestone dates (titles the catalog gives in the official
   wording rather than the seed's, e.g. an event described differently);
5. the item is covered when one matched instrument has every date of the item among its
   milestone dates (``str(PartialDate)``, so ``"2020-08"`` only matches a month-precise date),
   or, for a date listed in ``target_dates``, among its milestones or its duties' fixed dates.

An item that no instrument covers fails: the failure names the instruments looked at and the dates
they lack, which is the gap to fill in ``data/instruments.toml``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.model import FixedDate, Instrument, PartialDate, SourceKind

FIXTURE = Path(__file__).parent / "data" / "seed_dated_items.toml"
ITEMS: list[dict[str, Any]] = tomllib.loads(FIXTURE.read_text("utf-8"))["items"]
CATALOG = load_catalog()
SOURCE_OF_SEED = {PurePosixPath(s.file).name: s.id for s in CATALOG.sources if s.file}


def item_id(item: dict[str, Any]) -> str:
    """A readable test id: the seed's number and the item's title."""
    title = item["title"]
    return f"{item['seed'].split('_')[0]}: {title if len(title) <= 90 else title[:87] + '...'}"


def candidates(item: dict[str, Any]) -> list[Instrument]:
    """The instruments citing the item's seed."""
    source = SOURCE_OF_SEED[item["seed"]]
    return [i for i in CATALOG.instruments if source in i.sources]


def milestone_dates(instrument: Instrument) -> set[str]:
    """The instrument's milestone dates as text (``2023-05-24``, ``2020-08``, ``2020``)."""
    return {str(m.date) for m in instrument.milestones}


def fixed_dates(instrument: Instrument) -> set[str]:
    """The fixed dates of the instrument's duties, as text."""
    return {
        str(PartialDate.from_date(duty.rule.date))
        for duty in instrument.duties
        if isinstance(duty.rule, FixedDate)
    }


def matches(item: dict[str, Any]) -> list[Instrument]:
    """The instruments the item refers to (see the module docstring for the rules)."""
    keywords = [k.lower() for k in item["keywords"]]
    found = candidates(item)
    by_all = [i for i in found if all(k in i.title_en.lower() for k in keywords)]
    if by_all:
        return by_all
    dates = set(item["dates"])
    return [
        i
        for i in found
        if any(k in i.title_en.lower() for k in keywords) and dates & milestone_dates(i)
    ]


def missing(item: dict[str, Any], instrument: Instrument) -> list[str]:
    """The item's dates the instrument does not have."""
    targets = set(item.get("target_dates", ()))
    known = milestone_dates(instrument)
    extra = fixed_dates(instrument)
    return [
        day for day in item["dates"] if day not in known and not (day in targets and day in extra)
    ]


def test_fixture_is_well_formed() -> None:
    """Every item has the required fields, parseable dates, and target dates among its dates."""
    problems = []
    for n, item in enumerate(ITEMS):
        if not {"seed", "title", "keywords", "dates", "quote"} <= set(item):
            problems.append(f"items[{n}] lacks a required field")
            continue
        for day in item["dates"]:
            PartialDate.parse(day)
        if not set(item.get("target_dates", ())) <= set(item["dates"]):
            problems.append(f"items[{n}] has target_dates outside dates")
        if not item["keywords"] or not item["dates"]:
            problems.append(f"items[{n}] has no keywords or no dates")
    assert [] == problems


@pytest.mark.parametrize("seed", sorted({item["seed"] for item in ITEMS}))
def test_seed_is_a_catalog_source(seed: str) -> None:
    """Every seed of the fixture is a newsletter source of the catalog, cited by instruments."""
    assert seed in SOURCE_OF_SEED
    assert SourceKind.NEWSLETTER == CATALOG.source(SOURCE_OF_SEED[seed]).kind
    assert [] != candidates({"seed": seed})


@pytest.mark.parametrize("item", ITEMS, ids=item_id)
def test_item_dates_in_catalog(item: dict[str, Any]) -> None:
    """The catalog has an instrument for the item, citing its seed, with every date it gives."""
    found = matches(item)
    assert [] != found, (
        f"no instrument citing {SOURCE_OF_SEED[item['seed']]} has a title with the keywords "
        f"{item['keywords']}"
    )
    gaps = {i.id: missing(item, i) for i in found}
    best = min(gaps, key=lambda ident: len(gaps[ident]))
    assert [] == gaps[best], f"closest instrument {best!r} lacks these dates; looked at {gaps}"
