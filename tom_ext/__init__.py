"""Golden Thread's Sphinx extension: TOMs, layers and actions as sphinx-needs objects."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from . import (
    audience,
    csp,
    freshness,
    guard,
    needsjson,
    reproducible,
    sourcehash,
    symlinks,
    theme,
    withhold,
)
from .collect import wrap_need_directives
from .config import TomConfig, config_values
from .directives import (
    actions,
    changes,
    coverage,
    layer,
    overview,
    progress,
    reference,
    summary,
    thread,
    traceability,
)
from .directives.common import tom_view
from .domain import TomDomain
from .model import Model, needs_links_config, needs_types_config
from .records import Site
from .scaffold import PROMPT
from .validate import Finding, validate
from .warnings import TomWarning

__version__ = "0.1.0"

#: notices of the last build, read by the ``tom`` command (in the doctree folder)
NOTICES_FILE = "tom-notices.json"
#: digest of the data the downloads were last written from (in the doctree folder)
EXPORTS_STAMP = "tom-exports.sha256"

LOGGER = logging.getLogger(__name__)

#: view kind -> (rows of the view, renderer); rows feed the page fingerprints
VIEWS: Mapping[str, tuple[Callable[..., Any], Callable[..., nodes.Node]]] = {
    "actions": (actions.rows, actions.render),
    "summary": (summary.rows, summary.render),
    "overview": (overview.rows, overview.render),
    "coverage": (coverage.rows, coverage.render),
    "traceability": (traceability.rows, traceability.render),
    "orphans": (traceability.rows, traceability.render),
    "progress": (progress.rows, progress.render),
    "overdue": (progress.rows, progress.render),
    "savings": (progress.rows, progress.render),
    "thread": (thread.rows, thread.render),
    "layer": (layer.rows, layer.render),
    "themes": (layer.rows, layer.render),
    "changes": (changes.rows, changes.render),
}

#: views that say how many items a public build withheld from them
WITHHELD_NOTED = frozenset({"actions", "summary", "overview", "coverage", "traceability",
                            "progress", "overdue", "savings", "layer", "themes", "thread"})


def model_of(config: Config) -> Model:
    framework = TomConfig.from_sphinx(config).resolved_framework()
    return Model(layer_keys=framework.keys())


def configure_needs(app: Sphinx, config: Config) -> None:
    """Register the TOM model with sphinx-needs (config-inited, before it reads types)."""
    problems = TomConfig.from_sphinx(config).problems()
    if problems:
        raise ConfigError("Golden Thread settings in conf.py:\n  " + "\n  ".join(problems))
    model = model_of(config)
    config.needs_types = needs_types_config(model)
    config.needs_links = needs_links_config(model)
    config.needs_id_required = True
    config.needs_id_regex = r"^[A-Z][A-Z0-9_]*$"
    config.needs_build_json = TomConfig.from_sphinx(config).needs_json
    # a list of this build's own: the theme appends to templates_path, and appending to
    # Sphinx's shared default would change the configuration (.buildinfo) of the next
    # build in the same process (a public build, then an intranet one)
    config.templates_path = list(dict.fromkeys(config.templates_path))
    # needs.json without the time it was written: two builds of a commit give one file
    config.needs_reproducible_json = True
    if not (config.needs_schema_definitions or config.needs_schema_definitions_from_json):
        # every field is a plain string, checked by tom_ext's validator with its file and
        # line; sphinx-needs' schema pass over every need on every build finds nothing
        # more. A site that defines schemas of its own keeps it.
        config.needs_schema_validation_enabled = False
    if not config.myst_heading_anchors:
        # links to a heading of another page (page.md#target-operating-model) resolve
        config.myst_heading_anchors = 3
    # tom_ext reports unknown link targets itself, with the closest IDs as the fix, and
    # duplicate IDs itself, naming both places and the fix
    for subtype in ("needs.link_outgoing", "needs.duplicate_id"):
        if subtype not in config.suppress_warnings:
            config.suppress_warnings = [*config.suppress_warnings, subtype]


def wrap_directives(app: Sphinx, config: Config) -> None:
    """After sphinx-needs registered the directive of each type (config-inited, 500)."""
    wrap_need_directives(app, model_of(config))


def _domain(env: BuildEnvironment) -> TomDomain:
    return cast(TomDomain, env.get_domain("tom"))


def current_site(app: Sphinx) -> Site:
    """The site of this build, computed once after reading (see :func:`after_read`)."""
    site = getattr(app, "_tom_site", None)
    if site is None:
        site = _build_site(app)
    return cast(Site, site)


def _build_site(app: Sphinx) -> Site:
    """The site as shown to this build's audience (see :func:`_full_site`)."""
    return _audience_site(app, _full_site(app))


