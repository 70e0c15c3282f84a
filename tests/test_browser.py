"""The reader's site in a real browser: Playwright driving Debian's Chromium.

The example site (built once per session) is served on localhost. Without Chromium these
tests skip with the reason, except under ``CI=true``, where they fail: CI must run them
(``.ci/run`` installs Chromium with apt-get). Screenshots go to ``test-results/screenshots``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("TOM_CHROMIUM", "/usr/bin/chromium")
# Chromium in this sandbox, as root, with no network: no sandbox, no background traffic
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREENSHOTS = Path(__file__).parent.parent / "test-results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

TOM = "toms/environment-regeneration/highways/index.html"
LAYER = "toms/environment-regeneration/highways/processes.html"
DRAFT_TOM = "toms/environment-regeneration/parking/index.html"
#: one page of every type a reader meets (a TOM's comparison with the last refresh, which
#: only ``tom build --versions`` writes, is in ARCHIVE_PAGES below)
PAGE_TYPES = {
    "home": "index.html",
    "golden-thread": "golden-thread/index.html",
    "changes": "changes.html",
    "decisions": "decisions.html",
    "department": "toms/environment-regeneration/index.html",
    "tom": TOM,
    "layer": LAYER,
    "coverage": "coverage.html",
    "traceability": "traceability.html",
    "progress": "progress.html",
    "refresh": "refresh.html",
    "strategy": "strategies/digital.html",
    "layer-across-toms": "layers/processes.html",
    "search": "search.html?q=inspections",
    "handbook": "handbook/index.html",
    "not-found": "404.html",
    "workforce-reductions": "workforce-reductions.html",
    "principles": "principles.html",
    "themes": "themes.html",
    "corporate-plan": "golden-thread/corporate-plan.html",
    "community-plan": "golden-thread/community-plan.html",
    "mtfs": "golden-thread/mtfs.html",
    "strategies": "strategies/index.html",
    "layers": "layers/index.html",
    "toms": "toms/index.html",
    "accessibility": "accessibility.html",
}


def _chromium_or_skip() -> str:
    found = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if found:
        return found
    reason = (f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium; "
              "or set TOM_CHROMIUM)")
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: browser tests must run in CI")
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve(directory: Path, headers: dict[str, str]) -> Iterator[str]:
    handler_class = type("Handler", (_QuietHandler,), {"headers_to_send": headers})
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(example_site) -> Iterator[str]:
    assert example_site["code"] == 0, example_site["stderr"] + example_site["stdout"]
    yield from _serve(example_site["html"], {})


@pytest.fixture(scope="module")
def strict_server(example_site) -> Iterator[str]:
    """The site served as the handbook tells a web server to: every security header,
    the Content-Security-Policy included."""
    from tom_ext.safety.headers import SECURITY_HEADERS

    assert example_site["code"] == 0, example_site["stderr"] + example_site["stdout"]
    yield from _serve(example_site["html"], dict(SECURITY_HEADERS))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page in a fresh browser context, in light or dark mode, remembering every request
    that left the local server."""

    def __init__(self, browser: Any, base: str, mode: str = "light", **context: Any) -> None:
        self.base = base
        self.context = browser.new_context(color_scheme=mode, **context)
        # pydata-sphinx-theme reads the reader's choice from localStorage before it paints
        self.context.add_init_script(f"localStorage.setItem('theme', '{mode}')")
        self.external: list[str] = []
        self.page = self.context.new_page()
        self.page.on("request", self._record)

    def _record(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.base) or url.startswith(("data:", "blob:", "about:"))):
            self.external.append(url)

    def open(self, path: str, *, quick: bool = False) -> Any:
        """Open a page; ``quick``: only its HTML (for checks of many pages' text)."""
        if quick:
            self.page.goto(self.base + path, wait_until="domcontentloaded")
            return self.page
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")
        if path.startswith("search.html"):
            self.page.wait_for_selector("#search-results .search-summary", timeout=20_000)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server) -> Iterator[Any]:
    opened: list[Visit] = []

    def factory(mode: str = "light", **context: Any) -> Visit:
        opened.append(Visit(browser, server, mode, **context))
        return opened[-1]

    yield factory
    for item in opened:
        item.close()


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS},
               "resultTypes": ["violations"]}
    result = Axe().run(page, options=options)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}× e.g. "
            f"{v['nodes'][0]['target']}" for v in result.response["violations"]]


