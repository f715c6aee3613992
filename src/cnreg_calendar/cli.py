"""The ``cnreg-calendar`` command: the only module that prints.

Every error the library raises on purpose becomes one line on stderr and exit status 2. Each
command imports only the modules it uses, so that a quick question (``workdays add``) starts
about as fast as the Python interpreter itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from cnreg_calendar.errors import CatalogError, CnregCalendarError

if TYPE_CHECKING:
    from cnreg_calendar.deadlines import Deadline, Schedule, UndatedDuty, WatchItem
    from cnreg_calendar.ics import FeedEvent
    from cnreg_calendar.model import Catalog, Duty, Instrument
    from cnreg_calendar.periods import Due
    from cnreg_calendar.profile import Profile
    from cnreg_calendar.workdays import ChinaCalendar

__all__ = ["main"]

PROG = "cnreg-calendar"
Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[
    str, Callable[[argparse._SubParsersAction[Any], argparse.ArgumentParser], None]
] = {}


class UsageError(CnregCalendarError):
    """Bad command-line input."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def parse_date(text: str) -> dt.date:
    """A command-line date: ``YYYY-MM-DD``.

    >>> parse_date("2026-01-04")
    datetime.date(2026, 1, 4)
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write YYYY-MM-DD, e.g. 2026-01-04"
        ) from None


def parse_anchor(text: str) -> dt.date | dt.datetime:
    """A date, or a date and time (Beijing time unless an offset is given), for ``due``.

    >>> parse_anchor("2026-09-30"), parse_anchor("2026-09-30T10:00")
    (datetime.date(2026, 9, 30), datetime.datetime(2026, 9, 30, 10, 0))
    """
    text = text.strip()
    try:
        if len(text) <= 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date or a date and time: write YYYY-MM-DD (2026-09-30) or "
            "YYYY-MM-DDTHH:MM (2026-09-30T10:00, Beijing time; add +08:00 or Z for another zone)"
        ) from None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of working days: write a whole number, e.g. 10 or -5"
        ) from None


def _whole(low: int, high: int, refusal: str) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high``, else ``refusal`` (with
    ``{text}`` for what was given) as the one-line error."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(refusal.format(text=repr(text)))
        return value

    return convert


_year = _whole(1, 9999, "{text} is not a year: write a year such as 2027")
_lead = _whole(
    0, 250, "{text}: give 0 to 250 working days before the date (0 reminds on the day itself)"
)
_port = _whole(0, 65535, "{text} is not a TCP port: give 1 to 65535, or 0 for any free port")


#: C0 and C1 control characters (and DEL), which a terminal would obey instead of showing.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    r"""``text`` with control characters escaped, so names from a file cannot drive the terminal.

    >>> print(visible("ok\x1b[31m red\x07"))
    ok\x1b[31m red\x07
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _json(data: Any, **options: Any) -> str:
    import json  # only JSON output needs it

    return json.dumps(data, **options)


def emit(args: argparse.Namespace, data: Any, text: str) -> int:
    """Print ``data`` as JSON with ``--json``, else ``text``; return exit status 0."""
    if getattr(args, "json", False):
        print(_json(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
    else:
        print(visible(text))
    return 0


def calendar_from(args: argparse.Namespace) -> ChinaCalendar:
    """The working-day calendar the options ask for."""
    from cnreg_calendar.workdays import china_calendar

    return china_calendar(provisional=args.provisional, overlays=args.overlay or ())


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--provisional",
        action="store_true",
        help="estimate years whose State Council notice is not yet published (flagged)",
    )
    common.add_argument(
        "--overlay",
        action="append",
        metavar="FILE",
        help="a holiday-notice overlay (docs/holiday-overlays.md); may be repeated",
    )
    return common


def _parser(
    sub: argparse._SubParsersAction[Any],
    name: str,
    help: str,
    example: str,
    parents: Sequence[argparse.ArgumentParser] = (),
    json_output: bool = True,
) -> argparse.ArgumentParser:
    """A command with its help line, an example, and ``--json`` where it can print JSON."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog=f"example:\n  {example}",
        parents=list(parents),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if json_output:
        _json_option(parser)
    return parser


# -- workdays ------------------------------------------------------------------------------


def _workdays_add(args: argparse.Namespace) -> int:
    cal = calendar_from(args)
    result = cal.add_working_days(args.date, args.n)
    provisional = cal.depends_on_estimate(args.date, result)
    flag = "  (provisional: depends on an estimated year)" if provisional else ""
    data = {"start": args.date, "n": args.n, "date": result, "provisional": provisional}
    return emit(args, data, f"{result.isoformat()}{flag}")


def _workdays_between(args: argparse.Namespace) -> int:
    cal = calendar_from(args)
    count = cal.working_days_between(args.start, args.end)
    provisional = cal.depends_on_estimate(args.start, args.end)
    data = {"start": args.start, "end": args.end, "working_days": count}
    data["provisional"] = provisional
    return emit(args, data, f"{count}{'  (provisional)' if provisional else ''}")


def _workdays_check(args: argparse.Namespace) -> int:
    cal = calendar_from(args)
    working = cal.is_working_day(args.date)
    names = cal.holiday_name(args.date)
    weekend = args.date.weekday() >= 5
    if working and weekend:
        what = "a working day: a make-up working day (调休上班)"
    elif working:
        what = "a working day"
    elif names:
        what = "a day off (放假)"
    else:
        what = "a weekend rest day"
    if names:
        what += f" for {names[0]} / {names[1]}"
    provisional = cal.is_provisional(args.date)
    data = {"date": args.date, "working_day": working, "holiday": names, "provisional": provisional}
    text = f"{args.date.isoformat()} ({_WEEKDAY_NAMES[args.date.weekday()]}) is {what}"
    text += "  (provisional)" if provisional else ""
    return emit(args, data, text + _installed_note(cal, args.date.year))


def _holidays(args: argparse.Namespace) -> int:
    cal = calendar_from(args)
    arrangement = cal.year(args.year)
    status = "published" if arrangement.published else "NOT published: estimated (provisional)"
    lines = [f"{args.year}: {status}"]
    if arrangement.notice:
        lines.append(f"  notice: {arrangement.notice.cite()}")
        lines.extend(f"  revised: {r}" for r in arrangement.notice.revisions)
    rows = []
    for hol in arrangement.holidays:
        make_up = ", ".join(d.isoformat() for d in hol.make_up_days) or "—"
        lines.append(
            f"  {hol.first} – {hol.last}  {hol.days} day(s) off  {hol.name_zh} / {hol.name_en}"
            f"   make-up working days: {make_up}"
        )
        rows.append(
            {
                "name_zh": hol.name_zh,
                "name_en": hol.name_en,
                "first": hol.first,
                "last": hol.last,
                "days": hol.days,
                "make_up_days": list(hol.make_up_days),
            }
        )
    if not arrangement.published:
        lines.append("  make-up working days cannot be estimated: none are assumed")
    data = {
        "year": args.year,
        "published": arrangement.published,
        "notice": arrangement.notice.cite() if arrangement.notice else None,
        "holidays": rows,
    }
    return emit(args, data, "\n".join(lines))


def due_to_json(result: Due) -> dict[str, Any]:
    """A computed date and its explanation as plain data."""
    return {
        "anchor": result.anchor.isoformat(),
        "period": str(result.period) if result.period else None,
        "before": result.before,
        "date": result.date.isoformat(),
        "provisional": result.provisional,
        "steps": [
            {"date": s.date.isoformat(), "rule": s.rule, "text": s.text} for s in result.steps
        ],
    }


def _due(args: argparse.Namespace) -> int:
    from cnreg_calendar.periods import due

    cal = calendar_from(args)
    result = due(args.anchor, args.period, cal, before=args.before)
    text = f"{result.date.isoformat()}\n{result.explanation()}"
    first, last = sorted((args.anchor.year, result.date.year))
    years = range(first, last + 1)
    return emit(args, due_to_json(result), text + "".join(_installed_note(cal, y) for y in years))


def _installed_note(cal: ChinaCalendar, year: int) -> str:
    """A line saying that ``year``'s days come from an installed notice overlay, if they do."""
    notice = cal.notice(year)
    if notice is None or notice.imported is None:
        return ""
    return f"\n{year}: from {notice.reference or notice.title}, installed overlay imported {notice.imported}"


def _group(
    sub: argparse._SubParsersAction[Any], name: str, help: str, description: str, actions: str
) -> argparse._SubParsersAction[Any]:
    """A command made of actions (``workdays add``, ``catalog changes``): its actions' parsers."""
    group = sub.add_parser(name, help=help, description=description)
    actions_parsers: argparse._SubParsersAction[Any] = group.add_subparsers(
        dest="action", required=True, parser_class=_Parser, metavar="ACTION", help=actions
    )
    return actions_parsers


def _register_workdays(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    wsub = _group(
        sub,
        "workdays",
        "working-day arithmetic: add, between, check",
        "Working-day arithmetic on the State Council's holiday notices (调休 included).",
        "add, between or check",
    )
    add = _parser(
        wsub,
        "add",
        "the N-th working day after DATE (before it if N < 0); DATE itself never counts",
        f"{PROG} workdays add 2026-09-30 10",
        [common],
    )
    add.add_argument("date", type=parse_date, help="the start day, YYYY-MM-DD")
    add.add_argument("n", type=_int, help="how many working days (negative: count back)")
    add.set_defaults(handler=_workdays_add)
    between = _parser(
        wsub,
        "between",
        "the number of working days d with START < d <= END",
        f"{PROG} workdays between 2026-01-01 2026-12-24",
        [common],
    )
    between.add_argument("start", type=parse_date, help="the first day, not counted")
    between.add_argument("end", type=parse_date, help="the last day, counted")
    between.set_defaults(handler=_workdays_between)
    check = _parser(
        wsub,
        "check",
        "is DATE a working day, and why",
        f"{PROG} workdays check 2026-01-04",
        [common],
    )
    check.add_argument("date", type=parse_date, help="the day to check, YYYY-MM-DD")
    check.set_defaults(handler=_workdays_check)

    hol = _parser(
        sub,
        "holidays",
        "a year's days off and make-up working days, with its notice",
        f"{PROG} holidays 2026",
        [common],
    )
    hol.add_argument("year", type=_year, help="the year, e.g. 2026")
    hol.set_defaults(handler=_holidays)

    due_parser = _parser(
        sub,
        "due",
        "the due date of a period from an anchor, explained",
        f'{PROG} due 2023-05-24 "1 month"',
        [common],
    )
    due_parser.add_argument(
        "anchor",
        type=parse_anchor,
        help="the day (YYYY-MM-DD) or moment (YYYY-MM-DDTHH:MM, Beijing time) the period runs from",
    )
    due_parser.add_argument(
        "period",
        help="e.g. '10 working days' ('10 workdays'), '30 days', '6 months', '1 year', '4 hours'",
    )
    due_parser.add_argument(
        "--before",
        action="store_true",
        help="count back from the anchor ('60 working days before')",
    )
    due_parser.set_defaults(handler=_due)


_COMMANDS["workdays"] = _register_workdays


# -- the catalog ---------------------------------------------------------------------------


def catalog_from(args: argparse.Namespace) -> Catalog:
    """The bundled catalog, plus the files given with ``--catalog``."""
    from cnreg_calendar.catalog import default_catalog_path, load_catalog

    extra = getattr(args, "catalog", None) or []
    if not extra:
        return load_catalog()
    return load_catalog([default_catalog_path(), *extra])


def _catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        action="append",
        metavar="FILE",
        help="an extra catalog file combined with the bundled one (e.g. internal duties)",
    )


def _validate(args: argparse.Namespace) -> int:
    from cnreg_calendar.catalog import default_catalog_path, load_catalog

    try:
        catalog = load_catalog(args.paths or None)
    except CatalogError as exc:
        if args.json:
            print(_json({"ok": False, "problems": list(exc.problems)}, ensure_ascii=False))
        for line in exc.problems:
            print(visible(line), file=sys.stderr)
        print(
            f"{PROG}: {len(exc.problems)} problem(s); the catalog was not loaded", file=sys.stderr
        )
        return 2
    where = ", ".join(args.paths) if args.paths else str(default_catalog_path())
    text = (
        f"{where}: OK, {len(catalog.instruments)} instruments, {len(catalog.duties)} duties, "
        f"{len(catalog.roles)} roles, {len(catalog.events)} events"
    )
    data = {"ok": True, "instruments": len(catalog.instruments), "duties": len(catalog.duties)}
    return emit(args, data, text)


def _milestone_text(instrument: Instrument) -> str:
    return "; ".join(f"{m.kind.value} {m.date}" for m in instrument.milestones)


def _instrument_data(instrument: Instrument) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "title_en": instrument.title_en,
        "title_zh": instrument.title_zh,
        "short_name": instrument.short_name,
        "kind": instrument.kind.value,
        "status": instrument.status.value,
        "authorities": list(instrument.authorities),
        "jurisdiction": instrument.jurisdiction,
        "milestones": [
            {"kind": m.kind.value, "date": str(m.date), "note": m.note, "source": m.source}
            for m in instrument.milestones
        ],
        "superseded_by": instrument.superseded_by,
        "revises": instrument.revises,
        "amended_by": instrument.amended_by,
        "sources": list(instrument.sources),
        "note": instrument.note,
        "duties": [
            {
                "id": d.id,
                "title_en": d.title_en,
                "title_zh": d.title_zh,
                "article": d.article,
                "applies_to": list(d.applies_to),
                "nature": d.nature.value,
                "confidence": d.confidence.value,
                "binding": d.is_binding and not instrument.is_draft,
                "rule": _rule_text(d),
            }
            for d in instrument.duties
        ],
    }


def _rule_text(duty: Duty) -> str:
    import attrs

    fields = attrs.asdict(duty.rule, recurse=False)
    parts = ", ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, False))
    return f"{duty.rule.kind.value}: {parts}"


def _in_region(instrument: Instrument, region: str) -> bool:
    """Whether the instrument (or one of its duties) binds in ``region`` itself: ``CN`` lists
    the national ones, ``CN-SH`` Shanghai's."""
    places = {
        instrument.jurisdiction,
        *(d.jurisdiction for d in instrument.duties if d.jurisdiction),
    }
    return region in places


def _matches(instrument: Instrument, args: argparse.Namespace) -> bool:
    if args.status and instrument.status.value != args.status:
        return False
    if args.kind and instrument.kind.value != args.kind:
        return False
    if args.authority and args.authority not in instrument.authorities:
        return False
    if args.year and not any(m.date.year == args.year for m in instrument.milestones):
        return False
    if args.region and not _in_region(instrument, args.region):
        return False
    if args.search:
        text = " ".join(
            filter(
                None,
                [instrument.id, instrument.title_en, instrument.title_zh, instrument.short_name],
            )
        )
        return args.search.casefold() in text.casefold()
    return True


def _instruments(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    found = [i for i in catalog.instruments if _matches(i, args)]
    lines = [
        f"{i.id}  [{i.status.value}, {i.kind.value}, {'/'.join(i.authorities)}"
        + ("" if i.jurisdiction == "CN" else f", {i.jurisdiction}")
        + "]\n"
        f"    {i.title_en}"
        + (f" / {i.title_zh}" if i.title_zh else "")
        + f"\n    {_milestone_text(i)}"
        for i in found
    ]
    lines.append(f"{len(found)} of {len(catalog.instruments)} instruments")
    return emit(args, [_instrument_data(i) for i in found], "\n".join(lines))


def _instrument(args: argparse.Namespace) -> int:
    from cnreg_calendar.jurisdiction import region_name

    catalog = catalog_from(args)
    try:
        instrument = catalog.instrument(args.id)
    except KeyError as exc:
        message = str(exc).strip("\"'")
        raise UsageError(f"{message}; list the ids with `cnreg-calendar instruments`") from None
    data = _instrument_data(instrument)
    lines = [f"{instrument.title_en}"]
    if instrument.title_zh:
        lines.append(instrument.title_zh)
    lines.append(
        f"id: {instrument.id}; kind: {instrument.kind.value}; status: {instrument.status.value}; "
        f"authorities: {', '.join(instrument.authorities)}; "
        f"jurisdiction: {region_name(instrument.jurisdiction)}"
    )
    for key in ("superseded_by", "revises", "amended_by"):
        if data[key]:
            lines.append(f"{key.replace('_', ' ')}: {data[key]}")
    lines.append("milestones:")
    lines += [
        f"  {m.date}  {m.kind.value}" + (f" — {m.note}" if m.note else "")
        for m in instrument.milestones
    ]
    if instrument.note:
        lines.append(f"note: {instrument.note}")
    lines.append(f"sources: {', '.join(instrument.sources)}")
    for duty in data["duties"]:
        lines.append(
            f"duty {duty['id']} ({duty['article']}; {duty['confidence']}; "
            f"{'binding' if duty['binding'] else 'not binding'})\n  {duty['title_en']}\n  "
            f"{duty['title_zh']}\n  applies to: {', '.join(duty['applies_to'])}\n  rule: {duty['rule']}"
        )
    return emit(args, data, "\n".join(lines))


def _roles(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    items = catalog.roles if args.command == "roles" else catalog.events
    data = [
        {"id": r.id, "name_en": r.name_en, "name_zh": r.name_zh, "description": r.description}
        for r in items
    ]
    text = "\n".join(
        f"{r.id:34s} {r.name_zh} / {r.name_en}\n{'':34s} {r.description}" for r in items
    )
    return emit(args, data, text)


def _changes(args: argparse.Namespace) -> int:
    import textwrap

    from cnreg_calendar.changelog import changes_since

    found = changes_since(args.since)
    data = [
        {"date": r.date.isoformat(), "summary": r.summary, "added": r.added, "changed": r.changed}
        for r in found
    ]
    blocks = []
    for r in found:
        lines = textwrap.wrap(
            f"{r.date}  {r.summary}", 100, subsequent_indent=" " * 12, break_on_hyphens=False
        )
        lines += [f"  added:   {', '.join(r.added)}"] if r.added else []
        lines += [f"  changed: {', '.join(r.changed)}"] if r.changed else []
        blocks.append("\n".join(lines))
    since = f" since {args.since}" if args.since else ""
    blocks.append(f"{len(found)} catalog revision(s){since}")
    return emit(args, data, "\n\n".join(blocks))


def _register_catalog(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    gsub = _group(
        sub,
        "catalog",
        "about the catalog data itself: changes",
        "About the catalog data itself.",
        "changes: what each catalog revision added or changed",
    )
    changes = _parser(
        gsub,
        "changes",
        "what each catalog revision added or changed",
        f"{PROG} catalog changes --since 2026-12-01",
        [common],
    )
    changes.add_argument(
        "--since", type=parse_date, help="only revisions dated on or after this day"
    )
    changes.set_defaults(handler=_changes)
    validate = _parser(
        sub,
        "validate",
        "check catalog files, listing every problem",
        f"{PROG} validate my-duties.toml",
        [common],
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="catalog files (default: the bundled catalog)"
    )
    validate.set_defaults(handler=_validate)
    listing = _parser(
        sub,
        "instruments",
        "list and filter the catalog's instruments",
        f"{PROG} instruments --authority cac --year 2023 --search 出境",
        [common],
    )
    listing.add_argument("--status", help="draft, promulgated, in-force, amended, superseded, …")
    listing.add_argument("--authority", help="an authority id, e.g. cac, miit, sca")
    listing.add_argument("--kind", help="law, administrative-regulation, departmental-rule, …")
    listing.add_argument("--year", type=_year, help="a year of any of its milestones")
    listing.add_argument("--search", help="text in the id or the English or Chinese title")
    listing.add_argument(
        "--region", help="a jurisdiction: CN (national) or an ISO 3166-2:CN code, e.g. CN-SH"
    )
    listing.set_defaults(handler=_instruments)
    one = _parser(
        sub,
        "instrument",
        "one instrument with its milestones and duties",
        f"{PROG} instrument commercial-cryptography-regulations-2023",
        [common],
    )
    one.add_argument("id", help="the instrument's id (listed by `instruments`)")
    one.set_defaults(handler=_instrument)
    for name, what in (
        ("roles", "the roles duties apply to"),
        ("events", "the events a profile records"),
    ):
        parser = _parser(sub, name, f"list {what}", f"{PROG} {name}", [common])
        parser.set_defaults(handler=_roles)
        _catalog_option(parser)
    _catalog_option(listing)
    _catalog_option(one)


_COMMANDS["catalog"] = _register_catalog


# -- deadlines, watch, feeds ------------------------------------------------------------------


def _range(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    """``--from`` (default: today) and ``--to`` (default: 31 December of next year)."""
    from cnreg_calendar.workdays import FIRST_DAY, LAST_YEAR

    start = args.start or dt.date.today()
    end = args.end or dt.date(start.year + 1, 12, 31)
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}; give a range forwards in time")
    for flag, day in (("--from", start), ("--to", end)):
        if not FIRST_DAY <= day <= dt.date(LAST_YEAR, 12, 31):
            raise UsageError(
                f"{flag} {day}: the working-day data covers {FIRST_DAY.year} to {LAST_YEAR}; "
                "give a range within those years"
            )
    return start, end


def _range_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=parse_date, help="first day (default: today)")
    parser.add_argument(
        "--to", dest="end", type=parse_date, help="last day (default: 31 December of next year)"
    )


def _check_flags(args: argparse.Namespace) -> None:
    """Refuse flags that contradict each other instead of silently preferring one."""
    if getattr(args, "strict", False) and getattr(args, "provisional", False):
        raise UsageError(
            "--strict and --provisional contradict each other: --strict refuses years without "
            "a published holiday notice, --provisional estimates them; give one of them"
        )
    fmt = getattr(args, "format", None)
    if getattr(args, "json", False) and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} contradict each other; give one of them")


def _format(args: argparse.Namespace) -> str:
    return "json" if args.json else (args.format or "table")


def _profile(args: argparse.Namespace, path: str, catalog: Catalog) -> Profile:
    import attrs

    from cnreg_calendar.profile import load_profile

    profile = load_profile(path, catalog)
    if args.drafts:
        profile = attrs.evolve(profile, include_drafts=True)
    if args.strict:
        profile = attrs.evolve(profile, strict=True)
    return profile


def _calendar_for(args: argparse.Namespace, profile: Profile) -> ChinaCalendar:
    from cnreg_calendar.workdays import china_calendar

    return china_calendar(provisional=not profile.strict, overlays=args.overlay or ())


def _marks(deadline: Deadline) -> str:
    from cnreg_calendar.deadlines import Mark

    marks = deadline.marks
    words = []
    if Mark.PROVISIONAL in marks:
        words.append("PROVISIONAL")
    if Mark.ASSUMED in marks:
        words.append("ASSUMED")
    if Mark.DRAFT in marks:
        words.append("DRAFT")
    elif Mark.NOT_BINDING in marks:
        words.append("NOT BINDING")
    return ",".join(words)


def _print_csv(rows: list[dict[str, Any]], fieldnames: list[str]) -> None:
    import csv

    writer = csv.DictWriter(sys.stdout, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: visible(v) if isinstance(v, str) else v for k, v in row.items()})


def _deadlines(args: argparse.Namespace) -> int:
    from cnreg_calendar.deadlines import schedule

    _check_flags(args)
    catalog = catalog_from(args)
    start, end = _range(args)
    profiles = [_profile(args, path, catalog) for path in args.profile]
    found = [(p, schedule(p, start, end, catalog, _calendar_for(args, p))) for p in profiles]
    deadlines = [d for _, ds in found for d in ds]
    undated = [u for _, ds in found for u in ds.undated]
    fmt = _format(args)
    if fmt == "json":
        from cnreg_calendar.export import deadlines_json

        print(deadlines_json(deadlines, undated))
    elif fmt == "csv":
        from cnreg_calendar.export import deadline_rows

        rows = deadline_rows(deadlines, undated)
        _print_csv(rows, list(rows[0]) if rows else ["date"])
    else:
        tables = [_table(p, start, end, ds, args.explain) for p, ds in found]
        print(visible("\n\n".join(tables)))
    if undated and args.fail_on_undated:
        print(
            f"{PROG}: {len(undated)} duty(ies) cannot be dated: record "
            + ", ".join(sorted({e for u in undated for e in u.record}))
            + " in the profile's [events]",
            file=sys.stderr,
        )
        return 3
    return 0


def _table(profile: Profile, start: dt.date, end: dt.date, found: Schedule, explain: bool) -> str:
    lines = [f"{profile.name}: {len(found)} deadline(s) from {start} to {end}", ""]
    for d in found:
        when = (
            d.time.strftime("%Y-%m-%d %H:%M")
            if d.time
            else f"{d.date} {_WEEKDAYS[d.date.weekday()]}"
        )
        marks = _marks(d)
        lines.append(f"{when:16s}  {d.duty.title_zh}" + (f"   【{marks}】" if marks else ""))
        lines.append(f"{'':16s}  {d.duty.title_en}")
        lines.append(
            f"{'':16s}  {d.instrument.short_name or d.instrument.title_en}, "
            f"{d.duty.article_on(d.date)}; {d.rule}"
        )
        if explain:
            lines += [f"{'':16s}    {line}" for line in d.explanation().splitlines()]
        lines.append("")
    if found.undated:
        lines.append(f"{len(found.undated)} duty(ies) that apply but cannot be dated:")
        lines.append("")
        for u in found.undated:
            lines.append(f"{'undated':16s}  {u.duty.title_zh}   【UNDATED】")
            lines.append(f"{'':16s}  {u.duty.title_en}")
            lines.append(f"{'':16s}  {u.reason}")
            if u.record:
                lines.append(f"{'':16s}  record: {', '.join(u.record)}")
            lines.append("")
    lines.append(
        "PROVISIONAL: depends on a year whose State Council holiday notice is not yet published. "
        "ASSUMED: counted from a projected date, not a recorded one. DRAFT: from a draft for "
        "comment, not binding. --explain shows every rule and article."
        + (
            " UNDATED: applies, but cannot be dated: its event is not recorded, or a strict"
            " schedule refuses a year whose holiday notice is unpublished."
            if found.undated
            else ""
        )
    )
    return "\n".join(lines)


#: English weekday abbreviations, fixed: output never depends on the process locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _watch(args: argparse.Namespace) -> int:
    from cnreg_calendar.deadlines import watch
    from cnreg_calendar.export import watch_json, watch_rows

    _check_flags(args)
    catalog = catalog_from(args)
    start, end = _range(args)
    items = watch(start, end, catalog)
    rows = watch_rows(items)
    fmt = _format(args)
    if fmt == "json":
        print(watch_json(items))
    elif fmt == "csv":
        _print_csv(rows, list(rows[0]) if rows else ["date"])
    else:
        lines = [
            f"{w.date} {w.kind:14s} {w.instrument.title_en}" + (f" — {w.note}" if w.note else "")
            for w in items
        ]
        if items:
            lines.append(f"{len(items)} milestone(s) from {start} to {end}")
        else:  # an empty watch says how current the data is, not just "nothing"
            lines.append(
                f"no effective date, comment deadline or other milestone is known from {start} to "
                f"{end}; the catalog was last revised on {catalog.revision} "
                f"(`{PROG} catalog changes` lists what each revision added)"
            )
        print(visible("\n".join(lines)))
    return 0


def _output(args: argparse.Namespace) -> str:
    """``-o``: a file whose folder exists, or ``-`` for standard output."""
    output: str = args.output
    if output == "-":
        return output
    if not output.strip():
        raise UsageError(
            "-o: give a file name, e.g. -o deadlines.ics (or -o - for standard output)"
        )
    path = Path(output)
    if path.is_dir():
        raise UsageError(
            f"-o {output}: that is a folder; give a file name such as {path / 'deadlines.ics'}"
        )
    folder = path.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"-o {output}: the folder {folder} does not exist; create it first")
    return output


