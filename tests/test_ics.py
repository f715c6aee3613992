"""Tests of the iCalendar export: each feed is proved valid by independent parsers and programs."""

from __future__ import annotations

import datetime
import random
import tracemalloc
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from ics_checks import (
    Radicale,
    assert_khal_accepts,
    assert_wire,
    parse_ical,
    parse_icalendar,
    parse_ics,
    parse_vobject,
    radicale_server,
    unfold,
    wire_problems,
)

from cnreg_calendar.errors import ExportError
from cnreg_calendar.ics import (
    FEED_SIZE_LIMIT,
    UID_NAMESPACE,
    FeedEvent,
    FeedInfo,
    FeedSizeWarning,
    split_events,
    to_ics,
    uid_for,
    window,
    write_ics,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))  # independent of the module's ZoneInfo
REVISION = datetime.datetime(2024, 7, 1, 2, 30, tzinfo=datetime.UTC)
INFO = FeedInfo(
    "网络安全合规期限 / Cybersecurity deadlines",
    "法定期限, 依据; 条款\\来源\n第二行 / second line",
    REVISION,
    color="darkred",
)
LONG_ZH = "关键信息基础设施的运营者采购网络产品和服务，可能影响国家安全的，应当通过国家网信部门会同国务院有关部门组织的国家安全审查。"
HOSTILE_DESCRIPTION = (
    f"依据《中华人民共和国密码法》第二十七条, 第一款; 第二款\\附则\n{LONG_ZH}\n"
    "Source: C:\\laws\\crypto.pdf; see art. 27, para. 2\n"
    "\\n is not a newline, \\\\ two backslashes, \\; \\, and a trailing backslash \\"
)


def all_day(key: str, day: int, **changes: object) -> FeedEvent:
    """A plain all-day deadline on 2024-08-<day>."""
    event = FeedEvent(
        key=key,
        start=datetime.date(2024, 8, day),
        summary_zh="商用密码应用安全性评估",
        summary_en="Commercial-cryptography assessment",
        description="依据《密码法》第二十七条。\nSource: 密码法 art. 27",
        categories=("密码", "评估"),
        url="https://example.invalid/laws/crypto#art27",
    )
    return attrs.evolve(event, **changes)


def scenario_all_day() -> list[FeedEvent]:
    return [all_day(f"crypto-assessment/2024#{n}", n) for n in (1, 2, 30)]


def scenario_provisional() -> list[FeedEvent]:
    return [all_day("dpia/2024#annual", 15, provisional=True, sequence=2)]


def scenario_cancelled() -> list[FeedEvent]:
    alarm = datetime.datetime(2024, 8, 1, 9, tzinfo=SHANGHAI)
    return [all_day("mlps-filing/2024#q3", 5, cancelled=True, sequence=3, alarm=alarm)]


def scenario_timed_alarm() -> list[FeedEvent]:
    start = datetime.datetime(2024, 8, 20, 17, 30, tzinfo=SHANGHAI)
    return [
        all_day(
            "incident-report/2024-08-20#1h",
            1,
            start=start,
            end=start + datetime.timedelta(hours=1),
            alarm=start - datetime.timedelta(hours=2),
            last_modified=datetime.datetime(2024, 6, 30, 8, tzinfo=datetime.UTC),
        ),
        all_day(
            "incident-report/2024-08-20#4h",
            1,
            start=start.astimezone(datetime.UTC) + datetime.timedelta(hours=3),
            alarm=start,
        ),
    ]


def boundary_descriptions() -> Iterator[str]:
    """Texts whose escape pairs and 3-octet characters fall on and around octet 75."""
    for pad in range(56, 68):
        for special in ("\\", ";", ",", "\n", "\\\\", "密", "𠀀"):
            yield "a" * pad + special + "b" * 80 + special + "码" * 40


