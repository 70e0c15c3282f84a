"""``tom-refresh``: where the refresh stands, on its page and, while it runs, the home page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.refresh import Timetable, timetable_of
from tom_ext.core.words import long_date
from tom_ext.sphinx_ext import compare_pages
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.views.common import (
    ViewDirective,
    bullets,
    date_node,
    linked,
    status_node,
    table,
    titled,
)
from tom_ext.views.refresh import (
    RULE,
    STATUS_LABELS,
    behind,
    is_running,
    overdue_sentence,
    summary_sentence,
    timetable_rows,
    tom_rows,
)

#: what a ``tom-refresh`` shows: the summary and the timetable, each TOM's row, the TOMs
#: behind, or the home page's box (only while the refresh runs)
SHOWN = ("summary", "toms", "overdue", "home")
NO_REFRESH = "No refresh of the TOMs is under way."
#: what the list of TOMs and of the TOMs behind say when no refresh is under way
NO_REFRESH_SAYS = {"toms": "No TOM has a refresh stage to reach.",
                   "overdue": "Nothing is overdue."}


class TomRefreshDirective(ViewDirective):
    """Where the refresh stands; ``:show:`` one of :data:`SHOWN` (default ``summary``)."""

    kind = "refresh"
    option_spec: ClassVar[dict[str, Any]] = {
        "show": lambda value: directives.choice(value, SHOWN),
    }

    def view(self) -> dict[str, Any] | None:
        # the timetable is recorded with the view: conf.py changing re-reads every page
        timetable = timetable_of(TomConfig.from_sphinx(self.config).refresh)
        return {"kind": self.kind, "show": self.options.get("show", "summary"),
                "refresh": timetable.as_setting() if timetable else {}}


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    timetable = timetable_of(view.get("refresh"))
    if timetable is None:
        return []
    # the build date too: a deadline passing changes what the page says; and the summary
    # links to what each TOM changed since the refresh before
    return [site.today.isoformat(), timetable, *tom_rows(site, timetable),
            *compare_pages.index_rows(site)]


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    timetable = timetable_of(view.get("refresh"))
    show = view.get("show", "summary")
    if timetable is None:
        if show == "home":
            return nodes.container()
        return nodes.paragraph(text=NO_REFRESH_SAYS.get(show, NO_REFRESH))
    if show == "home":
        return _home(app, site, timetable, fromdocname)
    if show == "toms":
        return _toms(app, site, timetable, fromdocname)
    if show == "overdue":
        return _overdue(app, site, timetable, fromdocname)
    return _summary(app, site, timetable, fromdocname)


def _summary(app: Sphinx, site: Site, timetable: Timetable, fromdocname: str) -> nodes.Node:
    found = tom_rows(site, timetable)
    box = nodes.container(classes=["tom-view", "tom-refresh"])
    box += nodes.paragraph(text=summary_sentence(timetable, found, site.today))
    body: list[list[Any]] = []
    total = len(found)
    for row in timetable_rows(timetable, found):
        body.append([row.stage, date_node(row.due) if row.due else "—", str(row.at_stage),
                     f"{row.reached} of {total}" if row.due else "—"])
    box += table(["Stage", "Due by", "At this stage", "Reached it"], body,
                 caption=f"The {timetable.label} timetable and the TOMs at each stage",
                 classes=["tom-refresh-timetable"], stub=True)
    compared = compare_pages.link(app, site, None, fromdocname)
    if compared is not None:
        box += compared
    return box


def _toms(app: Sphinx, site: Site, timetable: Timetable, fromdocname: str) -> nodes.Node:
    body = []
    for row in tom_rows(site, timetable):
        symbol, words = STATUS_LABELS[row.status]
        # the status and what is due first: on a phone they are in view without scrolling
        body.append([titled(app.builder, fromdocname, row.docname, row.id, row.title),
                     status_node(symbol, words, row.status), row.due, row.stage,
                     row.department])
    box = nodes.container(classes=["tom-view", "tom-refresh"])
    box += table(["TOM", "Status", "What is due", "Stage reached", "Department"], body,
                 caption=f"Each TOM on {_long(site)}", classes=["tom-refresh-toms"])
    rule = nodes.paragraph(classes=["tom-refresh-rule"])
    rule += nodes.strong(text="How the status is worked out. ")
    rule += nodes.Text(RULE)
    box += rule
    return box


def _long(site: Site) -> str:
    return long_date(site.today.isoformat())


def _overdue(app: Sphinx, site: Site, timetable: Timetable, fromdocname: str) -> nodes.Node:
    late = behind(tom_rows(site, timetable))
    items = [linked(app.builder, fromdocname, row.docname, row.id, row.title,
                    overdue_sentence(row, timetable, site.today)) for row in late]
    return bullets(items, f"Nothing is overdue on {_long(site)}: no TOM is behind the "
                          "timetable.")


def _home(app: Sphinx, site: Site, timetable: Timetable, fromdocname: str) -> nodes.Node:
    """The home page's box: where the refresh stands, while it runs; else nothing."""
    found = tom_rows(site, timetable)
    if not is_running(timetable, found, site.today):
        return nodes.container()
    box = nodes.container(classes=["tom-refresh-box"])
    para = nodes.paragraph()
    sentence = summary_sentence(timetable, found, site.today)
    subject = f"The {timetable.label} refresh"
    para += nodes.strong(text=subject)
    para += nodes.Text(sentence.removeprefix(subject) + " ")
    pages = [doc for doc, views in sorted(TomDomain.of(app.env).views.items())
             if any(v["kind"] == "refresh" and v.get("show") != "home" for v in views)]
    if pages:
        para += nodes.reference("", "Where each TOM stands", internal=True,
                                refuri=app.builder.get_relative_uri(fromdocname, pages[0]))
        para += nodes.Text(".")
    box += para
    return box


VIEWS = {"refresh": (rows, render)}


def setup_refresh(app: Sphinx) -> None:
    app.add_directive("tom-refresh", TomRefreshDirective)
