"""A page per TOM saying what it changed since the refresh it replaced (layers rewritten,
actions added, closed and carried over, strategies newly supported), linked from the TOM's
page, and one page of every TOM's figures leading to them: made by the HTML builder from
``tom diff``'s comparison, no source file needed."""

from __future__ import annotations

import dataclasses
import html
import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.changes import git, snapshot
from tom_ext.changes.diff import Snapshot
from tom_ext.changes.tom_compare import (
    PART_WORDS,
    Carried,
    Item,
    TomComparison,
    compare_toms,
    model_digests,
)
from tom_ext.core import audience
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.versions import CURRENT, Version, previous
from tom_ext.core.words import long_date, plural
from tom_ext.sphinx_ext.quiet import compare_unless_quiet
from tom_ext.sphinx_ext.reading import SITE_READY
from tom_ext.sphinx_ext.settings import is_public
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.sphinx_ext.theme import scrolling
from tom_ext.sphinx_ext.views.changes import revision_needs
from tom_ext.sphinx_ext.views.common import date_node, status_node, table, titled
from tom_ext.views.actions import status_label

LOGGER = logging.getLogger(__name__)
KEY = ("compare-pages",)
#: the refresh's site as the last build read it, beside the doctrees
KEPT = "tom-refresh.pickle"
#: the comparison pages' folder in the HTML site: changes/refresh/<TOM ID>.html
FOLDER = "changes/refresh"
#: the page of every TOM's comparison
INDEX = f"{FOLDER}/index"
BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True)
class Comparisons:
    """This build's comparison of each TOM with the refresh it replaced (none: no pages)."""

    version: Version | None = None
    toms: Mapping[str, TomComparison] = field(default_factory=dict)
    archived: bool = False
    """Whether the earlier refresh is published beside this site (tom build --versions):
    then what it had links to its archived pages."""


def page_of(tom_id: str) -> str:
    return f"{FOLDER}/{tom_id}"


def since(version: Version) -> str:
    """"the 2023–2025 TOMs" from the title "The 2023–2025 TOMs"."""
    return "the " + version.title[4:] if version.title.startswith("The ") else version.title


def comparisons(site: Site) -> Comparisons:
    return site.memo(KEY, Comparisons)


def prepare(state: BuildState, app: Sphinx, site: Site) -> None:
    """tom-site-ready: compare every TOM with the refresh the site replaced, once a build,
    for an HTML build of a site whose conf.py names one (tom_versions)."""
    config = TomConfig.from_sphinx(app.config)
    version = previous(config.versions)
    if version is None or app.builder.name not in BUILDERS:
        return
    compare_unless_quiet(state, site, KEY, lambda: _compare(state, app, site, version))


def _compare(state: BuildState, app: Sphinx, site: Site, version: Version) -> Comparisons:
    try:
        old = _old_side(state, app, version)
    except (git.GitError, snapshot.SnapshotError) as err:
        # a copy without the history (a shallow clone, an export) builds without the
        # comparison; tom build --versions, which needs it, says so and stops
        LOGGER.info(f"tom_versions: the TOM pages are not compared with {version.title}: "
                    f"{err}")
        return Comparisons()
    new = Snapshot("this site", site, models=model_digests(site))
    return Comparisons(version, compare_toms(old, new), app.config.tom_switcher == CURRENT)


def _old_side(state: BuildState, app: Sphinx, version: Version) -> Snapshot:
    root = Path(app.confdir)
    commit = git.resolve_revision(root, version.revision)
    old = snapshot.load_kept(revision_needs(root, version.revision, commit), version.title,
                             Path(app.doctreedir) / KEPT)
    if is_public(app.config):
        # the revision is read as the intranet had it: compare its public part only
        hidden = state.withheld_need_ids() | audience.withheld_ids(old.site)
        old = dataclasses.replace(old, site=audience.public_site(old.site).without(hidden))
    return old


def rows(site: Site, tom_id: str) -> list[Any]:
    """What a TOM page shows of its comparison (its link): the page is written again when
    the comparison appears or goes."""
    found = comparisons(site)
    return [found.version.name] if found.version and tom_id in found.toms else []


