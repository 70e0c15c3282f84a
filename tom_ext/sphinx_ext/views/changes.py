"""``tom-changes``: what moved since a baseline (an archived needs.json or a git tag), slipped
and worsened actions first."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.changes import git, snapshot, words
from tom_ext.changes.diff import KINDS, CellChange, Diff, NeedChange, Snapshot, diff
from tom_ext.core import audience
from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.core.needs import Site
from tom_ext.core.project import Paths
from tom_ext.core.words import plural
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.quiet import compare_unless_quiet
from tom_ext.sphinx_ext.reading import SITE_READY
from tom_ext.sphinx_ext.settings import is_public
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.sphinx_ext.theme import symbol_node
from tom_ext.sphinx_ext.views import folded
from tom_ext.sphinx_ext.views.common import ViewDirective, bullets, need_link, table, titled
from tom_ext.views.coverage import STATE_LABELS

LOGGER = logging.getLogger(__name__)
KEY = ("changes",)
#: the baseline's site as the last build read it, beside the doctrees
KEPT = "tom-baseline.pickle"


class BaselineError(Exception):
    """A baseline that cannot be read; the message says what to change."""


class TomChangesDirective(ViewDirective):
    """What changed since ``tom_changes_baseline`` in conf.py."""

    kind = "changes"

    def view(self) -> dict[str, Any] | None:
        return {"kind": self.kind, "line": self.lineno}


@dataclass(frozen=True, slots=True)
class Compared:
    diff: Diff | None
    label: str = ""
    error: str = ""


def prepare(state: BuildState, app: Sphinx, site: Site) -> None:
    """tom-site-ready, once per build: compare the site with its baseline when a page
    shows the changes, so every page and fingerprint shares one result. A baseline that
    cannot be read is reported at each ``tom-changes``."""
    views = TomDomain.of(app.env).views
    places = [(doc, view) for doc in sorted(views) for view in views[doc]
              if view["kind"] in ("changes", "dashboard")]
    if not places:
        return
    if app.builder.name == "needs":
        # a read for the needs data only (tom diff, tom export): nothing is rendered
        site.memo(KEY, lambda: Compared(None))
        return
    if app.builder.name == "dummy" and state.baselines_as_before:
        # tom check reads the baseline only to say when it cannot be read: the last
        # check that ended well read this one, unchanged since
        site.memo(KEY, lambda: Compared(None))
        return
    compare_unless_quiet(state, site, KEY, lambda: _compare(state, app, site, places))


def _compare(state: BuildState, app: Sphinx, site: Site,
             places: list[tuple[str, dict[str, Any]]]) -> Compared:
    drawn = app.builder.name != "dummy"  # tom check: the baseline is read, not compared
    config = TomConfig.from_sphinx(app.config)
    try:
        # a check only reads the baseline (to say when it cannot be read): not kept
        old = load_baseline(Path(app.confdir), config,
                            Path(app.doctreedir) / KEPT if drawn else None)
        if is_public(app.config):
            # the baseline was archived from the intranet: compare its public part only
            hidden = state.withheld_need_ids() | audience.withheld_ids(old.site)
            old = dataclasses.replace(old, site=audience.public_site(old.site).without(hidden))
        return Compared(diff(old, Snapshot("this site", site)) if drawn else None, old.label)
    except BaselineError as err:
        state.baseline_failed = True
        for docname, view in places:
            LOGGER.warning(str(err), type="tom", subtype=TomWarning.BASELINE.value,
                           location=(docname, view.get("line", 0)))
        return Compared(None, config.changes_baseline, str(err))


def load_baseline(root: Path, config: TomConfig, kept: Path | None = None) -> Snapshot:
    """The baseline's needs: an archived needs.json, or a revision (read in a separate
    process, once per commit, and cached under ``_build/.diff/``); either kept as a
    site at ``kept``, when given, for the next build."""
    value = config.changes_baseline.strip()
    settings = {"departments": config.departments, "framework": config.framework}
    if not value:
        raise BaselineError("tom-changes needs a baseline: set tom_changes_baseline in "
                            "conf.py to an archived needs.json (e.g. "
                            "'source/_baselines/2026-09-board.json') or a git tag")
    path = root / value
    if value.endswith(".json") or path.is_file():
        if not path.is_file():
            raise BaselineError(f"tom_changes_baseline: no file {value!r} in the site's "
                                "folder — give the path of the archived needs.json from the "
                                "folder of conf.py")
        try:
            return _read(path, Path(value).name, kept, settings)
        except snapshot.SnapshotError as err:
            raise BaselineError(f"tom_changes_baseline: {err}") from err
    try:
        sha, prefix = git.resolve_revision(root, value)
    except git.GitError as err:
        raise BaselineError(f"tom_changes_baseline: {err}; an archived needs.json works in "
                            "any clone") from err
    try:
        found = revision_needs(root, value, (sha, prefix))
    except git.GitError as err:
        raise BaselineError(f"tom_changes_baseline: {err}") from err
    return _read(found, f"{value} ({sha[:7]})", kept, settings)


def _read(path: Path, label: str, kept: Path | None, settings: dict[str, Any]) -> Snapshot:
    if kept is None:
        return snapshot.load(path, label, **settings)
    return snapshot.load_kept(path, label, kept, **settings)


def revision_needs(root: Path, value: str, commit: tuple[str, str]) -> Path:
    """The cached needs.json of a resolved revision ``(sha, prefix)``, read first when it
    is not cached yet. A Sphinx build cannot run inside this one: the revision is read in a
    process of its own (once per commit; cached under ``_build/.diff/``)."""
    found = git.cached(Paths(root).diff_cache, *commit)
    if found is None:
        done = subprocess.run([sys.executable, "-m", "tom_ext.sphinx_ext.revision",
                               str(root), value],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            raise git.GitError(done.stderr.strip())
        found = Path(done.stdout.strip())
    return found


def compared(site: Site) -> Compared:
    """This build's comparison with its baseline (empty when no page shows it)."""
    return site.memo(KEY, lambda: Compared(None))


