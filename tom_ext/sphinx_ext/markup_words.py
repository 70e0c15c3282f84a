"""MyST's, docutils' and Sphinx's messages about Markdown an author mistyped (a block or
role name, a skipped heading level, a footnote with no note, a missing file or label), in
tom_ext's words: what is wrong at the line, and what to write instead."""

from __future__ import annotations

import difflib
import re
from typing import Protocol

from docutils.parsers.rst import directives, roles
from sphinx.application import Sphinx

from tom_ext.core.ids import action_stem, next_action_id, written_ids
from tom_ext.core.messages import TomWarning

Said = tuple[TomWarning, str] | None


class Superseded(Protocol):
    """What the rewording needs of the log filter (``translate.Superseded``)."""

    app: Sphinx
    at: tuple[str, int] | None

    def source(self, docname: str) -> list[str]: ...

    def line_at(self) -> str: ...

    def relative(self, path: str) -> str: ...

def _closest(name: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(name.lower(), sorted(set(known)), n=1, cutoff=0.6)
    return found[0] if found else None


def _directive_names() -> list[str]:
    """Every block name known while the site is read (a need type is one)."""
    return [*directives._directives, *directives._directive_registry]


def _role_names(self: Superseded) -> list[str]:
    std = self.app.env.domains.standard_domain
    return ["need", *std.roles, *roles._roles, *roles._role_registry]


def unknown_block(self: Superseded, message: str) -> Said:
    found = re.search(r"Unknown directive type: '([^']+)'", message)
    if not found:
        return None
    name = found.group(1)
    meant = _closest(name, _directive_names())
    fix = f"did you mean ```{{{meant}}}?" if meant else (
        "check its name in the handbook's page on writing a TOM")
    return TomWarning.UNKNOWN_MARKUP, (
        f"```{{{name}}} is not a kind of block Golden Thread knows — {fix}")


def unknown_role(self: Superseded, message: str) -> Said:
    found = re.search(r'Unknown interpreted text role "([^"]+)"', message)
    if not found:
        return None
    name = found.group(1)
    meant = _closest(name, _role_names(self))
    fix = f"did you mean {{{meant}}}`…`?" if meant else (
        "to link to a need write {need}`ID`; to a page, [words](page.md)")
    return TomWarning.UNKNOWN_MARKUP, f"{{{name}}}`…` is not a role Golden Thread knows — {fix}"


def heading_level(self: Superseded, message: str) -> Said:
    found = re.search(r"H(\d) to H(\d)", message)
    if not found:
        return None
    above, here = (int(level) for level in found.groups())
    return TomWarning.HEADING_LEVEL, (
        f"this heading jumps from level {above} ({'#' * above}) to level {here} "
        f"({'#' * here}) — make it {'#' * (above + 1)} (level {above + 1}): readers using a "
        "screen reader move through a page by its heading levels")


def docutils_words(self: Superseded, message: str) -> Said:
    """docutils' own messages (no subtype): a footnote with no note, a missing include."""
    note = re.search(r'Unknown target name: "([^"]+)"', message)
    if note:
        name = note.group(1)
        return TomWarning.BROKEN_LINK, (
            f"the footnote [^{name}] has no note — add a line '[^{name}]: the note' to the "
            f"page, or remove [^{name}]")
    twice = re.search(r'Duplicate explicit target name: "([^"]+)"', message)
    if twice:
        return TomWarning.DUPLICATE_ID, (
            f"the label ({twice.group(1)})= is written twice — give each its own name, or "
            "remove one")
    missing = re.search(r'Directive "(\w+)": file not found: \'([^\']+)\'', message)
    if missing:
        path = self.relative(missing.group(2))
        return TomWarning.BROKEN_LINK, (
            f"the file to {missing.group(1)}, {path}, does not exist — write its path "
            "relative to this page, or remove the block")
    return None


def missing_image(self: Superseded, message: str) -> Said:
    found = re.search(r"image file not readable: (.+)$", message)
    if not found:
        return None
    srcdir = self.app.srcdir
    path = self.relative(str(srcdir / found.group(1)))
    return TomWarning.BROKEN_LINK, (
        f"the image {path} does not exist — put the file there, or correct its path "
        "(relative to this page)")


def need_title(self: Superseded, message: str) -> Said:
    """A need written with no title after its block's name."""
    if "No title given" not in message:
        return None
    block = re.match(r"\s*(`{3,}|:{3,})\{([\w-]+)\}", self.line_at())
    name = block.group(2) if block else "action"
    return TomWarning.MISSING_FIELD, (
        f"this {name} has no title — write it on the same line, after ```{{{name}}}, e.g. "
        f"```{{{name}}} Open the library on Saturdays")


def need_id(self: Superseded, message: str) -> Said:
    """A need written with no ``:id:`` (sphinx-needs drops it: it is on no page, in no
    matrix); an action's message gives the next free ID of its layer page."""
    if "No ID defined" not in message:
        return None
    block = re.match(r"\s*(`{3,}|:{3,})\{([\w-]+)\}", self.line_at())
    name = block.group(2) if block else "need"
    example = _next_action_id(self.source(self.at[0])) if name == "action" and self.at \
        else None
    fix = (f"e.g. ':id: {example}', the next free ID of this layer page" if example else
           "in capitals, following the pattern of the other IDs of its kind")
    return TomWarning.MISSING_FIELD, (
        f"this {name} has no :id:, so it is left out of the site — add a line ':id: …' "
        f"under ```{{{name}}}, {fix}")


def _next_action_id(lines: list[str]) -> str | None:
    """The next action ID of a layer page, from the IDs written in it."""
    text = "\n".join(lines)
    layer = next((found for found in written_ids(text) if found.startswith("LYR_")), None)
    parts = layer.split("_") if layer else []
    if len(parts) != 3:
        return None
    return next_action_id(action_stem(parts[1], parts[2]), written_ids(text))


def missing_label(self: Superseded, message: str) -> Said:
    label = re.search(r"undefined label: '([^']+)'", message)
    if label:
        std = self.app.env.domains.standard_domain
        meant = _closest(label.group(1), list(std.labels))
        fix = f"did you mean {{ref}}`{meant}`?" if meant else (
            f"write '({label.group(1)})=' on the line above the heading it names")
        return TomWarning.BROKEN_LINK, (
            f"the link {{ref}}`{label.group(1)}` names no label of the site — {fix}")
    page = re.search(r"unknown document: '([^']+)'", message)
    if page:
        return TomWarning.BROKEN_LINK, (
            f"the link {{doc}}`{page.group(1)}` names a page that does not exist — write "
            "the page's path without .md, relative to this page (or from the site's root "
            "with a leading /)")
    return None


def footnote_counted(self: Superseded, docname: str, line: int, message: str) -> bool:
    """docutils counts the footnotes a footnote with no note lacks: the note's own message
    (reworded by :func:`docutils_words`) says it at the same line."""
    return "autonumbered footnote references" in message and "[^" in (
        self.source(docname)[line - 1] if 0 < line <= len(self.source(docname)) else "")
