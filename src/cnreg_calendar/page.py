"""The published page (``index.html``): what is due next, the feeds, each organisation's deadlines.

The page answers "what is due next" first: the deadlines of every organisation in the next
:data:`HORIZON_DAYS` days from ``today`` with the days left, the organisation and the marks, and
those of the last :data:`PAST_DAYS` days marked overdue.  Then the feeds to subscribe to (with a base
URL: ``webcal://`` and ``https://`` links; without one: download links only, and the page says so),
the marks, and one section per organisation (past rows marked).

It is one static file: no script, no external asset, one inline style sheet.  Tables turn into
stacked cards on narrow screens (no horizontal scrolling from 320 px on), and print one organisation
per page without the navigation.  Every Chinese and English passage carries its ``lang``; tables have
captions and header scopes; each link's text names its calendar; the marks are the feeds' labels
(【暂定】, 【推定】, 【草案】 …).  ``today`` is the only input that is not data: the same inputs and
``today`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

from cnreg_calendar.deadlines.marks import Mark
from cnreg_calendar.feeds import _NOT_OBLIGATION
from cnreg_calendar.jurisdiction import NATIONAL, region_name
from cnreg_calendar.periods import SHANGHAI

if TYPE_CHECKING:
    from cnreg_calendar.deadlines import Deadline, UndatedDuty
    from cnreg_calendar.profile import Profile

__all__ = ["HORIZON_DAYS", "PAST_DAYS", "TABLE_ROWS", "PageFeed", "render_page"]

#: The "due next" list covers this many days from today (today included).
HORIZON_DAYS = 90
#: Deadlines of this many days before today are listed as overdue.
PAST_DAYS = 30
#: At most this many deadlines of a profile are shown in its section (the feed has them all).
TABLE_ROWS = 200

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Runs of Chinese text (CJK ideographs, full-width punctuation and brackets) inside any text.
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_LATIN = re.compile(r"[A-Za-z]")
# Runs of ASCII words (with the spaces between them) inside Chinese text.
_ASCII_RUN = re.compile(r"[!-~]+(?: [!-~]+)*")
_WAS = ' class="was"'


class PageFeed(Protocol):
    """One written feed, as the page describes it (publish's record of a feed)."""

    @property
    def file(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def events(self) -> int: ...
    @property
    def size(self) -> int: ...
    @property
    def profile(self) -> Profile | None: ...
    @property
    def deadlines(self) -> tuple[Deadline, ...]: ...
    @property
    def undated(self) -> tuple[UndatedDuty, ...]: ...


@attrs.frozen
class _Mark:
    """A label as the feeds write it, with its explanation for the legend."""

    css: str
    zh: str
    en: str
    meaning_zh: str
    meaning_en: str


_PROVISIONAL = _Mark(
    "provisional",
    "暂定",
    "provisional",
    "依赖尚未公布的放假安排（估计）",
    "depends on a holiday arrangement not yet published (estimated)",
)
_ASSUMED = _Mark(
    "assumed",
    "推定",
    "assumed date",
    "基于推定（例如未记录完成日期）",
    "rests on an assumption, e.g. no completion date recorded",
)
_DRAFT = _Mark(
    "draft",
    "草案",
    "draft, not binding",
    "来自征求意见稿，不具约束力",
    "from a draft for comment: not binding",
)
_NATURES = {
    nature: _Mark("not-binding", zh, en, "不是义务", "not a duty")
    for nature, (zh, en) in _NOT_OBLIGATION.items()
}
_OVERDUE = _Mark(
    "overdue",
    "已逾期",
    "overdue",
    "日期已过：如尚未完成，请尽快处理",
    "the date has passed: act now unless it is done",
)
_PAST = _Mark("past", "已过", "past", "日期已过", "the date has passed")
_LEGEND = (_PROVISIONAL, _ASSUMED, _DRAFT, *_NATURES.values(), _OVERDUE, _PAST)

_STYLE = """
*,*::before,*::after{box-sizing:border-box}
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
max-width:72rem;margin:0 auto;padding:.5rem 1rem 2rem;line-height:1.5;color:#1a1a1a;background:#fff;
overflow-wrap:break-word}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
a{color:#0645ad}
a:visited{color:#5a2d82}
.meta{margin:0;color:#1a1a1a}
nav ul{list-style:none;margin:.25rem 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0;caption-side:top}
th,td{border:1px solid #8a8a8a;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#e8e8e8;color:#1a1a1a}
tbody th{font-weight:normal}
.num{text-align:right;white-space:nowrap}
.date,time{white-space:nowrap}
.left{font-weight:bold;white-space:nowrap}
.en{display:block}
.mark{display:inline-block;margin:0 .2rem .2rem 0;padding:0 .3rem;border-radius:.2rem;
font-weight:bold;color:#1a1a1a}
.provisional{background:#fff3c4}
.assumed{background:#dbe8ff}
.draft{background:#ffd9d9}
.not-binding{background:#e6e6e6}
.overdue{background:#8b0000;color:#fff}
.past{background:#e6e6e6}
tr.was td,tr.was th{color:#4d4d4d}
.advice{border-left:.3rem solid #b35900;padding:.25rem 1rem;background:#fff7ee;color:#1a1a1a}
.warn{color:#a00000;font-weight:bold}
.links a{display:inline-block;margin:0 0 .25rem}
code{font-size:.9em}
code,.links a{overflow-wrap:anywhere}
@media (max-width:40rem){
body{padding:.25rem .75rem 1.5rem}
nav li.org{display:none}
table.cards,table.cards caption,table.cards tbody,table.cards tr,table.cards th,table.cards td{display:block;width:auto}
table.cards thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.cards tr{border:1px solid #8a8a8a;border-radius:.3rem;margin:0 0 .6rem;padding:.3rem .6rem}
table.cards th,table.cards td{border:0;padding:.1rem 0}
table.cards td.num{text-align:left}
table.cards .date,table.cards .left,table.cards .num{white-space:normal}
table.cards [data-label]::before{content:attr(data-label) "：";font-weight:bold}
}
@media print{
nav,.links,.advice{display:none}
body{max-width:none;padding:0;font-size:10pt}
a{color:#1a1a1a;text-decoration:none}
section.org{break-before:page}
tr{break-inside:avoid}
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _zh(text: str) -> str:
    """A Chinese passage; Latin words inside it (Google, URL, --base-url) marked English."""
    inner, position = [], 0
    for match in _ASCII_RUN.finditer(text):
        if _LATIN.search(match.group()):
            inner += [_e(text[position : match.start()]), _en(match.group())]
            position = match.end()
    inner.append(_e(text[position:]))
    return f'<span lang="zh-CN">{"".join(inner)}</span>'


def _en(text: str) -> str:
    """An English passage; Chinese inside it (调休上班) marked Chinese."""
    inner, position = [], 0
    for match in _CJK.finditer(text):
        inner += [_e(text[position : match.start()]), _zh(match.group())]
        position = match.end()
    inner.append(_e(text[position:]))
    return f'<span lang="en">{"".join(inner)}</span>'


def _bi(zh: str, en: str, between: str = " ") -> str:
    """A Chinese passage and its English, each with its ``lang``."""
    return _zh(zh) + between + _en(en)


def _text(value: str) -> str:
    """Text of unknown language (names, titles from data): each Chinese run and each run with Latin
    letters in its own ``lang`` span; digits and punctuation alone stay as they are."""
    parts: list[str] = []
    position = 0
    for match in _CJK.finditer(value):
        parts.append(_latin(value[position : match.start()]))
        parts.append(_zh(match.group()))
        position = match.end()
    parts.append(_latin(value[position:]))
    return "".join(parts)


def _latin(value: str) -> str:
    if not _LATIN.search(value):
        return _e(value)
    stripped = value.strip()
    start = value.index(stripped[0])
    end = start + len(stripped)
    return _e(value[:start]) + _en(stripped) + _e(value[end:])


def _marks_of(deadline: Deadline) -> list[_Mark]:
    """The feed's labels of a deadline (feeds.deadline_event and ics: 暂定, 推定, 草案, nature)."""
    marks, found = [], deadline.marks  # Deadline.marks: the one truth the feeds read too
    if Mark.PROVISIONAL in found:
        marks.append(_PROVISIONAL)
    if Mark.ASSUMED in found:
        marks.append(_ASSUMED)
    if Mark.DRAFT in found:
        marks.append(_DRAFT)
    elif Mark.NOT_AN_OBLIGATION in found:
        marks.append(_NATURES[deadline.duty.nature])
    return marks


def _mark(mark: _Mark) -> str:
    return f'<span class="mark {mark.css}">{_zh(f"【{mark.zh}】")} {_en(mark.en)}</span>'


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'


def _when(deadline: Deadline) -> str:
    day = deadline.date
    text = (
        f'<time datetime="{day.isoformat()}">{day.isoformat()}</time> '
        f"{_bi(f'周{_WEEKDAYS_ZH[day.weekday()]}', _WEEKDAYS_EN[day.weekday()])}"
    )
    if deadline.time is not None:
        text += f" {deadline.time:%H:%M}"
    return text


def _left(days: int) -> str:
    if days == 0:
        return _bi("今天", "today")
    if days == 1:
        return _bi("明天", "tomorrow")
    if days > 0:
        return f"{days} {_bi('天', 'days')}"
    return f"{_zh(f'逾期 {-days} 天')} {_en(f'{-days} days ago')}"


def _duty(deadline: Deadline) -> str:
    duty = deadline.duty
    return f'{_text(duty.title_zh)}<span class="en">{_text(duty.title_en)}</span>'


def _label(zh: str, en: str) -> str:
    """A column's name for the ``data-label`` of its cells (shown before them as cards)."""
    return _e(f"{zh} {en}")


def _class(css: str) -> str:
    return f' class="{css}"' if css else ""


def _head(*columns: tuple[str, str, str]) -> str:
    cells = "".join(f'<th scope="col"{_class(css)}>{_bi(zh, en)}</th>' for zh, en, css in columns)
    return f"<thead><tr>{cells}</tr></thead>"


@attrs.frozen
class _Due:
    """A deadline with its organisation, for the list across organisations."""

    deadline: Deadline
    profile: Profile
    order: int


def _due_rows(items: Sequence[_Due], today: dt.date, past: bool) -> list[str]:
    rows = []
    for item in items:
        deadline = item.deadline
        days = (deadline.date - today).days
        marks = ([_OVERDUE] if past else []) + _marks_of(deadline)
        rows.append(
            f"<tr{_WAS if past else ''}>"
            f'<th scope="row" class="date" data-label="{_label("到期", "Due")}">'
            f"{_when(deadline)}</th>"
            f'<td class="left" data-label="{_label("剩余", "Left")}">{_left(days)}</td>'
            f'<td data-label="{_label("单位", "Organisation")}">'
            f'<a href="#{_e(item.profile.id)}">{_text(item.profile.name)}</a></td>'
            f'<td data-label="{_label("义务", "Duty")}">{_duty(deadline)}</td>'
            f'<td data-label="{_label("标记", "Marks")}">{" ".join(map(_mark, marks))}</td>'
            "</tr>"
        )
    return rows


def _table(caption: str, columns: Sequence[tuple[str, str, str]], rows: list[str]) -> list[str]:
    """A table that becomes stacked cards on narrow screens: caption, scoped headers, rows."""
    return [
        '<table class="cards">',
        f"<caption>{caption}</caption>",
        _head(*columns),
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]


_DUE_COLUMNS = (
    ("到期日", "Due", "date"),
    ("剩余", "Days left", ""),
    ("单位", "Organisation", ""),
    ("义务", "Duty", ""),
    ("标记", "Marks", ""),
)


def _due_table(
    items: Sequence[_Due], today: dt.date, caption: tuple[str, str], past: bool = False
) -> list[str]:
    return _table(_bi(*caption, "<br>"), _DUE_COLUMNS, _due_rows(items, today, past))


def _due_section(feeds: Sequence[PageFeed], today: dt.date) -> list[str]:
    """The deadlines of every organisation from ``today`` on, then those recently past."""
    items = [
        _Due(deadline, feed.profile, order)
        for order, feed in enumerate(feeds)
        if feed.profile is not None
        for deadline in feed.deadlines
    ]
    items.sort(key=lambda i: (i.deadline.date, i.deadline.time is not None, i.order))
    horizon = today + dt.timedelta(days=HORIZON_DAYS - 1)
    since = today - dt.timedelta(days=PAST_DAYS)
    coming = [i for i in items if today <= i.deadline.date <= horizon]
    later = [i for i in items if i.deadline.date > horizon]
    past = [i for i in items if since <= i.deadline.date < today]
    last = horizon.isoformat()
    parts = [
        '<section id="next" aria-labelledby="next-title">',
        f'<h2 id="next-title">{_bi("接下来到期", "Due next")}</h2>',
    ]
    if coming:
        zh = f"{today.isoformat()} 至 {last}（{HORIZON_DAYS} 天）到期，全部单位"
        en = f"Due from {today.isoformat()} to {last} ({HORIZON_DAYS} days), all organisations"
        parts += _due_table(coming, today, (zh, en))
    else:
        zh = f"{today.isoformat()} 起 {HORIZON_DAYS} 天内没有期限。"
        en = f"Nothing is due in the {HORIZON_DAYS} days from {today.isoformat()}."
        parts.append(f"<p>{_bi(zh, en)}</p>")
        if later:
            parts += _due_table(
                later[:1], today, ("之后的第一个期限", "The next deadline after that")
            )
    if past:
        zh = f"最近 {PAST_DAYS} 天已到期（如已完成可忽略）"
        en = f"Due in the last {PAST_DAYS} days (ignore what is done)"
        parts += _due_table(past, today, (zh, en), past=True)
    parts.append("</section>")
    return parts


def _size(size: int) -> str:
    text = f"{size / 1000:.1f} kB" if size >= 1000 else f"{size} B"
    return f"{_en(text)} ({size:,} {_en('bytes')})"


def _feed_title(feed: PageFeed) -> str:
    """The feed's title, each language marked: the organisation's, or the shared feed's name."""
    if feed.profile is not None:
        return f"{_text(feed.profile.name)} {_bi('合规期限', 'compliance deadlines')}"
    zh, _, en = feed.name.partition(" / ")
    return _bi(zh, en) if en else _text(zh)


def _links(feed: PageFeed, base: str | None) -> str:
    quoted = urllib.parse.quote(feed.file)
    title = _feed_title(feed)
    file = f"<code>{_e(feed.file)}</code>"
    links = []
    if base is not None:
        url = base + quoted
        webcal = "webcal://" + url.split("://", 1)[1]
        links.append(f'<a href="{_e(webcal)}">{_bi("订阅", "Subscribe to")} {title}</a>')
        links.append(f'<a href="{_e(url)}"><code>{_e(url)}</code></a>')
    links.append(
        f'<a href="{_e(quoted)}" download="{_e(feed.file)}">'
        f"{_bi('下载', 'Download')} {title} ({file})</a>"
    )
    return "<br>".join(links)


def _feeds_section(feeds: Sequence[PageFeed], base: str | None, size_limit: int) -> list[str]:
    if base is not None:
        how = _bi(
            "用“订阅”链接把日历添加到日历应用；也可以把 https 网址复制到日历应用的“通过 URL 订阅”。",
            "Use a Subscribe link to add a calendar to your calendar app, or copy its https "
            "address into the app's “subscribe by URL” (Google: Other calendars → From URL).",
            "<br>",
        )
    else:
        how = _bi(
            "此页面发布时没有指定网址（--base-url），所以没有订阅链接：下载后导入日历应用"
            "（导入的日历不会自动更新）。",
            "This page was published without its address (--base-url), so it offers no "
            "subscription links: download a calendar and import it (an import is not updated).",
            "<br>",
        )
    rows = []
    for feed in feeds:
        warn = ""
        if feed.size > size_limit:
            warn = '<br><span class="warn">' + _bi(
                "超过 1 MB：Google 日历可能不接受", "over 1 MB: Google Calendar may drop it"
            )
            warn += "</span>"
        title = _feed_title(feed)
        rows.append(
            "<tr>"
            f'<th scope="row" data-label="{_label("日历", "Calendar")}"><strong>{title}</strong>'
            f'<span class="en">{_text(feed.description)}</span></th>'
            f'<td class="num" data-label="{_label("事件", "Events")}">{feed.events}</td>'
            f'<td class="num" data-label="{_label("大小", "Size")}">{_size(feed.size)}{warn}</td>'
            f'<td class="links" data-label="{_label("链接", "Links")}">{_links(feed, base)}</td>'
            "</tr>"
        )
    return [
        '<section id="feeds" aria-labelledby="feeds-title">',
        f'<h2 id="feeds-title">{_bi("订阅日历", "Calendars to subscribe to")}</h2>',
        f"<p>{how}</p>",
        *_table(
            _bi("日历文件", "Calendar files", "<br>"),
            (
                ("日历", "Calendar", ""),
                ("事件", "Events", "num"),
                ("大小", "Size", "num"),
                ("链接", "Links", ""),
            ),
            rows,
        ),
        '<div class="advice">',
        "<p>"
        + _bi(
            "订阅的日历会忽略文件中内嵌的提醒（Google 日历忽略，Apple 日历默认删除，Outlook "
            "不可靠）。请在日历应用中为每个订阅的日历设置通知。",
            "Subscribed calendars ignore the alarms embedded in a feed (Google Calendar ignores "
            "them, Apple Calendar removes them by default, Outlook is unreliable): set "
            "notifications for each subscribed calendar in your calendar app.",
            "<br>",
        )
        + "</p>",
        "<p>"
        + _bi(
            "订阅每 12 小时左右更新（Google 日历可能需要一天）。",
            "Subscriptions refresh about every 12 hours (Google Calendar may take a day).",
            "<br>",
        )
        + "</p>",
        "</div>",
        "</section>",
    ]


def _legend() -> list[str]:
    items = "".join(
        f"<li>{_mark(mark)} {_bi(mark.meaning_zh, mark.meaning_en, ' / ')}</li>" for mark in _LEGEND
    )
    return [
        '<section id="marks" aria-labelledby="marks-title">',
        f'<h2 id="marks-title">{_bi("标记", "Marks")}</h2>',
        f"<ul>{items}</ul>",
        "</section>",
    ]


def _region(deadline: Deadline) -> str:
    """A local duty's jurisdiction, on its own line; nothing for a national one."""
    if deadline.jurisdiction == NATIONAL:
        return ""
    return f'<br><span class="region">{_text(region_name(deadline.jurisdiction))}</span>'


def _undated(undated: Sequence[UndatedDuty]) -> list[str]:
    """Duties that apply but have no date, each with why and the event to record."""
    if not undated:
        return []
    items = [
        f'<li class="undated">{_zh(u.duty.title_zh)} / {_en(u.duty.title_en)}: {_text(u.reason)}'
        + (
            f"; {_bi('需记录', 'record')} <code>{_e(', '.join(u.record))}</code>"
            if u.record
            else ""
        )
        + "</li>"
        for u in undated
    ]
    return [
        f"<p>{_bi('适用但无法确定日期的义务（记录所列事件即可确定日期）', 'Duties that apply but cannot be dated (record the event named to date them)')}:</p>",
        f"<ul>{''.join(items)}</ul>",
    ]


def _org_rows(deadlines: Sequence[Deadline], today: dt.date) -> list[str]:
    rows = []
    for deadline in deadlines[:TABLE_ROWS]:
        instrument = deadline.instrument
        source = instrument.short_name or instrument.title_zh or instrument.title_en
        was = deadline.date < today
        marks = ([_PAST] if was else []) + _marks_of(deadline)
        rows.append(
            f"<tr{_WAS if was else ''}>"
            f'<th scope="row" class="date" data-label="{_label("日期", "Date")}">'
            f"{_when(deadline)}</th>"
            f'<td data-label="{_label("义务", "Duty")}">{_duty(deadline)}</td>'
            f'<td data-label="{_label("依据", "Source")}">{_text(source)} '
            f"{_text(deadline.duty.article_on(deadline.date))}{_region(deadline)}</td>"
            f'<td data-label="{_label("标记", "Marks")}">{" ".join(map(_mark, marks))}</td>'
            "</tr>"
        )
    return rows


def _org_section(
    feed: PageFeed, profile: Profile, start: dt.date, end: dt.date, today: dt.date
) -> list[str]:
    name = _text(profile.name)
    link = (
        f'<a href="{_e(urllib.parse.quote(feed.file))}">{name} {_bi("的日历", "calendar")} '
        f"(<code>{_e(feed.file)}</code>)</a>"
    )
    parts = [
        f'<section class="org" id="{_e(profile.id)}" aria-labelledby="{_e(profile.id)}-title">',
        f'<h2 id="{_e(profile.id)}-title">{name}</h2>',
        f"<p>{_bi('角色', 'Roles')}: {_text(', '.join(profile.roles))}"
        f'<span class="links"> · {link}</span></p>',
    ]
    if not feed.deadlines:
        parts.append(
            f"<p>{_bi('此期间没有期限。', f'No deadlines from {start.isoformat()} to {end.isoformat()}.')}</p>"
        )
    else:
        caption = f"{name}<br>" + _bi(
            f"{start.isoformat()} 至 {end.isoformat()} 的期限",
            f"deadlines from {start.isoformat()} to {end.isoformat()}",
            "<br>",
        )
        parts += [
            *_table(
                caption,
                (
                    ("日期", "Date", "date"),
                    ("义务", "Duty", ""),
                    ("依据", "Instrument, article", ""),
                    ("标记", "Marks", ""),
                ),
                _org_rows(feed.deadlines, today),
            )
        ]
        more = len(feed.deadlines) - TABLE_ROWS
        if more > 0:
            parts.append(
                f"<p>{_bi(f'另有 {more} 项见日历文件。', f'{more} more deadlines are in the calendar file.')}</p>"
            )
    parts += _undated(feed.undated)
    parts.append("</section>")
    return parts


def beijing_today() -> dt.date:
    """Today's date in Beijing (the page's default "today")."""
    return dt.datetime.now(SHANGHAI).date()


def render_page(
    feeds: Sequence[PageFeed],
    *,
    start: dt.date,
    end: dt.date,
    revision: dt.datetime,
    base: str | None,
    today: dt.date | None = None,
    size_limit: int,
) -> str:
    """The page of a published folder, as text (UTF-8 when written).

    ``base`` is the folder's address (``https://…/``, ending in ``/``) or None (download links
    only); ``today`` (default: today in Beijing) decides what is due next, overdue and past;
    a feed over ``size_limit`` bytes is flagged.

    >>> page = render_page([], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
    ...                    revision=dt.datetime(2026, 11, 20), base=None,
    ...                    today=dt.date(2026, 12, 2), size_limit=1_000_000)
    >>> page.startswith("<!DOCTYPE html>"), 'lang="en"' in page, "<script" in page
    (True, True, False)
    """
    today = beijing_today() if today is None else today
    profiles = [feed for feed in feeds if feed.profile is not None]
    nav = "".join(
        f'<li class="org"><a href="#{_e(feed.profile.id)}">{_text(feed.profile.name)}</a></li>'
        for feed in profiles
        if feed.profile is not None
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>合规期限 / Compliance deadlines</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_bi('合规期限', 'Compliance deadlines')}</h1>",
        f'<p class="meta">{_bi("截至", "As of")} <time datetime="{today.isoformat()}">'
        f"{today.isoformat()}</time> · {_bi('期间', 'Period')} {_time(start)} – {_time(end)} · "
        f"{_bi('数据版本', 'Data revision')} {_time(revision.date())}</p>",
        f'<nav aria-label="目录 Contents"><ul><li><a href="#next">{_bi("接下来到期", "Due next")}</a></li>'
        f'<li><a href="#feeds">{_bi("订阅日历", "Calendars")}</a></li>'
        f'<li><a href="#marks">{_bi("标记", "Marks")}</a></li>{nav}</ul></nav>',
        "</header>",
        "<main>",
        *_due_section(feeds, today),
        *_feeds_section(feeds, base, size_limit),
        *_legend(),
    ]
    for feed in profiles:
        if feed.profile is not None:
            parts += _org_section(feed, feed.profile, start, end, today)
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)
