"""needs.json is written again only when what it would hold changed
(tom_ext/sphinx_ext/needs_json.py)."""

from __future__ import annotations

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext.needs_json import STAMP, digest

from .conftest import needs_of


def test_the_digest_follows_the_needs_the_settings_and_the_additions():
    needs = {"ACT_A": {"status": "on-track", "links": ["STR_X"]}}
    base = digest(needs, {"project": "P"}, {"sections": {}})
    assert base == digest({"ACT_A": {"links": ["STR_X"], "status": "on-track"}},
                          {"project": "P"}, {"sections": {}})  # order does not matter
    assert base != digest({"ACT_A": {"status": "at-risk", "links": ["STR_X"]}},
                          {"project": "P"}, {"sections": {}})
    assert base != digest(needs, {"project": "Q"}, {"sections": {}})
    assert base != digest(needs, {"project": "P"}, {"sections": {"a": "b"}})
    # a value with no stable text (a function's repr names its address) still digests
    assert digest(needs, {"hook": print}, {}) == digest(needs, {"hook": print}, {})


def test_an_unchanged_build_keeps_needs_json_and_a_change_writes_it(project):
    root = project("basic")
    work = root / "_build" / ".work"
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    written = work / "html" / "needs.json"
    first = written.stat().st_mtime_ns
    assert (work / "doctrees" / STAMP).is_file()
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert written.stat().st_mtime_ns == first  # nothing changed: not written again
    assert "sections" in written.read_text()  # still with what tom_ext adds
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text().replace(":status: on-track", ":status: at-risk", 1))
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert written.stat().st_mtime_ns != first
    assert needs_of(root / "_build" / "html")["ACT_LIB_TEC_01"]["status"] == "at-risk"
