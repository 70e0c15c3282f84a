"""needs.json is written again only when what it would hold changed
(tom_ext/sphinx_ext/needs_json.py)."""

from __future__ import annotations

import inspect
import json

from sphinx.cmd.build import build_main
from sphinx_needs.needsfile import NeedsList

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext.needs_json import STAMP, digest, write_if_changed

from .conftest import needs_of


def test_the_digest_follows_the_settings_and_the_additions():
    base = digest({"project": "P"}, {"sections": {}})
    assert base == digest({"project": "P"}, {"sections": {}})
    assert base != digest({"project": "Q"}, {"sections": {}})
    assert base != digest({"project": "P"}, {"sections": {"a": "b"}})
    # a value with no stable text (a function's repr names its address) still digests
    assert digest({"hook": print}, {}) == digest({"hook": print}, {})


def test_a_file_is_written_only_when_its_text_differs(tmp_path):
    path = tmp_path / "needs.json"
    assert write_if_changed(path, "{}\n")
    first = path.stat().st_mtime_ns
    assert not write_if_changed(path, "{}\n")
    assert path.stat().st_mtime_ns == first
    assert write_if_changed(path, '{"a": 1}\n') and path.read_text() == '{"a": 1}\n'
    assert not list(tmp_path.glob(".*.tmp"))


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
    # the file gone with nothing read: written again
    written.unlink()
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert needs_of(root / "_build" / "html")["ACT_LIB_TEC_01"]["status"] == "at-risk"


def test_the_file_holds_what_sphinx_needs_own_builder_writes(project):
    """tom_ext writes the HTML build's needs.json itself (needs_list_data): the same data as
    sphinx-needs' needs builder, tom_ext's key included. Fails when sphinx-needs changes
    what its builder writes, so that tom_ext's writer follows."""
    root = project("basic")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    out = root / "_build" / "needs-builder"
    assert build_main(["-q", "-b", "needs", "-c", str(root), str(root / "source"), str(out),
                       "-d", str(root / "_build" / "needs-doctrees")]) == 0
    ours = json.loads((root / "_build" / "html" / "needs.json").read_text())
    theirs = json.loads((out / "needs.json").read_text())
    assert ours == theirs
    assert ours["golden_thread"]["sections"]


def test_sphinx_needs_still_writes_with_the_pure_python_encoder():
    """When this fails, sphinx-needs writes needs.json with ``json.dumps`` (Python's C
    encoder), as docs/upstream.md asks: tom_ext's own writer could then give way to it."""
    assert "json.dump(" in inspect.getsource(NeedsList.write_json)
