"""The ``cnreg-calendar`` command: the only module that prints.

Every error the library raises on purpose becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from cnreg_calendar.errors import CnregCalendarError
from cnreg_calendar.periods import Due, due
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
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
