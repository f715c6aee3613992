"""Load the instrument catalog: TOML → checked, immutable models (``docs/catalog-format.md``).

Everything is checked once, here, by one mechanism: a table of the keys each TOML table allows,
each with a check that converts the value or reports the problem. Every problem of a file is
collected and raised together as one :class:`~cnreg_calendar.errors.CatalogError`, each line saying
where (``instruments[12] (mlps-measures).duties[0] (mlps-filing).rule.period``), what the bad value
was, and how to fix it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import enum
import functools
import importlib.resources
import os
import re
import reprlib
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from cnreg_calendar.errors import CatalogError, PeriodError
from cnreg_calendar.model import (
    RULE_CLASSES,
    Authority,
    AuthorityLevel,
    Catalog,
    Confidence,
    Duty,
    Event,
    FixedDate,
    FollowUp,
    Instrument,
    InstrumentKind,
    Milestone,
    MilestoneKind,
    Nature,
    PartialDate,
    Role,
    RuleKind,
    Source,
    SourceKind,
    Status,
    Yearly,
)
from cnreg_calendar.periods import Period

__all__ = ["default_catalog_path", "load_catalog", "parse_catalog"]

#: The catalog format version this code reads.
FORMAT = 1
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_AT_RE = re.compile(r"^(.*) \(at (line \d+, column \d+|end of document)\)$", re.DOTALL)
_DATE_FORMS = 'a TOML date (2023-05-24) or a string "2023-05-24", "2020-08" or "2020"'

_shower = reprlib.Repr()
_shower.maxstring = 80
_shower.maxother = 80
_shower.maxlevel = 2


def _show(value: object) -> str:
    """A short, one-line rendering of a bad value."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    return _shower.repr(value)


class _Bad:
    """The result of a check that reported a problem."""


BAD: Any = _Bad()


@attrs.define
class _Known:
    """The ids defined so far, across the files being combined, and where each was defined."""

    where: dict[str, dict[str, str]] = attrs.Factory(dict)
    follows: dict[str, str] = attrs.Factory(dict)  # follow-up duty id → the duty it follows

    def ids(self, namespace: str) -> dict[str, str]:
        return self.where.setdefault(namespace, {})


@attrs.define
class _Reader:
    """Collects the problems of one file."""

    name: str
    known: _Known
    problems: list[str] = attrs.Factory(list)

    def problem(self, path: str, what: str, value: object, fix: str) -> Any:
        self.problems.append(f"{self.name}: {path} {what} {_show(value)}; {fix}")
        return BAD


# --- checks: each converts a TOML value or reports why it cannot -------------------------------


class _Check:
    noun = "a value"
    fix = ""

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        raise NotImplementedError

    def wrong(self, r: _Reader, path: str, value: object) -> Any:
        return r.problem(path, f"must be {self.noun}, not", value, self.fix)


class _Text(_Check):
    noun, fix = "non-empty text", 'write a quoted string, e.g. "…"'

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        return value if isinstance(value, str) and value.strip() else self.wrong(r, path, value)


class _Id(_Check):
    noun, fix = "an id", "use lower-case letters, digits and '-', starting with a letter or digit"

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        ok = isinstance(value, str) and _ID_RE.fullmatch(value)
        return value if ok else self.wrong(r, path, value)


@attrs.frozen
class _Enum(_Check):
    enum: type[enum.Enum]
    noun: str

    @property
    def fix(self) -> str:  # type: ignore[override]
        return "accepted values: " + ", ".join(str(m.value) for m in self.enum)

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        try:
            return self.enum(value)
        except (ValueError, TypeError):
            return self.wrong(r, path, value)


@attrs.frozen
class _Int(_Check):
    low: int
    high: int
    noun: str

    @property
    def fix(self) -> str:  # type: ignore[override]
        return f"write a whole number from {self.low} to {self.high}"

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        ok = type(value) is int and self.low <= value <= self.high
        return value if ok else self.wrong(r, path, value)


