"""Earlier refreshes kept readable: ``tom_versions`` read and checked, the switcher's entries
and where each archived page's banner leads, so the command and the build agree (no Sphinx)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tom_ext.core.needs import Need, Site

#: where the archived refreshes are published, under the site's root
ARCHIVE_DIR = "archive"
#: the switcher's name for the site being published now
CURRENT = "current"
CURRENT_NAME = "Current TOMs"
#: the switcher's list, at the root of the current site and of every archive
SWITCHER_FILE = "_static/switcher.json"
REQUIRED = ("revision", "title", "replaced")
KEYS = (*REQUIRED, "by")
#: a version's name is a folder of the published site: archive/<name>/
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True, slots=True)
class Version:
    """An earlier refresh (or a board baseline the council keeps) as ``conf.py`` names it."""

    name: str
    revision: str
    """The git tag or commit it was published from (a commit also works without tags)."""
    title: str
    """What readers call it: "The 2023–2025 TOMs"."""
    replaced: str
    """The ISO date it stopped being current."""
    by: str = ""
    """What replaced it: a decision's ID (linked by its title) or words."""

    @property
    def folder(self) -> str:
        return f"{ARCHIVE_DIR}/{self.name}"


def check(value: Any) -> str | None:
    """What is wrong with a ``tom_versions`` value, in one sentence; None when it is right."""
    example = ("e.g. {'2023-2025': {'revision': 'refresh-2023-2025', 'title': 'The "
               "2023–2025 TOMs', 'replaced': '2025-09-15', 'by': 'DEC_2025_CABINET'}}")
    if not isinstance(value, Mapping):
        return f"must be a dict of version name to its details, {example}"
    for name, details in value.items():
        if not isinstance(name, str) or not _NAME.fullmatch(name) or name == CURRENT:
            return (f"names a version {name!r}: a name is a folder of the site (letters, "
                    f"digits, '.', '-', '_'; not {CURRENT!r}), {example}")
        problem = _check_details(name, details)
        if problem:
            return problem
    return None


def _check_details(name: str, details: Any) -> str | None:
    if not isinstance(details, Mapping):
        return f"[{name!r}] must be a dict with {', '.join(KEYS)}"
    unknown = sorted(set(map(str, details)) - set(KEYS))
    if unknown:
        return (f"[{name!r}] has {', '.join(map(repr, unknown))}, which is not one of "
                f"{', '.join(KEYS)}")
    missing = [key for key in REQUIRED if not str(details.get(key) or "").strip()]
    if missing:
        return f"[{name!r}] needs {', '.join(map(repr, missing))}"
    if not all(isinstance(v, str) for v in details.values()):
        return f"[{name!r}]: every value must be a string"
    try:
        dt.date.fromisoformat(details["replaced"])
    except ValueError:
        return (f"[{name!r}]['replaced'] must be an ISO date such as 2025-09-15, not "
                f"{details['replaced']!r}")
    return None


def read(value: Any) -> list[Version]:
    """The versions of a checked ``tom_versions``, the most recently replaced first."""
    if not isinstance(value, Mapping) or check(value):
        return []
    found = [Version(name, str(d["revision"]).strip(), str(d["title"]).strip(),
                     str(d["replaced"]), str(d.get("by") or "").strip())
             for name, d in value.items()]
    return sorted(found, key=lambda v: (v.replaced, v.name), reverse=True)


def previous(value: Any) -> Version | None:
    """The refresh the current one replaced: what the TOM pages compare with."""
    found = read(value)
    return found[0] if found else None


def switcher(found: Iterable[Version], at: str = CURRENT) -> list[dict[str, Any]]:
    """pydata-sphinx-theme's switcher.json for the site at ``at`` (the current site or a
    version's name). Each ``url`` is relative to that site's root: the site can be served
    from any folder, offline; ``tom-versions.js`` resolves them against the page's root."""
    up = "" if at == CURRENT else "../../"
    entries: list[dict[str, Any]] = [{"name": CURRENT_NAME, "version": CURRENT,
                                      "url": up, "preferred": True}]
    entries += [{"name": v.title, "version": v.name, "url": f"{up}{v.folder}/"}
                for v in found]
    return entries


#: the words of a banner's link, by what it leads to
LINK_WORDS = {"tom": "Read this TOM as it is now", "layer": "Read this layer as it is now",
              "page": "Read this page as it is now", "home": "Go to the current TOMs"}


def banner_targets(old: Site, old_docs: Iterable[str], current: Site,
                   current_docs: Collection[str], home: str = "index"
                   ) -> dict[str, dict[str, str]]:
    """For each page of an archived refresh: the current page its banner leads to (``doc``)
    and what that is (``kind``, a key of :data:`LINK_WORDS`). A page that holds a TOM or a
    layer leads to where that TOM or layer is now (by ID, wherever its page moved), else to
    its TOM; any other page to the page of the same name; failing both, the home page."""
    found = {}
    for docname in sorted(set(old_docs)):
        found[docname] = _target(old, docname, current, current_docs, home)
    return found


def _target(old: Site, docname: str, current: Site, current_docs: Collection[str],
            home: str) -> dict[str, str]:
    needs = sorted(old.by_doc.get(docname, ()), key=lambda n: n.record.lineno)
    owner: Need | None = next((n for n in needs if n.type in ("tom", "layer")), None)
    if owner is not None:
        for need in (owner, old.tom_of(owner)):
            now = current.by_id.get(need.id) if need is not None else None
            if now is not None and now.type in ("tom", "layer") and now.docname in \
                    current_docs:
                return {"doc": now.docname, "kind": now.type}
    if docname in current_docs:
        return {"doc": docname, "kind": "page"}
    return {"doc": home, "kind": "home"}


def replaced_by(version: Version, current: Site) -> dict[str, str]:
    """What replaced ``version``, as its banner says it: a decision of the current site by
    its title and page, or the words ``conf.py`` gives."""
    need = current.by_id.get(version.by)
    if need is None:
        return {"text": version.by}
    return {"text": need.title, "doc": need.docname, "id": need.id}


def conf_line(conf_text: str, name: str) -> int | None:
    """The line of conf.py where ``tom_versions`` names the version ``name`` (else the line
    of ``tom_versions`` itself): where a problem with that version is reported."""
    lines = conf_text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"tom_versions\s*=", line)),
                 None)
    if start is None:
        return None
    key = re.compile(rf"""\s*["']{re.escape(name)}["']\s*:""")
    found = next((i for i in range(start, len(lines)) if key.match(lines[i])), start)
    return found + 1
