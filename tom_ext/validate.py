"""Checks of what authors wrote: findings with document, line, what is wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .model import FieldSpec, NeedTypeSpec
from .records import Need, NeedRecord, Site, split_list
from .warnings import TomWarning

_UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Finding:
    docname: str
    lineno: int
    subtype: TomWarning
    message: str


def closest(word: str, candidates: list[str] | tuple[str, ...], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.5)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    near = closest(word, candidates, n=1)
    return f"did you mean {near[0]!r}? " if near else ""


def check_date(value: str) -> str | None:
    """None if ``value`` is an ISO date that exists; else what to write instead."""
    match = _UK_DATE.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return (f"{value!r} is not an ISO date — write it as "
                f"{year:04d}-{month:02d}-{day:02d} (year-month-day)")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return f"{value!r} is not an ISO date — write it as YYYY-MM-DD, e.g. 2026-03-31"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a real date — check the day and month"
    return None


def validate(site: Site, departments: Mapping[str, str]) -> list[Finding]:
    """Every finding of the site, sorted by document and line."""
    found: list[Finding] = []
    for need_id, extra in site.duplicates.items():
        first = site.by_id[need_id].record
        for record in extra:
            found.append(Finding(
                record.docname, record.lineno, TomWarning.DUPLICATE_ID,
                f"ID {need_id} is already used by the {first.type} at "
                f"{first.docname}:{first.lineno} — give this {record.type} its own ID"))
    for record in site.unidentified:
        # sphinx-needs reports the missing ID itself; say why it is missing
        found.extend(_options_in_body(record))
    for need in site.by_id.values():
        spec = site.model.type(need.type)
        if spec is None:
            continue
        found.extend(_check_need(site, need, spec, departments))
    found.extend(_check_toms(site))
    return sorted(found, key=lambda f: (f.docname, f.lineno, f.subtype.value, f.message))


def _check_need(site: Site, need: Need, spec: NeedTypeSpec,
                departments: Mapping[str, str]) -> Iterator[Finding]:
    record = need.record
    where = record.docname
    yield from _options_in_body(record)
    for fspec in spec.fields:
        yield from _check_field(site, need, fspec)
    if need.type == "tom":
        dept = need.get("department")
        if dept and departments and dept not in departments:
            yield Finding(where, record.line_of("department"), TomWarning.BAD_VALUE,
                          f"department {dept!r} is not one of the site's departments — "
                          f"{_did_you_mean(dept, list(departments))}use one of: "
                          f"{', '.join(sorted(departments))} (conf.py tom_departments)")
    yield from _check_links(site, need, spec)
    yield from _check_placement(site, need)


def _options_in_body(record: NeedRecord) -> Iterator[Finding]:
    for line, text in record.body_options:
        yield Finding(record.docname, line, TomWarning.OPTIONS_IN_BODY,
                      f"{text!r} is body text, not an option, because a blank line stands "
                      "between the directive's options and this line — remove the blank "
                      "line so every option follows the directive's first line directly")


def _check_field(site: Site, need: Need, fspec: FieldSpec) -> Iterator[Finding]:
    record = need.record
    value = need.fields.get(fspec.name, "")
    line = record.line_of(fspec.name)
    if not value:
        if fspec.required and fspec.name not in need.derived:
            yield Finding(record.docname, record.lineno, TomWarning.MISSING_FIELD,
                          f"{need.type} {need.id or need.title!r} has no :{fspec.name}: — "
                          f"add a line such as ':{fspec.name}: {fspec.example}' "
                          f"({fspec.description})")
        return
    if fspec.kind == "enum":
        allowed = site.model.allowed(fspec)
        if allowed and value not in allowed:
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name} {value!r} is not allowed — "
                          f"{_did_you_mean(value, allowed)}use one of: {', '.join(allowed)}")
    elif fspec.kind == "date":
        problem = check_date(value)
        if problem:
            yield Finding(record.docname, line, TomWarning.BAD_DATE,
                          f"{fspec.name}: {problem}")
    elif fspec.kind == "number":
        if not _NUMBER.match(value.replace(",", "")):
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name} {value!r} is not a number — write digits only, "
                          f"e.g. :{fspec.name}: {fspec.example}")
    elif fspec.kind == "list" and fspec.name == "leads":
        for key in split_list(value):
            if key not in site.framework.keys():
                yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                              f"leads: {key!r} is not a layer of the {site.framework.title} "
                              f"— {_did_you_mean(key, site.framework.keys())}use one of: "
                              f"{', '.join(site.framework.keys())}")


def _check_links(site: Site, need: Need, spec: NeedTypeSpec) -> Iterator[Finding]:
    record = need.record
    for lspec in spec.links:
        targets = need.links.get(lspec.name, [])
        line = record.line_of(lspec.name)
        if not targets and lspec.required:
            kinds = " or ".join(lspec.targets)
            yield Finding(record.docname, record.lineno, TomWarning.MISSING_FIELD,
                          f"{need.type} {need.id} has no :{lspec.name}: link — add "
                          f"':{lspec.name}: <ID>' naming the {kinds} it serves")
        for target_id in targets:
            target = site.by_id.get(target_id)
            if target is None:
                near = closest(target_id, list(site.by_id))
                hint = (f"did you mean {' or '.join(near)}?" if near
                        else f"check the ID of the {' or '.join(lspec.targets)}")
                yield Finding(record.docname, line, TomWarning.UNKNOWN_LINK,
                              f"{lspec.name}: no need has the ID {target_id} — {hint}")
            elif target.type not in lspec.targets:
                allowed = " or ".join(lspec.targets)
                yield Finding(record.docname, line, TomWarning.WRONG_LINK_TYPE,
                              f"{lspec.name}: {target_id} is a {target.type}, but "
                              f":{lspec.name}: of {_a(need.type)} must name a {allowed} — "
                              f"link to the {allowed} instead")


def _check_placement(site: Site, need: Need) -> Iterator[Finding]:
    record = need.record
    if need.type == "layer":
        folder_tom = site.parent(need)
        if folder_tom is None or folder_tom.type != "tom":
            yield Finding(record.docname, record.lineno, TomWarning.PLACEMENT,
                          f"layer {need.id} is not inside a TOM folder — put it on a page "
                          f"<TOM folder>/<layer>.md next to the TOM's index.md")
        key = need.fields.get("layer_key", "")
        if not key and folder_tom is not None:
            yield Finding(record.docname, record.lineno, TomWarning.PLACEMENT,
                          f"layer {need.id}: the page name does not say which layer it is — "
                          f"name the file after the layer ({', '.join(site.framework.keys())})"
                          " or add :layer_key:")
    elif need.type == "action":
        layer = site.parent(need)
        if layer is None and not need.links.get("part_of"):
            yield Finding(record.docname, record.lineno, TomWarning.PLACEMENT,
                          f"action {need.id} is not on a layer page — move it to the page "
                          "of the layer whose route it belongs to")


def _check_toms(site: Site) -> Iterator[Finding]:
    layers_of: dict[str, dict[str, Need]] = {}
    for layer in site.by_type.get("layer", []):
        tom = site.parent(layer)
        if tom is not None and tom.type == "tom":
            layers_of.setdefault(tom.id, {})[layer.get("layer_key")] = layer
        if layer.get("applicable") == "no" and not layer.get("reason"):
            yield Finding(layer.docname, layer.record.line_of("applicable"),
                          TomWarning.LAYER_REASON,
                          f"layer {layer.id} is marked not applicable without a reason — "
                          "add ':reason: <why this layer does not apply>'")
    for tom in site.by_type.get("tom", []):
        present = layers_of.get(tom.id, {})
        missing = [lay for lay in site.framework.layers if lay.key not in present]
        for lay in missing:
            yield Finding(tom.docname, tom.record.lineno, TomWarning.MISSING_LAYER,
                          f"TOM {tom.id} has no {lay.title} layer — add the page "
                          f"{tom.docname.rsplit('/', 1)[0]}/{lay.key}.md (or mark it "
                          "':applicable: no' with a ':reason:')")