def _ics(args: argparse.Namespace) -> int:
    from cnreg_calendar.feeds import revision_of

    _check_flags(args)
    output = _output(args)
    if args.split and output == "-":
        raise UsageError("--split writes several files: give -o FILE.ics, not standard output")
    if not (args.workdays or args.watch or args.profile):
        raise UsageError("say what to export: --profile FILE, --watch or --workdays YEARS")
    catalog = catalog_from(args)
    calendar = _feed_calendar(args)
    revision = revision_of(catalog, calendar)
    profiles = [_profile(args, path, catalog) for path in args.profile or []]
    items, name, left_out = _feed_items(args, catalog, calendar, profiles)
    if profiles:
        revision = max(revision, revision_of(catalog, calendar, profiles))
    # A feed of several organisations names the organisation in each of their events.
    organisations = {p.id: p.name for p in profiles} if len(profiles) > 1 else None
    if args.split:
        status = _write_split(args, items, name, revision, calendar, organisations)
    else:
        status = _write_one(args, output, items, name, revision, calendar, organisations)
    # A feed cannot hold a duty without a date: say which are left out, and why (never silent).
    for profile, undated in left_out:
        print(
            visible(
                f"{PROG}: warning: {profile.name}: {undated.duty.id} could not be dated and is not "
                f"in the feed: {undated.reason}"
                + (f"; record {', '.join(undated.record)}" if undated.record else "")
            ),
            file=sys.stderr,
        )
    return 3 if left_out and args.fail_on_undated else status


