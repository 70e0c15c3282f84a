"""``tom-coverage``: the TOM × layer matrix, each cell in words and a symbol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.theme import heading, symbol_node
from tom_ext.sphinx_ext.views.common import (
    ViewDirective,
    bullets,
    downloads,
    need_link,
    table,
)
from tom_ext.views.coverage import STATE_LABELS, Cell, Coverage, coverage


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    cov = coverage(site, department=view.get("department", ""), layer=view.get("layer", ""))
    return [cov.layers, *cov.rows]


class TomCoverageDirective(ViewDirective):
    """The coverage matrix; ``:department:`` and ``:layer:`` restrict it."""

    kind = "coverage"
    option_spec: ClassVar[dict[str, Any]] = {
        "department": directives.unchanged_required,
        "layer": directives.unchanged_required,
    }


#: a cell's word, short enough for a matrix; the page and the legend say it in full
SHORT = {"not-applicable": "N/A"}


def _cell(app: Sphinx, fromdocname: str, cell: Cell) -> nodes.Node:
    """Symbol and a short word; what a partial layer lacks follows for screen readers and
    in the list of gaps under the matrix."""
    symbol, words = STATE_LABELS[cell.state]
    inline = nodes.inline(classes=["tom-cell", f"tom-cell-{cell.state}"])
    inline += symbol_node(symbol, "cell")
    inline += nodes.Text(" ")
    shown = nodes.inline()
    if cell.state in SHORT:
        shown += nodes.abbreviation(SHORT[cell.state], SHORT[cell.state], explanation=words)
    else:
        shown += nodes.Text(words)
    if cell.missing:
        lacks = f": no {', no '.join(cell.missing)}"
        shown += nodes.inline(lacks, lacks, classes=["tom-sr-only"])
    if cell.docname:
        link = need_link(app.builder, fromdocname, cell.docname, cell.layer_id, "")
        link.children = []
        link.extend(shown.children)
        inline += link
    else:
        inline.extend(shown.children)
    return inline


def _group_row(title: str, columns: int) -> nodes.row:
    """A department's name across the matrix, above its TOMs."""
    row = nodes.row(classes=["tom-group"])
    entry = nodes.entry(morecols=columns - 1)
    entry += nodes.paragraph(text=title)
    row += entry
    return row


def render_matrix(app: Sphinx, cov: Coverage, fromdocname: str) -> nodes.Node:
    headers = ["TOM", *(title for _, title in cov.layers), "Complete"]
    body: list[list[Any]] = []
    groups: list[tuple[int, str]] = []
    for row in cov.rows:
        if not groups or groups[-1][1] != row.department:
            groups.append((len(body), row.department))
        body.append([
            need_link(app.builder, fromdocname, row.tom_docname, row.tom_id, row.tom_title),
            *(_cell(app, fromdocname, cell) for cell in row.cells),
            f"{row.complete} of {row.applicable}",
        ])
    complete, applicable = cov.column_complete(), cov.column_applicable()
    body.append([f"All {len(cov.rows)} TOMs",
                 *(f"{c} of {a}" for c, a in zip(complete, applicable, strict=True)),
                 f"{sum(complete)} of {sum(applicable)}"])
    matrix = table(headers, body, caption="Coverage of the framework's layers by the TOMs",
                   classes=["tom-coverage"], stub=True)
    tbody = next(matrix.findall(nodes.tbody))
    for index, title in reversed(groups):
        tbody.insert(index, _group_row(title, len(headers)))
    return matrix


LEGEND = (("complete", "every part is written"),
          ("partial", "something is still to write (listed under the matrix)"),
          ("missing", "the TOM has no page for the layer"),
          ("not-applicable", "does not apply (the layer's page says why)"))


def legend() -> nodes.paragraph:
    para = nodes.paragraph(classes=["tom-legend"])
    para += nodes.strong(text="Key: ")
    for index, (state, meaning) in enumerate(LEGEND):
        symbol, words = STATE_LABELS[state]
        if index:
            para += nodes.Text(" · ")
        cell = nodes.inline(classes=["tom-cell", f"tom-cell-{state}"])
        cell += symbol_node(symbol, "cell")
        cell += nodes.Text(f" {SHORT.get(state, words)}")
        para += cell
        para += nodes.Text(f": {meaning}")
    return para


def gaps(app: Sphinx, cov: Coverage, fromdocname: str) -> nodes.Node:
    """Each partial or missing layer, by TOM, with what it lacks."""
    items = []
    for row in cov.rows:
        for (_key, layer_title), cell in zip(cov.layers, row.cells, strict=True):
            if cell.state not in ("partial", "missing"):
                continue
            para = nodes.paragraph()
            para += need_link(app.builder, fromdocname, row.tom_docname, row.tom_id,
                              row.tom_title)
            para += nodes.Text(" — ")
            lacks = f": no {', no '.join(cell.missing)}" if cell.missing else (
                ": no page for the layer")
            if cell.docname:
                para += need_link(app.builder, fromdocname, cell.docname, cell.layer_id,
                                  layer_title)
            else:
                para += nodes.Text(layer_title)
            para += nodes.Text(f" is {STATE_LABELS[cell.state][1].lower()}{lacks}")
            items.append(para)
    return bullets(items, "None: every layer of every TOM is complete or does not apply.")


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    cov = coverage(site, department=view.get("department", ""), layer=view.get("layer", ""))
    if not cov.rows:
        return nodes.paragraph(text="No TOMs match.", classes=["tom-empty"])
    container = nodes.container(classes=["tom-view"])
    container += legend()
    container += render_matrix(app, cov, fromdocname)
    container += heading("What is still to write", ["tom-gaps-heading"])
    container += gaps(app, cov, fromdocname)
    container += downloads(fromdocname, [("coverage.csv", "coverage (CSV)"),
                                         ("golden-thread.xlsx", "every view (Excel)")])
    return container


VIEWS = {"coverage": (rows, render)}


def setup_coverage(app: Sphinx) -> None:
    app.add_directive("tom-coverage", TomCoverageDirective)
