"""Checks that an iCalendar file is valid for other software, reusable by any test of a feed.

Each check is independent of ``cnreg_calendar``: the wire rules of RFC 5545 §3.1, the semantics as
``icalendar`` reads them, three other parsers (``ical``, ``vobject``, ``ics``), ``khal`` and a real
CalDAV server (Radicale).  A missing tool is an ImportError or a failed assertion, never a skip: all
of them are required in CI.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FOLD_AT = 75

CALENDAR_PROPERTIES = (
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "DESCRIPTION",
    "X-WR-CALDESC",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
)
EVENT_PROPERTIES = (
    "UID",
    "DTSTAMP",
    "LAST-MODIFIED",
    "SEQUENCE",
    "DTSTART",
    "TRANSP",
    "STATUS",
    "SUMMARY",
    "DESCRIPTION",
)


def wire_problems(data: bytes) -> list[str]:
    """Return every breach of the line rules: CRLF only, ≤ 75 octets, UTF-8, no split escape."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("the file does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for number, line in enumerate(lines, 1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {number}: bare CR or LF")
        if len(line) > FOLD_AT:
            problems.append(f"line {number}: {len(line)} octets > {FOLD_AT}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(f"line {number}: not valid UTF-8 on its own ({error})")
    for index, following in enumerate(lines[1:]):
        if following.startswith(b" ") and _escape_open_at_end(lines, index):
            problems.append(f"line {index + 1}: a backslash escape pair is split by the fold")
    return problems


def _escape_open_at_end(lines: list[bytes], index: int) -> bool:
    """Whether the logical line ending at physical line *index* has an unpaired ``\\`` at its end.

    The backslashes are counted from the start of the logical line, so an escaped backslash that
    happens to end a physical line is not mistaken for half of a pair.
    """
    start = index
    while start > 0 and lines[start].startswith(b" "):
        start -= 1
    logical = lines[start] + b"".join(line[1:] for line in lines[start + 1 : index + 1])
    escaped = False
    for byte in logical:
        escaped = byte == ord("\\") and not escaped
    return escaped


def assert_wire(data: bytes) -> None:
    """Fail with every wire problem of *data*."""
    problems = wire_problems(data)
    assert not problems, "\n".join(problems[:20])


def unfold(data: bytes) -> list[str]:
    """The logical content lines of *data*."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def parse_icalendar(data: bytes) -> Any:
    """Parse with ``icalendar`` and check its semantics; return the Calendar."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    for name in CALENDAR_PROPERTIES:
        assert name in calendar, f"calendar lacks {name}"
    assert "X-WR-TIMEZONE" not in calendar
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["REFRESH-INTERVAL"].params.get("VALUE") == "DURATION"
    assert unfold(data).count("REFRESH-INTERVAL;VALUE=DURATION:PT12H") == 1
    assert "X-PUBLISHED-TTL:PT12H" in unfold(data)
    if hasattr(calendar, "get_missing_tzids"):
        assert not calendar.get_missing_tzids()
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)), "duplicate UIDs"
    for event in calendar.walk("VEVENT"):
        for name in EVENT_PROPERTIES:
            assert name in event, f"event {event.get('UID')} lacks {name}"
        assert event["TRANSP"] == "TRANSPARENT"
        assert event["STATUS"] in {"CONFIRMED", "TENTATIVE", "CANCELLED"}
        assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
        start = event["DTSTART"].dt
        if not isinstance(start, datetime.datetime):
            assert event["DTSTART"].params.get("VALUE") == "DATE"
            assert event["DTEND"].dt == start + datetime.timedelta(days=1)
        else:
            assert event["DTSTART"].params.get("TZID") == "Asia/Shanghai"
        alarms = event.walk("VALARM")
        assert len(alarms) <= 1
        for alarm in alarms:
            assert alarm["ACTION"] == "DISPLAY"
            assert "DESCRIPTION" in alarm
            assert alarm["TRIGGER"].params.get("VALUE") == "DATE-TIME"
    timed = any(
        isinstance(event["DTSTART"].dt, datetime.datetime) for event in calendar.walk("VEVENT")
    )
    assert len(calendar.walk("VTIMEZONE")) == (1 if timed else 0)
    return calendar


def parse_ical(data: bytes) -> Any:
    """Parse with the strict ``ical`` package; return its Calendar."""
    from ical.calendar_stream import IcsCalendarStream

    return IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


def parse_vobject(data: bytes) -> Any:
    """Parse and validate with ``vobject``; return its component."""
    import vobject

    component = vobject.readOne(data.decode("utf-8"), validate=True)
    assert component.validate(raiseException=True)
    return component


def parse_ics(data: bytes) -> Any:
    """Parse with the ``ics`` package; return its Calendar."""
    import ics

    return ics.Calendar(data.decode("utf-8"))


def khal_printics(path: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``khal printics`` on *path* with a minimal configuration kept in *folder*."""
    beside = Path(sys.executable).with_name("khal")
    khal = str(beside) if beside.exists() else shutil.which("khal")
    assert khal, f"khal is neither beside {sys.executable} nor on PATH: pip install khal"
    (folder / "calendar").mkdir(exist_ok=True)
    config = folder / "khal.conf"
    config.write_text(
        "[calendars]\n"
        "[[feed]]\n"
        f"path = {folder / 'calendar'}\n"
        "[locale]\n"
        "default_timezone = Asia/Shanghai\n"
        "local_timezone = Asia/Shanghai\n"
        "[sqlite]\n"
        f"path = {folder / 'khal.db'}\n",
        encoding="utf-8",
    )
    environment = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    return subprocess.run(
        [khal, "-c", str(config), "printics", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=False,
    )


def assert_khal_accepts(path: Path, folder: Path, events: int) -> None:
    """``khal printics`` finds *events* events and prints no warning."""
    result = khal_printics(path, folder)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{events} events found", result.stdout, re.MULTILINE), result.stdout
    assert "warning" not in result.stderr.lower(), result.stderr
    assert "warning" not in result.stdout.lower(), result.stdout


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Radicale:
    """A Radicale CalDAV server on loopback; PUT whole calendars to ``/user/<name>/``."""

    user = "user"

    def __init__(self, port: int) -> None:
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        """Send one request as ``user`` (any password: authentication is off)."""
        token = base64.b64encode(f"{self.user}:x".encode()).decode()
        headers = {"Authorization": f"Basic {token}", "Content-Type": "text/calendar"}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def put_calendar(self, name: str, data: bytes) -> int:
        """PUT *data* as the whole collection ``/user/<name>/``; return the status."""
        status, _ = self.request("PUT", f"/{self.user}/{name}/", data)
        return status


@contextlib.contextmanager
def radicale_server(storage: Path) -> Iterator[Radicale]:
    """Start Radicale on 127.0.0.1 with a free port, wait until it answers, stop it at the end."""
    import radicale  # noqa: F401  (fail here, clearly, if it is not installed)

    port = _free_port()
    log = storage.with_suffix(".log")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                f"--server-hosts=127.0.0.1:{port}",
                "--auth-type=none",
                f"--storage-filesystem-folder={storage}",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        server = Radicale(port)
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                server.request("GET", "/")
                break
            except OSError:
                assert time.monotonic() < deadline, "Radicale did not answer within 30 s"
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
