"""The golden thread as a Graphviz diagram: Community Plan → priorities → strategies → TOMs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tom_ext.core.needs import Need, Site
from tom_ext.views.traceability import serves

Url = Callable[[Need], str]


class DotError(RuntimeError):
    """No Graphviz ``dot`` program could be found."""


def find_dot(configured: str = "") -> str:
    """The configured program, else the graphviz-pure wheel's, else ``dot`` on the PATH."""
    candidates = [configured] if configured else []
    candidates += [str(Path(sys.executable).parent / "graphviz-pure"), "graphviz-pure", "dot"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    raise DotError("no Graphviz 'dot' program: install Golden Thread with pip (it brings the "
                "graphviz-pure wheel), install Graphviz, or set tom_dot in conf.py")


def _quote(text: str) -> str:
    """A DOT string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def golden_thread_dot(site: Site, url: Url, tom_id: str = "") -> str:
    """DOT text of the thread, for the whole site or scoped to one TOM."""
    toms = [t for t in site.by_type.get("tom", []) if not tom_id or t.id == tom_id]
    tom_ids = {t.id for t in toms}
    strategy_toms = {strategy: found for strategy, served in _strategy_toms(site).items()
                     if (found := served & tom_ids)}
    strategies = [s for s in site.by_type.get("strategy", []) if s.id in strategy_toms]
    priorities = {p for s in strategies for p in s.links.get("delivers", [])}
    priorities |= {p for t in toms for p in t.links.get("aligns", [])}
    shown_priorities = [p for p in site.by_type.get("priority", []) if p.id in priorities]
    plans = {plan for p in shown_priorities for plan in p.links.get("part_of", [])}
    for plan_id in list(plans):
        plans.update(site.by_id[plan_id].links.get("informed_by", [])
                     if plan_id in site.by_id else [])
    shown_plans = [p for p in site.by_type.get("plan", []) if p.id in plans]
    lines = ["digraph golden_thread {", "  rankdir=LR;", "  ranksep=1.2;",
             '  node [shape=box, style="rounded,filled", fontname="sans-serif", '
             'fontsize=11, fillcolor="#ffffff"];',
             '  edge [color="#555555"];']
    for rank, needs in (("plans", shown_plans), ("priorities", shown_priorities),
                        ("strategies", strategies), ("toms", toms)):
        lines.append(f"  subgraph {rank} {{ rank=same;")
        for need in sorted(needs, key=lambda n: n.id):
            label = need.short_title if need.type == "tom" else need.title
            lines.append(f"    {_quote(need.id)} [label={_quote(_wrap(label))}, "
                         f"URL={_quote(url(need))}, tooltip={_quote(need.title)}];")
        lines.append("  }")
    edges: set[tuple[str, str]] = set()
    for shown in shown_priorities:
        edges.update((plan_id, shown.id) for plan_id in shown.links.get("part_of", []))
    for shown in shown_plans:
        edges.update((parent, shown.id) for parent in shown.links.get("informed_by", [])
                     if parent in plans)
    for strategy in strategies:
        edges.update((p, strategy.id) for p in strategy.links.get("delivers", [])
                     if p in priorities)
        edges.update((strategy.id, t) for t in strategy_toms[strategy.id])
    lines += [f"  {_quote(a)} -> {_quote(b)};" for a, b in sorted(edges)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _strategy_toms(site: Site) -> dict[str, set[str]]:
    """Strategy → the TOMs whose actions serve it, for the whole site, once per build:
    every TOM's diagram takes its part (a walk over every action per TOM would make the
    diagrams cost grow with the square of the council)."""

    def compute() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for action in site.by_type.get("action", []):
            owner = site.tom_of(action)
            if owner is None:
                continue
            for target in serves(site, action):
                if target in site.by_id and site.by_id[target].type == "strategy":
                    found.setdefault(target, set()).add(owner.id)
        return found

    return site.memo(("strategy-toms",), compute)


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def render_svg(dot_text: str, dot: str) -> str:
    """SVG markup (without the XML prolog) for inline use; scales with the page."""
    result = subprocess.run([dot, "-Tsvg"], input=dot_text, capture_output=True, text=True,
                            check=False, timeout=120)
    if result.returncode != 0:
        raise DotError(f"{dot} failed: {result.stderr.strip()[:300]}")
    svg = result.stdout[result.stdout.index("<svg"):]
    return re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
                  r'<svg\1 style="max-width:100%;height:auto"', svg, count=1)