def link(app: Sphinx, site: Site, tom_id: str | None, fromdocname: str) -> nodes.Node | None:
    """"What changed since the 2023–2025 TOMs", for the TOM's page; with no TOM, "What
    each TOM changed since …", the page of them all."""
    found = comparisons(site)
    if found.version is None or (tom_id is not None and tom_id not in found.toms):
        return None
    return _link(app, found.version, fromdocname, tom_id)


def _link(app: Sphinx, version: Version, fromdocname: str, tom_id: str | None) -> nodes.Node:
    target, words = ((page_of(tom_id), "What changed") if tom_id
                     else (INDEX, "What changed in each TOM"))
    para = nodes.paragraph(classes=["tom-compare-link"])
    para += nodes.reference("", f"{words} since {since(version)}", internal=True,
                            refuri=app.builder.get_relative_uri(fromdocname, target))
    return para


def index_rows(site: Site) -> list[Any]:
    """What a page linking to the page of every comparison shows of it."""
    found = comparisons(site)
    return [found.version.name] if found.version and found.toms else []


def collect_pages(state: BuildState, app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """html-collect-pages: each TOM's comparison page, in the site's own page template."""
    site = state.site
    if site is None or app.builder.name not in BUILDERS or state.quiet:
        return  # a quiet build's comparison pages are those the last build wrote
    found = comparisons(site)
    if found.version is None:
        return
    relations = app.env.collect_relations()
    for tom_id, compared in sorted(found.toms.items()):
        pagename = page_of(tom_id)
        title = f"{site.by_id[tom_id].short_title}: what changed since {since(found.version)}"
        body = _Page(app, pagename, found).render(compared, title)
        context = {"title": title, "body": body,
                   "parents": _parents(app, relations, pagename, compared.tom.docname)}
        yield pagename, context, "page.html"
    if found.toms:
        title = f"What changed in each TOM since {since(found.version)}"
        body = _Page(app, INDEX, found).render_index(site, title)
        yield INDEX, {"title": title, "body": body, "parents": []}, "page.html"


def _parents(app: Sphinx, relations: Mapping[str, list[Any]], pagename: str,
             docname: str) -> list[dict[str, str]]:
    """The breadcrumbs of a comparison page: the TOM's page and the pages above it."""
    found: list[dict[str, str]] = []
    doc: str | None = docname
    while doc and doc != app.config.root_doc and len(found) < 10:
        title = app.env.titles.get(doc)
        found.insert(0, {"link": app.builder.get_relative_uri(pagename, doc),
                         "title": html.escape(title.astext() if title else doc)})
        doc = relations.get(doc, [None])[0]
    return found


class _Page:
    """The docutils of one comparison page, rendered by the builder's own HTML writer."""

    def __init__(self, app: Sphinx, pagename: str, found: Comparisons):
        self.app, self.pagename, self.found = app, pagename, found
        assert found.version is not None
        self.version = found.version

    def render(self, compared: TomComparison, title: str) -> str:
        """The page's HTML. Headings are written here, not as docutils sections: a section
        title asks the builder for the figure numbers of the document being written, and
        these pages have none (nor is one being written when nothing else changed)."""
        out = [f"<h1>{html.escape(title)}</h1>",
               self.html(self.intro(compared))]
        for heading, count, body in self.parts(compared):
            ident = nodes.make_id(heading)
            if isinstance(body, nodes.table):  # a narrow screen scrolls it, not the page
                body = scrolling(body, heading)
            out.append(f'<section id="{ident}">\n<h2>{html.escape(heading)} ({count})'
                       f'<a class="headerlink" href="#{ident}" title="Link to this heading">'
                       f"#</a></h2>\n{self.html(body)}</section>")
        out.append(self.html(_link(self.app, self.version, self.pagename, None)))
        return ('<section id="what-changed" class="tom-compare">\n' + "\n".join(out)
                + "\n</section>\n")

    def render_index(self, site: Site, title: str) -> str:
        """The page of every TOM: a sentence for the council, a row of figures per TOM."""
        found = sorted(self.found.toms.values(),
                       key=lambda c: (site.by_id[c.tom.id].short_title.casefold(), c.tom.id))
        council = _together(found)
        intro = nodes.paragraph(text=(
            f"The {len(found)} TOMs compared with {since(self.version)}, replaced on "
            f"{long_date(self.version.replaced)}: "
            f"{_summary(council)}. Each TOM's name leads to its own list."))
        # short headings: a tall header row leaves room for two rows on a phone
        headers = ["TOM", "Added", "Closed", "Carried over", "Due later", "Layers rewritten",
                   "Strategies newly supported"]
        body = [[self.compared(site, c), *map(str, _figures(c))] for c in found]
        # a strategy newly supported by two TOMs counts once for the council
        body.append(["All TOMs", *map(str, _figures(council))])
        # said above the table, not as its caption: a caption asks the builder for the
        # figure numbers of a page being written, and none is when nothing else changed
        caption = nodes.paragraph(classes=["tom-table-caption"], text=(
            "Actions added, closed and carried over (of those, due later than before), "
            "layers rewritten and strategies newly supported, by TOM"))
        shown = scrolling(table(headers, body, classes=["tom-compare-index"], stub=True),
                          caption.astext())
        return ('<section id="what-changed" class="tom-compare">\n'
                f"<h1>{html.escape(title)}</h1>\n{self.html(intro)}\n{self.html(caption)}"
                f"\n{self.html(shown)}\n</section>\n")

    def compared(self, site: Site, compared: TomComparison) -> nodes.Node:
        """A TOM's name leading to its comparison page, and its ID."""
        node = nodes.inline(classes=["tom-titled"])
        uri = self.app.builder.get_relative_uri(self.pagename, page_of(compared.tom.id))
        node += nodes.reference("", site.by_id[compared.tom.id].short_title, internal=True,
                                refuri=uri)
        node += nodes.Text(" ")
        node += nodes.inline(compared.tom.id, compared.tom.id, classes=["tom-id"])
        if compared.is_new:
            node += nodes.Text(" (new)")
        return node

    def html(self, node: nodes.Node) -> str:
        return str(self.app.builder.render_partial(node)["fragment"])  # type: ignore[attr-defined]

    def intro(self, compared: TomComparison) -> nodes.paragraph:
        para = nodes.paragraph()
        para += self.current(compared.tom)
        if compared.is_new:
            para += nodes.Text(f" is new: {since(self.version)} had no TOM with its ID, so "
                               "every action it has is listed as added.")
            return para
        para += nodes.Text(" compared with ")
        para += self.archived(Item(compared.tom.id, compared.old_title,
                                   compared.tom.docname), " ")
        para += nodes.Text(f"of {since(self.version)}, replaced on "
                           f"{long_date(self.version.replaced)}: {_summary(compared)}.")
        return para

    def parts(self, compared: TomComparison) -> Iterator[tuple[str, int, nodes.Node]]:
        if compared.layers:
            yield "Layers rewritten", len(compared.layers), table(
                ["Layer", "What reads differently now"],
                [[self.current(r.item), " and ".join(PART_WORDS[p] for p in r.parts)]
                 for r in compared.layers], classes=["tom-compare-layers"])
        yield "Actions added", len(compared.added), self.items(
            compared.added, current=True, classes=["tom-compare-added"])
        yield "Actions closed", len(compared.closed), self.items(
            compared.closed, current=False, classes=["tom-compare-closed"])
        yield "Actions carried over", len(compared.carried), self.carried(compared.carried)
        if compared.strategies:
            yield ("Strategies newly supported", len(compared.strategies),
                   self.listing(compared.strategies))

    def items(self, items: tuple[Item, ...], *, current: bool,
              classes: list[str]) -> nodes.Node:
        if not items:
            return nodes.paragraph(text="None.", classes=["tom-empty"])
        when = "" if current else " then"
        return table(["Action", f"Status{when}", f"Due{when}"],
                     [[self.current(i) if current else self.archived(i), _status(i.status),
                       date_node(i.due) if i.due else ""] for i in items],
                     classes=["tom-compare-actions", *classes])

    def carried(self, carried: tuple[Carried, ...]) -> nodes.Node:
        if not carried:
            return nodes.paragraph(text="None.", classes=["tom-empty"])
        ordered = sorted(carried, key=lambda c: -c.slipped_days)
        return table(["Action", "Status then", "Status now", "Due date"],
                     [[self.current(c.item), _status(c.old_status), _status(c.item.status),
                       _due(c)] for c in ordered],
                     classes=["tom-compare-actions", "tom-compare-carried"])

    def listing(self, items: tuple[Item, ...]) -> nodes.bullet_list:
        listing = nodes.bullet_list()
        for item in items:
            entry = nodes.list_item()
            entry += nodes.paragraph("", "", self.current(item))
            listing += entry
        return listing

    def current(self, item: Item) -> nodes.Node:
        return titled(self.app.builder, self.pagename, item.docname, item.id, item.title)

    def archived(self, item: Item, tail: str = "") -> nodes.Node:
        """An item of the earlier refresh: linked to its archived page when the archive
        is published beside this site, else named."""
        node = nodes.inline(classes=["tom-titled"])
        if self.found.archived and item.docname:
            target = f"{self.version.folder}/{item.docname}.html"
            uri = posixpath.relpath(target, posixpath.dirname(self.pagename))
            node += nodes.reference("", item.title, internal=True,
                                    refuri=f"{uri}#{item.id}")
        else:
            node += nodes.Text(item.title)
        node += nodes.Text(" ")
        node += nodes.inline(item.id, item.id, classes=["tom-id"])
        node += nodes.Text(tail)
        return node


def _summary(compared: TomComparison) -> str:
    """"6 actions added, 2 closed, 32 carried over (2 with a later due date); 1 layer
    rewritten; 1 strategy newly supported" (what did not happen is not said)."""
    slipped = len(compared.slipped)
    actions = [f"{_count(len(compared.added), 'action', 'actions')} added",
               f"{len(compared.closed) or 'none'} closed",
               f"{len(compared.carried) or 'none'} carried over"
               + (f" ({slipped} with a later due date)" if slipped else "")]
    parts = [", ".join(actions)]
    if compared.layers:
        parts.append(f"{_count(len(compared.layers), 'layer', 'layers')} rewritten")
    if compared.strategies:
        parts.append(f"{_count(len(compared.strategies), 'strategy', 'strategies')} "
                     "newly supported")
    return "; ".join(parts)


def _figures(compared: TomComparison) -> tuple[int, ...]:
    """A TOM's row on the page of them all, in its columns' order."""
    return (len(compared.added), len(compared.closed), len(compared.carried),
            len(compared.slipped), len(compared.layers), len(compared.strategies))


def _together(found: list[TomComparison]) -> TomComparison:
    """Every TOM's comparison as one, for the council's sentence."""
    return dataclasses.replace(
        found[0], added=tuple(i for c in found for i in c.added),
        closed=tuple(i for c in found for i in c.closed),
        carried=tuple(i for c in found for i in c.carried),
        layers=tuple(r for c in found for r in c.layers),
        strategies=tuple(dict.fromkeys(s for c in found for s in c.strategies)))


def _count(count: int, one: str, many: str) -> str:
    return f"{count or 'no'} {one if count == 1 else many}"


def _status(status: str) -> nodes.Node:
    symbol, words = status_label(status)
    return status_node(symbol, words, status)


def _due(carried: Carried) -> nodes.Node:
    node = nodes.inline()
    if carried.old_due == carried.item.due or not carried.old_due:
        node += date_node(carried.item.due)
        return node
    node += date_node(carried.old_due)
    node += nodes.Text(" → ")
    node += date_node(carried.item.due)
    if carried.slipped_days:
        node += nodes.Text(f" (slipped by {plural(carried.slipped_days, 'day')})")
    else:
        node += nodes.Text(" (brought forward)")
    return node


def setup_compare_pages(app: Sphinx, state: BuildState) -> None:
    app.connect(SITE_READY, with_state(prepare, state))
    app.connect("html-collect-pages", with_state(collect_pages, state))