def scenario_hostile() -> list[FeedEvent]:
    events = [
        all_day(
            "hostile/2024#text",
            9,
            summary_zh=f"【测试】{LONG_ZH}",
            summary_en="Commas, semicolons; back\\slashes \\ and\nnewlines",
            description=HOSTILE_DESCRIPTION,
            categories=("CAC, MPS", "网信办，公安部", "semi;colon", "back\\slash", "密码"),
            url="https://example.invalid/search?q=a,b;c&lang=zh-CN",
        )
    ]
    for n, text in enumerate(boundary_descriptions()):
        events.append(all_day(f"hostile/2024#boundary-{n}", 10, summary_en=text, description=text))
    return events


def scenario_mixed() -> list[FeedEvent]:
    return [
        *scenario_all_day(),
        *scenario_provisional(),
        *scenario_cancelled(),
        *scenario_timed_alarm(),
        *scenario_hostile(),
    ]


SCENARIOS = {
    "all_day": scenario_all_day,
    "provisional": scenario_provisional,
    "cancelled": scenario_cancelled,
    "timed_alarm": scenario_timed_alarm,
    "hostile": scenario_hostile,
    "mixed": scenario_mixed,
}


@pytest.fixture(params=sorted(SCENARIOS))
def feed(request: pytest.FixtureRequest) -> tuple[str, list[FeedEvent], bytes]:
    """A scenario's name, its events and its feed."""
    events = SCENARIOS[request.param]()
    return request.param, events, to_ics(events, INFO)


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A Radicale server on loopback for the module's tests."""
    with radicale_server(tmp_path_factory.mktemp("radicale") / "storage") as server:
        yield server


# --- validity, scenario by scenario ----------------------------------------------------------------


def test_wire_format(feed: tuple[str, list[FeedEvent], bytes]) -> None:
    """Every line ends in CRLF, is at most 75 octets of valid UTF-8 and splits no escape pair."""
    assert_wire(feed[2])


def test_icalendar_semantics(feed: tuple[str, list[FeedEvent], bytes]) -> None:
    """icalendar finds every required property, unique UIDs, no missing time zone."""
    _, events, data = feed
    calendar = parse_icalendar(data)
    assert sorted(uid_for(e.key) for e in events) == sorted(
        str(e["UID"]) for e in calendar.walk("VEVENT")
    )


def test_ical_parses(feed: tuple[str, list[FeedEvent], bytes]) -> None:
    """The strict ical package reads every event."""
    _, events, data = feed
    assert len(events) == len(parse_ical(data).events)


def test_vobject_validates(feed: tuple[str, list[FeedEvent], bytes]) -> None:
    """vobject parses and validates the feed."""
    _, events, data = feed
    assert len(events) == len(parse_vobject(data).vevent_list)


def test_ics_package_parses(feed: tuple[str, list[FeedEvent], bytes]) -> None:
    """The ics package reads every event (it refuses a TRIGGER without VALUE=DATE-TIME)."""
    _, events, data = feed
    assert len(events) == len(parse_ics(data).events)


def test_khal_printics(feed: tuple[str, list[FeedEvent], bytes], tmp_path: Path) -> None:
    """khal printics finds every event and prints no warning."""
    _, events, data = feed
    path = tmp_path / "feed.ics"
    path.write_bytes(data)
    assert_khal_accepts(path, tmp_path, len(events))


def test_radicale_accepts_put(feed: tuple[str, list[FeedEvent], bytes], radicale: Radicale) -> None:
    """A real CalDAV server accepts the whole calendar (201) and serves every event back."""
    name, events, data = feed
    assert radicale.put_calendar(name, data) == 201
    status, body = radicale.request("GET", f"/user/{name}/")
    assert status == 200
    assert len(events) == body.count(b"BEGIN:VEVENT")


def test_radicale_rejects_duplicate_uids(radicale: Radicale) -> None:
    """The server is a real check: it refuses a calendar with a duplicated UID."""
    first, second = scenario_all_day()[:2]
    data = to_ics([first, second], INFO)
    spoiled = data.replace(uid_for(second.key).encode(), uid_for(first.key).encode())
    assert radicale.put_calendar("spoiled", spoiled) == 400


