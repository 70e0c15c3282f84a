"""needs.json is written again only when what it would hold changed
(tom_ext/sphinx_ext/needs_json.py)."""

from __future__ import annotations

import inspect
import json
import os

import pytest
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.cmd.build import build_main
from sphinx_needs.needsfile import NeedsList

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import needs_json
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


def _status_changed(root, status: str) -> None:
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text().replace(":status: on-track", f":status: {status}", 1))


def _made_in(monkeypatch, pids, fails: str = "") -> None:
    """needs.json's making records the process it runs in (and fails if asked): the child
    is a fork, so the patch holds there too."""
    made = needs_json.needs_list_data

    def recording(app):
        pids.write_text(str(os.getpid()))
        if fails:
            raise RuntimeError(fails)
        return made(app)

    monkeypatch.setattr(needs_json, "needs_list_data", recording)


def test_needs_json_is_made_by_a_child_whose_failure_fails_the_build(project, monkeypatch,
                                                                      capsys, tmp_path):
    root = project("basic")
    work, pids = root / "_build" / ".work", tmp_path / "pid"
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    stamp = work / "doctrees" / STAMP
    assert stamp.is_file()
    _status_changed(root, "at-risk")
    _made_in(monkeypatch, pids, fails="no needs today")
    capsys.readouterr()
    assert cli.main(["-C", str(root), "build", "-q"]) == 1
    said = capsys.readouterr()
    # the last line of what went wrong in words; the traceback in the log, not on screen
    assert ("Extension error: needs.json could not be written: RuntimeError: no needs today "
            "(the details are in _build/.work/doctrees/tom-error.log)") in said.out
    assert "Traceback" not in said.out + said.err
    assert "Traceback" in (work / "doctrees" / "tom-error.log").read_text()
    assert said.err == ("tom build: 1 problem; the published site in _build/html/ was left "
                        "as it was.\n")
    child = int(pids.read_text())
    assert child != os.getpid()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # waited for: no zombie
    assert not stamp.exists()  # a later build cannot take the old file for current
    # the file there is the last one written whole; the published one is untouched
    assert needs_of(work / "html")["ACT_LIB_TEC_01"]["status"] == "on-track"
    assert needs_of(root / "_build" / "html")["ACT_LIB_TEC_01"]["status"] == "on-track"
    assert not list((work / "html").glob(".needs.json.*"))
    monkeypatch.undo()
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert needs_of(root / "_build" / "html")["ACT_LIB_TEC_01"]["status"] == "at-risk"
    assert stamp.is_file()


def test_a_build_that_fails_after_needs_json_was_written_records_no_stamp(
        project, monkeypatch, tmp_path, capsys):
    root = project("basic")
    work, pids = root / "_build" / ".work", tmp_path / "pid"
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    _status_changed(root, "off-track")
    _made_in(monkeypatch, pids)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(StandaloneHTMLBuilder, "handle_page", disk_full)
    capsys.readouterr()
    assert cli.main(["-C", str(root), "build", "-q"]) == 1
    assert "A file could not be read or written: disk full. Free space" in \
        capsys.readouterr().out
    child = int(pids.read_text())
    assert child != os.getpid()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)
    assert not (work / "doctrees" / STAMP).exists()
    # written whole by the child, with tom_ext's key: sphinx-needs' writer stood aside
    written = needs_of(work / "html")
    assert written["ACT_LIB_TEC_01"]["status"] == "off-track"
    assert "sections" in (work / "html" / "needs.json").read_text()
