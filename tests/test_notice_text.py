"""The notice-text parser: every published notice round-trips, every refusal case is refused.

Golden data: the notices' texts in tests/data/notices/ (each with the address it was read from) and
their references and dates in tests/data/notices/index.toml; the built-in calendar is compared day
by day with what each text says.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from notice_render import FULL_WIDTH, TRADITIONAL, Item, render

from cnreg_calendar import NoticeTextError, ScheduleNotPublished, china_calendar, parse_notice
from cnreg_calendar.notice_text import NoticeOverlay
from cnreg_calendar.statutory import FESTIVALS, statutory_days

D = dt.date
ONE = dt.timedelta(days=1)
NOTICES = Path(__file__).parent / "data" / "notices"
INDEX = tomllib.loads((NOTICES / "index.toml").read_text("utf-8"))["notice"]
TEXTS = {entry["text"]: entry for entry in INDEX if "text" in entry}


def parsed_by_year() -> dict[int, list[NoticeOverlay]]:
    found: dict[int, list[NoticeOverlay]] = {}
    for name in sorted(TEXTS):
        notice = parse_notice((NOTICES / name).read_text("utf-8"))
        found.setdefault(notice.year, []).append(notice)
    for notices in found.values():
        notices.sort(key=lambda n: n.kind != "notice")  # the notice, then its revisions in order
    return found


PARSED = parsed_by_year()


def working_per_texts(day: dt.date) -> bool:
    """Whether ``day`` is a working day by the texts alone: its year's notice and revisions, and
    the next year's notice (which can reach back into late December)."""
    working = day.weekday() < 5
    for year in (day.year, day.year + 1):
        for notice in PARSED.get(year, []):
            for hol in notice.holidays:
                if hol.first <= day <= hol.last:
                    working = False
                if day in hol.working_days:
                    working = True
    return working


def test_every_kept_text_is_indexed_and_the_files_exist() -> None:
    kept = {p.name for p in NOTICES.glob("*.txt")}
    assert kept == set(TEXTS)
    for name in kept:
        first = (NOTICES / name).read_text("utf-8").splitlines()[0]
        assert first.startswith("# source: http"), name
        assert first.removeprefix("# source: ") == TEXTS[name]["source"]
    assert [e["year"] for e in INDEX if e["kind"] == "notice"] == list(range(2001, 2027))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_reference_and_signature_date_as_the_index_records(name: str) -> None:
    notice = parse_notice((NOTICES / name).read_text("utf-8"))
    entry = TEXTS[name]
    assert notice.year == entry["year"]
    assert notice.kind == entry["kind"]
    assert notice.published == entry.get(
        "signed"
    )  # None where no source gives the date (2008, 2009)
    text = (NOTICES / name).read_text("utf-8")
    if "reference" not in entry:
        assert notice.reference is None
    elif entry["reference"] in text or entry["reference"] in text.replace(
        "國辦發明電", "国办发明电"
    ):
        assert notice.reference == entry["reference"]


@pytest.mark.parametrize("year", sorted(PARSED))
def test_every_notice_round_trips_to_the_built_in_calendar(year: int) -> None:
    cal = china_calendar()
    day, checked = D(year, 1, 1), 0
    while day.year == year:
        try:
            builtin = cal.is_working_day(day)
        except ScheduleNotPublished:  # late December of the last published year: not settled
            break
        assert builtin == working_per_texts(day), f"{day}: built-in {builtin}"
        day, checked = day + ONE, checked + 1
    assert checked >= 358


def test_round_trip_covers_the_notices_and_the_revisions() -> None:
    assert sorted(PARSED) == list(range(2008, 2027))
    revisions = {y: [n.reference for n in ns if n.kind == "revision"] for y, ns in PARSED.items()}
    assert revisions[2015] == ["国发明电〔2015〕1号"]
    assert revisions[2019] == ["国办发明电〔2019〕3号"]
    extension = PARSED[2020][1].holidays[0]
    assert (extension.name_zh, extension.last) == ("春节", D(2020, 2, 2))


