"""A TOM's layers on the TOM's own page, in the framework's order: each layer's current and
target model and its actions (owner, due, status in words), so a councillor can read a TOM
on one page and print it as a committee paper. Inserted on every TOM page automatically."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.theme import heading
from tom_ext.sphinx_ext.views.cards import due_node
from tom_ext.sphinx_ext.views.common import (
    need_link,
    status_node,
    table,
    titled,
    tom_view,
)
from tom_ext.views.actions import status_label
from tom_ext.views.overview import overview


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    return list(overview(site, view["tom"]))


def placeholder(tom_id: str) -> tom_view:
    return tom_view(view={"kind": "overview", "tom": tom_id})


def _model(label: str, paragraphs: Sequence[str]) -> nodes.Node:
    para = nodes.paragraph(classes=["tom-overview-model"])
    para += nodes.strong(text=f"{label}: ")
    para += nodes.Text(" ".join(paragraphs) or "Not written yet.")
    return para


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    builder = app.builder
    container = nodes.container(classes=["tom-view", "tom-overview"])
    for layer in overview(site, view["tom"]):
        title = heading("", ["tom-overview-layer"])
        if layer.docname:
            title += need_link(builder, fromdocname, layer.docname, layer.layer_id,
                               layer.title)
        else:
            title += nodes.Text(layer.title)
        container += title
        if not layer.layer_id:
            container += nodes.paragraph(text="Missing: this TOM has no page for the layer.")
            continue
        if layer.not_applicable:
            container += _model("Not applicable", [layer.not_applicable])
            continue
        container += _model("Current model", layer.current)
        container += _model("Target model", layer.target)
        if not layer.actions:
            container += nodes.paragraph(text="No actions yet.")
            continue
        cells = []
        for row in layer.actions:
            symbol, words = status_label(row.status)
            cells.append([titled(builder, fromdocname, row.docname, row.id, row.title),
                          row.owner, due_node(row.due, row.days_overdue),
                          status_node(symbol, words, row.status)])
        container += table(["Action", "Owner", "Due", "Status"], cells,
                           caption=f"Route: actions of the {layer.title} layer",
                           classes=["tom-actions", "tom-overview-actions"])
    return container


VIEWS = {"overview": (rows, render)}