@attrs.frozen
class _Date(_Check):
    partial: bool = True
    month_only: bool = False

    @property
    def noun(self) -> str:  # type: ignore[override]
        if self.month_only:
            return "a month"
        return "a full or partial date" if self.partial else "a full date"

    @property
    def fix(self) -> str:  # type: ignore[override]
        if self.month_only:
            return 'write a string "YYYY-MM", e.g. "2020-08"'
        return (
            f"write {_DATE_FORMS}"
            if self.partial
            else 'write a TOML date (2023-05-24) or "2023-05-24"'
        )

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        if type(value) is dt.date and not self.month_only:
            return PartialDate.from_date(value) if self.partial else value
        if not isinstance(value, str):
            return self.wrong(r, path, value)
        try:
            date = PartialDate.parse(value)
        except ValueError:
            return self.wrong(r, path, value)
        if self.month_only:
            return (
                date if date.month is not None and not date.is_full else self.wrong(r, path, value)
            )
        if self.partial:
            return date
        return date.to_date() if date.is_full else self.wrong(r, path, value)


class _Period(_Check):
    noun = "a period"

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        try:
            return Period.parse(value)  # type: ignore[arg-type]
        except PeriodError as exc:
            return r.problem(path, "is not a period:", value, str(exc))


@attrs.frozen
class _Ref(_Check):
    namespace: str  # source, authority, role, event, instrument, duty

    @property
    def noun(self) -> str:  # type: ignore[override]
        return f"{'an' if self.namespace[0] in 'aeiou' else 'a'} {self.namespace} id"

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        ids = r.known.ids(self.namespace)
        if isinstance(value, str) and value in ids:
            return value
        if not isinstance(value, str):
            return r.problem(path, f"must be {self.noun}, not", value, 'write "<id>"')
        near = difflib.get_close_matches(value, list(ids), n=3)
        hint = f"did you mean {', '.join(map(repr, near))}? " if near else ""
        return r.problem(
            path,
            f"names an unknown {self.namespace}",
            value,
            f"{hint}use {self.noun} defined in this file or an earlier one",
        )


@attrs.frozen
class _List(_Check):
    item: _Check
    nonempty: bool = False

    @property
    def noun(self) -> str:  # type: ignore[override]
        plural = self.item.namespace + " ids" if isinstance(self.item, _Ref) else self.item.noun
        return f"a list of {plural}" + (", at least one" if self.nonempty else "")

    @property
    def fix(self) -> str:  # type: ignore[override]
        return 'write ["…", …]'

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        if not isinstance(value, list) or (self.nonempty and not value):
            return self.wrong(r, path, value)
        items = [self.item(r, f"{path}[{i}]", v) for i, v in enumerate(value)]
        return BAD if any(v is BAD for v in items) else tuple(items)


@attrs.frozen
class _Table:
    """The keys a TOML table allows: name → (required, check); ``build`` makes the model."""

    keys: Mapping[str, tuple[bool, _Check]]
    build: Callable[[_Reader, str, dict[str, Any]], Any]


def _label(path: str, raw: Mapping[str, object]) -> str:
    ident = raw.get("id")
    if isinstance(ident, str) and len(ident) <= 80 and _ID_RE.fullmatch(ident):
        return f"{path} ({ident})"
    return path


