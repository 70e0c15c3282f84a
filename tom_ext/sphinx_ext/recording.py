"""What a page holds as its author wrote it: each need directive with the line of each
option, a layer page's section titles and model text, prompts not yet replaced."""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import en
from sphinx.application import Sphinx
from sphinx.config import Config

from tom_ext.core.model import PROMPT
from tom_ext.core.needs import NeedRecord
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.settings import model_of

_OPTION = re.compile(r"^\s*:([A-Za-z_][\w-]*):(?:\s+(.*))?$")


class RecordedNeed:
    """Mixed into the directive sphinx-needs registered for a need type: records the
    directive as written, then leaves the need to sphinx-needs."""

    def run(self) -> Any:
        record = _record(self)
        for _line, name in record.unknown_options:
            # tom_ext reports it, with the option meant; sphinx-needs would say only
            # "Unknown option" at the directive's line
            self.options.pop(name, None)  # type: ignore[attr-defined]
        result = super().run()  # type: ignore[misc]
        TomDomain.of(self.env).add_record(record)  # type: ignore[attr-defined]
        return result


def wrap_need_directives(app: Sphinx, config: Config) -> None:
    """config-inited, after sphinx-needs registered the directive of each type: register,
    for each need type, the same directive with :class:`RecordedNeed` mixed in."""
    for spec in model_of(config).types:
        base, _messages = directives.directive(spec.directive, en, None)
        if base is None or issubclass(base, RecordedNeed):
            continue
        wrapped = type(f"Recorded{base.__name__}_{spec.directive}", (RecordedNeed, base), {})
        app.add_directive(spec.directive, wrapped, override=True)


def _record(directive: Any) -> NeedRecord:
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
    known = _known_options(directive)
    unknown = tuple(sorted((option_lines.get(name, directive.lineno), name)
                           for name in options if name not in known))
    return NeedRecord(
        id=need_id, type=directive.name, title=title, docname=directive.env.docname,
        lineno=directive.lineno,
        options={k: v for k, v in options.items() if k != "id" and k in known},
        option_lines=option_lines, body_options=body_options,
        content="\n".join(directive.content), unknown_options=unknown,
    )


def _known_options(directive: Any) -> frozenset[str]:
    """The options a need of the directive's type may have: the model's, and the extra
    fields a site gives every need in conf.py (``needs_fields``, ``needs_extra_options``)."""
    spec = model_of(directive.config).type(directive.name)
    config = directive.config
    extra = {*(config.needs_fields or {}), *(getattr(config, "needs_extra_options", ()) or ())}
    return (spec.option_names() if spec else frozenset(directive.options)) | extra


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


def collect_sections(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: section titles and model text of pages that hold a layer, for the
    layer-sections check and the views, and the ``TODO`` prompts of any page, for the
    "not written yet" check."""
    domain = TomDomain.of(app.env)
    docname = app.env.docname
    prompts = [(para.line or 0, para.astext()) for para in doctree.findall(nodes.paragraph)
               if para.astext().startswith(PROMPT)]
    if prompts:
        domain.prompts[docname] = prompts
    if any(r.type == "layer" for r in domain.records.get(docname, ())):
        titled = [s for s in doctree.findall(nodes.section)
                  if s.children and isinstance(s[0], nodes.title)]
        domain.sections[docname] = [section[0].astext() for section in titled]
        for title, store in (("target operating model", domain.target_models),
                             ("current operating model", domain.current_models)):
            found = next((s for s in titled if s[0].astext().strip().lower() == title), None)
            if found is not None:
                store[docname] = [child.astext() for child in found.children[1:]
                                  if isinstance(child, nodes.paragraph | nodes.bullet_list)]


def setup_recording(app: Sphinx) -> None:
    app.connect("config-inited", wrap_need_directives, priority=900)
    app.connect("doctree-read", collect_sections)
