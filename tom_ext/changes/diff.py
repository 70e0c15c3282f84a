"""What changed in the TOMs between two versions of a site's needs (no Sphinx)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from tom_ext.core.needs import Need, Site
from tom_ext.core.values import number
from tom_ext.core.words import plural
from tom_ext.views.coverage import coverage

#: how bad a status is: a move to a higher rank is a worsening
STATUS_RANK = {"at-risk": 1, "off-track": 2}
#: fields shown for a need that was added or removed (when it has them)
KEY_FIELDS = ("status", "due", "owner", "saving", "stage", "applicable")
#: fields a layer or action inherits from its TOM when the author leaves them out
INHERITED = ("classification",)
KINDS = ("added", "removed", "renamed", "changed")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One side of a diff: the needs of a revision, a ``needs.json`` or the working tree."""

    label: str
    site: Site
    has_sections: bool = True
    """False for a ``needs.json`` without Golden Thread's section titles: its coverage
    cannot be known, so coverage is not compared."""
    models: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Each layer's current and target model as digests (layer ID → part → digest), to
    tell which layers a refresh rewrote; empty for a needs.json without them."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a need sits: department → TOM → layer (empty outside a TOM)."""

    department_key: str = ""
    department: str = ""
    tom_id: str = ""
    tom_title: str = ""
    layer_key: str = ""
    layer_title: str = ""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field (or the title, or the text) with its value before and after."""

    name: str
    old: str
    new: str
    note: str = ""
    """In words: "worsened", "improved", "slipped by 92 days", "down £40k", …"""
    worsened: bool = False
    slipped_days: int = 0


@dataclass(frozen=True, slots=True)
class LinkChange:
    name: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NeedChange:
    """A need added, removed, renamed (same type, title and text under a new ID) or
    changed. For an added or removed need, ``fields`` holds its key fields."""

    kind: str
    id: str
    type: str
    title: str
    place: Place
    docname: str = ""
    """Where the need is now (where it was, for a removed need)."""
    old_id: str = ""
    fields: tuple[FieldChange, ...] = ()
    links: tuple[LinkChange, ...] = ()

    @property
    def worsened(self) -> bool:
        return any(f.worsened for f in self.fields) and self.kind in ("changed", "renamed")

    @property
    def severity(self) -> int:
        """How bad a worsened status now is (2 off track, 1 at risk), else 0."""
        return max((STATUS_RANK.get(f.new, 0) for f in self.fields if f.worsened), default=0)

    @property
    def slipped_days(self) -> int:
        if self.kind not in ("changed", "renamed"):
            return 0
        return max((f.slipped_days for f in self.fields), default=0)

    @property
    def needs_attention(self) -> bool:
        """Slipped or worsened: what the improvement board looks at first."""
        return self.worsened or self.slipped_days > 0


@dataclass(frozen=True, slots=True)
class CellChange:
    """A coverage cell (one layer of one TOM) whose state changed."""

    place: Place
    old_state: str
    new_state: str
    old_missing: tuple[str, ...] = ()
    new_missing: tuple[str, ...] = ()
    docname: str = ""


@dataclass(frozen=True, slots=True)
class Diff:
    old_label: str
    new_label: str
    needs: tuple[NeedChange, ...]
    """Grouped department → TOM → layer (in the site's order), then by ID."""
    cells: tuple[CellChange, ...]
    notes: tuple[str, ...] = ()
    """What could not be compared, in words."""

    @property
    def empty(self) -> bool:
        return not self.needs and not self.cells

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.needs)

    def attention(self) -> list[NeedChange]:
        """Worsened (off track before at risk), then slipped; the longest slip first."""
        found = [c for c in self.needs if c.needs_attention]
        return sorted(found, key=lambda c: (not c.worsened, -c.severity, -c.slipped_days,
                                            c.id))


