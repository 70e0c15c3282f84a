"""What authors got wrong, reported as warnings at their file and line; notices (orphans,
past review dates) reported without failing, and listed for the ``tom`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from tom_ext.core.config import TomConfig
from tom_ext.core.messages import TomWarning
from tom_ext.core.needs import Site
from tom_ext.core.project import NOTICES_FILE
from tom_ext.core.refresh import timetable_of
from tom_ext.core.validate import Finding, validate
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.settings import is_public
from tom_ext.sphinx_ext.state import BuildState

LOGGER = logging.getLogger(__name__)


def report_findings(state: BuildState, app: Sphinx, site: Site) -> None:
    """Every finding as a warning with its location; notices as located messages that do
    not fail a build, listed for ``tom`` in ``<doctreedir>/tom-notices.json``, unless
    ``tom_fail_on_notices`` escalates them."""
    config = TomConfig.from_sphinx(app.config)
    domain = TomDomain.of(app.env)
    findings = validate(site, config.departments, domain.sections, config.today(),
                        domain.prompts, prose_links=domain.prose_links,
                        known_ids=domain.known_ids,
                        timetable=timetable_of(config.refresh))
    root = Path(app.confdir or app.srcdir)
    files = {doc: _relative(app, doc, root) for doc in site.by_doc}
    domain.known_ids.update({need.id: files[need.docname] for need in site.by_id.values()})
    save_known_ids(app)
    included = []
    for docname, entries in domain.unsafe.items():
        for path, line, subtype, message in entries:
            if path:
                included.append((path, line, subtype, message))
            else:
                findings.append(Finding(docname, line, TomWarning(subtype), message))
    if is_public(app.config):
        findings = [f for f in findings if not from_withholding(state, f)]
    findings.sort(key=lambda f: (f.docname, f.lineno, f.subtype.value, f.message))
    notices, reported = [], []
    for finding in findings:
        location = [finding.docname, finding.lineno]
        if finding.subtype.is_notice and finding.subtype.value not in config.fail_on_notices:
            reported.append(["notice", finding.message, finding.subtype.value, location])
            notices.append({"path": str(app.env.doc2path(finding.docname)),
                            "line": finding.lineno, "type": f"tom.{finding.subtype.value}",
                            "message": finding.message})
            continue
        reported.append(["warning", finding.message, finding.subtype.value, location])
    for path, line, subtype, message in sorted(included):
        # a file an {include} reads: named by its own path and line
        reported.append(["warning", message, subtype, f"{path}:{line}"])
    state.reported = reported
    give(reported, shown=not app.quiet)
    out = Path(app.doctreedir) / NOTICES_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(notices, indent=1, sort_keys=True), encoding="utf-8")


def give(reported: list[list[Any]], *, shown: bool = True) -> None:
    """Each finding to Sphinx's log at its place, as the checks found it or, in a quiet
    build, as the last build did: ``[level, message, subtype, location]``. ``shown``:
    whether Sphinx shows its messages; a quiet Sphinx (``tom``'s own builds) would drop
    the notices, which ``tom`` lists from the notices file (thousands of messages made
    for nothing at 150 TOMs)."""
    for level, message, subtype, location in reported:
        where = tuple(location) if isinstance(location, list) else location
        if level == "notice":
            if not shown:
                continue
            LOGGER.info("notice: %s [tom.%s]", message, subtype, location=where)
        else:
            LOGGER.warning(message, type="tom", subtype=subtype, location=where)


def from_withholding(state: BuildState, finding: Finding) -> bool:
    """A finding a public build gives only because pages were withheld (a link to a need
    on one, a TOM missing a withheld layer page): the intranet build checks those."""
    pages = state.withheld_pages
    if finding.subtype in (TomWarning.MISSING_LAYER, TomWarning.DRAFT_LAYER):
        folder = finding.docname.rsplit("/", 1)[0] + "/"
        return any(doc.startswith(folder) for doc in pages)
    if finding.subtype in (TomWarning.UNKNOWN_LINK, TomWarning.WRONG_LINK_TYPE):
        ids = {need_id for found in pages.values() for _t, need_id, _c in found if need_id}
        return any(need_id in finding.message for need_id in ids)
    return False


#: where each ID was last defined, kept beside the doctrees: it outlasts an environment
#: that a failed check forgets, so a removed need's links can say where it was
KNOWN_IDS_FILE = "tom-known-ids.json"


def save_known_ids(app: Sphinx) -> None:
    out = Path(app.doctreedir) / KNOWN_IDS_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(TomDomain.of(app.env).known_ids, indent=0, sort_keys=True),
                   encoding="utf-8")


def load_known_ids(app: Sphinx) -> None:
    """builder-inited: what an earlier build knew, when the environment is new."""
    domain = TomDomain.of(app.env)
    if domain.known_ids:
        return
    try:
        known = json.loads((Path(app.doctreedir) / KNOWN_IDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(known, dict):
        domain.known_ids.update({str(k): str(v) for k, v in known.items()})


def _relative(app: Sphinx, docname: str, root: Path) -> str:
    path = Path(app.env.doc2path(docname))
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