def _feed_calendar(args: argparse.Namespace) -> ChinaCalendar:
    from cnreg_calendar.workdays import china_calendar

    return china_calendar(provisional=not args.strict, overlays=args.overlay or ())


def _feed_items(
    args: argparse.Namespace, catalog: Catalog, calendar: ChinaCalendar, profiles: list[Profile]
) -> tuple[list[Deadline | WatchItem | FeedEvent], str, list[tuple[Profile, UndatedDuty]]]:
    """What ``ics`` exports, the calendar's name, and the duties it leaves out (undated)."""
    from cnreg_calendar.deadlines import schedule, watch
    from cnreg_calendar.feeds import parse_years, workday_events

    items: list[Deadline | WatchItem | FeedEvent] = []
    names: list[str] = []
    left_out: list[tuple[Profile, UndatedDuty]] = []
    if args.workdays:
        years = parse_years(args.workdays)
        items += workday_events(calendar, years)
        names.append(f"中国工作日与调休 China working days {years[0]}–{years[-1]}")
    if args.watch:
        start, end = _range(args)
        items += watch(start, end, catalog)
        names.append("法规动态 Regulatory watch")
    if profiles:
        start, end = _range(args)
        for profile in profiles:
            found = schedule(profile, start, end, catalog, _calendar_for(args, profile))
            items += found
            left_out += [(profile, u) for u in found.undated]
        names.append("合规期限 Deadlines: " + " · ".join(p.name for p in profiles))
    return items, " + ".join(names), left_out


