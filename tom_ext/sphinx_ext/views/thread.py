"""``tom-golden-thread``: the diagram from the Community Plan to the TOMs."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.core.needs import Need, Site
from tom_ext.sphinx_ext.theme import scrolling
from tom_ext.sphinx_ext.views.common import ViewDirective, anchor_uri, bullets, need_link
from tom_ext.sphinx_ext.views.pictures import is_html, picture
from tom_ext.views.diagram import (
    DotError,
    Thread,
    find_dot,
    golden_thread_dot,
    outline,
    render_svg,
    thread_of,
)

LOGGER = logging.getLogger(__name__)


def rows(site: Site, view: Mapping[str, Any]) -> list[str]:
    return [golden_thread_dot(site, lambda n: f"{n.docname}#{n.id}", view.get("tom", ""))]


class TomGoldenThreadDirective(ViewDirective):
    """The golden thread of the whole site, or of one TOM with ``:tom: TOM_ID``."""

    kind = "thread"
    option_spec: ClassVar[dict[str, Any]] = {"tom": directives.unchanged_required}


def diagram(app: Sphinx, site: Site, tom_id: str, fromdocname: str) -> nodes.Node:
    """The diagram at its own size (scrolling sideways in its region when wider than the
    page), then the same in words."""

    def url(need: Need) -> str:
        return anchor_uri(app.builder, fromdocname, need.docname, need.id)

    tom = site.by_id.get(tom_id)
    scope = f"of {tom.short_title}" if tom else "of the council"
    figure = nodes.container(classes=["tom-thread"])
    words = in_words(app, site, thread_of(site, tom_id), fromdocname)
    if not TomConfig.from_sphinx(app.config).draw:
        figure += words  # the text alternative stands on its own
        return figure
    try:
        dot = find_dot(TomConfig.from_sphinx(app.config).dot)
        svg = render_svg(golden_thread_dot(site, url, tom_id), dot)
    except DotError as err:
        LOGGER.warning(f"the golden thread diagram cannot be drawn: {err}", type="tom",
                       subtype=TomWarning.VIEW.value, location=fromdocname)
        figure += nodes.paragraph(text="(The diagram could not be drawn on this build.)")
        figure += words
        return figure
    whose = (f"and {tom.short_title}, whose actions support those strategies" if tom
             else "and the strategies that deliver them")
    alt = f"The golden thread {scope}: the plans, the priorities they set {whose}."
    figure.extend(_drawn(app, svg, alt, scope))
    figure += words
    return figure


def _drawn(app: Sphinx, svg: str, alt: str, scope: str) -> list[nodes.Node]:
    """The diagram and its caption: on HTML the SVG inline, each box a link to its page;
    on any other builder a picture of it, whose caption promises no links."""
    if not is_html(app.builder):
        return [picture(app, svg, alt, "thread"),
                nodes.paragraph(text=f"{alt} The list below says the same in words.",
                                classes=["tom-thread-caption"])]
    label = f"{alt} Each box links to its page; the list below says the same in words."
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)
    return [scrolling(nodes.raw("", svg, format="html"), f"Diagram: the golden thread {scope}"),
            nodes.paragraph(text=label, classes=["tom-thread-caption"])]


def in_words(app: Sphinx, site: Site, thread: Thread, fromdocname: str) -> nodes.Node:
    """Each priority of the diagram with the strategies that deliver it."""
    items = []
    for priority, strategies in outline(site, thread):
        para = nodes.paragraph()
        para += need_link(app.builder, fromdocname, priority.docname, priority.id,
                          priority.title)
        para += nodes.Text(": delivered through " if strategies else
                           ": no strategy of this diagram delivers it")
        for index, strategy in enumerate(strategies):
            if index:
                para += nodes.Text(", ")
            para += need_link(app.builder, fromdocname, strategy.docname, strategy.id,
                              strategy.title)
        items.append(para)
    return bullets(items, "No priority is named yet.")


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    return diagram(app, site, view.get("tom", ""), fromdocname)


VIEWS = {"thread": (rows, render)}


def setup_thread(app: Sphinx) -> None:
    app.add_directive("tom-golden-thread", TomGoldenThreadDirective)
