"""``tom-coverage``: the TOM × layer matrix, each cell in words and a symbol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.views.common import ViewDirective, downloads, need_link, table
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


def _cell(app: Sphinx, fromdocname: str, cell: Cell) -> nodes.Node:
    symbol, words = STATE_LABELS[cell.state]
    text = f"{words}: no {', no '.join(cell.missing)}" if cell.missing else words
    inline = nodes.inline(classes=["tom-cell", f"tom-cell-{cell.state}"])
    inline += nodes.inline(symbol, symbol, classes=["tom-cell-symbol"])
    inline += nodes.Text(" ")
    if cell.docname:
        inline += need_link(app.builder, fromdocname, cell.docname, cell.layer_id, text)
    else:
        inline += nodes.Text(text)
    return inline


def render_matrix(app: Sphinx, cov: Coverage, fromdocname: str) -> nodes.Node:
    headers = ["Department", "TOM", *(title for _, title in cov.layers), "Complete"]
    body: list[list[Any]] = []
    for row in cov.rows:
        body.append([
            row.department,
            need_link(app.builder, fromdocname, row.tom_docname, row.tom_id, row.tom_title),
            *(_cell(app, fromdocname, cell) for cell in row.cells),
            f"{row.complete} of {row.applicable}",
        ])
    complete, applicable = cov.column_complete(), cov.column_applicable()
    body.append(["All departments", f"{len(cov.rows)} TOMs",
                 *(f"{c} of {a}" for c, a in zip(complete, applicable, strict=True)),
                 f"{sum(complete)} of {sum(applicable)}"])
    return table(headers, body, caption="Coverage of the framework's layers by the TOMs",
                 classes=["tom-coverage"])


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    cov = coverage(site, department=view.get("department", ""), layer=view.get("layer", ""))
    if not cov.rows:
        return nodes.paragraph(text="No TOMs match.", classes=["tom-empty"])
    container = nodes.container(classes=["tom-view"])
    container += render_matrix(app, cov, fromdocname)
    container += downloads(fromdocname, [("coverage.csv", "coverage (CSV)"),
                                         ("golden-thread.xlsx", "every view (Excel)")])
    return container


VIEWS = {"coverage": (rows, render)}


def setup_coverage(app: Sphinx) -> None:
    app.add_directive("tom-coverage", TomCoverageDirective)
