"""Load benchmark of ``cnreg-calendar serve`` against the standard library's threading server.

Each server runs in its own process on loopback (127.0.0.1, a free port) and serves the same
folder (a 2 KB feed, a 90 KB feed and a page).  A client process opens ``--clients`` concurrent
connections in a loop (one request each, the way calendar clients poll) for ``--seconds``, and
the script prints, side by side, requests per second, the 50th and 99th percentile and the
maximum latency (connect + request + whole body), errors and time-outs (``--timeout``).

- ``cnreg``: :func:`cnreg_calendar.serve.make_server` (listen queue 128, a pool of 16 workers).
- ``stdlib``: ``http.server.ThreadingHTTPServer`` with ``SimpleHTTPRequestHandler`` (listen
  queue 5, a thread per connection) — the server this project used before issue 13.

The target is p99 < 250 ms at 50 clients.  Loopback only; the figures depend on the machine.

    python benchmarks/bench_serve.py                     # 50 clients, 10 s per server
    python benchmarks/bench_serve.py --clients 50 --seconds 30
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n" * 45
PATHS = ("/small.ics", "/big.ics", "/index.html")


def _site(folder: Path) -> None:
    (folder / "small.ics").write_bytes(FEED)
    (folder / "big.ics").write_bytes(FEED * 45)
    (folder / "index.html").write_bytes(b"<!DOCTYPE html><title>feeds</title>\n" * 30)


def _run_server(kind: str, folder: str, ports: multiprocessing.Queue[int]) -> None:
    import http.server

    if kind == "cnreg":
        from cnreg_calendar.serve import make_server

        server: http.server.HTTPServer = make_server(folder, "127.0.0.1", 0, quiet=True)
    else:

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, directory=folder, **kwargs)  # type: ignore[arg-type]

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that timed out: counted on the client side

        server = Server(("127.0.0.1", 0), Quiet)
    ports.put(server.server_address[1])
    server.serve_forever(0.05)


def _load(port: int, clients: int, seconds: float, timeout: float) -> dict[str, float]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    timeouts = [0] * clients
    deadline = time.monotonic() + seconds

    def client(number: int) -> None:
        index = number
        while time.monotonic() < deadline:
            path = PATHS[index % len(PATHS)]
            index += 1
            began = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
            try:
                connection.request("GET", path)
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    errors[number] += 1
                    continue
            except TimeoutError:
                timeouts[number] += 1
                continue
            except (OSError, http.client.HTTPException):
                errors[number] += 1
                continue
            finally:
                connection.close()
            latencies[number].append(time.perf_counter() - began)

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    every = sorted(value for each in latencies for value in each)
    cuts = statistics.quantiles(every, n=100) if len(every) > 1 else [0.0] * 99
    return {
        "requests": len(every),
        "rate": len(every) / elapsed,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "max": (every[-1] if every else 0.0) * 1000,
        "errors": sum(errors),
        "timeouts": sum(timeouts),
    }


def measure(kind: str, clients: int, seconds: float, timeout: float) -> dict[str, float]:
    """Start the ``kind`` server in its own process, load it, stop it; the figures."""
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        _site(Path(folder))
        ports: multiprocessing.Queue[int] = context.Queue()
        process = context.Process(target=_run_server, args=(kind, folder, ports), daemon=True)
        process.start()
        try:
            port = ports.get(timeout=60)
            return _load(port, clients, seconds, timeout)
        finally:
            process.terminate()
            process.join(10)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=5.0, help="client time-out (s)")
    args = parser.parse_args(argv)
    print(f"{args.clients} clients, {args.seconds:g} s per server, loopback, cpus={os.cpu_count()}")
    print(
        f"{'server':8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7} "
        f"{'time-outs':>9}"
    )
    results = {}
    for kind in ("cnreg", "stdlib"):
        figures = measure(kind, args.clients, args.seconds, args.timeout)
        results[kind] = figures
        print(
            f"{kind:8} {figures['rate']:8.0f} {figures['p50']:8.1f} {figures['p99']:8.1f} "
            f"{figures['max']:8.0f} {figures['errors']:7.0f} {figures['timeouts']:9.0f}"
        )
    ours, theirs = results["cnreg"], results["stdlib"]
    print(
        f"cnreg/stdlib: req/s x{ours['rate'] / max(theirs['rate'], 1e-9):.2f}, "
        f"p99 x{ours['p99'] / max(theirs['p99'], 1e-9):.2f}; "
        f"target p99 < 250 ms: {'met' if ours['p99'] < 250 else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
