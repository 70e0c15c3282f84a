"""Downloads: CSV per view and one workbook, on the fixture site and by `tom export`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tom_ext.cli import main as cli
from tom_ext.core.words import money_k
from tom_ext.views.exports import Sheet, to_csv, write_workbook

from .conftest import needs_of
from .test_changes import tables_of

STATUS_CHOICES = '"Not started,On track,At risk,Off track,Complete"'
DATE_FORMAT = "d mmm yyyy"
MONEY, MONEY_PART = '"£"#,##0"k"', '"£"#,##0.0#"k"'
FTE, FTE_PART = '+0" FTE";-0" FTE";0" FTE"', '+0.0#" FTE";-0.0#" FTE";0" FTE"'


def test_csv_quotes_and_orders_as_given():
    sheet = Sheet("x", ("A", "B"), (("a, b", 1), ("c", 2)))
    assert to_csv(sheet) == 'A,B\n"a, b",1\nc,2\n'


def test_workbook_has_frozen_header_filters_and_widths(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook([Sheet("actions", ("ID", "Status"), (("ACT_1", "On track"),))], path,
                   dt.date(2026, 11, 23))
    ws = load_workbook(path)["actions"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:B2"
    assert [c.value for c in ws[2]] == ["ACT_1", "On track"]
    assert ws.column_dimensions["B"].width == 10
    again = tmp_path / "again.xlsx"
    write_workbook([Sheet("actions", ("ID", "Status"), (("ACT_1", "On track"),))], again,
                   dt.date(2026, 11, 23))
    assert again.read_bytes() == path.read_bytes()
    import zipfile

    with zipfile.ZipFile(path) as book:
        assert {info.date_time for info in book.infolist()} == {(2026, 11, 23, 0, 0, 0)}


def test_build_publishes_downloads_that_match_the_views(project, capsys):
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write('\ntom_build_date = "2026-11-23"  # after the fixture\'s first due dates\n')
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    downloads = root / "_build/html/downloads"
    strategy = list(csv.reader(io.StringIO((downloads / "strategy-by-tom.csv").read_text())))
    assert strategy == [["Strategy ID", "Strategy", "Libraries", "Total"],
                        ["STR_IT", "IT Strategy", "8", "8"],
                        ["STR_DATA", "Information and Data Strategy", "1", "1"]]
    book = load_workbook(downloads / "golden-thread.xlsx")
    assert book.sheetnames == ["coverage", "strategy-by-tom", "priority-by-tom",
                               "progress-by-tom", "savings-by-department", "actions",
                               "orphans"]
    rows = [[c.value for c in r] for r in book["strategy-by-tom"].iter_rows()]
    assert rows[1] == ["STR_IT", "IT Strategy", 8, 8]
    actions = [[c.value for c in r] for r in book["actions"].iter_rows()]
    assert actions[0][:9] == ["ID", "Action", "Department", "TOM", "Layer", "Owner", "Due",
                              "Status", "Overdue"]
    tec = next(r for r in actions if r[0] == "ACT_LIB_TEC_01")
    # due 2026-03-31, on track, build date 2026-11-23: overdue, status in words; the
    # workbook's due date a date, the CSV's the ISO text the author wrote
    assert tec[1:9] == ["First technology action", "Environment", "Libraries", "Technology",
                        "Head of Libraries", dt.datetime(2026, 3, 31), "On track", "yes"]
    listed = list(csv.reader(io.StringIO((downloads / "actions.csv").read_text())))
    assert next(r for r in listed if r[0] == "ACT_LIB_TEC_01")[6:9] == [
        "2026-03-31", "On track", "yes"]
    page = (root / "_build/html/coverage.html").read_text()
    assert 'href="downloads/coverage.csv"' in page


def test_tom_export_writes_the_same_without_html(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "export"]) == 0
    out = root / "_build/export"
    assert "tom export: wrote needs.json, coverage.csv" in capsys.readouterr().out
    assert (out / "needs.json").is_file() and (out / "golden-thread.xlsx").is_file()
    assert not list(out.glob("*.html"))
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    built = root / "_build/html/downloads"
    for name in ("coverage.csv", "strategy-by-tom.csv", "actions.csv"):
        assert (out / name).read_text() == (built / name).read_text()


def test_downloads_are_written_again_only_when_their_data_changed(tmp_path):
    from tom_ext.core.framework import NINE_LAYERS
    from tom_ext.core.model import Model
    from tom_ext.core.needs import Site
    from tom_ext.views.exports import write_all

    from .conftest import rec

    def site(status: str) -> Site:
        records = [rec("STR_IT", "strategy", "strategies/it"),
                   rec("TOM_LIB", "tom", "toms/env/lib/index"),
                   rec("LYR_LIB_TEC", "layer", "toms/env/lib/technology"),
                   rec("ACT_LIB_TEC_01", "action", "toms/env/lib/technology",
                       status=status, supports="STR_IT", due="2026-01-31")]
        return Site(records, Model(layer_keys=NINE_LAYERS.keys()), NINE_LAYERS,
                    departments={"env": "Environment"})

    today, out, stamp = dt.date(2026, 11, 30), tmp_path / "downloads", tmp_path / "stamp"
    first = write_all(site("on-track"), out, today, stamp)
    assert {p.name for p in first} >= {"actions.csv", "golden-thread.xlsx"}
    assert write_all(site("on-track"), out, today, stamp) == []  # nothing changed
    assert write_all(site("on-track"), out, today.replace(day=29), stamp)  # another day
    assert write_all(site("at-risk"), out, today.replace(day=29), stamp)
    assert "At risk" in (out / "actions.csv").read_text()
    (out / "coverage.csv").unlink()
    assert write_all(site("at-risk"), out, today.replace(day=29), stamp)
    assert (out / "coverage.csv").is_file()


def test_workbook_cells_are_typed_from_the_column_kinds_and_summed_in_a_total_row(tmp_path):
    """Read back by an independent reader (calamine): dates are dates, savings and posts
    numbers, what is not a date or a number stays as written; the CSV keeps the text."""
    sheet = Sheet("actions", ("ID", "Due", "Status", "Saving (£k)", "FTE", "Note"),
                  (("ACT_1", "2026-10-31", "On track", "35", "-2", "a"),
                   ("ACT_2", "2027-03-31", "At risk", "12.5", "-0.5", ""),
                   ("ACT_3", "TBC", "Complete", "", "", None)),
                  ("text", "date", "status", "money", "fte"), total=True)
    path = tmp_path / "book.xlsx"
    write_workbook([sheet], path, dt.date(2026, 11, 23))
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("actions").to_python() == [
        ["ID", "Due", "Status", "Saving (£k)", "FTE", "Note"],
        ["ACT_1", dt.date(2026, 10, 31), "On track", 35.0, -2.0, "a"],
        ["ACT_2", dt.date(2027, 3, 31), "At risk", 12.5, -0.5, ""],
        ["ACT_3", "TBC", "Complete", "", "", ""],
        ["", "", "", "", "", ""],
        ["Total", "", "", 47.5, -2.5, ""]]
    ws = load_workbook(path)["actions"]
    assert [ws[f"B{row}"].number_format for row in (2, 3, 4)] == [DATE_FORMAT, DATE_FORMAT,
                                                                   "General"]
    assert [ws[f"D{row}"].number_format for row in (2, 3, 6)] == [MONEY, MONEY_PART,
                                                                   MONEY_PART]
    assert [ws[f"E{row}"].number_format for row in (2, 3, 6)] == [FTE, FTE_PART, FTE_PART]
    assert [ws[f"{column}6"].font.b for column in "ADE"] == [True, True, True]
    # the total follows the filters as an Excel table's total row does (109: rows the
    # filters hide are left out); calamine read the figure stored beside each formula
    assert [ws[f"{column}6"].value for column in "ADE"] == [
        "Total", "=SUBTOTAL(109,D2:D4)", "=SUBTOTAL(109,E2:E4)"]
    assert ws.auto_filter.ref == "A1:F4"  # the rows, not the total under them
    assert ws.freeze_panes == "A2"
    [choice] = ws.data_validations.dataValidation
    assert (choice.type, choice.formula1, str(choice.sqref)) == ("list", STATUS_CHOICES,
                                                                 "C2:C4")
    assert (choice.allow_blank, choice.showErrorMessage, choice.showDropDown) == (
        True, True, False)  # showDropDown=True would hide the list's arrow in Excel
    assert to_csv(sheet) == ("ID,Due,Status,Saving (£k),FTE,Note\n"
                             "ACT_1,2026-10-31,On track,35,-2,a\n"
                             "ACT_2,2027-03-31,At risk,12.5,-0.5,\n"
                             "ACT_3,TBC,Complete,,,\n")


@pytest.mark.slow
def test_the_examples_workbook_is_typed_and_totals_what_the_progress_page_shows(
        example_site):
    assert example_site["code"] == 0, example_site["stderr"]
    html = example_site["html"]
    needs = needs_of(html)
    book = CalamineWorkbook.from_path(str(html / "downloads/golden-thread.xlsx"))
    header, *actions, blank, total = book.get_sheet_by_name("actions").to_python()
    assert header[6:11] == ["Due", "Status", "Overdue", "Saving (£k)", "FTE"]
    assert [r[0] for r in actions] == sorted(i for i, n in needs.items()
                                             if n["type"] == "action")
    for row in actions:
        need = needs[row[0]]
        assert type(row[6]) is dt.date and row[6].isoformat() == need["due"], row[0]
        assert row[9] == (float(need["saving"]) if need.get("saving") else ""), row[0]
        assert row[10] == (float(need["fte"]) if need.get("fte") else ""), row[0]
    savings = [r[9] for r in actions if r[9] != ""]
    posts = [r[10] for r in actions if r[10] != ""]
    assert len(savings) > 100 and len(posts) > 20
    assert {type(v) for v in savings + posts} == {float}
    assert blank == [""] * len(header)
    assert total == ["Total", *[""] * 8, math.fsum(savings), math.fsum(posts), "", ""]
    assert total[10] < 0  # the actions reduce posts
    # the progress page's savings per department are the workbook's, summed
    tables = tables_of(html / "progress.html")
    planned = next(t for t in tables if t["caption"].startswith("Savings planned"))["rows"]
    by_department: dict[str, float] = {}
    for row in actions:
        if row[9] != "":
            by_department[row[2]] = by_department.get(row[2], 0.0) + row[9]
    *departments, everything = planned
    assert set(by_department) <= {row[0] for row in departments}
    assert [[row[0], money_k(by_department.get(row[0], 0.0))] for row in departments] == [
        row[:2] for row in departments]
    assert everything[:2] == ["All", money_k(math.fsum(savings))]
    # and its actions by status per TOM, the workbook's progress sheet with its total
    header, *toms, blank, total = book.get_sheet_by_name("progress-by-tom").to_python()
    per_tom = next(t for t in tables if t["caption"].startswith("Actions by status, per TOM"))
    assert [[r[0], *map(float, r[1:])] for r in per_tom["rows"]] == [*toms,
                                                                    ["All", *total[1:]]]
    assert total == ["Total", *(math.fsum(r[c] for r in toms) for c in range(1, len(header)))]
    assert total[6] == len(actions)
    ws = load_workbook(html / "downloads/golden-thread.xlsx")["actions"]
    [choice] = ws.data_validations.dataValidation
    assert (choice.formula1, str(choice.sqref)) == (STATUS_CHOICES, f"H2:H{len(actions) + 1}")
    assert {r[7] for r in actions} == {"Not started", "On track", "At risk", "Off track",
                                       "Complete"}
    last = len(actions) + 3
    assert ws.auto_filter.ref == f"A1:M{len(actions) + 1}" and ws[f"A{last}"].value == "Total"
    assert {ws[f"G{n}"].number_format for n in range(2, len(actions) + 2)} == {DATE_FORMAT}
    assert {ws[f"J{n}"].number_format for n in range(2, last + 1)
            if ws[f"J{n}"].value is not None} == {MONEY}
    assert {ws[f"K{n}"].number_format for n in range(2, last + 1)
            if ws[f"K{n}"].value is not None} == {FTE}
    # the CSV keeps the text the authors wrote
    listed = list(csv.reader(io.StringIO((html / "downloads/actions.csv").read_text())))
    assert [(r[0], r[6], r[9], r[10]) for r in listed[1:]] == [
        (r[0], needs[r[0]]["due"], needs[r[0]].get("saving") or "",
         needs[r[0]].get("fte") or "") for r in actions]


def test_the_downloads_writer_runs_beside_and_says_what_went_wrong(tmp_path):
    """The downloads are written by a child process while the pages are written
    (tom_ext/sphinx_ext/downloads.py): its files are there once it is waited for, and a
    failure in it comes back as its traceback, not as silence."""
    from tom_ext.sphinx_ext.downloads import beside

    done = tmp_path / "done.txt"
    wait = beside(lambda: done.write_text("written"))
    assert wait() == "" and done.read_text() == "written"

    def fails() -> None:
        raise ValueError("no such sheet")

    said = beside(fails)()
    assert "ValueError: no such sheet" in said and "Traceback" in said


def test_a_build_whose_downloads_fail_fails(project, monkeypatch, capsys):
    from tom_ext.sphinx_ext import downloads

    def boom(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(downloads, "write_all", boom)
    assert cli.main(["-C", str(project("basic")), "build", "-q"]) != 0
    said = capsys.readouterr()
    assert "the downloads could not be written" in said.out + said.err
    assert "OSError: disk full" in said.out + said.err
