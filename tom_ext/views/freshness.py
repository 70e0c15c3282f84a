"""Which written pages are out of date after an incremental read (no Sphinx).

sphinx-needs re-writes only re-read pages, so a page showing data of needs in other
files goes stale (upstream issue #354). Each page gets a fingerprint of everything it
shows from other files' needs; a page whose fingerprint changed is written again, and
only those.

Working out every page's fingerprint draws every view and every card of the council (on a
large council, a tenth of a rebuild after one action's status changed), so a rebuild works
out again only the fingerprints that a page read again can have changed, and keeps the
others. What it keeps them by is the *basis* of the last fingerprints, kept beside them:
when each page was read, the needs on each page, each need's links and its TOM, a digest
of what each page says besides how its actions' work stands, and a digest of everything
else every page depends on (the build date, the settings, the audience and what it
withholds). A need's data reaches a page only through its links and
its TOM (see :func:`pages_to_recompute`); anything else that changes means every page.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tom_ext.core.needs import Site

ViewRows = Callable[[Site, Mapping[str, Any]], Sequence[Any]]


@dataclass(frozen=True, slots=True)
class LayerKey:
    """The scope of a page about one layer across the TOMs (``tom-layer``): the layers of
    the key and their actions, and the TOMs and strategies (any change of theirs redoes
    it)."""

    key: str


@dataclass(frozen=True, slots=True)
class Supporters:
    """The scope of a list of the actions that support these needs (a strategy's page):
    the actions, and the TOM and layer each belongs to, and nothing else."""

    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Structure:
    """The scope of a view of the whole council that shows how its needs are named,
    placed and linked and never how an action's work stands (traceability, coverage): it
    changes only when a page read again changed in anything but :data:`PROGRESS`."""


#: what an author changes as an action's work goes on; a :class:`Structure` view shows none
PROGRESS = frozenset({"status", "due", "saving", "fte"})

Scope = Callable[[Mapping[str, Any]], "str | Supporters | LayerKey | Structure | None"]
"""The TOM a view shows alone; "" for a need's card (what the needs on its page reach
decides); :class:`Supporters` for a list of the needs that support others;
:class:`LayerKey` for a page about one layer of the framework; :class:`Structure` for a
view of how the council's needs are linked; None for a view that may show anything of the
whole council."""
Basis = dict[str, Any]
"""What a build's fingerprints were worked out from (see :func:`basis_of`): plain data, so
it is pickled with the environment whatever this module becomes."""

#: the layout of a basis: a basis of another layout is not compared, every page is redone
FORMAT = 3


def page_fingerprints(
    site: Site,
    views: Mapping[str, Sequence[Mapping[str, Any]]],
    rows_of: ViewRows,
    only: Collection[str] | None = None,
) -> dict[str, str]:
    """docname → digest of the views on the page and the links into its needs; of the
    pages ``only`` when it is given, of every page otherwise."""
    parts: dict[str, list[Any]] = {}
    for docname, page_views in views.items():
        if only is None or docname in only:
            parts.setdefault(docname, []).extend(
                [dict(view), [repr(row) for row in rows_of(site, view)]]
                for view in page_views)
    for docname, needs in site.by_doc.items():
        if only is not None and docname not in only:
            continue
        for need in needs:
            incoming = site.back.get(need.id, {})
            parts.setdefault(docname, []).append([
                need.id,
                sorted((link, sorted(ids)) for link, ids in incoming.items()),
                sorted((name, need.links.get(name) or need.fields.get(name))
                       for name in need.derived),
            ])
    return {docname: _digest(value) for docname, value in parts.items()}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()
                          ).hexdigest()


def changed_pages(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """Pages whose fingerprint differs from the one they were last written with."""
    return sorted(doc for doc, digest in new.items() if old.get(doc) != digest)


def basis_of(site: Site, context: str, reads: Mapping[str, int],
             before: Basis | None = None) -> Basis:
    """What fingerprints of ``site`` are worked out from: ``context``, a digest of all a
    page depends on besides the needs and the views, and ``reads``, docname → when the
    page was last read (a page read since has a new time). The shapes of the pages not
    read since ``before`` are taken from it."""
    return {
        "format": FORMAT,
        "context": context,
        "reads": dict(reads),
        "pages": {doc: [n.id for n in needs] for doc, needs in site.by_doc.items()},
        "links": {n.id: {name: list(targets) for name, targets in n.links.items()}
                  for n in site.by_id.values()},
        "toms": {n.id: tom.id for n in site.by_id.values()
                 if (tom := site.tom_of(n)) is not None},
        "types": {n.id: n.type for n in site.by_id.values()},
        "layer_keys": {n.id: str(layer.get("layer_key")) for n in site.by_id.values()
                       if (layer := site.layer_of(n)) is not None},
        "shapes": _shapes(site, reads, before),
    }


def _shapes(site: Site, reads: Mapping[str, int], before: Basis | None) -> dict[str, str]:
    """docname → :func:`page_shape`, kept from ``before`` for a page not read since (a
    shape is a digest of the page's own text: only reading the page can change it)."""
    kept, last = ((before["shapes"], before["reads"])
                  if before and before.get("format") == FORMAT else ({}, {}))
    return {doc: kept[doc] if doc in kept and last.get(doc) == stamp
            else page_shape(site, doc) for doc, stamp in reads.items()}


def page_shape(site: Site, docname: str) -> str:
    """A digest of what a page says besides how its actions' work stands: each need as
    written without :data:`PROGRESS`, and the page's sections and models."""
    needs = [[n.id, n.type, n.title, sorted((name, value) for name, value
                                            in n.record.options.items()
                                            if name not in PROGRESS)]
             for n in site.by_doc.get(docname, ())]
    texts = [site.sections.get(docname), site.target_models.get(docname),
             site.current_models.get(docname), site.section_texts.get(docname)]
    return _digest([needs, texts])


def updated_fingerprints(
    site: Site,
    views: Mapping[str, Sequence[Mapping[str, Any]]],
    rows_of: ViewRows,
    scope_of: Scope,
    old: Mapping[str, str],
    before: Basis | None,
    now: Basis,
    authored: Mapping[str, Iterable[str]],
) -> dict[str, str]:
    """Every page's fingerprint as :func:`page_fingerprints` gives it, worked out again only
    for the pages :func:`pages_to_recompute` names and kept from ``old`` for the others.
    ``authored``: docname → the IDs of the needs written on it (duplicates too)."""
    redo = pages_to_recompute(site, views, scope_of, before, now, authored)
    if redo is None:
        return page_fingerprints(site, views, rows_of)
    shown = views.keys() | site.by_doc.keys()
    redo |= shown - old.keys()
    new = page_fingerprints(site, views, rows_of, only=redo)
    new.update((doc, digest) for doc, digest in old.items()
               if doc not in redo and doc in shown)
    return new


def pages_to_recompute(
    site: Site,
    views: Mapping[str, Sequence[Mapping[str, Any]]],
    scope_of: Scope,
    before: Basis | None,
    now: Basis,
    authored: Mapping[str, Iterable[str]],
) -> set[str] | None:
    """The pages whose fingerprint a page read since ``before`` can have changed; None
    when every page's can (no basis, another layout or context, a page removed).

    C is every need on a page read again, before and now. A need's own data changes only
    when its page is read, or when its parent's or grandparent's does (a layer's TOM, the
    classification it inherits): D is C with the needs below C. A card shows its need
    and the needs one link away, so A is D with the needs linking to D or linked from it,
    before and now. A view scoped to a TOM shows that TOM's needs and the council-level
    needs (strategies, priorities, plans) they reach by links, however far: T is the TOMs
    of A, the TOMs whose folders hold a page read, and the TOMs of the needs that reach a
    council-level need of D through links. A page is worked out again when it was read,
    is new, has a view of the whole council, holds a need of A or of a TOM of T (now or
    before), has a view scoped to a TOM of T, or lists the supporters of a need and one of
    them, now or before, is in D.
    """
    if (not before or before.get("format") != FORMAT
            or before.get("context") != now["context"]
            or before["reads"].keys() - now["reads"].keys()):
        return None
    graph = _Graph(site, before)
    read = {doc for doc, stamp in now["reads"].items() if before["reads"].get(doc) != stamp}
    changed = {i for doc in read for i in (*before["pages"].get(doc, ()),
                                           *authored.get(doc, ()),
                                           *(n.id for n in site.by_doc.get(doc, ())))}
    changed |= graph.below(changed)
    reached = changed | {n for i in changed for n in graph.neighbours(i)}
    toms = {t for i in reached for t in graph.toms(i)} | graph.toms_reaching(changed)
    toms |= {tom for doc in read if (tom := _tom_of_folder(site, doc))}
    structural = any(before.get("shapes", {}).get(doc) != now["shapes"].get(doc)
                     for doc in read)
    change = _Change(changed, toms, _layer_keys_touched(changed, graph), structural, graph)
    redo = set(read)
    for doc in views.keys() | site.by_doc.keys() | before["pages"].keys():
        if doc in redo:
            continue
        held = {*before["pages"].get(doc, ()), *(n.id for n in site.by_doc.get(doc, ()))}
        if (held & reached or any(graph.toms(i) & toms for i in held)
                or any(_shows_a_change(scope_of(view), change)
                       for view in views.get(doc, ()))):
            redo.add(doc)
    return redo


@dataclass(frozen=True, slots=True)
class _Change:
    """D, the TOMs T of what it reaches, the layer keys of its layers and actions, now
    and before (None when D holds anything else: every layer key), and whether a page
    read again changed in anything but :data:`PROGRESS`."""

    needs: set[str]
    toms: set[str]
    layer_keys: set[str] | None
    structural: bool
    graph: _Graph


def _layer_keys_touched(changed: set[str], graph: _Graph) -> set[str] | None:
    keys: set[str] = set()
    for need_id in changed:
        if not graph.types(need_id) - {""} <= {"action", "layer"}:
            return None
        keys |= graph.layer_keys(need_id)
    return keys


def _shows_a_change(scope: str | Supporters | LayerKey | Structure | None,
                    change: _Change) -> bool:
    """Whether a view of this scope can show the change. A list of supporters shows them
    with their TOM and layer, so it changes only when a supporter, now or before, is in D
    (which holds the needs below a changed TOM or layer). A layer's page shows every TOM,
    the strategies that lead the layer, the layers of its key and their actions: it
    changes when anything but a layer or an action is in D, or a layer or action of its
    key, now or before. A view of the council's structure changes only with it."""
    if scope is None:
        return True
    if isinstance(scope, Structure):
        return change.structural
    if isinstance(scope, Supporters):
        return any(change.graph.sources(target, "supports") & change.needs
                   for target in scope.ids)
    if isinstance(scope, LayerKey):
        return change.layer_keys is None or scope.key in change.layer_keys
    return scope in change.toms


def _tom_of_folder(site: Site, docname: str) -> str:
    """The TOM whose folder holds the page (its sections and models show on the TOM's
    page), or ""."""
    folder = posixpath.dirname(docname)
    while folder:
        if folder in site.tom_of_folder:
            return site.tom_of_folder[folder]
        folder = posixpath.dirname(folder)
    return ""


class _Graph:
    """The links between needs in this build and in the build of ``before``."""

    def __init__(self, site: Site, before: Basis):
        self.site = site
        self.before = before
        self.back_before: dict[str, dict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set))
        for source, links in before["links"].items():
            for name, targets in links.items():
                for target in targets:
                    self.back_before[target][name].add(source)

    def sources(self, need_id: str, link: str = "") -> set[str]:
        """The needs linking to ``need_id`` (by ``link`` only, when given), before or now."""
        found: set[str] = set()
        for incoming in (self.site.back.get(need_id, {}), self.back_before.get(need_id, {})):
            for name, ids in incoming.items():
                if not link or name == link:
                    found.update(ids)
        return found

    def targets(self, need_id: str) -> set[str]:
        need = self.site.by_id.get(need_id)
        links = [*(need.links.values() if need else ()),
                 *self.before["links"].get(need_id, {}).values()]
        return {target for targets in links for target in targets}

    def neighbours(self, need_id: str) -> set[str]:
        return self.sources(need_id) | self.targets(need_id)

    def below(self, ids: set[str]) -> set[str]:
        """The needs whose parent or grandparent is one of ``ids``, before or now."""
        children = {c for i in ids for c in self.sources(i, "part_of")}
        return children | {c for i in children for c in self.sources(i, "part_of")}

    def types(self, need_id: str) -> set[str]:
        """The need's type now and before ("" where it was not there)."""
        need = self.site.by_id.get(need_id)
        return {need.type if need is not None else "",
                self.before["types"].get(need_id, "")}

    def layer_keys(self, need_id: str) -> set[str]:
        """The key of the need's layer, now and before."""
        need = self.site.by_id.get(need_id)
        layer = self.site.layer_of(need) if need is not None else None
        return {str(layer.get("layer_key")) if layer is not None else "",
                self.before["layer_keys"].get(need_id, "")}

    def toms(self, need_id: str) -> set[str]:
        """The TOM the need belongs to, and the one it belonged to before."""
        need = self.site.by_id.get(need_id)
        tom = self.site.tom_of(need) if need is not None else None
        return {t for t in (tom.id if tom else "", self.before["toms"].get(need_id, ""))
                if t}

    def toms_reaching(self, ids: set[str]) -> set[str]:
        """The TOMs of the needs that reach a council-level need of ``ids`` (one of no
        TOM) through links, however many."""
        toms: set[str] = set()
        seen = {i for i in ids if not self.toms(i)}
        frontier = list(seen)
        while frontier:
            for source in self.sources(frontier.pop()):
                owners = self.toms(source)
                toms |= owners
                if not owners and source not in seen:
                    seen.add(source)
                    frontier.append(source)
        return toms
