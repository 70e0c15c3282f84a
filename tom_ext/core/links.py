"""Findings about links between needs: to an ID no need has (with the ID meant, found
whatever its case or by the need's title), to a need of the wrong type, or, many times
over, to a need that is gone (folded into one message)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from tom_ext.core.finding import Finding, a, closest, is_prompt
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import NeedTypeSpec
from tom_ext.core.needs import Need, Site
from tom_ext.core.writing import lost_options


def check_links(site: Site, need: Need, spec: NeedTypeSpec) -> Iterator[Finding]:
    record = need.record
    for lspec in spec.links:
        targets = need.links.get(lspec.name, [])
        line = record.line_of(lspec.name)
        if not targets and lspec.required and lspec.name not in lost_options(record, spec):
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
                yield Finding(record.docname, line, TomWarning.UNKNOWN_LINK,
                              f"{lspec.name}: {unknown_words(site, target_id, lspec.targets)}",
                              about=target_id)
            elif target.type not in lspec.targets:
                allowed = " or ".join(lspec.targets)
                yield Finding(record.docname, line, TomWarning.WRONG_LINK_TYPE,
                              f"{lspec.name}: {target_id} is a {target.type}, but "
                              f":{lspec.name}: of {a(need.type)} must name a {allowed} — "
                              f"link to the {allowed} instead")


def _normal(text: str) -> str:
    """A title or ID as a reader might type it: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def suggest(site: Site, word: str, types: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    """``(how, IDs)``: the IDs ``word`` most likely means. ``how`` is "case" (the ID in
    other letters), "title" (the need's title, not its ID) or "close" (a near spelling)."""
    candidates = [n for n in site.by_id.values() if not types or n.type in types]
    by_case = [n.id for n in candidates if n.id.casefold() == word.casefold()]
    if by_case:
        return "case", by_case
    by_title = [n.id for n in candidates if _normal(n.title) == _normal(word)]
    if by_title:
        return "title", by_title
    ids = [n.id for n in candidates] or list(site.by_id)
    near = closest(word.upper(), ids)
    if not near and " " in word.strip():
        titles = {_normal(n.title): n.id for n in candidates}
        near = [titles[t] for t in closest(_normal(word), list(titles))]
    return "close", near


_COUNTED = {2: "two", 3: "three", 4: "four", 5: "five"}


def unknown_words(site: Site, word: str, types: tuple[str, ...] = ()) -> str:
    """What to say of a link to ``word``, which no need has as its ID."""
    words = word.split()
    if len(words) > 1 and all(w.strip(",;") in site.by_id for w in words):
        listed = ", ".join(w.strip(",;") for w in words)
        count = _COUNTED.get(len(words), len(words))
        return (f"'{word}' is {count} IDs with no comma between them — separate them with "
                f"commas: {listed}")
    how, found = suggest(site, word, types)
    if how == "title":
        return f"'{word}' is the title of {found[0]}, not its ID — write {found[0]}"
    if how == "case":
        return f"no need has the ID {word} — IDs are in capitals: write {found[0]}"
    kinds = " or ".join(types) or "need"
    hint = f"did you mean {' or '.join(found)}?" if found else f"check the ID of the {kinds}"
    return f"no need has the ID {word} — {hint}"


def check_prose_links(site: Site, prose: Mapping[str, Sequence[tuple[int, str]]]
                      ) -> Iterator[Finding]:
    """``{need}`` links in a page's text to an ID no need has."""
    for docname, links in sorted(prose.items()):
        for line, target in links:
            if target not in site.by_id:
                yield Finding(docname, line, TomWarning.UNKNOWN_LINK,
                              "{need} link: " + unknown_words(site, target), about=target)


#: from how many links to one unknown ID on a cause of its own: a need that is gone
FOLD_FROM = 3


def fold_gone_targets(findings: list[Finding], known: Mapping[str, str]) -> list[Finding]:
    """Links to an ID that many places name but no need has: one message, at the first
    of them, that says the need is gone (and where it was, when an earlier build knew),
    instead of a guess at another ID for each link."""
    by_target: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.subtype is TomWarning.UNKNOWN_LINK and finding.about:
            by_target.setdefault(finding.about, []).append(finding)
    gone = {t: found for t, found in by_target.items() if len(found) >= FOLD_FROM}
    kept = [f for f in findings if not (f.subtype is TomWarning.UNKNOWN_LINK
                                        and f.about in gone)]
    for target, found in sorted(gone.items()):
        first = min(found, key=lambda f: (f.docname, f.lineno))
        files = len({f.docname for f in found})
        was = f"; it was defined in {known[target]}" if target in known else ""
        kept.append(Finding(
            first.docname, first.lineno, TomWarning.GONE_TARGET,
            f"{target} is named by {len(found)} links in {files} "
            f"file{'s' * (files != 1)} but no page defines it{was} — restore the need (or "
            f"its page), or change these links to the ID that replaces it; this is the "
            f"first of them", about=target))
    return kept
