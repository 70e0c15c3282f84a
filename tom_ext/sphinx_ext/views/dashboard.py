"""``tom-dashboard``: the front door. Headline figures, the action plans by department,
what moved since the last board, what needs attention, the departments and their TOMs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tom_ext.changes import words
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.words import long_date, plural
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.theme import heading
from tom_ext.sphinx_ext.views import changes, progress
from tom_ext.sphinx_ext.views.common import ViewDirective, bullets, linked, need_link
from tom_ext.views.dashboard import (
    Figure,
    Item,
    attention,
    departments,
    headline_figures,
)
from tom_ext.views.summary import STAGE_WORDS


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    # the build date too: the page says how many days actions are overdue
    return [site.today.isoformat(), headline_figures(site), attention(site),
            departments(site), progress.rows(site, {"kind": "progress", "by": "department"}),
            changes.rows(site, view)]


class TomDashboardDirective(ViewDirective):
    """The home page's dashboard (no options)."""

    kind = "dashboard"

    def view(self) -> dict[str, Any] | None:
        return {"kind": self.kind, "line": self.lineno}


class TomFiguresDirective(ViewDirective):
    """The home page's headline figures alone (the Progress page shows them too)."""

    kind = "figures"


def figures_rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    return [headline_figures(site)]


def figures(site: Site) -> nodes.container:
    """A tile per headline figure: the number, what it counts, a line that explains it."""
    tiles = nodes.container(classes=["tom-figures"])
    for figure in headline_figures(site):
        tiles += _figure(figure)
    return tiles


def render_figures(app: Sphinx, site: Site, view: Mapping[str, Any],
                   fromdocname: str) -> nodes.Node:
    box = nodes.container(classes=["tom-view"])
    box += figures(site)
    return box


def _figure(figure: Figure) -> nodes.container:
    tile = nodes.container(classes=["tom-figure", f"tom-figure-{figure.key}"])
    tile += nodes.paragraph(figure.value, figure.value, classes=["tom-figure-value"])
    tile += nodes.paragraph(figure.label, figure.label, classes=["tom-figure-label"])
    if figure.detail:
        tile += nodes.paragraph(figure.detail, figure.detail, classes=["tom-figure-detail"])
    return tile


def _item(app: Sphinx, fromdocname: str, item: Item, tail: str) -> nodes.paragraph:
    return linked(app.builder, fromdocname, item.docname, item.id, item.title, tail)


def _since_the_board(app: Sphinx, site: Site, fromdocname: str) -> list[nodes.Node]:
    found = changes.compared(site)
    if found.diff is None:
        # the reason is the author's business (the check names it); a reader is told less
        return [nodes.paragraph(text="What changed since the last board is not shown on "
                                     "this build.")]
    para = nodes.paragraph()
    summary = words.summary(found.diff) if not found.diff.empty else (
        f"{words.NO_CHANGES.lower()}.")
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
    shown = f", the {len(found.overdue)} longest overdue" if found.overdue else ""
    result: list[nodes.Node] = [
        heading(f"Overdue actions: {found.overdue_count}{shown}", depth=1),
        bullets([_item(app, fromdocname, item, _overdue_words(item))
                 for item in found.overdue], "None."),
        heading(f"TOMs past their review date: {len(found.past_review)}", depth=1),
        bullets([_item(app, fromdocname, item, f", due for review by {long_date(item.detail[0])}")
                 for item in found.past_review], "None."),
        heading(f"Drafts awaiting approval: {len(found.drafts)}", depth=1),
        bullets([_item(app, fromdocname, item, f": {_stage(item.detail[0])}")
                 for item in found.drafts], "None."),
    ]
    return result


def _overdue_words(item: Item) -> str:
    tom, due, days, owner = item.detail
    where = f" — {tom}," if tom else " —"
    return (f"{where} due {long_date(due)}, {plural(int(days), 'day')} overdue"
            + (f"; {owner}" if owner else ""))


def _stage(stage: str) -> str:
    return STAGE_WORDS.get(stage, stage)


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    box = nodes.container(classes=["tom-view", "tom-dashboard"])
    box += figures(site)
    box += heading("How the action plans stand")
    box += progress.progress_view(app, site, {"by": "department"}, fromdocname,
                                  TomConfig.from_sphinx(app.config).draw)
    box += heading("Since the last board")
    box.extend(_since_the_board(app, site, fromdocname))
    box += heading("What needs attention")
    box.extend(_attention(app, site, fromdocname))
    box += heading("Departments and their TOMs")
    box += bullets([_department(app, fromdocname, name, toms)
                    for name, toms in departments(site)], "No TOM yet.")
    return box


def _department(app: Sphinx, fromdocname: str, name: str,
                toms: tuple[Item, ...]) -> nodes.paragraph:
    para = nodes.paragraph()
    para += nodes.strong(text=f"{name}: ")
    for index, tom in enumerate(toms):
        if index:
            para += nodes.Text(", ")
        para += need_link(app.builder, fromdocname, tom.docname, tom.id, tom.title)
        if tom.detail[0] != "approved":
            para += nodes.Text(f" ({_stage(tom.detail[0]).lower()})")
    return para


VIEWS = {"dashboard": (rows, render), "figures": (figures_rows, render_figures)}


def setup_dashboard(app: Sphinx) -> None:
    app.add_directive("tom-dashboard", TomDashboardDirective)
    app.add_directive("tom-figures", TomFiguresDirective)
