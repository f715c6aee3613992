"""End-to-end tests of the feeds (``cnreg_calendar.feeds``): real schedules to iCalendar bytes.

Every feed here comes from the bundled catalog, the example profiles and the holiday notices, and
is proved valid by the independent readers of ``ics_checks`` (icalendar, ical, vobject, ics, khal)
and a real CalDAV server. The expected dates are worked out by hand from the rules and the State
Council notices, with the working in comments. The days used:

- 2026 (国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号): days off New Year Jan 1–3,
  Spring Festival Feb 15–23, Qingming Apr 4–6, Labour Day May 1–5, Dragon Boat Jun 19–21,
  Mid-Autumn Sep 25–27, National Day Oct 1–7; make-up working days Sun Jan 4, Sat Feb 14,
  Sat Feb 28, Sat May 9, Sun Sep 20, Sat Oct 10. 2026-01-01 is a Thursday.
- 2027: no notice yet, so every date in 2027 rests on an estimate (provisional).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from ics_checks import (
    Radicale,
    assert_khal_accepts,
    assert_wire,
    khal_printics,
    parse_ical,
    parse_icalendar,
    parse_ics,
    parse_vobject,
    radicale_server,
    unfold,
)

from cnreg_calendar.catalog import load_catalog
from cnreg_calendar.deadlines import Deadline, WatchItem, schedule, watch
from cnreg_calendar.errors import ExportError
from cnreg_calendar.feeds import (
    deadline_event,
    parse_years,
    revision_of,
    to_ics,
    watch_event,
    workday_events,
    write_feed,
)
from cnreg_calendar.ics import UID_NAMESPACE, FeedEvent
from cnreg_calendar.model import Catalog
from cnreg_calendar.profile import Profile, load_profile, profile_from_dict
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
OVERLAY_2027 = Path(__file__).parent / "data" / "overlays" / "notice-2027.toml"
START, END = dt.date(2026, 1, 1), dt.date(2027, 12, 31)
BEIJING = dt.timezone(dt.timedelta(hours=8))  # independent of the library's ZoneInfo

#: The 2026 notice, typed from 国办发明电〔2025〕7号 (not from the library's data).
DAYS_OFF_2026 = {
    "元旦": ("2026-01-01", "2026-01-03"),
    "春节": ("2026-02-15", "2026-02-23"),
    "清明节": ("2026-04-04", "2026-04-06"),
    "劳动节": ("2026-05-01", "2026-05-05"),
    "端午节": ("2026-06-19", "2026-06-21"),
    "中秋节": ("2026-09-25", "2026-09-27"),
    "国庆节": ("2026-10-01", "2026-10-07"),
}
MAKE_UP_2026 = {
    dt.date(2026, 1, 4): "元旦",  # Sunday
    dt.date(2026, 2, 14): "春节",  # Saturday
    dt.date(2026, 2, 28): "春节",  # Saturday
    dt.date(2026, 5, 9): "劳动节",  # Saturday
    dt.date(2026, 9, 20): "国庆节",  # Sunday
    dt.date(2026, 10, 10): "国庆节",  # Saturday
}


def days(first: str, last: str) -> list[dt.date]:
    """Every day from *first* to *last*, both included."""
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [a + dt.timedelta(days=n) for n in range((b - a).days + 1)]


OFF_2026 = {day: name for name, span in DAYS_OFF_2026.items() for day in days(*span)}


def uid(key: str) -> str:
    """The UID a feed must give the occurrence *key*: a UUIDv5 of the key, computed here."""
    return str(uuid.uuid5(UID_NAMESPACE, key))


def blocks(data: bytes) -> dict[str, list[str]]:
    """The unfolded content lines of each VEVENT of *data*, by UID."""
    result: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            current = [line]
        elif current is not None:
            current.append(line)
            if line == "END:VEVENT":
                uids = [x[4:] for x in current if x.startswith("UID:")]
                assert len(uids) == 1, current
                assert uids[0] not in result, f"duplicate UID {uids[0]}"
                result[uids[0]] = current
                current = None
    return result


def value(block: list[str], name: str) -> str:
    """The value of the one property *name* (with its parameters, e.g. ``DTSTART;VALUE=DATE``)."""
    found = [line.split(":", 1)[1] for line in block if line.split(":", 1)[0] == name]
    assert len(found) == 1, (name, block)
    return found[0]


def lines_named(data: bytes, name: str) -> set[str]:
    """The distinct values of every content line called *name* (parameters included)."""
    return {line.split(":", 1)[1] for line in unfold(data) if line.split(":", 1)[0] == name}


def revision_date_of_the_data() -> dt.datetime:
    """The catalog's revision as ``data/instruments.toml`` states it, read without the library."""
    revision = tomllib.loads((ROOT / "data" / "instruments.toml").read_text("utf-8"))["revision"]
    return dt.datetime(revision.year, revision.month, revision.day, tzinfo=dt.UTC)


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def calendar() -> ChinaCalendar:
    """The default calendar of a non-strict profile: unpublished years estimated."""
    return china_calendar(provisional=True)


@pytest.fixture(scope="module")
def revision(catalog: Catalog, calendar: ChinaCalendar) -> dt.datetime:
    return revision_of(catalog, calendar)


@pytest.fixture(scope="module")
def cloud() -> Profile:
    return load_profile(EXAMPLES / "cloud-ciio.toml")


@pytest.fixture(scope="module")
def cloud_deadlines(cloud: Profile) -> list[Deadline]:
    """examples/cloud-ciio.toml over 2026–2027 with the default (provisional) calendar."""
    return schedule(cloud, START, END)


@pytest.fixture(scope="module")
def bank_deadlines() -> list[Deadline]:
    """examples/finance-ciio.toml: it records an incident, so it has an hour deadline."""
    return schedule(load_profile(EXAMPLES / "finance-ciio.toml"), START, END)