def _full_site(app: Sphinx) -> Site:
    """Every need read, sensitive ones too: what author checks run on."""
    config = TomConfig.from_sphinx(app.config)
    domain = _domain(app.env)
    return Site(domain.all_records(), model_of(app.config), config.resolved_framework(),
                config.departments, domain.sections, config.today(), domain.target_models,
                current_models=domain.current_models)


def _audience_site(app: Sphinx, full: Site) -> Site:
    """For a public build, the site without its withheld needs (their IDs kept on ``app``
    and in the domain, so links, search objects and needs.json leave them out too)."""
    site = full
    if withhold.is_public(app.config):
        site = audience.public_site(full, withhold.pages_of(app))
        app._tom_withheld_ids = audience.withheld_ids(full)  # type: ignore[attr-defined]
        _domain(app.env).data["withheld"] = sorted(withhold.withheld_need_ids(app))
    else:
        _domain(app.env).data["withheld"] = []
    app._tom_site = site  # type: ignore[attr-defined]
    return site


def view_rows(site: Site, view: Mapping[str, Any]) -> Any:
    return VIEWS[view["kind"]][0](site, view)


def add_summaries(app: Sphinx, doctree: nodes.document) -> None:
    """Put a summary card under the title of every page that holds a TOM, and the
    overview of its layers after the table of contents of its layer pages (or at the end)."""
    domain = _domain(app.env)
    docname = app.env.docname
    for record in domain.records.get(docname, ()):
        if record.type != "tom" or not record.id:
            continue
        section = next(iter(doctree.findall(nodes.section)), None)
        node = summary.placeholder(record.id)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, node)
        else:
            doctree.insert(0, node)
        domain.add_view(docname, node["view"])
        layers = overview.placeholder(record.id)
        wrapper = next((n for n in doctree.findall(nodes.compound)
                        if "toctree-wrapper" in n["classes"]), None)
        if wrapper is not None:
            wrapper.parent.insert(wrapper.parent.index(wrapper) + 1, layers)
        elif section is not None:
            section += layers
        else:
            doctree += layers
        domain.add_view(docname, layers["view"])
        break


def collect_sections(app: Sphinx, doctree: nodes.document) -> None:
    """Section titles of pages that hold a layer, for the layer-sections check, and the
    ``TODO`` prompts of any page, for the "not written yet" check."""
    domain = _domain(app.env)
    docname = app.env.docname
    prompts = [(para.line or 0, para.astext()) for para in doctree.findall(nodes.paragraph)
               if para.astext().startswith(PROMPT)]
    if prompts:
        domain.prompts[docname] = prompts
    if any(r.type == "layer" for r in domain.records.get(docname, ())):
        titled = [s for s in doctree.findall(nodes.section)
                  if s.children and isinstance(s[0], nodes.title)]
        domain.sections[docname] = [section[0].astext() for section in titled]
        for title, store in (("target operating model", domain.target_models),
                             ("current operating model", domain.current_models)):
            found = next((s for s in titled if s[0].astext().strip().lower() == title), None)
            if found is not None:
                store[docname] = [child.astext() for child in found.children[1:]
                                  if isinstance(child, nodes.paragraph | nodes.bullet_list)]


