"""The ``cnreg-calendar`` command: the only module that prints.

Every error the library raises on purpose becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import attrs

from cnreg_calendar.catalog import default_catalog_path, load_catalog
from cnreg_calendar.deadlines import Deadline, Mark, Schedule, WatchItem, schedule, watch
from cnreg_calendar.errors import CatalogError, CnregCalendarError
from cnreg_calendar.export import (
    deadlines_csv,
    deadlines_json,
    rows_csv,
    watch_json,
    watch_rows,
    write_split_feeds,
)
from cnreg_calendar.feeds import (
    parse_years,
    revision_of,
    workday_events,
    write_feed,
)
from cnreg_calendar.ics import (
    FEED_SIZE_LIMIT,
    FeedEvent,
)
from cnreg_calendar.jurisdiction import region_name
from cnreg_calendar.model import Catalog, Duty, Instrument
from cnreg_calendar.periods import Due, due
from cnreg_calendar.profile import Profile, load_profile
from cnreg_calendar.publish import publish
from cnreg_calendar.serve import serve
from cnreg_calendar.workdays import ChinaCalendar, china_calendar

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


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number, e.g. 10 or -5") from None


def emit(args: argparse.Namespace, data: Any, text: str) -> int:
    """Print ``data`` as JSON with ``--json``, else ``text``; return exit status 0."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
    else:
        print(text)
    return 0


def calendar_from(args: argparse.Namespace) -> ChinaCalendar:
    """The working-day calendar the options ask for."""
    return china_calendar(provisional=args.provisional, overlays=args.overlay or ())


def common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON for scripts")
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
    text = f"{args.date.isoformat()} ({args.date:%A}) is {what}"
    return emit(args, data, text + ("  (provisional)" if provisional else ""))


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
    result = due(args.anchor, args.period, calendar_from(args), before=args.before)
    text = f"{result.date.isoformat()}\n{result.explanation()}"
    return emit(args, due_to_json(result), text)


