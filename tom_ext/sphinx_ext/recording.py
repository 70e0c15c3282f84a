"""What a page holds as its author wrote it: each need directive with the line of each
option, a layer page's section titles and model text, prompts not yet replaced."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import en
from sphinx.application import Sphinx
from sphinx.config import Config

from tom_ext.core.blocks import read_block
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import PROMPT, STARTER
from tom_ext.core.needs import NeedRecord
from tom_ext.core.unread import unread_block
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.settings import model_of


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
        _anchors_referenced(result)
        return result


def _anchors_referenced(result: list[Any]) -> None:
    """The need's anchor is what links to it point at, from any page: docutils would
    otherwise make (and drop, below the report level) a "not referenced" message for
    every need of the page (0.65 s of reading 150 TOMs)."""
    for node in result:
        if isinstance(node, nodes.target) and node.get("refid"):
            node.referenced = 1


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
    model = model_of(directive.config)
    written = read_block(directive.block_text, directive.lineno,
                         [spec.directive for spec in model.types])
    known = _known_options(directive)
    unknown = tuple(sorted((written.option_lines.get(name, directive.lineno), name)
                           for name in options if name not in known))
    return NeedRecord(
        id=options.get("id", "").strip(), type=directive.name,
        title=" ".join(directive.arguments).strip(), docname=directive.env.docname,
        lineno=directive.lineno,
        options={k: v for k, v in options.items() if k != "id" and k in known},
        option_lines=written.option_lines, body_options=written.body_options,
        content="\n".join(directive.content), unknown_options=unknown,
        repeated_options=written.repeated, pasted=written.pasted, unclosed=written.unclosed,
    )


def _known_options(directive: Any) -> frozenset[str]:
    """The options a need of the directive's type may have: the model's, and the extra
    fields a site gives every need in conf.py (``needs_fields``, ``needs_extra_options``)."""
    spec = model_of(directive.config).type(directive.name)
    config = directive.config
    extra = {*(config.needs_fields or {}), *(getattr(config, "needs_extra_options", ()) or ())}
    return (spec.option_names() if spec else frozenset(directive.options)) | extra


def collect_sections(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: section titles and model text of pages that hold a layer, for the
    layer-sections check and the views, and the ``TODO`` prompts and starter text of any
    page, for the "not written yet" checks."""
    domain = TomDomain.of(app.env)
    docname = app.env.docname
    prompts = [(para.line or 0, para.astext()) for para in doctree.findall(nodes.paragraph)
               if para.astext().startswith((PROMPT, STARTER))]
    if prompts:
        domain.prompts[docname] = prompts
    kinds = {r.type for r in domain.records.get(docname, ())}
    if not kinds & {"layer", "tom"}:
        return
    titled = [s for s in doctree.findall(nodes.section)
              if s.children and isinstance(s[0], nodes.title)]
    texts = {section[0].astext().strip().lower(): _prose(section) for section in titled}
    domain.section_texts[docname] = {title: text for title, text in texts.items() if text}
    if "layer" in kinds:
        domain.sections[docname] = [section[0].astext() for section in titled]
        for title, store in (("target operating model", domain.target_models),
                             ("current operating model", domain.current_models)):
            if title in texts:
                store[docname] = texts[title]


def _prose(section: nodes.Element) -> list[str]:
    """The paragraphs and lists written directly in a section (not in a need or a
    sub-section)."""
    return [child.astext() for child in section.children[1:]
            if isinstance(child, nodes.paragraph | nodes.bullet_list)]


def collect_links_and_images(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the ``{need}`` links in the page's text (checked with the needs'
    own links) and its images without alternative text."""
    from sphinx_needs.roles.need_ref import NeedRef

    domain = TomDomain.of(app.env)
    docname = app.env.docname
    links = [(_line_of(ref), str(ref.get("reftarget", "")).split(".")[0].strip())
             for ref in doctree.findall(NeedRef)]
    if links:
        domain.prose_links[docname] = links
    for image in doctree.findall(nodes.image):
        if not str(image.get("alt", "")).strip():
            uri = image.get("uri", "")
            domain.unsafe.setdefault(docname, []).append((
                "", _line_of(image), TomWarning.IMAGE_ALT.value,
                f"the image {uri!r} has no text for readers who cannot see it — say what "
                f"it shows between the brackets: ![what it shows]({uri}), or give the "
                "image directive ':alt: what it shows'"))


def collect_unread_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a paragraph that is a block in a syntax the page is not read with
    (its need would be lost as text); not when the site turned MyST's colon fences on."""
    if "colon_fence" in (getattr(app.config, "myst_enable_extensions", None) or ()):
        return
    domain = TomDomain.of(app.env)
    for paragraph in doctree.findall(nodes.paragraph):
        said = unread_block(paragraph.astext().split("\n", 1)[0])
        if said:
            domain.unsafe.setdefault(app.env.docname, []).append(
                ("", _line_of(paragraph), TomWarning.UNKNOWN_MARKUP.value, said))


def _line_of(node: nodes.Node) -> int:
    """A node's line in its page, or its nearest ancestor's."""
    while node is not None:
        if node.line:
            return int(node.line)
        node = node.parent
    return 0


def setup_recording(app: Sphinx) -> None:
    app.connect("config-inited", wrap_need_directives, priority=900)
    app.connect("doctree-read", collect_sections)
    app.connect("doctree-read", collect_links_and_images)
    app.connect("doctree-read", collect_unread_blocks)
