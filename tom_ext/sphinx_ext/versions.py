"""An archived refresh says so on every page and leads to today's page; every version has the
theme's version switcher. ``tom build --versions`` sets both settings here; no author does."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from tom_ext.core.versions import LINK_WORDS, SWITCHER_FILE
from tom_ext.core.words import long_date

#: the theme whose version switcher and announcement bar are used (with another theme the
#: banner opens each page's text, and there is no switcher)
THEME = "pydata_sphinx_theme"
#: pydata-sphinx-theme 0.24's default, when conf.py leaves navbar_end out
THEME_NAVBAR_END = ["theme-switcher", "navbar-icon-links"]
SCRIPT = "tom-versions.js"

#: what an archive leaves out or dates differently from the site it was: it writes no
#: papers and archives nothing itself, it is judged on the day it was replaced (an action
#: due after that was not overdue then), and its pages cannot be edited any more
ARCHIVED = {"tom_papers": False, "tom_versions": {}, "tom_edit_url": ""}


def archive_settings(app: Sphinx, config: Config) -> None:
    """config-inited, before the settings are checked: an archive's settings, and the
    version switcher of every version."""
    archive: Mapping[str, Any] = config.tom_archive or {}
    if archive:
        for name, value in ARCHIVED.items():
            if name in config:  # a setting of today's tom_ext the revision may not set
                setattr(config, name, value)
        config.tom_build_date = archive["replaced"]
    if config.tom_switcher and config.html_theme == THEME:
        config.html_theme_options = with_switcher(config.html_theme_options or {},
                                                  config.tom_switcher)


def with_switcher(options: Mapping[str, Any], version: str) -> dict[str, Any]:
    """The theme's options with its version switcher first in the header. The list is
    read from the site's own folder (a relative json_url, resolved by the theme against
    the version's root): nothing is fetched from elsewhere, and the Content-Security-
    Policy's ``connect-src 'self'`` allows it."""
    end = options.get("navbar_end", THEME_NAVBAR_END)
    end = [e.strip() for e in end.split(",")] if isinstance(end, str) else list(end)
    return {**options, "navbar_end": ["version-switcher", *[e for e in end
                                                              if e != "version-switcher"]],
            "switcher": {"json_url": SWITCHER_FILE, "version_match": version},
            # switcher.json is written when every version is built, after this build; the
            # archive has its own banner, written in the page (no script needed)
            "check_switcher": False, "show_version_warning_banner": False}


def add_script(app: Sphinx) -> None:
    """builder-inited: the script that resolves the switcher's links (only with one)."""
    if app.config.tom_switcher and app.builder.format == "html" and \
            app.config.html_theme == THEME:
        app.add_js_file(SCRIPT, defer="defer")


def add_banner(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """html-page-context: an archived page's banner, in pydata-sphinx-theme's announcement
    bar (above the header, on screen and in print)."""
    archive: Mapping[str, Any] = app.config.tom_archive or {}
    if not archive:
        return
    root = str(context.get("content_root") or "./")
    suffix = str(getattr(app.builder, "link_suffix", ".html"))
    text = banner(archive, pagename, root, suffix)
    if app.config.html_theme == THEME:
        context["theme_announcement"] = text
    else:  # another theme: at the top of the page's own text
        context["body"] = (f'<div class="tom-archive-box" role="note">{text}</div>\n'
                           + str(context.get("body") or ""))


def banner(archive: Mapping[str, Any], pagename: str, root: str, suffix: str) -> str:
    """"This page is from the 2023–2025 TOMs, replaced on 15 September 2025 by …", and a
    link to the page as it is now (see :func:`tom_ext.core.versions.banner_targets`)."""
    home = {"doc": archive.get("home", "index"), "kind": "home"}
    target = archive.get("links", {}).get(pagename, home)
    current = root + archive.get("up", "../../")

    def href(doc: str, anchor: str = "") -> str:
        uri = posixpath.normpath(current + doc + suffix) + (f"#{anchor}" if anchor else "")
        return html.escape(uri, quote=True)

    title = str(archive["title"])
    title = "the " + title[4:] if title.startswith("The ") else title
    by = archive.get("by") or {}
    replaced = f"replaced on {long_date(str(archive['replaced']))}"
    if by.get("doc"):
        replaced += (f' by <a href="{href(by["doc"], by.get("id", ""))}">'
                     f'{html.escape(by["text"])}</a>')
    elif by.get("text"):
        replaced += f" by {html.escape(by['text'])}"
    words = LINK_WORDS.get(target["kind"], LINK_WORDS["page"])
    return (f'<p class="tom-archive-banner">This page is from {html.escape(title)}, '
            f'{replaced}. <a class="tom-archive-current" href="{href(target["doc"])}">'
            f"{words}</a></p>")


def setup_versions(app: Sphinx) -> None:
    # set by tom build --versions for each build, so not among the settings of conf.py;
    # a change only writes the pages again (the switcher and the banner), reads nothing
    app.add_config_value("tom_archive", {}, "html", types=(dict,),
                         description="Set by tom build --versions for an archived refresh.")
    app.add_config_value("tom_switcher", "", "html", types=(str,),
                         description="Set by tom build --versions: this version's name in "
                                     "the version switcher.")
    app.connect("config-inited", archive_settings, priority=5)
    app.connect("builder-inited", add_script)
    app.connect("html-page-context", add_banner)
