"""The summary card at the top of every TOM page: stage banner, review notice, key facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.words import long_date
from tom_ext.sphinx_ext import compare_pages
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.views import overview, thread
from tom_ext.sphinx_ext.views.common import downloads, need_link, tom_view
from tom_ext.views.summary import summary_of


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    found = summary_of(site, view["tom"], site.today)
    return [found, *thread.rows(site, view), *compare_pages.rows(site, view["tom"])] \
        if found else []


def placeholder(tom_id: str) -> tom_view:
    return tom_view(view={"kind": "summary", "tom": tom_id})


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    summary = summary_of(site, view["tom"], site.today)
    if summary is None:
        return nodes.container()
    card = nodes.container(classes=["tom-summary"])
    if summary.banner:
        banner = nodes.paragraph(classes=["tom-banner", f"tom-stage-{summary.stage}"])
        banner += nodes.strong(text=summary.banner)
        card += banner
    if summary.review_overdue:
        notice = nodes.paragraph(classes=["tom-review-overdue"])
        notice += nodes.strong(text="Review overdue: ")
        notice += nodes.Text(f"this TOM was due for review by {long_date(summary.review_by)}.")
        card += notice
    facts = nodes.definition_list(classes=["tom-facts"])
    for label, value in summary.facts:
        item = nodes.definition_list_item()
        item += nodes.term(text=label)
        definition = nodes.definition()
        definition += nodes.paragraph(text=value)
        item += definition
        facts += item
    for label, items in summary.links:
        item = nodes.definition_list_item()
        item += nodes.term(text=label)
        definition = nodes.definition()
        para = nodes.paragraph()
        for index, (need_id, title, docname) in enumerate(items):
            if index:
                para += nodes.Text("; ")
            para += need_link(app.builder, fromdocname, docname, need_id, title)
        definition += para
        item += definition
        facts += item
    card += facts
    if TomConfig.from_sphinx(app.config).papers:
        card += downloads(fromdocname, [(f"papers/{summary.tom_id}.docx", "Word"),
                                        (f"papers/{summary.tom_id}.pdf", "PDF")],
                          lead="Committee paper: ")
    compared = compare_pages.link(app, site, summary.tom_id, fromdocname)
    if compared is not None:
        card += compared
    wrapper = nodes.container(classes=["tom-summary-wrapper"])
    wrapper += card
    wrapper += thread.diagram(app, site, summary.tom_id, fromdocname)
    return wrapper


def add_summaries(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: put a summary card under the title of every page that holds a TOM,
    and the overview of its layers after the table of contents of its layer pages (or at
    the end)."""
    domain = TomDomain.of(app.env)
    docname = app.env.docname
    for record in domain.records.get(docname, ()):
        if record.type != "tom" or not record.id:
            continue
        section = next(iter(doctree.findall(nodes.section)), None)
        node = placeholder(record.id)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, node)
        else:
            doctree.insert(0, node)
        domain.add_view(docname, node["view"])
        layers = overview.placeholder(record.id)
        wrapper = next((n for n in doctree.findall(nodes.compound)
                        if "toctree-wrapper" in n["classes"]), None)
        if wrapper is not None:
            wrapper.parent.insert(wrapper.parent.index(wrapper) + 1, layers)
        elif section is not None:
            section += layers
        else:
            doctree += layers
        domain.add_view(docname, layers["view"])
        break


VIEWS = {"summary": (rows, render)}


def setup_summary(app: Sphinx) -> None:
    app.connect("doctree-read", add_summaries)
