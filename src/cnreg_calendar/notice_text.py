"""Read the text of a State Council holiday notice (部分节假日安排的通知) into an overlay.

The notices since 2008 share one structure: a title naming the year, the reference (国办发明电
〔2025〕7号), one numbered item per festival (``一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
1月4日（周日）上班。``), and the date under the signature. :func:`parse_notice` reads that structure
(simplified or traditional characters, full- or half-width punctuation) and refuses, with a
:class:`~cnreg_calendar.errors.NoticeTextError` naming the line, any line it does not understand
and any item that contradicts itself or 全国年节及纪念日放假办法 (Arts. 2 and 6). Mid-year revisions
(the 2019 Labour Day change, the 2015 anniversary, the 2020 Spring Festival extension) parse as
revisions of their year.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

import attrs

from cnreg_calendar.errors import NoticeTextError
from cnreg_calendar.notice_clauses import read_clauses
from cnreg_calendar.statutory import FESTIVALS, SPECIAL_DAYS, statutory_days

__all__ = ["NoticeOverlay", "ParsedHoliday", "parse_notice"]

ONE = dt.timedelta(days=1)
_WEEKDAYS = "一二三四五六日"
_NUMERALS = "〇一二三四五六七八九"
# Traditional characters of the notices' vocabulary, each followed by its simplified form.
_PAIRS = (
    "國国務务辦办廳厅關关於于節节勞劳動动慶庆調调電电號号農农曆历歷历臘腊補补與与連连週周長长開开"
    "紀纪勝胜戰战爭争鼓鼓勵励區区級级屬属機机構构規规處处確确眾众過过進进後后單单發发體体費费運运"
    "輸输產产經经營营準准現现將将條条場场據据為为決决門门時时間间衛卫遊游傳传應应當当職职週周學学"
    "個个維维護护災灾難难員员暫暂議议會会統统濟济華华團团圍围極极協协"
)
_TRADITIONAL = str.maketrans(_PAIRS[0::2], _PAIRS[1::2])
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?")
_ITEM = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
_REFERENCE = re.compile(r"(国(?:办)?发明电)[〔\[(]?(\d{4})[〕\])]?(\d+)号")
_SIGNED = re.compile(r"^(?:国务院(?:办公厅)?)?(\d{4})年(\d{1,2})月(\d{1,2})日$")
_SIGNED_ZH = re.compile(
    r"^(?:国务院(?:办公厅)?)?([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]+)月([一二三四五六七八九十]+)日$"
)
_TITLE = re.compile(r"(国务院(?:办公厅)?关于.*?通知)")
_SKIP = re.compile(r"^(节假日期间|调休放假期间|劳动节期间|鼓励|通知要求|各省、自治区)")
_PREAMBLE = re.compile(r"^(经|根据|按照|据此|\d{4}年是)|通知如下|特作如下调休")
# A news agency's report of a notice (the 2008 one is kept only so): its dateline and 「通知指出……」.
_REPORT = re.compile(r"^(中新网|新华网)\d{1,2}月\d{1,2}日电|^通知指出")
# An item's festival without the colon (「三、清明节4月4日至6日放假」, 2009) or in quotes (「“五一”国际劳动节：」).
_BARE_NAME = re.compile(r"^((?:元旦|[\u4e00-\u9fff]{1,6}节)(?:、[\u4e00-\u9fff]{1,6}节)*)(\d.*)$")
_ALIASES = {"五一国际劳动节": "劳动节", "国际劳动节": "劳动节", "五一": "劳动节", "十一": "国庆节"}


@attrs.frozen
class ParsedHoliday:
    """One item of a notice: its festival(s), its rest period and its make-up working days."""

    name_zh: str
    first: dt.date
    last: dt.date
    working_days: tuple[dt.date, ...]
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen
class NoticeOverlay:
    """A notice as read from its text: what the overlay file (docs/holiday-overlays.md) declares.

    ``kind`` is ``"notice"`` for a year's arrangement, ``"revision"`` for a later change of it.
    """

    year: int
    title: str
    kind: str
    holidays: tuple[ParsedHoliday, ...]
    reference: str | None = None
    published: dt.date | None = None

    def to_toml(self, *, imported: dt.date | None = None, source: str | None = None) -> str:
        """The overlay file's text (format 1), the same bytes for the same notice.

        >>> print(parse_notice("国务院办公厅关于2027年部分节假日安排的通知\\n一、元旦：1月1日放假，与周末连休。",
        ...                    check_year=False).to_toml())  # doctest: +ELLIPSIS
        # Overlay read from the text of 国务院办公厅关于2027年部分节假日安排的通知 by cnreg-calendar notice import.
        format = 1
        <BLANKLINE>
        [[notice]]
        year = 2027
        title = "国务院办公厅关于2027年部分节假日安排的通知"
        <BLANKLINE>
        [[notice.holiday]]
        name_zh = "元旦"
        first = 2027-01-01
        last = 2027-01-03
        working_days = []
        <BLANKLINE>
        """
        lines = [
            f"# Overlay read from the text of {self.title} by cnreg-calendar notice import.",
        ]
        if source:
            lines.append(f"# source: {source}")
        if self.kind == "revision":
            lines.append(f"# A revision of {self.year}: merged into the year's published days.")
        lines += ["format = 1", "", "[[notice]]", f"year = {self.year}"]
        lines.append(f"title = {_quote(self.title)}")
        if self.reference:
            lines.append(f"reference = {_quote(self.reference)}")
        if self.published:
            lines.append(f"published = {self.published.isoformat()}")
        if imported:
            lines.append(f"imported = {imported.isoformat()}")
        for hol in self.holidays:
            days = ", ".join(d.isoformat() for d in hol.working_days)
            lines += [
                "",
                "[[notice.holiday]]",
                f"name_zh = {_quote(hol.name_zh)}",
                f"first = {hol.first.isoformat()}",
                f"last = {hol.last.isoformat()}",
                f"working_days = [{days}]",
            ]
        return "\n".join(lines) + "\n"


#: Weekday names for messages, by date.weekday() (not %A, which follows the process locale).
_ENGLISH_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _quote(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes, \\uXXXX for control characters).
    return json.dumps(text, ensure_ascii=False)


def normalize(text: str) -> str:
    """Half-width punctuation and simplified characters, as the parser reads them.

    >>> normalize("國務院辦公廳：１月１日（星期四）")
    '国务院办公厅:1月1日(星期四)'
    """
    return unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)


@attrs.define
class _Item:
    marker: str
    line: int
    source: str
    name: str
    body: list[str]


def parse_notice(text: str, *, check_year: bool = True) -> NoticeOverlay:
    """Read a State Council holiday notice's text into the overlay it amounts to.

    ``check_year=False`` skips the check that a yearly notice covers every statutory holiday of
    Art. 2 (for a fragment of a notice). Every other problem raises
    :class:`~cnreg_calendar.errors.NoticeTextError` with the line number.

    >>> notice = parse_notice('''国务院办公厅关于2026年部分节假日安排的通知
    ... 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。''', check_year=False)
    >>> notice.year, notice.holidays[0].first, notice.holidays[0].working_days
    (2026, datetime.date(2026, 1, 1), (datetime.date(2026, 1, 4),))
    """
    lines = text.splitlines()
    title_parts: list[str] = []
    reference: str | None = None
    published: dt.date | None = None
    items: list[_Item] = []
    special: list[tuple[int, str, str]] = []  # (line, source, body) of 「特作如下调休：…」
    year_hint: int | None = None  # the first year the preamble names
    stage = "header"
    for number, raw in enumerate(lines, start=1):
        line = re.sub(r"\s+", "", normalize(raw))
        if not line or raw.lstrip().startswith("#"):
            continue
        ref = _REFERENCE.search(line)
        if ref and line == ref.group(0):
            reference = f"{ref.group(1)}〔{ref.group(2)}〕{ref.group(3)}号"
            continue
        signed = _signature_date(line)
        if signed is not None:
            published, stage = signed, "signed"
            continue
        if re.fullmatch(r"国务院(办公厅)?", line):
            stage = "signed"
            continue
        item = _ITEM.match(line)
        if stage == "signed":
            raise _error(number, raw, "text after the signature that is not its date")
        if item:
            stage = "items"
            named = re.match(r"^([\u4e00-\u9fff、“”\"]{1,40}):(.*)$", item.group(2))
            named = named or _BARE_NAME.match(item.group(2))
            name, body = (
                (_festival(named.group(1)), named.group(2)) if named else ("", item.group(2))
            )
            if not name and not _DATE.search(body):
                continue  # an instruction of a revision (各地区、各部门要……): no days
            items.append(_Item(item.group(1), number, raw.strip(), name, [body] if body else []))
            continue
        if (
            stage == "items"
            and items
            and (not items[-1].body or _DATE.match(line) or line.startswith("其中"))
        ):
            items[-1].body.append(line)  # the item's text on its own line, or more make-up days
            continue
        if line.startswith("各省、自治区"):
            stage = "preamble"
            continue
        if stage == "header" and _REPORT.match(line):
            year_in = re.search(r"(\d{4})年", line)
            if year_in and year_hint is None:
                year_hint = int(year_in.group(1))
            continue
        if stage == "header":
            if "通知" in line or "关于" in line or re.fullmatch(r"[\u4e00-\u9fff0-9]+", line):
                title_parts.append(line)
                continue
            if re.match(r"^新华社.*电", line):
                title_parts.append(line)
                continue
        if _SKIP.match(line) or (stage != "items" and _PREAMBLE.search(line)):
            if "特作如下调休:" in line:
                special.append((number, raw.strip(), line.split("特作如下调休:", 1)[1]))
            year_in = re.search(r"(\d{4})年", line)
            if year_in and year_hint is None:
                year_hint = int(year_in.group(1))
            continue
        raise _error(number, raw, "not a part of a holiday notice this parser knows")
    title = _title(title_parts)
    if title is None and year_hint is not None:
        title = f"国务院办公厅关于{year_hint}年部分节假日安排的通知"
    if title is None:
        raise NoticeTextError(
            "notice text: no title or opening sentence names the year (国务院办公厅关于2027年部分"
            "节假日安排的通知, or 现将2027年……); paste the notice from its title on",
            line=0,
        )
    named_year = re.search(r"(\d{4})年", title)
    year = int(named_year.group(1)) if named_year else year_hint
    if year is None:
        raise NoticeTextError("notice text: neither the title nor the text names the year", line=0)
    kind = "revision" if re.search(r"调整|延长|纪念日", title) else "notice"
    fallback = _title_festival(title)
    holidays = [_parse_item(it, year, fallback) for it in items]
    for line_no, source, body in special:
        holidays.append(_parse_item(_Item("", line_no, source, fallback, [body]), year, fallback))
    if not holidays:
        raise NoticeTextError(
            "notice text: no numbered item (一、元旦：……) found; paste the whole notice", line=0
        )
    if kind == "notice" and check_year:
        _check_year(holidays, year)
    return NoticeOverlay(year, title, kind, tuple(holidays), reference, published)


def _festival(name: str) -> str:
    """The festival names of an item's heading, quotes dropped, 「“五一”国际劳动节」 as 劳动节."""
    return "、".join(_ALIASES.get(n, n) for n in re.sub(r"[“”\"]", "", name).split("、"))