def _register_workdays(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    work = sub.add_parser("workdays", help="working-day arithmetic")
    wsub = work.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = wsub.add_parser(
        "add", help="the N-th working day after DATE (before it if N < 0)", parents=[common]
    )
    add.add_argument("date", type=parse_date)
    add.add_argument("n", type=_int)
    add.set_defaults(handler=_workdays_add)
    between = wsub.add_parser(
        "between", help="working days d with START < d <= END", parents=[common]
    )
    between.add_argument("start", type=parse_date)
    between.add_argument("end", type=parse_date)
    between.set_defaults(handler=_workdays_between)
    check = wsub.add_parser("check", help="is DATE a working day, and why", parents=[common])
    check.add_argument("date", type=parse_date)
    check.set_defaults(handler=_workdays_check)

    hol = sub.add_parser(
        "holidays", help="a year's days off and make-up working days", parents=[common]
    )
    hol.add_argument("year", type=_int)
    hol.set_defaults(handler=_holidays)

    due_parser = sub.add_parser(
        "due", help="the due date of a period from an anchor, explained", parents=[common]
    )
    due_parser.add_argument("anchor", type=parse_date)
    due_parser.add_argument("period", help="e.g. '10 working days', '30 days', '6 months'")
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
    try:
        catalog = load_catalog(args.paths or None)
    except CatalogError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
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


def _register_catalog(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    validate = sub.add_parser(
        "validate", help="check catalog files, listing every problem", parents=[common]
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="catalog files (default: bundled)"
    )
    validate.set_defaults(handler=_validate)
    listing = sub.add_parser(
        "instruments", help="list and filter the catalog's instruments", parents=[common]
    )
    listing.add_argument("--status", help="draft, promulgated, in-force, amended, superseded, …")
    listing.add_argument("--authority", help="an authority id, e.g. cac, miit, sca")
    listing.add_argument("--kind", help="law, administrative-regulation, departmental-rule, …")
    listing.add_argument("--year", type=_int, help="a year of any of its milestones")
    listing.add_argument("--search", help="text in the id or the English or Chinese title")
    listing.add_argument(
        "--region", help="a jurisdiction: CN (national) or an ISO 3166-2:CN code, e.g. CN-SH"
    )
    listing.set_defaults(handler=_instruments)
    one = sub.add_parser(
        "instrument", help="one instrument with its milestones and duties", parents=[common]
    )
    one.add_argument("id")
    one.set_defaults(handler=_instrument)
    for name, what in (
        ("roles", "the roles duties apply to"),
        ("events", "the events a profile records"),
    ):
        parser = sub.add_parser(name, help=f"list {what}", parents=[common])
        parser.set_defaults(handler=_roles)
        _catalog_option(parser)
    _catalog_option(listing)
    _catalog_option(one)


_COMMANDS["catalog"] = _register_catalog


# -- deadlines, watch, feeds ------------------------------------------------------------------


def _range(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    """``--from`` (default: today) and ``--to`` (default: 31 December of next year)."""
    start = args.start or dt.date.today()
    end = args.end or dt.date(start.year + 1, 12, 31)
    if end < start:
        raise UsageError(f"--to {end} is before --from {start}; give a range forwards in time")
    return start, end


def _range_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=parse_date, help="first day (default: today)")
    parser.add_argument(
        "--to", dest="end", type=parse_date, help="last day (default: 31 December of next year)"
    )


def _profile(args: argparse.Namespace, path: str, catalog: Catalog) -> Profile:
    profile = load_profile(path, catalog)
    if args.drafts:
        profile = attrs.evolve(profile, include_drafts=True)
    if args.strict:
        profile = attrs.evolve(profile, strict=True)
    return profile


def _calendar_for(args: argparse.Namespace, profile: Profile) -> ChinaCalendar:
    return china_calendar(provisional=not profile.strict, overlays=args.overlay or ())


def _marks(deadline: Deadline) -> str:
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


def _deadlines(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    profile = _profile(args, args.profile, catalog)
    start, end = _range(args)
    found = schedule(profile, start, end, catalog, _calendar_for(args, profile))
    if args.format == "json" or args.json:
        print(deadlines_json(found, found.undated))
    elif args.format == "csv":
        deadlines_csv(found, sys.stdout, found.undated)
    else:
        print(_table(profile, start, end, found, args.explain))
    if found.undated and args.fail_on_undated:
        print(
            f"{PROG}: {len(found.undated)} duty(ies) cannot be dated: record "
            + ", ".join(sorted({e for u in found.undated for e in u.record}))
            + " in the profile's [events]",
            file=sys.stderr,
        )
        return 3
    return 0


def _table(profile: Profile, start: dt.date, end: dt.date, found: Schedule, explain: bool) -> str:
    lines = [f"{profile.name}: {len(found)} deadline(s) from {start} to {end}", ""]
    for d in found:
        when = d.time.strftime("%Y-%m-%d %H:%M") if d.time else f"{d.date} {d.date:%a}"
        marks = _marks(d)
        lines.append(f"{when:16s}  {d.duty.title_zh}" + (f"   【{marks}】" if marks else ""))
        lines.append(f"{'':16s}  {d.duty.title_en}")
        lines.append(
            f"{'':16s}  {d.instrument.short_name or d.instrument.title_en}, {d.duty.article}; {d.rule}"
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
        + (" UNDATED: applies, but its anchor event is not recorded." if found.undated else "")
    )
    return "\n".join(lines)


def _watch(args: argparse.Namespace) -> int:
    catalog = catalog_from(args)
    start, end = _range(args)
    items = watch(start, end, catalog)
    if args.format == "json" or args.json:
        print(watch_json(items))
    elif args.format == "csv":
        rows_csv(watch_rows(items), sys.stdout)
    else:
        lines = [
            f"{w.date} {w.kind:14s} {w.instrument.title_en}" + (f" — {w.note}" if w.note else "")
            for w in items
        ]
        lines.append(f"{len(items)} milestone(s) from {start} to {end}")
        print("\n".join(lines))
    return 0


def _ics(args: argparse.Namespace) -> int:
    folder = Path(args.output).resolve().parent
    if not folder.is_dir():
        raise UsageError(f"-o {args.output}: the folder {folder} does not exist; create it first")
    catalog = catalog_from(args)
    calendar = china_calendar(provisional=not args.strict, overlays=args.overlay or ())
    revision = revision_of(catalog, calendar)
    items: list[Deadline | WatchItem | FeedEvent] = []
    if args.workdays:
        years = parse_years(args.workdays)
        items += workday_events(calendar, years)
        name = f"中国工作日与调休 China working days {years[0]}–{years[-1]}"
    if args.watch:
        start, end = _range(args)
        items += watch(start, end, catalog)
        name = "法规动态 Regulatory watch"
    for path in args.profile or []:
        profile = _profile(args, path, catalog)
        start, end = _range(args)
        items += schedule(profile, start, end, catalog, _calendar_for(args, profile))
        name = f"合规期限 Deadlines: {profile.name}"
        revision = max(revision, revision_of(catalog, calendar, [profile]))
    if not (args.workdays or args.watch or args.profile):
        raise UsageError("say what to export: --profile FILE, --watch or --workdays YEARS")
    if len(args.profile or []) > 1 or sum(map(bool, (args.workdays, args.watch, args.profile))) > 1:
        name = "cnreg_calendar"
    if args.split:
        return _write_split(args, items, name, revision, calendar)
    size = write_feed(
        items,
        args.output,
        name=name,
        revision=revision,
        calendar=calendar,
        alarm_working_days=args.alarm_working_days,
    )
    print(f"{args.output}: {len(items)} event(s), {size:,} bytes", file=sys.stderr)
    return 0


def _write_split(
    args: argparse.Namespace,
    items: list[Deadline | WatchItem | FeedEvent],
    name: str,
    revision: dt.datetime,
    calendar: ChinaCalendar,
) -> int:
    """One feed per authority or entity, next to ``-o``: ``deadlines.ics`` → ``deadlines-cac.ics``."""
    written = write_split_feeds(
        items,
        args.output,
        by=args.split,
        name=name,
        revision=revision,
        calendar=calendar,
        alarm_working_days=args.alarm_working_days,
    )
    for feed in written:
        too_large = (
            " — over the ~1 MB Google Calendar accepts" if feed.size > FEED_SIZE_LIMIT else ""
        )
        print(
            f"{feed.path}: {feed.events} event(s), {feed.size:,} bytes{too_large}", file=sys.stderr
        )
    if not written:
        print(f"{args.output}: nothing to export in the range; no file written", file=sys.stderr)
    return 0


def _publish(args: argparse.Namespace) -> int:
    start, end = _range(args)
    years = parse_years(args.workday_years) if args.workday_years else ()
    paths = publish(
        args.profile,
        args.output,
        start=start,
        end=end,
        catalog=catalog_from(args),
        workday_years=years,
        alarm_working_days=args.alarm_working_days,
        base_url=args.base_url,
    )
    for path in paths:
        print(path)
    return 0


def _serve(args: argparse.Namespace) -> int:
    regenerate = None
    if args.profile:

        def regenerate() -> None:
            _publish(argparse.Namespace(**{**vars(args), "output": args.directory}))

        regenerate()
    print(
        f"serving {args.directory} on http://{args.host}:{args.port}/ (Ctrl-C stops)",
        file=sys.stderr,
    )
    serve(args.directory, args.host, args.port, regenerate=regenerate, interval=args.interval)
    return 0


def _register_schedule(
    sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser
) -> None:
    profile_opts = argparse.ArgumentParser(add_help=False)
    profile_opts.add_argument(
        "--drafts", action="store_true", help="also show duties from drafts (not binding)"
    )
    profile_opts.add_argument(
        "--strict", action="store_true", help="refuse years without a published holiday notice"
    )
    deadlines = sub.add_parser(
        "deadlines", help="an organisation's deadlines, explained", parents=[common, profile_opts]
    )
    deadlines.add_argument(
        "--profile", required=True, metavar="FILE", help="the organisation's profile (TOML)"
    )
    deadlines.add_argument("--format", choices=("table", "json", "csv"), default="table")
    deadlines.add_argument(
        "--explain", action="store_true", help="show each date's rules and articles"
    )
    deadlines.add_argument(
        "--fail-on-undated",
        action="store_true",
        help="exit with status 3 when a duty applies but cannot be dated (after printing)",
    )
    deadlines.set_defaults(handler=_deadlines)
    watching = sub.add_parser(
        "watch",
        help="the catalog's milestones (comment deadlines, effective dates …)",
        parents=[common],
    )
    watching.add_argument("--format", choices=("table", "json", "csv"), default="table")
    watching.set_defaults(handler=_watch)
    ics = sub.add_parser("ics", help="write an iCalendar feed", parents=[common, profile_opts])
    ics.add_argument(
        "--profile", action="append", metavar="FILE", help="a profile's deadlines (repeatable)"
    )
    ics.add_argument("--watch", action="store_true", help="the regulatory-watch milestones")
    ics.add_argument(
        "--workdays", metavar="YEARS", help="days off and make-up working days: 2026 or 2025-2027"
    )
    ics.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    ics.add_argument(
        "--alarm-working-days", type=_int, metavar="N", help="one reminder N working days before"
    )
    ics.add_argument(
        "--split",
        choices=("authority", "entity"),
        help="one feed per lead authority or per organisation, named FILE-<group>.ics "
        "(keeps each feed under the ~1 MB clients accept)",
    )
    ics.set_defaults(handler=_ics)
    pub = sub.add_parser(
        "publish",
        help="write a folder of feeds and an index.html for a web server",
        parents=[common],
    )
    pub.add_argument("--profile", action="append", required=True, metavar="FILE")
    pub.add_argument("-o", "--output", required=True, metavar="DIR")
    pub.add_argument("--base-url", help="where the folder will be served, for webcal:// links")
    pub.add_argument("--workday-years", metavar="YEARS", help="years of the working-day feed")
    pub.add_argument("--alarm-working-days", type=_int, metavar="N")
    pub.set_defaults(handler=_publish)
    srv = sub.add_parser(
        "serve", help="serve a published folder on loopback for subscriptions", parents=[common]
    )
    srv.add_argument("directory")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=_int, default=8080)
    srv.add_argument(
        "--profile", action="append", metavar="FILE", help="publish these first and regenerate"
    )
    srv.add_argument("--interval", type=float, default=3600, help="seconds between regenerations")
    srv.add_argument("--base-url", default=None)
    srv.add_argument("--workday-years", default=None)
    srv.add_argument("--alarm-working-days", type=_int, default=None)
    srv.set_defaults(handler=_serve)
    for parser in (deadlines, watching, ics, pub, srv):
        _range_options(parser)
        _catalog_option(parser)


_COMMANDS["schedule"] = _register_schedule


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = _Parser(
        prog=PROG,
        description="When Chinese cybersecurity, data-protection and cryptography duties fall due.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    common = common_options()
    for register in _COMMANDS.values():
        register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    >>> main(["workdays", "add", "2026-09-30", "1"])
    2026-10-08
    0
    """
    try:
        args = build_parser().parse_args(argv)
        handler: Handler = args.handler
        return handler(args)
    except CnregCalendarError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except OSError as exc:  # a file that cannot be written or read: say which and why
        where = f" {exc.filename}" if exc.filename else ""
        print(f"{PROG}: error: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
