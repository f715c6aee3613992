"""Every test runs with its own empty data folder and a private cache folder (the root
conftest.py extends this to doctests).

`cnreg-calendar notice import --install` keeps overlays in the user's data folder, which every
calendar then uses, and estimates and catalogs are kept in the user's cache folder: no test may
read or write the real ones. The cache folder is shared by the session, so later tests read what
earlier ones derived, as a user's later runs do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check answers, not speed (speed is the benchmarks' job): no per-example deadline,
# which a busy 2-core machine can exceed.
settings.register_profile("cnreg", deadline=None)
settings.load_profile("cnreg")


@pytest.fixture(scope="session")
def _empty_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cnreg-calendar-data")


@pytest.fixture(scope="session")
def _session_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cnreg-calendar-cache")


@pytest.fixture(autouse=True)
def _private_data_folder(
    monkeypatch: pytest.MonkeyPatch, _empty_data_folder: Path, _session_cache_folder: Path
) -> None:
    monkeypatch.setenv("CNREG_CALENDAR_DATA", str(_empty_data_folder))
    monkeypatch.setenv("CNREG_CALENDAR_CACHE", str(_session_cache_folder))
