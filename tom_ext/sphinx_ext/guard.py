"""The Sphinx side of :mod:`tom_ext.safety`: scan every page as it is read, and keep what
the scan forbids out of the site even when a build is published with warnings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.patches import CSVTable

from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.safety import markup
from tom_ext.safety.html_scan import bad_scheme, check_html
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.state import BuildState, with_state


def roots(app: Sphinx) -> tuple[Path, ...]:
    """Real paths of the folders a page may take files from: the source folder and the
    handbook's ``docs/`` beside ``conf.py``."""
    found = [Path(os.path.realpath(app.srcdir))]
    if app.confdir is not None:
        found.append(Path(os.path.realpath(Path(app.confdir) / "docs")))
    return tuple(dict.fromkeys(found))


def find_roots(state: BuildState, app: Sphinx) -> None:
    """builder-inited: once a build, not for every page read."""
    state.roots = roots(app)


def _rules(state: BuildState, app: Sphinx, docname: str) -> markup.Rules:
    if state.markdown is None:
        state.markdown = markup.parser(getattr(app.env, "myst_config", None))
    folder = docname.rpartition("/")[0]
    return markup.Rules(
        allowed=TomConfig.from_sphinx(app.config).html_allowed,
        files=markup.Files(Path(app.srcdir), folder, state.roots), md=state.markdown)


def scan_page(state: BuildState, app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: every problem of the page, kept for the report after reading."""
    path = Path(app.env.doc2path(docname))
    issues: list[tuple[str, int, str, str]] = []
    if not markup.is_inside(Path(os.path.realpath(path)), state.roots):
        issues.append(("", 1, TomWarning.OUTSIDE_FILE.value,
                       "this page is a link to a file outside source/ and docs/ — put the "
                       "page itself in the folder instead of a symbolic link"))
    if path.suffix == ".md":
        found = markup.scan(source[0], _rules(state, app, docname))
    elif path.suffix == ".rst":
        found = markup.scan_rst(source[0], _rules(state, app, docname))
    else:
        found = []
    issues.extend(("", i.line, i.subtype.value, i.message) for i in found)
    if issues:
        TomDomain.of(app.env).unsafe.setdefault(docname, []).extend(issues)


def scan_include(state: BuildState, app: Sphinx, relative_path: Path, parent_docname: str,
                 content: list[str]) -> None:
    """``include-read``: a file from outside the site's folders is not read at all; any
    other included Markdown or reStructuredText is scanned like a page."""
    path = Path(os.path.realpath(Path(app.srcdir) / relative_path))
    if not markup.is_inside(path, state.roots):
        content[0] = ""  # the page that includes it is reported by the scan of that page
        return
    rules = _rules(state, app, parent_docname)
    rules.files = markup.Files(Path(app.srcdir), relative_path.parent.as_posix(),
                               state.roots)
    if path.suffix == ".md":
        found = markup.scan(content[0], rules)
    elif path.suffix == ".rst":
        found = markup.scan_rst(content[0], rules)
    else:
        return
    issues = [(str(path), i.line, i.subtype.value, i.message) for i in found]
    if issues:
        TomDomain.of(app.env).unsafe.setdefault(parent_docname, []).extend(issues)


def keep_out(state: BuildState, app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before Sphinx collects images and downloads: raw HTML the scan
    forbids becomes visible source text, and files from outside the site's folders are
    dropped. The scan has reported each with file, line and fix; this is for a build
    published anyway (``tom build --no-strict``)."""
    allowed = TomConfig.from_sphinx(app.config).html_allowed
    places = state.roots
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split() and check_html(raw.astext(), allowed):
            text = raw.astext()
            inline = isinstance(raw.parent, nodes.TextElement)
            raw.replace_self(nodes.literal(text, text) if inline
                             else nodes.literal_block(text, text))
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if bad_scheme(uri) or ("://" not in uri and not _inside(app, uri, places)):
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        if not _inside(app, download.get("reftarget", ""), places):
            text = download.astext()
            download.replace_self(nodes.literal(text, text))
    for block in list(doctree.findall(nodes.literal_block)):
        source = block.get("source")
        if source and not markup.is_inside(Path(os.path.realpath(source)), places):
            block.replace_self(nodes.literal_block("", ""))


def _inside(app: Sphinx, target: str, places: tuple[Path, ...]) -> bool:
    if not target:
        return True
    _rel, absolute = app.env.relfn2path(target, app.env.docname)
    return markup.is_inside(Path(os.path.realpath(absolute)), places)


class GuardedCSVTable(CSVTable):
    """csv-table that reads no file from outside the site's folders and nothing from the
    network (the scan reports both with file and line)."""

    def run(self) -> list[Any]:
        if "url" in self.options:
            return []
        if "file" in self.options:
            app = self.env.app
            name = self.options["file"]
            if os.path.isabs(name) and os.path.exists(name):
                real = Path(os.path.realpath(name))
            else:
                real = Path(os.path.realpath(self.env.relfn2path(name)[1]))
            if not markup.is_inside(real, roots(app)):
                return []
        return super().run()


def setup_guard(app: Sphinx, state: BuildState) -> None:
    app.connect("builder-inited", with_state(find_roots, state))
    app.connect("source-read", with_state(scan_page, state))
    app.connect("include-read", with_state(scan_include, state))
    app.connect("doctree-read", with_state(keep_out, state), priority=100)
    app.add_directive("csv-table", GuardedCSVTable, override=True)
