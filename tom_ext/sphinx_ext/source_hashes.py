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

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tom_ext.sphinx_ext.domain import TomDomain


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


# ---- Sphinx events (the hashes live in TomDomain, which purges and merges them per page) --

def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """The text as Sphinx read it (this handler runs before any that change it)."""
    TomDomain.of(app.env).texts[docname] = text_hash(source[0])


def on_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The files pages include, hashed once every page is read."""
    files = TomDomain.of(env).files
    files.clear()
    for deps in env.dependencies.values():
        for dep in deps:
            digest = file_hash(Path(dep))
            if digest is not None:
                files[str(dep)] = digest
    return []


def on_builder_inited(app: Sphinx) -> None:
    """Before Sphinx compares times: pages whose text is unchanged keep their doctree."""
    env = app.env
    domain = TomDomain.of(env)
    if not domain.texts or not env.all_docs:
        return
    paths = {docname: Path(env.doc2path(docname)) for docname in env.all_docs}
    keep = unchanged(env.all_docs, paths, domain.texts, env.dependencies, domain.files,
                     env.settings.get("input_encoding", "utf-8"))
    env.all_docs.update(keep)


def setup_source_hashes(app: Sphinx) -> None:
    app.connect("source-read", on_source_read, priority=1)
    app.connect("env-updated", on_updated)
    app.connect("builder-inited", on_builder_inited)
