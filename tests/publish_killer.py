"""A helper process for test_publish_kill: publishes into a folder and is killed at chosen points.

It imports the library once, then answers commands on stdin, one line each, with ``ok`` and a
detail on stdout; every publication it is asked to kill runs in a forked child, so the kill is a
real ``SIGKILL`` of a process in the middle of :func:`~cnreg_calendar.publish.publish`:

- ``reset``: remove the folder and publish the OLD set into it (complete);
- ``legacy``: remove the folder and write the OLD set as regular files (the layout before);
- ``new``: publish the NEW set (complete);
- ``kill K``: publish the NEW set in a child that kills itself at the K-th step (from 0);
- ``after SECONDS``: publish the NEW set in a child killed by its parent after SECONDS;
- ``steps``: publish the NEW set in a child and report the steps it passed, comma-separated.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from cnreg_calendar import folderset
from cnreg_calendar.publish import publish

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OLD = {
    "profiles": [EXAMPLES / "cloud-ciio.toml", EXAMPLES / "game-minors.toml"],
    "start": dt.date(2026, 1, 1),
    "end": dt.date(2026, 12, 31),
}
NEW = {
    "profiles": [EXAMPLES / "cloud-ciio.toml", EXAMPLES / "finance-ciio.toml"],
    "start": dt.date(2027, 1, 1),
    "end": dt.date(2027, 12, 31),
}


def child(out: Path, kill_at: int | None, report: int | None) -> None:
    """In the forked child: publish NEW, killing this process at step ``kill_at``."""
    passed: list[str] = []

    def hook(step: str) -> None:
        if kill_at is not None and len(passed) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        passed.append(step)

    folderset.fault_hook = hook
    try:
        # force: the "legacy" folder holds regular files that publish did not write.
        publish(NEW["profiles"], out, start=NEW["start"], end=NEW["end"], force=True)  # type: ignore[arg-type]
    finally:
        if report is not None:
            os.write(report, ",".join(passed).encode())
            os.close(report)
    os._exit(0)


def fork(out: Path, kill_at: int | None = None, after: float | None = None) -> str:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            child(out, kill_at, writer)
        finally:
            os._exit(3)
    os.close(writer)
    if after is not None:
        time.sleep(after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    with os.fdopen(reader, "rb") as stream:
        steps = stream.read().decode()
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return f"{'killed' if killed else 'exited'} {steps}"


def main() -> None:
    out = Path(sys.argv[1])
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "reset":
            shutil.rmtree(out, ignore_errors=True)
            publish(OLD["profiles"], out, start=OLD["start"], end=OLD["end"])  # type: ignore[arg-type]
            detail = ""
        elif command == "legacy":
            shutil.rmtree(out, ignore_errors=True)
            staged = out.with_name(out.name + "-legacy-source")
            shutil.rmtree(staged, ignore_errors=True)
            paths = publish(OLD["profiles"], staged, start=OLD["start"], end=OLD["end"])  # type: ignore[arg-type]
            out.mkdir()
            for path in paths:
                (out / path.name).write_bytes(path.read_bytes())
            shutil.rmtree(staged)
            detail = ""
        elif command == "new":
            # force: the "legacy" folder holds regular files that publish did not write.
            publish(NEW["profiles"], out, start=NEW["start"], end=NEW["end"], force=True)  # type: ignore[arg-type]
            detail = ""
        elif command == "kill":
            detail = fork(out, kill_at=int(argument))
        elif command == "after":
            detail = fork(out, after=float(argument))
        elif command == "steps":
            detail = fork(out)
        else:
            detail = f"unknown command {command!r}"
        sys.stdout.write(f"ok {detail}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
