"""`tom diff`: the exact summary of each kind of change, on a fixture repository with one
change per commit, on hand-made needs, and on the example council."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tom_ext.changes.diff import Snapshot, diff
from tom_ext.changes.words import as_json, as_markdown, as_text
from tom_ext.cli import main as cli
from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import Model
from tom_ext.core.needs import NeedRecord, Site

from .conftest import REPO, make_project, rec

EXPECTED = Path(__file__).parent / "expected"
MODEL = Model(layer_keys=NINE_LAYERS.keys())
TECH = "site/source/toms/env/lib/technology.md"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_DATE": "2026-11-23T09:00:00Z",
           "GIT_COMMITTER_DATE": "2026-11-23T09:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}

THIRD_ACTION = """
```{action} Third technology action
:id: ACT_LIB_TEC_03
:owner: Head of Libraries
:due: 2027-09-30
:status: not-started
:supports: STR_IT
```
"""
SECOND_SERVICES_ACTION = """
```{action} Second services action
:id: ACT_LIB_SER_02
:owner: Libraries Manager
:due: 2027-03-31
:status: not-started
:supports: PRI_02
```
"""

# tag, file, old text, new text: one change per commit, in this order
STEPS = [
    ("added", TECH, None, THIRD_ACTION),
    ("removed", "site/source/toms/env/lib/services.md", SECOND_SERVICES_ACTION, ""),
    ("status", TECH, ":status: on-track", ":status: at-risk"),
    ("slipped", TECH, ":due: 2027-03-31", ":due: 2027-06-30"),
    ("link", "site/source/toms/env/lib/customers.md", ":supports: STR_IT",
     ":supports: PRI_01"),
    ("coverage", "site/source/toms/env/lib/people.md", "## Route\n\n", ""),
    ("renamed", TECH, ":id: ACT_LIB_TEC_02", ":id: ACT_LIB_TEC_05"),
    ("prose", TECH, "Today's technology", "The technology we have today"),
]

BODIES = {
    "added": [
        "1 item: 1 added.",
        "",
        "Environment › Libraries (TOM_LIB) › Technology",
        "  added action ACT_LIB_TEC_03 “Third technology action”: status: Not started; "
        "due date: 30 Sep 2027; owner: Head of Libraries"],
    "removed": [
        "1 item: 1 removed.",
        "",
        "Environment › Libraries (TOM_LIB) › Services",
        "  removed action ACT_LIB_SER_02 “Second services action”: status: Not started; "
        "due date: 31 Mar 2027; owner: Libraries Manager"],
    "status": [
        "1 item: 1 changed.",
        "",
        "Environment › Libraries (TOM_LIB) › Technology",
        "  changed action ACT_LIB_TEC_01 “First technology action”",
        "    status: On track → At risk (worsened)"],
    "slipped": [
        "1 item: 1 changed.",
        "",
        "Environment › Libraries (TOM_LIB) › Technology",
        "  changed action ACT_LIB_TEC_02 “Second technology action”",
        "    due date: 31 Mar 2027 → 30 Jun 2027 (slipped by 91 days)"],
    "link": [
        "1 item: 1 changed.",
        "",
        "Environment › Libraries (TOM_LIB) › Customers",
        "  changed action ACT_LIB_CUS_01 “First customers action”",
        "    supports: added PRI_01; removed STR_IT"],
    "coverage": [
        "1 coverage cell changed state.",
        "",
        "Coverage",
        "  Environment › Libraries (TOM_LIB) › People: Complete → Partial: no route"],
    "renamed": [
        "1 item: 1 renamed.",
        "",
        "Environment › Libraries (TOM_LIB) › Technology",
        "  renamed action ACT_LIB_TEC_02 → ACT_LIB_TEC_05 “Second technology action”"],
}


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A repository whose site is in site/: a commit before the site, the fixture site,
    then one change per commit, each tagged with its name."""
    repo = tmp_path_factory.mktemp("history")
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("A council's TOMs.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "before the site")
    git(repo, "tag", "empty")
    make_project("basic", repo / "site")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the site")
    git(repo, "tag", "base")
    for tag, path, old, new in STEPS:
        page = repo / path
        text = page.read_text()
        if old is None:
            text += new
        else:
            assert old in text, (tag, old)
            text = text.replace(old, new, 1)
        page.write_text(text)
        git(repo, "commit", "-q", "-am", tag)
        git(repo, "tag", tag)
    return repo


def tom(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["-C", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def label(repo: Path, tag: str) -> str:
    return f"{tag} ({git(repo, 'rev-parse', '--short=7', tag)})"


PAIRS = [("base", "added"), *((STEPS[i][0], STEPS[i + 1][0]) for i in range(len(STEPS) - 1))]


@pytest.mark.parametrize(("old", "new"), [p for p in PAIRS if p[1] in BODIES],
                         ids=[p[1] for p in PAIRS if p[1] in BODIES])
def test_the_exact_summary_of_one_change(history, capsys, old, new):
    code, out, err = tom(history / "site", "diff", old, new, capsys=capsys)
    assert code == 0, err
    header = f"TOM changes from {label(history, old)} to {label(history, new)}"
    assert out.splitlines() == [header, *BODIES[new]]


def test_no_change_to_the_toms(history, capsys):
    code, out, _err = tom(history / "site", "diff", "renamed", "prose", "--exit-code",
                          capsys=capsys)
    assert code == 0
    assert out == (f"No changes to TOMs between {label(history, 'renamed')} and "
                   f"{label(history, 'prose')}.\n")


def test_markdown_of_several_changes_matches_the_stored_report(history, capsys):
    code, out, _err = tom(history / "site", "diff", "base", "renamed", "--format",
                          "markdown", capsys=capsys)
    assert code == 0
    expected = (EXPECTED / "diff-basic.md").read_text()
    expected = expected.replace("{base}", label(history, "base")).replace(
        "{renamed}", label(history, "renamed"))
    assert out == expected


def test_json_has_every_change_with_its_fields(history, capsys):
    code, out, _err = tom(history / "site", "diff", "base", "renamed", "--format", "json",
                          capsys=capsys)
    assert code == 0
    data = json.loads(out)
    assert data["summary"] == {"added": 1, "removed": 1, "renamed": 1, "changed": 2,
                               "coverage_cells": 1, "no_changes": False}
    by_id = {n["id"]: n for n in data["needs"]}
    renamed = by_id["ACT_LIB_TEC_05"]
    assert (renamed["kind"], renamed["old_id"], renamed["slipped_days"]) == (
        "renamed", "ACT_LIB_TEC_02", 91)
    assert by_id["ACT_LIB_TEC_01"]["worsened"] is True
    assert data["coverage"][0]["place"]["layer_key"] == "people"
    assert (data["coverage"][0]["old_state"], data["coverage"][0]["new_state"]) == (
        "complete", "partial")


def test_working_tree_against_head_includes_uncommitted_changes(history, capsys, tmp_path):
    clone = tmp_path / "clone"
    git(history, "clone", "-q", str(history), str(clone))
    page = clone / TECH
    page.write_text(page.read_text().replace(":owner: Head of Libraries",
                                             ":owner: Head of Culture", 1))
    code, out, _err = tom(clone / "site", "diff", "HEAD", "--exit-code", capsys=capsys)
    assert code == 1
    assert out.splitlines()[1:] == [
        "1 item: 1 changed.",
        "",
        "Environment › Libraries (TOM_LIB) › Technology",
        "  changed action ACT_LIB_TEC_01 “First technology action”",
        "    owner: Head of Libraries → Head of Culture"]
    assert out.splitlines()[0].endswith(" to the working tree")


def test_a_revision_is_read_once_then_cached(history, capsys, monkeypatch):
    tom(history / "site", "diff", "base", "added", capsys=capsys)
    sha = git(history, "rev-parse", "added")
    assert (history / "site/_build/.diff" / f"{sha}.json").is_file()

    def no_read(*_args, **_kwargs):
        raise AssertionError("a cached revision was read again")

    from tom_ext.sphinx_ext import run

    monkeypatch.setattr(run, "read_needs", no_read)
    code, out, _err = tom(history / "site", "diff", "base", "added", capsys=capsys)
    assert code == 0 and "1 item: 1 added." in out


def test_output_file_and_exit_code(history, capsys, tmp_path):
    target = tmp_path / "report" / "tom-diff.md"
    code, out, err = tom(history / "site", "diff", "status", "slipped", "--format",
                         "markdown", "--output", str(target), "--exit-code", capsys=capsys)
    assert code == 1 and out == ""
    assert target.read_text().startswith("### TOM changes from `status (")
    assert err == f"tom diff: wrote {target}: 1 item: 1 changed.\n"


def test_two_needs_json_files(history, capsys, tmp_path):
    site = history / "site"
    files = []
    for tag in ("status", "slipped"):
        sha = git(history, "rev-parse", tag)
        tom(site, "diff", tag, tag, capsys=capsys)
        files.append(shutil.copy(site / "_build/.diff" / f"{sha}.json", tmp_path / f"{tag}.json"))
    code, out, _err = tom(site, "diff", *map(str, files), capsys=capsys)
    assert code == 0
    assert out.splitlines()[0] == f"TOM changes from {files[0]} to {files[1]}"
    assert out.splitlines()[1:] == BODIES["slipped"]


def test_a_baseline_is_kept_as_a_site_and_read_again_only_when_it_changed(
        history, capsys, tmp_path, monkeypatch):
    from tom_ext.changes import snapshot

    site = history / "site"
    files = {}
    for tag in ("status", "slipped"):
        sha = git(history, "rev-parse", tag)
        tom(site, "diff", tag, tag, capsys=capsys)
        files[tag] = Path(shutil.copy(site / "_build/.diff" / f"{sha}.json",
                                      tmp_path / f"{tag}.json"))
    baseline, kept = tmp_path / "board.json", tmp_path / "doctrees/tom-baseline.pickle"
    shutil.copy(files["status"], baseline)
    reads = []
    real = snapshot.load
    monkeypatch.setattr(snapshot, "load", lambda *a, **k: reads.append(a[0]) or real(*a, **k))
    now = real(files["slipped"], "now")
    first = snapshot.load_kept(baseline, "board", kept)
    again = snapshot.load_kept(baseline, "board", kept)
    assert len(reads) == 1 and kept.is_file()
    assert again is not first and diff(again, now) == diff(first, now)
    assert as_text(diff(again, now)).splitlines()[1:] == BODIES["slipped"]
    snapshot.load_kept(baseline, "another label", kept)
    assert len(reads) == 2
    shutil.copy(files["slipped"], baseline)  # the baseline archived again
    assert diff(snapshot.load_kept(baseline, "board", kept), now).empty and len(reads) == 3
    kept.write_bytes(b"half a file")
    assert diff(snapshot.load_kept(baseline, "board", kept), now).empty and len(reads) == 4
    nowhere = tmp_path / "board.json" / "tom-baseline.pickle"  # under a file: not kept
    assert diff(snapshot.load_kept(baseline, "board", nowhere), now).empty


def test_plain_needs_json_without_section_titles_skips_coverage(history, capsys, tmp_path):
    site = history / "site"
    sha = git(history, "rev-parse", "link")
    tom(site, "diff", "link", "link", capsys=capsys)
    data = json.loads((site / "_build/.diff" / f"{sha}.json").read_text())
    del data["golden_thread"]
    plain = tmp_path / "published-elsewhere.json"
    plain.write_text(json.dumps(data))
    code, out, _err = tom(site, "diff", str(plain), "coverage", capsys=capsys)
    assert code == 0
    assert out == (f"No changes to TOMs between {plain} and {label(history, 'coverage')}.\n"
                   f"Coverage was not compared: {plain} is a needs.json without the section "
                   "titles of its layer pages.\n")


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-tag"], "tom diff: unknown revision 'no-such-tag': no branch, tag or commit "
                      "of this repository has that name"),
    (["empty", "base"], "tom diff: revision 'empty' has no site/conf.py: the site did not "
                        "exist there yet"),
    (["missing.json"], "tom diff: no such needs.json file: missing.json"),
])
def test_clear_errors_exit_2(history, capsys, args, message):
    code, out, err = tom(history / "site", "diff", *args, capsys=capsys)
    assert (code, out) == (2, "")
    assert err.startswith(message), err


