"""Tests of the published folder: deterministic feeds valid for other software, a safe index page."""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import http.client
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ics_checks import (
    assert_khal_accepts,
    assert_wire,
    parse_ical,
    parse_icalendar,
    parse_ics,
    parse_vobject,
    unfold,
)

import cnreg_calendar.publish as publish_module
from cnreg_calendar.deadlines import schedule
from cnreg_calendar.errors import CnregCalendarError, ExportError, ProfileError
from cnreg_calendar.folderset import STORE
from cnreg_calendar.ics import FeedSizeWarning
from cnreg_calendar.profile import load_profile
from cnreg_calendar.publish import publish
from cnreg_calendar.serve import make_server
from cnreg_calendar.workdays import china_calendar

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PROFILES = [
    EXAMPLES / name
    for name in (
        "cloud-ciio.toml",
        "finance-ciio.toml",
        "ecommerce-exporter.toml",
        "game-minors.toml",
    )
]
IDS = ["example-cloud", "example-bank", "example-ecommerce", "example-games"]
START = dt.date(2025, 1, 1)
END = dt.date(2027, 12, 31)  # 2027 has no notice yet: some deadlines are provisional
BASE = "https://calendars.example.com/compliance/"
#: The page's "today": what is due next, overdue and past is decided from it.
TODAY = dt.date(2026, 12, 2)
HOSTILE = "<script>alert(1)</script> & Co"
# Also a profile whose deadlines carry every mark: drafts, assumed completions, unpublished years.
HOSTILE_PROFILE = f"""
name = "{HOSTILE}"
roles = ["ciio", "important-data-processor", "industry-data-processor", "industrial-internet-enterprise"]

[events]
cii-system-go-live = 2023-08-01
important-data-identified = 2024-03-01
industrial-internet-grading-completed = 2024-03-01

[options]
include_drafts = true
"""
UNKNOWN_ROLE_PROFILE = """
name = "Broken Co."
roles = ["no-such-role"]
"""


def build(out: Path, profiles: list[Path] = PROFILES, **options: Any) -> list[Path]:
    """Publish *profiles* into *out* with the options of these tests."""
    options = {
        "start": START,
        "end": END,
        "base_url": BASE,
        "alarm_working_days": 3,
        "today": TODAY,
        **options,
    }
    return publish(profiles, out, **options)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of *folder* with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples plus a profile with a hostile name, published once."""
    folder = tmp_path_factory.mktemp("published")
    hostile = folder / "hostile.toml"
    hostile.write_text(HOSTILE_PROFILE, encoding="utf-8")
    build(folder / "site", [*PROFILES, hostile])
    return folder / "site"


@pytest.fixture(scope="module")
def page(site: Path) -> str:
    """The index page's text."""
    return (site / "index.html").read_text("utf-8")


def test_files(site: Path) -> None:
    """One feed per profile, the watch and working-day feeds, and the page."""
    expected = {f"{i}.ics" for i in IDS} | {
        "script-alert-1-script-co.ics",
        "watch.ics",
        "workdays.ics",
        "index.html",
    }
    assert expected | {STORE} == {p.name for p in site.iterdir()}
    assert [] == [p for p in site.parent.iterdir() if p.name.startswith(".")]


def test_returned_paths(tmp_path: Path) -> None:
    """The written paths come back: profiles in order, then watch, working days and the page."""
    out = tmp_path / "out"
    paths = build(out)
    assert [out / f"{i}.ics" for i in IDS] + [
        out / "watch.ics",
        out / "workdays.ics",
        out / "index.html",
    ] == paths
    assert all(p.is_file() for p in paths)


def test_deterministic(tmp_path: Path) -> None:
    """Two builds of the same inputs give byte-identical folders, in new or existing folders."""
    first = build(tmp_path / "first")
    second = build(tmp_path / "second")
    again = build(tmp_path / "first")
    assert [p.name for p in first] == [p.name for p in second] == [p.name for p in again]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert {k: v[0] for k, v in snapshot(tmp_path / "first").items()} == {
        k: v[0] for k, v in snapshot(tmp_path / "second").items()
    }


@pytest.mark.parametrize(
    "name",
    [*(f"{i}.ics" for i in IDS), "script-alert-1-script-co.ics", "watch.ics", "workdays.ics"],
)
def test_feeds_are_valid(site: Path, tmp_path: Path, name: str) -> None:
    """Every feed passes the wire rules and five independent readers."""
    data = (site / name).read_bytes()
    assert_wire(data)
    calendar = parse_icalendar(data)
    parse_ical(data)
    parse_vobject(data)
    parse_ics(data)
    events = len(calendar.walk("VEVENT"))
    assert events > 0
    assert_khal_accepts(site / name, tmp_path, events)