@pytest.fixture(scope="module")
def watch_items() -> list[WatchItem]:
    return watch(dt.date(2019, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture(scope="module")
def feeds(
    cloud_deadlines: list[Deadline],
    bank_deadlines: list[Deadline],
    watch_items: list[WatchItem],
    calendar: ChinaCalendar,
) -> dict[str, tuple[bytes, int]]:
    """Each real feed and the number of events it must hold."""
    workdays = workday_events(calendar, [2025, 2026, 2027])
    return {
        "cloud": (
            to_ics(
                cloud_deadlines,
                name="Example Cloud：合规期限 / deadlines",
                calendar=calendar,
                alarm_working_days=3,
            ),
            len(cloud_deadlines),
        ),
        "bank": (
            to_ics(bank_deadlines, name="Example Bank", calendar=calendar, alarm_working_days=3),
            len(bank_deadlines),
        ),
        "watch": (to_ics(watch_items, name="监管动态 / Regulatory watch"), len(watch_items)),
        "workdays": (
            to_ics(workdays, name="放假与调休 / Working days", calendar=calendar),
            len(workdays),
        ),
    }


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A Radicale server on loopback for the module's tests."""
    with radicale_server(tmp_path_factory.mktemp("radicale") / "storage") as server:
        yield server


FEEDS = ["cloud", "bank", "watch", "workdays"]


# --- 1. the real feeds are valid for other software ------------------------------------------------


def test_feeds_are_not_trivial(
    feeds: dict[str, tuple[bytes, int]], calendar: ChinaCalendar
) -> None:
    """The feeds under test hold what the other tests rely on."""
    assert feeds["cloud"][1] >= 10
    assert feeds["watch"][1] >= 50
    # 2025, 2026 and 2027: seven holidays a year, each with at least one day off.
    assert feeds["workdays"][1] >= 3 * 7
    assert calendar.is_published(2025)
    assert calendar.is_published(2026)
    assert b"BEGIN:VALARM" in feeds["cloud"][0]
    assert b"BEGIN:VTIMEZONE" in feeds["bank"][0]


@pytest.mark.parametrize("name", FEEDS)
def test_wire_format(feeds: dict[str, tuple[bytes, int]], name: str) -> None:
    """CRLF only, at most 75 octets a line, valid UTF-8, no escape pair split by a fold."""
    assert_wire(feeds[name][0])


@pytest.mark.parametrize("name", FEEDS)
def test_icalendar_semantics(feeds: dict[str, tuple[bytes, int]], name: str) -> None:
    """icalendar: every must-have property, unique UIDs, exclusive all-day ends, no missing TZID."""
    data, count = feeds[name]
    assert count == len(parse_icalendar(data).walk("VEVENT"))


@pytest.mark.parametrize("name", FEEDS)
def test_ical_parses(feeds: dict[str, tuple[bytes, int]], name: str) -> None:
    data, count = feeds[name]
    assert count == len(parse_ical(data).events)


@pytest.mark.parametrize("name", FEEDS)
def test_vobject_validates(feeds: dict[str, tuple[bytes, int]], name: str) -> None:
    data, count = feeds[name]
    assert count == len(parse_vobject(data).vevent_list)


@pytest.mark.parametrize("name", FEEDS)
def test_ics_package_parses(feeds: dict[str, tuple[bytes, int]], name: str) -> None:
    data, count = feeds[name]
    assert count == len(parse_ics(data).events)


@pytest.mark.parametrize("name", FEEDS)
def test_khal_printics(feeds: dict[str, tuple[bytes, int]], name: str, tmp_path: Path) -> None:
    """khal finds every event and warns about nothing."""
    data, count = feeds[name]
    path = tmp_path / f"{name}.ics"
    path.write_bytes(data)
    text = "\n".join(unfold(data))
    if "warning" not in text.lower():
        assert_khal_accepts(path, tmp_path, count)
        return
    # The watch feed itself says "warnings" (a 2023 milestone's note), which khal prints back:
    # the same checks, except that a line of the feed's own text may say it.
    result = khal_printics(path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{count} events found in "), result.stdout[:200]
    assert "warning" not in result.stderr.lower(), result.stderr
    for line in result.stdout.splitlines():
        if "warning" in line.lower():
            assert line.split(": ", 1)[-1] in text, line


@pytest.mark.parametrize("name", FEEDS)
def test_radicale_accepts_put(
    feeds: dict[str, tuple[bytes, int]], name: str, radicale: Radicale
) -> None:
    """A real CalDAV server stores the whole calendar (201) and serves every event back."""
    data, count = feeds[name]
    assert radicale.put_calendar(f"feeds-{name}", data) == 201
    status, body = radicale.request("GET", f"/user/feeds-{name}/")
    assert status == 200
    assert count == body.count(b"BEGIN:VEVENT")


# --- 2. provisional, draft and assumed marks ------------------------------------------------------


def test_provisional_deadlines_are_tentative_and_marked(
    feeds: dict[str, tuple[bytes, int]], cloud_deadlines: list[Deadline]
) -> None:
    """Every deadline in 2027 (no notice) is TENTATIVE with 【暂定】 and "(provisional)"; the
    2026 ones (published notice, all before 24 December) are CONFIRMED and unmarked."""
    events = blocks(feeds["cloud"][0])
    years = {d.date.year for d in cloud_deadlines}
    assert years == {2026, 2027}
    for deadline in cloud_deadlines:
        block = events[uid(deadline.key)]
        summary = value(block, "SUMMARY")
        if deadline.date.year == 2027:
            assert value(block, "STATUS") == "TENTATIVE"
            assert summary.startswith("【暂定】")
            assert summary.endswith(" (provisional)")
        else:
            assert value(block, "STATUS") == "CONFIRMED"
            assert "暂定" not in summary
            assert "provisional" not in summary


def test_dates_of_the_cloud_feed_by_hand(feeds: dict[str, tuple[bytes, int]]) -> None:
    """Some occurrences of examples/cloud-ciio.toml, worked out by hand."""
    events = blocks(feeds["cloud"][0])
    expected = {
        # 31 January: 2026-01-31 is a Saturday → Monday 2026-02-02 (Civil Code Art. 203 by analogy).
        "example-cloud/ciio-crypto-annual-report/2026": ("20260202", "CONFIRMED"),
        # 2027-01-31 is a Sunday → Monday 2027-02-01, in an unpublished year.
        "example-cloud/ciio-crypto-annual-report/2027": ("20270201", "TENTATIVE"),
        # Go-live 2023-08-01 + 3 years = Saturday 2026-08-01 → Monday 2026-08-03.
        "example-cloud/ciio-crypto-assessment-annual/cii-system-go-live[0]/3": (
            "20260803",
            "CONFIRMED",
        ),
        # Assessment 2024-09-27 + 2 years = Sunday 2026-09-27, also Mid-Autumn → Mon 2026-09-28.
        "example-cloud/miit-risk-assessment-annual/risk-assessment-completed[0]/2": (
            "20260928",
            "CONFIRMED",
        ),
        # 10 working days after 2026-09-28: Sep 29, 30, (Oct 1–7 off) Oct 8, 9, Sat 10 (make-up),
        # 12, 13, 14, 15, 16 → 2026-10-16.
        "example-cloud/miit-risk-assessment-report/risk-assessment-completed[0]/2": (
            "20261016",
            "CONFIRMED",
        ),
    }
    for key, (start, status) in expected.items():
        block = events[uid(key)]
        assert value(block, "DTSTART;VALUE=DATE") == start, key
        assert value(block, "STATUS") == status, key


def test_assumed_follow_up_is_marked(
    feeds: dict[str, tuple[bytes, int]], cloud_deadlines: list[Deadline]
) -> None:
    """A follow-up counted from a projected (unrecorded) due date says "(assumed date)"."""
    events = blocks(feeds["cloud"][0])
    assumed = [d for d in cloud_deadlines if d.assumed]
    assert {d.duty.id for d in assumed} == {"miit-risk-assessment-report"}
    for deadline in cloud_deadlines:
        summary = value(events[uid(deadline.key)], "SUMMARY")
        assert ("(assumed date)" in summary) is deadline.assumed, summary
        assert "草案" not in summary
        assert "draft" not in summary


def drafts_profile(include_drafts: bool) -> Profile:
    """examples/game-minors.toml (include_drafts = true) as an industrial-internet enterprise too.

    The game profile alone has no draft duty in range: its drafts' duties are for other roles.
    """
    games = load_profile(EXAMPLES / "game-minors.toml")
    assert games.include_drafts
    return attrs.evolve(
        games,
        roles=(*games.roles, "industrial-internet-enterprise"),
        events={**games.events, "industrial-internet-grading-completed": (dt.date(2024, 3, 1),)},
        include_drafts=include_drafts,
    )


def test_draft_duties_are_marked(calendar: ChinaCalendar, revision: dt.datetime) -> None:
    """A draft's duty: 【草案】 and "(draft, not binding)", also when provisional; hidden by default."""
    deadlines = schedule(drafts_profile(True), START, END)
    drafts = [
        d for d in deadlines if d.duty.id == "industrial-internet-annual-self-assessment-draft"
    ]
    # Graded 2024-03-01, every year: Sunday 2026-03-01 → Monday 2026-03-02; 2027-03-01 is a
    # Monday in an unpublished year.
    assert [(d.date, d.binding, d.provisional) for d in drafts] == [
        (dt.date(2026, 3, 2), False, False),
        (dt.date(2027, 3, 1), False, True),
    ]
    events = blocks(to_ics(deadlines, name="drafts", calendar=calendar, revision=revision))
    first, second = (events[uid(d.key)] for d in drafts)
    title_zh, title_en = drafts[0].duty.title_zh, drafts[0].duty.title_en
    assert value(first, "SUMMARY") == f"【草案】{title_zh} / {title_en} (draft\\, not binding)"
    assert value(first, "STATUS") == "CONFIRMED"
    assert value(second, "SUMMARY") == (
        f"【暂定】【草案】{title_zh} / {title_en} (draft\\, not binding) (provisional)"
    )
    assert value(second, "STATUS") == "TENTATIVE"
    binding = [d for d in deadlines if d.binding]
    assert binding
    for deadline in binding:
        assert "草案" not in value(events[uid(deadline.key)], "SUMMARY")
    hidden = schedule(drafts_profile(False), START, END)
    assert not [d for d in hidden if not d.binding]


def re_review_request() -> Deadline:
    """The one re-review request (an option, not an obligation) of an exporter in 2026."""
    profile = Profile(
        "Exporter",
        roles=("data-exporter",),
        events={"export-assessment-result-received": (dt.date(2026, 3, 2),)},
    )
    (deadline,) = [
        d
        for d in schedule(profile, START, END)
        if d.duty.id == "outbound-assessment-re-review-request"
    ]
    return deadline


def test_non_binding_duties_of_promulgated_instruments_are_not_called_drafts(
    calendar: ChinaCalendar, revision: dt.datetime
) -> None:
    """An opportunity of an instrument in force (asking for a re-review of an export assessment,
    Outbound Data Transfer Security Assessment Measures) is not binding, but it is no draft: the
    feed must not label it 【草案】 / "draft"."""
    deadline = re_review_request()
    assert deadline.instrument.status.value != "draft"
    assert deadline.duty.confidence.value != "draft"
    assert not deadline.binding
    event = deadline_event(deadline, revision, calendar=calendar)
    assert "草案" not in event.summary_zh, event.summary_zh
    assert "draft" not in event.summary_en, event.summary_en


# --- 3. UIDs survive a moved date -------------------------------------------------------------------


def test_uid_is_the_key_and_survives_a_moved_anchor(
    cloud: Profile, calendar: ChinaCalendar, revision: dt.datetime
) -> None:
    """Moving the recorded assessment date moves the occurrence, under the same UID."""
    key = "example-cloud/miit-risk-assessment-annual/risk-assessment-completed[0]/2"
    moved = attrs.evolve(
        cloud, events={**cloud.events, "risk-assessment-completed": (dt.date(2024, 10, 20),)}
    )
    before = blocks(to_ics(schedule(cloud, START, END), name="c", revision=revision))
    after = blocks(to_ics(schedule(moved, START, END), name="c", revision=revision))
    # 2024-09-27 + 2 years: Sunday 2026-09-27 (Mid-Autumn) → 2026-09-28.
    assert value(before[uid(key)], "DTSTART;VALUE=DATE") == "20260928"
    # 2024-10-20 + 2 years: Tuesday 2026-10-20, a working day.
    assert value(after[uid(key)], "DTSTART;VALUE=DATE") == "20261020"
    assert value(after[uid(key)], "DTEND;VALUE=DATE") == "20261021"
    # The same occurrences, the same UIDs: nothing is duplicated in a subscriber's calendar.
    assert set(before) == set(after)
    # Deadlines that do not depend on the moved event keep their date too.
    other = "example-cloud/ciio-crypto-assessment-annual/cii-system-go-live[0]/3"
    assert before[uid(other)] == after[uid(other)]


def test_uid_does_not_depend_on_the_date_written_in_the_profile(revision: dt.datetime) -> None:
    """A profile built from a dict (as from TOML) with another go-live date: same UIDs."""

    def feed(go_live: dt.date) -> dict[str, list[str]]:
        profile = profile_from_dict(
            {"name": "Moved Co.", "roles": ["ciio"], "events": {"cii-system-go-live": go_live}}
        )
        deadlines = [
            d for d in schedule(profile, START, END) if d.duty.id == "ciio-crypto-assessment-annual"
        ]
        return blocks(to_ics(deadlines, name="m", revision=revision))

    early, late = feed(dt.date(2023, 6, 1)), feed(dt.date(2023, 6, 30))
    keys = [f"moved-co/ciio-crypto-assessment-annual/cii-system-go-live[0]/{k}" for k in (3, 4)]
    assert set(early) == set(late) == {uid(k) for k in keys}
    # 2026-06-01 Monday; 2027-06-01 Tuesday. 2026-06-30 Tuesday; 2027-06-30 Wednesday.
    assert [value(early[uid(k)], "DTSTART;VALUE=DATE") for k in keys] == ["20260601", "20270601"]
    assert [value(late[uid(k)], "DTSTART;VALUE=DATE") for k in keys] == ["20260630", "20270630"]


# --- 4. determinism --------------------------------------------------------------------------------


def test_same_bytes_for_two_builds_and_any_order(
    cloud: Profile, calendar: ChinaCalendar, watch_items: list[WatchItem]
) -> None:
    """Two builds of the same data, in any order and mixed with other items: identical bytes."""

    def build(items: list[Deadline | WatchItem | FeedEvent]) -> bytes:
        return to_ics(items, name="mixed", calendar=calendar, alarm_working_days=3)

    first: list[Deadline | WatchItem | FeedEvent] = [
        *schedule(cloud, START, END),
        *watch_items,
        *workday_events(calendar, [2026, 2027]),
    ]
    second: list[Deadline | WatchItem | FeedEvent] = [
        *schedule(load_profile(EXAMPLES / "cloud-ciio.toml"), START, END),
        *watch(dt.date(2019, 1, 1), dt.date(2026, 12, 31)),
        *workday_events(china_calendar(provisional=True), [2027, 2026, 2027]),
    ]
    shuffled = second[:]
    random.Random(20261001).shuffle(shuffled)
    assert shuffled != second
    data = build(first)
    assert data == build(second)
    assert data == build(shuffled)
    assert data == build(list(reversed(first)))


def test_stamps_come_from_the_data_not_the_clock(
    catalog: Catalog,
    calendar: ChinaCalendar,
    revision: dt.datetime,
    feeds: dict[str, tuple[bytes, int]],
) -> None:
    """DTSTAMP and LAST-MODIFIED are the data's revision (``revision = 2026-11-22`` in
    data/instruments.toml; the 2026 notice carries no publication date), whatever today is."""
    expected = revision_date_of_the_data()
    assert revision == expected == revision_of(catalog)
    assert revision.tzinfo is dt.UTC
    stamp = expected.strftime("%Y%m%dT%H%M%SZ")
    for name in FEEDS:
        assert lines_named(feeds[name][0], "DTSTAMP") == {stamp}, name
    for name in ("cloud", "bank", "watch"):
        assert lines_named(feeds[name][0], "LAST-MODIFIED") == {stamp}, name
    # Another revision is written as given, and only SEQUENCE changes with it (it grows).
    later = expected + dt.timedelta(days=30)
    deadlines = schedule(load_profile(EXAMPLES / "cloud-ciio.toml"), START, END)
    data = to_ics(deadlines, name="c", revision=later)
    assert lines_named(data, "DTSTAMP") == {later.strftime("%Y%m%dT%H%M%SZ")}
    (old,) = lines_named(feeds["cloud"][0], "SEQUENCE")
    (new,) = lines_named(data, "SEQUENCE")
    assert int(new) > int(old) >= 0


def test_same_bytes_in_another_time_zone(
    tmp_path: Path, feeds: dict[str, tuple[bytes, int]]
) -> None:
    """A build in another process, local time zone New York, gives the same bytes."""
    script = (
        "import datetime as dt, sys\n"
        "from cnreg_calendar import china_calendar\n"
        "from cnreg_calendar.feeds import to_ics\n"
        "from cnreg_calendar.profile import load_profile\n"
        "from cnreg_calendar.deadlines import schedule\n"
        "cal = china_calendar(provisional=True)\n"
        f"p = load_profile({str(EXAMPLES / 'cloud-ciio.toml')!r})\n"
        "d = schedule(p, dt.date(2026, 1, 1), dt.date(2027, 12, 31))\n"
        "sys.stdout.buffer.write(to_ics(d, name='Example Cloud：合规期限 / deadlines',\n"
        "                               calendar=cal, alarm_working_days=3))\n"
    )
    environment = {**os.environ, "TZ": "America/New_York"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=environment, check=True
    )
    assert result.stdout == feeds["cloud"][0]


def test_revision_of_takes_a_newer_notice(catalog: Catalog, tmp_path: Path) -> None:
    """A holiday notice published after the catalog's revision becomes the feed's revision."""
    overlay = tmp_path / "notice-2027.toml"
    text = OVERLAY_2027.read_text("utf-8")
    assert "published = 2026-11-10" in text
    later = revision_date_of_the_data() + dt.timedelta(days=9)  # a notice newer than the data
    text = text.replace("published = 2026-11-10", f"published = {later.date().isoformat()}")
    overlay.write_text(text, "utf-8")
    newer = china_calendar(provisional=True, overlays=[overlay])
    assert revision_of(catalog, newer) == later
    # The fixture's own date (2026-11-10) is older than the catalog's 2026-11-22: not taken.
    older = china_calendar(provisional=True, overlays=[OVERLAY_2027])
    assert revision_of(catalog, older) == revision_date_of_the_data()
    data = to_ics(workday_events(newer, [2027]), name="w", calendar=newer)
    assert lines_named(data, "DTSTAMP") == {later.strftime("%Y%m%dT%H%M%SZ")}
    assert lines_named(data, "LAST-MODIFIED") == {later.strftime("%Y%m%dT%H%M%SZ")}
    assert lines_named(data, "STATUS") == {"CONFIRMED"}  # a published year: nothing tentative


# --- 5. all-day and timed events -------------------------------------------------------------------


def test_all_day_events(feeds: dict[str, tuple[bytes, int]]) -> None:
    """DTSTART;VALUE=DATE, DTEND the next day (exclusive end), transparent, no VTIMEZONE."""
    for name in ("cloud", "watch", "workdays"):
        data = feeds[name][0]
        assert b"BEGIN:VTIMEZONE" not in data
        for block in blocks(data).values():
            start = dt.datetime.strptime(value(block, "DTSTART;VALUE=DATE"), "%Y%m%d").date()
            end = dt.datetime.strptime(value(block, "DTEND;VALUE=DATE"), "%Y%m%d").date()
            assert end - start == dt.timedelta(days=1)
            assert value(block, "TRANSP") == "TRANSPARENT"
    # Across a month end: Dragon Boat 2025 began on Saturday 31 May.
    events = blocks(feeds["workdays"][0])
    assert value(events[uid("workdays/off/2025-05-31")], "DTEND;VALUE=DATE") == "20250601"


def incident_profile(when: dt.datetime) -> Profile:
    return profile_from_dict(
        {
            "name": "Incident Co.",
            "roles": ["ciio"],
            "events": {"security-incident-discovered": when},
        }
    )


@pytest.mark.parametrize(
    ("discovered", "due"),
    [
        # Discovered 10:15 Beijing time: report within 1 hour (incident-report-ciio-1h) → 11:15.
        (dt.datetime(2026, 3, 1, 10, 15, tzinfo=BEIJING), "20260301T111500"),
        # The same instant given in UTC (02:15Z) is written in Beijing time.
        (dt.datetime(2026, 3, 1, 2, 15, tzinfo=dt.UTC), "20260301T111500"),
        # 23:30 on 2026-09-30 → 00:30 on National Day: hour periods are never extended.
        (dt.datetime(2026, 9, 30, 23, 30, tzinfo=BEIJING), "20261001T003000"),
    ],
)
def test_hour_deadline_is_a_timed_event(
    discovered: dt.datetime, due: str, calendar: ChinaCalendar, tmp_path: Path
) -> None:
    """An hour deadline: DTSTART;TZID=Asia/Shanghai with one matching VTIMEZONE, valid everywhere."""
    deadlines = schedule(incident_profile(discovered), START, END)
    (incident,) = [d for d in deadlines if d.duty.id == "incident-report-ciio-1h"]
    assert incident.time is not None
    data = to_ics(deadlines, name="incident", calendar=calendar, alarm_working_days=3)
    lines = unfold(data)
    assert lines.count("BEGIN:VTIMEZONE") == 1
    assert lines.count("TZID:Asia/Shanghai") == 1
    assert "TZOFFSETTO:+0800" in lines
    block = blocks(data)[uid(incident.key)]
    assert value(block, "DTSTART;TZID=Asia/Shanghai") == due
    assert not [line for line in block if line.startswith("DTEND;VALUE=DATE")]
    assert value(block, "TRANSP") == "TRANSPARENT"
    # Its reminder, if any, rings between the discovery and the deadline.
    triggers = [line for line in block if line.startswith("TRIGGER")]
    assert len(triggers) <= 1
    for trigger in triggers:
        ring = dt.datetime.strptime(trigger.split(":", 1)[1], "%Y%m%dT%H%M%SZ")
        ring = ring.replace(tzinfo=dt.UTC)
        assert discovered <= ring < incident.time
    (parsed,) = [
        e for e in parse_icalendar(data).walk("VEVENT") if str(e["UID"]) == uid(incident.key)
    ]
    assert parsed["DTSTART"].dt == discovered + dt.timedelta(hours=1)
    parse_ical(data)
    parse_vobject(data)
    parse_ics(data)
    path = tmp_path / "incident.ics"
    path.write_bytes(data)
    assert_khal_accepts(path, tmp_path, len(deadlines))


def test_bank_incident_during_spring_festival(feeds: dict[str, tuple[bytes, int]]) -> None:
    """examples/finance-ciio.toml: discovered 2026-02-16 21:40 (a Spring Festival day off), due
    22:40 the same evening, not after the holiday."""
    key = "example-bank/incident-report-ciio-1h/security-incident-discovered[0]"
    block = blocks(feeds["bank"][0])[uid(key)]
    assert value(block, "DTSTART;TZID=Asia/Shanghai") == "20260216T224000"
    assert value(block, "STATUS") == "CONFIRMED"


# --- 6. reminders N working days before ----------------------------------------------------------------


def go_live_profile(go_live: dt.date) -> Profile:
    return Profile("Alarm Co.", roles=("ciio",), events={"cii-system-go-live": (go_live,)})


@pytest.mark.parametrize(
    ("go_live", "date", "trigger"),
    [
        # Go-live 2023-10-12 → 3rd yearly assessment Monday 2026-10-12. Three working days back:
        # Sun Oct 11 rest; Sat Oct 10 make-up working day (1); Fri Oct 9 (2); Thu Oct 8 (3).
        # 09:00 Beijing on 2026-10-08 = 01:00Z.
        (dt.date(2023, 10, 12), "20261012", "20261008T010000Z"),
        # Go-live 2023-02-25 → Wednesday 2026-02-25. Back: Tue Feb 24 (1); Feb 23–15 Spring
        # Festival off; Sat Feb 14 make-up working day (2); Fri Feb 13 (3) → 2026-02-13 01:00Z.
        (dt.date(2023, 2, 25), "20260225", "20260213T010000Z"),
        # Go-live 2023-10-09 → Friday 2026-10-09. Back: Thu Oct 8 (1); Oct 7–1 National Day
        # off; Wed Sep 30 (2); Tue Sep 29 (3) → 2026-09-29 01:00Z.
        (dt.date(2023, 10, 9), "20261009", "20260929T010000Z"),
    ],
)
def test_alarm_three_working_days_before(
    go_live: dt.date, date: str, trigger: str, calendar: ChinaCalendar, revision: dt.datetime
) -> None:
    """Exactly one VALARM, an absolute UTC trigger at 09:00 Beijing time N working days before."""
    deadlines = schedule(go_live_profile(go_live), START, END)
    key = "alarm-co/ciio-crypto-assessment-annual/cii-system-go-live[0]/3"
    data = to_ics(
        deadlines, name="alarms", calendar=calendar, revision=revision, alarm_working_days=3
    )
    block = blocks(data)[uid(key)]
    assert value(block, "DTSTART;VALUE=DATE") == date
    assert block.count("BEGIN:VALARM") == 1
    alarm = block[block.index("BEGIN:VALARM") : block.index("END:VALARM") + 1]
    assert value(alarm, "ACTION") == "DISPLAY"
    assert value(alarm, "TRIGGER;VALUE=DATE-TIME") == trigger
    assert value(alarm, "DESCRIPTION") == value(block, "SUMMARY")
    (deadline,) = [d for d in deadlines if d.key == key]
    event = deadline_event(deadline, revision, calendar=calendar, alarm_working_days=3)
    expected = dt.datetime.strptime(trigger, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert event.alarm == expected
    assert event.alarm is not None
    assert event.alarm.astimezone(BEIJING).hour == 9
    # No reminder unless asked for.
    assert b"BEGIN:VALARM" not in to_ics(deadlines, name="a", calendar=calendar, revision=revision)


def test_alarm_without_a_calendar_is_not_dropped_silently(revision: dt.datetime) -> None:
    """Asking for a reminder without passing a calendar must not silently give no reminder:
    either the reminder is there (the default calendar counts the working days) or ExportError
    says that a calendar is needed."""
    deadlines = schedule(go_live_profile(dt.date(2023, 10, 12)), START, END)
    key = "alarm-co/ciio-crypto-assessment-annual/cii-system-go-live[0]/3"
    try:
        data = to_ics(deadlines, name="a", revision=revision, alarm_working_days=3)
    except ExportError:
        return
    block = blocks(data)[uid(key)]
    assert block.count("BEGIN:VALARM") == 1, "alarm_working_days=3 gave no reminder"
    assert value(block, "TRIGGER;VALUE=DATE-TIME") == "20261008T010000Z"


def test_negative_alarm_lead_time_is_refused(
    calendar: ChinaCalendar, revision: dt.datetime
) -> None:
    """A reminder "-3 working days before" would ring after the deadline: refused, as publish()
    refuses it."""
    deadlines = schedule(go_live_profile(dt.date(2023, 10, 12)), START, END)
    with pytest.raises(ExportError, match="alarm_working_days"):
        to_ics(deadlines, name="a", calendar=calendar, revision=revision, alarm_working_days=-3)


# --- 7. the working-day feed against the 2026 notice ---------------------------------------------------


def test_library_calendar_agrees_with_the_2026_notice(calendar: ChinaCalendar) -> None:
    """cal.year(2026) gives the days off and make-up days of 国办发明电〔2025〕7号."""
    arrangement = calendar.year(2026)
    assert arrangement.published
    assert not arrangement.provisional
    assert set(arrangement.days_off) == set(OFF_2026)
    assert set(arrangement.make_up_days) == set(MAKE_UP_2026)
    names = {h.name_zh: (h.first.isoformat(), h.last.isoformat()) for h in arrangement.holidays}
    assert names == DAYS_OFF_2026
    for day in MAKE_UP_2026:
        assert day.weekday() >= 5  # make-up working days are weekend days
        assert calendar.is_working_day(day)
    for day in OFF_2026:
        assert not calendar.is_working_day(day)


def test_workday_feed_2026(calendar: ChinaCalendar) -> None:
    """The 2026 feed: exactly the notice's days off and make-up working days, confirmed."""
    events = workday_events(calendar, [2026])
    off = {e.start: e for e in events if "day-off" in e.categories}
    work = {e.start: e for e in events if "make-up-working-day" in e.categories}
    assert len(off) + len(work) == len(events) == 33 + 6
    assert set(off) == set(OFF_2026)
    assert set(work) == set(MAKE_UP_2026)
    data = to_ics(events, name="2026", calendar=calendar)
    parsed = blocks(data)
    for day, holiday in OFF_2026.items():
        block = parsed[uid(f"workdays/off/{day.isoformat()}")]
        assert value(block, "DTSTART;VALUE=DATE") == day.strftime("%Y%m%d")
        assert value(block, "SUMMARY").startswith(f"放假（{holiday}）")
        assert value(block, "STATUS") == "CONFIRMED"
    for day, holiday in MAKE_UP_2026.items():
        block = parsed[uid(f"workdays/work/{day.isoformat()}")]
        assert value(block, "DTSTART;VALUE=DATE") == day.strftime("%Y%m%d")
        summary = value(block, "SUMMARY")
        assert summary.startswith(f"调休上班（{holiday}）")
        assert day.strftime("%A") in summary
        assert value(block, "STATUS") == "CONFIRMED"
    assert lines_named(data, "STATUS") == {"CONFIRMED"}
    # The notice is cited in every description.
    for block in parsed.values():
        assert "国务院办公厅关于2026年部分节假日安排的通知" in value(block, "DESCRIPTION")


def test_workday_feed_of_an_unpublished_year(
    calendar: ChinaCalendar, feeds: dict[str, tuple[bytes, int]]
) -> None:
    """2027 (no notice in the data): estimated days off, TENTATIVE and marked; 2025–2026 confirmed."""
    published = calendar.is_published(2027)
    for block in blocks(feeds["workdays"][0]).values():
        year = int(value(block, "DTSTART;VALUE=DATE")[:4])
        summary = value(block, "SUMMARY")
        if year == 2027 and not published:
            assert value(block, "STATUS") == "TENTATIVE"
            assert summary.startswith("【暂定】")
            assert summary.endswith("(provisional)")
            assert "estimated" in value(block, "DESCRIPTION")
        else:
            assert value(block, "STATUS") == "CONFIRMED"
            assert "暂定" not in summary
    if not published:
        estimated = workday_events(calendar, [2027])
        # Statutory days (全国年节及纪念日放假办法 Art. 2): New Year's Day 2027-01-01, National Day
        # Oct 1–3, Labour Day May 1–2 are days off whatever the notice adds.
        starts = {e.start for e in estimated if "day-off" in e.categories}
        assert {dt.date(2027, 1, 1), dt.date(2027, 5, 1), dt.date(2027, 5, 2)} <= starts
        assert {dt.date(2027, 10, 1), dt.date(2027, 10, 2), dt.date(2027, 10, 3)} <= starts
        assert all(e.provisional for e in estimated)


def test_workday_feed_years_are_deduplicated(calendar: ChinaCalendar) -> None:
    """Repeated or unordered years give the feed of the distinct years once."""
    once = to_ics(workday_events(calendar, [2025, 2026]), name="w", calendar=calendar)
    again = to_ics(workday_events(calendar, [2026, 2025, 2026]), name="w", calendar=calendar)
    assert once == again


# --- watch events ----------------------------------------------------------------------------------


def test_watch_feed_milestones(feeds: dict[str, tuple[bytes, int]], revision: dt.datetime) -> None:
    """Known milestones: PIPL adopted 2021-08-20 and in force 2021-11-01; the CII Regulations
    (State Council Order 745) in force 2021-09-01; the Civil Code in force 2021-01-01."""
    data = feeds["watch"][0]
    events = blocks(data)
    by_day: dict[str, list[str]] = {}
    for block in events.values():
        by_day.setdefault(value(block, "DTSTART;VALUE=DATE"), []).append(value(block, "SUMMARY"))
    assert "施行：中华人民共和国个人信息保护法 / Effective: PIPL" in by_day["20211101"]
    assert any(s.startswith("发布/通过：中华人民共和国个人信息保护法") for s in by_day["20210820"])
    assert any(s.startswith("施行：关键信息基础设施安全保护条例") for s in by_day["20210901"])
    assert any(s.startswith("施行：中华人民共和国民法典") for s in by_day["20210101"])
    assert lines_named(data, "STATUS") == {"CONFIRMED"}
    # One event per milestone, keyed by the instrument and the milestone, not the date.
    pipl = [w for w in watch(dt.date(2021, 1, 1), dt.date(2021, 12, 31)) if "pipl" in w.key]
    assert {w.date for w in pipl} == {dt.date(2021, 8, 20), dt.date(2021, 11, 1)}
    for item in pipl:
        event = watch_event(item, revision)
        assert event.key == item.key
        assert event.start == item.date
        assert item.date.isoformat() not in item.key
        assert uid(item.key) in events


# --- deadline events ------------------------------------------------------------------------------


def test_deadline_event_content(
    cloud_deadlines: list[Deadline],
    feeds: dict[str, tuple[bytes, int]],
    revision: dt.datetime,
    calendar: ChinaCalendar,
) -> None:
    """Bilingual summary, the explanation as description, the source URL, comma-free categories."""
    parsed = {str(e["UID"]): e for e in parse_icalendar(feeds["cloud"][0]).walk("VEVENT")}
    for deadline in cloud_deadlines:
        event = parsed[uid(deadline.key)]
        assert str(event["DESCRIPTION"]) == deadline.explanation()
        summary = str(event["SUMMARY"])
        assert deadline.duty.title_zh in summary
        assert deadline.duty.title_en in summary
        assert event["DTSTART"].dt == deadline.date
        if deadline.source_url:
            assert str(event["URL"]) == deadline.source_url
        categories = [str(c) for c in event["CATEGORIES"].cats]
        assert all("," not in c for c in categories)
        assert set(deadline.instrument.authorities) <= set(categories)
        feed_event = deadline_event(deadline, revision, calendar=calendar)
        assert feed_event.key == deadline.key
        assert feed_event.start == deadline.date
        assert feed_event.provisional is deadline.provisional
        assert feed_event.alarm is None
        assert feed_event.last_modified == revision


def test_feed_name_and_description() -> None:
    """NAME and X-WR-CALNAME carry the name; the description defaults to the name."""
    events = workday_events(china_calendar(), [2026])
    lines = unfold(to_ics(events, name="放假, 调休; 2026"))
    assert "NAME:放假\\, 调休\\; 2026" in lines
    assert "X-WR-CALNAME:放假\\, 调休\\; 2026" in lines
    assert "DESCRIPTION:放假\\, 调休\\; 2026" in lines
    lines = unfold(to_ics(events, name="n", description="about"))
    assert "X-WR-CALDESC:about" in lines


# --- 8. write_feed ----------------------------------------------------------------------------------


def test_write_feed_writes_the_same_bytes(
    tmp_path: Path, cloud_deadlines: list[Deadline], calendar: ChinaCalendar
) -> None:
    """write_feed streams exactly to_ics's bytes, returns their number, leaves nothing else."""
    path = tmp_path / "cloud.ics"
    size = write_feed(cloud_deadlines, path, name="Cloud", calendar=calendar, alarm_working_days=3)
    data = to_ics(cloud_deadlines, name="Cloud", calendar=calendar, alarm_working_days=3)
    assert path.read_bytes() == data
    assert size == len(data) == path.stat().st_size
    assert b"BEGIN:VALARM" in data
    assert [path] == list(tmp_path.iterdir())
    # Over an existing feed, from a generator (consumed once), the path as text.
    path.write_bytes(b"previous feed")
    size = write_feed(
        iter(cloud_deadlines), str(path), name="Cloud", calendar=calendar, alarm_working_days=3
    )
    assert path.read_bytes() == data
    assert size == len(data)
    assert [path] == list(tmp_path.iterdir())


def test_write_feed_keeps_the_previous_feed_when_a_deadline_fails(
    tmp_path: Path,
    cloud_deadlines: list[Deadline],
    calendar: ChinaCalendar,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A deadline whose explanation raises leaves the previous file untouched and no temporary."""
    broken_key = cloud_deadlines[len(cloud_deadlines) // 2].key
    explain = Deadline.explanation

    def explanation(self: Deadline) -> str:
        if self.key == broken_key:
            raise RuntimeError("explanation failed")
        return explain(self)

    monkeypatch.setattr(Deadline, "explanation", explanation)
    path = tmp_path / "cloud.ics"
    path.write_bytes(b"previous feed")
    with pytest.raises(RuntimeError, match="explanation failed"):
        write_feed(cloud_deadlines, path, name="Cloud", calendar=calendar)
    assert path.read_bytes() == b"previous feed"
    assert [path] == list(tmp_path.iterdir())


def test_write_feed_leaves_no_file_when_an_event_fails_while_writing(
    tmp_path: Path, calendar: ChinaCalendar
) -> None:
    """An event that can only be refused while its line is written (a naive alarm), after many
    good ones are out: no file, no temporary file."""
    good = workday_events(calendar, [2024, 2025, 2026])
    bad = attrs.evolve(good[-1], key="bad/2026", alarm=dt.datetime(2026, 12, 1, 9))
    path = tmp_path / "workdays.ics"
    with pytest.raises(ExportError, match="'bad/2026'"):
        write_feed([*good, bad], path, name="w", calendar=calendar)
    assert list(tmp_path.iterdir()) == []


def test_write_feed_leaves_no_file_when_the_items_fail(
    tmp_path: Path, cloud_deadlines: list[Deadline]
) -> None:
    """An iterable that raises part-way leaves no file."""

    def items() -> Iterator[Deadline]:
        yield from cloud_deadlines[:3]
        raise RuntimeError("the schedule failed")

    with pytest.raises(RuntimeError, match="the schedule failed"):
        write_feed(items(), tmp_path / "feed.ics", name="f")
    assert list(tmp_path.iterdir()) == []


# --- 9. parse_years -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2026", [2026]),
        ("2025,2026", [2025, 2026]),
        ("2025-2027", [2025, 2026, 2027]),
        (" 2024 , 2026 ", [2024, 2026]),
        ("2025 - 2026,2028", [2025, 2026, 2028]),
        ("2026-2026", [2026]),
        ("2001", [2001]),
        ("2199", [2199]),
        ("2198-2199", [2198, 2199]),
    ],
)
def test_parse_years_accepts(text: str, years: list[int]) -> None:
    assert years == list(parse_years(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "write a year"),
        ("abc", "write a year"),
        ("2026.0", "write a year"),
        ("2025,,2026", "write a year"),
        ("2025-2027-2029", "write a year"),
        ("-2026", "write a year"),
        ("2027-2025", "low-high"),
        ("2026-27", "low-high"),
        ("2000", "from 2001 to 2199"),
        ("2200", "from 2001 to 2199"),
        ("2198-2200", "from 2001 to 2199"),
        ("1999-2026", "from 2001 to 2199"),
    ],
)
def test_parse_years_refuses(text: str, message: str) -> None:
    with pytest.raises(ExportError, match=message) as raised:
        parse_years(text)
    assert repr(text) in str(raised.value)


def test_parse_years_refuses_a_range_without_an_end() -> None:
    """ "2025-" is neither a year nor a range low-high: refused, not read as 2025 alone."""
    with pytest.raises(ExportError, match="2025-"):
        parse_years("2025-")


def test_alarm_on_the_day_itself(calendar: ChinaCalendar, revision: dt.datetime) -> None:
    """``alarm_working_days=0`` reminds at 09:00 Beijing on the deadline's own day."""
    deadlines = schedule(go_live_profile(dt.date(2023, 10, 12)), START, END)
    key = "alarm-co/ciio-crypto-assessment-annual/cii-system-go-live[0]/3"
    data = to_ics(deadlines, name="a", calendar=calendar, revision=revision, alarm_working_days=0)
    # Monday 2026-10-12 is a working day: 09:00 Beijing that day = 01:00Z.
    assert value(blocks(data)[uid(key)], "TRIGGER;VALUE=DATE-TIME") == "20261012T010000Z"


def test_cli_refuses_a_negative_alarm(tmp_path: Path) -> None:
    """``ics --alarm-working-days -3`` exits 2 with one line and writes nothing."""
    from cnreg_calendar.cli import main

    target = tmp_path / "f.ics"
    profile = str(Path(__file__).resolve().parents[1] / "examples" / "cloud-ciio.toml")
    status = main(["ics", "--profile", profile, "--alarm-working-days", "-3", "-o", str(target)])
    assert (2, []) == (status, sorted(p.name for p in tmp_path.iterdir()))


def test_options_are_marked_as_no_obligation(
    calendar: ChinaCalendar, revision: dt.datetime
) -> None:
    """A duty that is an option (asking for a re-review) says so in both languages."""
    deadline = re_review_request()
    event = deadline_event(deadline, revision, calendar=calendar)
    assert event.summary_zh.startswith("【可选】")
    assert event.summary_en.endswith("(an option, not an obligation)")


def test_a_profile_revision_bumps_sequence(calendar: ChinaCalendar, revision: dt.datetime) -> None:
    """A profile revised after the catalog: its feed's DTSTAMP and SEQUENCE follow the profile."""
    assert revision.date() < dt.date(2026, 12, 10)
    base = {"name": "Rev Co.", "roles": ["ciio"]}
    lines = {}
    for when in (None, dt.date(2026, 12, 10)):
        data = {**base, "events": {"cii-system-go-live": dt.date(2023, 10, 12)}}
        if when:
            data["revision"] = when
        profile = profile_from_dict(data)
        feed = to_ics(
            schedule(profile, START, END),
            name="r",
            revision=revision_of(load_catalog(), calendar, [profile]),
            calendar=calendar,
        )
        lines[when] = [
            line for line in feed.decode().split("\r\n") if line.startswith(("DTSTAMP", "SEQUENCE"))
        ]
    # SEQUENCE counts days since 2020-01-01: 2026-12-10 is 2535 days after it.
    assert "SEQUENCE:2535" in lines[dt.date(2026, 12, 10)]
    assert "DTSTAMP:20261210T000000Z" in lines[dt.date(2026, 12, 10)]
    assert "SEQUENCE:2535" not in lines[None]


def test_a_profile_revision_must_be_a_date() -> None:
    """``revision = "yesterday"`` is refused with what to write instead."""
    from cnreg_calendar.errors import ProfileError

    with pytest.raises(ProfileError, match="revision = 2026-12-01"):
        profile_from_dict({"name": "X", "revision": "yesterday"})