#: a laptop and a phone
WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_wcag22_aa_zero_violations_and_no_sideways_scroll(visit, kind, mode, width):
    browsing = visit(mode, viewport=WIDTHS[width])
    page = browsing.open(PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    assert _violations(page) == [], f"{kind} page in {mode} mode at {width} px"
    # a wide table scrolls in its own region, never the page itself
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{kind} page scrolls sideways by {overflow} px at {width} px"


def test_a_wide_matrix_scrolls_in_a_named_focusable_region(visit):
    page = visit(viewport=WIDTHS["390"]).open("coverage.html")
    region = page.locator(".tom-scroll").first
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("aria-label") == (
        "Coverage of the framework's layers by the TOMs")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # it does scroll
    region.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # the keyboard scrolls it (smoothly: wait for it)
    page.wait_for_function("() => document.querySelector('.tom-scroll').scrollLeft > 0",
                           timeout=5_000)
    # the header row and the TOM column stay in view while it scrolls
    head = page.locator("table.tom-coverage thead th").first
    assert head.evaluate("h => getComputedStyle(h).position") == "sticky"


def test_an_authors_table_scrolls_in_its_own_region_with_header_and_first_column_in_view(
        visit):
    """The workforce reductions page's Markdown table, at phone width."""
    page = visit(viewport=WIDTHS["390"]).open("workforce-reductions.html")
    region = page.locator("article .tom-scroll")
    assert region.count() == 1
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label") == "Table: Workforce reductions 2027/28"
    assert region.get_attribute("tabindex") == "0"  # it has something to scroll
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    table = region.locator("table.tom-table")
    assert _cells(table)[0] == ["Environment & Regeneration", "31", "14", "9"]
    header, department = table.locator("thead th").first, table.locator("tbody td").first
    for cell in (header, department):
        assert cell.evaluate("c => getComputedStyle(c).position") == "sticky"
    left = department.bounding_box()["x"]
    region.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('article .tom-scroll').scrollLeft > 0",
                           timeout=5_000)
    # the department stays in view (the sticky cell's border may move half a pixel)
    assert department.bounding_box()["x"] == pytest.approx(left, abs=1)
    # at a laptop's width the table fits: no region to scroll, so no extra tab stop
    wide = visit(viewport=WIDTHS["1280"]).open("workforce-reductions.html")
    assert wide.locator("article .tom-scroll").get_attribute("tabindex") is None


def _visible_text(page: Any) -> str:
    return str(page.locator("article.bd-article").inner_text())


def test_tom_and_layer_pages_show_no_field_keys_and_no_iso_dates(visit, example_site):
    import re

    from .conftest import needs_of

    needs = needs_of(example_site["html"])
    pages = sorted({n["docname"] for n in needs.values() if n["type"] in ("tom", "layer")})
    assert len(pages) > 100
    browsing = visit()
    shown = []
    for docname in pages:
        text = _visible_text(browsing.open(f"{docname}.html", quick=True))
        for raw in ("layer_key", "part of:", "part_of", "guided_by", "classification:",
                    "status:", "owner:", "review_by", "supports:"):
            if raw in text:
                shown.append(f"{docname}: {raw!r}")
        iso = re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
        if iso:
            shown.append(f"{docname}: {iso.group(0)}")
    assert shown == []


