"""``tom-layer KEY``: one layer across every TOM, for its lead; ``tom-themes``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.theme import heading
from tom_ext.sphinx_ext.views import actions
from tom_ext.sphinx_ext.views.common import ViewDirective, bullets, downloads, linked, need_link
from tom_ext.views.coverage import STATE_LABELS, coverage
from tom_ext.views.layer import layers, leads, tom_title


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    # everything the page shows, so that a change to any of it rewrites the page
    if view["kind"] == "themes":
        return [(t.id, t.title, actions.rows(site, {"theme": t.id}))
                for t in site.by_type.get("theme", [])] + [
               (p.id, p.title, [(n.id, n.short_title, n.docname)
                                for n in site.incoming(p.id, "embodies")])
                for p in site.by_type.get("principle", [])]
    key = view["layer"]
    return [
        [(s.id, s.title, s.get("owner"), s.docname) for s in leads(site, key)],
        [(n.id, n.docname, tom_title(site, n), n.get("applicable"), n.get("reason"),
          tuple(site.target_models.get(n.docname, ()))) for n in layers(site, key)],
        actions.rows(site, {"layer-key": key}),
        coverage(site, layer=key).rows,
    ]


class TomLayerDirective(ViewDirective):
    """Everything about one layer of the framework across the TOMs."""

    kind = "layer"
    required_arguments = 1

    def view(self) -> dict[str, Any] | None:
        return {"kind": self.kind, "layer": self.arguments[0].strip()}


class TomThemesDirective(ViewDirective):
    """For each emerging theme the actions carrying it; for each principle its TOMs."""

    kind = "themes"


def _section(title: str) -> nodes.Node:
    return heading(title, ["tom-layer-heading"])


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    if view["kind"] == "themes":
        return _themes(app, site, fromdocname)
    key = view["layer"]
    box = nodes.container(classes=["tom-view", "tom-layer-view"])
    lay = site.framework.get(key)
    if lay is None:
        box += nodes.paragraph(text=f"No layer {key!r} in the framework.")
        return box
    box += nodes.paragraph(text=lay.question, classes=["tom-question"])
    box += _section("Strategies that guide this layer")
    box += bullets([linked(app.builder, fromdocname, s.docname, s.id, s.title,
                           f" — lead: {s.get('owner')}" if s.get("owner") else "")
                    for s in leads(site, key)],
                   "None named yet.")
    box += _section("Each TOM's target operating model")
    for layer in layers(site, key):
        para = nodes.paragraph(classes=["tom-layer-tom"])
        para += need_link(app.builder, fromdocname, layer.docname, layer.id,
                          tom_title(site, layer))
        box += para
        if layer.get("applicable") == "no":
            reason = layer.get("reason")
            box += nodes.paragraph(text=f"Not applicable: {reason}" if reason else
                                   "Not applicable.")
            continue
        quote = nodes.block_quote()
        for text in site.target_models.get(layer.docname, ()) or ["(Not written yet.)"]:
            quote += nodes.paragraph(text=text)
        box += quote
    box += _section("Actions of this layer in every TOM")
    box += actions.render(app, site, {"layer-key": key}, fromdocname)
    box += downloads(fromdocname, [("actions.csv", "every action (CSV)"),
                                   ("coverage.csv", "coverage (CSV)"),
                                   ("golden-thread.xlsx", "every view (Excel)")])
    box += _section("Gaps: TOMs missing or partial on this layer")
    gaps = []
    for row in coverage(site, layer=key).rows:
        cell = row.cells[0]
        if cell.state in ("complete", "not-applicable"):
            continue
        missing = f" (no {', no '.join(cell.missing)})" if cell.missing else ""
        gaps.append(linked(app.builder, fromdocname, row.tom_docname, row.tom_id,
                           row.tom_title, f": {STATE_LABELS[cell.state][1]}{missing}"))
    box += bullets(gaps, "None: every TOM covers this layer completely or says why it does "
                         "not apply.")
    return box


def _themes(app: Sphinx, site: Site, fromdocname: str) -> nodes.Node:
    box = nodes.container(classes=["tom-view"])
    for theme in site.by_type.get("theme", []):
        box += _section(f"{theme.title}: the actions that carry it")
        box += actions.render(app, site, {"theme": theme.id}, fromdocname)
    for principle in site.by_type.get("principle", []):
        box += _section(f"{principle.title}: the TOMs that embody it")
        box += bullets([linked(app.builder, fromdocname, t.docname, t.id, t.short_title)
                        for t in site.incoming(principle.id, "embodies")],
                       "No TOM names it yet.")
    return box


VIEWS = {"layer": (rows, render), "themes": (rows, render)}


def setup_layer(app: Sphinx) -> None:
    app.add_directive("tom-layer", TomLayerDirective)
    app.add_directive("tom-themes", TomThemesDirective)