def test_a_revision_whose_site_cannot_be_read(history, capsys, tmp_path):
    clone = tmp_path / "clone"
    git(history, "clone", "-q", str(history), str(clone))
    conf = clone / "site/conf.py"
    conf.write_text(conf.read_text() + "tom_framework = 'eleven-layer'\n")
    git(clone, "commit", "-q", "-am", "a framework that does not exist")
    code, _out, err = tom(clone / "site", "diff", "HEAD~1", "HEAD", capsys=capsys)
    assert code == 2
    assert err.startswith("tom diff: the site of revision 'HEAD' could not be read: ")
    assert "'eleven-layer' is not a known framework" in err


def test_not_a_git_repository(project, capsys):
    code, _out, err = tom(project("basic"), "diff", "HEAD", capsys=capsys)
    assert code == 2
    assert "is not in a git repository, so 'HEAD' names no revision" in err


def test_help_documents_the_arguments_and_exit_status(capsys):
    with pytest.raises(SystemExit):
        cli.main(["diff", "--help"])
    text = capsys.readouterr().out
    for words in ("OLD", "NEW", "--format {text,markdown,json}", "--output FILE",
                  "--exit-code", "exit status:", "_build/.diff/"):
        assert words in text, words


# -- the pure core, on hand-made needs ----------------------------------------------------