def diff(old: Snapshot, new: Snapshot) -> Diff:
    """Needs added, removed, renamed and changed, and coverage cells whose state changed,
    from ``old`` to ``new``."""
    before, after = old.site.by_id, new.site.by_id
    renamed = _renames(before, after)
    renamed_new = set(renamed.values())
    order = _Order(new.site, old.site)
    changes: list[NeedChange] = []
    for need_id in sorted(set(after) - set(before) - renamed_new):
        need = after[need_id]
        changes.append(_whole("added", need, new.site, order, "new"))
    for need_id in sorted(set(before) - set(after) - set(renamed)):
        need = before[need_id]
        changes.append(_whole("removed", need, old.site, order, "old"))
    pairs = [(i, i) for i in sorted(set(before) & set(after))] + sorted(renamed.items())
    for old_id, new_id in pairs:
        change = _compare(before[old_id], after[new_id], old.site, new.site, renamed, order)
        if change is not None:
            changes.append(change)
    changes.sort(key=lambda c: (order.key(c.place), KINDS.index(c.kind), c.id))
    notes: list[str] = []
    cells: list[CellChange] = []
    if old.has_sections and new.has_sections:
        cells = _cells(old.site, new.site, renamed, order)
    else:
        side = old.label if not old.has_sections else new.label
        notes.append(f"Coverage was not compared: {side} is a needs.json without the "
                     "section titles of its layer pages.")
    return Diff(old.label, new.label, tuple(changes), tuple(cells), tuple(notes))


def _renames(before: Mapping[str, Need], after: Mapping[str, Need]) -> dict[str, str]:
    """old ID → new ID for a removed and an added need of the same type, title and text."""
    added: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for need_id in sorted(set(after) - set(before)):
        need = after[need_id]
        if need.title.strip():
            added[_identity(need)].append(need_id)
    found = {}
    for need_id in sorted(set(before) - set(after)):
        candidates = added.get(_identity(before[need_id]))
        if candidates:
            found[need_id] = candidates.pop(0)
    return found


def _identity(need: Need) -> tuple[str, str, str]:
    return need.type, " ".join(need.title.split()), _text(need)


def _text(need: Need) -> str:
    """The body text, with trailing spaces and surrounding blank lines ignored."""
    return "\n".join(line.rstrip() for line in need.record.content.strip().splitlines())


class _Order:
    """Sort keys: departments in the site's order, then TOM title, then framework layer."""

    def __init__(self, new: Site, old: Site):
        self.departments = {**old.departments, **new.departments}
        self.dept_index = {key: i for i, key in enumerate(new.departments)}
        keys = list(new.framework.keys()) + [k for k in old.framework.keys()
                                              if k not in new.framework.keys()]
        self.layer_index = {key: i for i, key in enumerate(keys)}
        self.layer_titles = {lay.key: lay.title for lay in (*old.framework.layers,
                                                            *new.framework.layers)}

    def place(self, need: Need, site: Site) -> Place:
        tom = site.tom_of(need)
        if tom is None:
            return Place()
        layer = site.layer_of(need)
        key = tom.get("department")
        layer_key = layer.get("layer_key") if layer else ""
        return Place(key, self.departments.get(key, key), tom.id, tom.short_title,
                     layer_key, self.layer_titles.get(layer_key, layer.title if layer else ""))

    def key(self, place: Place) -> tuple[object, ...]:
        outside = not place.tom_id
        return (outside, self.dept_index.get(place.department_key, len(self.dept_index)),
                place.department, place.tom_title, place.tom_id, bool(place.layer_key),
                self.layer_index.get(place.layer_key, len(self.layer_index)), place.layer_key)


def _whole(kind: str, need: Need, site: Site, order: _Order, side: str) -> NeedChange:
    values = [(name, need.get(name)) for name in KEY_FIELDS if need.get(name)]
    fields = tuple(FieldChange(name, "", value) if side == "new" else
                   FieldChange(name, value, "") for name, value in values)
    return NeedChange(kind, need.id, need.type, need.title, order.place(need, site),
                      need.docname, fields=fields)


