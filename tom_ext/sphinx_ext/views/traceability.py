"""``tom-traceability`` (strategies or priorities × TOMs) and ``tom-orphans``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.theme import heading
from tom_ext.sphinx_ext.views.common import (
    ViewDirective,
    bullets,
    downloads,
    need_link,
    table,
    titled,
)
from tom_ext.views.traceability import Trace, orphans, traceability

KINDS = ("strategy", "priority")
PLURAL = {"strategy": "Strategies", "priority": "Priorities"}


def anchor(kind: str, row: str, tom: str) -> str:
    return nodes.make_id(f"trace-{kind}-{row}-{tom}")


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    # the titles of the needs listed too: the page shows them
    if view["kind"] == "orphans":
        found = orphans(site)
        return [found, _titles(site, (*found.strategies, *found.priorities, *found.actions,
                                      *found.toms))]
    trace = traceability(site, view.get("of", "strategy"))
    listed = sorted({a for row in trace.rows for cell in row.cells for a in cell})
    return [trace.toms, *trace.rows, _titles(site, listed)]


def _titles(site: Site, ids: Any) -> list[tuple[str, str, str]]:
    return [(i, site.by_id[i].title, site.by_id[i].docname) for i in ids if i in site.by_id]


class TomTraceabilityDirective(ViewDirective):
    """``:of: strategy`` (default) or ``:of: priority``."""

    kind = "traceability"
    option_spec: ClassVar[dict[str, Any]] = {
        "of": lambda value: directives.choice(value, KINDS),
    }


class TomOrphansDirective(ViewDirective):
    kind = "orphans"


def _matrix(app: Sphinx, trace: Trace, fromdocname: str) -> nodes.Node:
    headers = [trace.kind.capitalize(),
               *(title for _, title, _ in trace.toms), "Total"]
    body = []
    for row in trace.rows:
        cells: list[Any] = [need_link(app.builder, fromdocname, row.target_docname,
                                      row.target_id, row.target_title)]
        for (tom_id, _, _), actions in zip(trace.toms, row.cells, strict=True):
            if actions:
                ref = nodes.reference("", str(len(actions)), internal=True,
                                      refuri="#" + anchor(trace.kind, row.target_id, tom_id))
                cells.append(ref)
            else:
                cells.append("0")
        cells.append(str(row.total))
        body.append(cells)
    return table(headers, body, caption=f"{PLURAL[trace.kind]} × TOMs: number of actions",
                 classes=["tom-traceability"], stub=True)


def _details(app: Sphinx, trace: Trace, fromdocname: str, site: Site) -> list[nodes.Node]:
    result: list[nodes.Node] = [heading("The actions behind each number")]
    for row in trace.rows:
        if not row.total:
            continue
        result.append(heading(row.target_title, ["tom-trace-row"], depth=1))
        listing = nodes.bullet_list()
        for (tom_id, tom_title, _), actions in zip(trace.toms, row.cells, strict=True):
            if not actions:
                continue
            item = nodes.list_item(ids=[anchor(trace.kind, row.target_id, tom_id)])
            para = nodes.paragraph()
            para += nodes.strong(text=f"{tom_title}: ")
            for index, action_id in enumerate(actions):
                if index:
                    para += nodes.Text(", ")
                action = site.by_id[action_id]
                para += titled(app.builder, fromdocname, action.docname, action_id,
                               action.title)
            item += para
            listing += item
        result.append(listing)
    return result


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    container = nodes.container(classes=["tom-view"])
    if view["kind"] == "orphans":
        container += _orphans(app, site, fromdocname)
        container += downloads(fromdocname, [("orphans.csv", "gaps (CSV)")])
        return container
    trace = traceability(site, view.get("of", "strategy"))
    container += _matrix(app, trace, fromdocname)
    container += downloads(fromdocname, [(f"{trace.kind}-by-tom.csv", "this matrix (CSV)"),
                                         ("golden-thread.xlsx", "every view (Excel)")])
    container.extend(_details(app, trace, fromdocname, site))
    return container


def _orphans(app: Sphinx, site: Site, fromdocname: str) -> list[nodes.Node]:
    found = orphans(site)
    result: list[nodes.Node] = []
    for label, ids in (("Strategies no action supports", found.strategies),
                       ("Priorities no action serves and no TOM aligns to", found.priorities),
                       ("Actions that support nothing", found.actions),
                       ("TOMs aligned to no priority", found.toms)):
        result.append(heading(label))
        items = []
        for need_id in ids:
            para = nodes.paragraph()
            para += titled(app.builder, fromdocname, site.by_id[need_id].docname, need_id,
                           site.by_id[need_id].title)
            items.append(para)
        result.append(bullets(items, "None."))
    return result


VIEWS = {"traceability": (rows, render), "orphans": (rows, render)}


def setup_traceability(app: Sphinx) -> None:
    app.add_directive("tom-traceability", TomTraceabilityDirective)
    app.add_directive("tom-orphans", TomOrphansDirective)
