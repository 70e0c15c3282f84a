"""A page is changed when its text changed, not when its file is newer.

Sphinx re-reads a page when its file's modification time is later than the time the page
was last read. A fresh clone gives every file the time of the clone, so a CI job that
restores the environment of an earlier pipeline from its cache (``_build/.check/``, see
the pipelines) would still read every page again: the cache would buy nothing. So the
text of each page (and of each file a page includes) is hashed when it is read, the hash
kept in the environment, and before Sphinx decides what is out of date, a page whose text
and included files are the same as when it was read is told apart from a changed one by
setting its time of reading to its file's time. A page whose text changed, or which a
changed page affects (sphinx-needs and tom_ext say which), is read as before.

Nothing is changed on disk; without a kept environment this does nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

#: the environment's attributes: docname -> hash of its text; path -> hash of its bytes
TEXTS = "tom_source_hashes"
FILES = "tom_dependency_hashes"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _mtime_us(path: Path) -> int | None:
    try:
        return -(os.stat(path).st_mtime_ns // -1_000)  # as Sphinx rounds it
    except OSError:
        return None


def unchanged(
    all_docs: Mapping[str, int],
    paths: Mapping[str, Path],
    texts: Mapping[str, str],
    dependencies: Mapping[str, Iterable[Path]],
    files: Mapping[str, str],
    encoding: str = "utf-8",
) -> dict[str, int]:
    """docname -> the time of reading to give it, for every page read before whose text
    and included files are as they were then but whose files are newer (a fresh clone)."""
    found: dict[str, int] = {}
    for docname, read_at in all_docs.items():
        path = paths.get(docname)
        recorded = texts.get(docname)
        if path is None or recorded is None:
            continue
        times = [_mtime_us(path)]
        for dep in dependencies.get(docname, ()):
            times.append(_mtime_us(dep))
        if any(t is None for t in times):
            continue  # a file gone: Sphinx's own rules apply
        newest = max(t for t in times if t is not None)
        if newest <= read_at:
            continue  # not newer: Sphinx already keeps it
        try:
            text = path.read_text(encoding=encoding)
        except (OSError, UnicodeDecodeError):
            continue
        if text_hash(text) != recorded:
            continue
        if any(files.get(str(dep)) is None or files.get(str(dep)) != file_hash(dep)
               for dep in dependencies.get(docname, ())):
            continue
        found[docname] = newest
    return found


# ---- Sphinx events -------------------------------------------------------------------

def _store(env: Any, name: str) -> dict[str, str]:
    store = getattr(env, name, None)
    if not isinstance(store, dict):
        store = {}
        setattr(env, name, store)
    return store


def on_source_read(app: Any, docname: str, source: list[str]) -> None:
    """The text as Sphinx read it (this handler runs before any that change it)."""
    _store(app.env, TEXTS)[docname] = text_hash(source[0])


def on_purge(app: Any, env: Any, docname: str) -> None:
    _store(env, TEXTS).pop(docname, None)


def on_merge(app: Any, env: Any, docnames: Iterable[str], other: Any) -> None:
    mine, theirs = _store(env, TEXTS), _store(other, TEXTS)
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def on_updated(app: Any, env: Any) -> list[str]:
    """The files pages include, hashed once every page is read."""
    files = _store(env, FILES)
    files.clear()
    for deps in env.dependencies.values():
        for dep in deps:
            digest = file_hash(Path(dep))
            if digest is not None:
                files[str(dep)] = digest
    return []


def on_builder_inited(app: Any) -> None:
    """Before Sphinx compares times: pages whose text is unchanged keep their doctree."""
    env = app.env
    texts = getattr(env, TEXTS, None)
    if not texts or not env.all_docs:
        return
    paths = {docname: Path(env.doc2path(docname)) for docname in env.all_docs}
    keep = unchanged(env.all_docs, paths, texts, env.dependencies,
                     getattr(env, FILES, {}) or {},
                     env.settings.get("input_encoding", "utf-8"))
    env.all_docs.update(keep)


def setup(app: Any) -> None:
    app.connect("source-read", on_source_read, priority=1)
    app.connect("env-purge-doc", on_purge)
    app.connect("env-merge-info", on_merge)
    app.connect("env-updated", on_updated)
    app.connect("builder-inited", on_builder_inited)