def test_profile_feed_matches_schedule(site: Path) -> None:
    """A profile's feed has one event per deadline of its schedule in the period."""
    for path, profile_id in zip(PROFILES, IDS, strict=True):
        deadlines = schedule(load_profile(path), START, END)
        feed = parse_icalendar((site / f"{profile_id}.ics").read_bytes())
        assert len(deadlines) == len(feed.walk("VEVENT")), profile_id


def test_workdays_default_years(site: Path) -> None:
    """The working-day feed covers start.year to end.year: days off and make-up days."""
    lines = unfold((site / "workdays.ics").read_bytes())
    years = {line[len("DTSTART;VALUE=DATE:") :][:4] for line in lines if "DTSTART" in line}
    assert {"2025", "2026", "2027"} == years
    assert any("调休上班" in line for line in lines if line.startswith("SUMMARY"))


def test_workday_years_option(tmp_path: Path) -> None:
    """workday_years chooses the years of the working-day feed."""
    build(tmp_path, PROFILES[:1], workday_years=[2026])
    lines = unfold((tmp_path / "workdays.ics").read_bytes())
    assert {"2026"} == {line[-8:-4] for line in lines if line.startswith("DTSTART")}


class _Page(html.parser.HTMLParser):
    """The tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> _Page:
    """*page* parsed."""
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_page_is_self_contained(page: str) -> None:
    """A static UTF-8 page in zh-CN: no scripts, no external assets."""
    tags = parsed(page).tags
    assert page.startswith("<!DOCTYPE html>\n")
    assert ("html", {"lang": "zh-CN"}) in tags
    assert ("meta", {"charset": "utf-8"}) in tags
    names = {tag for tag, _ in tags}
    assert set() == names & {"script", "link", "img", "iframe", "object", "embed", "form"}
    assert [] == [a for _, a in tags if "src" in a or any(k.startswith("on") for k in a)]


def test_page_lists_every_feed(site: Path, page: str) -> None:
    """Each feed has its size, a webcal link, an https link and a download link."""
    hrefs = [a.get("href") for tag, a in parsed(page).tags if tag == "a"]
    downloads = [a.get("href") for tag, a in parsed(page).tags if "download" in a]
    for feed in sorted(site.glob("*.ics")):
        size = feed.stat().st_size
        assert f'({size:,} <span lang="en">bytes</span>)' in page, feed.name
        url = BASE + feed.name
        assert url in hrefs
        assert "webcal://" + url.removeprefix("https://") in hrefs
        assert feed.name in downloads


def test_page_without_base_url(tmp_path: Path) -> None:
    """Without base_url there are no webcal links, only relative ones."""
    build(tmp_path, PROFILES[:1], base_url=None)
    hrefs = [a.get("href") for tag, a in parsed((tmp_path / "index.html").read_text()).tags]
    assert "example-cloud.ics" in hrefs
    assert not [h for h in hrefs if h and "://" in h]


def test_page_advises_notifications(page: str) -> None:
    """The page says that subscribed calendars ignore embedded alarms, in both languages."""
    assert "ignore the alarms embedded" in page
    assert "set notifications" in page
    assert "请在日历应用中为每个订阅的日历设置通知" in page


def test_page_escapes_hostile_text(page: str) -> None:
    """A profile name with markup is shown as text, never as markup."""
    assert "<script" not in page
    assert html.escape(HOSTILE) in page
    assert HOSTILE in "".join(parsed(page).text)


def test_page_deadline_table(site: Path, page: str) -> None:
    """Each profile's deadlines are rows: date, duty in both languages, article, the marks."""
    marks: set[str] = set()
    for path in [*PROFILES, site.parent / "hostile.toml"]:
        profile = load_profile(path)
        deadlines = schedule(profile, START, END)
        assert deadlines, profile.id
        section = page.split(f'<section class="org" id="{profile.id}"', 1)[1]
        section = section.split("</section>", 1)[0]
        rows = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr")[1:]
        assert len(deadlines) == len(rows), profile.id
        for deadline, row in zip(deadlines, rows, strict=True):
            text = "".join(parsed(row.join(["<tr", ""])).text)
            assert deadline.date.isoformat() in text
            assert deadline.duty.title_zh in text
            assert deadline.duty.title_en in text
            assert deadline.duty.article in text
            draft = "draft" in (deadline.duty.confidence.value, deadline.instrument.status.value)
            expected = {
                "【暂定】": deadline.provisional,
                "【推定】": deadline.assumed,
                "【草案】": draft,
                "【已过】": deadline.date < TODAY,
            }
            assert expected == {mark: mark in text for mark in expected}
            marks.update(mark for mark in expected if mark in text)
    assert {"【暂定】", "【推定】", "【草案】", "【已过】"} <= marks


