"""sphinx-needs', MyST's and Sphinx's messages about what an author wrote, where tom_ext
knows the cause: dropped where a tom_ext message names it at the line to fix (each mistake
gives one message), or said in tom_ext's words.

The check runs on Sphinx's log records, before they are counted or printed: a filter put
first on Sphinx's warning handler (so also before ``-W`` turns a warning into an error).
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, WarningStreamHandler, get_node_location

from tom_ext.core.blocks import INVISIBLE, OPTION
from tom_ext.core.messages import TomWarning
from tom_ext.sphinx_ext import markup_words
from tom_ext.sphinx_ext.domain import TomDomain

#: (type, subtype) -> whether tom_ext names the cause of such a message at ``(page, line)``
Covered = Callable[["Superseded", str, int, str], bool]


class Superseded(logging.Filter):
    """Drops a third-party warning whose cause a tom_ext message states."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__("tom_ext")
        self.app = app
        self.lines: dict[str, list[str]] = {}
        #: ``(page, line)`` of the record being read, for the rewording of its message
        self.at: tuple[str, int] | None = None
        #: pages a toctree entry was a misspelling of: that they are in no toctree follows
        self.meant_pages: set[str] = set()
        #: the line a rewording found the mistake on, when not the record's own
        self.moved_to: int | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (getattr(record, "type", None), getattr(record, "subtype", None))
        rule, words = RULES.get(kind), REWORDED.get(kind)  # type: ignore[arg-type]
        if rule is None and words is None:
            return True
        message = record.msg % record.args if record.args else str(record.msg)
        place = self.at = self.place(getattr(record, "location", None))
        if rule is not None and place is not None and rule(self, *place, message):
            return False
        self.moved_to = None
        said = words(self, message) if words is not None else None
        if said is not None:
            if place is not None and self.moved_to:
                record.location = (place[0], self.moved_to)  # type: ignore[attr-defined]
            record.msg, record.args = said[1], ()
            record.type, record.subtype = "tom", said[0].value  # type: ignore[attr-defined]
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True

    def place(self, location: object) -> tuple[str, int] | None:
        """``(page, line)`` of a record's location, whichever form it was given in."""
        if isinstance(location, nodes.Node):
            location = get_node_location(location)
        if isinstance(location, tuple) and len(location) == 2:
            docname, line = location
            return (docname, int(line)) if isinstance(docname, str) and line else None
        if isinstance(location, str) and location in self.app.env.found_docs:
            return location, 0  # a whole page (line 0): "no toctree lists it"
        if isinstance(location, str):
            path, _, line = location.rpartition(":")
            docname = self.app.env.path2doc(path) if path else None
            return (docname, int(line)) if docname and line.isdigit() else None
        return None

    def source(self, docname: str) -> list[str]:
        """The page's lines as written (read once)."""
        if docname not in self.lines:
            try:
                text = Path(self.app.env.doc2path(docname)).read_text(encoding="utf-8",
                                                                       errors="replace")
            except OSError:
                text = ""
            self.lines[docname] = text.splitlines()
        return self.lines[docname]

    def line_at(self) -> str:
        """The line as written where the record being read points ("" if nowhere)."""
        if self.at is None:
            return ""
        lines = self.source(self.at[0])
        return lines[self.at[1] - 1] if 0 < self.at[1] <= len(lines) else ""

    def relative(self, path: str) -> str:
        """A path a message names, from the site's root (as every finding is)."""
        try:
            return Path(path).resolve().relative_to(
                Path(self.app.confdir or self.app.srcdir).resolve()).as_posix()
        except ValueError:
            return path

    def options_from(self, docname: str, line: int) -> list[str]:
        """The option lines of the directive whose fence is at ``line`` (1-based)."""
        lines = self.source(docname)
        found = []
        for text in lines[line:]:
            if not OPTION.match(text):
                break
            found.append(text)
        return found


def _pasted_options(self: Superseded, docname: str, line: int, message: str) -> bool:
    """MyST cannot read options with a pasted space in them: tom.pasted_character says
    which character, where."""
    lines = self.source(docname)
    near = lines[max(0, line - 30):line + 1]
    return "Invalid options format" in message and any(
        char in text for text in near for char in INVISIBLE)


def _id_written(self: Superseded, docname: str, line: int, message: str) -> bool:
    """"No ID defined" of a need whose ID is written: its options were lost (a pasted
    character, a blank line), which tom_ext reports at their line."""
    if "No ID defined" not in message:
        return False
    block = []
    for text in self.source(docname)[line:line + 40]:
        if text.strip().startswith("```"):  # its closing fence: the next need's ID is not its
            break
        block.append(text)
    return any(OPTION.match(text) and text.strip().startswith(":id:") for text in block)


def _meant_page(self: Superseded, docname: str, line: int, message: str) -> bool:
    """A page no toctree lists because a toctree misspelt it: that message says so."""
    return docname in self.meant_pages


def _prose_link(self: Superseded, docname: str, line: int, message: str) -> bool:
    """A ``{need}`` link to no need: tom.unknown_link says it, with the ID meant."""
    return "not found" in message


RULES: dict[tuple[str, str | None], Covered] = {
    ("myst", "directive_option"): _pasted_options,
    ("needs", "create_need"): _id_written,
    ("needs", "link_ref"): _prose_link,
    ("toc", "not_included"): _meant_page,
    ("docutils", None): markup_words.footnote_counted,
}


