"""needs.json with Golden Thread's additions, written again only when what it holds changed.

sphinx-needs writes ``needs.json`` at the end of every build, indented, which Python's
JSON encoder does in pure Python: 2.6 s of a 6 s rebuild of a 50-TOM council with nothing
changed. A digest of everything the file is made from (every need's data after
post-processing, the ``needs_*`` settings, the project and version, what tom_ext adds, and
the versions of both) is kept beside the doctrees; when it is the same and the file is
there, sphinx-needs is told not to write it for this build. A setting whose value has no
stable text (a function) changes the digest on every build, so the file is then always
written: never stale, only not faster.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx_needs.data import SphinxNeedsData

from tom_ext.changes import snapshot
from tom_ext.changes.tom_compare import model_digests
from tom_ext.core import stamps
from tom_ext.core.config import TomConfig
from tom_ext.sphinx_ext import withhold
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.settings import is_public
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.version import __version__

STAMP = "tom-needs-json.sha256"


def digest(needs: Any, settings: dict[str, Any], extra: Any) -> str:
    """sha256 of what needs.json is made from (pure: no Sphinx)."""
    made = {"needs": {key: dict(value) for key, value in needs.items()},
            "settings": settings, "extra": extra}
    text = json.dumps(made, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _settings(app: Sphinx) -> dict[str, Any]:
    names = sorted(value.name for value in app.config
                   if value.name.startswith(("needs_", "tom_"))
                   or value.name in ("project", "version"))
    return {"values": {name: getattr(app.config, name) for name in names},
            "versions": [version("sphinx-needs"), __version__]}


def _additions(state: BuildState, app: Sphinx) -> dict[str, Any]:
    config = TomConfig.from_sphinx(app.config)
    # each layer's models as digests, so a later refresh can say which layers it rewrote
    return snapshot.additions(TomDomain.of(app.env).sections, config.departments,
                              config.framework,
                              models=model_digests(current_site(state, app)))


def before_writing(state: BuildState, app: Sphinx, exception: BaseException | None) -> None:
    """build-finished, before sphinx-needs writes the file."""
    state.needs_json_digest, state.needs_json_kept = "", False
    if exception is not None or not app.config.needs_build_json or app.builder.name in (
            "needs", "dummy"):
        return
    state.needs_json_digest = digest(SphinxNeedsData(app.env).get_needs_view(),
                                     _settings(app), _additions(state, app))
    stamp = Path(app.doctreedir) / STAMP
    if stamps.current(stamp, state.needs_json_digest, [Path(app.outdir) / "needs.json"]):
        state.needs_json_kept = True
        app.config.needs_build_json = False
    else:
        stamps.forget(stamp)


def add_golden_thread(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished, after sphinx-needs wrote needs.json: put what coverage needs beside
    the needs (the section titles of layer pages, the departments and the framework), so
    that ``tom diff`` and a ``tom-changes`` baseline can compare coverage with an archived
    needs.json; a public build's file also loses every withheld ID from its text."""
    written = app.builder.name == "needs" or TomConfig.from_sphinx(app.config).needs_json
    path = Path(app.outdir) / "needs.json"
    if exception is not None or not written or not path.is_file() or state.needs_json_kept:
        return
    snapshot.add_to_needs_json(path, _additions(state, app))
    pattern = withhold.id_pattern(state.withheld_need_ids()) if is_public(app.config) else None
    if pattern is not None:
        data = json.loads(path.read_text(encoding="utf-8"))
        snapshot.write_json(path, withhold.scrub(data, pattern), indent=None)


def after_writing(state: BuildState, app: Sphinx, exception: BaseException | None) -> None:
    """build-finished, after sphinx-needs and tom_ext have written the file."""
    if state.needs_json_kept:
        app.config.needs_build_json = True
    elif (state.needs_json_digest and exception is None
          and (Path(app.outdir) / "needs.json").is_file()):
        stamps.record(Path(app.doctreedir) / STAMP, state.needs_json_digest)


def setup_needs_json(app: Sphinx, state: BuildState) -> None:
    # sphinx-needs writes the file at build-finished, priority 500
    app.connect("build-finished", with_state(before_writing, state), priority=450)
    app.connect("build-finished", with_state(add_golden_thread, state), priority=600)
    app.connect("build-finished", with_state(after_writing, state), priority=700)
