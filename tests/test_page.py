"""The published page, read as HTML: what is due next first, marks as the feeds write them, access.

The expected rows come from :func:`~cnreg_calendar.deadlines.schedule` of each profile and the
expected labels from the feed events (:func:`~cnreg_calendar.feeds.deadline_event`), not from the
page module.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from cnreg_calendar.deadlines import Deadline, schedule
from cnreg_calendar.feeds import deadline_event
from cnreg_calendar.profile import Profile, load_profile
from cnreg_calendar.publish import publish

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PROFILES = sorted(EXAMPLES.glob("*.toml"))
START = dt.date(2025, 1, 1)
END = dt.date(2027, 12, 31)
TODAY = dt.date(2026, 12, 2)
BASE = "https://calendars.example.com/compliance/"
# Every mark: drafts, assumed completions, unpublished years, a duty that is no obligation.
MARKED_PROFILE = """
name = "标记测试有限公司 Marks Test Co."
id = "marks-test"
roles = ["ciio", "important-data-processor", "industry-data-processor", "data-exporter"]

[events]
cii-system-go-live = 2023-08-01
important-data-identified = 2024-03-01

[options]
include_drafts = true
"""
_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{2,}")


@attrs.define
class Node:
    """An element of the parsed page."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node | str] = attrs.field(factory=list)

    def lang(self) -> str:
        node: Node | None = self
        while node is not None:
            if "lang" in node.attrs:
                return node.attrs["lang"]
            node = node.parent
        return ""

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find(self, tag: str, **attributes: str) -> list[Node]:
        return [
            n
            for n in self.walk()
            if n.tag == tag and all(n.attrs.get(k) == v for k, v in attributes.items())
        ]

    def by_id(self, ident: str) -> Node:
        (node,) = [n for n in self.walk() if n.attrs.get("id") == ident]
        return node


_VOID = {"meta", "br", "link", "img", "input", "hr", "wbr"}