def rows(site: Site, view: Mapping[str, Any]) -> list[Any]:
    result = compared(site)
    if result.diff is None:
        return [result.error]
    return [result.label, *result.diff.needs, *result.diff.cells]


def render(app: Sphinx, site: Site, view: Mapping[str, Any], fromdocname: str) -> nodes.Node:
    result = compared(site)
    found = result.diff
    if found is None:
        text = (f"The changes cannot be shown: {result.error}" if result.error else
                "The changes are shown in the HTML site.")
        return nodes.paragraph(text=text, classes=["tom-empty"])
    box = nodes.container(classes=["tom-view", "tom-changes"])
    if found.empty:
        box += nodes.paragraph(text=f"{words.NO_CHANGES} since {result.label}.",
                               classes=["tom-empty"])
    else:
        box += nodes.paragraph(text=f"Since {result.label}: {words.summary(found)}")
    link = _Links(app, site, fromdocname)
    attention = found.attention()
    if attention:
        box += table(["Action", "TOM", "What moved"],
                     [[link.need(c), link.tom(c), words.attention_words(c)]
                      for c in attention],
                     caption=f"Slipped and worsened since {result.label} "
                             f"({len(attention)})", classes=["tom-changes-attention"])
    if folded.too_long(app, len(found.needs)):
        box += _by_tom(link, found)
    else:
        box += _every_change(link, found)
    if found.cells:
        box += table(["Department", "TOM", "Layer", "Before", "After"],
                     [_cell_row(link, c) for c in found.cells],
                     caption=f"Coverage cells that changed state ({len(found.cells)})",
                     classes=["tom-changes-coverage"])
    for note in found.notes:
        box += nodes.paragraph(text=note, classes=["tom-note"])
    return box


def _every_change(link: _Links, found: Diff) -> list[nodes.Node]:
    """A table of every change for each department."""
    tables = []
    for department, toms in words.groups(found.needs):
        in_toms = department != words.OUTSIDE
        body = [[*([link.tom(c), _layer(c)] if in_toms else []), _kind(c), link.need(c),
                 _details(c)]
                for _, layers in toms for _, changes in layers for c in changes]
        headers = ["TOM", "Layer"] if in_toms else []
        tables.append(table([*headers, "Change", "Item", "What changed"], body,
                     caption=f"{department}: {plural(len(body), 'change')}",
                     classes=["tom-changes-needs"]))
    return tables