def _overdue_and_on_time(example_site: dict) -> tuple[list[dict], list[dict]]:
    """The example's actions overdue on the build date (each with its ``days``), and
    those that are not."""
    import datetime as dt

    from .conftest import needs_of

    today = example_site["today"]
    overdue, on_time = [], []
    for need in needs_of(example_site["html"]).values():
        if need["type"] != "action":
            continue
        days = (today - dt.date.fromisoformat(need["due"])).days
        if need["status"] != "complete" and days > 0:
            overdue.append({**need, "days": days})
        else:
            on_time.append(need)
    assert len(overdue) > 10
    return overdue, on_time


def _overdue_words(days: int) -> str:
    return f"! Overdue by {days} day{'s' * (days != 1)}"


def test_every_overdue_action_on_a_layer_page_says_so(visit, example_site):
    overdue, on_time = _overdue_and_on_time(example_site)
    browsing = visit()
    for action in overdue:
        page = browsing.open(f"{action['docname']}.html", quick=True)
        card = page.locator(f"div.tom-card[id='{action['id']}']")
        badge = card.locator(".tom-badge-overdue")
        assert badge.inner_text() == _overdue_words(action["days"]), action["id"]
    page = browsing.open(f"{on_time[0]['docname']}.html")
    assert page.locator(f"div.tom-card[id='{on_time[0]['id']}'] .tom-badge-overdue"
                        ).count() == 0


def _route_rows(page: Any) -> dict[str, list[str]]:
    """Each row of a TOM page's route tables: action ID -> its cells' text."""
    found = {}
    for row in page.locator("table.tom-overview-actions tbody tr").all():
        cells = [c.strip() for c in row.locator("td").all_inner_texts()]
        found[row.locator(".tom-id").inner_text()] = cells
    return found


def test_every_overdue_action_on_a_tom_page_says_so(visit, example_site):
    """The route tables of a TOM page: the due date, then the badge of the action's card;
    an action that is not overdue has the date alone."""
    from tom_ext.core.words import short_date

    from .conftest import needs_of

    overdue, on_time = _overdue_and_on_time(example_site)
    needs = needs_of(example_site["html"])
    by_tom_page: dict[str, list[dict]] = {}
    for action in overdue + on_time:
        tom = needs[needs[action["part_of"][0]]["part_of"][0]]
        by_tom_page.setdefault(tom["docname"], []).append(action)
    assert len(by_tom_page) > 10
    browsing = visit()
    wrong = []
    for tom_page, actions in sorted(by_tom_page.items()):
        rows = _route_rows(browsing.open(f"{tom_page}.html", quick=True))
        for action in actions:
            due = short_date(action["due"])
            expected = (f"{due} {_overdue_words(action['days'])}" if "days" in action
                        else due)
            if rows[action["id"]][2] != expected:
                wrong.append((action["id"], rows[action["id"]][2], expected))
    assert wrong == []
    # the audit's example: at risk, due 30 June 2026, overdue on the TOM page too
    page = browsing.open(TOM)
    assert _route_rows(page)["ACT_HWY_CUS_02"][2].startswith("30 Jun 2026 ! Overdue by ")


def test_layer_pages_name_every_strategy_an_action_supports_by_title(visit, example_site):
    from .conftest import needs_of

    needs = needs_of(example_site["html"])
    by_page: dict[str, list[dict]] = {}
    for action in (n for n in needs.values() if n["type"] == "action"):
        by_page.setdefault(action["docname"], []).append(action)
    browsing = visit()
    missing = []
    for docname, actions in sorted(by_page.items()):
        page = browsing.open(f"{docname}.html", quick=True)
        for action in actions:
            facts = page.locator(f"div.tom-card[id='{action['id']}'] dl.tom-facts")
            text = facts.inner_text()
            missing += [(action["id"], target) for target in action["supports"]
                        if needs[target]["title"] not in text]
    assert missing == []
    assert sum(len(a) for a in by_page.values()) > 400


