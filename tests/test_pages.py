"""Lighthouse-style basics on every HTML page of the example site (no browser needed):
one h1, a language, a title, a skip link, alt text, and no page over 1 MB."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

MAX_PAGE_BYTES = 1_000_000


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.lang = ""
        self.title = ""
        self.in_title = False
        self.ids: set[str] = set()
        self.skip_links: list[str] = []
        self.images_without_alt: list[str] = []
        self.in_skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.ids.add(str(attr["id"]))
        if tag == "html":
            self.lang = attr.get("lang") or ""
        elif tag == "h1":
            self.h1 += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "img" and attr.get("alt") is None:
            self.images_without_alt.append(str(attr.get("src")))
        elif tag == "div" and "skip-link" in (attr.get("class") or ""):
            self.in_skip = True
        elif tag == "a" and self.in_skip:
            self.skip_links.append(str(attr.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "div":
            self.in_skip = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


@pytest.fixture(scope="module")
def pages(example_site) -> dict[str, Path]:
    assert example_site["code"] == 0, example_site["stderr"] + example_site["stdout"]
    html = example_site["html"]
    found = {str(p.relative_to(html)): p for p in sorted(html.rglob("*.html"))
             if p.relative_to(html).parts[0] != "_static"}
    assert len(found) > 150
    return found


def is_redirect(path: Path) -> bool:
    """A page at a moved page's old address (tom_redirects): a heading and a link on."""
    return '<meta http-equiv="refresh"' in path.read_text(encoding="utf-8")


def _parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_page_has_one_h1_a_language_a_title_and_a_skip_link(pages):
    problems = []
    for name, path in pages.items():
        page = _parsed(path)
        if page.h1 != 1 and name not in ("genindex.html", "search.html"):
            problems.append(f"{name}: {page.h1} h1 elements")
        if page.lang != "en":
            problems.append(f"{name}: lang={page.lang!r}")
        if not page.title.strip():
            problems.append(f"{name}: no title")
        # sphinx-needs' permalink.html and the pages at moved pages' old addresses
        # (tom_redirects) only send the reader on: nothing to skip
        if name != "permalink.html" and not is_redirect(path) and (
                page.skip_links != ["#main-content"] or "main-content" not in page.ids):
            problems.append(f"{name}: skip link {page.skip_links}")
    assert problems == []


def test_search_and_index_pages_have_their_heading(pages):
    # Sphinx's own search and index pages: one h1 each as well
    for name in ("genindex.html", "search.html"):
        assert _parsed(pages[name]).h1 == 1, name


class _Tables(HTMLParser):
    """Each table of a page with the name of the scrolling region it sits in ("" when it
    sits in none)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str]] = []  # (tag, region name or "")
        self.regions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "table":
            self.regions.append(next((name for _, name in reversed(self.open) if name), ""))
        if tag in ("div", "table"):
            region = ("tom-scroll" in (attr.get("class") or "").split()
                      and attr.get("role") == "region")
            self.open.append((tag, str(attr.get("aria-label") or "?") if region else ""))

    def handle_endtag(self, tag: str) -> None:
        while tag in ("div", "table") and self.open and self.open.pop()[0] != tag:
            pass


def test_every_table_scrolls_in_a_named_region(pages):
    """The views' tables and those authors write (the workforce reductions, the
    handbook's): each in tom_ext's region, never the theme's unnamed container alone."""
    named = {}
    for name, path in pages.items():
        tables = _Tables()
        tables.feed(path.read_text(encoding="utf-8"))
        named[name] = tables.regions
    assert {name: regions for name, regions in named.items() if "" in regions} == {}
    assert named["workforce-reductions.html"] == ["Table: Workforce reductions 2027/28"]
    assert sum(map(len, named.values())) > 150


def test_every_image_has_alt_text(pages):
    missing = {name: _parsed(path).images_without_alt for name, path in pages.items()}
    assert {name: srcs for name, srcs in missing.items() if srcs} == {}


def test_every_page_is_under_one_megabyte(pages):
    sizes = {name: path.stat().st_size for name, path in pages.items()}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < MAX_PAGE_BYTES, (largest, sizes[largest])


def test_inline_charts_and_diagrams_have_a_text_alternative(pages):
    import re

    problems = []
    for name, path in pages.items():
        for svg in re.findall(r"<svg\b[^>]*>", path.read_text(encoding="utf-8")):
            if 'aria-hidden="true"' in svg or 'class="feather' in svg:
                continue  # sphinx-needs' collapse icons: decorative, beside the need's ID
            if 'role="img"' not in svg or "aria-label" not in svg:  # or aria-labelledby
                problems.append(f"{name}: {svg[:120]}")
    assert problems == []


def test_page_weights_cover_every_page_type(example_site):
    from benchmarks.pages import PAGE_TYPES, page_weights

    rows = page_weights(example_site["html"])
    assert len(rows) == len(PAGE_TYPES) + 1
    search = next(row for row in rows if row.startswith("| search |"))
    html_kb, total_kb = (int(cell) for cell in search.strip("| ").split(" | ")[2:4])
    # the search page loads the theme and the search index besides its own HTML
    assert total_kb > html_kb + 200


def test_top_navigation_and_the_accessibility_link_in_every_footer(pages):
    import re

    tom = pages["toms/environment-regeneration/highways/index.html"].read_text()
    header = tom[tom.index('<ul class="bd-navbar-elements'):]
    header = header[:header.index("</ul>")]
    items = [re.sub(r"\s+", " ", text).strip()
             for text in re.findall(r'class="nav-link[^"]*"[^>]*>([^<]*)<', header)]
    assert items == ["Home", "TOMs", "Strategies", "Layers", "Progress", "Refresh", "Handbook"]
    assert '<a class="navbar-brand logo" href="../../../index.html">' in tom
    assert 'alt="Borough of Kestrelford"' in tom
    missing = [name for name, path in pages.items()
               if name not in ("permalink.html", "accessibility.html")
               and not is_redirect(path)
               and 'accessibility.html">Accessibility statement</a>' not in path.read_text()]
    assert missing == []


def test_the_readmes_pictures_of_the_site_are_there():
    import struct

    from .screenshots import OUT, PICTURES

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name in PICTURES:
        path = OUT / name
        assert f"(docs/images/{name})" in readme, name
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        assert struct.unpack(">II", data[16:24]) == (1280, 900), name  # a laptop's view


def test_the_handbooks_pictures_of_the_papers_are_there():
    from .screenshots import OUT, PAPER_PICTURES

    handbook = (Path(__file__).parent.parent / "docs" / "papers.md").read_text(encoding="utf-8")
    for name in PAPER_PICTURES:
        assert f"images/{name}\n:alt: First page of" in handbook, name
        assert (OUT / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
