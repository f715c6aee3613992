"""Mutation testing of ``workdays`` and ``periods`` against their fast tests (run on demand, not in CI).

Each mutant changes one thing in one module: a comparison (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔
``!=``, ``is`` ↔ ``is not``, ``in`` ↔ ``not in``), an arithmetic operator (``+`` ↔ ``-``, ``*`` ↔
``//``, ``%`` → ``//``), an augmented assignment (``+=`` ↔ ``-=``), a ``not`` or a unary minus left
out, ``and`` ↔ ``or``, a whole number ``n`` → ``n + 1``, ``True`` ↔ ``False``, a ``return x``
→ ``return None``, ``break`` ↔ ``continue``.  Strings, docstrings and type annotations are not
mutated; a line ending in ``# pragma: no mutate`` is skipped.

One process imports the test dependencies once and forks a child per mutant; the child loads the
package afresh with the mutant in place of the module (an import hook, nothing is written to
``src/``) and runs the fast tests with pytest, stopping at the first failure.  A mutant is
*killed* when a test fails (or the child exceeds ``--timeout`` seconds), *survives* otherwise.
Survivors listed in ``EQUIVALENT`` (with why) behave exactly like the original and are left out of
the score.

    python benchmarks/mutation.py                        # both modules, 2 workers
    python benchmarks/mutation.py --module periods --jobs 1 --show-survivors
    python benchmarks/mutation.py --list                 # the mutants, not run
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.abc
import importlib.machinery
import importlib.util
import io
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cnreg_calendar"
#: The fast tests of each module (no CLI, no feeds, no server).
TESTS = {
    "workdays": [
        "tests/test_workdays.py",
        "tests/test_mutation_boundaries.py",
        "tests/test_golden_notices.py",
        "tests/test_frames.py",
    ],
    "periods": [
        "tests/test_periods.py",
        "tests/test_due_day.py",
        "tests/test_mutation_boundaries.py",
    ],
}

#: Survivors that cannot change any result, by "module:line:description", with the reason
#: (checked by reading the code; line numbers as of the commit that last changed this table).
EQUIVALENT: dict[str, str] = {
    "periods:83:True -> False @25.0": "cache_hash only caches the hash of a frozen Period",
    "periods:213:100000 -> 100001 @14.0": "the memo's size bound",
    "periods:234:GtE -> Gt @23.0": "the memo's size bound",
    "periods:348:LtE -> Lt @7.0": "day 28 then takes the month-length path, which also gives 28",
    "periods:489:10 -> 11 @21.0": "n % 100 == 10 ends in 0: 'th' either way",
    "periods:489:LtE -> Lt @21.0": "n % 100 == 10 ends in 0: 'th' either way",
    "periods:489:LtE -> Lt @21.1": "n % 100 == 20 ends in 0: 'th' either way",
    "workdays:37:10 -> 11 @16.0": "how far a provisional index is built ahead; it grows on demand",
    "workdays:107:Add -> Sub @22.0": "a shorter first provisional index; it grows on demand",
    "workdays:137:1 -> 2 @41.0": "one more flag than _end reaches: never read",
    "workdays:137:Sub -> Add @26.0": "a longer flag array than _end reaches: never read",
    "workdays:154:Lt -> LtE @11.0": "offset 0 (2001-01-01) is in every index: never out of range",
    "workdays:186:LtE -> Lt @15.0": "_index is only reached with k outside [0, len): k == 0 never gets there",
    "workdays:186:0 -> 1 @15.0": "_index is only reached with k outside [0, len): k == 0 never gets there",
    "workdays:188:Lt -> LtE @15.0": "_index is only reached with k outside [0, len): k == 0 never gets there",
    "workdays:188:0 -> 1 @19.0": "_index is only reached with k outside [0, len): k == 0 never gets there",
    "workdays:302:0 -> 1 @11.0": "k == 0 then goes to _index, which returns workdays[0] too",
    "workdays:302:LtE -> Lt @11.0": "k == 0 then goes to _index, which returns workdays[0] too",
    "workdays:264:Sub -> Add @21.0": "roll_forward's fast path: outside it add_working_days(day, 0) gives the same day",
    "workdays:265:LtE -> Lt @15.0": "roll_forward's fast path: outside it add_working_days(day, 0) gives the same day",
    "workdays:265:LtE -> Lt @15.1": "roll_forward's fast path: outside it add_working_days(day, 0) gives the same day",
    "workdays:265:0 -> 1 @15.0": "roll_forward's fast path: outside it add_working_days(day, 0) gives the same day",
    "workdays:295:Sub -> Add @17.0": "add_working_days' in-range check: outside it _offset recomputes the same offset",
    "workdays:296:LtE -> Lt @15.0": "add_working_days' in-range check: outside it _offset recomputes the same offset",
    "workdays:296:LtE -> Lt @15.1": "add_working_days' in-range check: outside it _offset recomputes the same offset",
    "workdays:296:0 -> 1 @15.0": "add_working_days' in-range check: outside it _offset recomputes the same offset",
    "workdays:316:Sub -> Add @12.0": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:317:Sub -> Add @12.0": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:318:LtE -> Lt @16.0": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:318:LtE -> Lt @16.1": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:318:LtE -> Lt @40.0": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:318:LtE -> Lt @40.1": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:318:0 -> 1 @16.0": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:318:0 -> 1 @40.0": "working_days_between's fast path: the fallback recomputes both offsets with _offset",
    "workdays:349:6 -> 7 @39.0": "any day of the year extends (or refuses) the index alike",
}

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
}


class Mutant:
    """One change: where, what, and the mutated source."""

    __slots__ = ("description", "line", "module", "source")

    def __init__(self, module: str, line: int, description: str, source: str) -> None:
        self.module = module
        self.line = line
        self.description = description
        self.source = source

    @property
    def key(self) -> str:
        return f"{self.module}:{self.line}:{self.description}"


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """ids of nodes never mutated: docstrings and annotations."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            skipped.update(id(n) for n in ast.walk(body[0]))
        for annotation in (getattr(node, "annotation", None), getattr(node, "returns", None)):
            if annotation is not None:
                skipped.update(id(n) for n in ast.walk(annotation))
    return skipped


