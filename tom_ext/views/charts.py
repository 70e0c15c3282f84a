"""Charts drawn at build time as inline SVG, written directly (no plotting library).

A horizontal stacked bar chart is a few rectangles and labels: writing the SVG costs
milliseconds where matplotlib took seconds (its import alone, then about 20 ms a bar), on
every build that rewrites the progress page.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

# Patterns as well as colours, so the bars can be told apart without colour.
HATCHES = ("", "//", "..", "xx", "\\\\")
COLOURS = ("#6b6b6b", "#1d6f42", "#b36b00", "#b00020", "#0b4f8a")

WIDTH = 800
FONT = 'font-family="sans-serif" font-size="13"'
BAR, GAP = 18, 8
"""Height of a bar and the space between two bars."""


def _pattern(pid: str, hatch: str) -> str:
    """A white hatch over the colour, like matplotlib's hatches."""
    strokes = {
        "//": '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6"/>',
        "\\\\": '<path d="M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2"/>',
        "xx": '<path d="M0,8 L8,0 M0,0 L8,8"/>',
        "..": '<circle cx="2" cy="2" r="1" fill="#fff"/><circle cx="6" cy="6" r="1" '
              'fill="#fff"/>',
    }[hatch]
    return (f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<g stroke="#fff" stroke-width="1.2">{strokes}</g></pattern>')


def _step(largest: int) -> int:
    """A round tick step giving about five ticks."""
    if largest <= 5:
        return 1
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def stacked_bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 title: str) -> str:
    """A horizontal stacked bar chart as an SVG element (deterministic: ids from the
    title); text in ``currentColor``, so it reads in the light and the dark theme."""
    prefix = "tom-chart-" + hashlib.sha256(title.encode()).hexdigest()[:8]
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    step = _step(max(totals, default=0))
    top = step * max(1, math.ceil(max(totals, default=0) / step))
    left = min(300, 16 + 7 * max((len(label) for label in labels), default=4))
    plot = WIDTH - left - 30
    first = 40
    bottom = first + len(labels) * (BAR + GAP)
    legend_rows = math.ceil(len(series) / 3)
    height = bottom + 44 + legend_rows * 22

    def x(value: float) -> float:
        return left + plot * value / top

    # drawn at its own size in CSS pixels (text 13 px), shrinking only on a narrow screen
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" style="max-width:100%;height:auto" {FONT} '
           'fill="currentColor">',
           "<defs>" + "".join(_pattern(f"{prefix}-{i}", h) for i, (_, h)
                              in enumerate(zip(series, HATCHES, strict=False)) if h)
           + "</defs>",
           f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">'
           f"{escape(title)}</text>"]
    for tick in range(0, top + 1, step):
        out.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{first - 4}" '
                   f'y2="{bottom}" stroke="currentColor" stroke-opacity="0.15"/>'
                   f'<text x="{x(tick):.1f}" y="{bottom + 16}" text-anchor="middle">'
                   f"{tick}</text>")
    out.append(f'<text x="{left + plot / 2}" y="{bottom + 34}" text-anchor="middle">'
               "Actions</text>")
    for row, label in enumerate(labels):
        y = first + row * (BAR + GAP)
        out.append(f'<text x="{left - 6}" y="{y + BAR / 2 + 4}" text-anchor="end">'
                   f"{escape(label)}</text>")
        start = 0
        for index, (name, values) in enumerate(series):
            value = values[row]
            if not value:
                continue
            box = (f'x="{x(start):.1f}" y="{y}" width="{x(start + value) - x(start):.1f}" '
                   f'height="{BAR}"')
            out.append(f'<g><title>{escape(f"{label}: {name} {value}")}</title>'
                       f'<rect {box} fill="{COLOURS[index % len(COLOURS)]}" stroke="#fff"/>')
            if HATCHES[index % len(HATCHES)]:
                out.append(f'<rect {box} fill="url(#{prefix}-{index % len(HATCHES)})"/>')
            out.append("</g>")
            start += value
    out.append(f'<line x1="{left}" x2="{left}" y1="{first - 4}" y2="{bottom}" '
               'stroke="currentColor"/>')
    out += _legend([name for name, _values in series], bottom, prefix)
    out.append("</svg>")
    return "\n".join(out)


def _legend(names: Sequence[str], bottom: float, prefix: str) -> list[str]:
    """Under the chart, three to a line: each series' colour and hatching, and its name."""
    out = []
    for index, name in enumerate(names):
        col, line = index % 3, index // 3
        lx, ly = 150 + col * 200, bottom + 50 + line * 22
        swatch = f'x="{lx}" y="{ly - 11}" width="14" height="14"'
        out.append(f'<rect {swatch} fill="{COLOURS[index % len(COLOURS)]}"/>')
        if HATCHES[index % len(HATCHES)]:
            out.append(f'<rect {swatch} fill="url(#{prefix}-{index % len(HATCHES)})"/>')
        out.append(f"<text x={quoteattr(str(lx + 20))} y={quoteattr(str(ly))}>"
                   f"{escape(name)}</text>")
    return out
