"""Lists longer than ``tom_list_limit`` shown as one row per TOM (tom_ext/sphinx_ext/views/
folded.py): the counts, the link to where each TOM's rows are, and the sentence saying why."""

from __future__ import annotations

import re

from tom_ext.cli import main as cli
from tom_ext.views.actions import ActionRow, TomTally, tally_by_tom

from .test_changes import TECH, archive_needs, edit, tables_of, with_changes_page

BY_TOM_HEAD = ["TOM", "○ Not started", "● On track", "▲ At risk", "✖ Off track", "✔ Complete",
               "Overdue"]


def row(id: str, tom: str, page: str, status: str, days: int = 0) -> ActionRow:
    return ActionRow(id=id, title=id, docname=page, tom_id=tom, tom_title=f"{tom} title",
                     tom_docname=f"{tom}/index", layer_title="", owner="", due="",
                     status=status, days_overdue=days)


def test_tally_counts_each_tom_most_overdue_first_and_links_its_one_page():
    tallies = tally_by_tom([
        row("A1", "TOM_A", "a/technology", "on-track"),
        row("A2", "TOM_A", "a/people", "off-track", days=10),
        row("B1", "TOM_B", "b/technology", "at-risk", days=3),
        row("B2", "TOM_B", "b/technology", "off-track", days=40),
        row("C1", "TOM_C", "c/technology", "complete"),
    ])
    assert tallies == [
        # two overdue first; the B actions share one page, so that page is the link
        TomTally("TOM_B", "TOM_B title", "b/technology", (0, 0, 1, 1, 0), 2, 40),
        # A's are on two pages: the TOM's page
        TomTally("TOM_A", "TOM_A title", "TOM_A/index", (0, 1, 0, 1, 0), 1, 10),
        TomTally("TOM_C", "TOM_C title", "c/technology", (0, 0, 0, 0, 1), 0, 0),
    ]
    assert [t.total for t in tallies] == [2, 2, 1]


def test_lists_over_the_limit_show_a_row_per_tom_and_lists_within_it_stay_whole(
        project, capsys):
    root = project("basic")
    (root / "source/overdue.md").write_text("# Overdue\n\n```{tom-overdue}\n```\n")
    index = root / "source/index.md"
    index.write_text(index.read_text().replace("toms/env/index\n", "toms/env/index\noverdue\n"))
    code = cli.main(["-C", str(root), "build", "-q", "-D", "tom_list_limit=2",
                     "-D", "tom_build_date=2026-06-01"])
    out = capsys.readouterr()
    assert code == 0, out
    html = root / "_build/html"
    # 8 actions support the IT strategy: over the limit of 2
    [strategy] = tables_of(html / "strategies/it.html")
    assert strategy == {"caption": "Actions by TOM (8)", "head": BY_TOM_HEAD,
                        "rows": [["Libraries", "0", "8", "0", "0", "0", "8"]]}
    page = (html / "strategies/it.html").read_text()
    assert ("8 actions in 1 TOM: too many for one table, so each TOM has a row with its "
            "counts, most overdue first. Each TOM's page lists its own; the downloads have "
            "every one.") in page
    # the actions are on several pages of the TOM: the link is to the TOM's page
    assert re.search(r'href="../toms/env/lib/index.html">Libraries</a>', page)
    assert 'href="../downloads/actions.csv">every action (CSV)</a>' in page
    [overdue] = tables_of(html / "overdue.html")
    assert overdue == {"caption": "Overdue actions by TOM (9)",
                       "head": ["TOM", "Overdue actions", "Longest overdue by"],
                       "rows": [["Libraries", "9", "62 days"]]}
    # the people layer has 2 actions: within the limit, listed one by one
    people = tables_of(html / "people-layer.html")
    listed = [t for t in people if t["head"][:1] == ["Action"]]
    assert [[r[0] for r in t["rows"]] for t in listed] == [
        ["First people action ACT_LIB_PEO_01", "Second people action ACT_LIB_PEO_02"]]


def test_changes_over_the_limit_are_counted_per_tom_after_the_slipped_and_worsened(
        project, capsys):
    root = project("basic")
    archive_needs(root, capsys)
    edit(root, TECH, ":due: 2027-03-31", ":due: 2027-05-31")
    edit(root, TECH, ":status: on-track", ":status: off-track")
    edit(root, "source/toms/env/lib/people.md", ":guided_by: STR_IT\n", "")
    with_changes_page(root, "source/_baselines/board.json")
    assert cli.main(["-C", str(root), "build", "-q", "-D", "tom_list_limit=2"]) == 0
    capsys.readouterr()
    html = root / "_build/html/changes.html"
    attention, by_tom, cells = tables_of(html)
    assert [r[0] for r in attention["rows"]] == ["First technology action ACT_LIB_TEC_01",
                                                 "Second technology action ACT_LIB_TEC_02"]
    assert by_tom == {"caption": "Environment: 3 changes by TOM",
                      # a column for each kind of change there is
                      "head": ["TOM", "Changed", "Total"],
                      "rows": [["Libraries", "3", "3"]]}
    assert cells["caption"] == "Coverage cells that changed state (1)"
    assert ("3 changes in 1 TOM: too many to list one by one, so each TOM has a row with its "
            "changes counted; the slipped and worsened are listed above.") in html.read_text()


def test_the_limit_must_be_a_whole_number(project, capsys):
    code = cli.main(["-C", str(project("basic")), "build", "-q", "-D", "tom_list_limit=-1"])
    out = capsys.readouterr()
    assert code != 0
    assert out.err.splitlines() == [
        "WARNING: tom_list_limit must be a whole number, 0 or more (not -1) (given with -D) "
        "[tom.config]",
        "tom build: 1 problem; the published site in _build/html/ was left as it was."]