def report_findings(app: Sphinx, site: Site) -> None:
    """Every finding as a warning with its location; notices (orphans, past review dates)
    as located messages that do not fail a build, listed for ``tom`` in
    ``<doctreedir>/tom-notices.json``, unless ``tom_fail_on_notices`` escalates them."""
    config = TomConfig.from_sphinx(app.config)
    domain = _domain(app.env)
    notices = []
    findings = validate(site, config.departments, domain.sections, config.today(),
                        domain.prompts)
    included = []
    for docname, entries in domain.unsafe.items():
        for path, line, subtype, message in entries:
            if path:
                included.append((path, line, subtype, message))
            else:
                findings.append(Finding(docname, line, TomWarning(subtype), message))
    if withhold.is_public(app.config):
        findings = [f for f in findings if not _from_withholding(app, f)]
    findings.sort(key=lambda f: (f.docname, f.lineno, f.subtype.value, f.message))
    for finding in findings:
        location = (finding.docname, finding.lineno)
        if finding.subtype.is_notice and finding.subtype.value not in config.fail_on_notices:
            LOGGER.info("notice: %s [tom.%s]", finding.message, finding.subtype.value,
                        location=location)
            notices.append({"path": str(app.env.doc2path(finding.docname)),
                            "line": finding.lineno, "type": f"tom.{finding.subtype.value}",
                            "message": finding.message})
            continue
        LOGGER.warning(finding.message, type="tom", subtype=finding.subtype.value,
                       location=location)
    for path, line, subtype, message in sorted(included):
        # a file an {include} reads: named by its own path and line
        LOGGER.warning(message, type="tom", subtype=subtype, location=f"{path}:{line}")
    out = Path(app.doctreedir) / NOTICES_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(notices, indent=1, sort_keys=True), encoding="utf-8")


def _from_withholding(app: Sphinx, finding: Finding) -> bool:
    """A finding a public build gives only because pages were withheld (a link to a need
    on one, a TOM missing a withheld layer page): the intranet build checks those."""
    pages = withhold.pages_of(app)
    if finding.subtype is TomWarning.MISSING_LAYER:
        folder = finding.docname.rsplit("/", 1)[0] + "/"
        return any(doc.startswith(folder) for doc in pages)
    if finding.subtype in (TomWarning.UNKNOWN_LINK, TomWarning.WRONG_LINK_TYPE):
        ids = {need_id for found in pages.values() for _t, need_id, _c in found if need_id}
        return any(need_id in finding.message for need_id in ids)
    return False


