"""The build side of audiences: exclude withheld pages, strip withheld needs, mark the rest."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from tom_ext.core import audience
from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.settings import is_public
from tom_ext.sphinx_ext.state import BuildState, with_state


def exclude_pages(state: BuildState, app: Sphinx, config: Config) -> None:
    """config-inited: for a public build, leave the withheld pages out before reading, copy
    no page sources, and let toctrees skip what they list of them quietly."""
    if not is_public(config):
        return
    srcdir = Path(app.srcdir)
    # MyST registers ".md" after config-inited: the pages are Markdown in any case
    suffixes = sorted({".md", *(config.source_suffix or ())})
    pages = audience.read_pages(srcdir, suffixes)
    state.withheld_pages = audience.withheld_pages(pages)
    files = sorted(path for _doc, path in _paths(srcdir, suffixes, state.withheld_pages))
    config.exclude_patterns = [*config.exclude_patterns, *files]
    config.html_copy_source = False
    config.html_show_sourcelink = False


_TOCTREE = re.compile(r"^(\s*)(`{3,}|:{3,})\{toctree\}")
_ENTRY = re.compile(r"<([^<>]+)>\s*$")


def drop_toctree_entries(state: BuildState, app: Sphinx, docname: str,
                         source: list[str]) -> None:
    """source-read: in a public build, a toctree leaves out its lines that name a withheld
    page (before Sphinx reads it: no link, no title, no warning)."""
    docs = set(state.withheld_pages) if is_public(app.config) else set()
    if docs:
        source[0] = filter_toctrees(source[0], docname, docs)


def filter_toctrees(text: str, docname: str, docs: set[str]) -> str:
    lines = text.split("\n")
    kept: list[str] = []
    fence = ""
    for line in lines:
        opened = _TOCTREE.match(line)
        if opened and not fence:
            fence = opened.group(2)
        elif fence and line.strip().startswith(fence[0] * len(fence)) and \
                not line.strip().lstrip(fence[0]):
            fence = ""
        elif fence and line.strip() and not line.strip().startswith(":"):
            entry = line.strip()
            found = _ENTRY.search(entry)
            target = (found.group(1) if found else entry).strip()
            target = re.sub(r"\.(md|rst)$", "", target)
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(docname), target))
            if resolved in docs:
                continue
        kept.append(line)
    return "\n".join(kept)


def _paths(srcdir: Path, suffixes: list[str], docs: Any) -> list[tuple[str, str]]:
    found = []
    for doc in docs:
        for suffix in suffixes:
            if (srcdir / f"{doc}{suffix}").is_file():
                found.append((doc, f"{doc}{suffix}"))
                break
    return found


def withheld_inline() -> nodes.inline:
    return nodes.inline(audience.WITHHELD, audience.WITHHELD, classes=["tom-withheld"])


def withheld_references(state: BuildState) -> type[SphinxPostTransform]:
    """The post-transform of this build (a class, as Sphinx takes them, bound to it)."""

    class WithheldReferences(SphinxPostTransform):
        """A link from a public page to a withheld page or need reads "withheld" (before
        MyST and Sphinx resolve links, so no dead link, no title and no warning)."""

        default_priority = 5

        def run(self, **kwargs: Any) -> None:
            if is_public(self.config):
                replace_withheld_references(state, self.document)

    return WithheldReferences


def replace_withheld_references(state: BuildState, document: nodes.document) -> None:
    docs, ids = set(state.withheld_pages), state.withheld_need_ids()
    if not docs and not ids:
        return
    for node in list(document.findall(addnodes.pending_xref)):
        target = str(node.get("reftarget", ""))
        to_doc = node.get("refdomain") == "doc" or node.get("reftype") == "doc"
        to_page = to_doc and target.lstrip("/") in docs
        if to_page or target in ids or target.split("#")[-1] in ids:
            node.replace_self(withheld_inline())


def id_pattern(ids: set[str]) -> re.Pattern[str] | None:
    """Any of ``ids`` as a whole word (an ID written in the text of a public item)."""
    if not ids:
        return None
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
                      + r")\b")


def prune_needs(state: BuildState, app: Sphinx, needs: Any) -> None:
    """needs-before-post-processing: for a public build, drop the withheld needs from
    sphinx-needs' data (so needs.json, tables and back links never hold them) and the
    links of public needs that point to them."""
    if not is_public(app.config):
        return
    ids = state.withheld_need_ids()
    for need_id in sorted(ids):
        if need_id in needs:
            del needs[need_id]
    link_names = [link["option"] for link in app.config.needs_links] \
        if isinstance(app.config.needs_links, list) else list(app.config.needs_links)
    for item in needs.values():
        for name in link_names:
            value = item.get(name)
            if isinstance(value, list) and any(v in ids for v in value):
                item[name] = [v for v in value if v not in ids]


def scrub(data: Any, pattern: re.Pattern[str]) -> Any:
    """``data`` (JSON) with every withheld ID in its text replaced by "withheld" (sphinx-needs
    keeps a need's text read-only, so its needs.json is scrubbed once written)."""
    if isinstance(data, str):
        return pattern.sub(audience.WITHHELD, data)
    if isinstance(data, list):
        return [scrub(item, pattern) for item in data]
    if isinstance(data, dict):
        return {pattern.sub(audience.WITHHELD, k): scrub(v, pattern) for k, v in data.items()}
    return data


def strip_doctree(state: BuildState, app: Sphinx, doctree: nodes.document,
                  docname: str) -> None:
    """doctree-resolved, before the cards are drawn: a public page loses its
    withheld needs (box, body and anchor) and its references to them read "withheld";
    an intranet page marks each sensitive need and says at the top that it holds them."""
    from sphinx_needs.nodes import Need
    from sphinx_needs.roles.need_ref import NeedRef

    if is_public(app.config):
        ids = state.withheld_need_ids()
        if not ids:
            return
        for node in list(doctree.findall(nodes.Element)):
            if node.parent is None and node is not doctree:
                continue
            if isinstance(node, NeedRef) and str(node.get("reftarget", "")) in ids:
                node.replace_self(withheld_inline())
            elif isinstance(node, Need | nodes.target) and set(node["ids"]) & ids:
                node.parent.remove(node)
        pattern = id_pattern(ids)
        for text in list(doctree.findall(nodes.Text)):
            if pattern and pattern.search(text) and text.parent is not None:
                text.parent.replace(text, nodes.Text(pattern.sub(audience.WITHHELD, text)))
        return
    _mark(current_site(state, app), app, doctree, docname)


def _mark(site: Site, app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The banner of an intranet page that holds sensitive items (each item's card says
    so itself)."""
    sensitive = {n.id for n in site.by_doc.get(docname, []) if audience.is_sensitive(n)}
    page = app.env.metadata.get(docname, {}).get("classification") == audience.SENSITIVE
    if not sensitive and not page:
        return
    what = ("this page is intranet only: it is left out of the public site" if page else
            "items marked so on this page are intranet only: they are left out of the "
            "public site")
    banner = nodes.container(classes=["tom-marking-banner"])
    text = nodes.paragraph()
    text += nodes.strong(audience.MARKING, audience.MARKING)
    text += nodes.Text(f" — {what}.")
    banner += text
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, banner)
    else:
        doctree.insert(0, banner)


def remove_stale_pages(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished: a public build into a folder an earlier build wrote (sphinx-build
    -D tom_audience=public) deletes the pages and sources of what is now withheld."""
    if exception is not None or not is_public(app.config):
        return
    out = Path(app.outdir)
    for doc in state.withheld_pages:
        for stale in (out / f"{doc}.html", out / "_sources" / f"{doc}.md.txt",
                      out / "_sources" / f"{doc}.txt"):
            stale.unlink(missing_ok=True)


def setup_withhold(app: Sphinx, state: BuildState) -> None:
    app.connect("config-inited", with_state(exclude_pages, state), priority=12)
    app.connect("source-read", with_state(drop_toctree_entries, state))
    app.add_post_transform(withheld_references(state))
    app.connect("needs-before-post-processing", with_state(prune_needs, state), priority=600)
    app.connect("doctree-resolved", with_state(strip_doctree, state), priority=400)
    app.connect("build-finished", with_state(remove_stale_pages, state))
