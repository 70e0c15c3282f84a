"""The site's pictures made for paper: the golden thread and the status chart, each with
its text alternative and its data as text beside it (a paper is read in black and white
and by screen readers)."""

from __future__ import annotations

from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Need, Site
from tom_ext.papers.document import Block, Bullets, Figure, Para
from tom_ext.views.actions import status_label
from tom_ext.views.charts import stacked_bars
from tom_ext.views.diagram import DotError, golden_thread_dot, outline, render_svg, thread_of
from tom_ext.views.progress import StatusRow

#: the site's pictures draw their text in the page's colour; on paper it is black
INK = "#000000"


def on_paper(svg: str) -> str:
    return svg.replace("currentColor", INK)


def thread_figure(site: Site, tom: Need, dot: str) -> list[Block]:
    """The TOM's golden thread as a picture (when ``dot`` can draw it) and as text."""
    thread = thread_of(site, tom.id)
    lines = tuple(f"{priority.title}: through "
                  + (", ".join(s.title for s in strategies) or "no strategy yet")
                  for priority, strategies in outline(site, thread))
    blocks: list[Block] = [Para(
        f"The TOM serves {len(thread.priorities)} of the council's priorities through "
        f"{len(thread.strategies)} of its strategies:"), Bullets(lines) if lines else Para(
        "The TOM names no corporate priority yet.")]
    if dot and thread.priorities:
        try:
            svg = render_svg(golden_thread_dot(site, lambda _need: "", tom.id), dot)
        except DotError:
            return blocks  # the text above says the same; the build reports a missing dot
        blocks.insert(0, Figure(
            f"The golden thread of the {tom.short_title} TOM",
            on_paper(svg), "Diagram: the council's plans, the priorities the TOM serves, "
            "the strategies its actions serve, and the TOM; the list below gives the same "
            "links as text."))
    return blocks


def status_figure(rows: list[StatusRow], title: str) -> Figure:
    """The progress page's chart, with the same numbers (the table after it has them)."""
    svg = stacked_bars([r.label for r in rows],
                       [(status_label(s)[1], [r.counts[i] for r in rows])
                        for i, s in enumerate(STATUSES)], title)
    return Figure(title, on_paper(svg),
                  f"Bar chart: {title.lower()}; the table after it gives the same numbers.")
