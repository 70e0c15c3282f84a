"""``tom_papers = True``: every committee paper written beside the site at the end of a
build (the TOM pages and the progress page link to them); an unchanged site leaves the
last ones as they are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.core import stamps
from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.papers.document import Paper
from tom_ext.papers.every import SITE_FOLDER, digest, every_paper, settings_from
from tom_ext.papers.pdf import PdfError
from tom_ext.papers.write import FORMATS, write_paper
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.sphinx_ext.views.changes import KEY, Compared
from tom_ext.views.diagram import DotError, find_dot

LOGGER = logging.getLogger(__name__)
#: for each paper, the digest of what it was last written from (in the doctree folder)
PAPERS_STAMPS = "tom-papers"


def papers_on(app: Sphinx) -> bool:
    return TomConfig.from_sphinx(app.config).papers and app.builder.format == "html"


def write_site_papers(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the papers of the site as its audience sees it."""
    if exception is not None or not papers_on(app) or state.quiet:
        return  # a quiet build's papers are those the last build wrote
    config = TomConfig.from_sphinx(app.config)
    site = current_site(state, app)
    try:
        dot = find_dot(config.dot) if config.draw else ""
    except DotError:
        dot = ""  # the golden thread's own view reports a missing dot; the text stays
    compared = site.memo(KEY, lambda: Compared(None))
    papers = every_paper(site, settings_from(config, app.config.project,
                                             app.config.html_baseurl or ""),
                         dot, compared.diff)
    folder = Path(app.outdir) / SITE_FOLDER
    stamps_dir = Path(app.doctreedir) / PAPERS_STAMPS
    try:
        for paper in papers:
            _write_if_changed(paper, folder, stamps_dir / f"{paper.name}.sha256", site.today)
    except (PdfError, OSError) as err:
        LOGGER.warning(f"the committee papers could not be written: {err}", type="tom",
                       subtype=TomWarning.CONFIG.value)


def _write_if_changed(paper: Paper, folder: Path, stamp: Path, when: dt.date) -> None:
    """A paper whose content did not change is left as it is: a change to one action
    writes the board's report and its TOM's paper, not every TOM's."""
    made = digest(paper, when)
    outputs = [folder / f"{paper.name}.{fmt}" for fmt in FORMATS]
    if stamps.current(stamp, made, outputs):
        return
    stamps.forget(stamp)
    write_paper(paper, folder, when)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamps.record(stamp, made)


def setup_papers(app: Sphinx, state: BuildState) -> None:
    app.connect("build-finished", with_state(write_site_papers, state))
