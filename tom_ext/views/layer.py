"""One layer of the framework across every TOM: the strategies that lead it and each TOM's
page for it, in the site's order."""

from __future__ import annotations

from tom_ext.core.needs import Need, Site
from tom_ext.core.values import split_list
from tom_ext.views.traceability import tom_order


def tom_title(site: Site, layer: Need) -> str:
    tom = site.parent(layer)
    return str(tom.short_title if tom else layer.title)


def leads(site: Site, key: str) -> list[Need]:
    return [s for s in site.by_type.get("strategy", []) if key in split_list(s.get("leads"))]


def layers(site: Site, key: str) -> list[Need]:
    order = {tom.id: index for index, tom in enumerate(tom_order(site))}
    found = [n for n in site.by_type.get("layer", []) if n.get("layer_key") == key
             and site.parent(n) is not None]
    return sorted(found, key=lambda n: order.get(site.parent(n).id, 0))  # type: ignore[union-attr]
