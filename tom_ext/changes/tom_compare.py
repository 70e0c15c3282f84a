"""What each TOM changed between two refreshes, from ``tom diff``'s comparison: layers
rewritten, actions added, closed and carried over, strategies newly supported (no Sphinx)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tom_ext.changes.diff import Diff, NeedChange, Snapshot, days_between, diff
from tom_ext.core.needs import Need, Site

#: the parts of a layer page a refresh rewrites, as :func:`model_digests` keys them
PARTS = ("current", "target")
PART_WORDS = {"current": "current operating model", "target": "target operating model"}


def _digest(paragraphs: Sequence[str]) -> str:
    text = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def model_digests(site: Site) -> dict[str, dict[str, str]]:
    """Each layer's current and target model as short digests, by layer ID: what needs.json
    keeps to tell later which layers a refresh rewrote, without their text."""
    found = {}
    for layer in sorted(site.by_type.get("layer", []), key=lambda n: n.id):
        found[layer.id] = {"current": _digest(site.current_models.get(layer.docname, ())),
                           "target": _digest(site.target_models.get(layer.docname, ()))}
    return found


@dataclass(frozen=True, slots=True)
class Item:
    """A need as a comparison lists it: by title, with its page now (or then)."""

    id: str
    title: str
    docname: str
    status: str = ""
    due: str = ""


@dataclass(frozen=True, slots=True)
class Carried:
    """An action in both refreshes, with its due date and status then and now."""

    item: Item
    old_due: str
    old_status: str
    old_id: str = ""
    """The ID it had before, when it was renamed."""

    @property
    def slipped_days(self) -> int:
        return max(days_between(self.old_due, self.item.due) or 0, 0)


@dataclass(frozen=True, slots=True)
class Rewritten:
    """A layer whose current or target model (or both) reads differently now."""

    item: Item
    parts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TomComparison:
    """One TOM of the current refresh against the same TOM (by ID) in the earlier one."""

    tom: Item
    old_title: str
    """Its title in the earlier refresh; empty when it is new."""
    layers: tuple[Rewritten, ...]
    added: tuple[Item, ...]
    closed: tuple[Item, ...]
    carried: tuple[Carried, ...]
    strategies: tuple[Item, ...]

    @property
    def is_new(self) -> bool:
        return not self.old_title

    @property
    def slipped(self) -> tuple[Carried, ...]:
        return tuple(c for c in self.carried if c.slipped_days)


def compare_toms(old: Snapshot, new: Snapshot) -> dict[str, TomComparison]:
    """Every TOM of ``new`` against the same TOM in ``old``, by TOM ID."""
    result = diff(old, new)
    renamed = {c.id: c.old_id for c in result.needs if c.kind == "renamed"}
    found = {}
    for tom in sorted(new.site.by_type.get("tom", []), key=lambda n: n.id):
        found[tom.id] = _compare_tom(tom, old, new, result, renamed)
    return found


def _compare_tom(tom: Need, old: Snapshot, new: Snapshot, result: Diff,
                 renamed: Mapping[str, str]) -> TomComparison:
    before = old.site.by_id.get(tom.id)
    old_tom = before if before is not None and before.type == "tom" else None
    mine = [c for c in result.needs if c.place.tom_id == tom.id and c.type == "action"]
    added = [_item_of(c) for c in mine if c.kind == "added"]
    closed = [_item_of(c) for c in mine if c.kind == "removed"]
    carried = []
    for action in _actions(new.site, tom.id):
        was = old.site.by_id.get(renamed.get(action.id, action.id))
        if was is not None and was.type == "action":
            carried.append(Carried(_item(action), was.get("due"), was.get("status"),
                                   was.id if was.id != action.id else ""))
    return TomComparison(
        _item(tom), old_tom.title if old_tom is not None else "",
        tuple(_rewritten(new, old, tom.id)) if old_tom is not None else (),
        tuple(added), tuple(closed), tuple(carried),
        tuple(_new_strategies(old.site, new.site, tom.id)))


def _item(need: Need) -> Item:
    return Item(need.id, need.title, need.docname, need.get("status"), need.get("due"))


def _item_of(change: NeedChange) -> Item:
    values = {f.name: f.new or f.old for f in change.fields}
    return Item(change.id, change.title, change.docname, values.get("status", ""),
                values.get("due", ""))


def _actions(site: Site, tom_id: str) -> list[Need]:
    """The TOM's actions in the order of its layers' pages."""
    found = [n for n in site.by_type.get("action", []) if _tom_id(site, n) == tom_id]
    return sorted(found, key=lambda n: (n.docname, n.record.lineno, n.id))


def _tom_id(site: Site, need: Need) -> str:
    tom = site.tom_of(need)
    return tom.id if tom is not None else ""


def _rewritten(new: Snapshot, old: Snapshot, tom_id: str) -> Iterable[Rewritten]:
    """The TOM's layers, in the framework's order, whose models' digests differ (only
    when both sides have them: a needs.json without them compares nothing)."""
    order = {key: i for i, key in enumerate(new.site.framework.keys())}
    layers = [n for n in new.site.by_type.get("layer", []) if _tom_id(new.site, n) == tom_id]
    layers.sort(key=lambda n: (order.get(n.get("layer_key"), len(order)), n.id))
    for layer in layers:
        now, then = new.models.get(layer.id), old.models.get(layer.id)
        if not now or not then:
            continue
        parts = tuple(p for p in PARTS if now.get(p) != then.get(p))
        if parts:
            yield Rewritten(_item(layer), parts)


def _new_strategies(old: Site, new: Site, tom_id: str) -> list[Item]:
    """Strategies the TOM's actions support now and did not before, by title."""
    def supported(site: Site) -> set[str]:
        return {target for action in _actions(site, tom_id)
                for target in action.links.get("supports", [])
                if getattr(site.by_id.get(target), "type", "") == "strategy"}

    fresh = supported(new) - supported(old)
    return sorted((_item(new.by_id[i]) for i in fresh), key=lambda i: (i.title, i.id))
