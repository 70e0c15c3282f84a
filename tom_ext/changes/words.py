"""A diff of the TOMs in words: Markdown for a merge request, plain text, JSON (no Sphinx)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from itertools import groupby
from typing import Any

from tom_ext.changes.diff import (
    KINDS,
    CellChange,
    Diff,
    FieldChange,
    LinkChange,
    NeedChange,
    Place,
)
from tom_ext.core.values import is_number, number
from tom_ext.core.words import (
    DATE_FIELDS,
    field_label,
    money_k,
    plural,
    short_date,
    signed,
)
from tom_ext.views.actions import status_label
from tom_ext.views.coverage import STATE_LABELS, cell_text
from tom_ext.views.summary import STAGE_WORDS

FORMATS = ("text", "markdown", "json")
#: a diff with more need changes than this lists the slipped and worsened ones first
ATTENTION_FROM = 5
#: a Markdown diff with more need changes than this folds each department
FOLD_FROM = 30
OUTSIDE = "Outside the TOMs"
TYPE_NAMES = {"tom": "TOM"}
NO_CHANGES = "No changes to TOMs"


def render(diff: Diff, fmt: str) -> str:
    return {"text": as_text, "markdown": as_markdown, "json": as_json}[fmt](diff)


# -- words shared by every format -----------------------------------------------------

def summary(diff: Diff) -> str:
    """"3 items: 1 added, 2 changed; 1 coverage cell changed state." """
    parts = []
    if diff.needs:
        kinds = ", ".join(f"{diff.count(kind)} {kind}" for kind in KINDS if diff.count(kind))
        parts.append(f"{plural(len(diff.needs), 'item')}: {kinds}")
    if diff.cells:
        parts.append(f"{plural(len(diff.cells), 'coverage cell')} changed state")
    return "; ".join(parts) + "."


def shown(name: str, value: str) -> str:
    """A field's value in words: statuses as words, dates as "31 Mar 2027", money as £k or
    £m, posts as FTE, nothing as "none"."""
    if not value:
        return "none"
    if name == "status":
        return status_label(value)[1]
    if name == "stage":
        return STAGE_WORDS.get(value, value)
    if name == "applicable":
        return {"yes": "applies", "no": "does not apply"}.get(value, value)
    if name in DATE_FIELDS:
        return short_date(value)
    if name == "saving" and is_number(value):
        return money_k(number(value))
    if name == "fte" and is_number(value):
        return f"{signed(number(value))} FTE"
    return value


def type_name(need_type: str) -> str:
    return TYPE_NAMES.get(need_type, need_type)


def field_words(change: FieldChange) -> str:
    """``status: On track → At risk (worsened)``; the text only as "text changed"."""
    if change.name == "text":
        return "text changed"
    words = (f"{field_label(change.name)}: {shown(change.name, change.old)} → "
             f"{shown(change.name, change.new)}")
    return f"{words} ({change.note})" if change.note else words


def link_words(change: LinkChange, code: str = "") -> str:
    """``supports: added PRI_01; removed STR_IT``."""
    parts = []
    if change.added:
        parts.append("added " + ", ".join(f"{code}{i}{code}" for i in change.added))
    if change.removed:
        parts.append("removed " + ", ".join(f"{code}{i}{code}" for i in change.removed))
    return f"{field_label(change.name)}: {'; '.join(parts)}"


def key_fields(change: NeedChange) -> str:
    """The key fields of an added or removed need: ``status: Not started; due: …``."""
    return "; ".join(f"{field_label(f.name)}: {shown(f.name, f.new or f.old)}"
                     for f in change.fields)


def attention_words(change: NeedChange) -> str:
    """Why a change needs attention: ``status worsened, On track → At risk``."""
    parts = [f"status worsened, {shown('status', f.old)} → {shown('status', f.new)}"
             for f in change.fields if f.worsened]
    parts += [f"due date slipped by {plural(f.slipped_days, 'day')}, {short_date(f.old)} → "
              f"{short_date(f.new)}"
              for f in change.fields if f.slipped_days]
    return "; ".join(parts)


def cell_words(state: str, missing: tuple[str, ...], symbol: bool = False) -> str:
    text = cell_text(state, missing)
    return f"{STATE_LABELS.get(state, ('?', state))[0]} {text}" if symbol else text


def tom_heading(place: Place) -> str:
    return f"{place.tom_title} ({place.tom_id})"


Group = tuple[str, list[tuple[Place, list[tuple[Place, list[NeedChange]]]]]]


def groups(changes: tuple[NeedChange, ...]) -> Iterator[Group]:
    """Department → TOM → layer, in the diff's order; needs outside the TOMs last."""
    for department, in_dept in groupby(changes, lambda c: c.place.department or OUTSIDE):
        toms = []
        for _tom, in_tom in groupby(in_dept, lambda c: c.place.tom_id):
            layers = []
            for _layer, in_layer in groupby(in_tom, lambda c: c.place.layer_key):
                items = list(in_layer)
                layers.append((items[0].place, items))
            toms.append((layers[0][0], layers))
        yield department, toms


# -- plain text, for the terminal -------------------------------------------------------