def _figures(page: Any) -> dict[str, tuple[str, str]]:
    """Each headline figure's tile: its key -> (value, detail), as a reader sees them."""
    found = {}
    for tile in page.locator(".tom-figures .tom-figure").all():
        key = next(c for c in tile.get_attribute("class").split()
                   if c.startswith("tom-figure-")).removeprefix("tom-figure-")
        found[key] = (tile.locator(".tom-figure-value").inner_text(),
                      tile.locator(".tom-figure-detail").inner_text())
    return found


def _cells(table: Any) -> list[list[str]]:
    """A table's body rows, each as its cells' text."""
    return [[c.strip() for c in row.locator("th, td").all_inner_texts()]
            for row in table.locator("tbody tr").all()]


def _expected_figures(toms: int, drafts: int, layers: str, counts: dict[str, int],
                      overdue: int, savings: tuple[str, str, str]) -> dict:
    """The tiles' text from counts found elsewhere: statuses by word, and the savings
    delivered, planned and the MTFS's target as money is written ("£5.4m")."""
    actions = sum(counts.values())
    complete = counts["Complete"]
    delivered, planned, target = savings
    return {
        "toms": (str(toms), f"{toms - drafts} approved, {drafts} in draft"),
        "layers": (layers, "layers that apply, with every part written"),
        "actions": (f"{actions:,}", f"{complete:,} complete ({round(100 * complete / actions)}%)"),
        "overdue": (f"{overdue:,}", "past their due date, not complete"),
        "at-risk": (f"{counts['At risk']:,}", f"and {counts['Off track']:,} off track"),
        "savings": (delivered, f"delivered, of {planned} planned against the MTFS's {target}"),
    }


STATUS_WORDS = ("Not started", "On track", "At risk", "Off track", "Complete")


def test_the_home_pages_figures_are_the_progress_pages(visit):
    """Every headline figure of the front door, from the Progress page's own tables (and
    the TOMs' stages and the layers from the home page's drafts and the coverage matrix);
    the Progress page shows the same tiles."""
    browsing = visit()
    home = browsing.open("index.html")
    figures = _figures(home)
    drafts = int(home.locator(".tom-heading", has_text="Drafts awaiting approval").inner_text()
                 .rsplit(": ", 1)[1])
    home_table = home.locator("table.tom-progress").first.inner_text()
    layers = _cells(browsing.open("coverage.html").locator("table.tom-coverage"))[-1][-1]
    progress = browsing.open("progress.html")
    assert _figures(progress) == figures
    assert progress.locator("table.tom-progress").first.inner_text() == home_table
    by_department, by_tom = (_cells(progress.locator("table.tom-progress").nth(i))
                             for i in (0, 1))
    assert by_department[-1] == by_tom[-1]  # All | five statuses | total | overdue
    *_, all_row = by_tom
    counts = dict(zip(STATUS_WORDS, map(int, all_row[1:6]), strict=True))
    assert int(all_row[6]) == sum(counts.values())
    overdue_rows = progress.locator("table.tom-overdue tbody tr").count()
    assert int(all_row[7]) == overdue_rows
    # Department | planned | delivered | MTFS target | planned less target
    *_, savings = _cells(progress.locator("table.tom-savings"))
    assert savings[0] == "All" and all(c.startswith("£") for c in savings[1:4])
    planned, delivered, target = savings[1:4]
    assert figures == _expected_figures(len(by_tom) - 1, drafts, layers, counts,
                                        overdue_rows, (delivered, planned, target))


def _csv(html: Any, name: str) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO((html / "downloads" / name).read_text())))


