"""A file written through ``written_whole`` is the old one or the new one, never half
(tom_ext/core/whole_files.py)."""

from __future__ import annotations

import pytest

from tom_ext.core.whole_files import written_whole


def test_the_new_file_takes_the_old_ones_place_and_no_partial_is_left(tmp_path):
    path = tmp_path / "sub" / "needs.json"
    with written_whole(path) as partial:
        partial.write_text("first", encoding="utf-8")
        assert not path.exists() and partial.parent == path.parent
        assert partial.name.startswith(".needs.json.")
    assert path.read_text(encoding="utf-8") == "first"
    assert [p.name for p in path.parent.iterdir()] == ["needs.json"]


def test_a_failure_while_writing_leaves_the_last_good_file_and_no_partial(tmp_path):
    path = tmp_path / "board.docx"
    path.write_text("last good", encoding="utf-8")
    with pytest.raises(RuntimeError, match="renderer"), written_whole(path) as partial:
        partial.write_text("half a", encoding="utf-8")
        raise RuntimeError("renderer failed")
    assert path.read_text(encoding="utf-8") == "last good"
    assert [p.name for p in tmp_path.iterdir()] == ["board.docx"]


def test_a_block_that_writes_nothing_fails_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("kept", encoding="utf-8")
    with pytest.raises(FileNotFoundError), written_whole(path):
        pass
    assert path.read_text(encoding="utf-8") == "kept"