def _write_one(
    args: argparse.Namespace,
    output: str,
    items: list[Deadline | WatchItem | FeedEvent],
    name: str,
    revision: dt.datetime,
    calendar: ChinaCalendar,
    organisations: dict[str, str] | None,
) -> int:
    import warnings

    from cnreg_calendar.feeds import to_ics, write_feed
    from cnreg_calendar.ics import FEED_SIZE_LIMIT, FeedSizeWarning

    with warnings.catch_warnings():
        # The size is reported below, in one line that says what to do.
        warnings.simplefilter("ignore", FeedSizeWarning)
        if output == "-":
            feed = to_ics(
                items,
                name=name,
                revision=revision,
                calendar=calendar,
                alarm_working_days=args.alarm_working_days,
                organisations=organisations,
            )
            sys.stdout.buffer.write(feed)
            sys.stdout.flush()
            size = len(feed)
        else:
            size = write_feed(
                items,
                output,
                name=name,
                revision=revision,
                calendar=calendar,
                alarm_working_days=args.alarm_working_days,
                organisations=organisations,
            )
    where = "standard output" if output == "-" else output
    if args.json:
        print(
            _json([{"path": output, "events": len(items), "bytes": size}]),
            file=sys.stderr if output == "-" else sys.stdout,
        )
    else:
        print(f"{where}: {len(items)} event(s), {size:,} bytes", file=sys.stderr)
    if size > FEED_SIZE_LIMIT:
        print(_too_large(where, size), file=sys.stderr)
    return 0


