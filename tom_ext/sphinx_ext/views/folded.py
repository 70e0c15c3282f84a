"""A list too long for one table (``tom_list_limit``) shown as one row per TOM: a large
council's pages stay readable, and a change to one action rewrites small pages."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from tom_ext.core.config import TomConfig
from tom_ext.core.model import STATUSES
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


def _tally_cells(builder: Builder, fromdocname: str, tally: TomTally) -> list[object]:
    longest = plural(tally.longest_overdue, "day") if tally.longest_overdue else "—"
    return [page_link(builder, fromdocname, tally.docname, tally.tom_title or "No TOM"),
            *map(str, tally.counts), str(tally.total), str(tally.overdue), longest]


def actions_by_tom(app: Sphinx, rows: Sequence[ActionRow], fromdocname: str,
                   noun: str = "action") -> nodes.Node:
    """The actions counted per TOM, most overdue first, with a sentence that says why and
    where each action is; ``noun`` names one of them ("overdue action")."""
    tallies = tally_by_tom(rows)
    box = nodes.container(classes=["tom-view", "tom-folded"])
    box += nodes.paragraph(
        text=f"{plural(len(rows), noun)} in {plural(len(tallies), 'TOM')}: too many "
             "for one table, so each TOM has a row with its counts, most overdue first. "
             "Each TOM's page lists its own; the downloads have every one.",
        classes=["tom-folded-note"])
    headers = ["TOM", *(" ".join(status_label(s)) for s in STATUSES), "Total", "Overdue",
               "Longest overdue by"]
    box += table(headers, [_tally_cells(app.builder, fromdocname, t) for t in tallies],
                 caption=f"{noun.capitalize()}s by TOM ({len(rows)})",
                 classes=["tom-actions-by-tom"], stub=True)
    box += downloads(fromdocname, EVERY_ACTION)
    return box
