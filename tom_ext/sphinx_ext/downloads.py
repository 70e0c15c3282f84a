"""The downloads (a CSV per matrix, one Excel workbook) written beside the HTML."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from tom_ext.core.config import TomConfig
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.views.exports import write_all

#: digest of the data the downloads were last written from (in the doctree folder)
EXPORTS_STAMP = "tom-exports.sha256"


def write_downloads(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the downloads of every view, once the build has succeeded; a
    rebuild that changed no need leaves them as they are."""
    if exception is not None or app.builder.format != "html":
        return
    write_all(current_site(state, app), Path(app.outdir) / "downloads",
              TomConfig.from_sphinx(app.config).today(), Path(app.doctreedir) / EXPORTS_STAMP)


def setup_downloads(app: Sphinx, state: BuildState) -> None:
    app.connect("build-finished", with_state(write_downloads, state))
