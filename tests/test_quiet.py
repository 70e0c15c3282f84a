"""A rebuild that read nothing, on the same day with the same settings and baselines, does no
whole-council work again (issue 20), and gives the same findings; anything else is not quiet."""

from __future__ import annotations

import json
from pathlib import Path

import sphinx_needs.directives.need
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import findings, quiet
from tom_ext.sphinx_ext.state import BuildState
from tom_ext.views import freshness

from .test_changes import archive_needs, edit, with_changes_page

RECORD = Path("_build/.work/doctrees") / quiet.RECORD


def build(root: Path, capsys, *args: str) -> tuple[int, list[str]]:
    code = cli.main(["-C", str(root), "build", "-q", "--notices", *args])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()[:-1]  # the timing line left out


def with_overdue_actions(root: Path) -> None:
    """A build date after the fixture's due dates: its actions are overdue (notices)."""
    conf = root / "conf.py"
    conf.write_text(conf.read_text().replace('"2026-01-15"', '"2027-12-31"'))


def whole_council_work_fails(monkeypatch) -> list[str]:
    """The author checks, the page fingerprints and sphinx-needs' post-processing each
    say when they run."""
    ran: list[str] = []
    for module, name in ((findings, "validate"), (freshness, "page_fingerprints"),
                         (sphinx_needs.directives.need, "post_process_needs_data")):
        real = getattr(module, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            ran.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    return ran


def test_a_rebuild_with_nothing_changed_repeats_no_council_work_and_the_same_findings(
        project, capsys, monkeypatch):
    root = project("basic")
    with_overdue_actions(root)
    code, first = build(root, capsys)
    assert code == 0
    assert any(": notice: " in line for line in first)
    downloads = {path: path.stat().st_mtime_ns
                 for path in (root / "_build/.work/html/downloads").rglob("*")}
    ran = whole_council_work_fails(monkeypatch)
    code, again = build(root, capsys)
    assert (code, again) == (0, first)
    assert ran == []
    assert {path: path.stat().st_mtime_ns for path in downloads} == downloads
    # a page changed: everything is worked out again
    edit(root, "source/toms/env/lib/technology.md", ":status: on-track", ":status: at-risk")
    assert build(root, capsys)[0] == 0
    assert sorted(set(ran)) == ["page_fingerprints", "post_process_needs_data", "validate"]


def test_a_new_day_is_not_quiet(project, capsys, monkeypatch):
    """Overdue actions and past review dates are judged against the day."""
    root = project("basic")
    conf = root / "conf.py"
    conf.write_text(conf.read_text().replace('tom_build_date = "2026-01-15"', ""))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768435200")  # 15 January 2026
    assert build(root, capsys)[0] == 0
    ran = whole_council_work_fails(monkeypatch)
    assert build(root, capsys)[0] == 0
    assert ran == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768521600")  # the day after
    assert build(root, capsys)[0] == 0
    assert "validate" in ran and "page_fingerprints" in ran


def test_a_baseline_changed_on_disk_is_not_quiet_and_its_page_shows_it(project, capsys):
    root = project("basic")
    baseline = archive_needs(root, capsys)
    with_changes_page(root, "source/_baselines/board.json")
    assert build(root, capsys)[0] == 0
    page = root / "_build/html/changes.html"
    before = page.read_text()
    assert "No changes to TOMs" in before
    data = json.loads(baseline.read_text())
    needs = next(iter(data["versions"].values()))["needs"]
    needs["ACT_LIB_TEC_01"]["status"] = "off-track"
    baseline.write_text(json.dumps(data))
    assert build(root, capsys)[0] == 0
    assert page.read_text() != before
    assert "ACT_LIB_TEC_01" in page.read_text()


def test_a_rebuild_takes_the_kept_baseline_and_its_page_shows_the_edit(project, capsys,
                                                                     monkeypatch):
    from tom_ext.changes import snapshot

    root = project("basic")
    archive_needs(root, capsys)
    with_changes_page(root, "source/_baselines/board.json")
    assert build(root, capsys)[0] == 0
    assert (root / "_build/.work/doctrees/tom-baseline.pickle").is_file()
    reads = []
    real = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    edit(root, "source/toms/env/lib/technology.md", ":status: on-track", ":status: off-track")
    assert build(root, capsys)[0] == 0
    assert reads == []  # the baseline's site as the last build read it
    page = (root / "_build/html/changes.html").read_text()
    assert "ACT_LIB_TEC_01" in page and "worsened" in page


def test_the_record_is_kept_only_after_a_build_that_ended_well(project, capsys):
    root = project("basic")
    with_overdue_actions(root)
    assert build(root, capsys)[0] == 0
    record = json.loads((root / RECORD).read_text())
    assert record["inputs"]["today"] == "2027-12-31"
    assert record["inputs"]["environment"]  # the pickle it goes with
    assert any(level == "notice" for level, *_rest in record["reported"])
    edit(root, "source/toms/env/lib/technology.md", ":status: on-track", ":status: done-ish")
    code, out = build(root, capsys)
    assert code == 1
    assert not (root / RECORD).exists()
    # the next build reads every page again (the environment was forgotten) and is not
    # quiet: the mistake is given again
    code, again = build(root, capsys)
    assert code == 1 and [line for line in again if "done-ish" in line] == \
        [line for line in out if "done-ish" in line]


def test_a_record_from_another_environment_is_not_trusted(project, capsys, monkeypatch):
    """A CI cache restores the doctrees of another build: the record names its pickle."""
    root = project("basic")
    assert build(root, capsys)[0] == 0
    kept = (root / RECORD).read_text()
    edit(root, "source/toms/env/lib/technology.md", ":status: on-track", ":status: at-risk")
    assert build(root, capsys)[0] == 0
    (root / RECORD).write_text(kept)  # the first build's record beside the second's pickle
    ran = whole_council_work_fails(monkeypatch)
    assert build(root, capsys)[0] == 0
    assert "validate" in ran


def test_sphinx_needs_post_processing_listener_is_the_one_a_quiet_build_skips(tmp_path):
    """Fails when sphinx-needs renames or moves the listener that post-processes every
    need at write-started (``docs/upstream.md``): the quiet build would then do it."""
    from sphinx_needs import needs

    source = tmp_path / "source"
    source.mkdir()
    (source / "index.md").write_text("# Home\n")
    (tmp_path / "conf.py").write_text('extensions = ["tom_ext"]\n')
    with docutils_namespace():  # the directives it registers go with it
        app = Sphinx(str(source), str(tmp_path), str(tmp_path / "out"),
                     str(tmp_path / "dt"), "html", status=None, warning=None)
    handlers = [listener.handler for listener in app.events.listeners["write-started"]]
    assert needs.ensure_post_process_needs_data not in handlers
    assert [h.__name__ for h in handlers].count("ensure_unless_quiet") == 1
    state = BuildState(quiet=True)
    called = []
    wrapped = quiet._unless_quiet(state, lambda *args: called.append(args))
    wrapped(app, app.builder)
    assert called == []
    state.quiet = False
    wrapped(app, app.builder)
    assert called == [(app, app.builder)]



def test_another_tom_ext_is_not_quiet(project, capsys, monkeypatch):
    """An upgrade (or an edit to an editable install) may change what the views show."""
    root = project("basic")
    assert build(root, capsys)[0] == 0
    ran = whole_council_work_fails(monkeypatch)
    monkeypatch.setattr(quiet, "_code_stamp", lambda: "another tom_ext")
    assert build(root, capsys)[0] == 0
    assert "page_fingerprints" in ran and "validate" in ran


def test_tom_check_reads_a_baseline_again_only_when_it_changed(project, capsys, monkeypatch):
    """A check reads the changes baseline only to say when it cannot be read: one the last
    check read well, unchanged since, is not read again; a changed or a broken one is."""
    from tom_ext.sphinx_ext.views import changes

    root = project("basic")
    baseline = archive_needs(root, capsys)
    with_changes_page(root, "source/_baselines/board.json")
    loads = []
    real = changes.load_baseline
    monkeypatch.setattr(changes, "load_baseline",
                        lambda *args: loads.append(1) or real(*args))

    def check() -> tuple[int, str]:
        code = cli.main(["-C", str(root), "check"])
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    assert check()[0] == 0 and len(loads) == 1
    edit(root, "source/toms/env/lib/technology.md", ":status: on-track", ":status: at-risk")
    assert check()[0] == 0 and len(loads) == 1  # a page changed, the baseline did not
    baseline.write_text(baseline.read_text() + "\n")
    assert check()[0] == 0 and len(loads) == 2
    baseline.write_text("{not json")
    for _ in range(2):
        code, out = check()
        assert code == 1 and "tom_changes_baseline:" in out
    assert len(loads) == 4
