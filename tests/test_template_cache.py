"""The theme's templates compiled once and kept beside the doctrees (template_cache.py)."""

from __future__ import annotations

from jinja2 import FileSystemBytecodeCache

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import template_cache


def test_a_rebuild_takes_the_compiled_templates_from_the_cache(project, monkeypatch):
    root = project("basic")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    folder = root / "_build/.work/doctrees" / template_cache.FOLDER
    kept = sorted(path.name for path in folder.iterdir())
    assert kept and all(name.endswith(".cache") for name in kept)
    loaded = []
    real = FileSystemBytecodeCache.load_bytecode

    def spy(self, bucket):
        real(self, bucket)
        loaded.append(bucket.code is not None)

    monkeypatch.setattr(FileSystemBytecodeCache, "load_bytecode", spy)
    page = root / "source/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert loaded and all(loaded)  # every template the page needed came compiled
    assert sorted(path.name for path in folder.iterdir()) == kept