# --- content -----------------------------------------------------------------------------------------


def test_calendar_properties() -> None:
    """The calendar carries every must-have property, in this order, and no X-WR-TIMEZONE."""
    lines = unfold(to_ics(scenario_all_day(), INFO))
    expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//cnreg_calendar//cnreg_calendar {INFO.prodid.split()[-1]}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:网络安全合规期限 / Cybersecurity deadlines",
        "X-WR-CALNAME:网络安全合规期限 / Cybersecurity deadlines",
        "DESCRIPTION:法定期限\\, 依据\\; 条款\\\\来源\\n第二行 / second line",
        "X-WR-CALDESC:法定期限\\, 依据\\; 条款\\\\来源\\n第二行 / second line",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        "COLOR:darkred",
        "BEGIN:VEVENT",
    ]
    assert expected == lines[: len(expected)]
    assert INFO.prodid.startswith("-//cnreg_calendar//cnreg_calendar ")
    assert INFO.prodid.endswith("//EN")
    assert lines[-1] == "END:VCALENDAR"
    assert not any(line.startswith("X-WR-TIMEZONE") for line in lines)


def test_all_day_event_lines() -> None:
    """An all-day event: UUIDv5 UID, revision stamps, DATE start and exclusive next-day end."""
    event = all_day("crypto-assessment/2024#1", 31)
    lines = unfold(to_ics([event], INFO))
    start = lines.index("BEGIN:VEVENT")
    assert [
        "BEGIN:VEVENT",
        f"UID:{uuid.uuid5(UID_NAMESPACE, 'crypto-assessment/2024#1')}",
        "DTSTAMP:20240701T023000Z",
        "LAST-MODIFIED:20240701T023000Z",
        "SEQUENCE:0",
        "DTSTART;VALUE=DATE:20240831",
        "DTEND;VALUE=DATE:20240901",
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
        "SUMMARY:商用密码应用安全性评估 / Commercial-cryptography assessment",
        "DESCRIPTION:依据《密码法》第二十七条。\\nSource: 密码法 art. 27",
        "CATEGORIES:密码,评估",
        "URL:https://example.invalid/laws/crypto#art27",
        "END:VEVENT",
    ] == lines[start : start + 14]
    assert not any(line.startswith("BEGIN:VTIMEZONE") for line in lines)


def test_provisional_and_cancelled_status() -> None:
    """Provisional: TENTATIVE and a marked summary in both languages; cancelled: no alarm."""
    calendar = parse_icalendar(to_ics(scenario_provisional() + scenario_cancelled(), INFO))
    cancelled, provisional = calendar.walk("VEVENT")  # 5 and 15 August
    assert provisional["STATUS"] == "TENTATIVE"
    assert (
        str(provisional["SUMMARY"])
        == "【暂定】商用密码应用安全性评估 / Commercial-cryptography assessment (provisional)"
    )
    assert provisional["SEQUENCE"] == 2
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled.walk("VALARM") == []


def test_timed_event_and_alarm() -> None:
    """A timed event is written in Asia/Shanghai with one VTIMEZONE and an absolute UTC alarm."""
    data = to_ics(scenario_timed_alarm(), INFO)
    lines = unfold(data)
    assert lines.count("BEGIN:VTIMEZONE") == 1
    assert "DTSTART;TZID=Asia/Shanghai:20240820T173000" in lines
    assert "DTEND;TZID=Asia/Shanghai:20240820T183000" in lines
    assert "DTSTART;TZID=Asia/Shanghai:20240820T203000" in lines  # given in UTC, written local
    assert "TRIGGER;VALUE=DATE-TIME:20240820T073000Z" in lines
    assert "LAST-MODIFIED:20240630T080000Z" in lines
    calendar = parse_icalendar(data)
    first, second = calendar.walk("VEVENT")
    assert datetime.timedelta(hours=8) == first["DTSTART"].dt.utcoffset()
    assert "DTEND" not in second  # zero duration
    (alarm,) = first.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert datetime.datetime(2024, 8, 20, 7, 30, tzinfo=datetime.UTC) == alarm["TRIGGER"].dt


