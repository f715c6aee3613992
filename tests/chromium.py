"""Headless Chromium for the page tests: screenshots and a layout probe, loopback and files only.

Chromium is the Debian package ``chromium`` (``apt-get install -y chromium``; ``.ci/run`` installs
it when missing).  Every run gets a fresh profile folder and the flags that keep it off the network.

The probe copies the published folder, appends one script to the copy of ``index.html`` that
measures the laid-out page (viewport, scroll width, elements past the right edge, the first row
of "due next", every link as the browser resolves it, the contrast of every text) and posts the
figures as JSON to a frame page that shows the copy at exactly the screen's size; ``--dump-dom``
prints them.  The published page itself has no script.

Regenerate the README's screenshots (from the repository's root)::

    python tests/chromium.py docs/
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
#: The example site of the browser test and of the README's screenshots.
TODAY = dt.date(2026, 12, 2)
START = dt.date(2026, 1, 1)
END = dt.date(2027, 12, 31)
BASE = "https://calendars.example.com/compliance/"
#: (width, height) of the two screens: a phone and a laptop.
SCREENS = ((390, 844), (1280, 800))
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

_PROBE = r"""
<script>
(function () {
  var W = window.innerWidth, H = window.innerHeight, root = document.documentElement;
  function rgb(text) {
    var m = text.match(/rgba?\(([^)]*)\)/);
    if (!m) return null;
    var p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    return [c.r, c.g, c.b].map(function (v) {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce(function (s, v, i) { return s + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      var c = rgb(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  var result = {width: W, height: H, scrollWidth: root.scrollWidth, overflowing: [],
                contrast: [], links: [], ids: [], firstRow: null};
  var all = document.body.querySelectorAll("*");
  for (var i = 0; i < all.length; i++) {
    var el = all[i], box = el.getBoundingClientRect();
    if (el.id) result.ids.push(el.id);
    if (box.width > 0 && box.right > W + 0.5)
      result.overflowing.push(el.tagName + "." + el.className + " right=" + Math.round(box.right));
    else if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"
             && el.clientWidth > 0)
      result.overflowing.push(el.tagName + "." + el.className + " content " + el.scrollWidth +
                              " > " + el.clientWidth + ": " + el.textContent.slice(0, 40));
    var own = Array.prototype.some.call(el.childNodes, function (n) {
      return n.nodeType === 3 && n.textContent.trim();
    });
    if (own && box.width > 0) {
      var fg = rgb(getComputedStyle(el).color), bg = background(el);
      var a = lum(fg), b = lum(bg);
      result.contrast.push({tag: el.tagName, text: el.textContent.trim().slice(0, 40),
                            ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)});
    }
  }
  var links = document.querySelectorAll("a[href]");
  for (var j = 0; j < links.length; j++)
    result.links.push({href: links[j].href, text: links[j].textContent.trim()});
  var row = document.querySelector("#next tbody tr");
  if (row) {
    var r = row.getBoundingClientRect();
    result.firstRow = {text: row.textContent, top: r.top, bottom: r.bottom};
  }
  parent.postMessage(JSON.stringify(result), "*");
})();
</script>
"""
# The page in a frame of exactly the screen's size (a headless window is at least 500 px wide and
# loses some height to its frame); the probe posts its figures up to this page, which --dump-dom
# prints.
_HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probe</title></head>
<body style="margin:0">
<iframe src="index.html" title="page" style="border:0;display:block;width:{width}px;height:{height}px">
</iframe>
<pre id="probe-result"></pre>
<script>
addEventListener("message", function (event) {{
  document.getElementById("probe-result").textContent = event.data;
}});
</script>
</body></html>
"""


def executable() -> str:
    """The Chromium program, or a clear failure: the browser tests need it."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "Chromium is not installed: apt-get update && apt-get install -y chromium "
        "(.ci/run does this when it is missing)"
    )


def run(url: str, width: int, height: int, *extra: str) -> str:
    """Chromium's stdout for ``url`` at ``width`` x ``height``, with a fresh profile folder."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        done = subprocess.run(
            [
                executable(),
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *extra,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def screenshot(page: Path, width: int, height: int, out: Path) -> Path:
    """A PNG of the first screen of ``page`` at ``width`` x ``height``."""
    run(page.resolve().as_uri(), width, height, f"--screenshot={out.resolve()}")
    return out


def probe(site: Path, width: int, height: int, work: Path) -> dict[str, Any]:
    """The figures the probe script measures on a copy of ``site`` (see the module's doc)."""
    copy = work / f"site-{width}"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    text = index.read_text("utf-8")
    index.write_text(text.replace("</body>", _PROBE + "</body>"), "utf-8")
    harness = copy / "probe-harness.html"
    harness.write_text(_HARNESS.format(width=width, height=height), "utf-8")
    dom = run(
        harness.as_uri(), width + 40, height + 200, "--dump-dom", "--virtual-time-budget=5000"
    )
    start = dom.index('<pre id="probe-result">') + len('<pre id="probe-result">')
    result: dict[str, Any] = json.loads(html.unescape(dom[start : dom.index("</pre>", start)]))
    result["folder"] = copy.as_uri() + "/"
    return result


def publish_examples(out: Path) -> Path:
    """The example profiles published as the browser test and the README's screenshots show."""
    from cnreg_calendar.publish import publish

    publish(EXAMPLES, out, start=START, end=END, base_url=BASE, today=TODAY)
    return out


def main(argv: list[str]) -> int:
    """Write ``page-390.png`` and ``page-1280.png`` into the folder given (default docs/)."""
    folder = Path(argv[0] if argv else ROOT / "docs")
    with tempfile.TemporaryDirectory() as work:
        site = publish_examples(Path(work, "site"))
        for width, height in SCREENS:
            path = screenshot(site / "index.html", width, height, folder / f"page-{width}.png")
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