def test_unrelated_files_kept(tmp_path: Path) -> None:
    """Publishing leaves other files of the folder alone."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.txt").write_text("mine")
    (out / "old.ics").write_bytes(b"old")
    build(out, PROFILES[:1])
    assert "mine" == (out / "README.txt").read_text()
    assert b"old" == (out / "old.ics").read_bytes()


def test_failure_keeps_previous_folder(tmp_path: Path) -> None:
    """A profile with an unknown role raises the library's error and changes nothing."""
    out = tmp_path / "out"
    build(out)
    (out / "README.txt").write_text("mine")
    before = snapshot(out)
    broken = tmp_path / "broken.toml"
    broken.write_text(UNKNOWN_ROLE_PROFILE, encoding="utf-8")
    with pytest.raises(ProfileError, match="no-such-role"):
        build(out, [*PROFILES[:2], broken], end=dt.date(2026, 6, 30))
    assert before == snapshot(out)
    assert [tmp_path / "broken.toml", out] == sorted(tmp_path.iterdir())


def test_failure_while_writing_keeps_previous_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after some feeds are written changes nothing and leaves no temporary folder."""
    out = tmp_path / "out"
    build(out)
    before = snapshot(out)

    def fail(*args: object) -> None:
        raise ExportError("the working-day feed cannot be built")

    monkeypatch.setattr(publish_module, "workday_events", fail)
    with pytest.raises(CnregCalendarError, match="working-day feed"):
        build(out, end=dt.date(2026, 6, 30))
    assert before == snapshot(out)
    assert [out] == sorted(tmp_path.iterdir())


def test_strict_unpublished_year_refused(tmp_path: Path) -> None:
    """With a strict calendar, a working-day year without a notice raises the library's error."""
    strict = china_calendar(provisional=False)
    with pytest.raises(CnregCalendarError):
        build(tmp_path / "out", [], calendar=strict, workday_years=[strict.last_published + 3])
    assert [] == list(tmp_path.iterdir())


def test_same_ids_refused(tmp_path: Path) -> None:
    """Two profiles with one id would write one file: refused, naming both."""
    with pytest.raises(ExportError, match="also the id of"):
        build(tmp_path / "out", [PROFILES[0], PROFILES[0]])
    assert not (tmp_path / "out").exists()


def test_reserved_id_refused(tmp_path: Path) -> None:
    """A profile whose id is watch or workdays would overwrite a shared feed: refused."""
    profile = tmp_path / "watch.toml"
    profile.write_text('name = "Watch"\nid = "watch"\nroles = ["ciio"]\n', encoding="utf-8")
    with pytest.raises(ExportError, match="cannot name a feed file"):
        build(tmp_path / "out", [profile])


@pytest.mark.parametrize("base_url", ["ftp://example.com/", "example.com/feeds", "https://"])
def test_bad_base_url(tmp_path: Path, base_url: str) -> None:
    """base_url must be an http(s) folder address."""
    with pytest.raises(ExportError, match="base_url"):
        build(tmp_path / "out", PROFILES[:1], base_url=base_url)


def test_bad_range(tmp_path: Path) -> None:
    """An end before the start is refused."""
    with pytest.raises(ExportError, match="before start"):
        build(tmp_path / "out", PROFILES[:1], start=END, end=START)


def test_without_watch(tmp_path: Path) -> None:
    """watch=False writes no watch feed and the page does not list one."""
    paths = build(tmp_path, PROFILES[:1], watch=False)
    assert "watch.ics" not in [p.name for p in paths]
    assert not (tmp_path / "watch.ics").exists()
    assert "watch.ics" not in (tmp_path / "index.html").read_text()


def test_size_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed over the size limit warns under its final name, and the page flags it."""
    monkeypatch.setattr(publish_module, "FEED_SIZE_LIMIT", 100)
    out = tmp_path / "out"
    with pytest.warns(FeedSizeWarning) as record:
        build(out, PROFILES[:1])
    messages = [str(warning.message) for warning in record]
    for name in ("example-cloud.ics", "watch.ics", "workdays.ics"):
        assert any(m.startswith(f"{out / name} is ") for m in messages), name
    assert all(".tmp" not in m for m in messages)
    assert {__file__} == {warning.filename for warning in record}
    assert "over 1 MB" in (out / "index.html").read_text()


@pytest.fixture
def served(site: Path) -> Iterator[int]:
    """The published folder served on 127.0.0.1; its port."""
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def test_served(site: Path, served: int) -> None:
    """Every published file is served as it is on disk, with its content type."""
    for path in sorted(p for p in site.iterdir() if p.name != STORE):
        connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
        try:
            connection.request("GET", f"/{path.name}")
            response = connection.getresponse()
            assert (200, path.read_bytes()) == (response.status, response.read())
        finally:
            connection.close()
        kind = "text/calendar" if path.suffix == ".ics" else "text/html"
        assert f"{kind}; charset=utf-8" == response.headers["Content-Type"]