def as_text(diff: Diff) -> str:
    if diff.empty:
        return "\n".join([f"{NO_CHANGES} between {diff.old_label} and {diff.new_label}.",
                          *diff.notes]) + "\n"
    lines = [f"TOM changes from {diff.old_label} to {diff.new_label}", summary(diff)]
    attention = diff.attention()
    if attention and len(diff.needs) > ATTENTION_FROM:
        lines += ["", "Slipped or worsened:"]
        lines += [f"  {c.id} {c.title}: {attention_words(c)}" for c in attention]
    for department, toms in groups(diff.needs):
        for tom_place, layers in toms:
            for layer_place, changes in layers:
                path = [department]
                if tom_place.tom_id:
                    path.append(tom_heading(tom_place))
                if layer_place.layer_key:
                    path.append(layer_place.layer_title)
                lines += ["", " › ".join(path)]
                for change in changes:
                    lines += _text_change(change)
    if diff.cells:
        lines += ["", "Coverage"]
        lines += [f"  {c.place.department} › {tom_heading(c.place)} › {c.place.layer_title}: "
                  f"{cell_words(c.old_state, c.old_missing)} → "
                  f"{cell_words(c.new_state, c.new_missing)}" for c in diff.cells]
    if diff.notes:
        lines += ["", *diff.notes]
    return "\n".join(lines) + "\n"


def _text_change(change: NeedChange) -> list[str]:
    ident = f"{change.old_id} → {change.id}" if change.old_id else change.id
    head = f"  {change.kind} {type_name(change.type)} {ident} “{change.title}”"
    if change.kind in ("added", "removed"):
        return [f"{head}: {key_fields(change)}" if change.fields else head]
    return [head, *(f"    {field_words(f)}" for f in change.fields),
            *(f"    {link_words(lk)}" for lk in change.links)]


# -- Markdown, for a merge-request comment ----------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: str) -> str:
    """Text with Markdown's special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def as_markdown(diff: Diff) -> str:
    old, new = f"`{diff.old_label}`", f"`{diff.new_label}`"
    if diff.empty:
        return "\n\n".join([f"**{NO_CHANGES}** between {old} and {new}.",
                            *(md(n) for n in diff.notes)]) + "\n"
    out = [f"### TOM changes from {old} to {new}", md(summary(diff))]
    attention = diff.attention()
    if attention and len(diff.needs) > ATTENTION_FROM:
        out.append("**Slipped or worsened:**\n\n" + "\n".join(
            f"- `{c.id}` {md(c.title)}: {md(attention_words(c))}" for c in attention))
    fold = len(diff.needs) > FOLD_FROM
    for department, toms in groups(diff.needs):
        count = sum(len(changes) for _, layers in toms for _, changes in layers)
        if fold:
            out.append(f"<details><summary>{md(department)} ({plural(count, 'change')})"
                       "</summary>")
        out.append(f"#### {md(department)}")
        for tom_place, layers in toms:
            if tom_place.tom_id:
                out.append(f"##### {md(tom_place.tom_title)} (`{tom_place.tom_id}`)")
            for layer_place, changes in layers:
                if layer_place.layer_key:
                    out.append(f"**{md(layer_place.layer_title)}**")
                out.append("\n".join(line for c in changes for line in _md_change(c)))
        if fold:
            out.append("</details>")
    if diff.cells:
        out.append("#### Coverage\n\n| Department | TOM | Layer | Before | After |\n"
                   "| --- | --- | --- | --- | --- |\n" + "\n".join(_md_cell(c)
                                                                   for c in diff.cells))
    out += [f"*{md(n)}*" for n in diff.notes]
    return "\n\n".join(out) + "\n"


def _md_change(change: NeedChange) -> list[str]:
    ident = f"`{change.old_id}` → `{change.id}`" if change.old_id else f"`{change.id}`"
    head = f"- **{change.kind}** {type_name(change.type)} {ident} {md(change.title)}"
    if change.kind in ("added", "removed"):
        return [f"{head} — {md(key_fields(change))}" if change.fields else head]
    lines = [head]
    for f in change.fields:
        words = md(field_words(FieldChange(f.name, f.old, f.new)))
        if f.name == "text":
            lines.append(f"  - {words}")
        elif f.note:
            note = md(f.note)
            lines.append(f"  - {words} ({f'**{note}**' if f.worsened or f.slipped_days else note})")
        else:
            lines.append(f"  - {words}")
    lines += [f"  - {link_words(lk, '`')}" for lk in change.links]
    return lines


def _md_cell(cell: CellChange) -> str:
    place = cell.place
    return (f"| {md(place.department)} | {md(place.tom_title)} (`{place.tom_id}`) | "
            f"{md(place.layer_title)} | {md(cell_words(cell.old_state, cell.old_missing, True))} "
            f"| {md(cell_words(cell.new_state, cell.new_missing, True))} |")


# -- JSON, for other tools -----------------------------------------------------------------

def as_json(diff: Diff) -> str:
    data: dict[str, Any] = {
        "from": diff.old_label,
        "to": diff.new_label,
        "summary": {**{kind: diff.count(kind) for kind in KINDS},
                    "coverage_cells": len(diff.cells), "no_changes": diff.empty},
        "needs": [{**asdict(c), "worsened": c.worsened, "slipped_days": c.slipped_days,
                   "needs_attention": c.needs_attention} for c in diff.needs],
        "coverage": [asdict(c) for c in diff.cells],
        "notes": list(diff.notes),
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