def _compare(old: Need, new: Need, old_site: Site, new_site: Site,
             renamed: Mapping[str, str], order: _Order) -> NeedChange | None:
    fields: list[FieldChange] = []
    if old.type != new.type:
        fields.append(FieldChange("type", old.type, new.type))
    # equal strings are not normalised first: most needs did not change
    if old.title != new.title and " ".join(old.title.split()) != " ".join(new.title.split()):
        fields.append(FieldChange("title", old.title, new.title))
    spec = new_site.model.type(new.type)
    names = [f.name for f in spec.fields] if spec else sorted(set(old.fields) | set(new.fields))
    for name in names:
        if old.fields.get(name) == new.fields.get(name):
            continue
        before, after = old.get(name).strip(), new.get(name).strip()
        if before == after or _follows_tom(name, old, new, old_site, new_site):
            continue
        fields.append(_field_change(name, before, after))
    if old.record.content != new.record.content and _text(old) != _text(new):
        fields.append(FieldChange("text", _text(old), _text(new), "text changed"))
    links = _link_changes(old, new, [lk.name for lk in spec.links] if spec else [], renamed)
    kind = "renamed" if old.id != new.id else "changed"
    if kind == "changed" and not fields and not links:
        return None
    return NeedChange(kind, new.id, new.type, new.title, order.place(new, new_site),
                      new.docname, old.id if kind == "renamed" else "", tuple(fields), links)


def _follows_tom(name: str, old: Need, new: Need, old_site: Site, new_site: Site) -> bool:
    """An inherited field that changed only because the TOM's changed (listed there)."""
    if name not in INHERITED or new.type == "tom":
        return False
    old_tom, new_tom = old_site.tom_of(old), new_site.tom_of(new)
    return (old_tom is not None and new_tom is not None
            and old.get(name) == old_tom.get(name) and new.get(name) == new_tom.get(name))


def _field_change(name: str, old: str, new: str) -> FieldChange:
    if name == "status":
        rank_old, rank_new = STATUS_RANK.get(old, 0), STATUS_RANK.get(new, 0)
        if rank_new > rank_old:
            return FieldChange(name, old, new, "worsened", worsened=True)
        if rank_new < rank_old:
            return FieldChange(name, old, new, "improved")
    if name == "due":
        days = days_between(old, new)
        if days is not None and days > 0:
            return FieldChange(name, old, new, f"slipped by {plural(days, 'day')}",
                               slipped_days=days)
        if days is not None and days < 0:
            return FieldChange(name, old, new, f"brought forward by {plural(-days, 'day')}")
    if name == "saving" and old and new:
        delta = number(new) - number(old)
        if delta:
            return FieldChange(name, old, new, f"{'up' if delta > 0 else 'down'} "
                                               f"£{abs(delta):,.0f}k")
    return FieldChange(name, old, new)


def days_between(old: str, new: str) -> int | None:
    """Days from the ISO date ``old`` to ``new`` (None when either is not a date)."""
    try:
        return (dt.date.fromisoformat(new) - dt.date.fromisoformat(old)).days
    except ValueError:
        return None


def _link_changes(old: Need, new: Need, names: list[str],
                  renamed: Mapping[str, str]) -> tuple[LinkChange, ...]:
    """Links added and removed; a link that only follows a renamed target is unchanged."""
    names = names + sorted((set(old.links) | set(new.links)) - set(names))
    found = []
    for name in names:
        before = {renamed.get(i, i) for i in old.links.get(name, [])}
        after = set(new.links.get(name, []))
        if before != after:
            found.append(LinkChange(name, tuple(sorted(after - before)),
                                    tuple(sorted(before - after))))
    return tuple(found)


def _cells(old: Site, new: Site, renamed: Mapping[str, str],
           order: _Order) -> list[CellChange]:
    """Cells of TOMs on both sides whose state changed; an added or removed TOM is listed
    as a need, not as nine cells."""
    before = {(renamed.get(row.tom_id, row.tom_id), cell.layer_key): cell
              for row in coverage(old).rows for cell in row.cells}
    found = []
    for row in coverage(new).rows:
        tom = new.by_id[row.tom_id]
        for cell in row.cells:
            was = before.get((row.tom_id, cell.layer_key))
            if was is None or was.state == cell.state:
                continue
            key = tom.get("department")
            place = Place(key, order.departments.get(key, key), tom.id, tom.short_title,
                          cell.layer_key, order.layer_titles.get(cell.layer_key,
                                                                 cell.layer_key))
            found.append(CellChange(place, was.state, cell.state, was.missing, cell.missing,
                                    cell.docname or was.docname))
    found.sort(key=lambda c: order.key(c.place))
    return found
