"""Record each need directive as authored: the need directives of our types, wrapped."""

from __future__ import annotations

import re
from typing import Any, cast

from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import en
from sphinx.application import Sphinx

from .domain import TomDomain
from .model import Model
from .records import NeedRecord

_OPTION = re.compile(r"^\s*:([A-Za-z_][\w-]*):(?:\s+(.*))?$")


def wrap_need_directives(app: Sphinx, model: Model) -> None:
    """Register, for each need type, a subclass of the directive sphinx-needs registered
    for it, which first records the directive as written. The rendering stays
    sphinx-needs' own; only the recording is added."""
    for spec in model.types:
        base, _messages = directives.directive(spec.directive, en, None)
        if base is None or getattr(base, "_tom_recording", False):
            continue
        wrapped = type(f"Recorded{base.__name__}_{spec.directive}", (base,),
                       {"run": _recording_run(base), "_tom_recording": True})
        app.add_directive(spec.directive, wrapped, override=True)


def _recording_run(base: type) -> Any:
    def run(self: Any) -> Any:
        record = _record(self)
        result = base.run(self)  # type: ignore[attr-defined]
        if record is not None:
            cast(TomDomain, self.env.get_domain("tom")).add_record(record)
        return result

    return run


def _record(directive: Any) -> NeedRecord | None:
    options = {k: ("" if v is None else str(v)) for k, v in directive.options.items()}
    need_id = options.get("id", "").strip()
    block = directive.block_text.splitlines()
    option_lines: dict[str, int] = {}
    # block_text starts with the fence line, which is directive.lineno
    for offset, line in enumerate(block[1:], start=1):
        match = _OPTION.match(line)
        if match and match.group(1) in options and match.group(1) not in option_lines:
            option_lines[match.group(1)] = directive.lineno + offset
    body_options = _options_in_body(directive)
    title = " ".join(directive.arguments).strip()
    return NeedRecord(
        id=need_id, type=directive.name, title=title, docname=directive.env.docname,
        lineno=directive.lineno, options={k: v for k, v in options.items() if k != "id"},
        option_lines=option_lines, body_options=body_options,
        content="\n".join(directive.content),
    )


def _options_in_body(directive: Any) -> tuple[tuple[int, str], ...]:
    """``:name: value`` lines after a blank line that follows the options: MyST read them
    as body text, so the need silently lost those options."""
    lines = directive.block_text.splitlines()
    index = 1
    while index < len(lines) and _OPTION.match(lines[index]):
        index += 1  # the options MyST did read
    if index >= len(lines) or lines[index].strip():
        return ()
    while index < len(lines) and not lines[index].strip():
        index += 1
    found = []
    while index < len(lines) and _OPTION.match(lines[index]):
        found.append((directive.lineno + index, lines[index].strip()))
        index += 1
    return tuple(found)