def _by_tom(link: _Links, found: Diff) -> list[nodes.Node]:
    """Too many changes for one page: for each department, each TOM's changes counted
    by kind, with the sentence that says why."""
    total_toms = len({c.place.tom_id for c in found.needs if c.place.tom_id})
    shown: list[nodes.Node] = [nodes.paragraph(
        text=f"{plural(len(found.needs), 'change')} in {plural(total_toms, 'TOM')}: too "
             "many to list one by one, so each TOM has a row with its changes counted"
             + ("; the slipped and worsened are listed above." if found.attention() else "."),
        classes=["tom-folded-note"])]
    kinds = [kind for kind in KINDS if found.count(kind)]  # a column for each that occurs
    for department, toms in words.groups(found.needs):
        body = []
        for place, layers in toms:
            changes = [c for _, in_layer in layers for c in in_layer]
            body.append([link.tom(changes[0]) if place.tom_id else words.OUTSIDE,
                         *(str(sum(c.kind == kind for c in changes)) for kind in kinds),
                         str(len(changes))])
        count = plural(sum(int(row[-1]) for row in body), "change")
        shown.append(table(["TOM", *(kind.capitalize() for kind in kinds), "Total"], body,
                           caption=f"{department}: {count} by TOM",
                           classes=["tom-changes-by-tom"], stub=True))
    return shown


class _Links:
    """Links from the page to a need or TOM as the site has it now."""

    def __init__(self, app: Sphinx, site: Site, fromdocname: str):
        self.builder = app.builder
        self.fromdocname = fromdocname
        self.site = site

    def need(self, change: NeedChange) -> nodes.Node:
        """The item by its title (linked while it exists), its ID after it."""
        if change.kind == "removed" or change.id not in self.site.by_id:
            node = nodes.inline(classes=["tom-titled"])
            node += nodes.Text(f"{change.title} ")
            node += nodes.inline(change.id, change.id, classes=["tom-id"])
            return node
        return titled(self.builder, self.fromdocname, change.docname, change.id, change.title)

    def tom(self, change: NeedChange | CellChange) -> nodes.Node:
        tom = self.site.by_id.get(change.place.tom_id)
        if tom is None:
            return nodes.Text(change.place.tom_title)
        return need_link(self.builder, self.fromdocname, tom.docname, tom.id, tom.short_title)


def _layer(change: NeedChange) -> str:
    return change.place.layer_title or "The TOM itself"


def _kind(change: NeedChange) -> str:
    if change.kind == "renamed":
        return f"Renamed from {change.old_id}"
    return f"{change.kind.capitalize()} {words.type_name(change.type)}"


def _details(change: NeedChange) -> nodes.Node:
    if change.kind in ("added", "removed"):
        return nodes.Text(words.key_fields(change))
    items = [nodes.paragraph(text=words.field_words(f)) for f in change.fields]
    items += [nodes.paragraph(text=words.link_words(lk)) for lk in change.links]
    return bullets(items, "")


def _cell_row(link: _Links, cell: CellChange) -> list[Any]:
    def state(name: str, missing: tuple[str, ...]) -> nodes.Node:
        node = nodes.inline(classes=["tom-cell", f"tom-cell-{name}"])
        symbol = STATE_LABELS.get(name, ("?", name))[0]
        node += symbol_node(symbol, "cell")
        node += nodes.Text(" " + words.cell_words(name, missing))
        return node

    return [cell.place.department, link.tom(cell), cell.place.layer_title,
            state(cell.old_state, cell.old_missing), state(cell.new_state, cell.new_missing)]


VIEWS = {"changes": (rows, render)}


def setup_changes(app: Sphinx, state: BuildState) -> None:
    app.add_directive("tom-changes", TomChangesDirective)
    app.connect(SITE_READY, with_state(prepare, state))
