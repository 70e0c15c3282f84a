"""The section navigation (the theme's left sidebar), made once per section for a whole build.

pydata-sphinx-theme 0.24 renders the sidebar of every page from a BeautifulSoup tree: a
fresh one for the first page of each folder, then, for the others in that folder, a copy
whose "current page" markers are moved and which is serialised again. The sidebar lists
every page of the section to three levels, so each page costs time in proportion to the
size of the section: a 50-TOM council spent about 60 % of a plain-Sphinx build there, and a
150-TOM one (1,500 pages in one section) more. No library does this more cheaply, and the
theme offers no hook, so tom_ext keeps the sidebar the theme made for the first page of a
section as a template of text pieces and gives every other page its copy by string slicing:
the links are re-pointed once per folder and the page's own markers are written in at
offsets found once. The markup is the theme's, byte for byte (``tests/test_navigation.py``
compares every page of a site with the theme's own); anything this does not recognise
(other theme options, a page not in the section's tree) is left to the theme.

The templates also outlast the build. A rebuild after one status change writes a handful of
pages, and the first page of each section would pay the theme's full render again (about a
second of a ten-second rebuild at 150 TOMs), so the build that ends well keeps its templates
beside the doctrees (``tom-navigation.pickle``) with a digest of everything a sidebar is made
from: each page's part of the navigation (its table of contents with its toctrees, its title,
its ``tocdepth`` and what it includes), the set of pages, the settings, the builder, the
tags, the section numbers, the extensions' versions and tom_ext's own files. The next build
starts from them only when that digest is the same; anything else (a digest that differs, a
file that cannot be read or comes from another version of tom_ext, an environment other than
the one the file was written with) starts from none. Each page's part is hashed only when
the page is read again (at 150 TOMs hashing every page would cost about 0.1 s a build); the
file keeps the other pages' hashes, and is trusted only with the environment it was written
with (its size and time, as the quiet record does).

``tom_navigation_cache = False`` gives the theme back the whole job.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docutils
import sphinx
from docutils import nodes
from sphinx.application import ENV_PICKLE_FILENAME
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import _get_toctree_ancestors
from sphinx.util._serialise import stable_hash
from sphinx.util.osutil import relative_uri

from tom_ext.core.stamps import code_stamp, file_stamp
from tom_ext.core.whole_files import written_whole
from tom_ext.sphinx_ext.navigation_workers import Templates, forget_made, take_made

# The sidebar's own markup (pydata-sphinx-theme's toctree.py over Sphinx's HTML writer),
# one alternative per tag that carries a "current page" marker.
_TAGS = re.compile(
    r'(?P<li><li class="toctree-l\d+)(?P<li_current> current active)?'
    r'|<a (?P<a_current>aria-current="page" class="current )?'
    r'(?(a_current)|class=")reference internal" href="(?P<href>[^"]*)">'
    r'|(?P<details><details)(?P<details_open> open="open")?>'
    r'|(?P<ul><ul)(?: class="(?P<ul_current>current ?)?(?P<ul_rest>[^"]*)")?>'
    r'|(?P<close></ul>|</li>|</details>)')

# what must be gone once the page's own markers are taken out
_LEFT_OVER = re.compile(r'class="(?:[^"]* )?(?:current|active)[ "]|aria-current|<details open')

_CURRENT_ANCHOR = '<a aria-current="page" class="current reference internal" href="#">'


@dataclass
class _Entry:
    """One ``<li>`` of the tree: where its markers go, and what it sits in."""

    li: int  # mark: after 'toctree-lN'
    parent: _Entry | None  # the entry whose sub-tree holds it
    ul: int | None  # mark: after '<ul' of the list it sits in
    details: int | None = None  # mark: after '<details' (its own sub-tree)


@dataclass
class _Template:
    """A sidebar as literal pieces between slots: ``pieces[i]`` then slot ``i``."""

    pieces: list[str]
    slots: list[tuple[str, Any]]  # ("href", target URI) or ("mark", None)
    anchors: dict[str, list[tuple[int, int]]]  # target URI -> (href slot, entry id)
    entries: list[_Entry]
    rendered: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    """per folder: the text with its links, and the offset of each slot in it"""

    def for_folder(self, page_uri: str) -> tuple[str, list[int]]:
        folder = posixpath.dirname(page_uri)
        done = self.rendered.get(folder)
        if done is None:
            # links as from any page of the folder (the page's own is replaced by "#")
            base = posixpath.join(folder, "\0")
            prefixes: dict[str, str] = {}  # target folder -> the way there from this one
            parts: list[str] = []
            offsets: list[int] = []
            length = 0
            for piece, (kind, value) in zip(self.pieces, self.slots, strict=False):
                parts.append(piece)
                length += len(piece)
                offsets.append(length)
                if kind == "href":
                    href = _relative(base, value, prefixes)
                    parts.append(href)
                    length += len(href)
            parts.append(self.pieces[-1])
            done = self.rendered[folder] = ("".join(parts), offsets)
        return done

    def render(self, page_uri: str) -> str | None:
        """This page's sidebar, or None when the page has no entry in it."""
        found = self.anchors.get(page_uri)
        if not found:
            return None
        text, offsets = self.for_folder(page_uri)
        edits: list[tuple[int, int, str]] = []
        marks: dict[int, str] = {}  # slot -> what goes there
        for slot, entry_id in found:
            # the anchor's opening tag, from '<a ' to the end of its href="…">
            href_at = offsets[slot]
            start = text.rfind("<a ", 0, href_at)
            end = text.index('">', href_at) + 2
            edits.append((start, end, _CURRENT_ANCHOR))
            # the entry, the entries above it, and the lists that hold each of them
            entry: _Entry | None = self.entries[entry_id]
            while entry is not None:
                marks[entry.li] = " current active"
                if entry.ul is not None:
                    marks[entry.ul] = "ul"
                if entry.details is not None:
                    marks[entry.details] = ' open="open"'
                entry = entry.parent
        for mark, value in marks.items():
            at = offsets[mark]
            if value == "ul":  # '<ul' then '>' or ' class="…'
                if text.startswith(' class="', at):
                    edits.append((at + 8, at + 8, "current "))
                else:
                    edits.append((at, at, ' class="current"'))
            else:
                edits.append((at, at, value))
        edits.sort()
        out: list[str] = []
        done = 0
        for start, end, value in edits:
            out += [text[done:start], value]
            done = end
        out.append(text[done:])
        return "".join(out)

    def __getstate__(self) -> dict[str, Any]:
        """Kept on disk without the folders' texts: each is as long as the sidebar, and
        is made again at its folder's first page."""
        return {**self.__dict__, "rendered": {}}