def _too_large(where: str, size: int) -> str:
    return (
        f"{PROG}: warning: {where} is {size / 1_000_000:.1f} MB, more than the ~1 MB Google "
        "Calendar accepts for a subscription; split it with --split entity (or --split "
        "authority), or narrow it with --from/--to"
    )


def _write_split(
    args: argparse.Namespace,
    items: list[Deadline | WatchItem | FeedEvent],
    name: str,
    revision: dt.datetime,
    calendar: ChinaCalendar,
    organisations: dict[str, str] | None,
) -> int:
    """One feed per authority or entity, next to ``-o``: ``deadlines.ics`` → ``deadlines-cac.ics``."""
    from cnreg_calendar.export import write_split_feeds
    from cnreg_calendar.ics import FEED_SIZE_LIMIT

    written = write_split_feeds(
        items,
        args.output,
        by=args.split,
        name=name,
        revision=revision,
        calendar=calendar,
        alarm_working_days=args.alarm_working_days,
        organisations=organisations,
    )
    for feed in written:
        if not args.json:
            print(f"{feed.path}: {feed.events} event(s), {feed.size:,} bytes", file=sys.stderr)
        if feed.size > FEED_SIZE_LIMIT:
            print(_too_large(str(feed.path), feed.size), file=sys.stderr)
    if args.json:
        report = [{"path": str(f.path), "events": f.events, "bytes": f.size} for f in written]
        print(_json(report, ensure_ascii=False))
    if not written:
        print(f"{args.output}: nothing to export in the range; no file written", file=sys.stderr)
    return 0