def _sheet_total(html: Any, sheet: str) -> dict[str, Any]:
    """The workbook's Total row of a sheet, by column heading."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(html / "downloads/golden-thread.xlsx"))
    header, *_, total = book.get_sheet_by_name(sheet).to_python()
    assert total[0] == "Total", sheet
    return dict(zip(header, total, strict=True))


def test_the_home_pages_figures_are_the_downloads(visit, example_site):
    """Every headline figure of the front door, from the downloads alone: the actions,
    progress, coverage and savings CSVs, the workbook's total rows and needs.json."""
    import math

    from tom_ext.core.words import money_k

    from .conftest import needs_of

    html = example_site["html"]
    figures = _figures(visit().open("index.html"))
    actions = [a for a in _csv(html, "actions.csv") if a["TOM"]]
    counts = {word: sum(a["Status"] == word for a in actions) for word in STATUS_WORDS}
    overdue = sum(a["Overdue"] == "yes" for a in actions)
    coverage = _csv(html, "coverage.csv")
    layers = (f"{sum(int(r['Complete layers']) for r in coverage)} of "
              f"{sum(int(r['Applicable layers']) for r in coverage)}")
    toms = [n for n in needs_of(html).values() if n["type"] == "tom"]
    drafts = sum(t["stage"] != "approved" for t in toms)
    delivered = math.fsum(float(a["Saving (£k)"]) for a in actions
                          if a["Saving (£k)"] and a["Status"] == "Complete")
    planned = math.fsum(float(a["Saving (£k)"]) for a in actions if a["Saving (£k)"])
    target = math.fsum(float(r["MTFS target (£k)"])
                       for r in _csv(html, "savings-by-department.csv")
                       if r["MTFS target (£k)"])
    assert len(toms) == len(coverage) == len(_csv(html, "progress-by-tom.csv"))
    assert figures == _expected_figures(len(toms), drafts, layers, counts, overdue,
                                        (money_k(delivered), money_k(planned),
                                         money_k(target)))
    # the workbook's total rows say the same
    progress = _sheet_total(html, "progress-by-tom")
    assert {w: int(progress[w]) for w in STATUS_WORDS} == counts
    assert (int(progress["Total"]), int(progress["Overdue"])) == (len(actions), overdue)
    savings = _sheet_total(html, "savings-by-department")
    assert [savings[c] for c in ("Planned (£k)", "Delivered (£k)", "MTFS target (£k)")] == [
        pytest.approx(planned), pytest.approx(delivered), pytest.approx(target)]


def test_nothing_is_loaded_from_outside_the_site(visit):
    browsing = visit()
    loaded = []
    browsing.page.on("requestfinished", lambda request: loaded.append(request.url))
    for path in PAGE_TYPES.values():
        browsing.open(path)
    assert browsing.external == []
    # the audit saw the site's own assets load, so it was listening
    assert any(url.endswith(".css") for url in loaded)
    assert any("searchindex.js" in url for url in loaded)


