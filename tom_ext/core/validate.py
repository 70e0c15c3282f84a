"""Checks of what authors wrote: findings with document, line, what is wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence

from tom_ext.core import ids
from tom_ext.core.finding import Finding, a, check_date, did_you_mean, is_prompt, short
from tom_ext.core.framework import Layer
from tom_ext.core.links import check_links, check_prose_links, fold_gone_targets
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import STARTER, FieldSpec, NeedTypeSpec
from tom_ext.core.needs import Need, Site
from tom_ext.core.refresh import Timetable, check_refresh
from tom_ext.core.rules import (
    check_approval,
    check_orphans,
    check_overdue,
    check_owners,
    check_review_dates,
)
from tom_ext.core.values import parse_targets, split_list
from tom_ext.core.writing import how_it_was_written, lost_options, unknown_options

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

__all__ = ["Finding", "check_date", "validate"]


SECTIONS = ("Current operating model", "Target operating model", "Route")


def _not_written(docname: str, line: int, text: str) -> Finding:
    """A ``TODO`` prompt left in (a fault), or a new site's starter text (a notice)."""
    if text.startswith(STARTER):
        return Finding(docname, line, TomWarning.STARTER_TEXT,
                       f"starter text still to write: {short(text[len(STARTER):].strip())} "
                       "— replace it with your own text")
    return Finding(docname, line, TomWarning.NOT_WRITTEN,
                   f"not written yet: {short(text)} — replace the prompt with your text")


def validate(site: Site, departments: Mapping[str, str],
             sections: Mapping[str, Sequence[str]] | None = None,
             today: dt.date | None = None,
             prompts: Mapping[str, Sequence[tuple[int, str]]] | None = None, *,
             prose_links: Mapping[str, Sequence[tuple[int, str]]] | None = None,
             known_ids: Mapping[str, str] | None = None,
             timetable: Timetable | None = None) -> list[Finding]:
    """Every finding of the site, sorted by document and line.

    ``sections`` gives each document's section titles (for the layer sections check);
    ``today`` is the build date (for review-by and overdue notices); ``prose_links`` the
    ``{need}`` links in each page's text; ``known_ids`` where each ID was last defined
    (to say where a need that is gone was); ``timetable`` the current refresh's (for the
    notices of TOMs behind it).
    """
    found: list[Finding] = []
    found.extend(check_prose_links(site, prose_links or {}))
    found.extend(check_approval(site))
    found.extend(check_owners(site))
    if sections is not None:
        found.extend(_check_sections(site, sections))
    found.extend(_check_ids(site))
    for docname, items in (prompts or {}).items():
        found.extend(_not_written(docname, line, text) for line, text in items)
    found.extend(check_orphans(site))
    if today is not None:
        found.extend(check_review_dates(site, today))
        found.extend(check_overdue(site, today))
        found.extend(check_refresh(site, timetable, today))
    for need_id, extra in site.duplicates.items():
        first = site.by_id[need_id].record
        for record in extra:
            found.append(Finding(
                record.docname, record.lineno, TomWarning.DUPLICATE_ID,
                f"ID {need_id} is already used by the {first.type} at "
                f"{first.docname}:{first.lineno} — give this {record.type} its own ID"))
    for record in site.unidentified:
        # the ID is missing (sphinx-needs says so); say why, when the text shows it
        found.extend(how_it_was_written(record))
    for need in site.by_id.values():
        spec = site.model.type(need.type)
        if spec is None:
            continue
        found.extend(_check_need(site, need, spec, departments))
    found.extend(_check_toms(site))
    found = fold_gone_targets(found, known_ids or {})
    return sorted(found, key=lambda f: (f.docname, f.lineno, f.subtype.value, f.message))


def _check_need(site: Site, need: Need, spec: NeedTypeSpec,
                departments: Mapping[str, str]) -> Iterator[Finding]:
    record = need.record
    where = record.docname
    yield from how_it_was_written(record)
    yield from unknown_options(record, spec)
    if is_prompt(record.title):
        yield Finding(where, record.lineno, TomWarning.NOT_WRITTEN,
                      f"not written yet: the title of {need.id} — replace "
                      f"'{short(record.title)}' with the {need.type}'s title")
    for fspec in spec.fields:
        yield from _check_field(site, need, fspec)
    if need.type == "tom":
        dept = need.get("department")
        if dept and departments and dept not in departments:
            yield Finding(where, record.line_of("department"), TomWarning.BAD_VALUE,
                          f"department {dept!r} is not one of the site's departments — "
                          f"{did_you_mean(dept, list(departments))}use one of: "
                          f"{', '.join(sorted(departments))} (conf.py tom_departments)")
    yield from check_links(site, need, spec)
    yield from _check_placement(site, need)


def _missing(need: Need, fspec: FieldSpec) -> Finding:
    """A required field not given: at its line when the option is written empty."""
    record = need.record
    what = (fspec.description[0].lower() + fspec.description[1:]).rstrip(".")
    if fspec.name in record.option_lines:
        return Finding(record.docname, record.line_of(fspec.name), TomWarning.MISSING_FIELD,
                       f":{fspec.name}: of {need.type} {need.id or need.title!r} is empty — "
                       f"write the {what} after it, e.g. ':{fspec.name}: "
                       f"{fspec.example}'")
    return Finding(record.docname, record.lineno, TomWarning.MISSING_FIELD,
                   f"{need.type} {need.id or need.title!r} has no :{fspec.name}: — add a "
                   f"line such as ':{fspec.name}: {fspec.example}': the {what}")