def _publish(args: argparse.Namespace) -> int:
    from cnreg_calendar.feeds import parse_years
    from cnreg_calendar.publish import publish

    _check_flags(args)
    start, end = _range(args)
    years = parse_years(args.workdays) if args.workdays else ()
    paths = publish(
        args.profile,
        args.output,
        start=start,
        end=end,
        catalog=catalog_from(args),
        workday_years=years,
        alarm_working_days=args.alarm_working_days,
        base_url=args.base_url,
        force=getattr(args, "force", False),
    )
    if args.base_url is None:
        print(
            "no --base-url: the page offers download links only; pass --base-url "
            "https://…/ (where the folder will be served) for subscription links",
            file=sys.stderr,
        )
    if args.json:
        print(_json([str(p) for p in paths], ensure_ascii=False))
    else:
        for path in paths:
            print(visible(str(path)))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from cnreg_calendar.serve import serve

    _check_flags(args)
    regenerate = None
    if args.profile:
        # The page's subscription links point at this server unless told otherwise (port 0: the
        # address is known only once listening, after this first publication).
        host = f"[{args.host}]" if ":" in args.host else args.host
        own = f"http://{host}:{args.port}/" if args.port else None
        base = args.base_url or own

        def regenerate() -> None:
            _publish(
                argparse.Namespace(
                    **{**vars(args), "output": args.directory, "base_url": base, "json": False}
                )
            )

        regenerate()

    def ready(url: str) -> None:  # after the bind: the real port of --port 0
        print(f"serving {args.directory} on {url} (Ctrl-C stops)", file=sys.stderr, flush=True)

    serve(
        args.directory,
        args.host,
        args.port,
        regenerate=regenerate,
        interval=args.interval,
        ready=ready,
    )
    return 0