def need(id: str, type: str, docname: str, title: str = "", content: str = "",
         **options: str) -> NeedRecord:
    base = rec(id, type, docname, **options)
    return NeedRecord(id=id, type=type, title=title or id, docname=docname, lineno=1,
                      options=base.options, content=content)


def snap(*records: NeedRecord, label: str = "x") -> Snapshot:
    return Snapshot(label, Site([
        need("STR_IT", "strategy", "it", owner="o"),
        need("TOM_A", "tom", "toms/d1/a/index", owner="o", classification="OFFICIAL"),
        need("LYR_A_TEC", "layer", "toms/d1/a/technology", guided_by="STR_IT"),
        *records], MODEL, NINE_LAYERS, departments={"d1": "First"}))


def action(id: str = "ACT_A_TEC_01", **options: str) -> NeedRecord:
    values = {"owner": "Head", "due": "2026-03-31", "status": "on-track",
              "supports": "STR_IT", **options}
    return need(id, "action", "toms/d1/a/technology", title="Do it", content="Body.",
                **values)


def test_nothing_changed_is_empty():
    assert diff(snap(action()), snap(action())).empty


@pytest.mark.parametrize(("old", "new", "note", "worsened"), [
    ("on-track", "at-risk", "worsened", True),
    ("at-risk", "off-track", "worsened", True),
    ("not-started", "off-track", "worsened", True),
    ("off-track", "at-risk", "improved", False),
    ("at-risk", "complete", "improved", False),
    ("on-track", "complete", "", False),
])
def test_status_moves_in_words(old, new, note, worsened):
    (change,) = diff(snap(action(status=old)), snap(action(status=new))).needs
    (field,) = change.fields
    assert (field.name, field.note, change.worsened) == ("status", note, worsened)


