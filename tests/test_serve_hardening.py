"""The server under load, idle clients, republishing and hostile request lines (issue 13).

Each ``test_regression_*`` is a row of issue 13's table; the load test is bounded (loopback,
about 10 s, 50 clients) and asserts no errors and no time-outs, not a speed.
"""

from __future__ import annotations

import email.utils
import http.client
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from cnreg_calendar.errors import ExportError
from cnreg_calendar.serve import LISTEN_QUEUE, make_server, url_of

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def start(server: http.server.HTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return thread


def stop(server: http.server.HTTPServer, thread: threading.Thread) -> None:
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.ics").write_bytes(FEED)
    (site / "index.html").write_bytes(b"<!DOCTYPE html><title>x</title>\n")
    return site


def get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, dict(answer.headers), answer.read()
    finally:
        connection.close()


def test_regression_serve_under_load(site: Path) -> None:
    """50 concurrent clients for about 10 s on loopback: no error, no time-out, every body whole.

    Before: the listen queue of 5 dropped 1,744 connection attempts and 17 requests timed out.
    """
    (site / "big.ics").write_bytes(FEED * 2000)  # about 90 KB: streamed in chunks
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = start(server)
    port = server.server_address[1]
    deadline = time.monotonic() + 10
    errors: list[str] = []
    counts = [0] * 50
    expected = {"/feed.ics": FEED, "/big.ics": FEED * 2000}

    def client(number: int) -> None:
        paths = list(expected)
        while time.monotonic() < deadline:
            path = paths[counts[number] % 2]
            try:
                status, _, body = get(port, path)
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{type(error).__name__}: {error}")
                continue
            if status != 200 or body != expected[path]:
                errors.append(f"{path}: {status}, {len(body)} bytes")
            counts[number] += 1

    clients = [threading.Thread(target=client, args=(n,)) for n in range(50)]
    try:
        for each in clients:
            each.start()
        for each in clients:
            each.join(timeout=60)
    finally:
        stop(server, thread)
    assert [] == errors[:5]
    assert all(count > 0 for count in counts), counts
    assert LISTEN_QUEUE >= 128


def test_regression_serve_idle_clients(site: Path) -> None:
    """Clients sending partial headers are closed after the idle timeout and take no new threads.

    Before: 500 such sockets stayed open for 60 s with a thread each.
    """
    server = make_server(site, "127.0.0.1", 0, quiet=True, workers=4, idle_timeout=0.5)
    thread = start(server)
    port = server.server_address[1]
    threads_before = threading.active_count()
    sockets = []
    try:
        for _ in range(40):
            idle = socket.create_connection(("127.0.0.1", port), timeout=10)
            idle.sendall(b"GET /feed.ics HTTP/1.1\r\nHost: x\r\n")  # never finished
            sockets.append(idle)
        assert threading.active_count() <= threads_before  # the pool does not grow
        # A real client is still answered while they queue (4 workers, 0.5 s each).
        assert (200, FEED) == get(port, "/feed.ics")[::2]
        began = time.monotonic()
        for idle in sockets:
            assert b"" == idle.recv(1024)  # closed by the server
        assert time.monotonic() - began < 15
    finally:
        for idle in sockets:
            idle.close()
        stop(server, thread)


def test_pool_overflow_answers_busy(site: Path) -> None:
    """A connection beyond the pool's queue is answered 503 with Retry-After, not left waiting."""
    from cnreg_calendar import serve as serving

    server = serving._Server(("127.0.0.1", 0), site.resolve(), True, workers=1, pending=1)
    thread = start(server)
    port = server.server_address[1]
    hold: list[socket.socket] = []
    working = threading.Event()
    finish = server.finish_request

    def finish_request(request: socket.socket, address: object) -> None:
        working.set()
        finish(request, address)

    server.finish_request = finish_request  # type: ignore[method-assign]
    try:
        hold.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        assert working.wait(10)  # the one worker holds it
        hold.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        deadline = time.monotonic() + 10
        while server._pending.qsize() != 1 and time.monotonic() < deadline:
            time.sleep(0.01)  # until the queue of one is full
        status, headers, _ = get(port, "/feed.ics")
        assert 503 == status
        assert "1" == headers["Retry-After"]
    finally:
        for each in hold:
            each.close()
        stop(server, thread)


def test_regression_serve_conditional_get(site: Path) -> None:
    """A republish within the same second never gets a stale 304 to If-Modified-Since.

    Before: 4 of 6 such requests were answered 304 (the date has whole seconds).
    """
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = start(server)
    port = server.server_address[1]
    feed = site / "feed.ics"
    try:
        for round_ in range(6):
            status, headers, body = get(port, "/feed.ics")
            assert 200 == status
            modified = headers["Last-Modified"]
            assert (304, b"") == get(port, "/feed.ics", {"If-Modified-Since": modified})[::2]
            # New bytes with the very same modification time (same second, same nanosecond).
            before = feed.stat()
            replacement = site / ".feed.tmp"
            replacement.write_bytes(FEED + f"X-ROUND:{round_}\r\n".encode())
            os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
            os.replace(replacement, feed)
            status, headers, body = get(port, "/feed.ics", {"If-Modified-Since": modified})
            assert (200, f"X-ROUND:{round_}".encode()) == (status, body[len(FEED) : -2])
            newer = email.utils.parsedate_to_datetime(headers["Last-Modified"])
            assert newer > email.utils.parsedate_to_datetime(modified)
    finally:
        stop(server, thread)


def test_if_modified_since_ignored_with_if_none_match(site: Path) -> None:
    """With If-None-Match present, a fresh If-Modified-Since does not give a 304 (RFC 9110)."""
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = start(server)
    port = server.server_address[1]
    try:
        modified = get(port, "/feed.ics")[1]["Last-Modified"]
        headers = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
        assert (200, FEED) == get(port, "/feed.ics", headers)[::2]
    finally:
        stop(server, thread)


def test_regression_serve_log(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ESC, BEL and other control bytes of a request line reach the log as \\xNN escapes."""
    server = make_server(site, "127.0.0.1", 0)
    thread = start(server)
    port = server.server_address[1]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            raw.sendall(b"GET /\x1b]0;owned\x07\x1b[2J\x9b.ics HTTP/1.0\r\n\r\n")
            while raw.recv(4096):
                pass
    finally:
        stop(server, thread)
    log = capsys.readouterr().err
    assert 1 == len(log.splitlines())
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in log.rstrip("\n"))
    assert "\\x1b]0;owned\\x07\\x1b[2J" in log
    assert "404" in log


def test_large_file_streamed_whole(site: Path) -> None:
    """A file of several megabytes is served whole, with its length and ETag."""
    data = os.urandom(3_000_000)
    (site / "large.bin").write_bytes(data)
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = start(server)
    try:
        status, headers, body = get(server.server_address[1], "/large.bin")
    finally:
        stop(server, thread)
    assert (200, str(len(data))) == (status, headers["Content-Length"])
    assert data == body


def test_url_of_ipv6_and_real_port(site: Path) -> None:
    """url_of gives the bound port (not 0) and brackets an IPv6 host."""
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    try:
        port = server.server_address[1]
        assert 0 != port
        assert f"http://127.0.0.1:{port}/" == url_of(server)
    finally:
        server.server_close()
    try:
        server = make_server(site, "::1", 0, quiet=True)
    except ExportError:
        pytest.skip("no IPv6 loopback on this machine")
    try:
        assert f"http://[::1]:{server.server_address[1]}/" == url_of(server)
    finally:
        server.server_close()


@pytest.mark.parametrize("bad", [{"workers": 0}, {"idle_timeout": 0}, {"idle_timeout": -1.0}])
def test_bad_pool_settings(site: Path, bad: dict[str, float]) -> None:
    with pytest.raises(ExportError, match="positive"):
        make_server(site, "127.0.0.1", 0, **bad)  # type: ignore[arg-type]


def test_cli_port_zero_banner_after_bind(site: Path) -> None:
    """``serve --port 0`` prints the real port, once the socket is bound (a request succeeds)."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from cnreg_calendar.cli import main; sys.exit(main())",
            "serve",
            str(site),
            "--port",
            "0",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        assert banner.startswith(f"serving {site} on http://127.0.0.1:"), banner
        url = banner.split(" on ", 1)[1].split(" ", 1)[0]
        assert not url.endswith(":0/")
        with urllib.request.urlopen(url + "feed.ics", timeout=10) as answer:
            assert FEED == answer.read()
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()
