"""Serve a published folder of feeds over HTTP, on loopback by default, for calendar subscriptions.

Only the regular files inside the folder are served: a path with ``..``, an empty or hidden segment
(``.git``), a backslash, or a symbolic link that leads outside the folder is answered 404, like a
missing file.  Every answer carries a strong ``ETag`` (a hash of the bytes), ``Last-Modified`` and
``Cache-Control: max-age=3600``; a matching ``If-None-Match`` (or, without it, a fresh
``If-Modified-Since``) is answered 304 without a body, so polling calendar clients cost little.
``GET`` and ``HEAD`` are the only methods (others: 405).

It is meant for a local preview or behind a reverse proxy that terminates TLS: it binds only
loopback addresses unless ``allow_remote=True``.  :func:`publish <cnreg_calendar.publish.publish>`
switches the whole set of files at once, so the folder can be regenerated while it is served.

Under load it holds: the listen queue takes :data:`LISTEN_QUEUE` connections (the standard
library's default is 5, which drops connection attempts at a few dozen clients), a fixed pool of
:data:`WORKERS` threads answers them (a connection beyond the pool's queue of :data:`PENDING` gets
``503`` with ``Retry-After``), a connection idle for :data:`IDLE_TIMEOUT` seconds (e.g. one sending
its headers byte by byte) is closed, and files are streamed in chunks rather than read whole.

``Last-Modified`` comes from the content: it is the file's modification second, moved one second
later whenever this server sees new bytes under a date it already announced for that file, so a
file republished within the same second never gets a stale ``304`` to ``If-Modified-Since``.
``If-Modified-Since`` is ignored when ``If-None-Match`` is present (RFC 9110 §13.1.3).  Log lines
show control characters of the request as ``\\xNN`` escapes.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import http.server
import ipaddress
import os
import queue
import shutil
import socket
import sys
import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cnreg_calendar.errors import ExportError

__all__ = [
    "CACHE_SECONDS",
    "CONTENT_TYPES",
    "IDLE_TIMEOUT",
    "LISTEN_QUEUE",
    "PENDING",
    "WORKERS",
    "make_server",
    "regenerate_every",
    "serve",
    "url_of",
]

#: How long clients and proxies may reuse an answer (``Cache-Control: max-age``).
CACHE_SECONDS = 3600
#: Content types by file suffix; other files are ``application/octet-stream``.
CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
#: Connections the kernel keeps waiting for ``accept`` (``listen(2)`` backlog).
LISTEN_QUEUE = 128
#: Threads answering requests.
WORKERS = 16
#: Accepted connections waiting for a worker; beyond them a connection is answered 503.
PENDING = 256
#: Seconds a connection may stay silent (while sending its request or reading the answer).
IDLE_TIMEOUT = 10.0
_CHUNK = 64 * 1024
_INDEX = "index.html"
_ALLOWED = "GET, HEAD"
# The published page is self-contained: no scripts, no external assets.
_SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),
    ("Referrer-Policy", "no-referrer"),
)


class _Validators:
    """ETag and Last-Modified of each file, by content; hashes cached by the file's identity."""

    __slots__ = ("_announced", "_hashes", "_lock")

    _LIMIT = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (device, inode, size, mtime_ns, ctime_ns) -> ETag
        self._hashes: dict[tuple[int, int, int, int, int], str] = {}
        # path -> (ETag, Last-Modified second) last announced for it
        self._announced: dict[Path, tuple[str, int]] = {}

    def of(self, path: Path, stream: Any) -> tuple[str, int]:
        """The ETag and the Last-Modified second (Unix time) of the open file ``stream``."""
        info = os.fstat(stream.fileno())
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        with self._lock:
            etag = self._hashes.get(key)
        if etag is None:
            digest = hashlib.sha256()
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
            stream.seek(0)
            etag = f'"{digest.hexdigest()[:32]}"'
        second = info.st_mtime_ns // 1_000_000_000
        with self._lock:
            if len(self._hashes) >= self._LIMIT:
                self._hashes.clear()
            self._hashes[key] = etag
            previous = self._announced.get(path)
            if previous is not None:
                if previous[0] == etag:
                    return previous
                # New bytes: never under a date already announced for other bytes.
                second = max(second, previous[1] + 1)
            if len(self._announced) >= self._LIMIT:
                self._announced.clear()
            self._announced[path] = (etag, second)
        return etag, second