@pytest.mark.parametrize(("old", "new", "note", "slipped"), [
    ("2026-03-31", "2026-04-01", "slipped by 1 day", 1),
    ("2026-03-31", "2027-03-31", "slipped by 365 days", 365),
    ("2026-03-31", "2026-01-31", "brought forward by 59 days", 0),
    ("2026-03-31", "31/03/2026", "", 0),
])
def test_due_dates_slip_by_days(old, new, note, slipped):
    (change,) = diff(snap(action(due=old)), snap(action(due=new))).needs
    assert (change.fields[0].note, change.slipped_days) == (note, slipped)


def test_savings_and_owner_changes():
    (change,) = diff(snap(action(saving="120", owner="A")),
                     snap(action(saving="80", owner="B"))).needs
    assert [(f.name, f.old, f.new, f.note) for f in change.fields] == [
        ("owner", "A", "B", ""), ("saving", "120", "80", "down £40k")]


def test_title_and_text_changes_are_listed_but_not_as_a_rename():
    old = action()
    new = NeedRecord(id=old.id, type="action", title="Do it now", docname=old.docname,
                     lineno=9, options=old.options, content="Body,\nrewritten.")
    (change,) = diff(snap(old), snap(new)).needs
    assert [(f.name, f.note) for f in change.fields] == [("title", ""),
                                                         ("text", "text changed")]
    assert "text changed" in as_text(diff(snap(old), snap(new)))


