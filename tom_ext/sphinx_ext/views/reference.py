"""Handbook reference generated from the model: need types, links, layers, settings, warnings."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from tom_ext.core.config import TomConfig, config_values
from tom_ext.core.messages import TomWarning, anchor
from tom_ext.core.model import Model, NeedTypeSpec
from tom_ext.safety import headers
from tom_ext.sphinx_ext.settings import model_of
from tom_ext.sphinx_ext.theme import tom_heading
from tom_ext.sphinx_ext.views.common import table


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _type_nodes(spec: NeedTypeSpec, model: Model) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    heading = tom_heading("", f"{spec.title} ", classes=["tom-reference-type"])
    heading += _literal(f"{{{spec.directive}}}")
    heading["ids"] = [f"type-{spec.directive}"]
    result.append(heading)
    para = nodes.paragraph(text=spec.description + " IDs are written ")
    para += _literal(spec.id_pattern)
    para += nodes.Text(".")
    result.append(para)
    if spec.fields:
        rows = []
        for f in spec.fields:
            allowed = ", ".join(model.allowed(f)) or {
                "date": "ISO date YYYY-MM-DD", "number": "a number",
                "list": "comma-separated",
                "targets": "department=£k, comma-separated"}.get(f.kind, "text")
            required = "yes" if f.required else "no"
            if f.derived:
                required += " (from the file when left out)"
            rows.append([_literal(f":{f.name}:"), required, allowed, f.description])
        result.append(table(["Field", "Required", "Allowed values", "Meaning"], rows,
                            caption=f"Fields of {spec.directive}",
                            classes=["tom-reference-fields"]))
    if spec.links:
        rows = [[_literal(f":{lk.name}:"), " or ".join(lk.targets),
                 "yes" if lk.required else ("from the file" if lk.derived else "no"),
                 lk.description] for lk in spec.links]
        result.append(table(["Link", "Points to", "Required", "Meaning"], rows,
                            caption=f"Links of {spec.directive}",
                            classes=["tom-reference-links"]))
    return result


class TomReferenceDirective(SphinxDirective):
    """Every need type with its fields, links and allowed values, from tom_ext's model."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        model = model_of(self.config)
        result: list[nodes.Node] = []
        for spec in model.types:
            result.extend(_type_nodes(spec, model))
        rows = [[_literal(lt.name), lt.outgoing, lt.incoming] for lt in model.link_types]
        result.append(tom_heading(text="How links read"))
        result.append(table(["Link", "On the need that links", "On the need linked to"],
                            rows, caption="Link names in both directions"))
        return result


class TomLayersDirective(SphinxDirective):
    """The layers of the site's framework with their guiding questions."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        framework = TomConfig.from_sphinx(self.config).resolved_framework()
        rows = [[layer.title, _literal(f"{layer.key}.md"), _literal(layer.code),
                 layer.question] for layer in framework.layers]
        return [table(["Layer", "Page", "ID code", "Guiding question"], rows,
                      caption=framework.title)]


class TomSettingsDirective(SphinxDirective):
    """The ``tom_*`` settings of conf.py with their defaults and help."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        rows = [[_literal(name), _literal(repr(default)), help]
                for name, default, help in config_values()]
        return [table(["Setting", "Default", "Meaning"], rows, caption="tom_* settings")]


class TomWarningsDirective(SphinxDirective):
    """Every warning subtype tom_ext gives, for suppress_warnings."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        rows = [[_literal(f"tom.{w.value}"),
                 w.doc + (" A notice: it never fails a build." if w.is_notice else "")]
                for w in TomWarning]
        found = table(["Message type", "What it means"], rows, caption="Message types")
        for row, kind in zip(next(found.findall(nodes.tbody)).children, TomWarning,
                             strict=True):
            row["ids"] = [anchor(kind)]  # each message's type links here
        return [found]


class TomServerConfigDirective(SphinxDirective):
    """The web server's security headers, from :mod:`tom_ext.safety.headers` (never retyped):
    ``nginx``, ``apache``, ``gitlab`` (gitlab.rb), ``policy`` (the header's value)."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        kinds = [*headers.SERVERS, "policy"]
        kind = directives.choice(self.arguments[0], kinds)
        if kind == "policy":
            text, language = headers.CONTENT_SECURITY_POLICY + "\n", "text"
        else:
            make, language = headers.SERVERS[kind]
            text = make()
        block = nodes.literal_block(text, text, language=language)
        block["classes"].append(f"tom-server-config-{kind}")
        self.set_source_info(block)
        return [block]


def setup_reference(app: Sphinx) -> None:
    app.add_directive("tom-reference", TomReferenceDirective)
    app.add_directive("tom-layers", TomLayersDirective)
    app.add_directive("tom-settings", TomSettingsDirective)
    app.add_directive("tom-warnings", TomWarningsDirective)
    app.add_directive("tom-server-config", TomServerConfigDirective)