def _tab_to(page: Any, selector: str, limit: int = 400) -> str:
    """Press Tab until the focused element matches ``selector``; its href."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return str(page.evaluate("document.activeElement.getAttribute('href')"))
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_from_coverage_matrix_to_a_layers_actions(visit):
    page = visit().open("coverage.html")
    href = _tab_to(page, "table.tom-coverage a[href*='#LYR_']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href.split("/")[-1])
    layer_id = href.split("#")[1]
    assert page.locator(f"[id='{layer_id}']").count() == 1
    action_href = _tab_to(page, "article a[href^='#ACT_']")
    page.keyboard.press("Enter")
    assert page.url.endswith(action_href)
    assert page.evaluate("location.hash") == action_href


def test_keyboard_from_a_tom_page_to_a_layers_actions(visit):
    page = visit().open(TOM)
    _tab_to(page, "article a[href='processes.html#LYR_HWY_PRO']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/highways/processes.html#LYR_HWY_PRO")
    assert page.locator("h1").inner_text().startswith("Processes")
    action_href = _tab_to(page, "article a[href^='#ACT_HWY_PRO_']")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == action_href


def _search(browsing: Visit, query: str) -> Any:
    page = browsing.open(f"search.html?q={query}")
    return page.locator("#search-results")


def test_search_finds_an_action_by_its_id(visit):
    results = _search(visit(), "ACT_HWY_PRO_03")
    first = results.locator("ul.search li").first
    # the action itself comes first (an object of the search index), linking to its box
    assert "ACT_HWY_PRO_03" in first.inner_text()
    assert first.locator("a").first.get_attribute("href").endswith(
        "highways/processes.html#ACT_HWY_PRO_03")


@pytest.mark.parametrize("kind,query,expected", [
    ("tom", "TOM_HWY", "highways/index.html#TOM_HWY"),
    ("strategy", "STR_DIGITAL", "strategies/digital.html#STR_DIGITAL"),
    ("layer", "LYR_HWY_PRO", "highways/processes.html#LYR_HWY_PRO"),
])
def test_search_finds_toms_layers_and_strategies_by_id(visit, kind, query, expected):
    first = _search(visit(), query).locator("ul.search li").first
    assert first.locator("a").first.get_attribute("href").endswith(expected), kind


def test_search_finds_a_phrase_from_a_layers_target_model(visit, example_site):
    text = (example_site["root"] / "source" / LAYER.replace(".html", ".md")).read_text()
    target = text.split("## Target operating model", 1)[1].split("##", 1)[0]
    sentence = next(line for line in target.splitlines() if len(line.split()) > 6)
    phrase = " ".join(sentence.split()[:6]).strip(".,;:")
    results = _search(visit(), phrase.replace(" ", "+"))
    hrefs = [a.get_attribute("href") for a in results.locator("ul.search li > a").all()]
    assert any(h.split("#")[0].endswith("highways/processes.html") for h in hrefs), (
        phrase, hrefs)


def test_second_draft_tom_shows_the_banner(visit):
    page = visit().open(DRAFT_TOM)
    banner = page.locator(".tom-banner")
    assert banner.inner_text() == "Second draft — not approved"
    assert banner.is_visible()
    approved = visit().open(TOM)
    assert approved.locator(".tom-banner").count() == 0


def test_tom_page_prints_without_navigation(visit):
    browsing = visit()
    page = browsing.open(TOM)
    assert page.locator(".bd-header").is_visible()
    page.emulate_media(media="print")
    for chrome in (".bd-header", ".bd-sidebar-primary", ".bd-sidebar-secondary",
                   ".bd-footer", ".theme-switch-button", ".search-button"):
        for item in page.locator(chrome).all():
            assert not item.is_visible(), chrome
    assert page.locator("h1").is_visible()
    assert page.locator(".tom-summary").is_visible()
    # links print as text: no underline, the colour of the text
    link = page.locator("article a[href*='#LYR_']").first
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(SCREENSHOTS / "tom-page-print.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")


#: collects every CSP violation the page reports, before any of its own scripts run
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} `
    + `at ${e.sourceFile}:${e.lineNumber}`));
"""


def test_every_page_type_runs_under_the_content_security_policy(browser, strict_server):
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    errors: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        for kind, path in PAGE_TYPES.items():
            response = page.goto(strict_server + path)
            assert response is not None
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            if kind == "search":
                page.wait_for_selector("#search-results .search-summary", timeout=20_000)
            assert page.evaluate("window.__csp") == [], kind
        # the theme's scripts ran: the dark-mode switch and the search work under the policy
        page.goto(strict_server + "search.html?q=ACT_HWY_PRO_03")
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        assert page.evaluate("document.documentElement.dataset.theme") in ("light", "dark")
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
    assert console == []
    assert errors == []


