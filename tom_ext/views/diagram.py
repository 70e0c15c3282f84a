"""The golden thread as a Graphviz diagram: Community Plan → priorities → strategies → TOMs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Thread:
    """What a golden-thread diagram shows, by rank: plans, priorities, strategies, TOMs."""

    plans: tuple[Need, ...]
    priorities: tuple[Need, ...]
    strategies: tuple[Need, ...]
    toms: tuple[Need, ...]
    edges: tuple[tuple[str, str], ...]


def thread_of(site: Site, tom_id: str = "") -> Thread:
    """The council's thread (plans → priorities → strategies: a chain that stays readable
    as the council grows), or one TOM's (plans → the priorities it aligns to → the
    strategies its actions serve → the TOM)."""
    toms = [t for t in site.by_type.get("tom", []) if t.id == tom_id]
    if tom_id:
        strategy_toms = {s: {tom_id} for s, served in _strategy_toms(site).items()
                         if tom_id in served}
        strategies = [s for s in site.by_type.get("strategy", []) if s.id in strategy_toms]
        # the priorities the TOM says it serves: a strategy's other priorities are the
        # council's thread, not this TOM's
        priorities = {p for t in toms for p in t.links.get("aligns", [])}
    else:
        strategy_toms = {}
        strategies = list(site.by_type.get("strategy", []))
        priorities = {p.id for p in site.by_type.get("priority", [])}
    shown_priorities = [p for p in site.by_type.get("priority", []) if p.id in priorities]
    plans = {plan for p in shown_priorities for plan in p.links.get("part_of", [])}
    for plan_id in list(plans):
        plans.update(site.by_id[plan_id].links.get("informed_by", [])
                     if plan_id in site.by_id else [])
    shown_plans = [p for p in site.by_type.get("plan", []) if p.id in plans]
    edges: set[tuple[str, str]] = set()
    for shown in shown_priorities:
        edges.update((plan_id, shown.id) for plan_id in shown.links.get("part_of", []))
    for shown in shown_plans:
        edges.update((parent, shown.id) for parent in shown.links.get("informed_by", [])
                     if parent in plans)
    for strategy in strategies:
        edges.update((p, strategy.id) for p in strategy.links.get("delivers", [])
                     if p in priorities)
        edges.update((strategy.id, t) for t in strategy_toms.get(strategy.id, ()))
    def ordered(needs: list[Need]) -> tuple[Need, ...]:
        return tuple(sorted(needs, key=lambda n: n.id))

    return Thread(ordered(shown_plans), ordered(shown_priorities), ordered(strategies),
                  ordered(toms), tuple(sorted(edges)))


def golden_thread_dot(site: Site, url: Url, tom_id: str = "") -> str:
    """DOT text of the thread, for the whole council or scoped to one TOM."""
    thread = thread_of(site, tom_id)
    lines = ["digraph golden_thread {", "  rankdir=LR;", "  ranksep=0.9;",
             '  node [shape=box, style="rounded,filled", fontname="sans-serif", '
             'fontsize=11, fillcolor="#ffffff"];',
             '  edge [color="#555555"];']
    for rank, needs in (("plans", thread.plans), ("priorities", thread.priorities),
                        ("strategies", thread.strategies), ("toms", thread.toms)):
        lines.append(f"  subgraph {rank} {{ rank=same;")
        for need in needs:
            label = need.short_title if need.type == "tom" else need.title
            lines.append(f"    {_quote(need.id)} [label={_quote(_wrap(label))}, "
                         f"URL={_quote(url(need))}, tooltip={_quote(need.title)}];")
        lines.append("  }")
    lines += [f"  {_quote(a)} -> {_quote(b)};" for a, b in thread.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def outline(site: Site, thread: Thread) -> list[tuple[Need, list[Need]]]:
    """The diagram as text: each priority with the strategies of the diagram that
    deliver it."""
    shown = {s.id for s in thread.strategies}
    return [(priority, [site.by_id[s] for s in sorted(shown) if (priority.id, s) in
                        set(thread.edges)]) for priority in thread.priorities]


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
    """SVG markup (without the XML prolog) for inline use, at its own size in CSS pixels
    (text as Graphviz set it, 11 pt = 15 px), so a wide diagram scrolls rather than
    shrinking its text out of reach."""
    result = subprocess.run([dot, "-Tsvg"], input=dot_text, capture_output=True, text=True,
                            check=False, timeout=120)
    if result.returncode != 0:
        raise DotError(f"{dot} failed: {result.stderr.strip()[:300]}")
    svg = result.stdout[result.stdout.index("<svg"):]

    def pixels(match: re.Match[str]) -> str:
        width, height = (round(float(v) * 4 / 3) for v in match.group(2, 3))
        return f'<svg{match.group(1)} width="{width}" height="{height}"'

    return re.sub(r'<svg([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"', pixels, svg,
                  count=1)