def _points(tree: ast.Module, lines: list[str]) -> Iterator[tuple[ast.AST, int, str]]:
    """(node, variant, description) of every mutation point, in source order."""
    skipped = _skipped_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        line = getattr(node, "lineno", 0)
        if line and lines[line - 1].rstrip().endswith("# pragma: no mutate"):
            continue
        if isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in _COMPARE_SWAPS:
                    yield node, i, f"{type(op).__name__} -> {_COMPARE_SWAPS[type(op)].__name__}"
        elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAPS:
            yield node, 0, f"{type(node.op).__name__} -> {_BINOP_SWAPS[type(node.op)].__name__}"
        elif isinstance(node, ast.AugAssign) and type(node.op) in (ast.Add, ast.Sub):
            yield node, 0, f"aug {type(node.op).__name__} swapped"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            yield node, 0, f"{type(node.op).__name__} removed"
        elif isinstance(node, ast.BoolOp):
            yield node, 0, f"{type(node.op).__name__} swapped"
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool):
                yield node, 0, f"{node.value} -> {not node.value}"
            elif isinstance(node.value, int):
                yield node, 0, f"{node.value} -> {node.value + 1}"
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                yield node, 0, "return None"
        elif isinstance(node, ast.Break):
            yield node, 0, "break -> continue"
        elif isinstance(node, ast.Continue):
            yield node, 0, "continue -> break"


def _mutate(node: ast.AST, variant: int) -> ast.AST:
    """A mutated copy of ``node``."""
    new = copy.copy(node)
    if isinstance(new, ast.Compare):
        ops = list(new.ops)
        ops[variant] = _COMPARE_SWAPS[type(ops[variant])]()
        new.ops = ops
    elif isinstance(new, ast.BinOp):
        new.op = _BINOP_SWAPS[type(new.op)]()
    elif isinstance(new, ast.AugAssign):
        new.op = ast.Sub() if isinstance(new.op, ast.Add) else ast.Add()
    elif isinstance(new, ast.UnaryOp):
        return new.operand
    elif isinstance(new, ast.BoolOp):
        new.op = ast.Or() if isinstance(new.op, ast.And) else ast.And()
    elif isinstance(new, ast.Constant):
        new.value = (not new.value) if isinstance(new.value, bool) else new.value + 1
    elif isinstance(new, ast.Return):
        new.value = ast.Constant(None)
    elif isinstance(new, ast.Break):
        return ast.Continue()
    elif isinstance(new, ast.Continue):
        return ast.Break()
    return new


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, replacement: ast.AST) -> None:
        self.target = target
        self.replacement = replacement

    def visit(self, node: ast.AST) -> ast.AST:
        if node is self.target:
            return self.replacement
        return super().visit(node)


def mutants(module: str) -> list[Mutant]:
    """Every mutant of ``cnreg_calendar.<module>``."""
    text = (SRC / f"{module}.py").read_text("utf-8")
    lines = text.splitlines()
    found = []
    seen: set[str] = set()
    count = len(list(_points(ast.parse(text), lines)))
    for index in range(count):
        tree = ast.parse(text)  # a fresh tree per mutant; the walk order is the same
        node, variant, description = list(_points(tree, lines))[index]
        mutated = _Replace(node, _mutate(node, variant)).visit(tree)
        ast.fix_missing_locations(mutated)
        line = getattr(node, "lineno", 0)
        where = f"{description} @{getattr(node, 'col_offset', 0)}.{variant}"
        while f"{module}:{line}:{where}" in seen:  # nested operators that start at one column
            where += "'"
        seen.add(f"{module}:{line}:{where}")
        found.append(Mutant(module, line, where, ast.unparse(mutated)))
    return found


