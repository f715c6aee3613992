"""The published example site in headless Chromium at 390 and 1280 px (tests/chromium.py).

No horizontal overflow, the next deadline on the first screen, every link inside the folder or
to the base URL, and every text at a contrast of at least 4.5:1 (WCAG 2.x AA) as laid out.
"""

from __future__ import annotations

import struct
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from chromium import BASE, END, EXAMPLES, SCREENS, START, TODAY, probe, publish_examples, screenshot

from cnreg_calendar.deadlines import schedule
from cnreg_calendar.profile import load_profile


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_examples(tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="module", params=SCREENS, ids=[f"{w}px" for w, _ in SCREENS])
def measured(
    request: pytest.FixtureRequest, site: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    width, height = request.param
    return probe(site, width, height, tmp_path_factory.mktemp(f"probe-{width}"))


def test_screen_size(measured: dict[str, Any]) -> None:
    """The page was laid out at the size asked for (the probe's frame)."""
    assert (measured["width"], measured["height"]) in SCREENS


def test_no_horizontal_overflow(measured: dict[str, Any]) -> None:
    """Nothing reaches past the right edge: no horizontal scrolling."""
    assert [] == measured["overflowing"]
    assert measured["scrollWidth"] <= measured["width"]


def test_narrowest_screen(site: Path, tmp_path: Path) -> None:
    """At 320 px, the narrowest screen the page is made for, nothing overflows either."""
    narrow = probe(site, 320, 568, tmp_path)
    assert (320, 568) == (narrow["width"], narrow["height"])
    assert [] == narrow["overflowing"]
    assert narrow["scrollWidth"] <= 320


def test_first_screen_shows_next_deadline(measured: dict[str, Any]) -> None:
    """The first row of "due next" is the next deadline and lies wholly on the first screen."""
    items = [
        (d, p)
        for p in map(load_profile, EXAMPLES)
        for d in schedule(p, START, END)
        if d.date >= TODAY
    ]
    deadline, profile = min(items, key=lambda i: i[0].date)
    row = measured["firstRow"]
    assert row is not None
    assert deadline.date.isoformat() in row["text"]
    assert profile.name in row["text"]
    assert f"{(deadline.date - TODAY).days} 天" in row["text"]
    assert 0 <= row["top"] < row["bottom"] <= measured["height"]


def test_links_resolve(site: Path, measured: dict[str, Any]) -> None:
    """Every link is a file of the folder (or a place in the page) or an address under BASE."""
    folder = measured["folder"]
    webcal = "webcal://" + BASE.split("://", 1)[1]
    assert measured["links"]
    for link in measured["links"]:
        href = link["href"]
        if href.startswith(folder):
            path, _, fragment = href[len(folder) :].partition("#")
            name = urllib.parse.unquote(path)
            assert "/" not in name, href
            assert (site / name).is_file(), href
            if fragment:
                assert fragment in measured["ids"], href
        elif href.startswith((BASE, webcal)):
            name = href.split("/")[-1]
            assert (site / urllib.parse.unquote(name)).is_file(), href
        else:
            pytest.fail(f"{link['text']!r} leads outside the folder and the base URL: {href}")


def test_contrast(measured: dict[str, Any]) -> None:
    """Every text as laid out has a contrast of at least 4.5:1 with what is behind it."""
    assert len(measured["contrast"]) > 100
    low = [c for c in measured["contrast"] if c["ratio"] < 4.5]
    assert [] == low


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_screenshot(site: Path, tmp_path: Path, width: int, height: int) -> None:
    """Chromium renders the first screen of the page as a PNG of that size."""
    path = screenshot(site / "index.html", width, height, tmp_path / f"page-{width}.png")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (width, height) == struct.unpack(">II", data[16:24])
    assert len(data) > 10_000  # not a blank screen
