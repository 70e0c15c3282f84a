"""Downloads: CSV per view and one workbook, on the fixture site and by `tom export`."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from tom_ext.cli import main as cli
from tom_ext.views.exports import Sheet, to_csv, write_workbook


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
                               "progress-by-tom", "actions", "orphans"]
    rows = [[c.value for c in r] for r in book["strategy-by-tom"].iter_rows()]
    assert rows[1] == ["STR_IT", "IT Strategy", 8, 8]
    actions = [[c.value for c in r] for r in book["actions"].iter_rows()]
    assert actions[0][:9] == ["ID", "Action", "Department", "TOM", "Layer", "Owner", "Due",
                              "Status", "Overdue"]
    tec = next(r for r in actions if r[0] == "ACT_LIB_TEC_01")
    # due 2026-03-31, on track, build date 2026-11-23: overdue, status in words
    assert tec[1:9] == ["First technology action", "Environment", "Libraries", "Technology",
                        "Head of Libraries", "2026-03-31", "On track", "yes"]
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
