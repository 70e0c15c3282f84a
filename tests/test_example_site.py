"""The example council, built once per session exactly as the README's command builds it."""

from __future__ import annotations

import re
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import TYPES

from .conftest import needs_of
from .test_changes import tables_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(example_site):
    assert example_site["code"] == 0, example_site["stderr"] + example_site["stdout"]
    return example_site


@pytest.fixture(scope="module")
def needs(site):
    return needs_of(site["html"])


def test_builds_with_zero_warnings(site):
    assert site["stderr"] == ""
    assert "(0 warnings" in site["stdout"]
    assert (site["html"] / "index.html").is_file()


def test_readable_urls(site):
    html = site["html"]
    for path in ("toms/environment-regeneration/leisure-culture/technology.html",
                 "strategies/it.html", "handbook/authoring.html", "handbook/reference.html"):
        assert (html / path).is_file(), path


def test_four_departments_fourteen_toms_all_layers(needs):
    toms = [n for n in needs.values() if n["type"] == "tom"]
    assert len({t["department"] for t in toms}) == 4
    assert len(toms) == 14
    layers = defaultdict(dict)
    for n in needs.values():
        if n["type"] == "layer":
            layers[n["part_of"][0]][n["layer_key"]] = n
    actions_of = defaultdict(list)
    for n in needs.values():
        if n["type"] == "action":
            actions_of[n["part_of"][0]].append(n)
    stages = sorted(t["stage"] for t in toms)
    assert stages == ["approved"] * 11 + ["first-draft"] + ["second-draft"] * 2
    for tom in toms:
        assert [needs[p]["type"] for p in tom["aligns"]] and all(
            needs[p]["type"] == "priority" for p in tom["aligns"]), tom["id"]
        assert tom["review_by"], tom["id"]
        # the first draft has not written its physical location layer yet (a notice)
        unwritten = {"physical-location"} if tom["id"] == "TOM_TRF" else set()
        assert set(layers[tom["id"]]) == set(NINE_LAYERS.keys()) - unwritten, tom["id"]
        for layer in layers[tom["id"]].values():
            if layer["applicable"] == "no":
                assert layer["reason"], layer["id"]
            elif layer["id"] != "LYR_PRK_PEO":  # a second draft's layer with no actions yet
                assert len(actions_of[layer["id"]]) >= 2, layer["id"]


def test_actions_in_the_range_and_each_supports_something(needs):
    actions = [n for n in needs.values() if n["type"] == "action"]
    assert 400 <= len(actions) <= 600
    for action in actions:
        targets = [needs[i]["type"] for i in action["supports"]]
        assert targets and set(targets) <= {"strategy", "priority"}, action["id"]
    statuses = {a["status"] for a in actions}
    assert statuses == {"not-started", "on-track", "at-risk", "off-track", "complete"}


def test_every_strategy_has_an_owner(needs):
    strategies = [n for n in needs.values() if n["type"] == "strategy"]
    assert len(strategies) >= 12
    assert all(s["owner"] for s in strategies)


def test_every_action_leads_back_up_to_the_community_plan(needs):
    up = ("supports", "delivers", "part_of", "informed_by")
    reaches: dict[str, bool] = {}

    def climbs(need_id: str, seen: frozenset[str] = frozenset()) -> bool:
        if need_id == "PLAN_COMMUNITY":
            return True
        if need_id in reaches:
            return reaches[need_id]
        need = needs[need_id]
        result = any(climbs(t, seen | {need_id}) for link in up
                     for t in need.get(link) or [] if t not in seen and t in needs
                     and needs[t]["type"] in ("strategy", "priority", "plan"))
        reaches[need_id] = result
        return result

    stuck = [n["id"] for n in needs.values() if n["type"] == "action" and not climbs(n["id"])]
    assert stuck == []


def test_each_type_renders_with_fields_and_links_both_ways(site, needs):
    html = site["html"]
    for spec in TYPES:
        sample = next(n for n in needs.values() if n["type"] == spec.directive)
        page = (html / f"{sample['docname']}.html").read_text()
        assert f'id="{sample["id"]}"' in page, spec.directive
        for link in spec.links:
            for target in sample.get(link.name) or []:
                assert target in page
    tom = (html / "toms/environment-regeneration/leisure-culture/index.html").read_text()
    assert 'href="technology.html#LYR_LEI_TEC">Technology</a>' in tom  # its layers, by name