def test_hostile_text_round_trips_exactly() -> None:
    """Commas, semicolons, backslashes, newlines and long Chinese come back exactly."""
    (event, *_) = scenario_hostile()
    data = to_ics([event], INFO)
    assert_wire(data)
    summary = f"{event.summary_zh} / {event.summary_en}"
    (parsed,) = parse_icalendar(data).walk("VEVENT")
    assert summary == str(parsed["SUMMARY"])
    assert str(parsed["DESCRIPTION"]) == HOSTILE_DESCRIPTION
    (vevent,) = parse_vobject(data).vevent_list
    assert vevent.description.value == HOSTILE_DESCRIPTION
    assert summary == vevent.summary.value
    (strict,) = parse_ical(data).events
    assert strict.description == HOSTILE_DESCRIPTION
    assert summary == strict.summary


def test_categories_never_contain_commas() -> None:
    """Commas inside a category are replaced, so every parser sees the same values."""
    (event, *_) = scenario_hostile()
    (strict,) = parse_ical(to_ics([event], INFO)).events
    assert strict.categories == ["CAC MPS", "网信办 公安部", "semi;colon", "back\\slash", "密码"]


def test_escapes_at_the_fold_boundary() -> None:
    """No escape pair or character is split wherever it falls around octet 75."""
    for text in boundary_descriptions():
        data = to_ics([all_day("k", 1, description=text, summary_en=text)], INFO)
        assert wire_problems(data) == []
        (parsed,) = parse_icalendar(data).walk("VEVENT")
        assert text == str(parsed["DESCRIPTION"])


def test_four_octet_characters_are_folded() -> None:
    """Short lines of 4-octet characters (CJK Extension B) are folded too, never split."""
    for count in range(10, 40):
        name = "𠀀𪚥" * count
        data = to_ics([all_day("k", 1, summary_zh=name[:count], summary_en="")], INFO)
        assert wire_problems(data) == []
        (parsed,) = parse_icalendar(data).walk("VEVENT")
        assert str(parsed["SUMMARY"]) == name[:count]


def test_wire_checks_catch_a_split_escape() -> None:
    """The wire check itself detects a fold between a backslash and its partner."""
    good = b"DESCRIPTION:a\\\\\r\n b\r\n"
    bad = b"DESCRIPTION:a\\\r\n ,b\r\n"
    assert wire_problems(good) == []
    assert wire_problems(bad) == ["line 1: a backslash escape pair is split by the fold"]


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\\;,\n:\"'密"),
    max_size=300,
)


@given(summary=TEXT.filter(str.strip), description=TEXT)
def test_any_text_round_trips(summary: str, description: str) -> None:
    """Any text keeps the wire rules and reads back exactly (summaries lose outer spaces)."""
    event = all_day("k", 1, summary_zh=summary, summary_en="", description=description)
    data = to_ics([event], INFO)
    assert wire_problems(data) == []
    (parsed,) = parse_icalendar(data).walk("VEVENT")
    assert description == str(parsed["DESCRIPTION"])
    assert summary.strip() == str(parsed["SUMMARY"])


def test_control_characters_and_carriage_returns() -> None:
    """CR LF becomes one newline; other control characters (not TAB) are dropped."""
    event = all_day("k", 1, description="a\r\nb\rc\x00d\x1be\tf\x7f")
    (parsed,) = parse_icalendar(to_ics([event], INFO)).walk("VEVENT")
    assert str(parsed["DESCRIPTION"]) == "a\nb\ncde\tf"


# --- determinism and identity ----------------------------------------------------------------------


def test_same_bytes_whatever_the_order() -> None:
    """Two builds of the same events, shuffled, give identical bytes."""
    events = scenario_mixed()
    shuffled = events[:]
    random.Random(20240801).shuffle(shuffled)
    assert shuffled != events
    assert to_ics(events, INFO) == to_ics(shuffled, INFO)
    assert to_ics(events, INFO) == to_ics(reversed(events), INFO)


