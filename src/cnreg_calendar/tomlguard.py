"""Limits checked on a TOML text before ``tomllib`` reads it, so hostile files fail fast and clearly.

``tomllib`` recurses once per level of nested arrays and inline tables (a 2.4 KB file 1,200
levels deep raises ``RecursionError``) and takes time quadratic in the number of parts of a dotted
key (a 200 KB key of 100,000 parts runs for minutes).  Every loader of this library (profiles, the
catalog, holiday-notice overlays) calls :func:`loads`, which first checks, in one linear pass that
skips strings and comments:

- the size: at most :data:`MAX_CHARS` characters (the bundled catalog is about 115,000);
- the nesting: at most :data:`MAX_DEPTH` brackets or braces open at once;
- dotted keys: at most :data:`MAX_KEY_PARTS` parts (``a.b.c`` has 3).

A text over a limit raises the caller's error class with one line naming the file, the line, the
limit and the fix.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from cnreg_calendar.errors import CnregCalendarError

__all__ = ["MAX_CHARS", "MAX_DEPTH", "MAX_KEY_PARTS", "loads", "problem"]

#: The longest TOML text read, in characters.
MAX_CHARS = 2_000_000
#: The deepest nesting of arrays and inline tables (``[[1]]`` is 2; table headers count too).
MAX_DEPTH = 32
#: The most parts of a dotted key (``a.b.c = 1`` has 3).
MAX_KEY_PARTS = 32


def problem(text: str) -> str | None:
    """What exceeds a limit in ``text`` (with its line), or None.

    >>> problem("a.b.c = 1.5\\n[x]\\ny = [[1, 2], {z = 'w.w'}]\\n") is None
    True
    >>> problem("a = " + "[" * 40 + "]" * 40)
    'line 1 nests arrays or inline tables 33 deep (at most 32); flatten the structure'
    >>> problem(".".join(["k"] * 40) + " = 1")
    'line 1 has a dotted key of 33 or more parts (at most 32); use a table header instead'
    """
    if len(text) > MAX_CHARS:
        return (
            f"the file has {len(text):,} characters (at most {MAX_CHARS:,}); "
            "split it into several files"
        )
    depth = 0
    dots = 0  # dots in the current run of key characters, quoted keys and dots
    line = 1
    i = 0
    n = len(text)
    while (found := _SIGNIFICANT.search(text, i)) is not None:
        i = found.start()
        c = text[i]
        if c == "\n":
            line += 1
            dots = 0
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c == '"' or c == "'":
            end = _string_end(text, i)
            line += text.count("\n", i, end)
            i = end
            continue  # a quoted key part continues the run
        elif c == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return (
                    f"line {line} has a dotted key of {MAX_KEY_PARTS + 1} or more parts "
                    f"(at most {MAX_KEY_PARTS}); use a table header instead"
                )
        elif c in "[{":
            depth += 1
            dots = 0
            if depth > MAX_DEPTH:
                return (
                    f"line {line} nests arrays or inline tables {depth} deep "
                    f"(at most {MAX_DEPTH}); flatten the structure"
                )
        elif c in "]}":
            depth = max(depth - 1, 0)
            dots = 0
        else:
            dots = 0
        i += 1
    return None


# Characters that end a run of key characters (letters, digits, _ - + and blanks).
_SIGNIFICANT = re.compile(r"[^A-Za-z0-9_\-+ \t]")
# String bodies after the opening quotes (an unclosed one runs to the end, tomllib reports it).
_BODIES = {
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*(?:"""(?:""|")?)?', re.DOTALL),
    "'''": re.compile(r"(?:[^']|'(?!''))*(?:'''(?:''|')?)?"),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*"?'),
    "'": re.compile(r"[^'\n]*'?"),
}


def _string_end(text: str, i: int) -> int:
    """The index after the string that opens at ``i``."""
    quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
    found = _BODIES[quote].match(text, i + len(quote))
    assert found is not None  # every pattern matches the empty string
    return found.end()


def loads(text: str, where: str, error: type[CnregCalendarError]) -> dict[str, Any]:
    """``tomllib.loads(text)`` after the checks; a limit exceeded raises ``error``.

    ``tomllib.TOMLDecodeError`` is left to the caller, which knows how to explain it.

    >>> loads("a = 1", "demo.toml", CnregCalendarError)
    {'a': 1}
    >>> loads("a = " + "[" * 1200, "demo.toml", CnregCalendarError)
    Traceback (most recent call last):
    ...
    cnreg_calendar.errors.CnregCalendarError: demo.toml: line 1 nests arrays or inline tables 33 deep (at most 32); flatten the structure
    """
    found = problem(text)
    if found is not None:
        raise error(f"{where}: {found}")
    try:
        return tomllib.loads(text)
    except RecursionError:  # not reached within MAX_DEPTH; kept as a last line of defence
        raise error(f"{where}: the file nests too deeply to read; flatten the structure") from None