def _check_field(site: Site, need: Need, fspec: FieldSpec) -> Iterator[Finding]:
    record = need.record
    value = need.fields.get(fspec.name, "")
    line = record.line_of(fspec.name)
    if not value and fspec.name in lost_options(record, site.model.type(need.type)):
        return
    if is_prompt(value):
        yield Finding(record.docname, line, TomWarning.NOT_WRITTEN,
                      f"not written yet: :{fspec.name}: of {need.id} — write the "
                      f"{fspec.description[0].lower()}{fspec.description[1:].rstrip('.')} "
                      f"(e.g. ':{fspec.name}: {fspec.example}')")
        return
    if any(at == line for at, _what in record.pasted):
        return  # the pasted character is the cause, reported at this line
    if not value:
        if fspec.required and fspec.name not in need.derived:
            yield _missing(need, fspec)
        return
    if fspec.kind == "enum":
        allowed = site.model.allowed(fspec)
        if allowed and value not in allowed:
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name} {value!r} is not allowed — "
                          f"{did_you_mean(value, allowed)}use one of: {', '.join(allowed)}")
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
    elif fspec.kind == "targets":
        targets, bad = parse_targets(value)
        for item in bad:
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name}: {item!r} is not department=amount — write e.g. "
                          f"{fspec.example}")
        for key in sorted(set(targets) - set(site.departments)) if site.departments else []:
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name}: {key!r} is not one of the site's departments — "
                          f"{did_you_mean(key, list(site.departments))}use one of: "
                          f"{', '.join(site.departments)}")
    elif fspec.kind == "list" and fspec.name == "leads":
        for key in split_list(value):
            if key not in site.framework.keys():
                yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                              f"leads: {key!r} is not a layer of the {site.framework.title} "
                              f"— {did_you_mean(key, site.framework.keys())}use one of: "
                              f"{', '.join(site.framework.keys())}")


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
        if layer is None and not need.links.get("part_of") \
                and _unmarked_layer_page(site, need.docname) is None:
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
        draft = tom.get("stage") == "first-draft"
        for lay in missing:
            page = f"{tom.docname.rsplit('/', 1)[0]}/{lay.key}.md"
            if page.removesuffix(".md") in site.by_doc:  # the page is there, unmarked
                yield _unmarked_layer(site, tom, lay, page.removesuffix(".md"))
                continue
            if draft:  # a first draft is written layer by layer: a reminder, not a fault
                yield Finding(tom.docname, tom.record.lineno, TomWarning.DRAFT_LAYER,
                              f"TOM {tom.id} (first draft) has no {lay.title} layer yet — "
                              f"add the page {page} before the second draft (or mark it "
                              "':applicable: no' with a ':reason:')")
                continue
            yield Finding(tom.docname, tom.record.lineno, TomWarning.MISSING_LAYER,
                          f"TOM {tom.id} has no {lay.title} layer — add the page "
                          f"{page} (or mark it ':applicable: no' with a ':reason:')")


def _unmarked_layer_page(site: Site, docname: str) -> tuple[Need, Layer] | None:
    """``(TOM, layer)`` when ``docname`` is where a TOM's layer page goes (``<TOM
    folder>/<layer key>``) but has no layer on it."""
    folder, _, key = docname.rpartition("/")
    tom = next((n for n in site.by_doc.get(f"{folder}/index", ()) if n.type == "tom"), None)
    lay = next((lay for lay in site.framework.layers if lay.key == key), None)
    if tom is None or lay is None or any(n.type == "layer" for n in site.by_doc[docname]):
        return None
    return tom, lay


def _unmarked_layer(site: Site, tom: Need, lay: Layer, docname: str) -> Finding:
    """One message, at the top of the page, for a layer page without its layer block
    (not one per action on it, nor one at the TOM saying the page is missing)."""
    wanted = ids.layer_id(tom.id.removeprefix("TOM_"), lay.code)
    return Finding(docname, 1, TomWarning.MISSING_LAYER,
                   f"this page has no ```{{layer}} block, so it is not TOM {tom.id}'s "
                   f"{lay.title} layer and its actions belong to no layer — add under its "
                   f"heading the lines '```{{layer}} {lay.title}', ':id: {wanted}' and "
                   "'```'")


def _check_sections(site: Site, sections: Mapping[str, Sequence[str]]) -> Iterator[Finding]:
    for layer in site.by_type.get("layer", []):
        if layer.get("applicable") == "no" or layer.record.unclosed:
            continue  # an unclosed fence took the sections: that is the one message
        titles = {t.strip().lower() for t in sections.get(layer.docname, ())}
        for wanted in SECTIONS:
            if wanted.lower() not in titles:
                yield Finding(layer.docname, layer.record.lineno, TomWarning.MISSING_SECTION,
                              f"layer {layer.id} has no '{wanted}' section — add a heading "
                              f"'## {wanted}' and write it (or mark the layer "
                              "':applicable: no' with a ':reason:')")


def _check_ids(site: Site) -> Iterator[Finding]:
    suggested: set[str] = set()  # never the same new ID for two needs
    for need in site.by_id.values():
        broken = ids.expected_id(site, need, suggested)
        if broken is not None:
            pattern, suggestion = broken
            suggested.add(suggestion)
            yield Finding(need.docname, need.record.line_of("id"), TomWarning.ID_CONVENTION,
                          f"ID {need.id} does not follow the convention {pattern} for "
                          f"{a(need.type)} — use {suggestion}")


