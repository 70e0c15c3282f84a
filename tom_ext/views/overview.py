"""A TOM's layers in the framework's order: each layer's opening paragraph of its current
and target model, and its actions."""

from __future__ import annotations

from dataclasses import dataclass

from tom_ext.core.needs import Site
from tom_ext.views.actions import ActionQuery, ActionRow, action_rows

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

    @property
    def overdue(self) -> tuple[tuple[str, int], ...]:
        """(action ID, days overdue) of each of its overdue actions (the rows carry the
        days, so the TOM page is drawn again when the build date moves)."""
        return tuple((row.id, row.days_overdue) for row in self.actions if row.days_overdue)

    def days_overdue(self, action_id: str) -> int:
        """How many days the action is overdue (0: it is not)."""
        return dict(self.overdue).get(action_id, 0)


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
        reason = (need.get("reason") or "its page gives no reason") if need.get(
            "applicable") == "no" else ""
        result.append(LayerOverview(
            layer.key, layer.title, need.id, need.docname, reason,
            tuple(site.current_models.get(need.docname, ())[:FIRST]),
            tuple(site.target_models.get(need.docname, ())[:FIRST]),
            tuple(action_rows(site, ActionQuery(layer=need.id)))))
    return result
