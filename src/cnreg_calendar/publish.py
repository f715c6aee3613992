"""A folder of calendar feeds and the page that offers them: profiles → ``.ics`` + ``index.html``.

:func:`publish` writes one feed per organisation profile, the regulatory-watch feed, the feed of
days off and make-up working days, and a static ``index.html`` that lists them with their sizes and
subscription links and shows each profile's deadlines in a table.  Nothing reads the clock: the
revision shown and written into the feeds is the data's (:func:`~cnreg_calendar.feeds.revision_of`),
so the same inputs give a byte-identical folder.

The files are built in a temporary folder beside ``out_dir`` and only then moved into it, one
atomic rename each: a failure leaves the previous files as they were.  Other files in ``out_dir``
are never touched.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import tempfile
import urllib.parse
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from cnreg_calendar.deadlines import Deadline, Mark, UndatedDuty, schedule
from cnreg_calendar.deadlines import watch as watch_items
from cnreg_calendar.errors import ExportError
from cnreg_calendar.feeds import (
    FeedItem,
    check_alarm_lead,
    revision_of,
    workday_events,
    write_feed,
)
from cnreg_calendar.ics import FEED_SIZE_LIMIT, FeedSizeWarning
from cnreg_calendar.jurisdiction import NATIONAL, region_name
from cnreg_calendar.profile import Profile, load_profile
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

if TYPE_CHECKING:
    from cnreg_calendar.model import Catalog

__all__ = ["INDEX", "TABLE_ROWS", "WATCH", "WORKDAYS", "publish"]

#: File names of the shared feeds and of the page; a profile id may not take them.
WATCH = "watch.ics"
WORKDAYS = "workdays.ics"
INDEX = "index.html"
#: At most this many deadlines of a profile are shown on the page (the feed has them all).
TABLE_ROWS = 200

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_RESERVED = {Path(WATCH).stem, Path(WORKDAYS).stem}
_WEEKDAYS_ZH = "一二三四五六日"


@attrs.frozen
class _Feed:
    """One written feed, as the page describes it."""

    file: str
    name: str
    description: str
    events: int
    size: int
    profile: Profile | None = None
    deadlines: tuple[Deadline, ...] = ()
    undated: tuple[UndatedDuty, ...] = ()


def publish(
    profiles: Sequence[str | Path],
    out_dir: str | Path,
    *,
    start: dt.date,
    end: dt.date,
    catalog: Catalog | None = None,
    calendar: ChinaCalendar | None = None,
    watch: bool = True,
    workday_years: Sequence[int] = (),
    alarm_working_days: int | None = None,
    base_url: str | None = None,
) -> list[Path]:
    """Write the feeds of ``profiles`` and an ``index.html`` into ``out_dir``; return the paths.

    One ``<profile id>.ics`` per profile (its deadlines in ``[start, end]``), ``watch.ics`` (the
    catalog's milestones, unless ``watch=False``), ``workdays.ics`` (days off and make-up days of
    ``workday_years``, by default ``start.year`` to ``end.year``) and ``index.html``.  With
    ``base_url`` (where the folder will be served, ``https://…/``) the page offers ``webcal://``
    subscription links.  ``calendar`` defaults to each profile's own (strict or provisional).

    A feed over about 1 MB gives a :class:`~cnreg_calendar.ics.FeedSizeWarning`.  Errors (an
    unknown role in a profile, two profiles with one id …) raise a
    :class:`~cnreg_calendar.errors.CnregCalendarError` and leave ``out_dir`` as it was.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     profile = pathlib.Path(folder, "demo.toml")
    ...     _ = profile.write_text('name = "Demo Co."\\nroles = ["ciio"]\\n'
    ...                            '[events]\\ncii-system-go-live = 2023-08-01\\n', "utf-8")
    ...     paths = publish([profile], pathlib.Path(folder, "site"),
    ...                     start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    ...     [p.name for p in paths]
    ['demo-co.ics', 'watch.ics', 'workdays.ics', 'index.html']
    """
    if end < start:
        raise ExportError(
            f"publish: end {end.isoformat()} is before start {start.isoformat()}; swap them"
        )
    check_alarm_lead(alarm_working_days)
    base = _base_url(base_url)
    if catalog is None:
        from cnreg_calendar.catalog import load_catalog

        catalog = load_catalog()
    loaded = _load_profiles(profiles, catalog)
    shared = calendar or china_calendar(provisional=True)
    revision = revision_of(catalog, shared)
    years = sorted(set(workday_years or range(start.year, end.year + 1)))

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"publish: {out} exists and is not a folder; pass a folder to write to")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # Beside the real folder (out_dir may be a link), so that each move is a rename.
        beside = out.resolve().parent
        building = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=beside))
    except OSError as error:
        raise ExportError(f"publish: cannot create a folder beside {out} ({error})") from None
    job = _Job(out, building, start, end, catalog, revision, alarm_working_days)
    try:
        feeds: list[_Feed] = []
        for profile in loaded:  # a loop, not a comprehension: the warnings' stacklevel counts
            feeds.append(_profile_feed(job, profile, calendar))
        if watch:
            feeds.append(_watch_feed(job))
        feeds.append(_workdays_feed(job, shared, years))
        page = _page(feeds, start=start, end=end, revision=revision, base=base)
        (building / INDEX).write_bytes(page.encode("utf-8"))
        return _move_into(building, out, [feed.file for feed in feeds] + [INDEX])
    finally:
        shutil.rmtree(building, ignore_errors=True)


@attrs.frozen
class _Job:
    """What every feed of one publication shares."""

    out: Path
    building: Path
    start: dt.date
    end: dt.date
    catalog: Catalog
    revision: dt.datetime
    alarm_working_days: int | None

    @property
    def period(self) -> str:
        return f"from {self.start.isoformat()} to {self.end.isoformat()}"


def _profile_feed(job: _Job, profile: Profile, calendar: ChinaCalendar | None) -> _Feed:
    """The deadlines of one profile; by default with the calendar its options ask for."""
    calendar = calendar or china_calendar(provisional=not profile.strict)
    deadlines = schedule(profile, job.start, job.end, catalog=job.catalog, calendar=calendar)
    file = f"{profile.id}.ics"
    name = f"{profile.name}：合规期限 / Compliance deadlines"
    description = f"{profile.name}: deadlines {job.period} (roles: {', '.join(profile.roles)})"
    own = attrs.evolve(job, revision=max(job.revision, revision_of(job.catalog, None, [profile])))
    size = _write(own, file, deadlines, name, description, calendar, job.alarm_working_days)
    return _Feed(
        file,
        name,
        description,
        len(deadlines),
        size,
        profile,
        tuple(deadlines),
        tuple(deadlines.undated),
    )


def _watch_feed(job: _Job) -> _Feed:
    """The catalog's milestones in the period."""
    items = watch_items(job.start, job.end, catalog=job.catalog)
    name = "监管动态 / Regulatory watch"
    description = (
        f"Milestones of the catalog's instruments (comment deadlines, effective dates …) "
        f"{job.period}"
    )
    return _Feed(WATCH, name, description, len(items), _write(job, WATCH, items, name, description))


def _workdays_feed(job: _Job, calendar: ChinaCalendar, years: Sequence[int]) -> _Feed:
    """The days off and make-up working days of ``years``."""
    events = workday_events(calendar, years)
    name = "放假与调休 / Days off and make-up working days"
    description = f"Days off and make-up working days (调休上班) in {_years(years)}"
    size = _write(job, WORKDAYS, events, name, description)
    return _Feed(WORKDAYS, name, description, len(events), size)


def _base_url(base_url: str | None) -> str | None:
    if base_url is None:
        return None
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ExportError(
            f"publish: base_url {base_url!r} is not an http(s) folder address; pass e.g. "
            "'https://calendars.example.com/compliance/'"
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def _load_profiles(paths: Sequence[str | Path], catalog: Catalog) -> list[Profile]:
    if isinstance(paths, (str, Path)):
        raise ExportError(f"publish: profiles must be a list of paths, got the single {paths!r}")
    loaded: list[Profile] = []
    seen: dict[str, str | Path] = {}
    for path in paths:
        profile = load_profile(path, catalog)
        if not _ID.fullmatch(profile.id) or profile.id in _RESERVED:
            raise ExportError(
                f"{path}: the profile id {profile.id!r} cannot name a feed file (it must match "
                f"[a-z0-9][a-z0-9-]* and not be {' or '.join(sorted(_RESERVED))}); set another "
                'id in the profile, e.g. id = "example-co"'
            )
        if profile.id in seen:
            raise ExportError(
                f"{path}: the profile id {profile.id!r} is also the id of {seen[profile.id]}; "
                'give one of them another id, e.g. id = "example-co-2"'
            )
        seen[profile.id] = path
        loaded.append(profile)
    return loaded


def _write(
    job: _Job,
    file: str,
    items: Iterable[FeedItem],
    name: str,
    description: str,
    calendar: ChinaCalendar | None = None,
    alarm_working_days: int | None = None,
) -> int:
    """Write one feed into the folder being built; warn about its size under its final name."""
    with warnings.catch_warnings():
        # write_ics would name the temporary file: the warning is given again below.
        warnings.simplefilter("ignore", FeedSizeWarning)
        size = write_feed(
            items,
            job.building / file,
            name=name,
            revision=job.revision,
            description=description,
            calendar=calendar,
            alarm_working_days=alarm_working_days,
        )
    if size > FEED_SIZE_LIMIT:
        warnings.warn(
            f"{job.out / file} is {size / 1_000_000:.1f} MB; Google Calendar reportedly drops "
            "subscribed feeds over about 1 MB: publish a shorter range (start, end) or split the "
            "profile",
            FeedSizeWarning,
            stacklevel=4,  # _write, _*_feed, publish: the caller of publish
        )
    return size


def _move_into(building: Path, out: Path, files: list[str]) -> list[Path]:
    """Move ``files`` from ``building`` into ``out``, the page last, each by an atomic rename."""
    try:
        out.mkdir(exist_ok=True)
        written = []
        for file in files:
            target = out / file
            os.replace(building / file, target)
            written.append(target)
    except OSError as error:
        raise ExportError(f"publish: cannot move the feeds into {out} ({error})") from None
    return written


def _years(years: Sequence[int]) -> str:
    if years and list(years) == list(range(years[0], years[-1] + 1)) and len(years) > 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


# --- the page -------------------------------------------------------------------------------------

_STYLE = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}
.num{text-align:right;white-space:nowrap}
.date{white-space:nowrap}
.mark{display:inline-block;margin:0 .2rem .2rem 0;padding:0 .3rem;border-radius:.2rem;font-weight:bold}
.provisional{background:#fff3c4}
.assumed{background:#dbe8ff}
.draft{background:#ffd9d9}
.not-binding{background:#e6e6e6}
.advice{border-left:.3rem solid #c60;padding:.5rem 1rem;background:#fff7ee}
.warn{color:#a00;font-weight:bold}
code{word-break:break-all}
"""

_MARKS = (
    (
        "provisional",
        "暂定",
        "provisional",
        "依赖尚未公布的放假安排（估计）/ depends on an estimated holiday arrangement",
    ),
    (
        "assumed",
        "假定",
        "assumed",
        "基于假定（例如未记录完成日期）/ rests on an assumption, e.g. no completion date recorded",
    ),
    (
        "draft",
        "草案",
        "draft, not binding",
        "来自征求意见稿，不具约束力 / from a draft for comment: not binding",
    ),
    (
        "not-binding",
        "非义务",
        "not an obligation",
        "机会或参考日期，不是义务 / an opportunity or a date worth watching, not a duty",
    ),
)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _size(size: int) -> str:
    text = f"{size / 1000:.1f} kB" if size >= 1000 else f"{size} B"
    return f"{text} ({size:,} bytes)"


def _links(file: str, base: str | None) -> str:
    quoted = urllib.parse.quote(file)
    links = []
    if base is not None:
        url = base + quoted
        webcal = "webcal://" + url.split("://", 1)[1]
        links.append(f'<a href="{_e(webcal)}">订阅 Subscribe (webcal)</a>')
        links.append(f'<a href="{_e(url)}">{_e(url)}</a>')
    else:
        links.append(f'<a href="{_e(quoted)}">{_e(file)}</a>')
    links.append(f'<a href="{_e(quoted)}" download="{_e(file)}">下载 Download</a>')
    return "<br>".join(links)


def _feed_rows(feeds: Sequence[_Feed], base: str | None) -> list[str]:
    rows = []
    for feed in feeds:
        warn = ""
        if feed.size > FEED_SIZE_LIMIT:
            warn = (
                '<br><span class="warn">超过 1 MB：Google 日历可能不接受 / '
                "over 1 MB: Google Calendar may drop it</span>"
            )
        rows.append(
            "<tr>"
            f"<td><strong>{_e(feed.name)}</strong><br>{_e(feed.description)}</td>"
            f'<td class="num">{feed.events}</td>'
            f'<td class="num">{_e(_size(feed.size))}{warn}</td>'
            f"<td>{_links(feed.file, base)}</td>"
            "</tr>"
        )
    return rows


def _marks(deadline: Deadline) -> str:
    marks = deadline.marks
    flags = {
        "provisional": Mark.PROVISIONAL in marks,
        "assumed": Mark.ASSUMED in marks,
        "draft": Mark.DRAFT in marks,
        "not-binding": Mark.NOT_BINDING in marks and Mark.DRAFT not in marks,
    }
    return " ".join(
        f'<span class="mark {css}" title="{_e(title)}">【{_e(zh)} {_e(en)}】</span>'
        for css, zh, en, title in _MARKS
        if flags[css]
    )


def _when(deadline: Deadline) -> str:
    day = deadline.date
    text = f"{day.isoformat()}（周{_WEEKDAYS_ZH[day.weekday()]}）"
    time = deadline.time
    if time is not None:
        text += f" {time:%H:%M}"
    return text


def _region(deadline: Deadline) -> str:
    """A local duty's jurisdiction, on its own line; nothing for a national one."""
    if deadline.jurisdiction == NATIONAL:
        return ""
    return f'<br><span class="region">{_e(region_name(deadline.jurisdiction))}</span>'


def _deadline_rows(deadlines: Sequence[Deadline]) -> list[str]:
    rows = []
    for deadline in deadlines[:TABLE_ROWS]:
        duty, instrument = deadline.duty, deadline.instrument
        source = instrument.short_name or instrument.title_zh or instrument.title_en
        rows.append(
            "<tr>"
            f'<td class="date">{_e(_when(deadline))}</td>'
            f'<td lang="zh-CN">{_e(duty.title_zh)}</td>'
            f'<td lang="en">{_e(duty.title_en)}</td>'
            f"<td>{_e(source)}<br>{_e(duty.article)}{_region(deadline)}</td>"
            f"<td>{_marks(deadline)}</td>"
            "</tr>"
        )
    return rows


def _profile_section(feed: _Feed) -> list[str]:
    profile = feed.profile
    assert profile is not None
    parts = [
        f'<section id="{_e(profile.id)}">',
        f"<h2>{_e(profile.name)}</h2>",
        f"<p>角色 Roles: {_e(', '.join(profile.roles))} · 订阅 Feed: "
        f'<a href="{_e(urllib.parse.quote(feed.file))}">{_e(feed.file)}</a></p>',
    ]
    if not feed.deadlines:
        parts.append("<p>此期间没有期限。No deadlines in this period.</p>")
    else:
        parts += [
            "<table>",
            "<thead><tr><th>日期 Date</th><th>义务</th><th>Duty</th>"
            "<th>依据 Instrument, article</th><th>标记 Marks</th></tr></thead>",
            "<tbody>",
            *_deadline_rows(feed.deadlines),
            "</tbody>",
            "</table>",
        ]
        more = len(feed.deadlines) - TABLE_ROWS
        if more > 0:
            parts.append(f"<p>另有 {more} 项见订阅。{more} more deadlines are in the feed.</p>")
    if feed.undated:
        parts.append(
            "<p>适用但无法确定日期的义务 Duties that apply but cannot be dated "
            "(record the event named to date them):</p><ul>"
        )
        parts += [
            f'<li class="undated"><span lang="zh-CN">{_e(u.duty.title_zh)}</span> / '
            f'<span lang="en">{_e(u.duty.title_en)}</span>: {_e(u.reason)}'
            + (f"; record {_e(', '.join(u.record))}" if u.record else "")
            + "</li>"
            for u in feed.undated
        ]
        parts.append("</ul>")
    parts.append("</section>")
    return parts


def _page(
    feeds: Sequence[_Feed],
    *,
    start: dt.date,
    end: dt.date,
    revision: dt.datetime,
    base: str | None,
) -> str:
    title = "合规期限日历 / Compliance deadline calendars"
    legend = "".join(
        f'<li><span class="mark {css}">【{_e(zh)} {_e(en)}】</span> {_e(text)}</li>'
        for css, zh, en, text in _MARKS
    )
    subscribe = (
        "用“订阅”链接添加到日历应用；也可以复制 https 链接，在日历中选择“通过 URL 订阅”。"
        "Use a Subscribe link to add a feed to your calendar app, or copy its https address "
        "into the app's “subscribe by URL” (Google: Other calendars → From URL)."
        if base is not None
        else "把文件的完整网址复制到日历应用的“通过 URL 订阅”，或下载后导入（导入不会自动更新）。"
        "Copy a feed's full address into your calendar app's “subscribe by URL”, or download "
        "and import it (an import is not updated)."
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>期间 Period: {start.isoformat()} – {end.isoformat()} · "
        f"数据版本 Data revision: {revision.date().isoformat()}</p>",
        "<h2>订阅 Feeds</h2>",
        f"<p>{_e(subscribe)}</p>",
        "<table>",
        "<thead><tr><th>日历 Calendar</th><th>事件 Events</th><th>大小 Size</th>"
        "<th>链接 Links</th></tr></thead>",
        "<tbody>",
        *_feed_rows(feeds, base),
        "</tbody>",
        "</table>",
        '<div class="advice">',
        "<p><strong>提醒 Reminders:</strong> 订阅的日历会忽略文件中内嵌的提醒（Google 日历忽略，"
        "Apple 日历默认删除，Outlook 不可靠）。请在日历应用中为每个订阅的日历设置通知。</p>",
        "<p>Subscribed calendars ignore the alarms embedded in a feed (Google Calendar ignores "
        "them, Apple Calendar removes them by default, Outlook is unreliable): set notifications "
        "for each subscribed calendar in your calendar app.</p>",
        "<p>订阅每 12 小时左右更新（Google 日历可能需要一天）。Subscriptions refresh about every "
        "12 hours (Google Calendar may take a day).</p>",
        "</div>",
        "<h2>标记 Marks</h2>",
        f"<ul>{legend}</ul>",
    ]
    for feed in feeds:
        if feed.profile is not None:
            parts += _profile_section(feed)
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