def _relative(base: str, target: str, prefixes: dict[str, str]) -> str:
    """Sphinx's ``relative_uri(base, target)``, worked out once per target folder: a
    section's sidebar links thousands of pages in a few hundred folders."""
    folder, _, name = target.rpartition("/")
    prefix = prefixes.get(folder)
    if prefix is None:
        # the way to a file of that folder whose name no page has, less the name
        probe = f"{folder}/\1" if folder else "\1"
        prefix = prefixes[folder] = relative_uri(base, probe)[:-1]
    return prefix + name


def template(markup: str, page_uri: str) -> _Template | None:
    """Take apart the sidebar the theme made for the page at ``page_uri``: its markers
    removed, its links made absolute, the places of every marker noted. None when the
    markup is not what this module knows (the theme is then left to do every page)."""
    parser = _Parser(markup, page_uri)
    for match in _TAGS.finditer(markup):
        if not parser.take(match):
            return None
    return parser.finish()


class _Parser:
    """The state of :func:`template` as it walks the sidebar's tags in order."""

    def __init__(self, markup: str, page_uri: str) -> None:
        self.markup, self.page_uri = markup, page_uri
        self.folder = posixpath.dirname(page_uri)
        self.pieces: list[str] = []
        self.slots: list[tuple[str, Any]] = []
        self.anchors: dict[str, list[tuple[int, int]]] = {}
        self.entries: list[_Entry] = []
        self.stack: list[str] = []  # the open elements
        self.uls: list[int] = []  # the open <ul>s (their slots)
        self.current: list[int] = []  # the open <li>s (their entries)
        self.done = 0
        self.pending = ""  # text that replaces what was removed at the last cut

    def cut(self, end: int, slot: tuple[str, Any]) -> int:
        """A piece up to ``end`` of the markup, then a slot; returns the slot."""
        self.pieces.append(self.pending + self.markup[self.done:end])
        self.pending = ""
        self.slots.append(slot)
        return len(self.slots) - 1

    def take(self, match: re.Match[str]) -> bool:
        """One tag; False when it is not what this module knows."""
        if match.group("li"):
            return self._li(match)
        if match.group("href") is not None:
            return self._href(match)
        if match.group("details"):
            return self._details(match)
        if match.group("ul"):
            return self._ul(match)
        return self._close(match.group("close")[2:-1])

    def _li(self, match: re.Match[str]) -> bool:
        slot = self.cut(match.end("li"), ("mark", None))
        parent = self.entries[self.current[-1]] if self.current else None
        self.entries.append(_Entry(li=slot, parent=parent,
                                   ul=self.uls[-1] if self.uls else None))
        self.current.append(len(self.entries) - 1)
        self.stack.append("li")
        self.done = match.end()
        return True

    def _href(self, match: re.Match[str]) -> bool:
        href = match.group("href")
        if not self.current:
            return False
        if match.group("a_current"):
            target = self.page_uri
        elif not href or "#" in href or ":" in href or href.startswith("/"):
            return False
        else:
            target = posixpath.normpath(posixpath.join(self.folder, href))
        slot = self.cut(match.start(), ("href", target))
        self.pieces[-1] += '<a class="reference internal" href="'
        self.anchors.setdefault(target, []).append((slot, self.current[-1]))
        self.done = match.end() - 2  # '">' is the next piece's
        return True

    def _details(self, match: re.Match[str]) -> bool:
        if not self.current or self.entries[self.current[-1]].details is not None:
            return False
        self.entries[self.current[-1]].details = self.cut(match.end("details"),
                                                          ("mark", None))
        self.stack.append("details")
        self.done = match.end() - 1  # '>' is the next piece's
        return True

    def _ul(self, match: re.Match[str]) -> bool:
        self.uls.append(self.cut(match.end("ul"), ("mark", None)))
        rest = match.group("ul_rest")
        self.pending = f' class="{rest}">' if rest else ">"
        self.stack.append("ul")
        self.done = match.end()
        return True

    def _close(self, tag: str) -> bool:
        if not self.stack or self.stack[-1] != tag:
            return False
        self.stack.pop()
        if tag == "li":
            self.current.pop()
        elif tag == "ul":
            self.uls.pop()
        return True

    def finish(self) -> _Template | None:
        if self.stack:
            return None
        self.pieces.append(self.pending + self.markup[self.done:])
        if _LEFT_OVER.search("".join(self.pieces)):
            return None  # a "current" marker this module does not know: the theme's job
        return _Template(self.pieces, self.slots, self.anchors, self.entries)


