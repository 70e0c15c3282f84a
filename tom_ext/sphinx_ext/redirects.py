"""A moved page's old address keeps working (``tom_redirects``): sphinx-reredirects writes a
page there that sends the reader on, with no script, so the site's CSP lets it work."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.util import logging
from sphinx_reredirects import Reredirects

from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.sphinx_ext.furniture import default
from tom_ext.sphinx_ext.settings import setting_line
from tom_ext.sphinx_ext.state import BuildState, with_state

LOGGER = logging.getLogger(__name__)
#: the redirect page: a plain meta refresh and a link, and no script (the CSP allows no
#: inline script, and sphinx-reredirects' own page redirects with one)
TEMPLATE = Path(__file__).parent / "templates" / "redirect.html"


def redirect_defaults(app: Sphinx, config: Config) -> None:
    """config-inited: every redirect page, sphinx-reredirects' own ``redirects`` too, is
    tom_ext's page without script."""
    default(config, "redirect_html_template_file", str(TEMPLATE))


def redirect_pairs(redirects: Mapping[str, str], pages: Collection[str],
                   withheld: Collection[str] = ()) -> tuple[dict[str, str], list[str]]:
    """``(old page → new page, problems)``: a folder's pair becomes one pair per page under
    the new folder. A pair whose new page this build withholds is left out quietly."""
    found: dict[str, str] = {}
    problems: list[str] = []
    for old, new in redirects.items():
        if old.endswith("/"):
            moved = {old + page[len(new):]: page for page in sorted(pages)
                     if page.startswith(new)}
            if not moved and not any(page.startswith(new) for page in withheld):
                problems.append(f"moves {old!r} to {new!r}, but no page is under {new!r}")
        elif new in pages:
            moved = {old: new}
        else:
            moved = {}
            if new not in withheld:
                problems.append(f"moves {old!r} to {new!r}, which is not a page of the site")
        for page in sorted(set(moved) & set(pages)):
            problems.append(f"moves {page!r}, which is still a page of the site (its redirect "
                            "would replace it)")
            del moved[page]
        found.update(moved)
    return found, problems


def write_redirects(state: BuildState, app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: a redirect page at each old address of ``tom_redirects``, to the
    new page's address as this builder writes it."""
    builder = app.builder
    redirects = TomConfig.from_sphinx(app.config).redirects
    if not redirects or not isinstance(builder, StandaloneHTMLBuilder) or \
            builder.name == "singlehtml":
        return []
    pairs, problems = redirect_pairs(redirects, app.env.found_docs, state.withheld_pages)
    conf_py = Path(app.confdir) / "conf.py"
    line = setting_line(conf_py, "tom_redirects")
    for problem in problems:
        LOGGER.warning(f"tom_redirects {problem}", type="tom",
                       subtype=TomWarning.CONFIG.value,
                       location=f"{conf_py}:{line}" if line else str(conf_py))
    Reredirects(app).create_redirects(
        {old: builder.get_relative_uri(old, new) for old, new in sorted(pairs.items())})
    return []


def setup_redirects(app: Sphinx, state: BuildState) -> None:
    app.setup_extension("sphinx_reredirects")
    app.connect("config-inited", redirect_defaults, priority=20)
    app.connect("html-collect-pages", with_state(write_redirects, state))