def test_handbook_reference_shows_every_field_and_link_of_the_model(site):
    page = (site["html"] / "handbook/reference.html").read_text()
    for spec in TYPES:
        section = page[page.index(f'id="type-{spec.directive}"'):]
        for item in (*spec.fields, *spec.links):
            assert f":{item.name}:" in section[:20000], (spec.directive, item.name)


def _links(html_dir: Path, page: Path) -> set[Path]:
    text = page.read_text()
    base = page.relative_to(html_dir).as_posix()
    found = set()
    for href in re.findall(r'href="([^"#]+)(?:#[^"]*)?"', text):
        if urlparse(href).scheme:
            continue
        target = (html_dir / urljoin(base, href)).resolve()
        if target.suffix == ".html" and target.is_file():
            found.add(target)
    return found


def test_every_action_within_three_clicks_of_home(site, needs):
    html = site["html"]
    depth = {(html / "index.html").resolve(): 0}
    queue = deque(depth)
    while queue:
        page = queue.popleft()
        if depth[page] == 3:
            continue
        for target in _links(html, page):
            if target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    far = [n["id"] for n in needs.values() if n["type"] == "action"
           and (html / f"{n['docname']}.html").resolve() not in depth]
    assert far == []


def test_check_on_the_example_names_exactly_one_mistake(site, tmp_path, capsys):
    import shutil

    from tom_ext.cli import main as cli

    root = tmp_path / "example"
    shutil.copytree(site["root"], root, symlinks=True,
                    ignore=shutil.ignore_patterns("_build"))
    assert cli.main(["-C", str(root), "check"]) == 0
    clean = capsys.readouterr().out.splitlines()
    assert len(clean) == 1 and clean[0].startswith("tom check: no problems (")

    page = root / "source/toms/environment-regeneration/parking/technology.md"
    text = page.read_text()
    line = text.splitlines().index(":status: on-track") + 1
    page.write_text(text.replace(":status: on-track", ":status: on track", 1))
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        f"source/toms/environment-regeneration/parking/technology.md:{line}: WARNING: status "
        "'on track' is not allowed — did you mean 'on-track'? use one of: not-started, "
        "on-track, at-risk, off-track, complete [tom.bad_value]"]
    assert out[-1].startswith("tom check: 1 problem found in ")


def _table_cells(html: str, cls: str) -> list[list[str]]:
    table = html[html.index(f'class="{cls}') if f'class="{cls}' in html else
                 html.index(cls):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows]


