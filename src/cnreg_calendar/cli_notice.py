"""``cnreg-calendar notice import|list|remove``: a State Council notice's text to an overlay.

Argument parsing and printing only: the reading is :mod:`cnreg_calendar.notice_text`, the keeping
:mod:`cnreg_calendar.installed`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from cnreg_calendar.errors import NoticeTextError, OverlayError

__all__ = ["register_notice"]


def _read_text(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise NoticeTextError(f"{path}: cannot read the notice text ({exc.strerror})") from None
        where = path
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeTextError(f"{where}: neither UTF-8 nor GB18030 text; save the notice as UTF-8")


def _write_checked(text: str, target: Path) -> None:
    """Write an overlay file all or nothing, after reading it back as an overlay."""
    from cnreg_calendar.notices import load_notices

    folder = target.parent if str(target.parent) else Path(".")
    handle, name = tempfile.mkstemp(dir=folder, prefix=".notice-", suffix=".toml.tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        load_notices(temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _import(args: argparse.Namespace) -> int:
    from cnreg_calendar import installed
    from cnreg_calendar.notice_text import parse_notice

    where = "standard input" if args.path == "-" else args.path
    try:
        notice = parse_notice(_read_text(args.path))
    except NoticeTextError as exc:
        raise NoticeTextError(f"{where}: {exc}", line=exc.line) from None
    target = Path(args.output) if args.output else None
    if target is not None and (target.is_dir() or not target.parent.is_dir()):
        raise OverlayError(f"{target}: give -o a file name in an existing folder, e.g. 2027.toml")
    if args.install:
        today = dt.date.today()
        path = installed.install(notice.to_toml(imported=today), notice.year, notice.kind)
        print(
            f"installed {notice.year} {notice.kind} ({notice.reference or 'no reference'}) as "
            f"{path}, imported {today}: every calendar and command now uses it"
        )
    if target is not None:  # after the install, which refuses more (a gap, a clash)
        _write_checked(notice.to_toml(), target)
        print(f"wrote {target}: {notice.year} {notice.kind} ({notice.reference or 'no reference'})")
    if not args.output and not args.install:
        sys.stdout.write(notice.to_toml())
    return 0


def _list(args: argparse.Namespace) -> int:
    from cnreg_calendar import installed

    rows = installed.status()
    data = [
        {
            "year": r.year,
            "file": str(r.path),
            "reference": r.reference,
            "imported": r.imported,
            "used": r.used,
            "note": r.note,
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if not rows:
        print(f"no installed notice overlays (folder: {installed.data_dir() / 'notices'})")
        return 0
    for r in rows:
        print(
            f"{r.year}  {r.reference or '(no reference)'}  imported {r.imported or '?'}  "
            f"{r.path.name}  {r.note}"
        )
    return 0


def _remove(args: argparse.Namespace) -> int:
    from cnreg_calendar import installed

    removed = installed.remove(args.year)
    for path in removed:
        print(f"removed {path}")
    return 0


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year, e.g. 2027")
    return int(text)


def _command(
    sub: argparse._SubParsersAction[Any], name: str, help: str, example: str
) -> argparse.ArgumentParser:
    from cnreg_calendar.cli import _parser  # the same help layout as every other command

    return _parser(sub, name, help, example, json_output=False)


def register_notice(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Register ``notice import``, ``notice list`` and ``notice remove``."""
    from cnreg_calendar.cli import _group  # the same layout as workdays and catalog

    nsub = _group(
        sub,
        "notice",
        "read a State Council holiday notice's text; keep it for every command",
        "Read a State Council holiday notice's text into an overlay, and keep it.",
        "import, list or remove",
    )
    imp = _command(
        nsub,
        "import",
        "the overlay of a notice's text (a file, or - for standard input)",
        "cnreg-calendar notice import notice-2027.txt -o 2027.toml",
    )
    imp.add_argument(
        "path", metavar="PATH|-", help="the notice's text as saved or pasted (UTF-8 or GB18030)"
    )
    imp.add_argument("-o", "--output", metavar="FILE", help="write the overlay to FILE")
    imp.add_argument(
        "--install",
        action="store_true",
        help="keep it in the user data folder: every calendar and command then uses it",
    )
    imp.set_defaults(handler=_import)
    listing = _command(
        nsub,
        "list",
        "the installed notice overlays and whether they are used",
        "cnreg-calendar notice list",
    )
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=_list)
    rem = _command(
        nsub, "remove", "delete the installed overlays of YEAR", "cnreg-calendar notice remove 2027"
    )
    rem.add_argument("year", type=_year, help="the year whose installed overlays to delete")
    rem.set_defaults(handler=_remove)
