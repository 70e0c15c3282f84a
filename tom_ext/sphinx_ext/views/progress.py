"""``tom-progress``, ``tom-overdue`` and ``tom-savings``: the improvement board's dashboard."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tom_ext.core.config import TomConfig
from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Site
from tom_ext.core.words import long_date, money_k, plural
from tom_ext.sphinx_ext.views import folded
from tom_ext.sphinx_ext.views.common import (
    ViewDirective,
    date_node,
    downloads,
    need_link,
    status_node,
    table,
    titled,
)
from tom_ext.sphinx_ext.views.pictures import is_html, picture
from tom_ext.views.actions import ActionQuery, action_rows, days_overdue, status_label
from tom_ext.views.charts import stacked_bars
from tom_ext.views.progress import overdue_actions, savings_rows, savings_total, status_rows


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    if view["kind"] == "overdue":
        # the build date too: the page says how many days each action is overdue
        return [site.today.isoformat(), *(
            (a.id, a.title, a.docname, a.get("owner"), a.get("due"), a.get("status"),
             *_tom_link(site, a)) for a in overdue_actions(site, site.today))]
    if view["kind"] == "savings":
        return list(savings_rows(site))
    return list(status_rows(site, site.today, by=view.get("by", "department")))


def _tom_link(site: Site, action: Any) -> tuple[str, str, str]:
    tom = site.tom_of(action)
    return (tom.id, tom.short_title, tom.docname) if tom else ("", "", "")


class TomProgressDirective(ViewDirective):
    """Actions by status, ``:by: department`` (default, with a chart) or ``:by: tom``."""

    kind = "progress"
    option_spec: ClassVar[dict[str, Any]] = {
        "by": lambda value: directives.choice(value, ("department", "tom")),
    }


class TomOverdueDirective(ViewDirective):
    kind = "overdue"


class TomSavingsDirective(ViewDirective):
    kind = "savings"


def _money(value: float | None) -> nodes.Node:
    text = "—" if value is None else money_k(value)
    return nodes.inline(text, text, classes=["tom-money"])


def _chart(app: Sphinx, found: list[Any], title: str) -> nodes.Node:
    """The chart: SVG inline on HTML, a picture of it on any other builder."""
    svg = stacked_bars([r.label for r in found],
                       [(status_label(s)[1], [r.counts[i] for r in found])
                        for i, s in enumerate(STATUSES)], title)
    figure = nodes.container(classes=["tom-chart"])
    alt = f"{title}; the table below gives the same numbers"
    if not is_html(app.builder):
        figure += picture(app, svg, alt, "chart")
        return figure
    label = html.escape(alt)
    figure += nodes.raw("", svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1),
                        format="html")
    return figure


def progress_view(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str,
                  draw: bool = True, board: str = "") -> nodes.Node:
    """``board``: the board whose progress report to link to ("" for none)."""
    by = view.get("by", "department")
    found = status_rows(site, site.today, by=by)
    container = nodes.container(classes=["tom-view"])
    noun = "TOM" if by == "tom" else "department"
    title = f"Actions by status and {noun}"
    if draw:
        container += _chart(app, found, title)
    headers = ["Department" if by == "department" else "TOM",
               *(" ".join(status_label(s)) for s in STATUSES), "Total", "Overdue"]
    body = [[r.label, *map(str, r.counts), str(r.total), str(r.overdue)] for r in found]
    totals = [sum(r.counts[i] for r in found) for i in range(len(STATUSES))]
    body.append(["All", *map(str, totals), str(sum(totals)),
                 str(sum(r.overdue for r in found))])
    container += table(headers, body,
                       caption=f"Actions by status, per {'TOM' if by == 'tom' else by}",
                       classes=["tom-progress"], stub=True)
    container += downloads(fromdocname, [("progress-by-tom.csv", "progress by TOM (CSV)"),
                                         ("golden-thread.xlsx", "every view (Excel)")])
    if board:
        container += downloads(fromdocname, [("papers/board.docx", "Word"),
                                             ("papers/board.pdf", "PDF")],
                               lead=f"The {board}'s progress report: ")
    return container


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    if view["kind"] == "progress":
        config = TomConfig.from_sphinx(app.config)
        on_progress = config.papers and view.get("by", "department") == "department"
        return progress_view(app, site, view, fromdocname, config.draw,
                             config.paper_board if on_progress else "")
    if view["kind"] == "savings":
        return _savings(site, fromdocname)
    found_actions = overdue_actions(site, site.today)
    if not found_actions:
        return nodes.paragraph(text="No action is overdue.", classes=["tom-empty"])
    if folded.too_long(app, len(found_actions)):
        overdue = [row for row in action_rows(site, ActionQuery(statuses=STATUSES))
                   if row.days_overdue and row.tom_id]
        return folded.overdue_by_tom(app, site, overdue, fromdocname)
    body = []
    for action in found_actions:
        tom = site.tom_of(action)
        symbol, words = status_label(action.get("status"))
        due = action.get("due")
        days = days_overdue(action, site.today)
        body.append([
            titled(app.builder, fromdocname, action.docname, action.id, action.title),
            need_link(app.builder, fromdocname, tom.docname, tom.id, tom.short_title)
            if tom else "",
            action.get("owner"), date_node(due), plural(days, "day"),
            status_node(symbol, words, action.get("status")),
        ])
    box = nodes.container(classes=["tom-view"])
    box += table(["Action", "TOM", "Owner", "Due", "Overdue by", "Status"], body,
                 caption=f"Overdue actions on {long_date(site.today.isoformat())} "
                         f"({len(found_actions)})", classes=["tom-overdue"])
    box += downloads(fromdocname, [("actions.csv", "every action, with an Overdue column "
                                                   "(CSV)")])
    return box


def _savings(site: Site, fromdocname: str) -> nodes.Node:
    """Savings a year by department, planned and delivered, against the MTFS; the All row
    is the home page's figure."""
    found = savings_rows(site)
    body = [[r.department, _money(r.planned), _money(r.delivered), _money(r.target),
             _money(r.gap)] for r in (*found, savings_total(found))]
    box = nodes.container(classes=["tom-view"])
    box += table(["Department", "Savings planned in TOM actions",
                  "Delivered (actions complete)", "MTFS target", "Planned less target"], body,
                 caption="Savings planned against the Medium Term Financial Strategy",
                 classes=["tom-savings"], stub=True)
    box += downloads(fromdocname, [("savings-by-department.csv", "savings (CSV)"),
                                   ("actions.csv", "every action with its saving (CSV)")])
    return box


VIEWS = {"progress": (rows, render), "overdue": (rows, render), "savings": (rows, render)}


def setup_progress(app: Sphinx) -> None:
    app.add_directive("tom-progress", TomProgressDirective)
    app.add_directive("tom-overdue", TomOverdueDirective)
    app.add_directive("tom-savings", TomSavingsDirective)
