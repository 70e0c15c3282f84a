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

``tom_navigation_cache = False`` gives the theme back the whole job.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sphinx.environment.adapters.toctree import _get_toctree_ancestors
from sphinx.util.osutil import relative_uri

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


def setup(app: Any) -> dict[str, Any]:
    """The navigation alone, as an extension of a site without tom_ext: the benchmark's
    floor with the same navigation (tom_ext itself does this in ``theme.py``)."""
    if "tom_navigation_cache" not in app.config:
        app.add_config_value("tom_navigation_cache", True, "html", types=(bool,))
    store: dict[tuple[Any, ...], Any] = {}

    def wrap(app: Any, pagename: str, templatename: str, context: dict[str, Any],
             doctree: Any) -> None:
        generate = context.get("generate_toctree_html")
        if generate is not None and app.config.tom_navigation_cache:
            context["generate_toctree_html"] = cached(app, pagename, generate, store)

    app.connect("html-page-context", wrap, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