class _Tree(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"unbalanced </{tag}>"
        assert node.parent is not None, f"unbalanced </{tag}>"
        assert node is self.current, f"</{tag}> closes <{self.current.tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def tree(page: str) -> Node:
    parser = _Tree()
    parser.feed(page)
    parser.close()
    assert parser.current is parser.root, "unclosed elements"
    return parser.root


def profiles(folder: Path) -> list[Profile]:
    return [load_profile(p) for p in [*PROFILES, folder / "marked.toml"]]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("page")
    (folder / "marked.toml").write_text(MARKED_PROFILE, encoding="utf-8")
    paths = [*PROFILES, folder / "marked.toml"]
    publish(paths, folder / "site", start=START, end=END, base_url=BASE, today=TODAY)
    return folder


@pytest.fixture(scope="module")
def page(folder: Path) -> Node:
    return tree((folder / "site" / "index.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def everything(folder: Path) -> list[tuple[Deadline, Profile]]:
    """Every deadline of every profile with its profile, in date order (stable by profile)."""
    items = [(d, p) for p in profiles(folder) for d in schedule(p, START, END)]
    return sorted(items, key=lambda i: i[0].date)


def feed_labels(deadline: Deadline) -> list[str]:
    """The 【…】 labels the feed gives a deadline's event."""
    event = deadline_event(deadline, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    labels = re.findall(r"【([^】]+)】", event.summary_zh)
    return (["暂定"] if event.provisional else []) + labels


def rows(table: Node) -> list[Node]:
    (body,) = table.find("tbody")
    return body.find("tr")


def test_due_next_leads(page: Node, everything: list[tuple[Deadline, Profile]]) -> None:
    """The first section lists, in date order, the deadlines of the next 90 days of every
    organisation, with the days left and the organisation; the feeds and details follow."""
    (main,) = page.find("main")
    sections = main.find("section")
    assert ["next", "feeds", "marks"] == [s.attrs["id"] for s in sections[:3]]
    coming = [(d, p) for d, p in everything if TODAY <= d.date < TODAY + dt.timedelta(days=90)]
    assert len(coming) >= 3
    table = sections[0].find("table")[0]
    assert len(coming) == len(rows(table))
    for (deadline, profile), row in zip(coming, rows(table), strict=True):
        text = row.text()
        assert deadline.date.isoformat() in text
        left = (deadline.date - TODAY).days
        assert (f"{left} 天" in text) or (left in (0, 1) and ("今天" in text or "明天" in text))
        assert profile.name in text
        assert deadline.duty.title_zh in text
        assert "【已逾期】" not in text
        (link,) = row.find("a")
        assert f"#{profile.id}" == link.attrs["href"]


def test_overdue_marked(page: Node, everything: list[tuple[Deadline, Profile]]) -> None:
    """Deadlines of the last 30 days come after, each marked overdue with the days since."""
    recent = [(d, p) for d, p in everything if TODAY - dt.timedelta(days=30) <= d.date < TODAY]
    assert recent, "the example data should have a deadline in the last 30 days"
    tables = page.by_id("next").find("table")
    assert 2 == len(tables)
    assert len(recent) == len(rows(tables[1]))
    for (deadline, _), row in zip(recent, rows(tables[1]), strict=True):
        assert "【已逾期】" in row.text()
        assert f"{(TODAY - deadline.date).days} days ago" in row.text()


def test_marks_are_the_feeds(page: Node, folder: Path) -> None:
    """Each organisation's rows carry the labels of the feed's events, and 【已过】 when past."""
    seen: set[str] = set()
    for profile in profiles(folder):
        deadlines = schedule(profile, START, END)
        section = page.by_id(profile.id)
        assert "org" == section.attrs["class"]
        (table,) = section.find("table")
        assert len(deadlines) == len(rows(table))
        for deadline, row in zip(deadlines, rows(table), strict=True):
            shown = re.findall(r"【([^】]+)】", row.text())
            expected = (["已过"] if deadline.date < TODAY else []) + feed_labels(deadline)
            assert expected == shown, (profile.id, deadline.key)
            assert (deadline.date < TODAY) == ("was" in row.attrs.get("class", ""))
            seen.update(shown)
    # The examples' drafts were superseded by final texts (catalog revision 2026-12-02), so no
    # 草案 row is expected here; tests/test_publish.py shows a draft's row with its label.
    assert {"暂定", "推定", "已过"} <= seen


def test_legend_uses_feed_labels(page: Node) -> None:
    """The legend explains the feeds' labels, not other words for them."""
    legend = page.by_id("marks").text()
    for label in ("【暂定】", "【推定】", "【草案】", "【可选】", "【已逾期】", "【已过】"):
        assert label in legend
    assert "假定" not in legend


def test_every_passage_has_its_lang(page: Node) -> None:
    """Chinese text is inside lang="zh-CN", English words inside lang="en" (file names and
    addresses in <code> excepted)."""
    (body,) = page.find("body")
    checked = 0
    for node in body.walk():
        if node.tag in ("code", "style", "script"):
            continue
        if any(a.tag == "code" for a in _ancestors(node)):
            continue
        for child in node.children:
            if not isinstance(child, str):
                continue
            for run in _CJK.findall(child):
                assert node.lang().startswith("zh"), (run, node.tag)
                checked += 1
            for word in _WORD.findall(child):
                assert "en" == node.lang(), (word, node.tag, child)
                checked += 1
    assert checked > 1000


def _ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def test_tables_have_captions_and_scopes(page: Node) -> None:
    """Every table: a caption first, column headers scoped to columns, row headers to rows."""
    tables = page.find("table")
    assert len(tables) >= 8
    for table in tables:
        first = next(c for c in table.children if isinstance(c, Node))
        assert "caption" == first.tag
        assert first.text().strip()
        for header in table.find("thead")[0].find("th"):
            assert "col" == header.attrs.get("scope")
        for row in rows(table):
            cells = [c for c in row.children if isinstance(c, Node)]
            assert ("th", "row") == (cells[0].tag, cells[0].attrs.get("scope"))
            assert all(c.attrs.get("data-label") for c in cells)


def test_link_texts_name_their_calendar(page: Node, folder: Path) -> None:
    """No two links to different places read the same; a feed's links name its calendar."""
    texts: dict[str, set[str]] = {}
    for link in page.find("a"):
        texts.setdefault(" ".join(link.text().split()), set()).add(link.attrs["href"])
    assert {} == {text: hrefs for text, hrefs in texts.items() if len(hrefs) > 1}
    names = {p.id: p.name for p in profiles(folder)}
    for link in page.find("a"):
        href = link.attrs["href"]
        if href.endswith(".ics") and not href.startswith("https://"):
            stem = href.rsplit("/", 1)[-1].removesuffix(".ics")
            expected = names.get(stem) or {"watch": "监管动态", "workdays": "放假与调休"}[stem]
            assert expected in link.text(), href


def test_without_base_url(tmp_path: Path) -> None:
    """Without a base URL: download links only, and the page says why."""
    publish(PROFILES[:1], tmp_path, start=START, end=END, today=TODAY)
    page = tree((tmp_path / "index.html").read_text("utf-8"))
    feeds = page.by_id("feeds")
    assert "--base-url" in feeds.text()
    assert "no subscription links" in feeds.text()
    links = list(feeds.find("a"))
    assert links
    assert all("download" in a.attrs and "://" not in a.attrs["href"] for a in links)


def test_nothing_due_soon(tmp_path: Path, everything: list[tuple[Deadline, Profile]]) -> None:
    """When nothing falls in the next 90 days, the page says so and shows the next deadline."""
    today = dt.date(2024, 6, 1)
    publish(PROFILES, tmp_path, start=dt.date(2026, 12, 20), end=END, today=today)
    page = tree((tmp_path / "index.html").read_text("utf-8"))
    section = page.by_id("next")
    assert "Nothing is due in the 90 days from 2024-06-01" in section.text()
    (table,) = section.find("table")
    (row,) = rows(table)
    first = min(d.date for d, _ in everything if d.date >= dt.date(2026, 12, 20))
    assert first.isoformat() in row.text()


def test_print_and_narrow_styles(page: Node) -> None:
    """A print style sheet (one organisation a page, no navigation) and stacked cards."""
    (style,) = page.find("style")
    css = style.text()
    printing = css.split("@media print{", 1)[1]
    assert "nav," in printing
    assert "section.org{break-before:page}" in printing
    narrow = css.split("@media (max-width:40rem){", 1)[1].split("@media", 1)[0]
    assert "table.cards" in narrow
    assert "display:block" in narrow
    assert all("cards" in t.attrs["class"] for t in page.find("table"))