def test_a_rename_needs_the_same_type_title_and_text():
    renamed = diff(snap(action("ACT_A_TEC_01")), snap(action("ACT_A_TEC_09")))
    assert [(c.kind, c.old_id, c.id) for c in renamed.needs] == [
        ("renamed", "ACT_A_TEC_01", "ACT_A_TEC_09")]
    other_text = NeedRecord(**{**vars_of(action("ACT_A_TEC_09")), "content": "Other."})
    replaced = diff(snap(action("ACT_A_TEC_01")), snap(other_text))
    assert [(c.kind, c.id) for c in replaced.needs] == [("added", "ACT_A_TEC_09"),
                                                         ("removed", "ACT_A_TEC_01")]


def vars_of(record: NeedRecord) -> dict:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def test_a_link_that_follows_a_renamed_target_is_not_a_change():
    theme = need("THM_X", "theme", "themes", title="Demand", content="More of it.")
    moved = need("THM_Y", "theme", "themes", title="Demand", content="More of it.")
    found = diff(snap(theme, action(themes="THM_X")), snap(moved, action(themes="THM_Y")))
    assert [(c.kind, c.id) for c in found.needs] == [("renamed", "THM_Y")]


def test_an_inherited_classification_is_listed_on_the_tom_only():
    def site(level: str) -> Snapshot:
        return Snapshot("x", Site([
            need("TOM_A", "tom", "toms/d1/a/index", owner="o", classification=level),
            need("LYR_A_TEC", "layer", "toms/d1/a/technology",
                 classification=level),
            action(classification=level)], MODEL, NINE_LAYERS, departments={"d1": "First"}))

    found = diff(site("OFFICIAL"), site("OFFICIAL-SENSITIVE"))
    assert [c.id for c in found.needs] == ["TOM_A"]


def test_grouped_department_tom_layer_and_needs_outside_the_toms_last():
    found = diff(snap(), snap(need("PRI_01", "priority", "plan"), action(),
                              need("TOM_B", "tom", "toms/d1/b/index", owner="o")))
    assert [(c.place.department, c.place.tom_id, c.place.layer_key, c.id)
            for c in found.needs] == [
        ("First", "TOM_A", "technology", "ACT_A_TEC_01"),
        ("First", "TOM_B", "", "TOM_B"),
        ("", "", "", "PRI_01")]
    assert "\nOutside the TOMs\n  added priority PRI_01" in as_text(found)


def test_markdown_escapes_titles_and_folds_a_large_change():
    tricky = need("ACT_A_TEC_01", "action", "toms/d1/a/technology", title="Fix *all* | bugs",
                  owner="o", due="2026-01-01", status="on-track", supports="STR_IT")
    assert "Fix \\*all\\* \\| bugs" in as_markdown(diff(snap(), snap(tricky)))
    many = [action(f"ACT_A_TEC_{n:02}", due=f"2026-03-{n:02}") for n in range(1, 32)]
    slipped = [action(f"ACT_A_TEC_{n:02}", due="2026-04-30", status="at-risk")
               for n in range(1, 32)]
    text = as_markdown(diff(snap(*many), snap(*slipped)))
    assert "<details><summary>First (31 changes)</summary>" in text
    assert "**Slipped or worsened:**" in text
    assert text.index("**Slipped or worsened:**") < text.index("<details>")


