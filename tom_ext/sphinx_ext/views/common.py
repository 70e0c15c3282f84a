"""The view placeholder node and the docutils helpers every view renders with."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from tom_ext.core.words import short_date
from tom_ext.sphinx_ext.theme import symbol_node

if TYPE_CHECKING:
    from tom_ext.sphinx_ext.domain import TomDomain


class tom_view(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for a view; its ``view`` attribute is a dict with ``kind`` and options."""


class ViewDirective(SphinxDirective):
    """A directive that only records its view and leaves a placeholder, rendered once the
    whole site is known (doctree-resolved). Subclasses name the ``kind`` and options."""

    kind: ClassVar[str] = ""
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def view(self) -> dict[str, Any] | None:
        """The view to record; ``None`` after warning about an unusable one."""
        return {"kind": self.kind, **{k: str(v) for k, v in self.options.items()}}

    def run(self) -> list[nodes.Node]:
        view = self.view()
        if view is None:
            return []
        cast("TomDomain", self.env.get_domain("tom")).add_view(self.env.docname, view)
        node = tom_view(view=view)
        self.set_source_info(node)
        return [node]


def anchor_uri(builder: Builder, fromdocname: str, docname: str, anchor: str) -> str:
    """The address of ``anchor`` on ``docname``'s page, from ``fromdocname``'s. Where the
    whole site is one page (singlehtml: the page's address is itself an anchor,
    ``#document-x``), the anchor alone: IDs are unique on the site."""
    page = builder.get_relative_uri(fromdocname, docname)
    return f"#{anchor}" if "#" in page else f"{page}#{anchor}"


def need_link(builder: Builder, fromdocname: str, docname: str, need_id: str,
              text: str) -> nodes.Node:
    """A link to a need's anchor on its page."""
    if not docname:
        return nodes.Text(text)
    uri = anchor_uri(builder, fromdocname, docname, need_id)
    return nodes.reference("", text, internal=True, refuri=uri)


def titled(builder: Builder, fromdocname: str, docname: str, need_id: str,
           title: str) -> nodes.inline:
    """A need named by its title (the link) with its ID after it in small print."""
    node = nodes.inline(classes=["tom-titled"])
    node += need_link(builder, fromdocname, docname, need_id, title)
    node += nodes.Text(" ")
    node += nodes.inline(need_id, need_id, classes=["tom-id"])
    return node


def date_node(value: str) -> nodes.inline:
    """A date as a table shows it: ``31 Oct 2026``, never broken over two lines."""
    text = short_date(value)
    return nodes.inline(text, text, classes=["tom-date"])


def linked(builder: Builder, fromdocname: str, docname: str, need_id: str, text: str,
           tail: str = "") -> nodes.paragraph:
    """A paragraph: a link to a need, then ``tail``."""
    para = nodes.paragraph()
    para += need_link(builder, fromdocname, docname, need_id, text)
    if tail:
        para += nodes.Text(tail)
    return para


def bullets(paragraphs: Sequence[nodes.paragraph], empty: str) -> nodes.Node:
    """The paragraphs as a bullet list, or ``empty`` when there are none."""
    if not paragraphs:
        return nodes.paragraph(text=empty)
    listing = nodes.bullet_list()
    for para in paragraphs:
        item = nodes.list_item()
        item += para
        listing += item
    return listing


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
          caption: str = "", classes: Sequence[str] = (), stub: bool = False) -> nodes.table:
    """A table with a header row; cells are text or nodes. ``stub``: the first column
    heads each row (a matrix: screen readers name the row with it)."""
    tbl = nodes.table(classes=["tom-table", *classes])
    if caption:
        tbl += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for index, _ in enumerate(headers):
        group += nodes.colspec(colwidth=1, stub=int(stub and index == 0))
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return tbl


def _row(cells: Sequence[Any]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, nodes.Body) and not isinstance(cell, nodes.Inline):
            # a block (a list, a paragraph) stands on its own
            entry += cell
            row += entry
            continue
        para = nodes.paragraph()
        if isinstance(cell, nodes.Node):
            para += cell
        else:
            para += nodes.Text(str(cell))
        entry += para
        row += entry
    return row


def status_node(symbol: str, words: str, status: str) -> nodes.inline:
    """Status as a symbol (hidden from screen readers) and words: never colour alone."""
    node = nodes.inline(classes=["tom-status", f"tom-status-{status or 'none'}"])
    node += symbol_node(symbol, "status")
    node += nodes.Text(" " + words)
    return node


def downloads(fromdocname: str, files: Sequence[tuple[str, str]],
              lead: str = "Download: ") -> nodes.paragraph:
    """"Download: <label> · …" linking files in the site's ``downloads/`` folder."""
    import posixpath

    base = posixpath.dirname(fromdocname)
    para = nodes.paragraph(classes=["tom-downloads"])
    para += nodes.Text(lead)
    for index, (name, label) in enumerate(files):
        if index:
            para += nodes.Text(" · ")
        uri = posixpath.relpath(f"downloads/{name}", base or ".")
        para += nodes.reference("", label, refuri=uri)
    return para
