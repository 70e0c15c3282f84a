"""The "Changes since …" page: tom-changes against an archived needs.json or a git tag."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from tom_ext.cli import main as cli

TECH = "source/toms/env/lib/technology.md"
PAGE = "# Changes since the last board\n\n```{tom-changes}\n```\n"
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


class Tables(HTMLParser):
    """Each table of a page: its caption, header cells and body rows, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._in.append(tag)
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self.tables:
            part = "head" if "thead" in self._in else "rows"
            if part == "head":
                self.tables[-1]["head"] = self._row
            else:
                self.tables[-1]["rows"].append(self._row)
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif "caption" in self._in and self.tables:
            self.tables[-1]["caption"] += data.replace("¶", "").strip()


def tables_of(html: Path) -> list[dict]:
    parser = Tables()
    parser.feed(html.read_text())
    return parser.tables


def with_changes_page(root: Path, baseline: str) -> None:
    (root / "source/changes.md").write_text(PAGE)
    index = root / "source/index.md"
    index.write_text(index.read_text().replace("toms/env/index\n", "toms/env/index\nchanges\n"))
    with (root / "conf.py").open("a") as conf:
        conf.write(f"tom_changes_baseline = {baseline!r}\n")


def archive_needs(root: Path, capsys) -> Path:
    """What a maintainer archives at a board: the needs.json of that publication."""
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    capsys.readouterr()
    target = root / "source/_baselines/board.json"
    target.parent.mkdir(parents=True)
    shutil.copy(root / "_build/html/needs.json", target)
    return target


def edit(root: Path, path: str, old: str, new: str) -> None:
    page = root / path
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new, 1))


def test_page_lists_slipped_and_worsened_first_then_every_change(project, capsys):
    root = project("basic")
    archive_needs(root, capsys)
    edit(root, TECH, ":due: 2027-03-31", ":due: 2027-05-31")            # ACT_LIB_TEC_02
    edit(root, TECH, ":status: on-track", ":status: off-track")         # ACT_LIB_TEC_01
    edit(root, TECH, ":owner: Libraries Manager", ":owner: Head of Culture")
    edit(root, "source/toms/env/lib/people.md", ":guided_by: STR_IT\n", "")
    with_changes_page(root, "source/_baselines/board.json")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    out = capsys.readouterr()
    assert "(0 warnings" in out.out and out.err == ""
    html = root / "_build/html/changes.html"
    text = " ".join(html.read_text().split())
    assert "Since board.json: 3 items: 3 changed; 1 coverage cell changed state." in text
    attention, env, cells = tables_of(html)
    assert attention == {
        "caption": "Slipped and worsened since board.json (2)",
        "head": ["Action", "TOM", "What moved"],
        "rows": [["First technology action ACT_LIB_TEC_01", "Libraries",
                  "status worsened, On track → Off track"],
                 ["Second technology action ACT_LIB_TEC_02", "Libraries",
                  "due date slipped by 61 days, 31 Mar 2027 → 31 May 2027"]]}
    assert env["caption"] == "Environment: 3 changes"
    assert env["head"] == ["TOM", "Layer", "Change", "Item", "What changed"]
    assert env["rows"] == [
        ["Libraries", "Technology", "Changed action",
         "First technology action ACT_LIB_TEC_01", "status: On track → Off track (worsened)"],
        ["Libraries", "Technology", "Changed action",
         "Second technology action ACT_LIB_TEC_02",
         "owner: Libraries Manager → Head of Culture due date: 31 Mar 2027 → 31 May 2027 "
         "(slipped by 61 days)"],
        ["Libraries", "People", "Changed layer", "People LYR_LIB_PEO",
         "guided by: removed STR_IT"]]
    assert cells == {"caption": "Coverage cells that changed state (1)",
                     "head": ["Department", "TOM", "Layer", "Before", "After"],
                     "rows": [["Environment", "Libraries", "People", "● Complete",
                               "◐ Partial: no guiding strategy"]]}
    assert '<th class="head"><p>What moved</p></th>' in text
    assert 'href="toms/env/lib/technology.html#ACT_LIB_TEC_01"' in text


def test_page_follows_a_later_change_incrementally(project, capsys):
    root = project("basic")
    archive_needs(root, capsys)
    with_changes_page(root, "source/_baselines/board.json")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    page = root / "_build/html/changes.html"
    assert "No changes to TOMs since board.json." in page.read_text()
    edit(root, TECH, ":status: on-track", ":status: at-risk")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    capsys.readouterr()
    assert "status worsened, On track → At risk" in page.read_text()


def test_a_git_tag_as_baseline(project, capsys):
    root = project("basic")
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "board"],
                 ["tag", "board-2026-09"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    edit(root, TECH, ":due: 2026-03-31", ":due: 2026-04-30")
    with_changes_page(root, "board-2026-09")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    capsys.readouterr()
    text = " ".join((root / "_build/html/changes.html").read_text().split())
    assert re.search(r"Since board-2026-09 \([0-9a-f]{7}\): 1 item: 1 changed\.", text)
    assert "due date slipped by 30 days, 31 Mar 2026 → 30 Apr 2026" in text


def test_a_baseline_that_cannot_be_read_is_a_located_warning(project, capsys):
    root = project("basic")
    with_changes_page(root, "source/_baselines/missing.json")
    assert cli.main(["-C", str(root), "check"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "source/changes.md:3: WARNING: tom_changes_baseline: no file "
        "'source/_baselines/missing.json' in the site's folder — give the path of the "
        "archived needs.json from the folder of conf.py [tom.baseline]")


def test_no_baseline_set_is_a_located_warning(project, capsys):
    root = project("basic")
    with_changes_page(root, "")
    assert cli.main(["-C", str(root), "check"]) == 1
    assert capsys.readouterr().out.splitlines()[0].startswith(
        "source/changes.md:3: WARNING: tom-changes needs a baseline: set "
        "tom_changes_baseline in conf.py")
