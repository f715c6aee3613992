"""The package as users install it: its catalog, its dependencies and their floors.

These tests run against whichever package is imported: the editable one of the repository, and in
CI (.ci/run) the wheel installed in a fresh environment, run from a copy of the tests.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.resources
import re
import tomllib
from pathlib import Path

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import cnreg_calendar
from cnreg_calendar.catalog import default_catalog_path, load_catalog
from cnreg_calendar.periods import add_months

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(cnreg_calendar.__file__).parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
#: The module each runtime dependency is imported as.
IMPORT_NAMES = {"attrs": "attrs", "holidays": "holidays", "icalendar": "icalendar"}


def test_the_bundled_catalog_is_the_repository_s_file():
    """The package's catalog has the bytes of data/instruments.toml, the file people edit."""
    bundled = default_catalog_path()
    assert bundled == Path(
        str(importlib.resources.files("cnreg_calendar") / "data" / "instruments.toml")
    )
    assert (ROOT / "data" / "instruments.toml").read_bytes() == bundled.read_bytes()
    assert len(load_catalog().instruments) > 100


def test_in_the_repository_the_package_links_to_the_live_file():
    """In a checkout the package's copy is a link, so an edit of data/instruments.toml is live."""
    link = ROOT / "src" / "cnreg_calendar" / "data" / "instruments.toml"
    if not link.exists():  # the tests run against an installed wheel (CI): nothing to link
        assert not (ROOT / "src").exists()
        return
    assert link.is_symlink()
    assert (ROOT / "data" / "instruments.toml").resolve() == link.resolve()


def _floors() -> dict[str, str]:
    floors = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, floor = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)", requirement).groups()
        floors[name] = floor
    return floors


def _imported_modules() -> set[str]:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def test_every_runtime_dependency_is_used():
    """Each runtime dependency is imported by the package's code (else it belongs in an extra)."""
    floors = _floors()
    assert set(IMPORT_NAMES) == set(floors)
    assert set(IMPORT_NAMES.values()) <= _imported_modules()


def test_ci_runs_every_floor():
    """.ci/constraints-lowest.txt pins each runtime dependency at its floor in pyproject.toml."""
    constraints = ROOT / ".ci" / "constraints-lowest.txt"
    if not constraints.exists():  # a copy of the tests without the CI folder
        return
    pins = dict(
        line.split("==")
        for line in constraints.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert _floors() == pins


@given(
    st.dates(min_value=dt.date(100, 1, 1), max_value=dt.date(9000, 12, 31)), st.integers(-600, 600)
)
def test_month_arithmetic_equals_dateutil(day, months):
    """Civil Code Art. 202 (corresponding day, else the month's last day) is relativedelta's rule:
    the reason python-dateutil is a test extra here, not a runtime dependency."""
    assert day + relativedelta(months=months) == add_months(day, months)


def test_public_names_resolve():
    """Every name of ``cnreg_calendar.__all__`` is importable from the package (loaded on use)."""
    missing = [name for name in cnreg_calendar.__all__ if not hasattr(cnreg_calendar, name)]
    assert [] == missing
    assert callable(cnreg_calendar.schedule)


def test_readable_reprs():
    """A calendar and a catalog print what they are, in one short line each."""
    from cnreg_calendar import china_calendar

    catalog = repr(load_catalog())
    assert catalog.startswith("Catalog(revision=")
    assert len(catalog) < 200
    assert f"{len(load_catalog().instruments)} instruments" in catalog
    assert "ChinaCalendar(provisional, published 2001-" in repr(china_calendar(provisional=True))


def test_the_version_is_the_distribution_s():
    """``__version__`` (which feeds name in PRODID) is the installed distribution's version."""
    import importlib.metadata

    assert importlib.metadata.version("cnreg-calendar") == cnreg_calendar.__version__


def test_schedule_meets_users_halfway(tmp_path):
    """schedule() takes ISO text, date-times and a profile's path; a wrong type is a TypeError
    naming the argument."""
    import datetime as dt

    import pytest

    from cnreg_calendar import load_profile, schedule

    example = ROOT / "examples" / "cloud-ciio.toml"
    by_object = schedule(load_profile(example), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    by_path = schedule(str(example), "2026-01-01", dt.datetime(2026, 12, 31, 23, 0))
    assert [d.key for d in by_object] == [d.key for d in by_path]
    assert [d.key for d in by_object] == [
        d.key for d in schedule(example, "2026-01-01", "2026-12-31")
    ]
    with pytest.raises(TypeError, match="start must be a date"):
        schedule(example, 2026, "2026-12-31")
    with pytest.raises(TypeError, match="profile must be a Profile or the path"):
        schedule({"name": "X"}, "2026-01-01", "2026-12-31")  # type: ignore[arg-type]
    row = by_object[0].to_dict()
    assert (by_object[0].date.isoformat(), by_object[0].duty.id) == (row["date"], row["duty"])
    assert repr(by_object[0]).startswith(f"Deadline(date={by_object[0].date.isoformat()}")