class _Server(http.server.HTTPServer):
    """An HTTP server of one folder: a listen queue of 128, a fixed pool of worker threads."""

    request_queue_size = LISTEN_QUEUE

    def __init__(
        self,
        address: tuple[str, int],
        root: Path,
        quiet: bool,
        *,
        workers: int = WORKERS,
        pending: int = PENDING,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self.root = root
        self.quiet = quiet
        self.idle_timeout = idle_timeout
        self.validators = _Validators()
        self._pending: queue.Queue[tuple[socket.socket, Any] | None] = queue.Queue(pending)
        self._workers: list[threading.Thread] = []
        super().__init__(address, _Handler)
        for number in range(workers):
            worker = threading.Thread(
                target=self._work, name=f"cnreg-calendar-serve-{number}", daemon=True
            )
            worker.start()
            self._workers.append(worker)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Hand the connection to the pool; a full pool answers 503 at once."""
        try:
            self._pending.put_nowait((request, client_address))
        except queue.Full:
            with contextlib.suppress(OSError):
                request.sendall(_BUSY)
            self.shutdown_request(request)

    def _work(self) -> None:
        while (item := self._pending.get()) is not None:
            request, client_address = item
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that went away mid-answer is not the server's error.
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        if not self.quiet:
            super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        for _ in self._workers:
            self._pending.put(None)
        for worker in self._workers:
            worker.join(timeout=2 * self.idle_timeout)
        self._workers = []


class _Server6(_Server):
    address_family = socket.AF_INET6


_BUSY = (
    b"HTTP/1.0 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 16\r\nConnection: close\r\n\r\n503 server busy\n"
)
# Control characters (C0, DEL, C1) of a request shown in the log as \xNN.
_ESCAPES = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}


class _Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the folder's files; 404 for anything outside it; 405 for other methods."""

    server: _Server
    server_version = "cnreg-calendar"
    sys_version = ""

    def setup(self) -> None:
        # Every read and write of the connection: a silent client is closed after this.
        self.request.settimeout(self.server.idle_timeout)
        super().setup()

    def do_GET(self) -> None:
        self._send_file(body=True)

    def do_HEAD(self) -> None:
        self._send_file(body=False)

    def __getattr__(self, name: str) -> Callable[[], None]:
        # BaseHTTPRequestHandler answers 501 when there is no do_<METHOD>: every other method is
        # a known method this server does not allow.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self._send_plain(405, "method not allowed", (("Allow", _ALLOWED),))

    # -- the file --------------------------------------------------------------------------

    def _resolve(self) -> Path | None:
        """The file the request names, or None when it is missing or not the folder's to serve."""
        raw = self.path.split("?", 1)[0].split("#", 1)[0]
        if not raw.startswith("/"):
            return None
        try:
            text = urllib.parse.unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if text == "/":
            text = "/" + _INDEX
        segments = text[1:].split("/")
        if any(
            not segment or segment.startswith(".") or "\\" in segment or "\x00" in segment
            for segment in segments
        ):
            return None
        root = self.server.root
        resolved = root
        for segment in segments:
            # Each step is resolved: a symbolic link that leads outside the folder is refused even
            # when a later ``..``-free path would lead back in.
            try:
                resolved = (resolved / segment).resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if not resolved.is_relative_to(root) or any(
                part.startswith(".") for part in resolved.relative_to(root).parts
            ):
                return None
        return resolved if resolved.is_file() else None

    def _send_file(self, *, body: bool) -> None:
        path = self._resolve()
        if path is None:
            self._send_plain(404, "not found")
            return
        try:
            stream = path.open("rb")
        except OSError:
            self._send_plain(404, "not found")
            return
        with stream:
            try:
                size = os.fstat(stream.fileno()).st_size
                etag, modified = self.server.validators.of(path, stream)
            except OSError:
                self._send_plain(404, "not found")
                return
            headers = (
                ("ETag", etag),
                ("Last-Modified", email.utils.formatdate(modified, usegmt=True)),
                ("Cache-Control", f"max-age={CACHE_SECONDS}"),
            )
            if self._not_modified(etag, modified):
                self.send_response(304)
                self._headers(headers)
                self.end_headers()
                return
            self.send_response(200)
            content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
            self._headers((("Content-Type", content_type), ("Content-Length", str(size))))
            self._headers(headers)
            self.end_headers()
            if body:
                shutil.copyfileobj(stream, self.wfile, _CHUNK)

    def _not_modified(self, etag: str, modified: int) -> bool:
        """Whether the client's copy is current (RFC 9110 §13.1.2, §13.1.3)."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in match.split(",")}
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            return False
        return modified <= when.timestamp()

    # -- plumbing --------------------------------------------------------------------------

    def _headers(self, headers: tuple[tuple[str, str], ...]) -> None:
        for name, value in headers:
            self.send_header(name, value)

    def end_headers(self) -> None:
        self._headers(_SECURITY_HEADERS)
        super().end_headers()

    def _send_plain(
        self, code: int, message: str, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        data = f"{code} {message}\n".encode()
        self.send_response(code)
        self._headers(
            (
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(data))),
                *headers,
            )
        )
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            line = f"{self.address_string()} {format % args}".translate(_ESCAPES)
            sys.stderr.write(line + "\n")


def _check_host(host: str, allow_remote: bool) -> type[_Server]:
    """The server class for ``host``; refuse a non-loopback host unless ``allow_remote``."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost":
            return _Server
        if not allow_remote:
            raise ExportError(
                f"host {host!r} is not a loopback address; pass host='127.0.0.1' (or '::1'), "
                "or allow_remote=True to serve other machines (behind a TLS proxy)"
            ) from None
        return _Server6 if ":" in host else _Server
    if not address.is_loopback and not allow_remote:
        raise ExportError(
            f"host {host!r} is not a loopback address; pass host='127.0.0.1' (or '::1'), "
            "or allow_remote=True to serve other machines (behind a TLS proxy)"
        )
    return _Server6 if address.version == 6 else _Server


def make_server(
    directory: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    allow_remote: bool = False,
    quiet: bool = False,
    workers: int = WORKERS,
    idle_timeout: float = IDLE_TIMEOUT,
) -> http.server.HTTPServer:
    """A server of the files in ``directory`` on ``host:port`` (port 0: a free port), not started.

    The socket is bound when this returns (:func:`url_of` gives its address).  Call
    ``serve_forever()`` (in a thread, if need be), then ``shutdown()`` and ``server_close()``.
    ``quiet=True`` leaves out the line per request written to stderr; ``workers`` threads answer
    requests; a connection silent for ``idle_timeout`` seconds is closed.

    >>> import http.client, pathlib, tempfile, threading
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = pathlib.Path(folder, "feed.ics").write_bytes(b"BEGIN:VCALENDAR\\r\\n")
    ...     server = make_server(folder, port=0, quiet=True)
    ...     thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    ...     thread.start()
    ...     client = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    ...     client.request("GET", "/feed.ics")
    ...     answer = client.getresponse()
    ...     print(answer.status, answer.headers["Content-Type"], answer.read())
    ...     client.close(); server.shutdown(); thread.join(); server.server_close()
    200 text/calendar; charset=utf-8 b'BEGIN:VCALENDAR\\r\\n'
    """
    server_class = _check_host(host, allow_remote)
    if not (isinstance(workers, int) and workers > 0):
        raise ExportError(f"workers {workers!r} is not a positive number of threads; pass e.g. 16")
    if not idle_timeout > 0:
        raise ExportError(
            f"idle_timeout {idle_timeout!r} is not a positive number of seconds; pass e.g. 10"
        )
    try:
        root = Path(directory).resolve(strict=True)
    except OSError as error:
        raise ExportError(f"cannot serve {os.fspath(directory)!r}: {error.strerror}") from None
    if not root.is_dir():
        raise ExportError(f"cannot serve {os.fspath(directory)!r}: not a folder; pass a folder")
    try:
        return server_class((host, port), root, quiet, workers=workers, idle_timeout=idle_timeout)
    except OSError as error:
        raise ExportError(
            f"cannot listen on {host}:{port} ({error.strerror or error}); pass another port, "
            "or 0 for a free one"
        ) from None


def url_of(server: http.server.HTTPServer) -> str:
    """The ``http://`` address of a bound server: its real port, an IPv6 host in brackets.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     server = make_server(folder, "::1", 0, quiet=True)
    ...     url = url_of(server)
    ...     server.server_close()
    >>> url.startswith("http://[::1]:") and url.endswith("/") and ":0/" not in url
    True
    """
    host, port = server.server_address[:2]
    text = host.decode() if isinstance(host, bytes) else str(host)
    if ":" in text:
        text = f"[{text}]"
    return f"http://{text}:{port}/"


def regenerate_every(regenerate: Callable[[], None], interval: float) -> threading.Event:
    """Call ``regenerate()`` every ``interval`` seconds in a daemon thread; set the event to stop.

    An exception is written to stderr and the next call still happens: the folder keeps its
    previous files (:func:`~cnreg_calendar.publish.publish` is atomic).

    >>> import threading
    >>> called = threading.Event()
    >>> stop = regenerate_every(called.set, 0.01)
    >>> called.wait(5)
    True
    >>> stop.set()
    """
    if not interval > 0:
        raise ExportError(
            f"interval {interval!r} is not a positive number of seconds; pass e.g. 3600"
        )
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            try:
                regenerate()
            except Exception as error:  # keep serving the previous files
                sys.stderr.write(f"cnreg-calendar: regeneration failed: {error}\n")

    threading.Thread(target=loop, name="cnreg-calendar-regenerate", daemon=True).start()
    return stop


def serve(
    directory: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    regenerate: Callable[[], None] | None = None,
    interval: float = 3600,
    allow_remote: bool = False,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``directory`` until interrupted (Ctrl-C); call ``regenerate`` every ``interval`` s.

    ``ready`` is called with the server's address (:func:`url_of`: the real port when ``port``
    is 0) once the socket is bound, before the first request is answered.

    The host must be a loopback address unless ``allow_remote=True``:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     serve(folder, host="0.0.0.0")
    Traceback (most recent call last):
    ...
    cnreg_calendar.errors.ExportError: host '0.0.0.0' is not a loopback address; pass host='127.0.0.1' (or '::1'), or allow_remote=True to serve other machines (behind a TLS proxy)
    """
    if regenerate is not None and not interval > 0:
        raise ExportError(
            f"interval {interval!r} is not a positive number of seconds; pass e.g. 3600"
        )
    server = make_server(directory, host, port, allow_remote=allow_remote)
    if ready is not None:
        ready(url_of(server))
    stop = regenerate_every(regenerate, interval) if regenerate is not None else None
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if stop is not None:
            stop.set()
        server.server_close()
