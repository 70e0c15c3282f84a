"""Two builds of one commit, with one build date, give byte-identical files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tom_ext.views.exports import Sheet, write_workbook

from .conftest import copy_example, source_date_epoch

pytestmark = pytest.mark.slow


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_example_are_byte_identical(example_site, tmp_path_factory):
    """The example site built a second time, in a folder at another depth, in another
    process with another hash seed (set and dict orders differ), on the same build date
    (SOURCE_DATE_EPOCH), gives the same bytes in every published file: the HTML, the
    inline charts and golden thread diagrams, needs.json, schema_violations.json,
    .buildinfo, the search index and every download (CSV and xlsx).

    The whole example is built again rather than a small fixture: only the example draws
    every chart, diagram, view and export, which is where the nondeterminism was (random
    need box ids, needs.json and workbook timestamps, validation timings). It costs one
    more build of the example (about 20 s) in the slow tests."""
    assert example_site["code"] == 0, example_site["stderr"]
    again = copy_example(tmp_path_factory.mktemp("again") / "one" / "level" / "deeper")
    seed = "12345" if os.environ.get("PYTHONHASHSEED") != "12345" else "54321"
    env = {**os.environ, "PYTHONHASHSEED": seed,
           "SOURCE_DATE_EPOCH": source_date_epoch(example_site["today"])}
    run = subprocess.run([sys.executable, "-m", "tom_ext.cli", "-C", str(again), "build",
                          "-q"], env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    first, second = files_of(example_site["html"]), files_of(again / "_build" / "html")
    assert sorted(first) == sorted(second)
    for name in ("index.html", "needs.json", "downloads/golden-thread.xlsx",
                 "downloads/actions.csv", "progress.html", "searchindex.js"):
        assert name in first, name
    differ = [name for name in first if first[name] != second[name]]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_workbook_is_dated_with_the_build_date_not_the_clock(tmp_path):
    day = dt.date(2026, 3, 31)
    path = tmp_path / "book.xlsx"
    write_workbook([Sheet("a", ("x",), ((1,),))], path, day)
    with zipfile.ZipFile(path) as book:
        core = book.read("docProps/core.xml").decode()
        assert {info.date_time for info in book.infolist()} == {(2026, 3, 31, 0, 0, 0)}
    terms = "{http://purl.org/dc/terms/}"
    properties = ElementTree.fromstring(core)
    assert properties.findtext(f"{terms}modified") == "2026-03-31T00:00:00Z"
    assert properties.findtext(f"{terms}created") == "2026-03-31T00:00:00Z"
