"""Read the instrument catalog: TOML → checked, immutable models (``docs/catalog-format.md``).

:func:`cnreg_calendar.catalog.load_catalog` imports this module only when a catalog is not in the
on-disk cache: a command that finds its checked catalog there never pays for the checks' tables.

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
import os
import re
import reprlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from cnreg_calendar.errors import CatalogError
from cnreg_calendar.jurisdiction import check_region
from cnreg_calendar.model import (
    RULE_CLASSES,
    ArticleChange,
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
    Renumbering,
    Role,
    RuleKind,
    Source,
    SourceKind,
    Status,
    Yearly,
    article_numbers,
)
from cnreg_calendar.periods import Period

__all__ = ["parse_catalog", "read_catalogs"]

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

_Convert = Callable[["_Reader", str, Any], Any]


@attrs.frozen
class _Check:
    """How one key's value is checked: ``convert`` returns the model's value, or raises
    ValueError / TypeError for a value that is not ``noun`` (reported with ``fix``), or reports
    a more specific problem itself and returns ``BAD``."""

    noun: str
    fix: str
    convert: _Convert

    def __call__(self, r: _Reader, path: str, value: object) -> Any:
        try:
            return self.convert(r, path, value)
        except (ValueError, TypeError) as exc:
            return r.problem(path, f"must be {self.noun}, not", value, self.fix or str(exc))


def _plain(convert: Callable[[Any], Any]) -> _Convert:
    return lambda r, path, value: convert(value)


def _require(test: Callable[[Any], object]) -> _Convert:
    def convert(r: _Reader, path: str, value: Any) -> Any:
        if not test(value):
            raise ValueError(value)
        return value

    return convert


def _enum(cls: type[enum.Enum], noun: str) -> _Check:
    return _Check(noun, "accepted values: " + ", ".join(str(m.value) for m in cls), _plain(cls))


def _int(low: int, high: int, noun: str) -> _Check:
    test = _require(lambda v: type(v) is int and low <= v <= high)
    return _Check(noun, f"write a whole number from {low} to {high}", test)


def _partial_date(value: object) -> PartialDate:
    if type(value) is dt.date:  # not a datetime: a TOML date with a time is not a date
        return PartialDate.from_date(value)
    if not isinstance(value, str):
        raise TypeError(value)
    return PartialDate.parse(value)


def _month(value: object) -> PartialDate:
    date = PartialDate.parse(value) if isinstance(value, str) else None
    if date is None or date.month is None or date.is_full:
        raise ValueError(value)
    return date


def _ref(namespace: str) -> _Check:
    """An id that must name a source, authority, role, event, instrument or duty defined so far."""
    noun = f"{'an' if namespace[0] in 'aeiou' else 'a'} {namespace} id"

    def convert(r: _Reader, path: str, value: object) -> Any:
        ids = r.known.ids(namespace)
        if not isinstance(value, str):
            raise TypeError(value)
        if value in ids:
            return value
        near = difflib.get_close_matches(value, list(ids), n=3)
        hint = f"did you mean {', '.join(map(repr, near))}? " if near else ""
        fix = f"{hint}use {noun} defined in this file or an earlier one"
        return r.problem(path, f"names an unknown {namespace}", value, fix)

    return _Check(noun, 'write "<id>"', convert)


def _list(item: Callable[[_Reader, str, Any], Any], noun: str, *, nonempty: bool = False) -> _Check:
    """A list (or an array of tables), each item checked by ``item``."""

    def convert(r: _Reader, path: str, value: object) -> Any:
        if not isinstance(value, list) or (nonempty and not value):
            raise ValueError(value)
        items = [item(r, f"{path}[{i}]", v) for i, v in enumerate(value)]
        return BAD if any(v is BAD for v in items) else tuple(items)

    fix = 'write ["…", …]' if noun.startswith("a list") else "write [[…]] tables"
    return _Check(noun + (", at least one" if nonempty else ""), fix, convert)


@attrs.frozen
class _Table:
    """The keys a TOML table allows: name → (required, check); ``build`` makes the model."""

    keys: Mapping[str, tuple[bool, _Check]]
    build: Callable[[_Reader, str, dict[str, Any]], Any] = lambda r, path, values: values

    def __call__(self, r: _Reader, path: str, raw: object) -> Any:
        """Check a table's keys, convert every value, and build the model (or return BAD)."""
        if not isinstance(raw, dict):
            return r.problem(path, "must be a table, not", raw, "write a table of keys and values")
        path = _label(path, raw)
        where = path or "the top level"
        ok = True
        for key in raw:
            if key not in self.keys:
                near = difflib.get_close_matches(key, list(self.keys), n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                r.problem(
                    where, "has an unknown key", key, f"{hint}allowed: {', '.join(self.keys)}"
                )
                ok = False
        values: dict[str, Any] = {}
        for key, (required, check) in self.keys.items():
            if key not in raw:
                if required:
                    r.problem(where, "lacks the required key", key, f"add it ({check.noun})")
                    ok = False
                continue
            values[key] = check(r, f"{path}.{key}" if path else key, raw[key])
            ok = ok and values[key] is not BAD
        return self.build(r, path, values) if ok else BAD


def _label(path: str, raw: Mapping[str, object]) -> str:
    ident = raw.get("id")
    if isinstance(ident, str) and len(ident) <= 80 and _ID_RE.fullmatch(ident):
        return f"{path} ({ident})"
    return path


def _model(cls: Callable[..., Any]) -> Callable[[_Reader, str, dict[str, Any]], Any]:
    return lambda r, path, values: cls(**values)


# --- the schema (docs/catalog-format.md) --------------------------------------------------------

_TEXT = _Check(
    "non-empty text",
    'write a quoted string, e.g. "…"',
    _require(lambda v: isinstance(v, str) and v.strip()),
)
_REQ_TEXT, _OPT_TEXT = (True, _TEXT), (False, _TEXT)
_BOOL = _Check("true or false", "write true or false", _require(lambda v: isinstance(v, bool)))
_ID = (
    True,
    _Check(
        "an id",
        "use lower-case letters, digits and '-', starting with a letter or digit",
        _require(lambda v: isinstance(v, str) and _ID_RE.fullmatch(v)),
    ),
)
_DATE = _Check("a full or partial date", f"write {_DATE_FORMS}", _plain(_partial_date))
_FULL_DATE = _Check(
    "a full date",
    'write a TOML date (2023-05-24) or "2023-05-24"',
    _plain(lambda v: _partial_date(v).to_date()),
)
_PERIOD = _Check("a period", "", _plain(Period.parse))  # PeriodError says how to write one
_YEAR = _int(1, 9999, "a year")
_SOURCES = (True, _list(_ref("source"), "a list of source ids"))


def _build_fixed(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    if ("date" in values) == ("by_end_of" in values):
        fix = 'write date = 2023-05-24 or by_end_of = "2020-08"'
        return r.problem(path, "needs exactly one of", "date, by_end_of", fix)
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
            f"{path}.last_year", f"is before first_year {first}:", last, "fix the years"
        )
    return Yearly(month, day, first, last)


def _rule_table(
    kind: RuleKind,
    keys: Mapping[str, tuple[bool, _Check]],
    build: Callable[[_Reader, str, dict[str, Any]], Any] | None = None,
) -> _Table:
    def make(r: _Reader, path: str, values: dict[str, Any]) -> Any:
        values.pop("kind")
        return (build or _model(RULE_CLASSES[kind]))(r, path, values)

    return _Table({"kind": _REQ_TEXT, **keys}, make)


_EVENT = (True, _ref("event"))
_RULES: Mapping[RuleKind, _Table] = {
    RuleKind.FIXED_DATE: _rule_table(
        RuleKind.FIXED_DATE,
        {
            "date": (False, _FULL_DATE),
            "by_end_of": (
                False,
                _Check("a month", 'write a string "YYYY-MM", e.g. "2020-08"', _plain(_month)),
            ),
        },
        _build_fixed,
    ),
    RuleKind.YEARLY: _rule_table(
        RuleKind.YEARLY,
        {
            "month": (True, _int(1, 12, "a month number")),
            "day": (True, _int(1, 31, "a day of the month")),
            "first_year": (False, _YEAR),
            "last_year": (False, _YEAR),
        },
        _build_yearly,
    ),
    RuleKind.RECURRING: _rule_table(
        RuleKind.RECURRING,
        {"event": _EVENT, "period": (True, _PERIOD), "restart": (False, _BOOL)},
    ),
    RuleKind.AFTER_EVENT: _rule_table(
        RuleKind.AFTER_EVENT, {"event": _EVENT, "period": (True, _PERIOD)}
    ),
    RuleKind.BEFORE_EVENT: _rule_table(
        RuleKind.BEFORE_EVENT, {"event": _EVENT, "period": (True, _PERIOD)}
    ),
    RuleKind.FOLLOW_UP: _rule_table(
        RuleKind.FOLLOW_UP,
        {
            "duty": (True, _ref("duty")),
            "period": (True, _PERIOD),
            "completion_event": (False, _ref("event")),
        },
    ),
    RuleKind.VALIDITY: _rule_table(
        RuleKind.VALIDITY,
        {"event": _EVENT, "valid_for": (True, _PERIOD), "renew_before": (False, _PERIOD)},
    ),
}
_RULE_KIND = _enum(RuleKind, "a rule kind")


def _rule(r: _Reader, path: str, value: object) -> Any:
    """A rule table: its ``kind`` decides which keys it allows."""
    if not isinstance(value, dict):
        raise TypeError(value)
    if "kind" not in value:
        return r.problem(path, "lacks the required key", "kind", _RULE_KIND.fix)
    kind = _RULE_KIND(r, f"{path}.kind", value["kind"])
    return BAD if kind is BAD else _RULES[kind](r, path, value)


def _build_duty(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    duty = Duty(instrument_id="", **values)  # the instrument sets its id
    if isinstance(duty.rule, FollowUp):
        r.known.follows[duty.id] = duty.rule.duty
    return duty


def _check_numbering(
    r: _Reader, path: str, duties: Sequence[Duty], count: int | None, when: str
) -> bool:
    """Every own-article reference of ``duties`` must exist in a numbering of ``count`` articles."""
    ok = True
    for i, duty in enumerate(duties):
        numbers = article_numbers(duty.article)
        if count is not None and numbers and max(numbers) > count:
            r.problem(
                f"{path}.duties[{i}] ({duty.id}).article",
                f"cites an article the instrument does not have {when} ({count} articles):",
                duty.article,
                "check the article number against the text in force then",
            )
            ok = False
    return ok


def _article_changes(
    r: _Reader, path: str, duties: Sequence[Duty], values: dict[str, Any]
) -> tuple[Duty, ...] | None:
    """Give each duty the renumberings of its article; report what the numbering lacks."""
    renumberings: tuple[Renumbering, ...] = values.get("renumberings", ())
    ok = _check_numbering(r, path, duties, values.get("article_count"), "as first numbered")
    dates = [n.effective for n in renumberings]
    if dates != sorted(set(dates)):
        r.problem(f"{path}.renumberings", "are not in date order:", dates, "list them oldest first")
        return None
    changes: dict[str, list[ArticleChange]] = {d.id: [] for d in duties}
    current = {d.id: d.article for d in duties}
    for j, renumbering in enumerate(renumberings):
        where = f"{path}.renumberings[{j}]"
        numbered = []
        for duty in duties:
            if article_numbers(duty.article) is None:
                continue  # another instrument's article, or none
            article = renumbering.articles.get(duty.article)
            if article is None:
                r.problem(
                    f"{where}.articles",
                    f"does not say what duty {duty.id!r}'s article is numbered from "
                    f"{renumbering.effective}:",
                    duty.article,
                    f'add "{duty.article}" = "Art. …" (the number in the amended text)',
                )
                ok = False
                continue
            if article != current[duty.id]:
                changes[duty.id].append(
                    ArticleChange(renumbering.effective, article, renumbering.by)
                )
            current[duty.id] = article
            numbered.append(attrs.evolve(duty, article=article))
        when = f"from {renumbering.effective}"
        ok = _check_numbering(r, path, numbered, renumbering.article_count, when) and ok
    if not ok:
        return None
    return tuple(attrs.evolve(d, article_changes=tuple(changes[d.id])) for d in duties)


def _build_instrument(r: _Reader, path: str, values: dict[str, Any]) -> Any:
    duties = tuple(attrs.evolve(d, instrument_id=values["id"]) for d in values.get("duties", ()))
    numbered = _article_changes(r, path, duties, values)
    if numbered is None:
        return BAD
    values["duties"] = numbered
    return Instrument(**values)


def _article_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise TypeError(value)
    for old, new in value.items():
        if article_numbers(old) is None or not isinstance(new, str) or not article_numbers(new):
            raise ValueError(f"{old!r} = {new!r}")
    return dict(value)


def _jurisdiction(value: object) -> str:
    if not isinstance(value, str) or check_region(value) is not None:
        raise ValueError(value)
    return value


_JURISDICTION = _Check(
    "an ISO 3166-2:CN code",
    'write "CN" (national), a province such as "CN-SH" or a city such as "CN-GD-shenzhen"',
    _plain(_jurisdiction),
)
_DUTY = _Table(
    {
        "id": _ID,
        "title_en": _REQ_TEXT,
        "title_zh": _REQ_TEXT,
        "article": _REQ_TEXT,
        "applies_to": (True, _list(_ref("role"), "a list of role ids")),
        "nature": (True, _enum(Nature, "a duty nature")),
        "confidence": (True, _enum(Confidence, "a confidence")),
        "sources": _SOURCES,
        "note": _OPT_TEXT,
        "events_from": (False, _FULL_DATE),
        "events_until": (False, _FULL_DATE),
        "events_until_note": _OPT_TEXT,
        "jurisdiction": (False, _JURISDICTION),
        "rule": (True, _Check("a rule table", 'write rule = { kind = "…", … }', _rule)),
    },
    _build_duty,
)
_MILESTONE = _Table(
    {
        "kind": (True, _enum(MilestoneKind, "a milestone kind")),
        "date": (True, _DATE),
        "note": _OPT_TEXT,
        "source": (True, _ref("source")),
    },
    _model(Milestone),
)
_ARTICLE_COUNT = _int(1, 10000, "a number of articles")
_RENUMBERING = _Table(
    {
        "effective": (True, _FULL_DATE),
        "by": (True, _ref("instrument")),
        "source": (True, _ref("source")),
        "articles": (
            True,
            _Check(
                "a table of article renumberings",
                'write articles = { "Art. 21" = "Art. 23" } (old = new, as the duties cite them)',
                _plain(_article_map),
            ),
        ),
        "article_count": (False, _ARTICLE_COUNT),
    },
    _model(Renumbering),
)
_INSTRUMENT = _Table(
    {
        "id": _ID,
        "title_en": _REQ_TEXT,
        "title_zh": _OPT_TEXT,
        "short_name": _OPT_TEXT,
        "authorities": (True, _list(_ref("authority"), "a list of authority ids")),
        "kind": (True, _enum(InstrumentKind, "an instrument kind")),
        "status": (True, _enum(Status, "a status")),
        "superseded_by": (False, _ref("instrument")),
        "revises": (False, _ref("instrument")),
        "amended_by": (False, _ref("instrument")),
        "sources": (True, _list(_ref("source"), "a list of source ids", nonempty=True)),
        "note": _OPT_TEXT,
        "jurisdiction": (False, _JURISDICTION),
        "milestones": (True, _list(_MILESTONE, "an array of tables", nonempty=True)),
        "duties": (False, _list(_DUTY, "an array of tables")),
        "article_count": (False, _ARTICLE_COUNT),
        "renumberings": (False, _list(_RENUMBERING, "an array of tables")),
    },
    _build_instrument,
)
_SOURCE = _Table(
    {
        "id": _ID,
        "title": _REQ_TEXT,
        "kind": (True, _enum(SourceKind, "a source kind")),
        "url": _OPT_TEXT,
        "file": _OPT_TEXT,
        "date": (False, _DATE),
    },
    _model(Source),
)
_AUTHORITY = _Table(
    {
        "id": _ID,
        "name_en": _REQ_TEXT,
        "name_zh": _OPT_TEXT,
        "level": (True, _enum(AuthorityLevel, "an authority level")),
    },
    _model(Authority),
)
_NAMED = {"id": _ID, "name_en": _REQ_TEXT, "name_zh": _REQ_TEXT, "description": _REQ_TEXT}
_TOP = _Table(
    {
        "format": (
            True,
            _Check(
                "the format version",
                f"write format = {FORMAT}, the version this library reads",
                _require(lambda v: type(v) is int and v == FORMAT),
            ),
        ),
        "revision": (True, _FULL_DATE),
        "sources": (False, _list(_SOURCE, "an array of tables")),
        "authorities": (False, _list(_AUTHORITY, "an array of tables")),
        "roles": (False, _list(_Table(_NAMED, _model(Role)), "an array of tables")),
        "events": (False, _list(_Table(_NAMED, _model(Event)), "an array of tables")),
        "instruments": (False, _list(_INSTRUMENT, "an array of tables")),
    }
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
    import tomllib  # only a catalog not in the on-disk cache is parsed

    from cnreg_calendar import tomlguard

    found = tomlguard.problem(data)  # size, nesting and dotted-key limits before tomllib
    if found is not None:
        message = f"{name}: {found}"
        raise CatalogError(f"{name}: 1 problem\n{message}", (message,))
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
    values = _TOP(r, "", top)
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


def _read_file(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    name = os.fspath(path)
    try:
        return name, Path(path).read_bytes()
    except OSError as exc:
        message = f"{name}: the file cannot be read ({exc.strerror or exc}); pass the path of a catalog TOML file"
        raise CatalogError(message, (message,)) from None


def read_catalogs(paths: Sequence[str | os.PathLike[str]]) -> Catalog:
    """Parse and check catalog files in order (no cache): what :func:`load_catalog` derives."""
    known = _Known()
    catalog: Catalog | None = None
    for path in paths:
        name, data = _read_file(path)
        part = _read(name, data, known)
        catalog = part if catalog is None else catalog.merge(part)
    assert catalog is not None
    return catalog
