"""An organisation's profile: who it is (its roles) and what happened when (its dated events)."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from cnreg_calendar.errors import DateRangeError, ProfileError
from cnreg_calendar.jurisdiction import check_region
from cnreg_calendar.model import Catalog
from cnreg_calendar.periods import to_beijing as _beijing

__all__ = ["Profile", "load_profile"]

EventDate = dt.date | dt.datetime
_TOP_KEYS = {"name", "id", "roles", "regions", "events", "options", "revision"}
_OPTION_KEYS = {"conservative_fixed_dates", "include_drafts", "strict"}


def _events(value: Mapping[str, Iterable[EventDate]]) -> dict[str, tuple[EventDate, ...]]:
    return {key: tuple(dates) for key, dates in sorted(dict(value).items())}


def _sort_key(value: EventDate) -> tuple[dt.datetime, str]:
    """The moment a date names, in Beijing time: a date is its 00:00, a naive date-time is
    Beijing time, an aware one is converted (so offsets sort by the instant, not the text)."""
    return (_beijing(value), value.isoformat())


@attrs.frozen
class Profile:
    """One organisation: its roles and its dated events (``event id -> dates``).

    >>> p = Profile("Example Co.", roles=("ciio",), events={"cii-system-go-live": (dt.date(2023, 8, 1),)})
    >>> p.id, p.dates("cii-system-go-live")
    ('example-co', (datetime.date(2023, 8, 1),))
    """

    name: str
    roles: tuple[str, ...] = attrs.field(converter=tuple)
    events: Mapping[str, tuple[EventDate, ...]] = attrs.field(factory=dict, converter=_events)
    id: str = attrs.field()
    #: Move fixed yearly dates that fall on rest days *earlier* instead of later.
    conservative_fixed_dates: bool = False
    #: Also schedule duties from drafts for comment (never binding; marked as drafts).
    include_drafts: bool = False
    #: Refuse dates in years without a published holiday notice instead of estimating them.
    strict: bool = False
    #: The day the profile's events were last changed: its feeds' revision (DTSTAMP,
    #: LAST-MODIFIED, SEQUENCE) when newer than the data's, see feeds.revision_of.
    revision: dt.date | None = None
    #: Where the organisation operates (ISO 3166-2:CN codes, ``CN-SH``; a city as
    #: ``CN-GD-shenzhen``): local duties bind only there. None named: national duties only.
    regions: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @id.default
    def _slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "profile"

    def dates(self, event: str) -> tuple[EventDate, ...]:
        """The recorded dates of ``event`` (empty when none)."""
        return self.events.get(event, ())

    def check(self, catalog: Catalog, where: str = "profile") -> Profile:
        """Raise :class:`ProfileError` for roles or events the catalog does not define."""
        problems = []
        roles = {r.id for r in catalog.roles}
        events = {e.id for e in catalog.events}
        for i, role in enumerate(self.roles):
            if role not in roles:
                problems.append(
                    f"{where}: roles[{i}] {role!r} is not a known role{_hint(role, roles)}"
                )
        for event in self.events:
            if event not in events:
                problems.append(
                    f"{where}: events.{event} is not a known event{_hint(event, events)}"
                )
        if problems:
            raise ProfileError(
                "; ".join(problems) + " (list them with `cnreg-calendar roles` / `events`)"
            )
        return self


def _hint(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _event_dates(value: Any, where: str) -> tuple[EventDate, ...]:
    values = value if isinstance(value, list) else [value]
    if not values:
        raise ProfileError(f"{where}: an empty list; give at least one date or remove the event")
    result: list[EventDate] = []
    for item in values:
        if isinstance(item, str):
            with contextlib.suppress(ValueError):
                item = (
                    dt.datetime.fromisoformat(item) if "T" in item else dt.date.fromisoformat(item)
                )
        if isinstance(item, dt.datetime) or type(item) is dt.date:
            result.append(item)
            continue
        raise ProfileError(
            f"{where}: {item!r} is not a date; write a TOML date (2024-05-10), a date-time with "
            "its offset (2026-03-01T10:15:00+08:00) or a list of them"
        )
    try:
        return tuple(sorted(result, key=_sort_key))
    except DateRangeError as exc:  # e.g. 0001-01-01T00:00:00+14:00: year 0 in Beijing
        raise ProfileError(f"{where}: {exc}") from None


def profile_from_dict(data: Mapping[str, Any], where: str = "profile") -> Profile:
    """Build a profile from parsed TOML (or any mapping of the same shape), checking its form."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ProfileError(
            f"{where}: unknown key {unknown[0]!r}{_hint(unknown[0], _TOP_KEYS)}; "
            f"allowed: {', '.join(sorted(_TOP_KEYS))}"
        )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProfileError(
            f'{where}: name is required, e.g. name = "Example Cloud (Shanghai) Co., Ltd."'
        )
    roles = data.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise ProfileError(f'{where}: roles must be a list of role ids, e.g. roles = ["ciio"]')
    kwargs: dict[str, Any] = {}
    regions = data.get("regions", [])
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise ProfileError(
            f'{where}: regions must be a list of ISO 3166-2:CN codes, e.g. regions = ["CN-SH"]'
        )
    for i, region in enumerate(regions):
        problem = check_region(region)
        if problem is not None:
            raise ProfileError(f"{where}: regions[{i}] {problem}")
    if regions:
        kwargs["regions"] = tuple(regions)
    events = data.get("events", {})
    if not isinstance(events, dict):
        raise ProfileError(f"{where}: [events] must be a table of event id = date(s)")
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise ProfileError(f"{where}: [options] must be a table")
    bad = sorted(set(options) - _OPTION_KEYS)
    if bad:
        raise ProfileError(
            f"{where}: options.{bad[0]} is not an option; allowed: {', '.join(sorted(_OPTION_KEYS))}"
        )
    for key, value in options.items():
        if not isinstance(value, bool):
            raise ProfileError(f"{where}: options.{key} must be true or false, got {value!r}")
    if "revision" in data:
        revision = data["revision"]
        if type(revision) is not dt.date:
            raise ProfileError(
                f"{where}: revision {revision!r} must be a TOML date, the day the events were "
                "last changed, e.g. revision = 2026-12-01"
            )
        kwargs["revision"] = revision
    if "id" in data:
        if not isinstance(data["id"], str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", data["id"]):
            raise ProfileError(f"{where}: id {data['id']!r} must match [a-z0-9][a-z0-9-]*")
        kwargs["id"] = data["id"]
    return Profile(
        name=name.strip(),
        roles=tuple(roles),
        events={k: _event_dates(v, f"{where}: events.{k}") for k, v in events.items()},
        **kwargs,
        **options,
    )


def load_profile(path: str | Path, catalog: Catalog | None = None) -> Profile:
    """Load a profile TOML file and check its roles and events against the catalog.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
    ...     _ = f.write('name = "Demo"\\nroles = ["ciio"]\\n[events]\\ncii-system-go-live = 2023-08-01\\n')
    >>> load_profile(f.name).roles
    ('ciio',)
    >>> os.unlink(f.name)
    """
    from cnreg_calendar.cache import cached, file_key
    from cnreg_calendar.catalog import load_catalog

    catalog = catalog or load_catalog()
    try:
        # A checked profile is kept in the on-disk cache under its file and the catalog's role and
        # event ids (what the check reads): a new process with the same files skips the TOML.
        key = (
            str(path),
            file_key(path),
            tuple(r.id for r in catalog.roles),
            tuple(e.id for e in catalog.events),
        )
    except OSError:  # the file cannot be read: _load_profile says which, and why
        return _load_profile(path, catalog)
    return cached("profile", key, lambda: _load_profile(path, catalog))


def _load_profile(path: str | Path, catalog: Catalog) -> Profile:
    import tomllib

    from cnreg_calendar import tomlguard  # only a profile not in the on-disk cache is read

    where = str(path)
    try:
        data = tomlguard.loads(Path(path).read_text("utf-8"), where, ProfileError)
    except OSError as exc:
        raise ProfileError(f"{where}: cannot read the profile ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ProfileError(f"{where}: not UTF-8 text; save the profile as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(
            f"{where}: not valid TOML ({exc}); fix the TOML syntax there "
            "(examples/cloud-ciio.toml shows a valid profile)"
        ) from None
    except RecursionError:
        raise ProfileError(f"{where}: the file nests arrays or tables too deeply to read") from None
    return profile_from_dict(data, where).check(catalog, where)
