"""Page fingerprints: a change to what a view shows rewrites every page that shows it."""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import rec
from tom_ext.cli import main as cli
from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import Model
from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.views.registry import view_rows
from tom_ext.views.freshness import changed_pages, page_fingerprints

TODAY = dt.date(2026, 11, 30)
ACTION = "ACT_LIB_TEC_01"

#: docname -> the views on it; every view that shows ACTION's status, owner or title
VIEWS = {
    "strategies/it": [{"kind": "actions", "supports": "STR_IT"}],
    "layers/technology": [{"kind": "layer", "layer": "technology"}],
    "themes": [{"kind": "themes"}],
    "progress": [{"kind": "overdue"}, {"kind": "progress", "by": "tom"}],
    "traceability": [{"kind": "traceability", "of": "strategy"}],
    "gaps": [{"kind": "orphans"}],
    "coverage": [{"kind": "coverage"}],
}


def records(**changed: str) -> list:
    action = rec(ACTION, "action", "toms/env/lib/technology", owner="Head of Libraries",
                 due="2026-01-31", status="on-track", supports="STR_IT", themes="THM_DEMAND")
    action = replace(action, title=changed.pop("title", action.title),
                     options={**action.options, **changed})
    return [
        rec("STR_IT", "strategy", "strategies/it", owner="Head of IT", leads="technology"),
        rec("STR_DATA", "strategy", "strategies/data", owner="Head of Data"),
        rec("THM_DEMAND", "theme", "themes"),
        rec("TOM_LIB", "tom", "toms/env/lib/index", stage="approved"),
        rec("LYR_LIB_TEC", "layer", "toms/env/lib/technology", guided_by="STR_IT"),
        action,
    ]


def fingerprints(records: list, today: dt.date = TODAY) -> dict[str, str]:
    model = Model(layer_keys=NINE_LAYERS.keys())
    site = Site(records, model, NINE_LAYERS, departments={"env": "Environment"}, today=today)
    return page_fingerprints(site, VIEWS, view_rows)


SHOWING_THE_ACTION = {"strategies/it", "layers/technology", "themes", "progress",
                      "toms/env/lib/technology"}


@pytest.mark.parametrize(("change", "pages"), [
    ({"status": "off-track"}, SHOWING_THE_ACTION),
    ({"owner": "Library Manager"}, SHOWING_THE_ACTION),
    ({"title": "Renamed"}, SHOWING_THE_ACTION | {"traceability"}),
    ({"due": "2026-02-28"}, SHOWING_THE_ACTION),
])
def test_a_change_to_an_action_rewrites_every_page_that_shows_it(change, pages):
    before, after = fingerprints(records()), fingerprints(records(**change))
    changed = set(changed_pages(before, after))
    assert pages - {"toms/env/lib/technology"} <= changed
    assert "coverage" not in changed and "strategies/data" not in changed


def test_a_new_day_rewrites_the_pages_that_count_days_overdue():
    """The overdue list and every actions table (an overdue action's badge counts the
    days); a page with no due date on it stays."""
    before = fingerprints(records())
    changed = changed_pages(before, fingerprints(records(), TODAY + dt.timedelta(days=1)))
    assert {"progress", "themes", "strategies/it", "layers/technology"} <= set(changed)
    assert "coverage" not in changed


def _files_naming(html_dir: Path, text: str) -> set[str]:
    """Every page and download of a built site whose text has ``text`` in it."""
    from openpyxl import load_workbook

    found = set()
    for path in html_dir.rglob("*"):
        rel = path.relative_to(html_dir).as_posix()
        if not path.is_file() or rel.startswith(("_static/", ".doctrees/")):
            continue
        if path.suffix == ".xlsx":
            book = load_workbook(path, read_only=True)
            cells = [str(cell) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for cell in row]
            book.close()
            content = "\n".join(cells)
        elif path.suffix in (".html", ".csv", ".json", ".js", ".txt"):
            content = html.unescape(path.read_text(encoding="utf-8"))
        else:
            continue
        if text in content:
            found.add(rel)
    return found


def test_a_strategy_renamed_shows_its_new_title_on_every_page_and_download(project):
    """Issue 20: after a rebuild, no page or download shows a strategy's old title, and
    every one that showed it shows the new one (the layer pages that link to it, the
    matrices, the CSVs, the workbook and needs.json, not only the strategy's own page)."""
    root = project("basic")
    html_dir = root / "_build" / "html"
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    showing = _files_naming(html_dir, "IT Strategy")
    # (its own page shows the page's heading; its card there does not repeat the title)
    assert {"thread.html", "toms/env/lib/technology.html", "needs.json",
            "downloads/golden-thread.xlsx"} <= showing
    assert len([p for p in showing if p.endswith(".html")]) >= 9  # pages of other files
    assert any(p.endswith(".csv") for p in showing)
    page = root / "source" / "strategies" / "it.md"
    page.write_text(page.read_text().replace("{strategy} IT Strategy",
                                             "{strategy} Technology Roadmap"))
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert _files_naming(html_dir, "IT Strategy") == set()
    assert showing <= _files_naming(html_dir, "Technology Roadmap")