def _coverage_rows(site) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, the rows of TOMs (the department rows between them left out), total."""
    cells = _table_cells((site["html"] / "coverage.html").read_text(), "tom-table")
    body = [[c.replace(" :", ":") for c in row] for row in cells[1:-1] if len(row) > 1]
    return cells[0], body, cells[-1]


def test_coverage_matrix_agrees_with_an_independent_count(site, needs):
    header, body, total = _coverage_rows(site)
    assert header[0] == "TOM" and header[-1] == "Complete"
    assert header[1:-1] == [layer.title for layer in NINE_LAYERS.layers]
    by_title = {re.sub(r" TOM \d{4}–\d{4}$", "", n["title"]): n
                for n in needs.values() if n["type"] == "tom"}
    assert len(body) == 14
    states = set()
    for row in body:
        tom = by_title[row[0]]
        for layer, cell in zip(NINE_LAYERS.layers, row[1:-1], strict=True):
            found = [n for n in needs.values() if n["type"] == "layer"
                     and n["part_of"] == [tom["id"]] and n["layer_key"] == layer.key]
            expected = _expected_cell(site, needs, found[0] if found else None)
            states.add(expected.split(" ")[1].rstrip(":"))
            assert cell == expected, (tom["id"], layer.key)
    # the example shows every state a reader can meet
    assert states == {"Complete", "Partial", "Missing", "N/A"}
    applicable = sum(1 for row in body for c in row[1:-1] if c != "– N/A")
    complete = sum(1 for row in body for c in row[1:-1] if c == "● Complete")
    assert total[-1] == f"{complete} of {applicable}"


def _expected_cell(site, needs, lay) -> str:
    if lay is None:
        return "○ Missing"
    if lay["applicable"] == "no":
        return "– N/A"
    page = (site["html"] / f"{lay['docname']}.html").read_text()
    headings = {re.sub(r"<[^>]+>|#", "", h).strip().lower()
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)}
    lacks = [w for w in ("current operating model", "target operating model", "route")
             if w not in headings]
    if not [n for n in needs.values() if n["type"] == "action"
            and n["part_of"] == [lay["id"]]]:
        lacks.append("actions")
    if not lay["guided_by"]:
        lacks.append("guiding strategy")
    return f"◐ Partial: no {', no '.join(lacks)}" if lacks else "● Complete"


def test_traceability_matrices_agree_with_an_independent_count(site, needs):
    html = (site["html"] / "traceability.html").read_text()
    tables = html.split('class="tom-table tom-traceability')[1:]
    assert len(tables) == 2
    tom_of = {}
    for n in needs.values():
        if n["type"] == "action":
            layer = needs[n["part_of"][0]]
            tom_of[n["id"]] = layer["part_of"][0]
    short = {re.sub(r" TOM \d{4}–\d{4}$", "", n["title"]): n["id"]
             for n in needs.values() if n["type"] == "tom"}
    for kind, chunk in zip(("strategy", "priority"), tables, strict=True):
        cells = _table_cells("<table " + chunk, "")
        header, body = cells[0], cells[1:]
        assert header[0] == kind.capitalize() and header[-1] == "Total"
        toms = [short[title] for title in header[1:-1]]
        titles = {n["title"]: n for n in needs.values() if n["type"] == kind}
        assert len(body) == len(titles)
        for row in body:
            target = titles[row[0]]
            for tom_id, cell in zip(toms, row[1:-1], strict=True):
                count = 0
                for action_id, owner in tom_of.items():
                    if owner != tom_id:
                        continue
                    supports = needs[action_id]["supports"]
                    served = set(supports) | {p for s in supports if needs[s]["type"] ==
                                              "strategy" for p in needs[s]["delivers"]}
                    count += target["id"] in served
                assert cell == str(count), (target["id"], tom_id)


def test_workbook_holds_the_numbers_of_the_html(site):
    from openpyxl import load_workbook

    book = load_workbook(site["html"] / "downloads/golden-thread.xlsx")
    html = (site["html"] / "traceability.html").read_text()
    chunk = html.split('class="tom-table tom-traceability')[1]
    cells = _table_cells("<table " + chunk, "")
    sheet = [[c.value for c in r] for r in book["strategy-by-tom"].iter_rows()]
    assert sheet[0][2:] == cells[0][1:]
    assert [[str(v) for v in row[1:]] for row in sheet[1:]] == cells[1:]
    _header, coverage, _total = _coverage_rows(site)
    rows = [[c.value for c in r] for r in book["coverage"].iter_rows()]
    words = {"N/A": "Not applicable"}
    for html_row, book_row in zip(coverage, rows[1:], strict=True):
        assert html_row[0] == book_row[2]
        assert html_row[-1] == f"{book_row[-2]} of {book_row[-1]}"
        shown = [c.split(" ", 1)[1] for c in html_row[1:-1]]
        assert [words.get(c, c) for c in shown] == book_row[3:-2]


def test_overdue_list_agrees_with_an_independent_computation(site, needs):
    import datetime as dt

    today = site["today"]  # the build date the example was built with
    html = (site["html"] / "progress.html").read_text()
    cells = _table_cells(html, "tom-table tom-overdue")
    listed = [row[0].split()[-1] for row in cells[1:]]  # the title, then the ID
    expected = sorted((n for n in needs.values() if n["type"] == "action"
                       and dt.date.fromisoformat(n["due"]) < today
                       and n["status"] != "complete"), key=lambda n: (n["due"], n["id"]))
    assert listed == [n["id"] for n in expected]
    assert len(listed) > 10


def test_layer_page_brings_one_layer_of_every_tom_together(site, needs):
    page = (site["html"] / "layers/technology.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "IT Strategy — lead: Head of IT" in text
    layers = [n for n in needs.values() if n["type"] == "layer" and n["layer_key"] ==
              "technology"]
    assert len(layers) == 14
    for layer in layers:
        target = (site["html"] / f"{layer['docname']}.html").read_text()
        section = target[target.index('id="target-operating-model"'):]
        first = re.sub(r"<[^>]+>", "", re.search(r"<p>(.*?)</p>", section, re.S).group(1))
        assert " ".join(first.split())[:60] in " ".join(
            re.sub(r"<[^>]+>", "", page).split()), layer["id"]
    cells = _table_cells(page, "tom-table tom-actions")
    expected = [n["id"] for n in needs.values() if n["type"] == "action"
                and needs[n["part_of"][0]]["layer_key"] == "technology"]
    assert sorted(row[0].split()[-1] for row in cells[1:]) == sorted(expected)
    assert "None: every TOM covers this layer completely" in text


def test_changes_since_the_board_put_slipped_and_worsened_actions_first(site):
    page = site["html"] / "changes.html"
    attention, *by_department, cells = tables_of(page)
    assert attention["caption"].startswith(
        "Slipped and worsened since the Improvement Board of 14 September 2026")
    assert attention["head"] == ["Action", "TOM", "What moved"]
    assert all("worsened" in row[2] or "slipped" in row[2] for row in attention["rows"])
    moved = [row[0].split()[-1] for row in attention["rows"]]  # the title, then the ID
    planned = ["ACT_PRK_TEC_01", "ACT_CAH_ORG_04", "ACT_CAH_PRO_01", "ACT_WST_CHA_03",
               "ACT_CSE_TEC_02"]
    assert [i for i in moved if i in planned] == planned
    assert attention["rows"][moved.index("ACT_PRK_TEC_01")][2] == (
        "status worsened, At risk → Off track; due date slipped by 92 days, "
        "31 Oct 2026 → 31 Jan 2027")
    assert [t["head"] for t in by_department] == [
        ["TOM", "Layer", "Change", "Item", "What changed"]] * len(by_department)
    rows = {row[3].split()[-1]: row for t in by_department for row in t["rows"]}
    assert rows["ACT_CSF_TEC_04"][2] == "Added action"
    assert rows["ACT_CAH_SER_02"][4] == "status: At risk → On track (improved)"
    assert rows["ACT_CSI_PRO_02"][4] == "owner: Recruitment Manager → Head of HR"
    assert ["Children, Schools & Families", "Children, Schools and Families", "Technology",
            "◐ Partial: no guiding strategy", "● Complete"] in cells["rows"]
    progress = (site["html"] / "progress.html").read_text()
    assert 'href="changes.html"' in progress


def test_no_diagram_draws_more_than_forty_edges(site):
    largest = {}
    for page in site["html"].rglob("*.html"):
        html = page.read_text()
        for svg in re.findall(r"<svg\b.*?</svg>", html, re.S):
            edges = svg.count('class="edge"')
            if edges:
                largest[page.relative_to(site["html"]).as_posix()] = max(
                    edges, largest.get(page.relative_to(site["html"]).as_posix(), 0))
    # the council's thread and every TOM's own are drawn, each one a person can follow
    assert "golden-thread/index.html" in largest
    assert sum(p.endswith("/index.html") and p.startswith("toms/") for p in largest) == 14
    assert {page: n for page, n in largest.items() if n > 40} == {}


def test_plain_sphinx_builds_the_same_pages_as_tom_build(site, tmp_path):
    """The command the handbook gives for Sphinx alone, strict: the same pages."""
    import subprocess
    import sys

    out = tmp_path / "sphinx"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
                           "-q", "-c", ".", "source", str(out), "-D", "tom_papers=0"],
                          cwd=site["root"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""

    def pages(folder: Path) -> list[str]:
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))

    assert pages(out) == pages(site["html"])
