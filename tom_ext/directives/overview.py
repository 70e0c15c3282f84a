"""A TOM's layers on the TOM's own page, in the framework's order: each layer's current and
target model and its actions (owner, due, status in words), so a councillor can read a TOM
on one page and print it as a committee paper. Inserted on every TOM page automatically."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..matrices import ActionQuery, ActionRow, action_rows, status_label
from ..records import Site
from ..theme import heading
from .common import need_link, status_node, table, tom_view

FIRST = 1
"""Paragraphs shown of each model: the opening one; the layer's page has the rest."""


@dataclass(frozen=True, slots=True)
class LayerOverview:
    key: str
    title: str
    layer_id: str
    docname: str
    not_applicable: str
    """The reason, for a layer marked ``applicable: no``."""
    current: tuple[str, ...]
    target: tuple[str, ...]
    actions: tuple[ActionRow, ...]


def overview(site: Site, tom_id: str) -> list[LayerOverview]:
    tom = site.by_id.get(tom_id)
    if tom is None:
        return []
    present = {n.get("layer_key"): n for n in site.incoming(tom_id, "part_of")
               if n.type == "layer"}
    result = []
    for layer in site.framework.layers:
        need = present.get(layer.key)
        if need is None:
            result.append(LayerOverview(layer.key, layer.title, "", "", "", (), (), ()))
            continue
        reason = (need.get("reason") or "Not applicable.") if need.get(
            "applicable") == "no" else ""
        result.append(LayerOverview(
            layer.key, layer.title, need.id, need.docname, reason,
            tuple(site.current_models.get(need.docname, ())[:FIRST]),
            tuple(site.target_models.get(need.docname, ())[:FIRST]),
            tuple(action_rows(site, ActionQuery(layer=need.id)))))
    return result


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
            cells.append([need_link(builder, fromdocname, row.docname, row.id, row.id),
                          row.title, row.owner, row.due, status_node(symbol, words, row.status)])
        container += table(["ID", "Action", "Owner", "Due", "Status"], cells,
                           caption=f"Route: actions of the {layer.title.lower()} layer",
                           classes=["tom-actions", "tom-overview-actions"])
    return container
