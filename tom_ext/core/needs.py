"""Needs as authored (one record per need directive) and the site they make, with link maps."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from tom_ext.core.framework import Framework
from tom_ext.core.model import Model
from tom_ext.core.values import split_list

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """One need directive as the author wrote it, with where each option stands."""

    id: str
    type: str
    title: str
    docname: str
    lineno: int
    options: Mapping[str, str] = field(default_factory=dict)
    option_lines: Mapping[str, int] = field(default_factory=dict)
    body_options: tuple[tuple[int, str], ...] = ()
    """``(line, text)`` of ``:name: value`` lines that open the body: options that a
    blank line after the title turned into text."""
    content: str = ""
    """The need's body text as written (what ``tom diff`` compares to spot a renamed ID)."""
    unknown_options: tuple[tuple[int, str], ...] = ()
    """``(line, name)`` of options the need's type does not have (left out of
    ``options``): a misspelt ``:support:`` is reported as that, not as a missing link."""
    repeated_options: tuple[tuple[int, str, int], ...] = ()
    """``(line, name, first line)`` of options given twice (the last one counts)."""
    pasted: tuple[tuple[int, str], ...] = ()
    """``(line, what)`` of characters pasted from a word processor into the options."""
    unclosed: tuple[int, str] | None = None
    """``(line, what)`` when the closing fence is missing: what became the need's text."""

    def line_of(self, option: str) -> int:
        return self.option_lines.get(option, self.lineno)


@dataclass(slots=True)
class Need:
    """A need as the site sees it: authored values plus what its file implies."""

    record: NeedRecord
    fields: dict[str, str]
    links: dict[str, list[str]]
    derived: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def type(self) -> str:
        return self.record.type

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def docname(self) -> str:
        return self.record.docname

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name) or default

    @property
    def short_title(self) -> str:
        """A TOM's title without "TOM 2025–2030", for matrix headings."""
        return re.sub(r"\s+TOM(\s+\d{4}\s*[–-]\s*\d{4})?\s*$", "", self.title) or self.title