def test_the_2025_notice_item_by_item() -> None:
    notice = parse_notice((NOTICES / "2025.txt").read_text("utf-8"))
    got = [(h.name_zh, h.first, h.last, h.working_days) for h in notice.holidays]
    assert got == [
        ("元旦", D(2025, 1, 1), D(2025, 1, 1), ()),
        ("春节", D(2025, 1, 28), D(2025, 2, 4), (D(2025, 1, 26), D(2025, 2, 8))),
        ("清明节", D(2025, 4, 4), D(2025, 4, 6), ()),
        ("劳动节", D(2025, 5, 1), D(2025, 5, 5), (D(2025, 4, 27),)),
        ("端午节", D(2025, 5, 31), D(2025, 6, 2), ()),
        ("国庆节、中秋节", D(2025, 10, 1), D(2025, 10, 8), (D(2025, 9, 28), D(2025, 10, 11))),
    ]


def test_the_2008_and_2009_notices_in_their_own_wording() -> None:
    """The days as items 1-7 of the 2008 notice and 1-6 of the 2009 one state them (其中 …… 调至 …… 上班)."""
    notice = parse_notice((NOTICES / "2008.txt").read_text("utf-8"))
    got = [(h.name_zh, h.first, h.last, h.working_days) for h in notice.holidays]
    assert got == [
        ("元旦", D(2007, 12, 30), D(2008, 1, 1), (D(2007, 12, 29),)),
        ("春节", D(2008, 2, 6), D(2008, 2, 12), (D(2008, 2, 2), D(2008, 2, 3))),
        ("清明节", D(2008, 4, 4), D(2008, 4, 6), ()),
        ("劳动节", D(2008, 5, 1), D(2008, 5, 3), (D(2008, 5, 4),)),
        ("端午节", D(2008, 6, 7), D(2008, 6, 9), ()),
        ("中秋节", D(2008, 9, 13), D(2008, 9, 15), ()),
        # item 7 names no 上班 day: the two 公休日 moved (调至) out of the period are worked
        ("国庆节", D(2008, 9, 29), D(2008, 10, 5), (D(2008, 9, 27), D(2008, 9, 28))),
    ]
    assert notice.title == "国务院办公厅关于2008年部分节假日安排的通知"  # from the report's year
    notice = parse_notice((NOTICES / "2009.txt").read_text("utf-8"))
    got = [(h.name_zh, h.first, h.last, h.working_days) for h in notice.holidays]
    assert got == [
        ("元旦", D(2009, 1, 1), D(2009, 1, 3), (D(2009, 1, 4),)),
        ("春节", D(2009, 1, 25), D(2009, 1, 31), (D(2009, 1, 24), D(2009, 2, 1))),
        ("清明节", D(2009, 4, 4), D(2009, 4, 6), ()),
        ("劳动节", D(2009, 5, 1), D(2009, 5, 3), ()),
        ("端午节", D(2009, 5, 28), D(2009, 5, 30), (D(2009, 5, 31),)),
        ("国庆节、中秋节", D(2009, 10, 1), D(2009, 10, 8), (D(2009, 9, 27), D(2009, 10, 10))),
    ]


def test_variants_of_the_wording() -> None:
    by_name = {
        h.name_zh: h for h in parse_notice((NOTICES / "2024.txt").read_text("utf-8")).holidays
    }
    assert (by_name["元旦"].first, by_name["元旦"].last) == (
        D(2023, 12, 30),
        D(2024, 1, 1),
    )  # 与周末连休
    assert by_name["春节"].first == D(2024, 2, 10)  # 鼓励……除夕（2月9日）休息 makes no day off
    swap = {h.name_zh: h for h in parse_notice((NOTICES / "2017.txt").read_text("utf-8")).holidays}
    assert (swap["元旦"].first, swap["元旦"].last) == (D(2017, 1, 1), D(2017, 1, 2))  # 补休
    across = {
        h.name_zh: h for h in parse_notice((NOTICES / "2010.txt").read_text("utf-8")).holidays
    }
    assert across["中秋节"].working_days == (D(2010, 9, 19), D(2010, 9, 25))  # 「、25日」


