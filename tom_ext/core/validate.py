"""Checks of what authors wrote: findings with document, line, what is wrong and how to fix it."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tom_ext.core import ids
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import PROMPT, FieldSpec, NeedTypeSpec
from tom_ext.core.needs import Need, NeedRecord, Site
from tom_ext.core.values import parse_targets, split_list

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


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def is_prompt(value: str) -> bool:
    return value.strip().startswith(PROMPT)


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


SECTIONS = ("Current operating model", "Target operating model", "Route")


def validate(site: Site, departments: Mapping[str, str],
             sections: Mapping[str, Sequence[str]] | None = None,
             today: dt.date | None = None,
             prompts: Mapping[str, Sequence[tuple[int, str]]] | None = None) -> list[Finding]:
    """Every finding of the site, sorted by document and line.

    ``sections`` gives each document's section titles (for the layer sections check);
    ``today`` is the build date (for review-by notices).
    """
    found: list[Finding] = []
    if sections is not None:
        found.extend(_check_sections(site, sections))
    found.extend(_check_ids(site))
    for docname, items in (prompts or {}).items():
        for line, text in items:
            found.append(Finding(docname, line, TomWarning.NOT_WRITTEN,
                                 f"not written yet: {_short(text)} — replace the prompt with "
                                 "your text"))
    found.extend(_check_orphans(site))
    if today is not None:
        found.extend(_check_review_dates(site, today))
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
    yield from _unknown_options(record, spec)
    if is_prompt(record.title):
        yield Finding(where, record.lineno, TomWarning.NOT_WRITTEN,
                      f"not written yet: the title of {need.id} — replace "
                      f"'{_short(record.title)}' with the {need.type}'s title")
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


def _lost_options(record: NeedRecord, spec: NeedTypeSpec | None) -> set[str]:
    """Options a blank line turned into body text, and the options a misspelt one was
    meant to be: reported once, as that, not as missing."""
    lost = {text.split(":")[1] for _line, text in record.body_options if text.count(":") >= 2}
    return lost | set(_meant(record, spec).values())


def _own_options(spec: NeedTypeSpec) -> list[str]:
    return [f.name for f in spec.fields] + [lk.name for lk in spec.links]


def _meant(record: NeedRecord, spec: NeedTypeSpec | None) -> dict[str, str]:
    """Each unknown option of ``record`` -> the option of its type it most likely meant."""
    if spec is None:
        return {}
    own = _own_options(spec)
    found = {name: closest(name.lower(), own, n=1) for _line, name in record.unknown_options}
    return {name: near[0] for name, near in found.items() if near}


def _unknown_options(record: NeedRecord, spec: NeedTypeSpec) -> Iterator[Finding]:
    meant = _meant(record, spec)
    for line, name in record.unknown_options:
        hint = f"did you mean ':{meant[name]}:'? The" if name in meant else "the"
        yield Finding(record.docname, line, TomWarning.UNKNOWN_OPTION,
                      f"':{name}:' is not an option of {_a(record.type)} — {hint} "
                      f"options of {_a(record.type)} are :{':, :'.join(_own_options(spec))}:")


def _check_field(site: Site, need: Need, fspec: FieldSpec) -> Iterator[Finding]:
    record = need.record
    value = need.fields.get(fspec.name, "")
    line = record.line_of(fspec.name)
    if not value and fspec.name in _lost_options(record, site.model.type(need.type)):
        return
    if is_prompt(value):
        yield Finding(record.docname, line, TomWarning.NOT_WRITTEN,
                      f"not written yet: :{fspec.name}: of {need.id} — write the "
                      f"{fspec.description[0].lower()}{fspec.description[1:].rstrip('.')} "
                      f"(e.g. ':{fspec.name}: {fspec.example}')")
        return
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
    elif fspec.kind == "targets":
        targets, bad = parse_targets(value)
        for item in bad:
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name}: {item!r} is not department=amount — write e.g. "
                          f"{fspec.example}")
        for key in sorted(set(targets) - set(site.departments)) if site.departments else []:
            yield Finding(record.docname, line, TomWarning.BAD_VALUE,
                          f"{fspec.name}: {key!r} is not one of the site's departments — "
                          f"{_did_you_mean(key, list(site.departments))}use one of: "
                          f"{', '.join(site.departments)}")
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
        if not targets and lspec.required and lspec.name not in _lost_options(record, spec):
            kinds = " or ".join(lspec.targets)
            yield Finding(record.docname, record.lineno, TomWarning.MISSING_FIELD,
                          f"{need.type} {need.id} has no :{lspec.name}: link — add "
                          f"':{lspec.name}: <ID>' naming the {kinds} it serves")
        if any(is_prompt(t) for t in targets):
            kinds = " or ".join(lspec.targets)
            yield Finding(record.docname, line, TomWarning.NOT_WRITTEN,
                          f"not written yet: :{lspec.name}: of {need.id} — name the IDs of "
                          f"the {kinds} ({lspec.description[0].lower()}"
                          f"{lspec.description[1:].rstrip('.')})")
            continue
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
        draft = tom.get("stage") == "first-draft"
        for lay in missing:
            page = f"{tom.docname.rsplit('/', 1)[0]}/{lay.key}.md"
            if draft:  # a first draft is written layer by layer: a reminder, not a fault
                yield Finding(tom.docname, tom.record.lineno, TomWarning.DRAFT_LAYER,
                              f"TOM {tom.id} (first draft) has no {lay.title} layer yet — "
                              f"add the page {page} before the second draft (or mark it "
                              "':applicable: no' with a ':reason:')")
                continue
            yield Finding(tom.docname, tom.record.lineno, TomWarning.MISSING_LAYER,
                          f"TOM {tom.id} has no {lay.title} layer — add the page "
                          f"{page} (or mark it ':applicable: no' with a ':reason:')")


def _check_sections(site: Site, sections: Mapping[str, Sequence[str]]) -> Iterator[Finding]:
    for layer in site.by_type.get("layer", []):
        if layer.get("applicable") == "no":
            continue
        titles = {t.strip().lower() for t in sections.get(layer.docname, ())}
        for wanted in SECTIONS:
            if wanted.lower() not in titles:
                yield Finding(layer.docname, layer.record.lineno, TomWarning.MISSING_SECTION,
                              f"layer {layer.id} has no '{wanted}' section — add a heading "
                              f"'## {wanted}' and write it (or mark the layer "
                              "':applicable: no' with a ':reason:')")


def _check_ids(site: Site) -> Iterator[Finding]:
    for need in site.by_id.values():
        broken = ids.expected_id(site, need)
        if broken is not None:
            pattern, suggestion = broken
            yield Finding(need.docname, need.record.line_of("id"), TomWarning.ID_CONVENTION,
                          f"ID {need.id} does not follow the convention {pattern} for "
                          f"{_a(need.type)} — use {suggestion}")


def _check_orphans(site: Site) -> Iterator[Finding]:
    for strategy in site.by_type.get("strategy", []):
        if not site.incoming(strategy.id, "supports"):
            yield Finding(strategy.docname, strategy.record.lineno, TomWarning.ORPHAN,
                          f"no action supports strategy {strategy.id} — link actions to it "
                          "with ':supports:', or retire the strategy")
    for priority in site.by_type.get("priority", []):
        if not site.incoming(priority.id, "aligns"):
            yield Finding(priority.docname, priority.record.lineno, TomWarning.ORPHAN,
                          f"no TOM aligns to priority {priority.id} — name it in the "
                          "':aligns:' of the TOMs that deliver it")
    for tom in site.by_type.get("tom", []):
        if not tom.links.get("aligns"):
            yield Finding(tom.docname, tom.record.lineno, TomWarning.ORPHAN,
                          f"TOM {tom.id} aligns to no priority — add ':aligns:' with the "
                          "priorities it delivers")


def _check_review_dates(site: Site, today: dt.date) -> Iterator[Finding]:
    for tom in site.by_type.get("tom", []):
        value = tom.get("review_by")
        if not value or check_date(value) is not None:
            continue
        if dt.date.fromisoformat(value) < today:
            yield Finding(tom.docname, tom.record.line_of("review_by"),
                          TomWarning.REVIEW_OVERDUE,
                          f"TOM {tom.id} was due for review by {value} — review it and set "
                          "a new ':review_by:' date")
