"""Coverage of the framework by the TOMs: one cell per TOM and layer (no Sphinx)."""

from __future__ import annotations

from dataclasses import dataclass

from tom_ext.core.needs import Need, Site

SECTION_PARTS = (
    ("current operating model", "current operating model"),
    ("target operating model", "target operating model"),
    ("route", "route"),
)
STATE_LABELS = {
    "complete": ("●", "Complete"),
    "partial": ("◐", "Partial"),
    "missing": ("○", "Missing"),
    "not-applicable": ("–", "Not applicable"),
    # a public build leaves the layer out (OFFICIAL-SENSITIVE): not missing, not shown
    "withheld": ("⊘", "Withheld"),
}


def lacks_words(missing: tuple[str, ...] | list[str]) -> str:
    """``no route, no actions``."""
    return "no " + ", no ".join(missing)


def cell_text(state: str, missing: tuple[str, ...] = ()) -> str:
    """A cell in words: ``Partial: no route``, ``Complete``."""
    words = STATE_LABELS.get(state, ("?", state))[1]
    return f"{words}: {lacks_words(missing)}" if missing else words


@dataclass(frozen=True, slots=True)
class Cell:
    layer_key: str
    state: str
    missing: tuple[str, ...] = ()
    """For a partial cell: what the layer still lacks, in words."""
    layer_id: str = ""
    docname: str = ""


@dataclass(frozen=True, slots=True)
class CoverageRow:
    department: str
    tom_id: str
    tom_title: str
    tom_docname: str
    cells: tuple[Cell, ...]

    @property
    def complete(self) -> int:
        return sum(cell.state == "complete" for cell in self.cells)

    @property
    def applicable(self) -> int:
        return sum(cell.state != "not-applicable" for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Coverage:
    layers: tuple[tuple[str, str], ...]
    """``(key, title)`` of each column."""
    rows: tuple[CoverageRow, ...]

    def column_complete(self) -> tuple[int, ...]:
        return tuple(sum(row.cells[i].state == "complete" for row in self.rows)
                     for i in range(len(self.layers)))

    def column_applicable(self) -> tuple[int, ...]:
        return tuple(sum(row.cells[i].state != "not-applicable" for row in self.rows)
                     for i in range(len(self.layers)))


def cell_of(site: Site, layer: Need | None, key: str, tom_id: str = "") -> Cell:
    """The state of one layer of one TOM, and what it lacks."""
    if layer is None:
        return Cell(key, "withheld" if (tom_id, key) in site.withheld_layers else "missing")
    if layer.get("applicable") == "no":
        return Cell(key, "not-applicable", layer_id=layer.id, docname=layer.docname)
    titles = {title.strip().lower() for title in site.sections.get(layer.docname, ())}
    missing = [words for title, words in SECTION_PARTS if title not in titles]
    if not any(n.type == "action" for n in site.incoming(layer.id, "part_of")):
        missing.append("actions")
    if not layer.links.get("guided_by"):
        missing.append("guiding strategy")
    state = "partial" if missing else "complete"
    return Cell(key, state, tuple(missing), layer.id, layer.docname)


def coverage(site: Site, *, department: str = "", layer: str = "") -> Coverage:
    """TOM × layer, rows grouped by department (in the site's order) then by TOM title."""
    return site.memo(("coverage", department, layer),
                     lambda: _coverage(site, department, layer))


def _coverage(site: Site, department: str, layer: str) -> Coverage:
    keys = [lay for lay in site.framework.layers if not layer or lay.key == layer]
    layers_of: dict[str, dict[str, Need]] = {}
    for need in site.by_type.get("layer", []):
        tom = site.parent(need)
        if tom is not None and tom.type == "tom":
            layers_of.setdefault(tom.id, {}).setdefault(need.get("layer_key"), need)
    order = {key: index for index, key in enumerate(site.departments)}
    toms = [t for t in site.by_type.get("tom", [])
            if not department or t.get("department") == department]
    toms.sort(key=lambda t: (order.get(t.get("department"), len(order)),
                             t.get("department"), t.title, t.id))
    rows = []
    for tom in toms:
        present = layers_of.get(tom.id, {})
        cells = tuple(cell_of(site, present.get(lay.key), lay.key, tom.id) for lay in keys)
        dept = tom.get("department")
        rows.append(CoverageRow(site.departments.get(dept, dept), tom.id, tom.short_title,
                                tom.docname, cells))
    return Coverage(tuple((lay.key, lay.title) for lay in keys), tuple(rows))