def section(app: Any, pagename: str, startdepth: int) -> str | None:
    """The page that heads the sidebar of ``pagename`` (as the theme finds it)."""
    ancestors = [*_get_toctree_ancestors(app.env.toctree_includes, pagename)]
    return ancestors[-startdepth] if len(ancestors) >= startdepth else None


def cached(app: Any, pagename: str, theirs: Callable[..., Any],
           store: dict[tuple[Any, ...], Any]) -> Callable[..., Any]:
    """The theme's ``generate_toctree_html`` for one page, answering sidebars from the
    section's template where it can; ``store`` keeps the templates for the whole build."""

    def generate(kind: str, startdepth: int = 1, show_nav_level: int = 1,
                 **kwargs: Any) -> Any:
        if (kind != "sidebar" or int(show_nav_level) != 1 or kwargs.get("collapse", True)
                or startdepth < 1):
            return theirs(kind, startdepth, show_nav_level, **kwargs)
        head = section(app, pagename, startdepth)
        page_uri = app.builder.get_target_uri(pagename)
        if head is None or not page_uri or page_uri.endswith("/"):
            return theirs(kind, startdepth, show_nav_level, **kwargs)
        key = (head, startdepth, tuple(sorted(kwargs.items())))
        if key in store:
            found = store[key]
            mine = found.render(page_uri) if found is not None else None
            if mine is not None:
                return mine
            return theirs(kind, startdepth, show_nav_level, **kwargs)
        markup = str(theirs(kind, startdepth, show_nav_level, **kwargs))
        store[key] = template(markup, page_uri)
        return markup

    return generate