def _notice(*items: str, year: int = 2027, check_year: bool = False) -> NoticeOverlay:
    head = f"国务院办公厅关于{year}年部分节假日安排的通知\n各省、自治区、直辖市人民政府:\n"
    return parse_notice(head + "\n".join(items), check_year=check_year)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("一、元旦:1月1日(周六)至3日(周日)放假调休,共3天。", "2027-01-01 is a 星期五"),
        ("一、元旦:1月1日至3日放假调休,共4天。", "共4天 does not match 2027-01-01..2027-01-03"),
        (
            "一、元旦:1月1日至3日放假调休,共3天。1月6日(星期三)上班。",
            "is a 星期三, not a weekend day",
        ),
        (
            "二、春节:2月6日至12日放假调休,共7天。",
            "misses the statutory holiday 2027-02-05 of 春节",
        ),
        ("四、劳动节:5月1日放假。", "misses the statutory holiday 2027-05-02"),
        ("五、端午节:6月9日放假,与周末连休。", "「与周末连休」 needs a Friday or Monday"),
        (
            "一、元旦:1月1日至3日放假调休,共3天。2月30日(星期六)上班。",
            "「2月30日(星期六)」 is not a date",
        ),
        ("一、植树节:3月12日放假。", "植树节 is not a holiday"),
        (
            "一、元旦:1月1日放假,1月6日(星期三)补休。",
            "补休 day 2027-01-06 must be a working day just after",
        ),
        ("一、元旦:1月1日放假若干天。", "is not a wording this parser knows"),
        # the wording up to 2009: 其中…… clauses checked against the rest period
        (
            "一、元旦:1月1日至3日放假,共3天。其中,1月4日(星期一)为法定节假日。",
            "the statutory holiday 2027-01-04 lies outside the rest period",
        ),
        (
            "一、元旦:1月1日至3日放假,共3天。其中,1月1日(星期五)照常公休。",
            "2027-01-01 (星期五) is called a 公休日",
        ),
        (
            "一、元旦:1月1日至3日放假,共3天。其中,1月6日(星期三)公休日调至1月1日(星期五)。",
            "2027-01-06 (星期三) is moved (调至) as a 公休日, but is not a Saturday or Sunday",
        ),
        (
            "一、元旦:1月1日至3日放假,共3天。其中,1月9日(星期六)公休日调至1月3日(星期日)。",
            "moved (调至) to 2027-01-03 (星期日), which is not a weekday inside",
        ),
        (
            "二、春节:2月5日—11日放假,共7天。其中,将1月30日(星期六)、1月31日(星期日)两个公休日"
            "调至2月10日(星期三)、2月11日(星期四),1月30日(星期六)上班。",
            "the 公休日 2027-01-31 is moved (调至) out of the rest period, but the item's 上班",
        ),
        (
            "一、元旦:1月1日至3日放假,共3天。其中,1月2日(星期六)为休息日。",
            "is not a wording this parser knows",
        ),
        ("一、元旦:1月1日—4日放假3天。", "共3天 does not match 2027-01-01..2027-01-04"),
    ],
)
def test_refusals_name_the_item_and_why(item: str, expected: str) -> None:
    with pytest.raises(NoticeTextError) as caught:
        _notice(item)
    assert expected in str(caught.value)
    assert "line 3" in str(caught.value)
    assert caught.value.line == 3


def test_unknown_line_is_quoted_with_its_number() -> None:
    with pytest.raises(NoticeTextError) as caught:
        _notice("一、元旦:1月1日至3日放假调休,共3天。", "本通知自发布之日起施行,另有规定的除外。")
    assert str(caught.value) == (
        "notice text line 4: not a part of a holiday notice this parser knows: "
        "「本通知自发布之日起施行,另有规定的除外。」"
    )


def test_a_yearly_notice_must_give_every_statutory_holiday() -> None:
    text = (
        (NOTICES / "2026.txt")
        .read_text("utf-8")
        .replace("五、端午节:6月19日(周五)至21日(周日)放假,共3天。\n", "")
    )
    with pytest.raises(NoticeTextError, match=r"2026-06-19, a statutory holiday of 端午节 in 2026"):
        parse_notice(text)


def test_no_title_no_items() -> None:
    with pytest.raises(NoticeTextError, match="no title or opening sentence names the year"):
        parse_notice("一、元旦:1月1日放假。")
    with pytest.raises(NoticeTextError, match="no numbered item"):
        parse_notice("国务院办公厅关于2027年部分节假日安排的通知\n")


def test_traditional_characters_and_full_width_punctuation_parse_the_same() -> None:
    text = (NOTICES / "2026.txt").read_text("utf-8")
    plain = parse_notice(text)
    assert parse_notice(text.translate(FULL_WIDTH)) == plain
    assert parse_notice(text.translate(TRADITIONAL).translate(FULL_WIDTH)) == plain


