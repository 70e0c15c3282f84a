"""sitemap.xml for the intranet's search crawler (sphinx-sitemap, on when ``html_baseurl`` is
set): every page, even after an incremental build, in one order, so a build is reproducible."""

from __future__ import annotations

import queue
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from tom_ext.sphinx_ext.furniture import default

#: the pages that are not content: Sphinx's search and index, the 404 page
NOT_CONTENT = ("search", "genindex", "404")


def sitemap_defaults(app: Sphinx, config: Config) -> None:
    """config-inited: the pages' own addresses under ``html_baseurl`` (sphinx-sitemap's
    default puts the language in front, as on Read the Docs), the date each page last
    changed in git, and no entry for a page that is not content."""
    default(config, "site_url", config.html_baseurl.rstrip("/") + "/")
    default(config, "sitemap_url_scheme", "{link}")
    default(config, "sitemap_show_lastmod", True)
    suffix = config.html_file_suffix or ".html"
    default(config, "sitemap_excludes",
            [f"{page}{suffix}" for page in NOT_CONTENT] + [f"{page}/" for page in NOT_CONTENT])


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """build-finished, before sphinx-sitemap writes the file: it knows only the pages this
    build wrote (jdillard/sphinx-sitemap#13), so the pages an incremental build left as they
    were join them; then all go in the order of their addresses."""
    import sphinx_sitemap

    links: Any = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue
    if exception is not None or links is None or app.builder.name not in ("html", "dirhtml"):
        return
    written = _drain(links)
    seen = {link for link, _date in written}
    for docname in sorted(app.env.found_docs):
        sphinx_sitemap.add_html_link(app, docname, "page.html", {}, None)
    entries = {link: date for link, date in written}
    for link, date in _drain(links):
        if link not in seen:
            entries[link] = date
    for link in sorted(entries):
        links.put((link, entries[link]))


def _drain(links: Any) -> list[tuple[str, Any]]:
    found = []
    while True:
        try:
            found.append(links.get_nowait())
        except queue.Empty:
            return found


def setup_sitemap(app: Sphinx) -> None:
    """sphinx-sitemap only for a site with an address: without one it could not write a
    sitemap, and would warn on every build."""
    if not app.config.html_baseurl:
        return
    app.setup_extension("sphinx_sitemap")
    app.connect("config-inited", sitemap_defaults, priority=20)
    app.connect("build-finished", complete_sitemap, priority=400)
