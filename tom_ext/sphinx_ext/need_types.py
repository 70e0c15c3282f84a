"""sphinx-needs set up for the TOM model (through its configuration), and given what each
need's file implies."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from tom_ext.core.config import TomConfig
from tom_ext.core.model import needs_links_config, needs_types_config
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.settings import model_of
from tom_ext.sphinx_ext.state import BuildState, with_state


def configure_needs(app: Sphinx, config: Config) -> None:
    """Register the TOM model with sphinx-needs (config-inited, before it reads types)."""
    model = model_of(config)
    config.needs_types = needs_types_config(model)
    config.needs_links = needs_links_config(model)
    config.needs_id_required = True
    config.needs_id_regex = r"^[A-Z][A-Z0-9_]*$"
    config.needs_build_json = TomConfig.from_sphinx(config).needs_json
    # a list of this build's own: the theme appends to templates_path, and appending to
    # Sphinx's shared default would change the configuration (.buildinfo) of the next
    # build in the same process (a public build, then an intranet one)
    config.templates_path = list(dict.fromkeys(config.templates_path))
    # needs.json without the time it was written: two builds of a commit give one file
    config.needs_reproducible_json = True
    if not (config.needs_schema_definitions or config.needs_schema_definitions_from_json):
        # every field is a plain string, checked by tom_ext's validator with its file and
        # line; sphinx-needs' schema pass over every need on every build finds nothing
        # more. A site that defines schemas of its own keeps it.
        config.needs_schema_validation_enabled = False
    if not config.myst_heading_anchors:
        # links to a heading of another page (page.md#target-operating-model) resolve
        config.myst_heading_anchors = 3
    # tom_ext reports unknown link targets itself, with the closest IDs as the fix, and
    # duplicate IDs itself, naming both places and the fix
    for subtype in ("needs.link_outgoing", "needs.duplicate_id"):
        if subtype not in config.suppress_warnings:
            config.suppress_warnings = [*config.suppress_warnings, subtype]


def fill_derived(state: BuildState, app: Sphinx, needs: Any) -> None:
    """Give sphinx-needs what a need's file implies (a layer's TOM, an action's layer), so
    its back links, needs.json and the cards show them too."""
    for need in current_site(state, app).by_id.values():
        item = needs.get(need.id)
        if item is None or item["docname"] != need.docname:
            continue
        for name in sorted(need.derived):
            item[name] = list(need.links[name]) if name in need.links else need.fields[name]


def setup_needs(app: Sphinx, state: BuildState) -> None:
    app.setup_extension("sphinx_needs")
    # after the settings are checked (10), before sphinx-needs reads its types (500)
    app.connect("config-inited", configure_needs, priority=11)
    app.connect("needs-before-post-processing", with_state(fill_derived, state))
