"""What the HTML pages need beyond pydata-sphinx-theme: named sidebar toggles and real view
headings (WCAG 2.2 AA), symbols hidden from screen readers, regions in which wide tables and
diagrams scroll, wide pages for matrices and dashboards, and tom_ext's stylesheet."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from tom_ext.sphinx_ext import navigation
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.state import BuildState, with_state


class tom_heading(nodes.rubric):  # noqa: N801 (docutils node naming)
    """A heading inside a view. HTML gets a real ``<hN>`` one level below the section it
    sits in, so screen-reader users can jump between a matrix's parts; every other
    builder renders it as the rubric it derives from (Sphinx dispatches along the MRO)."""


def _level(self: HTML5Translator, node: tom_heading) -> int:
    return min(6, self.section_level + self.initial_header_level + node.get("depth", 0))


def visit_heading(self: HTML5Translator, node: tom_heading) -> None:
    self.body.append(self.starttag(node, f"h{_level(self, node)}", "", CLASS="tom-heading"))


def depart_heading(self: HTML5Translator, node: tom_heading) -> None:
    self.body.append(f"</h{_level(self, node)}>\n")


class tom_symbol(nodes.inline):  # noqa: N801 (docutils node naming)
    """A symbol beside the words that say the same (● On track): HTML hides it from screen
    readers, which read the words; every other builder prints it as it is."""


def visit_symbol(self: HTML5Translator, node: tom_symbol) -> None:
    self.body.append(self.starttag(node, "span", "", **{"aria-hidden": "true"}))


def depart_symbol(self: HTML5Translator, node: tom_symbol) -> None:
    self.body.append("</span>")


def symbol_node(text: str, kind: str) -> tom_symbol:
    """``text`` as a symbol of class ``tom-<kind>-symbol``."""
    return tom_symbol(text, text, classes=[f"tom-{kind}-symbol"])


class tom_scroll(nodes.container):  # noqa: N801 (docutils node naming)
    """A region that scrolls on its own when what it holds is wider than the page (a
    matrix): HTML gets a named, keyboard-focusable region; every other builder the
    container it derives from."""


def visit_scroll(self: HTML5Translator, node: tom_scroll) -> None:
    label = html.escape(node.get("label", ""), quote=True)
    self.body.append(f'<div class="tom-scroll" role="region" tabindex="0" '
                     f'aria-label="{label}">\n')


def depart_scroll(self: HTML5Translator, node: tom_scroll) -> None:
    self.body.append("</div>\n")


def scrolling(node: nodes.Element, label: str) -> tom_scroll:
    """``node`` in a region of its own that scrolls sideways when it must."""
    region = tom_scroll(label=label)
    region += node
    return region


def table_name(table: nodes.table, within: nodes.Node | None = None) -> str:
    """What a table is called: its caption, else "Table: " and the title of the section it
    sits in (``within``: where to look for it, when the table is not placed yet)."""
    if table.children and isinstance(table[0], nodes.title):
        return table[0].astext()
    parent = within if within is not None else table.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is not None and parent.children and isinstance(parent[0], nodes.title):
        return f"Table: {parent[0].astext()}"
    return "Table"


def scroll_authors_tables(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, after the views are drawn: a table an author wrote (a Markdown
    table, say) scrolls in a named region of its own with its header row and first column
    in view, as the views' tables do, instead of in the theme's unnamed container."""
    if app.builder.format != "html":
        return
    seen: dict[str, int] = {}
    for table in list(doctree.findall(nodes.table)):
        if isinstance(table.parent, tom_scroll) or table.parent is None:
            continue
        name = table_name(table)
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:  # regions on a page each with a name of their own
            name = f"{name} ({seen[name]})"
        if "tom-table" not in table["classes"]:
            table["classes"].append("tom-table")
        region = tom_scroll(label=name)
        table.replace_self(region)
        region += table


def heading(title: str, classes: list[str] | None = None, depth: int = 0) -> tom_heading:
    """A heading one level below its section (``depth`` levels further down)."""
    return tom_heading(text=title, classes=list(classes or []), depth=depth)