def test_events_sorted_by_start_then_key() -> None:
    """Events come out by start (all-day before timed on the same day), then key."""
    day = datetime.date(2024, 8, 1)
    at_nine = datetime.datetime(2024, 8, 1, 9, tzinfo=SHANGHAI)
    events = [
        all_day("b", 2),
        all_day("z", 1, start=at_nine),
        all_day("c", 1, start=day),
        all_day("a", 1, start=day),
    ]
    calendar = parse_icalendar(to_ics(events, INFO))
    expected = [uid_for(key) for key in ("a", "c", "z", "b")]
    assert expected == [str(event["UID"]) for event in calendar.walk("VEVENT")]


def test_uid_survives_a_moved_date() -> None:
    """Moving an occurrence's date keeps its UID, so clients update the event in place."""
    before = all_day("crypto-assessment/2024#1", 1)
    after = attrs.evolve(before, start=datetime.date(2024, 9, 2), sequence=1)
    (old,) = parse_icalendar(to_ics([before], INFO)).walk("VEVENT")
    (new,) = parse_icalendar(to_ics([after], INFO)).walk("VEVENT")
    assert str(old["UID"]) == str(new["UID"]) == uid_for("crypto-assessment/2024#1")
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)


def test_duplicate_keys_are_refused() -> None:
    """Two events with one key raise ExportError naming the key."""
    events = [all_day("dup/2024#1", 1), all_day("other", 2), all_day("dup/2024#1", 3)]
    with pytest.raises(ExportError, match="'dup/2024#1' occurs twice"):
        to_ics(events, INFO)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime.datetime(2024, 8, 1, 9)}, "start 2024-08-01T09:00:00 has no time zone"),
        ({"alarm": datetime.datetime(2024, 8, 1, 9)}, "alarm .* has no time zone"),
        ({"end": datetime.datetime(2024, 8, 2, tzinfo=SHANGHAI)}, "an all-day event ends"),
        (
            {
                "start": datetime.datetime(2024, 8, 2, tzinfo=SHANGHAI),
                "end": datetime.datetime(2024, 8, 1, tzinfo=SHANGHAI),
            },
            "is before start",
        ),
        ({"summary_zh": " ", "summary_en": ""}, "no summary_zh nor summary_en"),
        ({"url": "https://example.invalid/a b"}, "percent-encode"),
        ({"sequence": -1}, "negative"),
    ],
)
def test_invalid_events_are_refused(changes: dict[str, object], message: str) -> None:
    """A bad value raises ExportError naming the event's key and what to do."""
    with pytest.raises(ExportError, match=message) as raised:
        to_ics([all_day("bad/2024#1", 1, **changes)], INFO)
    assert "'bad/2024#1'" in str(raised.value)


def test_invalid_feed_info_is_refused() -> None:
    """A naive revision, a non-positive refresh interval or a colour code raise ExportError."""
    events = scenario_all_day()
    with pytest.raises(ExportError, match=r"FeedInfo\.revision"):
        to_ics(events, attrs.evolve(INFO, revision=datetime.datetime(2024, 7, 1)))
    with pytest.raises(ExportError, match="refresh_interval"):
        to_ics(events, attrs.evolve(INFO, refresh_interval=datetime.timedelta(0)))
    with pytest.raises(ExportError, match="CSS3 colour name"):
        to_ics(events, attrs.evolve(INFO, color="#ff0000"))


def test_refresh_interval_is_a_duration() -> None:
    """Another refresh interval is written as an RFC 5545 duration in both properties."""
    info = attrs.evolve(INFO, refresh_interval=datetime.timedelta(days=1, minutes=30))
    lines = unfold(to_ics(scenario_all_day(), info))
    assert "REFRESH-INTERVAL;VALUE=DURATION:P1DT30M" in lines
    assert "X-PUBLISHED-TTL:P1DT30M" in lines