class Site:
    """All needs of a build, indexed once: by id, by type, by document, and back links."""

    def __init__(self, records: Iterable[NeedRecord], model: Model, framework: Framework, *,
                 departments: Mapping[str, str] | None = None,
                 sections: Mapping[str, Sequence[str]] | None = None,
                 today: dt.date | None = None,
                 target_models: Mapping[str, Sequence[str]] | None = None,
                 current_models: Mapping[str, Sequence[str]] | None = None,
                 section_texts: Mapping[str, Mapping[str, Sequence[str]]] | None = None):
        self._memo: dict[tuple[object, ...], object] = {}
        self._deferred: dict[tuple[object, ...], Callable[[], object]] = {}
        self.model = model
        self.today = today or dt.date.today()
        """The build date: overdue actions and past review dates are judged against it."""
        self.framework = framework
        self.departments = dict(departments or {})
        self.sections: Mapping[str, Sequence[str]] = sections or {}
        """Section titles of each page that holds a layer."""
        self.target_models: Mapping[str, Sequence[str]] = target_models or {}
        """Paragraphs of the target operating model of each page that holds a layer."""
        self.current_models: Mapping[str, Sequence[str]] = current_models or {}
        """Paragraphs of the current operating model of each page that holds a layer."""
        self.section_texts: Mapping[str, Mapping[str, Sequence[str]]] = section_texts or {}
        """Paragraphs of each section (by its title in lower case) of a TOM's or a layer's
        page."""
        self.withheld: Counter[tuple[str, str]] = Counter()
        """Items a public build leaves out: ``(need type, TOM ID or "")`` → how many."""
        self.withheld_layers: set[tuple[str, str]] = set()
        """``(TOM ID, layer key)`` of the layers a public build leaves out."""
        self.duplicates: dict[str, list[NeedRecord]] = defaultdict(list)
        self.by_id: dict[str, Need] = {}
        self.unidentified: list[NeedRecord] = []
        ordered = sorted(records, key=lambda r: (r.docname, r.lineno, r.id))
        for record in ordered:
            if not record.id:
                self.unidentified.append(record)
                continue
            if record.id in self.by_id:
                self.duplicates[record.id].append(record)
                continue
            self.by_id[record.id] = _need_from(record, model)
        self.by_doc: dict[str, list[Need]] = defaultdict(list)
        self.by_type: dict[str, list[Need]] = defaultdict(list)
        for need in self.by_id.values():
            self.by_doc[need.docname].append(need)
            self.by_type[need.type].append(need)
        self._place()
        self.back: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for need in self.by_id.values():
            for link, targets in need.links.items():
                for target in targets:
                    self.back[target][link].append(need.id)

    def __getstate__(self) -> dict[str, object]:
        """What a kept copy holds (:func:`tom_ext.changes.snapshot.load_kept`): the needs
        and their indexes, not the views worked out from them."""
        state = dict(self.__dict__)
        state["_memo"], state["_deferred"] = {}, {}
        state["back"] = {target: dict(links) for target, links in self.back.items()}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        back: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for target, links in cast(dict[str, dict[str, list[str]]], state["back"]).items():
            back[target] = defaultdict(list, links)
        self.back = back

    def _place(self) -> None:
        """Fill what a need's file implies: a layer's TOM and key, an action's layer."""
        tom_of_folder: dict[str, str] = {}
        for tom in self.by_type.get("tom", []):
            folder, base = posixpath.split(tom.docname)
            if base == "index" and folder not in tom_of_folder:
                tom_of_folder[folder] = tom.id
            department = posixpath.basename(posixpath.dirname(folder))
            if "department" not in tom.fields and department in self.departments:
                tom.fields["department"] = department
                tom.derived.add("department")
        self.tom_of_folder = tom_of_folder
        for need in self.by_type.get("layer", []):
            folder, base = posixpath.split(need.docname)
            if "layer_key" not in need.fields and self.framework.get(base):
                need.fields["layer_key"] = base
                need.derived.add("layer_key")
            tom_id = tom_of_folder.get(folder)
            if not need.links.get("part_of") and tom_id:
                need.links["part_of"] = [tom_id]
                need.derived.add("part_of")
        for need in self.by_type.get("action", []):
            layers = [n for n in self.by_doc[need.docname] if n.type == "layer"]
            if not need.links.get("part_of") and len(layers) == 1:
                need.links["part_of"] = [layers[0].id]
                need.derived.add("part_of")
        for need in self.by_type.get("layer", []) + self.by_type.get("action", []):
            if "classification" not in need.fields:
                # the nearest of its layer (itself inherited) and its TOM that says one
                layer = self.layer_of(need) if need.type == "action" else None
                owner = layer if layer is not None and layer.fields.get(
                    "classification") else self.tom_of(need)
                if owner is not None and owner.fields.get("classification"):
                    need.fields["classification"] = owner.fields["classification"]
                    need.derived.add("classification")

    def without(self, ids: Collection[str]) -> Site:
        """This site less the needs ``ids``, indexed afresh (what a public build shows)."""
        return Site((need.record for need in self.by_id.values() if need.id not in ids),
                    self.model, self.framework, departments=self.departments,
                    sections=self.sections, today=self.today,
                    target_models=self.target_models, current_models=self.current_models,
                    section_texts=self.section_texts)

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """Compute a view once per build: every page, fingerprint and export that shows it
        shares the result."""
        if key not in self._memo:
            self._memo[key] = self._deferred.pop(key, compute)()
        return cast(T, self._memo[key])

    def defer(self, key: tuple[object, ...], compute: Callable[[], object]) -> None:
        """Say how a view is computed without computing it: the first :meth:`memo` of
        ``key`` does, and a build that draws no page showing it never does."""
        if key not in self._memo:
            self._deferred[key] = compute

    def parent(self, need: Need) -> Need | None:
        targets = need.links.get("part_of") or []
        return self.by_id.get(targets[0]) if targets else None

    def tom_of(self, need: Need | None) -> Need | None:
        """The TOM a layer or action belongs to."""
        node = need
        for _ in range(3):
            if node is None or node.type == "tom":
                return node
            node = self.parent(node)
        return None

    def layer_of(self, need: Need) -> Need | None:
        node: Need | None = need
        for _ in range(2):
            if node is None or node.type == "layer":
                return node
            node = self.parent(node)
        return None

    def incoming(self, need_id: str, link: str) -> list[Need]:
        return [self.by_id[i] for i in self.back.get(need_id, {}).get(link, [])]


def _need_from(record: NeedRecord, model: Model) -> Need:
    spec = model.type(record.type)
    link_names = {lk.name for lk in spec.links} if spec else set()
    fields: dict[str, str] = {}
    links: dict[str, list[str]] = {}
    for name, value in record.options.items():
        if name in link_names:
            links[name] = split_list(value)
        else:
            fields[name] = (value or "").strip()
    return Need(record=record, fields=fields, links=links)


def records_from_needs_json(needs: Mapping[str, Mapping[str, object]],
                            model: Model) -> list[NeedRecord]:
    """Records from sphinx-needs' ``needs.json`` (one version's ``needs``), for tools that
    work on a published site's data without building it."""
    records = []
    for need_id, need in sorted(needs.items()):
        spec = model.type(str(need.get("type")))
        if spec is None:
            continue
        options: dict[str, str] = {}
        for fspec in spec.fields:
            value = need.get(fspec.name)
            if value not in (None, ""):
                options[fspec.name] = str(value)
        for lspec in spec.links:
            value = need.get(lspec.name)
            if isinstance(value, list) and value:
                options[lspec.name] = ", ".join(str(v) for v in value)
        records.append(NeedRecord(id=need_id, type=spec.directive, title=str(need["title"]),
                                  docname=str(need.get("docname") or ""),
                                  lineno=int(need.get("lineno") or 0),  # type: ignore[call-overload]
                                  options=options, content=str(need.get("content") or "")))
    return records