def _workdays_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workdays",
        "--workday-years",  # the earlier name, still accepted
        dest="workdays",
        metavar="YEARS",
        help="also a feed of days off and make-up working days: 2026, 2025,2026 or 2025-2027",
    )


def _register_schedule(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    profile_opts = argparse.ArgumentParser(add_help=False)
    profile_opts.add_argument(
        "--drafts", action="store_true", help="also show duties from drafts (not binding)"
    )
    profile_opts.add_argument(
        "--strict",
        action="store_true",
        help="give no date that depends on a year without a published holiday notice (such "
        "duties are listed as undated)",
    )
    profile_opts.add_argument(
        "--fail-on-undated",
        action="store_true",
        help="exit with status 3 when a duty applies but cannot be dated (after the output)",
    )
    alarm = argparse.ArgumentParser(add_help=False)
    alarm.add_argument(
        "--alarm-working-days",
        type=_lead,
        metavar="N",
        help="one reminder N working days before each date (0-250; 0: on the day, 09:00)",
    )
    deadlines = _parser(
        sub,
        "deadlines",
        "an organisation's deadlines, explained",
        f"{PROG} deadlines --profile examples/cloud-ciio.toml --from 2026-01-01 --to 2027-12-31",
        [common, profile_opts],
    )
    deadlines.add_argument(
        "--profile",
        action="append",
        required=True,
        metavar="FILE",
        help="an organisation's profile (TOML); repeat for several organisations",
    )
    deadlines.add_argument(
        "--format", choices=("table", "json", "csv"), help="output format (default: table)"
    )
    deadlines.add_argument(
        "--explain", action="store_true", help="show each date's rules and articles"
    )
    deadlines.set_defaults(handler=_deadlines)
    watching = _parser(
        sub,
        "watch",
        "the catalog's milestones (comment deadlines, effective dates …)",
        f"{PROG} watch --from 2026-01-01 --to 2026-12-31",
        [common],
    )
    watching.add_argument(
        "--format", choices=("table", "json", "csv"), help="output format (default: table)"
    )
    watching.set_defaults(handler=_watch)
    ics = _parser(
        sub,
        "ics",
        "write an iCalendar feed (deadlines, regulatory watch, working days)",
        f"{PROG} ics --profile examples/cloud-ciio.toml -o cloud.ics --alarm-working-days 5",
        [common, profile_opts, alarm],
    )
    ics.add_argument(
        "--profile", action="append", metavar="FILE", help="a profile's deadlines (repeatable)"
    )
    ics.add_argument("--watch", action="store_true", help="the regulatory-watch milestones")
    _workdays_option(ics)
    ics.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.ics",
        help="the feed file, written atomically; - writes to standard output",
    )
    ics.add_argument(
        "--split",
        choices=("authority", "entity"),
        help="one feed per lead authority or per organisation, named FILE-<group>.ics "
        "(keeps each feed under the ~1 MB clients accept); all written or none",
    )
    ics.set_defaults(handler=_ics)
    pub = _parser(
        sub,
        "publish",
        "write a folder of feeds and an index.html for a web server",
        f"{PROG} publish --profile examples/cloud-ciio.toml -o site --base-url https://example.org/cal/",
        [common, alarm],
    )
    pub.add_argument(
        "--profile", action="append", required=True, metavar="FILE", help="a profile (repeatable)"
    )
    pub.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write")
    pub.add_argument("--base-url", help="where the folder will be served, for webcal:// links")
    pub.add_argument(
        "--force",
        action="store_true",
        help="replace files in DIR that have a feed's name but were not written by publish",
    )
    _workdays_option(pub)
    pub.set_defaults(handler=_publish)
    srv = _parser(
        sub,
        "serve",
        "serve a published folder on loopback for subscriptions",
        f"{PROG} serve site --profile examples/cloud-ciio.toml --port 8080",
        [common, alarm],
        json_output=False,
    )
    srv.add_argument("directory", help="the published folder to serve")
    srv.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: loopback)"
    )
    srv.add_argument(
        "--port", type=_port, default=8080, help="the TCP port (default 8080; 0: any free port)"
    )
    srv.add_argument(
        "--profile", action="append", metavar="FILE", help="publish these first and regenerate"
    )
    srv.add_argument(
        "--interval", type=float, default=3600, help="seconds between regenerations (default 3600)"
    )
    srv.add_argument("--base-url", default=None, help="where the folder is served, for links")
    _workdays_option(srv)
    srv.set_defaults(handler=_serve)
    for parser in (deadlines, watching, ics, pub, srv):
        _range_options(parser)
        _catalog_option(parser)


