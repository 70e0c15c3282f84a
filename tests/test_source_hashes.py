"""A page is changed when its text changed, not when its file is newer (a fresh clone):
a kept environment is reused by ``tom check`` and ``tom build`` in CI."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext.source_hashes import file_hash, text_hash, unchanged


def _later(path: Path, seconds: float = 5) -> None:
    later = time.time() + seconds
    os.utime(path, (later, later))


def test_a_newer_file_with_the_same_text_keeps_its_doctree(tmp_path):
    same, edited, gone = tmp_path / "same.md", tmp_path / "edited.md", tmp_path / "gone.md"
    included = tmp_path / "part.txt"
    for path in (same, edited, included):
        path.write_text("# Title\n\ntext\n")
    texts = {name: text_hash("# Title\n\ntext\n") for name in ("same", "edited", "gone",
                                                               "with-part")}
    read_at = 1  # long ago: every file is newer, as after a clone
    edited.write_text("# Title\n\nnew text\n")
    paths = {"same": same, "edited": edited, "gone": gone, "with-part": same}
    keep = unchanged({name: read_at for name in paths}, paths, texts,
                     {"with-part": [included]}, {str(included): file_hash(included)})
    assert sorted(keep) == ["same", "with-part"]
    assert keep["same"] == -(os.stat(same).st_mtime_ns // -1000)
    # an included file that changed makes its page changed
    included.write_text("other\n")
    keep = unchanged({"with-part": read_at}, paths, texts, {"with-part": [included]},
                     {str(included): text_hash("x")})
    assert keep == {}
    # a page whose file is not newer is Sphinx's to keep, not ours
    assert unchanged({"same": 10**18}, paths, texts, {}, {}) == {}


def _doctrees_written_since(root: Path, moment: float) -> set[str]:
    tree = root / "_build" / ".check" / "doctrees"
    return {p.relative_to(tree).with_suffix("").as_posix() for p in tree.rglob("*.doctree")
            if p.stat().st_mtime > moment}


def test_check_after_a_fresh_clone_reads_only_the_page_that_changed(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "check"]) == 0
    for page in (root / "source").rglob("*.md"):  # a clone: every file newer
        _later(page)
    moment = time.time()
    time.sleep(0.05)
    assert cli.main(["-C", str(root), "check"]) == 0
    assert _doctrees_written_since(root, moment) == set()
    # a real change is read, and its mistake reported with file and line
    page = root / "source/toms/env/lib/channels.md"
    text = page.read_text()
    line = text[:text.index(":status: on-track")].count("\n") + 1
    page.write_text(text.replace(":status: on-track", ":status: on-trak", 1))
    _later(page, 10)
    capsys.readouterr()
    assert cli.main(["-C", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert f"source/toms/env/lib/channels.md:{line}: WARNING: status 'on-trak'" in out
    assert "toms/env/lib/channels" in _doctrees_written_since(root, moment)
