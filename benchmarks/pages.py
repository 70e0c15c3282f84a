"""Page weights of a built site: what a reader's browser downloads for each page type.

``python -m benchmarks.pages [HTML_DIR]`` prints the table (default ``_build/html``); the
benchmark runner puts it in ``benchmarks/RESULTS.md``. A page's weight is its HTML plus
every stylesheet, script, image and font it references from the site (each counted once,
as a browser with an empty cache downloads them); the search page also loads
``searchindex.js``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

#: one page of every type a reader meets (as the browser tests visit them)
PAGE_TYPES = {
    "home": "index.html",
    "department": "toms/environment-regeneration/index.html",
    "TOM": "toms/environment-regeneration/highways/index.html",
    "layer": "toms/environment-regeneration/highways/processes.html",
    "coverage matrix": "coverage.html",
    "traceability matrix": "traceability.html",
    "progress dashboard": "progress.html",
    "strategy": "strategies/digital.html",
    "search": "search.html",
    "handbook": "handbook/index.html",
}

_REF = re.compile(r'(?:href|src)="([^"#?]+)(?:[?#][^"]*)?"')
_CSS_URL = re.compile(r"url\(['\"]?([^'\")?#]+)")
ASSET = (".css", ".js", ".svg", ".png", ".jpg", ".woff", ".woff2", ".ttf", ".ico")


def _assets(html_dir: Path, page: str) -> set[Path]:
    text = (html_dir / page).read_text(encoding="utf-8")
    found: set[Path] = set()
    pending = [urljoin(page, ref) for ref in _REF.findall(text)
               if ref.endswith(ASSET) and not urlparse(ref).scheme]
    if page == "search.html":
        pending.append("searchindex.js")
    while pending:
        ref = pending.pop()
        path = (html_dir / ref).resolve()
        if path in found or not path.is_file():
            continue
        found.add(path)
        if path.suffix == ".css":
            css = path.read_text(encoding="utf-8", errors="replace")
            pending += [urljoin(ref, url) for url in _CSS_URL.findall(css)
                        if url.endswith(ASSET) and not urlparse(url).scheme]
    return found


def page_weights(html_dir: Path) -> list[str]:
    """Markdown table rows: page type, HTML kB, with everything it loads kB."""
    rows = []
    for kind, page in PAGE_TYPES.items():
        if not (html_dir / page).is_file():
            continue
        html = (html_dir / page).stat().st_size
        total = html + sum(p.stat().st_size for p in _assets(html_dir, page))
        rows.append(f"| {kind} | `{page}` | {html / 1024:.0f} | {total / 1024:.0f} |")
    pages = sorted(html_dir.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    largest = pages[0]
    rows.append(f"| largest page | `{largest.relative_to(html_dir)}` | "
                f"{largest.stat().st_size / 1024:.0f} | |")
    return rows


TABLE_HEAD = ("| page type | page | HTML (kB) | with everything it loads (kB) |\n"
              "| --- | --- | ---: | ---: |")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    html_dir = Path(args[0] if args else "_build/html")
    print(TABLE_HEAD)
    print("\n".join(page_weights(html_dir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
