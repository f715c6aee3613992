"""Tests of the feed server: only the folder's files, cache validators, loopback only."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cnreg_calendar.errors import CnregCalendarError, ExportError
from cnreg_calendar.serve import make_server, regenerate_every, serve

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nNAME:\xe5\x90\x88\xe8\xa7\x84\r\nEND:VCALENDAR\r\n"
PAGE = '<!DOCTYPE html><html lang="zh-CN"><title>订阅</title></html>\n'.encode()
SECRET = b"outside the folder\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A served folder with a feed, a page, a hidden file and links in and out; a secret beside it."""
    (tmp_path / "secret.txt").write_bytes(SECRET)
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.ics").write_bytes(FEED)
    (site / "index.html").write_bytes(PAGE)
    (site / ".hidden.ics").write_bytes(FEED)
    (site / "sub").mkdir()
    (site / "sub" / "nested.ics").write_bytes(FEED)
    (site / "escape.txt").symlink_to(tmp_path / "secret.txt")
    (site / "escape-dir").symlink_to(tmp_path)
    (site / "alias.ics").symlink_to(site / "feed.ics")
    return site


@pytest.fixture
def server(site: Path) -> Iterator[http.server.ThreadingHTTPServer]:
    """The folder served on 127.0.0.1 with a free port, shut down at the end."""
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def request(
    server: http.server.ThreadingHTTPServer,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send one request with *path* exactly as written (http.client does not normalise it)."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_get_feed(server: http.server.ThreadingHTTPServer, site: Path) -> None:
    """A feed is served whole as text/calendar with a strong ETag, Last-Modified and max-age."""
    status, headers, body = request(server, "GET", "/feed.ics")
    assert 200 == status
    assert FEED == body
    assert "text/calendar; charset=utf-8" == headers["Content-Type"]
    assert str(len(FEED)) == headers["Content-Length"]
    etag = headers["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert hashlib.sha256(FEED).hexdigest()[:32] == etag.strip('"')
    assert headers["Last-Modified"].endswith(" GMT")
    assert "max-age=3600" == headers["Cache-Control"]


def test_index_page(server: http.server.ThreadingHTTPServer) -> None:
    """``/`` and ``/index.html`` are the page, as text/html in UTF-8."""
    for path in ("/", "/index.html", "/index.html?utm=1"):
        status, headers, body = request(server, "GET", path)
        assert (200, PAGE) == (status, body), path
        assert "text/html; charset=utf-8" == headers["Content-Type"]


def test_etag_depends_on_bytes(server: http.server.ThreadingHTTPServer, site: Path) -> None:
    """A changed file gets another ETag; the same bytes, the same ETag."""
    first = request(server, "GET", "/feed.ics")[1]["ETag"]
    assert first == request(server, "GET", "/sub/nested.ics")[1]["ETag"]
    (site / "feed.ics").write_bytes(FEED + b"X")
    assert first != request(server, "GET", "/feed.ics")[1]["ETag"]


def test_if_none_match(server: http.server.ThreadingHTTPServer) -> None:
    """A matching If-None-Match (alone, in a list, weak, or *) is answered 304 with no body."""
    etag = request(server, "GET", "/feed.ics")[1]["ETag"]
    for value in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        status, headers, body = request(server, "GET", "/feed.ics", {"If-None-Match": value})
        assert (304, b"") == (status, body), value
        assert etag == headers["ETag"]
        assert "max-age=3600" == headers["Cache-Control"]
    status, _, body = request(server, "GET", "/feed.ics", {"If-None-Match": '"stale"'})
    assert (200, FEED) == (status, body)


def test_if_modified_since(server: http.server.ThreadingHTTPServer) -> None:
    """Without If-None-Match, If-Modified-Since at or after Last-Modified gives 304."""
    modified = request(server, "GET", "/feed.ics")[1]["Last-Modified"]
    status, _, body = request(server, "GET", "/feed.ics", {"If-Modified-Since": modified})
    assert (304, b"") == (status, body)
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert 200 == request(server, "GET", "/feed.ics", {"If-Modified-Since": old})[0]
    assert 200 == request(server, "GET", "/feed.ics", {"If-Modified-Since": "garbage"})[0]


def test_head(server: http.server.ThreadingHTTPServer) -> None:
    """HEAD gives GET's headers and no body."""
    _, get_headers, _ = request(server, "GET", "/feed.ics")
    status, headers, body = request(server, "HEAD", "/feed.ics")
    assert (200, b"") == (status, body)
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control"):
        assert get_headers[name] == headers[name], name
    assert (404, b"") == request(server, "HEAD", "/missing.ics")[::2]


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/../site/feed.ics",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/./feed.ics",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/etc/passwd",
        "secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/escape.txt",
        "/escape-dir/secret.txt",
        "/escape-dir/site/feed.ics",
        "/.hidden.ics",
        "/sub/",
        "/sub",
        "/feed.ics%00.html",
        "/%ff.ics",
        "/missing.ics",
    ],
)
def test_outside_hidden_or_missing(server: http.server.ThreadingHTTPServer, path: str) -> None:
    """Traversal, absolute paths, links leading outside, hidden files and folders are 404."""
    status, headers, body = request(server, "GET", path)
    assert 404 == status
    assert SECRET not in body
    assert FEED not in body
    assert "ETag" not in headers


