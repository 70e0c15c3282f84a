"""Audiences: an intranet build marks OFFICIAL-SENSITIVE items; a public build withholds them.

A page is withheld from a public build when its front matter says
``classification: OFFICIAL-SENSITIVE``, when it holds a sensitive ``{layer}``, or when it is
in the folder of a TOM whose ``{tom}`` is sensitive (the whole TOM is withheld). Withheld
pages are excluded before reading, so nothing of them reaches the environment. A sensitive
need on a public page (an action, or a layer or action that inherits the classification) is
removed from the page, from sphinx-needs' data and from every view before anything is
written; views say how many items were withheld without naming them.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from tom_ext.core.needs import Need, Site
from tom_ext.core.words import plural

AUDIENCES = ("intranet", "public")
SENSITIVE = "OFFICIAL-SENSITIVE"
MARKING = "OFFICIAL-SENSITIVE"
WITHHELD = "withheld"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(\n|\Z)", re.S)
_FRONT_CLASS = re.compile(r"^classification:\s*['\"]?([A-Z-]+)['\"]?\s*$", re.M)
_FENCE = re.compile(r"^\s*(`{3,}|:{3,})\{([a-z]+)\}")
_OPTION = re.compile(r"^\s*:([A-Za-z_][\w-]*):\s*(.*?)\s*$")
_TYPES = ("tom", "layer", "action")

#: a need found by the cheap scan: (type, id, classification)
Found = tuple[str, str, str]


def page_classification(text: str) -> str:
    """The ``classification`` of a page's front matter ("" when it gives none)."""
    front = _FRONT.match(text)
    if not front:
        return ""
    found = _FRONT_CLASS.search(front.group(1))
    return found.group(1) if found else ""


def scan_needs(text: str) -> list[Found]:
    """The TOMs, layers and actions of a page with their ID and classification, read
    from the directive lines only (cheap: no parsing; enough to decide what to exclude)."""
    found: list[Found] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if not fence or fence.group(2) not in _TYPES:
            continue
        options: dict[str, str] = {}
        for option in lines[index + 1:]:
            match = _OPTION.match(option)
            if not match:
                break
            options[match.group(1)] = match.group(2)
        found.append((fence.group(2), options.get("id", ""), options.get("classification", "")))
    return found


def withheld_pages(pages: Mapping[str, str]) -> dict[str, list[Found]]:
    """Of ``docname -> text``, the pages a public build leaves out, each with the needs on
    it (for the counts)."""
    scanned = {doc: scan_needs(text) for doc, text in pages.items()}
    withheld: set[str] = set()
    folders: list[str] = []
    for doc, text in pages.items():
        needs = scanned[doc]
        if page_classification(text) == SENSITIVE:
            withheld.add(doc)
        for kind, _id, level in needs:
            if level != SENSITIVE:
                continue
            if kind == "tom" and posixpath.basename(doc) == "index":
                folders.append(posixpath.dirname(doc) + "/")
            if kind in ("tom", "layer"):
                withheld.add(doc)
    for doc in pages:
        if any(doc.startswith(folder) for folder in folders):
            withheld.add(doc)
    return {doc: scanned[doc] for doc in sorted(withheld)}


def read_pages(srcdir: Path, suffixes: Iterable[str], exclude: Sequence[str] = ()) -> dict[
        str, str]:
    """``docname -> text`` of every Markdown page under ``srcdir`` (following the
    handbook's link), skipping folders that start with ``_`` or ``.``."""
    pages: dict[str, str] = {}
    wanted = tuple(s for s in suffixes if s.endswith(".md"))
    for folder, dirs, files in os.walk(srcdir, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(files):
            if not name.endswith(wanted):
                continue
            path = Path(folder) / name
            rel = path.relative_to(srcdir).as_posix()
            if rel in exclude:
                continue
            doc = rel.rsplit(".", 1)[0]
            try:
                pages[doc] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
    return pages


def is_sensitive(need: Need) -> bool:
    return need.fields.get("classification") == SENSITIVE


def withheld_ids(site: Site) -> set[str]:
    """IDs of the needs of ``site`` that are sensitive, told or inherited."""
    return {need.id for need in site.by_id.values() if is_sensitive(need)}


def public_site(site: Site, pages: Mapping[str, Sequence[Found]] | None = None) -> Site:
    """``site`` without its sensitive needs, counting what is left out by type and TOM
    (items of withheld pages count under their TOM when it stays public, else under "")."""
    hidden = withheld_ids(site)
    public = site.without(hidden)
    counts: Counter[tuple[str, str]] = Counter()
    for need_id in hidden:
        need = site.by_id[need_id]
        tom = site.tom_of(need)
        owner = tom.id if tom is not None and tom.id not in hidden else ""
        counts[(need.type, owner)] += 1
        if need.type == "layer" and owner:
            public.withheld_layers.add((owner, need.get("layer_key")))
    for doc, found in (pages or {}).items():
        owner = public.tom_of_folder.get(posixpath.dirname(doc), "")
        for kind, _id, _level in found:
            counts[(kind, owner if kind != "tom" else "")] += 1
            if kind == "layer" and owner:
                # a layer page is named after its layer's key (the model's convention)
                public.withheld_layers.add((owner, posixpath.basename(doc)))
    public.withheld = counts
    return public


NOUNS = {"tom": ("TOM", "TOMs"), "layer": ("layer", "layers"), "action": ("action", "actions")}


def withheld_sentence(counts: Mapping[tuple[str, str], int], tom_id: str | None = None) -> str:
    """"3 actions and 1 layer are withheld from this public site." for one TOM or all;
    "" when nothing is."""
    totals: Counter[str] = Counter()
    for (kind, owner), count in counts.items():
        if tom_id is None or owner == tom_id:
            totals[kind] += count
    parts = [f"{totals[k]} {NOUNS[k][totals[k] != 1]}" for k in ("tom", "layer", "action")
             if totals.get(k)]
    parts += [plural(totals[k], f"{k} item") for k in sorted(totals)
              if k not in NOUNS]
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    verb = "is" if sum(totals.values()) == 1 else "are"
    scope = " of this TOM" if tom_id else ""
    return (f"{listed}{scope} {verb} withheld from this public site "
            f"({SENSITIVE}).")
