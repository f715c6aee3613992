"""A folder of calendar feeds and the page that offers them: profiles → ``.ics`` + ``index.html``.

:func:`publish` writes one feed per organisation profile, the regulatory-watch feed, the feed of
days off and make-up working days, and a static ``index.html`` (:mod:`cnreg_calendar.page`) that
leads with what is due and offers the feeds.  Only the page's "today" may read the clock (pass
``today``): the revision written into the feeds is the data's
(:func:`~cnreg_calendar.feeds.revision_of`), so the same inputs give a byte-identical folder.

The files are built in a folder inside ``out_dir`` and then switched in all at once
(:mod:`cnreg_calendar.folderset`: each published name is a link through one ``current`` link that
is replaced by a single rename): a reader sees the previous complete set or the new one, also
when the process is killed at any point, and a failure leaves the previous files as they were.
Other files in ``out_dir`` are never touched.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from cnreg_calendar.deadlines import Deadline, UndatedDuty, schedule
from cnreg_calendar.deadlines import watch as watch_items
from cnreg_calendar.errors import ExportError
from cnreg_calendar.feeds import (
    FeedItem,
    check_alarm_lead,
    revision_of,
    workday_events,
    write_feed,
)
from cnreg_calendar.folderset import staging
from cnreg_calendar.ics import FEED_SIZE_LIMIT, FeedSizeWarning
from cnreg_calendar.page import TABLE_ROWS, render_page
from cnreg_calendar.profile import Profile, load_profile
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

if TYPE_CHECKING:
    from cnreg_calendar.model import Catalog

__all__ = ["INDEX", "TABLE_ROWS", "WATCH", "WORKDAYS", "publish"]

#: File names of the shared feeds and of the page; a profile id may not take them.
WATCH = "watch.ics"
WORKDAYS = "workdays.ics"
INDEX = "index.html"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_RESERVED = {Path(WATCH).stem, Path(WORKDAYS).stem}


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
    today: dt.date | None = None,
    force: bool = False,
) -> list[Path]:
    """Write the feeds of ``profiles`` and an ``index.html`` into ``out_dir``; return the paths.

    Files in ``out_dir`` that publish did not write are never overwritten: a name taken by one is
    refused unless ``force``; feeds of an earlier publication that this one no longer has (a
    profile left out) are removed. Other files in ``out_dir`` are left alone.

    One ``<profile id>.ics`` per profile (its deadlines in ``[start, end]``), ``watch.ics`` (the
    catalog's milestones, unless ``watch=False``), ``workdays.ics`` (days off and make-up days of
    ``workday_years``, by default ``start.year`` to ``end.year``) and ``index.html``.  With
    ``base_url`` (where the folder will be served, ``https://…/``) the page offers ``webcal://``
    subscription links, without it download links only.  The page (:mod:`cnreg_calendar.page`)
    leads with what is due from ``today`` (default: today in Beijing).  ``calendar`` defaults to each profile's own (strict or provisional).

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
    # All or nothing: built beside the current set inside out, then switched by one rename
    # (folderset), also when the process is killed at any point.
    with staging(out) as stage:
        job = _Job(out, stage.folder, start, end, catalog, revision, alarm_working_days)
        feeds: list[_Feed] = []
        for profile in loaded:  # a loop, not a comprehension: the warnings' stacklevel counts
            feeds.append(_profile_feed(job, profile, calendar))
        if watch:
            feeds.append(_watch_feed(job))
        feeds.append(_workdays_feed(job, shared, years))
        page = render_page(
            feeds,
            start=start,
            end=end,
            revision=revision,
            base=base,
            today=today,
            size_limit=FEED_SIZE_LIMIT,
        )
        (stage.folder / INDEX).write_bytes(page.encode("utf-8"))
        return stage.commit([feed.file for feed in feeds] + [INDEX], force=force)


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


def _years(years: Sequence[int]) -> str:
    if years and list(years) == list(range(years[0], years[-1] + 1)) and len(years) > 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))
