"""Every view kind with its rows and its renderer, the page fingerprints drawn from the
rows, and each placeholder replaced by its view once the site is read."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tom_ext.core import audience
from tom_ext.core.needs import Site
from tom_ext.sphinx_ext import quiet, unwritten
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.sphinx_ext.theme import table_name, tom_scroll
from tom_ext.sphinx_ext.views import (
    actions,
    cards,
    changes,
    coverage,
    dashboard,
    layer,
    overview,
    progress,
    reference,
    refresh,
    summary,
    thread,
    traceability,
)
from tom_ext.sphinx_ext.views.common import tom_view
from tom_ext.sphinx_ext.views.pictures import is_html
from tom_ext.views import freshness

#: view kind -> (rows of the view, renderer); the rows feed the page fingerprints
VIEWS: Mapping[str, tuple[Callable[..., Any], Callable[..., nodes.Node]]] = {
    **actions.VIEWS, **summary.VIEWS, **overview.VIEWS, **coverage.VIEWS,
    **traceability.VIEWS, **progress.VIEWS, **thread.VIEWS, **layer.VIEWS, **changes.VIEWS,
    **dashboard.VIEWS, **refresh.VIEWS,
}

#: view kind -> its rows: the views above, and each need's card
ROWS: Mapping[str, Callable[..., Any]] = {
    **{kind: rows for kind, (rows, _render) in VIEWS.items()}, "card": cards.rows}

#: views that say how many items a public build withheld from them
WITHHELD_NOTED = frozenset({"actions", "summary", "overview", "coverage", "traceability",
                            "progress", "overdue", "savings", "layer", "themes", "thread",
                            "dashboard"})


#: views that show only one TOM's data when given its ID as ``tom`` (its needs and what
#: they link to); every other view, and these without ``tom``, may show the whole council
TOM_SCOPED = frozenset({"overview", "summary", "thread", "actions"})

#: views of how the council's needs are named, placed and linked, which show nothing of
#: how an action's work stands (:data:`tom_ext.views.freshness.PROGRESS`)
STRUCTURAL = frozenset({"traceability", "orphans", "coverage"})


def view_scope(view: Mapping[str, Any]
               ) -> str | freshness.Supporters | freshness.LayerKey | freshness.Structure | None:
    """The TOM a view shows alone; "" for a need's card (its need and the needs one link
    away); the needs whose supporters a list of actions shows (a strategy's page); the
    layer key of a page about one layer; the council's structure for traceability and
    coverage; None for a view that may show anything of the council (see
    :func:`freshness.pages_to_recompute`)."""
    if view["kind"] == "card":
        return ""
    if view["kind"] in STRUCTURAL:
        return freshness.Structure()
    tom = (view.get("tom") or "").strip() if view["kind"] in TOM_SCOPED else ""
    supports = actions.query_of(view).supports if view["kind"] == "actions" else ()
    if not tom and supports:
        return freshness.Supporters(supports)
    if view["kind"] == "layer":
        return freshness.LayerKey(view["layer"])
    return tom or None


def view_rows(site: Site, view: Mapping[str, Any]) -> Any:
    """What a view shows, as data: a page is written again when this changes."""
    return ROWS[view["kind"]](site, view)


def views_and_cards(site: Site, views: Mapping[str, Sequence[Mapping[str, Any]]]
                    ) -> dict[str, list[Mapping[str, Any]]]:
    """Each page's views, and a card for each need on it."""
    found = {doc: list(page) for doc, page in views.items()}
    for docname, needs in site.by_doc.items():
        found.setdefault(docname, []).extend({"kind": "card", "id": n.id} for n in needs)
    return found


def mark_changed_pages(state: BuildState, app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated, after the site is indexed: the pages whose shown data changed,
    so they are written again though their own text did not change. Only the
    fingerprints a page read again can have changed are worked out again (see
    :mod:`tom_ext.views.freshness`)."""
    if app.builder.name == "dummy" or state.quiet:
        # tom check writes no page: which ones would change does not matter; a quiet
        # build shows what the last one showed
        return []
    domain = TomDomain.of(env)
    site = current_site(state, app)
    before = domain.data.get("fingerprint_basis")
    now = freshness.basis_of(site, fingerprint_context(state, app, site), env.all_docs,
                             before)
    authored = {doc: [record.id for record in records]
                for doc, records in domain.records.items()}
    new = freshness.updated_fingerprints(
        site, views_and_cards(site, domain.views), view_rows, view_scope,
        domain.fingerprints, before, now, authored)
    changed = freshness.changed_pages(domain.fingerprints, new)
    domain.data["fingerprints"] = new
    domain.data["fingerprint_basis"] = now
    changed = unwritten.carry_over(app.doctreedir, changed)
    return [doc for doc in changed if doc in env.found_docs]


def fingerprint_context(state: BuildState, app: Sphinx, site: Site) -> str:
    """A digest of everything a page shows besides the needs and the views: the build
    date, the settings, tom_ext itself, the baselines compared with, the audience and
    what it withholds. When it changes, every page's fingerprint is worked out again."""
    inputs = quiet.outside_inputs(app)
    settings = {item.name: item.value for item in app.config
                if item.name.startswith("tom_")}
    context = [{key: value for key, value in inputs.items()
                if key not in ("environment", "outputs")}, settings,
               site.today.isoformat(), sorted(state.withheld_need_ids()),
               sorted(state.withheld_pages), sorted(site.withheld.items()),
               sorted(site.withheld_layers)]
    return hashlib.sha256(json.dumps(context, sort_keys=True, default=str).encode()
                          ).hexdigest()


def render_views(state: BuildState, app: Sphinx, doctree: nodes.document,
                 docname: str) -> None:
    """doctree-resolved: each placeholder replaced by its view, drawn from the site."""
    if app.builder.name == "dummy":
        # tom check: every check runs on the data, and nothing is written, so the views
        # are not drawn (a quarter of a check's time on a large council)
        return
    site = current_site(state, app)
    for node in list(doctree.findall(tom_view)):
        view = node["view"]
        rendered = VIEWS[view["kind"]][1](app, site, view, docname)
        if not is_html(app.builder):
            _drop_downloads(rendered)
        # Sphinx numbers captioned tables when reading; these are made later, so they get
        # their ids here; each scrolls in a region of its own when wider than the page
        for table in list(rendered.findall(nodes.table)):
            if not table["ids"]:
                doctree.set_id(table)
            if isinstance(table.parent, tom_scroll):
                continue
            region = tom_scroll(label=table_name(table, within=node))
            if table.parent is None:
                region += table
                rendered = region
            else:
                table.replace_self(region)
                region += table
        counts = site.withheld
        if counts and view["kind"] in WITHHELD_NOTED:
            sentence = audience.withheld_sentence(counts, view.get("tom") or None)
            if sentence:
                note = nodes.paragraph(classes=["tom-withheld-count"])
                note += nodes.Text(sentence)
                rendered = nodes.container("", rendered, note, classes=["tom-view"])
        node.replace_self(rendered)


def _drop_downloads(rendered: nodes.Node) -> None:
    """Only an HTML build writes the downloads (CSV, Excel, papers): a PDF or a text
    build would link to files it does not have."""
    for para in list(rendered.findall(nodes.paragraph)):
        if "tom-downloads" in para["classes"] and para.parent is not None:
            para.parent.remove(para)


def setup_views(app: Sphinx, state: BuildState) -> None:
    app.add_node(tom_view)
    for setup_family in (actions.setup_actions, coverage.setup_coverage,
                         traceability.setup_traceability, thread.setup_thread,
                         layer.setup_layer, progress.setup_progress,
                         reference.setup_reference, dashboard.setup_dashboard,
                         refresh.setup_refresh):
        setup_family(app)
    changes.setup_changes(app, state)
    cards.setup_cards(app, state)
    app.connect("env-get-updated", with_state(mark_changed_pages, state), priority=600)
    app.connect("doctree-resolved", with_state(render_views, state))