def test_overlay_toml_is_read_by_the_calendar_for_a_new_year(tmp_path: Path) -> None:
    items = [
        Item("元旦", D(2027, 1, 1), D(2027, 1, 3), ()),
        Item("春节", D(2027, 2, 5), D(2027, 2, 12), (D(2027, 1, 31), D(2027, 2, 20))),
        Item("清明节", D(2027, 4, 3), D(2027, 4, 5), ()),
        Item("劳动节", D(2027, 5, 1), D(2027, 5, 5), (D(2027, 4, 25),)),
        Item("端午节", D(2027, 6, 9), D(2027, 6, 9), ()),
        Item("中秋节", D(2027, 9, 15), D(2027, 9, 15), ()),
        Item("国庆节", D(2027, 10, 1), D(2027, 10, 7), (D(2027, 9, 26), D(2027, 10, 9))),
    ]  # a FICTIONAL 2027 arrangement
    overlay = tmp_path / "2027.toml"
    overlay.write_text(parse_notice(render(2027, items, {})).to_toml(), "utf-8")
    cal = china_calendar(overlays=[overlay])
    day = D(2027, 1, 1)
    while day <= D(2027, 12, 24):
        off = any(i.first <= day <= i.last for i in items)
        work = any(day in i.work for i in items)
        assert cal.is_working_day(day) == (work or (day.weekday() < 5 and not off)), day
        day += ONE
    assert not cal.is_provisional(D(2027, 6, 9))


@st.composite
def arrangements(draw: st.DrawFn) -> tuple[int, list[Item]]:
    year = draw(st.integers(2025, 2080))
    spans = []
    for festival in FESTIVALS:
        days = statutory_days(festival, year) or ()
        before, after = draw(st.integers(0, 2)), draw(st.integers(0, 2))
        spans.append([festival, min(days) - before * ONE, max(days) + after * ONE])
    spans.sort(key=lambda s: s[1])
    merged: list[list[object]] = []
    for span in spans:
        if merged and span[1] <= merged[-1][2] + ONE:  # type: ignore[operator]
            merged[-1][0] = f"{merged[-1][0]}、{span[0]}"
            merged[-1][2] = max(merged[-1][2], span[2])  # type: ignore[type-var]
        else:
            merged.append(span)
    rest = {s[1] + n * ONE for s in merged for n in range((s[2] - s[1]).days + 1)}  # type: ignore[operator]
    used: set[dt.date] = set()
    items = []
    for name, first, last in merged:
        work = []
        for _ in range(draw(st.integers(0, 2))):
            near = draw(
                st.sampled_from(
                    [first - k * ONE for k in range(1, 13)] + [last + k * ONE for k in range(1, 13)]
                )
            )  # type: ignore[operator]
            if near.weekday() >= 5 and near not in rest and near not in used:
                used.add(near)
                work.append(near)
        items.append(Item(str(name), first, last, tuple(sorted(work))))  # type: ignore[arg-type]
    return year, items


@settings(max_examples=150, deadline=None)
@given(
    arrangements(),
    st.fixed_dictionaries(
        {
            "week": st.sampled_from(["星期", "周"]),
            "noted": st.booleans(),
            "swap": st.booleans(),
            "full_width": st.booleans(),
            "traditional": st.booleans(),
        }
    ),
)
def test_rendered_arrangements_parse_back(
    arrangement: tuple[int, list[Item]], style: dict[str, object]
) -> None:
    year, items = arrangement
    notice = parse_notice(render(year, items, style))
    assert notice.year == year
    assert notice.reference == f"国办发明电〔{year - 1}〕9号"
    got = [(h.name_zh, h.first, h.last, h.working_days) for h in notice.holidays]
    assert got == [(i.name, i.first, i.last, i.work) for i in items]


def test_a_list_of_make_up_days_runs_into_the_new_year() -> None:
    notice = _notice(
        "一、元旦:2026年12月31日至2027年1月2日放假调休,共3天。2026年12月26日(星期六)、1月9日(星期六)上班。"
    )
    assert notice.holidays[0].working_days == (D(2026, 12, 26), D(2027, 1, 9))
