"""``tom-actions``: a table of the actions that support a need, or of a TOM or a layer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.core.messages import TomWarning
from tom_ext.core.needs import Site
from tom_ext.core.values import split_list
from tom_ext.sphinx_ext.views import folded
from tom_ext.sphinx_ext.views.cards import due_node
from tom_ext.sphinx_ext.views.common import (
    ViewDirective,
    need_link,
    status_node,
    table,
    titled,
)
from tom_ext.views.actions import ActionQuery, ActionRow, action_rows, status_label

LOGGER = logging.getLogger(__name__)


def query_of(view: Mapping[str, Any]) -> ActionQuery:
    return ActionQuery(
        supports=tuple(split_list(view.get("supports"))),
        tom=(view.get("tom") or "").strip(),
        layer=(view.get("layer") or "").strip(),
        statuses=tuple(split_list(view.get("status"))),
        layer_key=(view.get("layer-key") or "").strip(),
        theme=(view.get("theme") or "").strip(),
    )


def rows(site: Site, view: Mapping[str, Any]) -> list[ActionRow]:
    return action_rows(site, query_of(view))


class TomActionsDirective(ViewDirective):
    """List actions: ``:supports: STR_IT``, ``:tom: TOM_LIB``, ``:layer: ID``, ``:status:``."""

    kind = "actions"
    option_spec: ClassVar[dict[str, Any]] = {
        "supports": directives.unchanged_required,
        "tom": directives.unchanged_required,
        "layer": directives.unchanged_required,
        "status": directives.unchanged_required,
        "layer-key": directives.unchanged_required,
        "theme": directives.unchanged_required,
        "caption": directives.unchanged,
    }

    def view(self) -> dict[str, Any] | None:
        view = super().view()
        if view is not None and query_of(view).is_empty():
            LOGGER.warning(
                "tom-actions needs at least one of :supports:, :tom:, :layer:, :layer-key:, "
                ":theme:, :status: — "
                "say which actions to list, e.g. ':supports: STR_IT'",
                type="tom", subtype=TomWarning.VIEW.value, location=self.get_location())
            return None
        return view


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    builder = app.builder
    found = rows(site, view)
    if not found:
        return nodes.paragraph(text="No actions match.", classes=["tom-empty"])
    if folded.too_long(app, len(found)):
        return folded.actions_by_tom(app, site, found, fromdocname)
    cells = []
    for row in found:
        symbol, words = status_label(row.status)
        cells.append([
            titled(builder, fromdocname, row.docname, row.id, row.title),
            need_link(builder, fromdocname, row.tom_docname, row.tom_id, row.tom_title),
            row.layer_title,
            row.owner,
            due_node(row.due, row.days_overdue),
            status_node(symbol, words, row.status),
        ])
    return table(["Action", "TOM", "Layer", "Owner", "Due", "Status"], cells,
                 caption=str(view.get("caption") or ""), classes=["tom-actions"])


VIEWS = {"actions": (rows, render)}


def setup_actions(app: Sphinx) -> None:
    app.add_directive("tom-actions", TomActionsDirective)
