"""Traceability: which TOMs' actions serve which strategies and priorities (no Sphinx)."""

from __future__ import annotations

from dataclasses import dataclass

from tom_ext.core.needs import Need, Site


@dataclass(frozen=True, slots=True)
class TraceRow:
    target_id: str
    target_title: str
    target_docname: str
    cells: tuple[tuple[str, ...], ...]
    """Per TOM column: the IDs of its actions that serve this row's strategy or priority."""

    @property
    def total(self) -> int:
        return len({a for cell in self.cells for a in cell})


@dataclass(frozen=True, slots=True)
class Trace:
    kind: str
    toms: tuple[tuple[str, str, str], ...]
    """``(id, title, docname)`` of each TOM column."""
    rows: tuple[TraceRow, ...]


@dataclass(frozen=True, slots=True)
class Orphans:
    strategies: tuple[str, ...]
    priorities: tuple[str, ...]
    actions: tuple[str, ...]
    toms: tuple[str, ...]


def tom_order(site: Site) -> list[Need]:
    """TOMs by department (in the site's order), then title."""
    order = {key: index for index, key in enumerate(site.departments)}
    return sorted(site.by_type.get("tom", []),
                  key=lambda t: (order.get(t.get("department"), len(order)),
                                 t.get("department"), t.title, t.id))


def serves(site: Site, action: Need) -> set[str]:
    """The strategies and priorities an action serves: what it supports, and the
    priorities the strategies it supports deliver."""
    found: set[str] = set()
    for target_id in action.links.get("supports", []):
        target = site.by_id.get(target_id)
        if target is None:
            continue
        found.add(target_id)
        if target.type == "strategy":
            found.update(p for p in target.links.get("delivers", []) if p in site.by_id)
    return found


def traceability(site: Site, kind: str) -> Trace:
    """``kind`` is ``strategy`` or ``priority``: rows of that type × TOM columns."""
    return site.memo(("traceability", kind), lambda: _traceability(site, kind))


def _traceability(site: Site, kind: str) -> Trace:
    toms = tom_order(site)
    column = {tom.id: index for index, tom in enumerate(toms)}
    cells: dict[str, list[list[str]]] = {
        n.id: [[] for _ in toms] for n in site.by_type.get(kind, [])}
    for action in site.by_type.get("action", []):
        tom = site.tom_of(action)
        if tom is None or tom.id not in column:
            continue
        for target in serves(site, action):
            if target in cells:
                cells[target][column[tom.id]].append(action.id)
    rows = tuple(
        TraceRow(n.id, n.title, n.docname,
                 tuple(tuple(sorted(c)) for c in cells[n.id]))
        for n in sorted(site.by_type.get(kind, []), key=lambda n: (n.title, n.id)))
    return Trace(kind, tuple((t.id, t.short_title, t.docname) for t in toms), rows)


def orphans(site: Site) -> Orphans:
    return site.memo(("orphans",), lambda: _orphans(site))


def _orphans(site: Site) -> Orphans:
    served: set[str] = set()
    bare = []
    for action in site.by_type.get("action", []):
        targets = serves(site, action)
        served |= targets
        if not targets:
            bare.append(action.id)
    aligned = {p for tom in site.by_type.get("tom", []) for p in tom.links.get("aligns", [])}
    return Orphans(
        strategies=tuple(sorted(n.id for n in site.by_type.get("strategy", [])
                                if n.id not in served)),
        priorities=tuple(sorted(n.id for n in site.by_type.get("priority", [])
                                if n.id not in served and n.id not in aligned)),
        actions=tuple(sorted(bare)),
        toms=tuple(sorted(t.id for t in site.by_type.get("tom", [])
                          if not t.links.get("aligns"))),
    )
