"""Charts drawn at build time with matplotlib, as inline SVG with a text alternative."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

# Patterns as well as colours, so the bars can be told apart without colour.
HATCHES = ("", "//", "..", "xx", "\\\\\\\\")
COLOURS = ("#6b6b6b", "#1d6f42", "#b36b00", "#b00020", "#0b4f8a")
# Text, axes and ticks are drawn in this placeholder colour, then given the page's text
# colour (currentColor) in the SVG, so the chart reads in the light and the dark theme.
INK = "#010203"


def stacked_bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 title: str) -> str:
    """A horizontal stacked bar chart as an SVG document (deterministic: no dates, fixed
    ids)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["svg.hashsalt"] = "golden-thread"
    plt.rcParams["svg.fonttype"] = "none"
    for key in ("text.color", "axes.labelcolor", "axes.edgecolor", "xtick.color",
                "ytick.color", "axes.titlecolor", "legend.labelcolor"):
        plt.rcParams[key] = INK
    plt.rcParams["figure.facecolor"] = "none"
    plt.rcParams["axes.facecolor"] = "none"
    plt.rcParams["savefig.transparent"] = True
    height = 0.6 + 0.5 * len(labels)
    fig, ax = plt.subplots(figsize=(8, max(height, 2.0) + 1.0))
    left = [0] * len(labels)
    for index, (name, values) in enumerate(series):
        ax.barh(list(labels), list(values), left=left, label=name,
                color=COLOURS[index % len(COLOURS)], hatch=HATCHES[index % len(HATCHES)],
                edgecolor="white")
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Actions")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, frameon=False)
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = out.getvalue()
    svg = text[text.index("<svg"):].replace(INK, "currentColor")
    # scale with the page: drop the fixed size, keep the viewBox
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                 r'<svg\1 style="max-width:100%;height:auto"', svg, count=1)
    return svg