def after_read(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once per build, after every document is read: index the needs, report what authors
    got wrong, and name the pages whose shown data changed so they are written again."""
    full = _full_site(app)
    site = _audience_site(app, full)
    report_findings(app, full)
    domain = _domain(env)
    changes.prepare(app, site, domain.views)
    new = freshness.page_fingerprints(site, domain.views, view_rows)
    changed = freshness.changed_pages(domain.fingerprints, new)
    domain.data["fingerprints"] = new
    return [doc for doc in changed if doc in env.found_docs]


def fill_derived(app: Sphinx, needs: Any) -> None:
    """Give sphinx-needs what a need's file implies (a layer's TOM, an action's layer), so
    its need boxes, back links and needs.json show them too."""
    site = current_site(app)
    for need in site.by_id.values():
        item = needs.get(need.id)
        if item is None or item["docname"] != need.docname:
            continue
        for name in sorted(need.derived):
            item[name] = list(need.links[name]) if name in need.links else need.fields[name]


def render_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name == "dummy":
        # tom check: every check runs on the data, and nothing is written, so the views
        # are not drawn (a quarter of a check's time on a large council)
        return
    site = current_site(app)
    for node in list(doctree.findall(tom_view)):
        view = node["view"]
        rendered = VIEWS[view["kind"]][1](app, site, view, docname)
        # Sphinx numbers captioned tables when reading; these are made later, so they get
        # their ids here
        for table in rendered.findall(nodes.table):
            if not table["ids"]:
                doctree.set_id(table)
        counts = getattr(site, "withheld", None)
        if counts and view["kind"] in WITHHELD_NOTED:
            sentence = audience.withheld_sentence(counts, view.get("tom") or None)
            if sentence:
                note = nodes.paragraph(classes=["tom-withheld-count"])
                note += nodes.Text(sentence)
                rendered = nodes.container("", rendered, note, classes=["tom-view"])
        node.replace_self(rendered)


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """The downloads of every view, next to the HTML, once the build has succeeded."""
    if exception is not None or app.builder.format != "html":
        return
    from .exports import write_all

    # a rebuild that changed no need leaves the downloads as they are
    write_all(current_site(app), Path(app.outdir) / "downloads",
              TomConfig.from_sphinx(app.config).today(), Path(app.doctreedir) / EXPORTS_STAMP)


def add_to_needs_json(app: Sphinx, exception: Exception | None) -> None:
    """Put what coverage needs beside the needs in needs.json (the section titles of
    layer pages, the departments and the framework), so that ``tom diff`` and a
    ``tom-changes`` baseline can compare coverage with an archived needs.json."""
    from . import snapshot

    config = TomConfig.from_sphinx(app.config)
    written = app.builder.name == "needs" or config.needs_json  # as sphinx-needs decides
    path = Path(app.outdir) / "needs.json"
    if exception is None and written and path.is_file() and not needsjson.skipped(app):
        snapshot.add_to_needs_json(path, snapshot.additions(
            _domain(app.env).sections, config.departments, config.framework))
        pattern = withhold.id_pattern(withhold.withheld_need_ids(app)) \
            if withhold.is_public(app.config) else None
        if pattern is not None:
            data = json.loads(path.read_text(encoding="utf-8"))
            snapshot.write_json(path, withhold.scrub(data, pattern), indent=None)


def add_static(app: Sphinx) -> None:
    """tom_ext's stylesheet, shipped in the package (the site loads nothing from outside)."""
    static = str(Path(__file__).parent / "static")
    if static not in app.config.html_static_path:
        # a new list: appending would change Sphinx's shared default, and the next build
        # in the same process would see a changed configuration and rewrite every page
        app.config.html_static_path = [*app.config.html_static_path, static]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")
    for name, default, _help in config_values():
        # a list in conf.py for a setting whose default is a tuple is fine
        types = (list, tuple) if isinstance(default, list | tuple) else ()
        app.add_config_value(name, default, "env", types=types)
    app.add_domain(TomDomain)
    app.add_node(tom_view)
    theme.setup(app)
    app.add_directive("tom-actions", actions.TomActionsDirective)
    app.add_directive("tom-coverage", coverage.TomCoverageDirective)
    app.add_directive("tom-traceability", traceability.TomTraceabilityDirective)
    app.add_directive("tom-orphans", traceability.TomOrphansDirective)
    app.add_directive("tom-golden-thread", thread.TomGoldenThreadDirective)
    app.add_directive("tom-layer", layer.TomLayerDirective)
    app.add_directive("tom-themes", layer.TomThemesDirective)
    app.add_directive("tom-progress", progress.TomProgressDirective)
    app.add_directive("tom-overdue", progress.TomOverdueDirective)
    app.add_directive("tom-savings", progress.TomSavingsDirective)
    app.add_directive("tom-reference", reference.TomReferenceDirective)
    app.add_directive("tom-layers", reference.TomLayersDirective)
    app.add_directive("tom-settings", reference.TomSettingsDirective)
    app.add_directive("tom-warnings", reference.TomWarningsDirective)
    app.add_directive("tom-changes", changes.TomChangesDirective)
    app.add_directive("tom-server-config", reference.TomServerConfigDirective)
    app.connect("config-inited", configure_needs, priority=11)
    app.connect("config-inited", wrap_directives, priority=900)
    app.connect("env-get-updated", after_read)
    app.connect("needs-before-post-processing", fill_derived)
    app.connect("doctree-resolved", render_views)
    app.connect("doctree-read", symlinks.fix_doc_links)
    app.connect("doctree-read", collect_sections)
    app.connect("doctree-read", add_summaries)
    app.connect("builder-inited", add_static)
    app.connect("build-finished", write_exports)
    # after sphinx-needs has written needs.json (build-finished, 500)
    app.connect("build-finished", add_to_needs_json, priority=600)
    app.add_css_file("tom.css")
    guard.setup(app)
    withhold.setup(app)
    reproducible.setup(app)
    csp.setup(app)
    sourcehash.setup(app)
    needsjson.setup(app)
    return {
        "version": __version__,
        # per-document data lives in TomDomain with clear_doc and merge_domaindata;
        # the site index is rebuilt from it in the main process after reading, and
        # forked writers only read it
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 6,
    }
