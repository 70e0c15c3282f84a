"""A list too long for one table (``tom_list_limit``) shown as one row per TOM: a large
council's pages stay readable, and a change to one action rewrites small pages."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from tom_ext.core.config import TomConfig
from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Site
from tom_ext.core.words import plural
from tom_ext.sphinx_ext.views.common import downloads, table
from tom_ext.views.actions import ActionRow, TomTally, status_label, tally_by_tom

#: the downloads that keep every row of a folded list of actions
EVERY_ACTION = (("actions.csv", "every action (CSV)"),
                ("golden-thread.xlsx", "every view (Excel)"))


def too_long(app: Sphinx, count: int) -> bool:
    """Whether a list of ``count`` rows is folded by TOM (``tom_list_limit``; 0: never)."""
    limit = TomConfig.from_sphinx(app.config).list_limit
    return bool(limit) and count > limit


def page_link(builder: Builder, fromdocname: str, docname: str, text: str) -> nodes.Node:
    """A link to a page as a whole (a TOM's page, or the one page of its actions)."""
    if not docname:
        return nodes.Text(text)
    uri = builder.get_relative_uri(fromdocname, docname)
    return nodes.reference("", text, internal=True, refuri=uri)


def _tom_cell(builder: Builder, site: Site, fromdocname: str, tally: TomTally) -> nodes.Node:
    """The TOM by its short name (as the progress tables name it), linked to where its
    rows are."""
    tom = site.by_id.get(tally.tom_id)
    name = tom.short_title if tom is not None else (tally.tom_title or "No TOM")
    return page_link(builder, fromdocname, tally.docname, name)


def _note(rows: int, toms: int, noun: str) -> nodes.paragraph:
    return nodes.paragraph(
        text=f"{plural(rows, noun)} in {plural(toms, 'TOM')}: too many for one table, so "
             "each TOM has a row with its counts, most overdue first. Each TOM's page lists "
             "its own; the downloads have every one.",
        classes=["tom-folded-note"])


def actions_by_tom(app: Sphinx, site: Site, rows: Sequence[ActionRow],
                   fromdocname: str) -> nodes.Node:
    """The actions counted per TOM by status, most overdue first, with a sentence that
    says why and where each action is."""
    tallies = tally_by_tom(rows)
    box = nodes.container(classes=["tom-view", "tom-folded"])
    box += _note(len(rows), len(tallies), "action")
    headers = ["TOM", *(" ".join(status_label(s)) for s in STATUSES), "Overdue"]
    body = [[_tom_cell(app.builder, site, fromdocname, t), *map(str, t.counts),
             str(t.overdue)] for t in tallies]
    box += table(headers, body, caption=f"Actions by TOM ({len(rows)})",
                 classes=["tom-actions-by-tom"], stub=True)
    box += downloads(fromdocname, EVERY_ACTION)
    return box


def overdue_by_tom(app: Sphinx, site: Site, rows: Sequence[ActionRow],
                   fromdocname: str) -> nodes.Node:
    """The overdue actions counted per TOM, with how long the longest is overdue."""
    tallies = tally_by_tom(rows)
    box = nodes.container(classes=["tom-view", "tom-folded"])
    box += _note(len(rows), len(tallies), "overdue action")
    body = [[_tom_cell(app.builder, site, fromdocname, t), str(t.overdue),
             plural(t.longest_overdue, "day")] for t in tallies]
    box += table(["TOM", "Overdue actions", "Longest overdue by"], body,
                 caption=f"Overdue actions by TOM ({len(rows)})",
                 classes=["tom-overdue-by-tom"], stub=True)
    box += downloads(fromdocname, (("actions.csv", "every action, with an Overdue column "
                                                   "(CSV)"),))
    return box
