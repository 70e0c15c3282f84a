"""The extension Sphinx sets up: each component of the Sphinx side given one
:class:`BuildState` for the build, in the order their handlers must run."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from tom_ext.sphinx_ext.backlinks import setup_backlinks
from tom_ext.sphinx_ext.compare_pages import setup_compare_pages
from tom_ext.sphinx_ext.csp import setup_csp
from tom_ext.sphinx_ext.doc_settings import setup_doc_settings
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.downloads import setup_downloads
from tom_ext.sphinx_ext.encoding import setup_encoding
from tom_ext.sphinx_ext.env_saving import setup_env_saving
from tom_ext.sphinx_ext.event_repr import setup_event_repr
from tom_ext.sphinx_ext.furniture import setup_furniture
from tom_ext.sphinx_ext.guard import setup_guard
from tom_ext.sphinx_ext.myst_document import setup_myst_document
from tom_ext.sphinx_ext.need_defaults import setup_need_defaults
from tom_ext.sphinx_ext.need_types import setup_needs
from tom_ext.sphinx_ext.needs_json import setup_needs_json
from tom_ext.sphinx_ext.needs_purge import setup_needs_purge
from tom_ext.sphinx_ext.papers import setup_papers
from tom_ext.sphinx_ext.parallel import setup_parallel
from tom_ext.sphinx_ext.quiet import setup_quiet
from tom_ext.sphinx_ext.reading import setup_reading
from tom_ext.sphinx_ext.recording import setup_recording
from tom_ext.sphinx_ext.redirects import setup_redirects
from tom_ext.sphinx_ext.reproducible import setup_reproducible
from tom_ext.sphinx_ext.settings import setup_settings
from tom_ext.sphinx_ext.singlehtml import setup_singlehtml
from tom_ext.sphinx_ext.sitemap import setup_sitemap
from tom_ext.sphinx_ext.source_hashes import setup_source_hashes
from tom_ext.sphinx_ext.state import BuildState
from tom_ext.sphinx_ext.symlinks import setup_symlinks
from tom_ext.sphinx_ext.template_cache import setup_template_cache
from tom_ext.sphinx_ext.theme import setup_theme
from tom_ext.sphinx_ext.translate import setup_translate
from tom_ext.sphinx_ext.unwritten import setup_unwritten
from tom_ext.sphinx_ext.versions import setup_versions
from tom_ext.sphinx_ext.views.registry import setup_views
from tom_ext.sphinx_ext.views.summary import setup_summary
from tom_ext.sphinx_ext.warning_log import take_over
from tom_ext.sphinx_ext.withhold import setup_withhold
from tom_ext.version import __version__


def setup(app: Sphinx) -> dict[str, Any]:
    """Each component in the order its handlers must run where they share an event."""
    take_over(app)  # first: every warning from here on is also kept as a record
    setup_event_repr()
    setup_backlinks()
    setup_need_defaults()
    setup_myst_document()
    setup_doc_settings()
    setup_parallel()
    app.setup_extension("myst_parser")
    state = BuildState()
    setup_settings(app)
    setup_needs(app, state)
    setup_needs_purge(app)
    app.add_domain(TomDomain)
    setup_theme(app, state)
    setup_quiet(app, state)
    setup_reading(app, state)
    setup_views(app, state)
    setup_unwritten(app)
    setup_symlinks(app, state)
    setup_template_cache(app)
    setup_recording(app)
    setup_summary(app)
    setup_downloads(app, state)
    setup_env_saving(app, state)
    setup_papers(app, state)
    setup_compare_pages(app, state)
    setup_versions(app)
    setup_needs_json(app, state)
    setup_guard(app, state)
    setup_withhold(app, state)
    setup_reproducible(app)
    setup_csp(app)
    setup_source_hashes(app)
    setup_encoding(app)
    setup_translate(app)
    setup_furniture(app)
    setup_redirects(app, state)
    setup_sitemap(app)
    setup_singlehtml(app)
    return {
        "version": __version__,
        # per-document data lives in TomDomain with clear_doc and merge_domaindata;
        # the site index is rebuilt from it in the main process after reading, and
        # forked writers only read it
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # the per-page data lives in TomDomain, whose data_version invalidates an older
        # environment
        "env_version": 6,
    }