def test_absolute_path_of_a_real_file(server: http.server.ThreadingHTTPServer, site: Path) -> None:
    """The absolute path of a file outside the folder, plain or encoded, is 404."""
    secret = (site.parent / "secret.txt").resolve()
    for path in (f"/{secret}", f"/{secret}".replace("/", "%2F"), f"{secret}"):
        status, _, body = request(server, "GET", path)
        assert (404, False) == (status, SECRET in body), path


def test_symlink_inside_folder(server: http.server.ThreadingHTTPServer) -> None:
    """A symbolic link to a file inside the folder is served; nested files too."""
    assert (200, FEED) == request(server, "GET", "/alias.ics")[::2]
    assert (200, FEED) == request(server, "GET", "/sub/nested.ics")[::2]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
def test_other_methods(server: http.server.ThreadingHTTPServer, method: str) -> None:
    """Methods other than GET and HEAD are 405 with an Allow header."""
    status, headers, _ = request(server, method, "/feed.ics")
    assert 405 == status
    assert "GET, HEAD" == headers["Allow"]


def test_security_headers(server: http.server.ThreadingHTTPServer) -> None:
    """Every answer forbids sniffing and scripts."""
    for path in ("/", "/missing"):
        headers = request(server, "GET", path)[1]
        assert "nosniff" == headers["X-Content-Type-Options"]
        assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_replaced_file_is_served(server: http.server.ThreadingHTTPServer, site: Path) -> None:
    """A file replaced by an atomic rename (as publish does) is served anew."""
    replacement = site / ".feed.ics.tmp"
    replacement.write_bytes(FEED.replace(b"2.0", b"2.0\r\nX-NEW:1"))
    os.replace(replacement, site / "feed.ics")
    assert b"X-NEW:1" in request(server, "GET", "/feed.ics")[2]


def test_log_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without quiet, one line per request goes to stderr."""
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        request(server, "GET", "/feed.ics")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    lines = capsys.readouterr().err.splitlines()
    assert 1 == len(lines)
    assert '"GET /feed.ics HTTP/1.1" 200' in lines[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "", "192.0.2.1", "example.com", "::"])
def test_refuses_remote_hosts(site: Path, host: str) -> None:
    """A host that is not loopback is refused unless allow_remote=True."""
    with pytest.raises(ExportError, match="allow_remote=True"):
        make_server(site, host, 0)
    with pytest.raises(ExportError, match="not a loopback address"):
        serve(site, host=host, port=0)


def test_loopback_hosts(site: Path) -> None:
    """127.0.0.1, another 127/8 address and localhost are accepted."""
    for host in ("127.0.0.1", "127.0.0.2", "localhost"):
        server = make_server(site, host, 0, quiet=True)
        server.server_close()


def test_bad_folder(tmp_path: Path) -> None:
    """A missing folder or a file is refused with the library's error."""
    with pytest.raises(CnregCalendarError, match="cannot serve"):
        make_server(tmp_path / "missing", port=0)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        make_server(tmp_path / "file", port=0)


def test_port_in_use(server: http.server.ThreadingHTTPServer, site: Path) -> None:
    """A port already taken is refused with the library's error."""
    with pytest.raises(ExportError, match="cannot listen"):
        make_server(site, "127.0.0.1", server.server_address[1])


def test_regenerate_every() -> None:
    """The callback runs repeatedly, survives its own errors, and stops when asked."""
    calls: list[float] = []
    enough = threading.Event()

    def regenerate() -> None:
        calls.append(time.monotonic())
        if len(calls) >= 3:
            enough.set()
        if len(calls) == 1:
            raise ExportError("a failing regeneration")

    stop = regenerate_every(regenerate, 0.01)
    try:
        assert enough.wait(10)
    finally:
        stop.set()
    time.sleep(0.1)
    count = len(calls)
    time.sleep(0.1)
    assert count == len(calls)


@pytest.mark.parametrize("interval", [0, -1.0, float("nan")])
def test_bad_interval(interval: float) -> None:
    """A non-positive interval is refused."""
    with pytest.raises(ExportError, match="interval"):
        regenerate_every(lambda: None, interval)
