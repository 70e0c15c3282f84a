"""``tom-golden-thread``: the diagram from the Community Plan to the TOMs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.core.needs import Need, Site
from tom_ext.sphinx_ext.views.common import ViewDirective
from tom_ext.views.diagram import DotError, find_dot, golden_thread_dot, render_svg

LOGGER = logging.getLogger(__name__)


def rows(site: Site, view: Mapping[str, Any]) -> list[str]:
    return [golden_thread_dot(site, lambda n: f"{n.docname}#{n.id}", view.get("tom", ""))]


class TomGoldenThreadDirective(ViewDirective):
    """The golden thread of the whole site, or of one TOM with ``:tom: TOM_ID``."""

    kind = "thread"
    option_spec: ClassVar[dict[str, Any]] = {"tom": directives.unchanged_required}


def diagram(app: Sphinx, site: Site, tom_id: str, fromdocname: str) -> nodes.Node:
    def url(need: Need) -> str:
        return app.builder.get_relative_uri(fromdocname, need.docname) + "#" + need.id

    scope = f"of {site.by_id[tom_id].short_title}" if tom_id in site.by_id else "of the council"
    figure = nodes.container(classes=["tom-thread"])
    if not TomConfig.from_sphinx(app.config).draw:
        return figure
    try:
        dot = find_dot(TomConfig.from_sphinx(app.config).dot)
        svg = render_svg(golden_thread_dot(site, url, tom_id), dot)
    except DotError as err:
        LOGGER.warning(f"the golden thread diagram cannot be drawn: {err}", type="tom",
                       subtype=TomWarning.VIEW.value, location=fromdocname)
        figure += nodes.paragraph(text="(The diagram could not be drawn on this build.)")
        return figure
    label = (f"The golden thread {scope}: plans, the priorities they set, the strategies "
             "that deliver them and the TOMs whose actions support those strategies. "
             "Each box links to its page.")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    figure += nodes.raw("", svg, format="html")
    figure += nodes.paragraph(text=label, classes=["tom-thread-caption"])
    return figure


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    return diagram(app, site, view.get("tom", ""), fromdocname)


VIEWS = {"thread": (rows, render)}


def setup_thread(app: Sphinx) -> None:
    app.add_directive("tom-golden-thread", TomGoldenThreadDirective)
