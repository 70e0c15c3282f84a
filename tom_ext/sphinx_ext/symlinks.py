"""Links into folders linked into source/ (``source/handbook`` → ``docs/``) resolve again.

Sphinx resolves a relative Markdown link to the real path of its target, so a link between
two handbook pages names ``docs/x.md``, which is outside ``source/``, and MyST reports an
unknown document. The repository keeps the handbook in ``docs/`` (readable in the
repository browser) and links it into the published site; this maps such targets back
to their published names.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from tom_ext.sphinx_ext.state import BuildState, with_state


def linked_folders(srcdir: Path) -> dict[str, str]:
    """Real path of each folder linked into srcdir → its name inside srcdir."""
    found = {}
    for entry in sorted(srcdir.iterdir()):
        if entry.is_symlink() and entry.is_dir():
            found[os.path.realpath(entry)] = entry.name
    return found


def retarget(target: str, folders: dict[str, str]) -> str | None:
    for real, name in folders.items():
        if target.startswith(real + os.sep):
            return name + "/" + target[len(real) + 1:].replace(os.sep, "/")
    return None


def find_linked_folders(state: BuildState, app: Sphinx) -> None:
    """builder-inited: once a build, not for every page read."""
    state.linked_folders = linked_folders(Path(app.srcdir))


def fix_doc_links(state: BuildState, app: Sphinx, doctree: nodes.document) -> None:
    folders = state.linked_folders
    if not folders:
        return
    for node in doctree.findall(addnodes.pending_xref):
        target = node.get("reftarget", "")
        if node.get("refdomain") == "doc" and os.path.isabs(target):
            fixed = retarget(target, folders)
            if fixed is not None:
                node["reftarget"] = fixed


def setup_symlinks(app: Sphinx, state: BuildState) -> None:
    app.connect("builder-inited", with_state(find_linked_folders, state))
    app.connect("doctree-read", with_state(fix_doc_links, state))