_COMMANDS["schedule"] = _register_schedule


def _register_notice(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    if isinstance(sub, _Commands) and sub.wanted is not None and "notice" not in sub.wanted:
        return  # another command was named: its module need not even be imported
    from cnreg_calendar.cli_notice import register_notice  # notice import|list|remove (issue 14)

    register_notice(sub, common)


_COMMANDS["notice"] = _register_notice


class _Unused(argparse.ArgumentParser):
    """A command's parser that this run does not need: everything added to it is dropped."""

    def __init__(self) -> None:  # never parses anything: nothing to set up
        pass

    def add_argument(self, *args: Any, **kwargs: Any) -> Any:
        return None

    def set_defaults(self, **kwargs: Any) -> None:
        return None

    def add_subparsers(self, **kwargs: Any) -> Any:
        return _Commands(option_strings=[], prog="", parser_class=_Parser, wanted=())


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time
    _SubParsers = argparse._SubParsersAction


class _Commands(_SubParsers):
    """The commands, built only as far as a run needs: with ``wanted`` set, every other command
    is an :class:`_Unused` parser (building the parsers of all commands takes as long as
    answering a quick question)."""

    def __init__(self, *args: Any, wanted: Sequence[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wanted = wanted

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if self.wanted is not None and name not in self.wanted:
            return _Unused()
        return super().add_parser(name, **kwargs)


def _command_of(argv: Sequence[str] | None) -> str | None:
    """The command a command line names (its first word that is not an option), if any."""
    words = sys.argv[1:] if argv is None else argv
    return next((word for word in words if not word.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every command registered, or only ``command`` when given (the
    others are not built: a run that names its command needs no other)."""
    from cnreg_calendar import __version__

    parser = _Parser(
        prog=PROG,
        description="When Chinese cybersecurity, data-protection and cryptography duties fall due.",
        epilog=f"example:\n  {PROG} deadlines --profile examples/cloud-ciio.toml\n"
        f"Each command has its own --help.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.register("action", "parsers", _Commands)
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, metavar="COMMAND", help="what to do"
    )
    assert isinstance(sub, _Commands)
    sub.wanted = None if command is None else (command,)
    common = common_options()
    for register in _COMMANDS.values():
        register(sub, common)
    if command is not None and command not in sub.choices:
        return build_parser()  # not a command: the full parser says which are
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    >>> main(["workdays", "add", "2026-09-30", "1"])
    2026-10-08
    0
    """
    try:
        # Only the named command's parser: the same parse, built faster.
        args = build_parser(_command_of(argv)).parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except CnregCalendarError as exc:
        print(f"{PROG}: error: {visible(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except OSError as exc:  # a file that cannot be written or read: say which and why
        where = f" {exc.filename}" if exc.filename else ""
        print(f"{PROG}: error: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: one line, not a traceback, unless asked for
        if os.environ.get("CNREG_CALENDAR_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {visible(str(exc))}. This is a bug: "
            "please report it with the command line (CNREG_CALENDAR_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