def _is_festival_list(name: str) -> bool:
    return all(n in FESTIVALS or n in SPECIAL_DAYS for n in name.split("、"))


def _title(parts: list[str]) -> str | None:
    found = _TITLE.search("".join(parts))
    return found.group(1) if found else None


def _title_festival(title: str) -> str:
    """The festival a revision's title names (关于调整2019年劳动节假期安排的通知)."""
    for name in (*FESTIVALS, *SPECIAL_DAYS):
        if name in title:
            return name
    return ""


def _signature_date(line: str) -> dt.date | None:
    found = _SIGNED.match(line)
    if found:
        return _date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    found = _SIGNED_ZH.match(line)
    if found:
        year = int(
            "".join(str(_NUMERALS.index(c) if c in _NUMERALS else 0) for c in found.group(1))
        )
        return _date(year, _small(found.group(2)), _small(found.group(3)))
    return None


def _small(numeral: str) -> int:
    """十二 -> 12, 二十五 -> 25, 七 -> 7."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _NUMERALS.index(numeral)
    return (_NUMERALS.index(tens) if tens else 1) * 10 + (_NUMERALS.index(units) if units else 0)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _error(number: int, raw: str, why: str) -> NoticeTextError:
    return NoticeTextError(f"notice text line {number}: {why}: 「{raw.strip()}」", line=number)


@attrs.frozen
class _Day:
    day: dt.date
    weekday: str | None  # the 周X / 星期X the text gives, if any


def _dates(
    sentence: str, year: int, at: str, line: int, near: dt.date | None = None
) -> tuple[str, list[_Day]]:
    """The sentence with each date replaced by ``D``, and the dates (year and month carried on).

    A date without its year more than half a year from ``near`` (the item's rest period) is taken
    in the year next to it: 「2007年12月30日—2008年1月1日放假……其中，1月1日……12月30日（星期日）」.
    """
    found: list[_Day] = []
    last_year, last_month = year, 0

    def replace(match: re.Match[str]) -> str:
        nonlocal last_year, last_month
        y = int(match.group(1)) if match.group(1) else last_year
        if match.group(2):
            month = int(match.group(2))
        elif last_month:
            month = last_month
        else:
            raise NoticeTextError(f"{at}: 「{match.group(0)}」 has no month", line=line)
        if not match.group(1) and month < last_month:
            y += 1  # 「2026年12月26日（星期六）、1月9日（星期六）上班」: the list runs into the new year
        day = _date(y, month, int(match.group(3)))
        if (
            day is not None
            and near is not None
            and not match.group(1)
            and abs((day - near).days) > 183
        ):
            anchor = near
            options = (_date(y - 1, month, day.day) or day, _date(y + 1, month, day.day) or day)
            day = min(options, key=lambda d: abs((d - anchor).days))
            y = day.year
        if day is None:
            raise NoticeTextError(f"{at}: 「{match.group(0)}」 is not a date of {y}", line=line)
        note = match.group(4) or ""
        weekday = re.search(r"(?:星期|周)([一二三四五六日天])", note)
        found.append(_Day(day, weekday.group(1).replace("天", "日") if weekday else None))
        last_year, last_month = y, month
        return "D"

    return _DATE.sub(replace, sentence), found


def _parse_item(item: _Item, year: int, fallback: str) -> ParsedHoliday:
    name = item.name or fallback
    at = f"notice text line {item.line}, item {item.marker or '特作如下调休'} ({name or '?'})"
    if not name:
        raise NoticeTextError(
            f"{at}: the item names no festival: 「{item.source}」", line=item.line
        )
    body = "".join(item.body)
    first: dt.date | None = None
    last: dt.date | None = None
    working: list[dt.date] = []
    moved_out: list[dt.date] = []  # 公休日 moved (调至) out of the rest period: worked
    for sentence in [s for s in re.split(r"。", body) if s]:
        if sentence.startswith("鼓励"):
            continue  # encourages rest (安排职工在除夕休息) but makes no day off
        shape, days = _dates(sentence, year, at, item.line, first)
        for d in days:
            if d.weekday and _WEEKDAYS[d.day.weekday()] != d.weekday:
                raise NoticeTextError(
                    f"{at}: {d.day} is a 星期{_WEEKDAYS[d.day.weekday()]} "
                    f"({_ENGLISH_DAYS[d.day.weekday()]}), the text says 周{d.weekday}: "
                    f"「{item.source}」",
                    line=item.line,
                )
        period = _period(shape, [d.day for d in days], at, item)
        if period is not None:
            if first is not None:
                raise NoticeTextError(
                    f"{at}: two rest periods in one item: 「{item.source}」", line=item.line
                )
            first, last, make_up = period
            working += make_up
            continue
        if re.fullmatch(r"D(、D)*上班", shape):
            working += [d.day for d in days]
            continue
        if re.fullmatch(r"其中D放假,D调休,D上班", shape):
            working.append(days[-1].day)
            continue
        if shape.startswith("D") and "起正常上班" in shape and days:
            continue
        clauses = None
        if first is not None and last is not None:  # 其中…… (the notices up to 2009)
            clauses = read_clauses(shape, [d.day for d in days], first, last, at, item.line)
        if clauses is not None:
            working += clauses.working
            moved_out += clauses.moved_out
            continue
        raise NoticeTextError(
            f"{at}: 「{sentence}。」 is not a wording this parser knows "
            "(X月X日至X日放假调休，共N天。X月X日（星期X）上班。)",
            line=item.line,
        )
    if first is None or last is None:
        raise NoticeTextError(
            f"{at}: the item gives no rest period (放假): 「{item.source}」", line=item.line
        )
    unsaid = [d for d in moved_out if working and d not in working]
    if unsaid:
        raise NoticeTextError(
            f"{at}: the 公休日 {unsaid[0]} is moved (调至) out of the rest period, but the "
            "item's 上班 days do not name it",
            line=item.line,
        )
    working += moved_out
    for day in working:
        if day.weekday() < 5:
            raise NoticeTextError(
                f"{at}: make-up working day {day} is a 星期{_WEEKDAYS[day.weekday()]}, not a "
                "weekend day: only a Saturday or Sunday can become a working day (调休上班)",
                line=item.line,
            )
        if first <= day <= last:
            raise NoticeTextError(
                f"{at}: make-up working day {day} lies inside the rest period", line=item.line
            )
    for festival in name.split("、"):
        # 全国年节及纪念日放假办法 Art. 2: the rest period holds the festival's statutory days.
        days_due = statutory_days(festival, year)
        if days_due is None:
            raise NoticeTextError(
                f"{at}: {festival} is not a holiday of 全国年节及纪念日放假办法 Art. 2 in {year}",
                line=item.line,
            )
        missing = [d for d in days_due if not first <= d <= last]
        if missing:
            raise NoticeTextError(
                f"{at}: the rest period {first}..{last} misses the statutory holiday "
                f"{', '.join(map(str, missing))} of {festival} (全国年节及纪念日放假办法 Art. 2)",
                line=item.line,
            )
    return ParsedHoliday(name, first, last, tuple(sorted(set(working))), item.line)


def _period(
    shape: str, days: list[dt.date], at: str, item: _Item
) -> tuple[dt.date, dt.date, list[dt.date]] | None:
    """The rest period a sentence declares, or None when it declares none."""
    ranged = re.fullmatch(
        r"D(?:至|—|-|~)D(?:放假调休|放假公休|调休放假|放假)(?:,共(\d+)天|(\d+)天)?", shape
    )
    if ranged:
        first, last = days
        if last < first:
            raise NoticeTextError(
                f"{at}: the range ends ({last}) before it starts ({first})", line=item.line
            )
        _count(ranged.group(1) or ranged.group(2), first, last, at, item)
        return first, last, []
    single = re.fullmatch(r"D(?:放假|调休放假)(?:(\d+)天)?(?:,不调休|,共(\d+)天)?", shape)
    if single:
        _count(single.group(1) or single.group(2), days[0], days[0], at, item)
        return days[0], days[0], []
    weekend = re.fullmatch(r"D放假,与周末连休", shape)
    if weekend:
        day = days[0]
        if day.weekday() == 4:
            return day, day + 2 * ONE, []
        if day.weekday() == 0:
            return day - 2 * ONE, day, []
        raise NoticeTextError(
            f"{at}: {day} is a 星期{_WEEKDAYS[day.weekday()]}: 「与周末连休」 needs a Friday or Monday",
            line=item.line,
        )
    swapped = re.fullmatch(r"D放假,D补休", shape)
    if swapped:
        day, extra = days
        if extra.weekday() >= 5 or not 0 < (extra - day).days <= 3:
            raise NoticeTextError(
                f"{at}: the 补休 day {extra} must be a working day just after {day} "
                "(全国年节及纪念日放假办法 Art. 6)",
                line=item.line,
            )
        return day, extra, []
    extended = re.fullmatch(r"延长\d{4}年春节假期至D,D起正常上班", shape)
    if extended:
        end, back = days
        if back != end + ONE and not all(
            (end + n * ONE).weekday() >= 5 for n in range(1, (back - end).days)
        ):
            raise NoticeTextError(f"{at}: work resumes on {back}, not after {end}", line=item.line)
        start = min(statutory_days("春节", end.year) or (end,))
        return start, end, []
    return None


def _count(count: str | None, first: dt.date, last: dt.date, at: str, item: _Item) -> None:
    if count is not None and int(count) != (last - first).days + 1:
        raise NoticeTextError(
            f"{at}: 共{count}天 does not match {first}..{last}, which is "
            f"{(last - first).days + 1} day(s): 「{item.source}」",
            line=item.line,
        )


def _check_year(holidays: list[ParsedHoliday], year: int) -> None:
    """A yearly notice gives every statutory holiday of Art. 2 a rest period (11 days; 13 from 2025)."""
    for festival in FESTIVALS:
        for day in statutory_days(festival, year) or ():
            if not any(h.first <= day <= h.last for h in holidays):
                raise NoticeTextError(
                    f"notice text: no item's rest period holds {day}, a statutory holiday of "
                    f"{festival} in {year} (全国年节及纪念日放假办法 Art. 2); check the items",
                    line=0,
                )
