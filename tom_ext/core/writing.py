"""Findings about how a need directive was written: options after a blank line, unknown,
repeated or with pasted characters, a missing closing fence. Each names the cause at the
place to fix, and the options it lost are not reported again as missing."""

from __future__ import annotations

from collections.abc import Iterator

from tom_ext.core.finding import Finding, a, closest
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import NeedTypeSpec
from tom_ext.core.needs import NeedRecord


def options_in_body(record: NeedRecord) -> Iterator[Finding]:
    """Options after a blank line: one message, at the first of them, for all."""
    if not record.body_options:
        return
    line, text = record.body_options[0]
    names = [lost.split(":")[1] for _line, lost in record.body_options if lost.count(":") >= 2]
    these = (f"{text!r} is body text, not an option" if len(record.body_options) == 1 else
             f"the {len(record.body_options)} options from {text!r} on "
             f"(:{':, :'.join(names)}:) are body text, not options")
    yield Finding(record.docname, line, TomWarning.OPTIONS_IN_BODY,
                  f"{these}, because a blank line stands between the directive's options and "
                  "this line — remove the blank line so every option follows the "
                  "directive's first line directly")


def lost_options(record: NeedRecord, spec: NeedTypeSpec | None) -> set[str]:
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


def unknown_options(record: NeedRecord, spec: NeedTypeSpec) -> Iterator[Finding]:
    meant = _meant(record, spec)
    for line, name in record.unknown_options:
        hint = f"did you mean ':{meant[name]}:'? The" if name in meant else "the"
        yield Finding(record.docname, line, TomWarning.UNKNOWN_OPTION,
                      f"':{name}:' is not an option of {a(record.type)} — {hint} "
                      f"options of {a(record.type)} are :{':, :'.join(_own_options(spec))}:")


def how_it_was_written(record: NeedRecord) -> Iterator[Finding]:
    """Every slip in the text of one directive: each at its line, with the cause."""
    yield from options_in_body(record)
    for line, name, first in record.repeated_options:
        yield Finding(record.docname, line, TomWarning.REPEATED_OPTION,
                      f"':{name}:' is given twice (lines {first} and {line}) and only the "
                      "last one counts — keep the line that is right and delete the other")
    lost = "" if record.id else (": the options of this directive cannot be read, so none "
                                 "of them counts")
    for line, what in record.pasted:
        yield Finding(record.docname, line, TomWarning.PASTED_CHARACTER,
                      f"{what}, pasted from a word processor{lost} — {_retype(what)}")
    if record.unclosed:
        line, what = record.unclosed
        yield Finding(record.docname, line, TomWarning.UNCLOSED,
                      f"the {record.type} '{record.title}' (line {record.lineno}) has no "
                      f"closing ```, so {what} became part of its text — add a line ``` "
                      "before this line")


def _retype(what: str) -> str:
    if "dash" in what or "minus" in what:
        return "type a plain hyphen (-) instead"
    if "quote" in what:
        return "type a plain quote (' or \") instead, or none"
    return "delete it, or type an ordinary space"