STORE_FILE = "tom-navigation.pickle"
#: the file's layout and how a page's part is hashed: another value is another version
_FORMAT = 1


@dataclass
class NavigationStore:
    """The section templates of one application's builds, and what they were made from.

    Lifetime: one per application (``BuildState.navigation``); :meth:`connect` has
    ``builder-inited`` take the page hashes the last build left in the file,
    ``write-started`` keep the templates only if nothing they are made from changed, and
    ``build-finished`` write them back when the build ended well."""

    templates: dict[tuple[Any, ...], _Template | None] = field(default_factory=dict)
    """Each section's template by (head, start depth, the theme's arguments); None where
    the theme does every page."""
    documents: dict[str, str] = field(default_factory=dict)
    """docname -> hash of its part of the navigation, for every page of the environment."""
    digest: str = ""
    """What ``templates`` were made from ("" before a build has worked it out)."""
    in_file: bool = False
    """The templates of ``digest`` are in the file, not loaded yet."""
    reading: list[str] = field(default_factory=list)
    """The pages this build reads: ``env-before-read-docs``'s own list, which other
    listeners may still change."""
    code: str = ""
    """tom_ext's own files, as of ``builder-inited``."""
    kept: tuple[Any, ...] = ()
    """What the file holds (its digest, environment and sections): no need to write it."""

    def connect(self, app: Any) -> None:
        app.connect("builder-inited", self.recall)
        app.connect("env-before-read-docs", self.note_reading)
        app.connect("write-started", self.start_from_kept)
        app.connect("build-finished", self.keep)

    def recall(self, app: Any) -> None:
        """builder-inited: the page hashes the last build kept, if it ran on the
        environment this build starts from, with this tom_ext."""
        self.templates, self.documents, self.digest, self.in_file = {}, {}, "", False
        self.kept = ()
        if not _keeps(app):
            return
        self.code = code_stamp()
        header = _read_header(Path(app.doctreedir) / STORE_FILE)
        if (header is None or header["code"] != self.code
                or header["environment"] != _environment_stamp(app)):
            return
        self.documents, self.digest, self.in_file = header["documents"], header["digest"], True
        self.kept = (self.digest, header["environment"], frozenset(header["sections"]))

    def note_reading(self, app: Any, env: BuildEnvironment, docnames: list[str]) -> None:
        """env-before-read-docs: the pages whose part must be hashed again."""
        self.reading = docnames

    def start_from_kept(self, app: Any, builder: Any) -> None:
        """write-started: the templates kept, if the navigation is what they were made
        from; none otherwise, nor when every page was read again (``tom build -E``, a
        build after warnings, new settings: the way to start afresh, and a long build)."""
        if not _keeps(app):
            return
        env = app.env
        for docname in self.documents.keys() - env.all_docs.keys():
            del self.documents[docname]
        read = set(self.reading) & env.all_docs.keys()
        for docname in read | (env.all_docs.keys() - self.documents.keys()):
            self.documents[docname] = _document_digest(env, docname)
        self.reading = []
        digest = _navigation_digest(app, self.code, self.documents)
        if digest != self.digest or len(read) == len(env.all_docs):
            self.templates = {}
        elif self.in_file:
            self.templates = _read_templates(Path(app.doctreedir) / STORE_FILE)
        self.digest, self.in_file = digest, False
        # what -j N writers make comes back through files (navigation_workers.py)
        forget_made(Path(app.doctreedir))
        self.templates = Templates(self.templates, Path(app.doctreedir))

    def keep(self, app: Any, exception: BaseException | None) -> None:
        """build-finished: the templates and what they were made from, for the next build
        (written whole under another name, then put in place)."""
        if exception is not None or not _keeps(app) or not self.digest:
            forget_made(Path(app.doctreedir))
            return
        take_made(Path(app.doctreedir), self.templates)
        environment = _environment_stamp(app)
        kept = (self.digest, environment, frozenset(self.templates))
        if kept == self.kept:
            return
        header = {"format": _FORMAT, "code": self.code, "environment": environment,
                  "documents": self.documents, "digest": self.digest,
                  "sections": list(self.templates)}
        with written_whole(Path(app.doctreedir) / STORE_FILE) as partial, \
                partial.open("wb") as file:
            pickle.dump(header, file, pickle.HIGHEST_PROTOCOL)
            pickle.dump(dict(self.templates), file, pickle.HIGHEST_PROTOCOL)
        self.kept = kept