# pydata-sphinx-theme 0.24 builds the sidebar's <details><summary> toggles with
# BeautifulSoup and gives the <summary> no text: axe's "summary-name" (WCAG 4.1.2) fails on
# every page with a sub-tree. The theme offers no hook, so its HTML string is amended
# here; the pattern is the theme's own fixed markup (toctree.py), matched narrowly.
_ANCHOR = re.compile(r'<a (?:aria-current="page" )?class="[^"]*reference internal[^"]*" '
                     r'href="[^"]*">(.*?)</a>')
_TOGGLE = re.compile(r'</a><details( open="open"| open="")?><summary>')


def _label_toggles(markup: str) -> str:
    """Name each toggle after the entry it opens. The sidebar is on every page and grows
    with the site, so this looks for the few toggles and, from each, back to its entry,
    rather than trying a pattern at every link."""
    out: list[str] = []
    done = 0
    for toggle in _TOGGLE.finditer(markup):
        end = toggle.start() + len("</a>")
        start = markup.rfind("<a ", done, end)
        anchor = _ANCHOR.fullmatch(markup, start, end) if start >= 0 else None
        if anchor is None:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", "", anchor.group(1)))
        label = html.escape(f"Pages under {text}", quote=True)
        out += [markup[done:end], f'<details{toggle.group(1) or ""}>'
                                  f'<summary aria-label="{label}">']
        done = toggle.end()
    out.append(markup[done:])
    return "".join(out)


def label_sidebar(state: BuildState, app: Sphinx, pagename: str, templatename: str,
                  context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Wrap the theme's navigation function (html-page-context, after the theme's)."""
    generate: Callable[..., Any] | None = context.get("generate_toctree_html")
    if generate is None:
        return

    def labelled(kind: str, *args: Any, **kwargs: Any) -> Any:
        result = generate(kind, *args, **kwargs)
        # a BeautifulSoup on a fresh render, a string when patched from the theme's cache
        return _label_toggles(str(result)) if kind == "sidebar" else result

    if app.config.tom_navigation_cache:
        labelled = navigation.cached(app, pagename, labelled, state.navigation.templates)
    context["generate_toctree_html"] = labelled


#: views that want the page's whole width: matrices and dashboards
WIDE_VIEWS = frozenset({"coverage", "traceability", "orphans", "progress", "overdue",
                        "savings", "changes", "dashboard"})


def is_wide(app: Sphinx, pagename: str, meta: Any) -> bool:
    """A page with a matrix or a dashboard, or whose front matter says
    ``tom_layout: wide``."""
    if isinstance(meta, dict) and meta.get("tom_layout") == "wide":
        return True
    views = TomDomain.of(app.env).views.get(pagename, ())
    return any(view["kind"] in WIDE_VIEWS for view in views)


def widen(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
          doctree: nodes.document | None) -> None:
    """html-page-context: a wide page drops both side bars on a wide screen (the section
    navigation stays in the menu on a narrow one)."""
    meta = context.get("meta")
    if doctree is None or not is_wide(app, pagename, meta):
        return
    context["sidebars"] = []
    # a copy: the page's metadata in the environment stays as the author wrote it
    context["meta"] = {**(meta or {}), "html_theme.sidebar_secondary.remove": True}


def add_static(app: Sphinx) -> None:
    """builder-inited: tom_ext's stylesheet and script, shipped in the package (the site
    loads nothing from outside)."""
    static = str(Path(__file__).parent / "static")
    if static not in app.config.html_static_path:
        # a new list: appending would change Sphinx's shared default, and the next build
        # in the same process would see a changed configuration and rewrite every page
        app.config.html_static_path = [*app.config.html_static_path, static]


def setup_theme(app: Sphinx, state: BuildState) -> None:
    app.add_node(tom_heading, html=(visit_heading, depart_heading))
    app.add_node(tom_scroll, html=(visit_scroll, depart_scroll))
    app.add_node(tom_symbol, html=(visit_symbol, depart_symbol))
    app.connect("html-page-context", with_state(label_sidebar, state), priority=900)
    state.navigation.connect(app)  # the section templates kept from build to build
    app.connect("builder-inited", add_static)
    app.connect("html-page-context", widen)
    app.connect("doctree-resolved", scroll_authors_tables, priority=700)
    app.add_css_file("tom.css")
    app.add_js_file("tom-regions.js", defer="defer")
