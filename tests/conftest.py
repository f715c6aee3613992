"""Every test runs with its own empty data folder (the root conftest.py extends this to doctests).

`cnreg-calendar notice import --install` keeps overlays in the user's data folder, which every
calendar then uses: no test may read or write the real one.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _empty_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cnreg-calendar-data")


@pytest.fixture(autouse=True)
def _private_data_folder(monkeypatch: pytest.MonkeyPatch, _empty_data_folder: Path) -> None:
    monkeypatch.setenv("CNREG_CALENDAR_DATA", str(_empty_data_folder))