def _gone_page(self: Superseded, message: str) -> tuple[TomWarning, str] | None:
    """A toctree that lists a page which is gone, and which defined needs."""
    found = re.search(r"non-?existing document '([^']+)'", message)
    if not found:
        return None
    page = found.group(1)
    ids = sorted(need_id for need_id, path in TomDomain.of(self.app.env).known_ids.items()
                 if Path(path).with_suffix("").as_posix().endswith(page))
    if not ids:
        return None
    named = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    return TomWarning.GONE_TARGET, (
        f"this toctree lists the page {page}, which is gone (it defined {named}) — remove "
        "this line, or restore the page")


def _toctree_target(self: Superseded, message: str) -> tuple[TomWarning, str] | None:
    gone = _gone_page(self, message)
    if gone is not None:
        return gone
    found = re.search(r"non-?existing document '([^']+)'", message)
    if not found:
        return None
    page = found.group(1)
    self.moved_to = _entry_line(self, page)
    folder = page.rpartition("/")[0]
    near = difflib.get_close_matches(page, [doc for doc in self.app.env.found_docs
                                            if doc.rpartition("/")[0] == folder], n=1)
    if near:
        self.meant_pages.add(near[0])
        return TomWarning.BROKEN_LINK, (
            f"this toctree lists {page}, a page that does not exist — did you mean "
            f"{near[0].rpartition('/')[2]}? correct the line")
    return TomWarning.BROKEN_LINK, (f"this toctree lists {page}, a page that does not "
                                    "exist — create the page, or remove this line")


def _entry_line(self: Superseded, page: str) -> int | None:
    """The line of the toctree, below the record's, that names ``page``."""
    if self.at is None:
        return None
    name = page.rpartition("/")[2]
    lines = self.source(self.at[0])
    for number in range(self.at[1], min(len(lines), self.at[1] + 200) + 1):
        text = lines[number - 1].strip()
        if text.removesuffix(".md") == name or text.endswith((f"<{name}>", f"<{name}.md>")):
            return number
    return None


def _not_in_toctree(self: Superseded, message: str) -> tuple[TomWarning, str] | None:
    if "isn't included in any toctree" not in message:
        return None
    return TomWarning.NOT_IN_TOCTREE, (
        "no page lists this page in its table of contents, so readers cannot reach it — add "
        "it to the toctree of the page above it (a TOM's index.md lists its layer pages), or "
        "delete the page")


def _front_matter(self: Superseded, message: str) -> tuple[TomWarning, str] | None:
    if "Malformed YAML" not in message:
        return None
    return TomWarning.FRONT_MATTER, (
        "the front matter between the two --- lines at the top of the page is not valid YAML "
        "— check for an unclosed bracket or quote, or remove the block")


def _broken_link(self: Superseded, message: str) -> tuple[TomWarning, str] | None:
    page = re.search(r"cross-reference target not found: '([^']*\.md[^']*)'", message)
    if page:
        return TomWarning.BROKEN_LINK, (
            f"the link to '{page.group(1)}' names a page that does not exist — write the path "
            "of a .md file of the site, relative to this page")
    here = re.search(r"'myst' cross-reference target not found: '([^']+)'", message)
    if here and f"(#{here.group(1)})" not in self.line_at():
        return TomWarning.BROKEN_LINK, (
            f"the link to '{here.group(1)}' names no page or heading of the site — write the "
            "path of a .md file relative to this page, or #heading for a heading of it")
    if here:
        return TomWarning.BROKEN_LINK, (
            f"the link to #{here.group(1)} names no heading of this page — the part after # "
            "is a heading in lower-case words joined by hyphens, e.g. #target-operating-model")
    heading = re.search(r"local id not found in doc '([^']+)': '([^']+)'", message)
    if heading:
        return TomWarning.BROKEN_LINK, (
            f"the link to {heading.group(1)}#{heading.group(2)} names no heading of that page "
            "— the part after # is a heading in lower-case words joined by hyphens, e.g. "
            "#target-operating-model")
    return None


#: (type, subtype) -> the message in tom_ext's words, when it knows the cause
REWORDED: dict[tuple[str, str | None], Callable[[Superseded, str],
                                         tuple[TomWarning, str] | None]] = {
    ("toc", "not_readable"): _toctree_target,
    ("toc", "not_included"): _not_in_toctree,
    ("myst", "topmatter"): _front_matter,
    ("myst", "xref_missing"): _broken_link,
    ("myst", "directive_unknown"): markup_words.unknown_block,
    ("myst", "role_unknown"): markup_words.unknown_role,
    ("myst", "header"): markup_words.heading_level,
    ("docutils", None): markup_words.docutils_words,
    ("ref", "ref"): markup_words.missing_label,
    ("ref", "doc"): markup_words.missing_label,
    ("image", "not_readable"): markup_words.missing_image,
    ("needs", "directive"): markup_words.need_title,
    ("needs", "create_need"): markup_words.need_id,
}


def install(app: Sphinx) -> None:
    """builder-inited: the filter first on Sphinx's warning handler."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler) and not any(
                isinstance(f, Superseded) for f in handler.filters):
            handler.filters.insert(0, Superseded(app))


def setup_translate(app: Sphinx) -> None:
    app.connect("builder-inited", install)