def test_an_old_address_sends_the_reader_to_the_new_page_under_the_policy(browser,
                                                                         strict_server):
    """tom_redirects' page at a renamed TOM folder's old address works with no script."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(strict_server + "toms/environment-regeneration/leisure-and-culture/"
                  "people.html")
        page.wait_for_url("**/leisure-culture/people.html")
        assert page.url == (strict_server
                            + "toms/environment-regeneration/leisure-culture/people.html")
    finally:
        context.close()


def test_an_injected_inline_script_is_blocked_by_the_policy(browser, strict_server):
    """The policy is really in force: inline script is refused and reported."""
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    try:
        page.goto(strict_server + "index.html")
        page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.__ran = true'; document.body.appendChild(s); }""")
        page.wait_for_timeout(200)
        assert page.evaluate("window.__ran === undefined")
        assert any("script-src" in v for v in page.evaluate("window.__csp"))
    finally:
        context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name,path", [("home", "index.html"), ("tom", TOM),
                                       ("layer", LAYER), ("coverage", "coverage.html"),
                                       ("progress", "progress.html"),
                                       ("refresh", "refresh.html")])
def test_screenshots(visit, name, path, mode, width):
    page = visit(mode, viewport=WIDTHS[width]).open(path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    out = SCREENSHOTS / f"{name}-{mode}-{width}.png"
    page.screenshot(path=str(out), full_page=False)
    assert out.stat().st_size > 10_000


# -- earlier refreshes (issue 18): a clone built with tom build --versions ---------------

ARCHIVED_TOM = "archive/2023-2025/toms/environment-regeneration/highways/index.html"
#: the archived TOM page, what the current TOM page links to (its comparison), and the
#: page of every TOM's comparison
ARCHIVE_PAGES = {"archive-tom": ARCHIVED_TOM,
                 "archive-compared": "changes/refresh/TOM_HWY.html",
                 "archive-compared-all": "changes/refresh/index.html"}


@pytest.fixture(scope="module")
def versioned_server(versioned_site) -> Iterator[str]:
    """The current site with its archive, served with every security header."""
    from tom_ext.safety.headers import SECURITY_HEADERS

    assert versioned_site["code"] == 0, versioned_site["stderr"] + versioned_site["stdout"]
    yield from _serve(versioned_site["html"], dict(SECURITY_HEADERS))


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(ARCHIVE_PAGES))
def test_archive_pages_axe_zero_violations_no_sideways_scroll(browser, versioned_server, kind,
                                                               mode, width):
    browsing = Visit(browser, versioned_server, mode, viewport=WIDTHS[width])
    try:
        page = browsing.open(ARCHIVE_PAGES[kind])
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        assert _violations(page) == [], f"{kind} page in {mode} mode at {width} px"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} page scrolls sideways by {overflow} px at {width} px"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{kind}-{mode}-{width}.png"))
        assert browsing.external == []
    finally:
        browsing.close()


def test_archive_banner_leads_to_the_tom_now_and_the_switcher_back(browser, versioned_server):
    context = browser.new_context(viewport=WIDTHS["1280"])
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    try:
        page.goto(versioned_server + ARCHIVED_TOM)
        page.wait_for_load_state("networkidle")
        banner = page.locator("aside.bd-header-announcement .tom-archive-banner")
        assert banner.is_visible()
        assert banner.inner_text().startswith(
            "This page is from the 2023–2025 TOMs, replaced on 15 September 2025 by")
        with page.expect_navigation():
            banner.locator("a.tom-archive-current").click()
        assert page.url == versioned_server + TOM
        assert page.locator("h1").inner_text() == "Highways"
        # the switcher lists both versions and leads to the same page in the other
        page.wait_for_selector(".version-switcher__menu a[data-tom-resolved]",
                               state="attached")
        page.locator(".version-switcher__button").first.click()
        options = page.locator(".version-switcher__menu").first.locator("a")
        assert options.all_inner_texts() == ["Current TOMs", "The 2023–2025 TOMs"]
        with page.expect_navigation():
            options.nth(1).click()
        assert page.url == versioned_server + ARCHIVED_TOM
        assert page.locator(".version-switcher__button").first.inner_text() == (
            "The 2023–2025 TOMs")
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