def _read_table(r: _Reader, path: str, raw: object, spec: _Table) -> Any:
    """Check a table's keys against ``spec``, convert every value, and build the model."""
    if not isinstance(raw, dict):
        return r.problem(path, "must be a table, not", raw, "write a table of keys and values")
    path = _label(path, raw)
    where = path or "the top level"
    ok = True
    for key in raw:
        if key not in spec.keys:
            near = difflib.get_close_matches(key, list(spec.keys), n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            r.problem(where, "has an unknown key", key, f"{hint}allowed: {', '.join(spec.keys)}")
            ok = False
    values: dict[str, Any] = {}
    for key, (required, check) in spec.keys.items():
        if key not in raw:
            if required:
                r.problem(where, "lacks the required key", key, f"add it ({check.noun})")
                ok = False
            continue
        values[key] = check(r, f"{path}.{key}" if path else key, raw[key])
        ok = ok and values[key] is not BAD
    return spec.build(r, path, values) if ok else BAD


@attrs.frozen
class _Tables(_Check):
    """An array of tables (``[[instruments]]``), each read by ``table``."""

    table: _Table
    noun: str = "an array of tables"
    nonempty: bool = False

    @property
    def fix(self) -> str:  # type: ignore[override]
        return "write [[…]] tables" + (", at least one" if self.nonempty else "")

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        if not isinstance(value, list) or (self.nonempty and not value):
            return self.wrong(r, path, value)
        items = [_read_table(r, f"{path}[{i}]", v, self.table) for i, v in enumerate(value)]
        return BAD if any(v is BAD for v in items) else tuple(items)


def _model(cls: Callable[..., Any]) -> Callable[[_Reader, str, dict[str, Any]], Any]:
    return lambda r, path, values: cls(**values)


# --- the schema ---------------------------------------------------------------------------------

_TEXT, _ID = _Text(), _Id()
_REQ_TEXT, _OPT_TEXT = (True, _TEXT), (False, _TEXT)
_PERIOD = _Period()
_SOURCES = _List(_Ref("source"))


def _build_rule_table(kind: RuleKind, keys: Mapping[str, tuple[bool, _Check]]) -> _Table:
    def build(r: _Reader, path: str, values: dict[str, Any]) -> Any:
        values.pop("kind")
        return RULE_CLASSES[kind](**values)

    return _Table({"kind": (True, _TEXT), **keys}, build)


def _build_fixed(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    if ("date" in values) == ("by_end_of" in values):
        return r.problem(
            path,
            "needs exactly one of",
            "date, by_end_of",
            'write date = 2023-05-24 or by_end_of = "2020-08"',
        )
    if "date" in values:
        return FixedDate(values["date"])
    return FixedDate(values["by_end_of"].last_day(), from_month=True)


def _build_yearly(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    month, day = values["month"], values["day"]
    if day > calendar.monthrange(2000, month)[1]:  # 2000 is a leap year: 29 February is allowed
        return r.problem(
            f"{path}.day", f"is not a day of month {month}:", day, "write a day the month has"
        )
    first, last = values.get("first_year"), values.get("last_year")
    if first is not None and last is not None and first > last:
        return r.problem(
            f"{path}.last_year", f"is before first_year {first}:", last, "swap or fix the years"
        )
    return Yearly(month, day, first, last)


_EVENT_PERIOD = {"event": (True, _Ref("event")), "period": (True, _PERIOD)}
_YEAR = _Int(1, 9999, "a year")
_RULES: Mapping[RuleKind, _Table] = {
    RuleKind.FIXED_DATE: _Table(
        {
            "kind": _REQ_TEXT,
            "date": (False, _Date(partial=False)),
            "by_end_of": (False, _Date(month_only=True)),
        },
        _build_fixed,
    ),
    RuleKind.YEARLY: _Table(
        {
            "kind": _REQ_TEXT,
            "month": (True, _Int(1, 12, "a month number")),
            "day": (True, _Int(1, 31, "a day of the month")),
            "first_year": (False, _YEAR),
            "last_year": (False, _YEAR),
        },
        _build_yearly,
    ),
    RuleKind.RECURRING: _build_rule_table(RuleKind.RECURRING, _EVENT_PERIOD),
    RuleKind.AFTER_EVENT: _build_rule_table(RuleKind.AFTER_EVENT, _EVENT_PERIOD),
    RuleKind.BEFORE_EVENT: _build_rule_table(RuleKind.BEFORE_EVENT, _EVENT_PERIOD),
    RuleKind.FOLLOW_UP: _build_rule_table(
        RuleKind.FOLLOW_UP,
        {
            "duty": (True, _Ref("duty")),
            "period": (True, _PERIOD),
            "completion_event": (False, _Ref("event")),
        },
    ),
    RuleKind.VALIDITY: _build_rule_table(
        RuleKind.VALIDITY,
        {
            "event": (True, _Ref("event")),
            "valid_for": (True, _PERIOD),
            "renew_before": (False, _PERIOD),
        },
    ),
}


class _Rule(_Check):
    noun, fix = "a rule table", 'write rule = { kind = "…", … }'

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        if not isinstance(value, dict):
            return self.wrong(r, path, value)
        kind = _Enum(RuleKind, "a rule kind")
        if "kind" not in value:
            return r.problem(path, "lacks the required key", "kind", kind.fix)
        if kind(r, f"{path}.kind", value["kind"]) is BAD:
            return BAD
        return _read_table(r, path, value, _RULES[RuleKind(value["kind"])])


def _build_duty(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    duty = Duty(instrument_id="", **values)  # the instrument sets its id
    if isinstance(duty.rule, FollowUp):
        r.known.follows[duty.id] = duty.rule.duty
    return duty


def _build_instrument(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    values["duties"] = tuple(
        attrs.evolve(d, instrument_id=values["id"]) for d in values.get("duties", ())
    )
    return Instrument(**values)


_DUTY = _Table(
    {
        "id": (True, _ID),
        "title_en": _REQ_TEXT,
        "title_zh": _REQ_TEXT,
        "article": _REQ_TEXT,
        "applies_to": (True, _List(_Ref("role"))),
        "nature": (True, _Enum(Nature, "a duty nature")),
        "confidence": (True, _Enum(Confidence, "a confidence")),
        "sources": (True, _SOURCES),
        "note": _OPT_TEXT,
        "rule": (True, _Rule()),
    },
    _build_duty,
)
_MILESTONE = _Table(
    {
        "kind": (True, _Enum(MilestoneKind, "a milestone kind")),
        "date": (True, _Date()),
        "note": _OPT_TEXT,
        "source": (True, _Ref("source")),
    },
    _model(Milestone),
)
_INSTRUMENT = _Table(
    {
        "id": (True, _ID),
        "title_en": _REQ_TEXT,
        "title_zh": _OPT_TEXT,
        "short_name": _OPT_TEXT,
        "authorities": (True, _List(_Ref("authority"))),
        "kind": (True, _Enum(InstrumentKind, "an instrument kind")),
        "status": (True, _Enum(Status, "a status")),
        "superseded_by": (False, _Ref("instrument")),
        "revises": (False, _Ref("instrument")),
        "amended_by": (False, _Ref("instrument")),
        "sources": (True, _List(_Ref("source"), nonempty=True)),
        "note": _OPT_TEXT,
        "milestones": (True, _Tables(_MILESTONE, nonempty=True)),
        "duties": (False, _Tables(_DUTY)),
    },
    _build_instrument,
)
_NAMED = {"id": (True, _ID), "name_en": _REQ_TEXT, "name_zh": _REQ_TEXT, "description": _REQ_TEXT}
_TOP = _Table(
    {
        "format": (True, _Int(FORMAT, FORMAT, "the format version")),
        "revision": (True, _Date(partial=False)),
        "sources": (
            False,
            _Tables(
                _Table(
                    {
                        "id": (True, _ID),
                        "title": _REQ_TEXT,
                        "kind": (True, _Enum(SourceKind, "a source kind")),
                        "url": _OPT_TEXT,
                        "file": _OPT_TEXT,
                        "date": (False, _Date()),
                    },
                    _model(Source),
                )
            ),
        ),
        "authorities": (
            False,
            _Tables(
                _Table(
                    {
                        "id": (True, _ID),
                        "name_en": _REQ_TEXT,
                        "name_zh": _OPT_TEXT,
                        "level": (True, _Enum(AuthorityLevel, "an authority level")),
                    },
                    _model(Authority),
                )
            ),
        ),
        "roles": (False, _Tables(_Table(_NAMED, _model(Role)))),
        "events": (False, _Tables(_Table(_NAMED, _model(Event)))),
        "instruments": (False, _Tables(_INSTRUMENT)),
    },
    lambda r, path, values: values,
)

# --- ids, uniqueness, follow-up loops -----------------------------------------------------------

_NAMESPACES = {
    "sources": "source",
    "authorities": "authority",
    "roles": "role",
    "events": "event",
    "instruments": "instrument",
}


def _register(r: _Reader, namespace: str, path: str, raw: object) -> None:
    """Record the id of one table, reporting an id already used (here or in an earlier file)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return
    ident = raw["id"]
    # Instrument and duty ids share one namespace.
    shared = ("instrument", "duty") if namespace in ("instrument", "duty") else (namespace,)
    for space in shared:
        if ident in r.known.ids(space):
            where = r.known.ids(space)[ident]
            r.problem(
                f"{_label(path, raw)}.id",
                "repeats the id",
                ident,
                f"already used by the {space} at {where}; give each its own id",
            )
            return
    r.known.ids(namespace)[ident] = f"{r.name}: {_label(path, raw)}"


def _collect_ids(r: _Reader, data: Mapping[str, object]) -> None:
    for key, namespace in _NAMESPACES.items():
        tables = data.get(key)
        for i, raw in enumerate(tables if isinstance(tables, list) else ()):
            _register(r, namespace, f"{key}[{i}]", raw)
            duties = raw.get("duties") if isinstance(raw, dict) and key == "instruments" else None
            for j, duty in enumerate(duties if isinstance(duties, list) else ()):
                _register(r, "duty", f"{_label(f'{key}[{i}]', raw)}.duties[{j}]", duty)


def _check_loops(r: _Reader, duties: Sequence[Duty]) -> None:
    """A follow-up chain must end: a duty cannot follow itself, directly or through others."""
    for duty in duties:
        if not isinstance(duty.rule, FollowUp):
            continue
        seen, current = [duty.id], duty.rule.duty
        while current in r.known.follows and current not in seen:
            seen.append(current)
            current = r.known.follows[current]
        if current == duty.id:
            where = r.known.ids("duty")[duty.id].split(": ", 1)[-1]
            r.problem(
                f"{where}.rule.duty",
                "makes a follow-up loop:",
                " → ".join([*seen, current]),
                "a follow-up must lead back to a duty with a date of its own",
            )


# --- reading files ------------------------------------------------------------------------------


def _parse_toml(name: str, data: bytes | str) -> dict[str, Any]:
    if isinstance(data, bytes):
        raw = data
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            message = (
                f"{name}: line {line} is not UTF-8 text: byte {raw[exc.start : exc.start + 1]!r} "
                f"at offset {exc.start}; save the file as UTF-8"
            )
            raise CatalogError(f"{name}: 1 problem\n{message}", (message,)) from None
    try:
        return tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        match = _AT_RE.match(str(exc))
        what, at = (match.group(1), match.group(2)) if match else (str(exc), "somewhere")
        message = f"{name}: {at} is not valid TOML: {what}; fix the TOML syntax there"
    except RecursionError:
        message = f"{name}: the file nests arrays or tables too deeply to read; flatten it"
    raise CatalogError(f"{name}: 1 problem\n{message}", (message,))


def _read(name: str, data: bytes | str, known: _Known) -> Catalog:
    """Check and build one file's catalog; ids of earlier files are in ``known``."""
    top = _parse_toml(name, data)
    r = _Reader(name, known)
    _collect_ids(r, top)
    values = _read_table(r, "", top, _TOP)
    if values is not BAD:
        _check_loops(r, [d for i in values.get("instruments", ()) for d in i.duties])
    if r.problems:
        count = len(r.problems)
        header = f"{name}: {count} problem{'s' if count != 1 else ''}"
        raise CatalogError("\n".join([header, *r.problems]), tuple(r.problems))
    values.pop("format")
    return Catalog(**values)


def parse_catalog(data: bytes | str, name: str = "<catalog>") -> Catalog:
    """Check and build a catalog from TOML text; ``name`` is how problems refer to it.

    >>> catalog = parse_catalog('''
    ... format = 1
    ... revision = 2026-11-22
    ... [[roles]]
    ... id = "everyone"
    ... name_en = "Anyone"
    ... name_zh = "任何人"
    ... description = "Open to anyone."
    ... ''')
    >>> catalog.revision, catalog.role("everyone").name_en
    (datetime.date(2026, 11, 22), 'Anyone')
    >>> parse_catalog('format = 1\\nrevision = "2026-11"', "demo.toml")
    Traceback (most recent call last):
    ...
    cnreg_calendar.errors.CatalogError: demo.toml: 1 problem
    demo.toml: revision must be a full date, not '2026-11'; write a TOML date (2023-05-24) or "2023-05-24"
    """
    return _read(name, data, _Known())


def default_catalog_path() -> Path:
    """The bundled catalog: in the installed package, else the repository's ``data/`` folder.

    >>> default_catalog_path().name
    'instruments.toml'
    """
    bundled = importlib.resources.files("cnreg_calendar") / "data" / "instruments.toml"
    if bundled.is_file():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[2] / "data" / "instruments.toml"


def _read_file(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    name = os.fspath(path)
    try:
        return name, Path(path).read_bytes()
    except OSError as exc:
        message = f"{name}: the file cannot be read ({exc.strerror or exc}); pass the path of a catalog TOML file"
        raise CatalogError(message, (message,)) from None


@functools.cache
def _bundled() -> Catalog:
    return load_catalog([default_catalog_path()])


def load_catalog(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
) -> Catalog:
    """Load and check the bundled catalog (``None``), one file, or several combined in order.

    Ids are unique across combined files; a later file may refer to ids of an earlier one.
    Any problem raises :class:`~cnreg_calendar.errors.CatalogError` listing every problem of the
    file. The bundled catalog is read once and cached.

    >>> catalog = load_catalog()
    >>> len(catalog.instruments) > 0 and catalog is load_catalog()
    True
    """
    if paths is None:
        return _bundled()
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    if not paths:
        message = "load_catalog: no files given; pass a path or a list of paths (or None)"
        raise CatalogError(message, (message,))
    known = _Known()
    catalog: Catalog | None = None
    for path in paths:
        name, data = _read_file(path)
        part = _read(name, data, known)
        catalog = part if catalog is None else catalog.merge(part)
    assert catalog is not None
    return catalog