# --- writing files -----------------------------------------------------------------------------------


def test_write_ics_writes_the_same_bytes(tmp_path: Path) -> None:
    """write_ics writes exactly to_ics's bytes, returns their number and leaves no temporary file."""
    events = scenario_mixed()
    path = tmp_path / "feed.ics"
    size = write_ics(events, INFO, path)
    assert to_ics(events, INFO) == path.read_bytes()
    assert size == path.stat().st_size
    assert [path] == list(tmp_path.iterdir())


def test_write_ics_leaves_nothing_when_the_events_fail(tmp_path: Path) -> None:
    """An iterable that raises part-way leaves no file at all."""

    def events() -> Iterator[FeedEvent]:
        yield from scenario_all_day()
        raise RuntimeError("the schedule failed")

    with pytest.raises(RuntimeError, match="the schedule failed"):
        write_ics(events(), INFO, tmp_path / "feed.ics")
    assert list(tmp_path.iterdir()) == []


def test_write_ics_keeps_the_old_feed_when_an_event_is_bad(tmp_path: Path) -> None:
    """An event that cannot be written half-way through leaves the previous feed untouched."""
    path = tmp_path / "feed.ics"
    path.write_bytes(b"old feed")
    events = [all_day(f"k{n:04}", 1) for n in range(2000)]
    events[1500] = all_day("k1500", 1, alarm=datetime.datetime(2024, 8, 1))
    with pytest.raises(ExportError, match="'k1500'"):
        write_ics(events, INFO, path)
    assert path.read_bytes() == b"old feed"
    assert [path] == list(tmp_path.iterdir())


def test_write_ics_memory_does_not_hold_the_text(tmp_path: Path) -> None:
    """Streaming: the peak memory is a small fraction of the feed's size."""
    events = [all_day(f"k{n:05}", 1 + n % 28) for n in range(8_000)]
    tracemalloc.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FeedSizeWarning)
            size = write_ics(events, INFO, tmp_path / "feed.ics")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size / 10, (peak, size)


def test_size_warning(tmp_path: Path) -> None:
    """A feed over about 1 MB warns and says how to split it; a smaller one does not."""
    events = [all_day(f"k{n:05}", 1 + n % 28, description=LONG_ZH * 3) for n in range(2000)]
    with pytest.warns(FeedSizeWarning, match=r"over about 1 MB: split it with split_events"):
        size = write_ics(events, INFO, tmp_path / "big.ics")
    assert size > FEED_SIZE_LIMIT
    with pytest.warns(FeedSizeWarning, match="window"):
        to_ics(events, INFO)
    write_ics(events[:100], INFO, tmp_path / "small.ics")  # warnings are errors in the tests


# --- splitting ---------------------------------------------------------------------------------------


def test_split_events() -> None:
    """split_events groups by the given function, groups sorted, order kept inside each."""
    events = [all_day(f"k{n}", n, categories=(("CAC", "MPS")[n % 2],)) for n in range(1, 6)]
    groups = split_events(events, by=lambda event: event.categories[0])
    assert list(groups) == ["CAC", "MPS"]
    assert [event.key for event in groups["CAC"]] == ["k2", "k4"]
    assert [event.key for event in groups["MPS"]] == ["k1", "k3", "k5"]


def test_window() -> None:
    """window keeps events from start (inclusive) to end (exclusive), by Asia/Shanghai date."""
    late_utc = datetime.datetime(2024, 8, 9, 20, tzinfo=datetime.UTC)  # 2024-08-10 04:00 local
    events = [all_day("a", 1), all_day("b", 9), all_day("c", 1, start=late_utc)]
    kept = window(events, datetime.date(2024, 8, 2), datetime.date(2024, 8, 10))
    assert [event.key for event in kept] == ["b"]
    with pytest.raises(ExportError, match="swap"):
        window(events, datetime.date(2024, 8, 10), datetime.date(2024, 8, 2))