class _Loader(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the mutated source for one module of the package."""

    def __init__(self, name: str, source: str, path: Path) -> None:
        self.name = name
        self.source = source
        self.path = path

    def find_spec(self, fullname: str, path: object, target: object = None) -> object:
        if fullname != self.name:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=str(self.path))

    def create_module(self, spec: object) -> None:
        return None

    def exec_module(self, module: object) -> None:
        module.__file__ = str(self.path)  # type: ignore[attr-defined]
        exec(compile(self.source, str(self.path), "exec"), module.__dict__)  # type: ignore[attr-defined]


def _run_child(mutant: Mutant | None, tests: list[str]) -> int:
    """In the child: load the package with the mutant, run the tests; pytest's exit status."""
    import pytest
    from hypothesis import settings

    # No example database (a mutant's failures must not replay in normal runs) and no deadline
    # (a slow example is not a killed mutant).
    settings.register_profile("mutation", database=None, deadline=None)
    settings.load_profile("mutation")
    for name in [
        n for n in sys.modules if n == "cnreg_calendar" or n.startswith("cnreg_calendar.")
    ]:
        del sys.modules[name]
    for name in [n for n in sys.modules if n.startswith(("test_", "strategies", "ics_checks"))]:
        del sys.modules[name]
    if mutant is not None:
        name = f"cnreg_calendar.{mutant.module}"
        sys.meta_path.insert(0, _Loader(name, mutant.source, SRC / f"{mutant.module}.py"))
    args = ["-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "--no-header"]
    args += [
        "-o",
        "addopts=",
        "--hypothesis-seed=0",
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
    ]
    args += [str(ROOT / t) for t in tests]
    if os.environ.get("MUTATION_VERBOSE") != "1":
        sys.stdout = sys.stderr = io.StringIO()
    return int(pytest.main(args))


def _fork(mutant: Mutant | None, tests: list[str]) -> int:
    pid = os.fork()
    if pid == 0:
        status = 70
        try:
            status = _run_child(mutant, tests)
        finally:
            os._exit(status)
    return pid


def run(found: list[Mutant], jobs: int, timeout: float) -> dict[str, str]:
    """Run every mutant; its outcome by key: killed, timeout or survived."""
    outcomes: dict[str, str] = {}
    pending = list(found)
    running: dict[int, tuple[Mutant, float]] = {}
    while pending or running:
        while pending and len(running) < jobs:
            mutant = pending.pop(0)
            running[_fork(mutant, TESTS[mutant.module])] = (mutant, time.monotonic())
        time.sleep(0.05)
        for pid, (mutant, began) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                outcomes[mutant.key] = "survived" if code == 0 else "killed"
                del running[pid]
            elif time.monotonic() - began > timeout:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                outcomes[mutant.key] = "timeout"
                del running[pid]
        done_count = len(outcomes)
        if done_count and done_count % 25 == 0 and not running:
            print(f"  {done_count}/{len(found)}", file=sys.stderr)
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", choices=sorted(TESTS), action="append")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--show-survivors", action="store_true")
    parser.add_argument("--line", type=int, action="append", help="only mutants of these lines")
    args = parser.parse_args(argv)
    modules = args.module or sorted(TESTS)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT / "tests"))
    for module in modules:
        found = mutants(module)
        if args.line:
            found = [m for m in found if m.line in args.line]
        if args.list:
            for mutant in found:
                print(mutant.key)
            continue
        baseline = _fork(None, TESTS[module])
        _, status = os.waitpid(baseline, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            print(f"{module}: the tests fail without any mutant; fix them first", file=sys.stderr)
            return 1
        began = time.monotonic()
        outcomes = run(found, args.jobs, args.timeout)
        survivors = sorted(k for k, v in outcomes.items() if v == "survived")
        equivalent = [k for k in survivors if k in EQUIVALENT]
        real = len(found) - len(equivalent)
        killed = sum(v != "survived" for v in outcomes.values())
        share = killed / real * 100 if real else 100.0
        print(
            f"{module}: {len(found)} mutants, {len(equivalent)} equivalent, {killed} of {real} "
            f"killed ({share:.1f} %), {sum(v == 'timeout' for v in outcomes.values())} by "
            f"time-out, {time.monotonic() - began:.0f} s",
            flush=True,
        )
        if args.show_survivors:
            for key in survivors:
                if key not in EQUIVALENT:
                    print(f"  survived {key}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
