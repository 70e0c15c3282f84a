"""What readers of a Sphinx site expect around its pages (an edit link, the date a page last
changed, a 404 page) from the maintained extensions, so conf.py gives only its own values."""

from __future__ import annotations

import html
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from tom_ext.core.config import TomConfig
from tom_ext.sphinx_ext.settings import is_public

#: the extensions of this part (redirects and the sitemap have modules of their own)
EXTENSIONS = ("sphinx_last_updated_by_git", "notfound.extension")
#: "3 December 2026" (Sphinx formats it with Babel, in the site's language)
UK_DATE = "%-d %B %Y"
#: the dates of commits as a reader in the UK reads them, whatever the build machine's zone
TIMEZONE = "Europe/London"


def given(config: Config, name: str) -> bool:
    """Whether conf.py (or ``-D``) sets ``name``: the council's value wins over tom_ext's."""
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def default(config: Config, name: str, value: Any) -> None:
    if not given(config, name):
        config[name] = value


@dataclass(frozen=True)
class Checkout:
    """What git says of the folder the pages are in."""

    git: bool = True
    tracked: bool = True
    shallow: bool = False

    def quiet_warnings(self) -> list[str]:
        """sphinx-last-updated-by-git's warnings that say only that there is no history to
        read here: such a build shows no dates, and must not fail for it."""
        return [name for name, quiet in (("git.command_not_found", not self.git),
                                         ("git.subprocess_error", not self.tracked),
                                         ("git.too_shallow", self.shallow)) if quiet]


def checkout_of(folder: Path) -> Checkout:
    """Ask git once whether ``folder`` is in a work tree, and whether a shallow one. Any
    other failure (git refusing a repository it does not trust, say) is left for
    sphinx-last-updated-by-git to report."""
    if shutil.which("git") is None:
        return Checkout(git=False, tracked=False)
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree", "--is-shallow-repository"],
            cwd=folder, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return Checkout(git=False, tracked=False)
    if done.returncode != 0:
        return Checkout(tracked="not a git repository" not in done.stderr.lower())
    answers = done.stdout.split()
    return Checkout(tracked=answers[:1] == ["true"], shallow=answers[1:2] == ["true"])


def not_found_prefix(baseurl: str) -> str:
    """Where the site is served from (``html_baseurl``'s path; ``/`` without one): the 404
    page's links start there, so they work at whatever depth the server shows it."""
    path = urlparse(baseurl or "").path or "/"
    return path if path.endswith("/") else path + "/"


def not_found_context(prefix: str, suffix: str, root_doc: str = "index") -> dict[str, str]:
    """The 404 page's words: plain ones, with the way home and to search."""
    home, search = (html.escape(f"{prefix}{page}{suffix}", quote=True)
                    for page in (root_doc, "search"))
    body = ("<h1>Page not found</h1>\n"
            "<p>There is no page at this address. It may have moved, or the link may have "
            "a mistake in it.</p>\n"
            f'<ul>\n<li><a href="{home}">Go to the home page</a></li>\n'
            f'<li><a href="{search}">Search the site</a></li>\n</ul>\n')
    return {"title": "Page not found", "body": body}


def set_defaults(app: Sphinx, config: Config) -> None:
    """config-inited, before the extensions read their settings: tom_ext's value of each
    setting conf.py does not give."""
    default(config, "html_last_updated_fmt", UK_DATE)
    default(config, "git_last_updated_timezone", TIMEZONE)
    # a build outside a checkout keeps the page's source link (and its edit link)
    default(config, "git_untracked_show_sourcelink", True)
    quiet = checkout_of(Path(app.srcdir)).quiet_warnings()
    # a picture or file to include that is not there: the page's own message names it at
    # its line, so the extension's "dependency file doesn't exist" would say it twice
    config.suppress_warnings = [*config.suppress_warnings, *quiet,
                                "git.dependency_not_found"]
    prefix = not_found_prefix(config.html_baseurl)
    default(config, "notfound_urls_prefix", prefix)
    default(config, "notfound_context",
            not_found_context(config.notfound_urls_prefix, config.html_file_suffix or ".html",
                              config.root_doc))
    theme = config.html_theme_options
    if config.html_theme == "pydata_sphinx_theme" and "article_footer_items" not in theme:
        # a new dict: conf.py's stays as written
        config.html_theme_options = {**theme, "article_footer_items": ["last-updated"]}


def provider_of(url: str) -> str:
    host = urlparse(url).hostname or ""
    for word, name in (("gitlab", "GitLab"), ("github", "GitHub"), ("bitbucket", "Bitbucket")):
        if word in host:
            return name
    return ""


def edit_path(app: Sphinx, pagename: str) -> str | None:
    """The page's own file from the folder of conf.py (a page linked into source/ from
    docs/ is edited in docs/); None when it has none there, or the site is public."""
    if not TomConfig.from_sphinx(app.config).edit_url or is_public(app.config) or \
            pagename not in app.env.found_docs:
        return None
    source = Path(app.env.doc2path(pagename)).resolve()
    try:
        return quote(source.relative_to(Path(app.confdir).resolve()).as_posix())
    except ValueError:
        return None


def edit_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: nodes.document | None) -> None:
    """html-page-context, before the theme's: the theme's own edit button, on each page that
    has a file to edit, to that file in the web editor of ``tom_edit_url``."""
    path = edit_path(app, pagename) if doctree is not None else None
    if path is None:
        return
    base = TomConfig.from_sphinx(app.config).edit_url
    context["theme_use_edit_page_button"] = True
    context["tom_edit_path"] = path
    # the theme insists on file_name (pagename + suffix) in the template; the page's own
    # file, found above, comes first
    context["edit_page_url_template"] = base + "{{ tom_edit_path or file_name }}"
    context["edit_page_provider_name"] = provider_of(base)


def plain_not_found_page(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: nodes.document | None) -> None:
    """html-page-context: the 404 page has no page contents to list beside it."""
    if pagename == app.config.notfound_pagename:
        context["sidebars"] = []
        context["meta"] = {**(context.get("meta") or {}),
                           "html_theme.sidebar_secondary.remove": True}


def setup_furniture(app: Sphinx) -> None:
    for extension in EXTENSIONS:
        app.setup_extension(extension)
    app.connect("config-inited", set_defaults, priority=20)
    # before the theme, which leaves out a sidebar item that would be empty
    app.connect("html-page-context", edit_link, priority=499)
    app.connect("html-page-context", plain_not_found_page)
