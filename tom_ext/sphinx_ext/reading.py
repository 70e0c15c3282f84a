"""Once every page is read: the site indexed once for the whole build, and what authors got
wrong reported."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tom_ext.core import audience
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.findings import give, load_known_ids, report_findings
from tom_ext.sphinx_ext.settings import is_public, model_of
from tom_ext.sphinx_ext.state import BuildState, with_state

#: emitted with the site once it is indexed, before any page is written: ``handler(app,
#: site)`` (the tom-changes view compares it with its baseline here; the ``tom`` command
#: takes it for the exports and CODEOWNERS)
SITE_READY = "tom-site-ready"


def full_site(app: Sphinx) -> Site:
    """Every need read, sensitive ones too: what author checks run on."""
    config = TomConfig.from_sphinx(app.config)
    domain = TomDomain.of(app.env)
    return Site(domain.all_records(), model_of(app.config), config.resolved_framework(),
                departments=config.departments, sections=domain.sections,
                today=config.today(), target_models=domain.target_models,
                current_models=domain.current_models, section_texts=domain.section_texts)


def audience_site(state: BuildState, app: Sphinx, full: Site) -> Site:
    """The site as this build's audience sees it: for a public build, without its
    withheld needs (their IDs kept in the state and the domain, so links, search objects
    and needs.json leave them out too)."""
    site = full
    domain = TomDomain.of(app.env)
    if is_public(app.config):
        site = audience.public_site(full, state.withheld_pages)
        state.withheld_ids = audience.withheld_ids(full)
        domain.data["withheld"] = sorted(state.withheld_need_ids())
    else:
        domain.data["withheld"] = []
    state.full_site, state.site = full, site
    return site


def current_site(state: BuildState, app: Sphinx) -> Site:
    """The site of this build, indexed once after reading (see :func:`after_read`)."""
    if state.site is None:
        return audience_site(state, app, full_site(app))
    return state.site


def after_read(state: BuildState, app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated: index the needs and report what authors got wrong."""
    full = full_site(app)
    site = audience_site(state, app, full)
    if state.quiet:
        # nothing read since the checks ran: their findings stand
        give(state.reported, shown=not app.quiet)
    else:
        report_findings(state, app, full)
    app.emit(SITE_READY, site)
    return []


def setup_reading(app: Sphinx, state: BuildState) -> None:
    app.add_event(SITE_READY)
    app.connect("builder-inited", load_known_ids)
    app.connect("env-get-updated", with_state(after_read, state))
