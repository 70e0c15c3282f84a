"""``python -m tests.screenshots``: the README's pictures of the site, taken afresh.

Builds the example site (dated by the last commit, as a reproducible build is), opens it in
Debian's Chromium through Playwright at 1280 × 900, and saves the home page, a layer page (at
its route, so its action cards show) and the coverage matrix (at its end, where the example's
partial and missing layers are) to ``docs/images/``; and the first page of a TOM's committee
paper and of the board's report, drawn by poppler's ``pdftoppm`` from the PDFs the build
wrote, for the handbook. Needs the test extras, ``/usr/bin/chromium`` and ``pdftoppm``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).parent.parent
OUT = REPO / "docs" / "images"
#: picture -> page
PICTURES = {"home.png": "index.html",
            "layer.png": "toms/environment-regeneration/highways/processes.html",
            "coverage.png": "coverage.html"}
def at_the_route(page: Any) -> None:
    """The layer picture: scrolled to the layer's route, its first action cards."""
    page.locator("section#route").evaluate("s => s.scrollIntoView({block: 'start'})")


def at_the_gaps(page: Any) -> None:
    """The coverage picture: the key at the top, and the matrix scrolled inside its
    region to its end, where the example's partial and missing layers are (the header
    row stays in view)."""
    page.locator(".tom-legend").evaluate("k => k.scrollIntoView({block: 'start'})")
    page.locator("table.tom-coverage").evaluate(
        "t => { const r = t.closest('.tom-scroll'); r.scrollTop = r.scrollHeight; }")


#: picture -> how it is framed, once the page is open
FRAMING: dict[str, Callable[[Any], None]] = {"layer.png": at_the_route,
                                             "coverage.png": at_the_gaps}
#: picture of a paper's first page -> the PDF the build writes
PAPER_PICTURES = {"paper-tom.png": "downloads/papers/TOM_LEI.pdf",
                  "paper-board.png": "downloads/papers/board.pdf"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def build(dest: Path) -> Path:
    """The example site built in ``dest``; its HTML folder."""
    from tests.conftest import copy_example
    from tom_ext.cli.main import main

    root = copy_example(dest)
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, text=True,
                           capture_output=True, check=False).stdout.strip()
    if stamp:
        os.environ["SOURCE_DATE_EPOCH"] = stamp
    if main(["-C", str(root), "build", "-q"]) != 0:
        raise SystemExit("the example site did not build; run tom build to see why")
    return root / "_build" / "html"


def take(html: Path, out: Path = OUT) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serving(html) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      color_scheme="light")
        context.add_init_script("localStorage.setItem('theme', 'light')")
        page = context.new_page()
        for name, path in PICTURES.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if name in FRAMING:
                FRAMING[name](page)
                page.wait_for_timeout(300)  # the theme's smooth scrolling settles
            page.screenshot(path=str(out / name))
            written.append(out / name)
        browser.close()
    return written


def draw_papers(html: Path, out: Path = OUT) -> list[Path]:
    """The first page of each paper in ``PAPER_PICTURES``, 100 pixels to the inch."""
    written = []
    for name, pdf in PAPER_PICTURES.items():
        stem = out / Path(name).stem
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1",
                        "-singlefile", str(html / pdf), str(stem)], check=True)
        written.append(out / name)
    return written


def main() -> int:
    if not Path(os.environ.get("TOM_CHROMIUM", "/usr/bin/chromium")).is_file():
        print("python -m tests.screenshots needs Chromium at /usr/bin/chromium "
              "(apt-get install chromium) or TOM_CHROMIUM", file=sys.stderr)
        return 2
    if shutil.which("pdftoppm") is None:
        print("python -m tests.screenshots needs poppler's pdftoppm "
              "(apt-get install poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="tom-pictures-") as tmp:
        html = build(Path(tmp) / "site")
        for path in [*take(html), *draw_papers(html)]:
            print(f"wrote {path.relative_to(REPO)}")
        shutil.rmtree(Path(tmp) / "site", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