def _rename_the_it_strategy(root: Path) -> None:
    page = root / "source" / "strategies" / "it.md"
    page.write_text(page.read_text().replace("{strategy} IT Strategy",
                                             "{strategy} Technology Roadmap"))


def _stopping_at_the_thread_page(monkeypatch, stop: BaseException):
    """Writing the golden-thread page (which shows the strategy's title, and is written
    again only because of it) fails with ``stop``; the others are written."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    write_doc = StandaloneHTMLBuilder.write_doc

    def stopped_at_the_thread(self, docname, doctree):
        if docname == "thread":
            raise stop
        write_doc(self, docname, doctree)

    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc", stopped_at_the_thread)
    return write_doc


def test_a_sphinx_build_stopped_while_writing_leaves_no_page_stale_for_the_next(
        project, monkeypatch):
    """The environment, with the fingerprints of the pages a change writes again, is
    saved before they are written; a build stopped between the two must not leave the
    next build believing they were written (tom_ext/sphinx_ext/unwritten.py). Sphinx
    removes the environment after an error, but not after Ctrl-C (nor can it after a
    killed process); tom build removes it after either."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.cmd.build import build_main

    root = project("basic")
    out, doctrees = root / "_sphinx", root / "_sphinx" / ".doctrees"
    argv = ["-q", "-b", "html", "-d", str(doctrees), "-c", str(root), str(root / "source"),
            str(out)]
    assert build_main(argv) == 0
    _rename_the_it_strategy(root)
    write_doc = _stopping_at_the_thread_page(monkeypatch, KeyboardInterrupt())
    assert build_main(argv) != 0
    assert (doctrees / "environment.pickle").is_file()  # Sphinx keeps it
    assert "IT Strategy" in (out / "thread.html").read_text(encoding="utf-8")
    assert "thread" in json.loads((doctrees / "tom-unwritten.json").read_text())
    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc", write_doc)
    assert build_main(argv) == 0
    assert "IT Strategy" not in (out / "thread.html").read_text(encoding="utf-8")
    assert "Technology Roadmap" in (out / "thread.html").read_text(encoding="utf-8")
    assert not (doctrees / "tom-unwritten.json").exists()


@pytest.mark.parametrize(("stop", "said"), [
    (KeyboardInterrupt(), "Stopped (Ctrl-C) before the build ended."),
    (RuntimeError("a fault"), "Internal error: RuntimeError: a fault. This is a fault in "
     "Golden Thread or another extension, not in your pages; the details are in "
     "_build/.work/doctrees/tom-error.log: send them to whoever maintains the site."),
])
def test_a_tom_build_stopped_says_so_publishes_nothing_and_the_next_is_whole(
        project, monkeypatch, capsys, stop, said):
    from sphinx.builders.html import StandaloneHTMLBuilder

    root = project("basic")
    html_dir = root / "_build" / "html"
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    _rename_the_it_strategy(root)
    write_doc = _stopping_at_the_thread_page(monkeypatch, stop)
    capsys.readouterr()
    assert cli.main(["-C", str(root), "build", "-q"]) == 1
    out, err = capsys.readouterr()
    assert said in out + err and "Traceback" not in out + err
    assert "the published site in _build/html/ was left as it was." in err
    assert _files_naming(html_dir, "Technology Roadmap") == set()
    monkeypatch.setattr(StandaloneHTMLBuilder, "write_doc", write_doc)
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert _files_naming(html_dir, "IT Strategy") == set()


def test_a_check_stopped_by_a_fault_says_so_in_the_ci_report(project, monkeypatch, capsys):
    """The JSON report names what stopped the check (an internal error), not a setting."""
    from sphinx.builders.dummy import DummyBuilder

    root = project("basic")

    def fault(self, docname, doctree):
        raise RuntimeError("a fault")

    monkeypatch.setattr(DummyBuilder, "write_doc", fault)
    assert cli.main(["-C", str(root), "check", "-E", "-j", "1", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [problem] = [p for p in report if p["severity"] == "error"]
    assert (problem["path"], problem["type"]) == ("conf.py", "internal")
    assert problem["message"].startswith("Internal error: RuntimeError: a fault. ")
