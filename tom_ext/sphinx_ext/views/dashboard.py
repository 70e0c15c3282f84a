"""``tom-dashboard``: the front door. Headline figures, the action plans by department,
what moved since the last board, what needs attention, the departments and their TOMs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tom_ext.changes import words
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Need, Site
from tom_ext.core.words import long_date, plural
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.theme import heading
from tom_ext.sphinx_ext.views import changes, progress
from tom_ext.sphinx_ext.views.common import ViewDirective, bullets, need_link
from tom_ext.views.dashboard import Figure, attention, departments, headline_figures
from tom_ext.views.summary import STAGE_WORDS


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    return [headline_figures(site), attention(site), departments(site),
            progress.rows(site, {"kind": "progress", "by": "department"}),
            changes.rows(site, view)]


class TomDashboardDirective(ViewDirective):
    """The home page's dashboard (no options)."""

    kind = "dashboard"


def _figure(figure: Figure) -> nodes.container:
    tile = nodes.container(classes=["tom-figure", f"tom-figure-{figure.key}"])
    tile += nodes.paragraph(figure.value, figure.value, classes=["tom-figure-value"])
    tile += nodes.paragraph(figure.label, figure.label, classes=["tom-figure-label"])
    if figure.detail:
        tile += nodes.paragraph(figure.detail, figure.detail, classes=["tom-figure-detail"])
    return tile


def _tom_item(app: Sphinx, fromdocname: str, tom: Need, tail: str) -> nodes.paragraph:
    para = nodes.paragraph()
    para += need_link(app.builder, fromdocname, tom.docname, tom.id, tom.short_title)
    para += nodes.Text(tail)
    return para


def _since_the_board(app: Sphinx, site: Site, fromdocname: str) -> list[nodes.Node]:
    found = changes.compared(site)
    if found.diff is None:
        return [nodes.paragraph(text=found.error or "No baseline is set for comparison.")]
    para = nodes.paragraph()
    summary = words.summary(found.diff) if not found.diff.empty else "no changes to TOMs."
    para += nodes.Text(f"Since {found.label}: {summary} ")
    pages = [doc for doc, views in sorted(TomDomain.of(app.env).views.items())
             if any(v["kind"] == "changes" for v in views)]
    slipped = len(found.diff.attention())
    if slipped:
        para += nodes.strong(text=f"{plural(slipped, 'action')} slipped or worsened. ")
    if pages:
        para += nodes.reference("", "See every change", internal=True,
                                refuri=app.builder.get_relative_uri(fromdocname, pages[0]))
        para += nodes.Text(".")
    return [para]


def _attention(app: Sphinx, site: Site, fromdocname: str) -> list[nodes.Node]:
    found = attention(site)
    result: list[nodes.Node] = [heading(
        f"Overdue actions: {found.overdue_count}" + (
            f", the {len(found.overdue)} longest overdue" if found.overdue else ""),
        depth=1)]
    items = []
    for action in found.overdue:
        para = nodes.paragraph()
        para += need_link(app.builder, fromdocname, action.docname, action.id, action.title)
        tom = site.tom_of(action)
        days = (site.today - dt.date.fromisoformat(action.get("due"))).days
        para += nodes.Text(f" — {tom.short_title if tom else ''}, due "
                           f"{long_date(action.get('due'))}, {plural(days, 'day')} overdue; "
                           f"{action.get('owner')}")
        items.append(para)
    result.append(bullets(items, "None."))
    result.append(heading(f"TOMs past their review date: {len(found.past_review)}", depth=1))
    result.append(bullets([_tom_item(app, fromdocname, t, f", due for review by "
                                     f"{long_date(t.get('review_by'))}")
                           for t in found.past_review], "None."))
    result.append(heading(f"Drafts awaiting approval: {len(found.drafts)}", depth=1))
    result.append(bullets([_tom_item(app, fromdocname, t, f": {_stage(t)}")
                           for t in found.drafts], "None."))
    return result


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    box = nodes.container(classes=["tom-view", "tom-dashboard"])
    tiles = nodes.container(classes=["tom-figures"])
    for figure in headline_figures(site):
        tiles += _figure(figure)
    box += tiles
    box += heading("How the action plans stand")
    box += progress.progress_view(site, {"by": "department"}, fromdocname,
                                  TomConfig.from_sphinx(app.config).draw)
    box += heading("Since the last board")
    box.extend(_since_the_board(app, site, fromdocname))
    box += heading("What needs attention")
    box.extend(_attention(app, site, fromdocname))
    box += heading("Departments and their TOMs")
    box += bullets([_department(app, fromdocname, name, toms)
                    for name, toms in departments(site)], "No TOM yet.")
    return box


def _department(app: Sphinx, fromdocname: str, name: str, toms: list[Need]) -> nodes.paragraph:
    para = nodes.paragraph()
    para += nodes.strong(text=f"{name}: ")
    for index, tom in enumerate(toms):
        if index:
            para += nodes.Text(", ")
        para += need_link(app.builder, fromdocname, tom.docname, tom.id, tom.short_title)
        if tom.get("stage") != "approved":
            para += nodes.Text(f" ({_stage(tom).lower()})")
    return para


def _stage(tom: Need) -> str:
    return STAGE_WORDS.get(tom.get("stage"), tom.get("stage"))


VIEWS = {"dashboard": (rows, render)}


def setup_dashboard(app: Sphinx) -> None:
    app.add_directive("tom-dashboard", TomDashboardDirective)