def test_json_round_trips_and_is_sorted():
    found = diff(snap(action()), snap(action(status="off-track")))
    data = json.loads(as_json(found))
    assert data["needs"][0]["fields"][0]["note"] == "worsened"
    assert as_json(found) == json.dumps(data, indent=2, sort_keys=True,
                                        ensure_ascii=False) + "\n"


# -- the example council -----------------------------------------------------------------

@pytest.mark.slow
def test_three_changed_actions_of_the_example_council(tmp_path, capsys):
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "conf.py", root / "conf.py")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(REPO / "source", root / "source", symlinks=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "example")
    toms = root / "source/toms"
    # (page, the action's ID line, the field's line before → after)
    edits = [
        ("environment-regeneration/highways/technology.md", ":id: ACT_HWY_TEC_01",
         ":status: at-risk", ":status: off-track"),
        ("community-housing/community-and-housing/people.md", ":id: ACT_CAH_PEO_01",
         ":due: 2028-09-30", ":due: 2029-03-31"),
        ("corporate-services/internal-services/technology.md", ":id: ACT_CSI_TEC_01",
         ":owner: Head of Finance", ":owner: Director of Corporate Services"),
    ]
    changed = {}
    for path, id_line, old, new in edits:
        page = toms / path
        text = page.read_text()
        at = text.index(old, text.index(id_line))
        assert at < text.index("```", text.index(id_line)), "the field is the action's"
        page.write_text(text[:at] + new + text[at + len(old):])
        name = old[1:].split(":", 1)[0]
        changed[id_line[5:]] = [(name, old.split(": ", 1)[1], new.split(": ", 1)[1])]
    code, out, err = tom(root, "diff", "HEAD", "--format", "json", capsys=capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["coverage"] == []
    found = {n["id"]: [(f["name"], f["old"], f["new"]) for f in n["fields"]]
             for n in data["needs"]}
    assert found == changed
    assert all(n["kind"] == "changed" and not n["links"] for n in data["needs"])


def test_worsened_before_slipped_off_track_before_at_risk():
    old = [action("ACT_A_TEC_01"), action("ACT_A_TEC_02"), action("ACT_A_TEC_03"),
           action("ACT_A_TEC_04")]
    new = [action("ACT_A_TEC_01", due="2026-04-30"), action("ACT_A_TEC_02", status="at-risk"),
           action("ACT_A_TEC_03", status="off-track"), action("ACT_A_TEC_04", due="2026-06-30")]
    found = diff(snap(*old), snap(*new))
    assert [c.id for c in found.attention()] == [
        "ACT_A_TEC_03", "ACT_A_TEC_02", "ACT_A_TEC_04", "ACT_A_TEC_01"]


def test_a_diff_reads_the_needs_data_only_never_html(history, capsys, monkeypatch, tmp_path):
    clone = tmp_path / "clone"
    git(history, "clone", "-q", str(history), str(clone))
    builders = []
    from tom_ext.sphinx_ext import run

    real = run.run_sphinx

    def spy(paths, builder, *args, **kwargs):
        builders.append(builder)
        return real(paths, builder, *args, **kwargs)

    monkeypatch.setattr(run, "run_sphinx", spy)
    code, _out, _err = tom(clone / "site", "diff", "status", capsys=capsys)
    assert code == 0
    assert builders == ["needs", "needs"]  # the revision, then the files on disk
    assert not (clone / "site/_build/html").exists()


def test_a_need_that_changed_type_says_so():
    found = diff(snap(need("X_01", "theme", "themes")), snap(need("X_01", "principle", "p")))
    assert [(f.name, f.old, f.new) for f in found.needs[0].fields] == [
        ("type", "theme", "principle")]