def _keeps(app: Any) -> bool:
    """This build's sidebars are the cache's: an HTML builder, the setting on."""
    return bool(app.config.tom_navigation_cache) and isinstance(app.builder,
                                                                StandaloneHTMLBuilder)


def _read_header(path: Path) -> dict[str, Any] | None:
    """The file's first part, or None when there is none of this version."""
    try:
        with path.open("rb") as file:
            header = pickle.load(file)
    except Exception:  # a file cut short or from elsewhere fails in many ways: none kept
        return None
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        return None
    shapes = {"code": str, "environment": list, "documents": dict, "digest": str,
              "sections": list}
    if not all(isinstance(header.get(key), kind) for key, kind in shapes.items()):
        return None
    return header


def _read_templates(path: Path) -> dict[tuple[Any, ...], _Template | None]:
    """The file's second part, or none when it cannot be read."""
    try:
        with path.open("rb") as file:
            pickle.load(file)  # the header, read at builder-inited
            templates = pickle.load(file)
    except Exception:  # as in _read_header
        return {}
    if not isinstance(templates, dict) or not all(
            isinstance(key, tuple) and (value is None or isinstance(value, _Template))
            for key, value in templates.items()):
        return {}
    return templates


def _document_digest(env: BuildEnvironment, docname: str) -> str:
    """A hash of one page's part of every sidebar: its table of contents (with its
    toctrees: entries, captions, hidden, numbered, depth, glob results), its title, its
    ``tocdepth`` and the pages it includes."""
    parts = [repr(env.metadata.get(docname, {}).get("tocdepth")),
             repr(env.toctree_includes.get(docname))]
    for tree in (env.tocs.get(docname), env.titles.get(docname)):
        parts.append("tree")
        if tree is not None:
            _flatten(tree, parts)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _flatten(node: nodes.Node, into: list[str]) -> None:
    """Every element with its attributes and every text of ``node``, in order (a third of
    the time of docutils' ``pformat``)."""
    if isinstance(node, nodes.Text):
        into.append(f"t{node}")
        return
    assert isinstance(node, nodes.Element)
    into.append(f"e{node.tagname}{sorted(node.attributes.items())!r}")
    for child in node.children:
        _flatten(child, into)
    into.append("/")


def _navigation_digest(app: Any, code: str, documents: dict[str, str]) -> str:
    """Everything the sidebars are made from: the pages' parts, and what the pages do not
    hold (the settings that rebuild pages or the environment, the builder and its link
    style, the tags of ``only``, section numbers, the versions of Sphinx, docutils and
    every extension, the theme's too, and tom_ext's own files)."""
    builder = app.builder
    settings = {value.name: value.value for value in app.config.filter({"html", "env"})}
    outside = [_FORMAT, code, sphinx.__version__, docutils.__version__,
               sorted((name, str(extension.version))
                      for name, extension in app.extensions.items()),
               builder.name, builder.out_suffix, builder.link_suffix,
               stable_hash(settings), stable_hash(sorted(builder.tags)),
               sorted(app.env.toc_secnumbers.items())]
    digest = hashlib.sha256(repr(outside).encode())
    for docname in sorted(documents):
        digest.update(f"\0{docname}\1{documents[docname]}".encode())
    return digest.hexdigest()


def _environment_stamp(app: Any) -> list[int]:
    """The environment file's size and time: the page hashes kept hold for it alone."""
    return file_stamp(Path(app.doctreedir) / ENV_PICKLE_FILENAME)


def setup(app: Any) -> dict[str, Any]:
    """The navigation alone, as an extension of a site without tom_ext: the benchmark's
    floor with the same navigation (tom_ext itself does this in ``theme.py``)."""
    if "tom_navigation_cache" not in app.config:
        app.add_config_value("tom_navigation_cache", True, "html", types=(bool,))
    store = NavigationStore()
    store.connect(app)

    def wrap(app: Any, pagename: str, templatename: str, context: dict[str, Any],
             doctree: Any) -> None:
        generate = context.get("generate_toctree_html")
        if generate is not None and app.config.tom_navigation_cache:
            context["generate_toctree_html"] = cached(app, pagename, generate,
                                                      store.templates)

    app.connect("html-page-context", wrap, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
