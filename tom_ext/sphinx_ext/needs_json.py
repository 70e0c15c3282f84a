"""needs.json written in one pass with Python's C encoder, and only when its text changed.

sphinx-needs writes ``needs.json`` at the end of every build with ``json.dump``, which
Python always runs in its pure-Python encoder (only ``json.dumps`` takes the C one): 1.3 s
of a 50-TOM rebuild, after which tom_ext read the file back, added its own key and wrote it
again. So for an HTML build tom_ext stands sphinx-needs' writer aside and writes the file
itself: the same data (sphinx-needs' ``NeedsList``, filled as its needs builder fills it)
with Golden Thread's additions, encoded once by ``json.dumps`` and written only when the
text differs from the file there (docs/upstream.md has the report for sphinx-needs). When no
page was read or removed and the settings and additions are as when the file was last
written, it is kept without being made at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx_needs.config import NeedsSphinxConfig
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.filter_common import filter_needs_view
from sphinx_needs.needsfile import NeedsList

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


def digest(settings: dict[str, Any], extra: Any) -> str:
    """sha256 of what needs.json is made from besides the needs (pure: no Sphinx)."""
    text = json.dumps({"settings": settings, "extra": extra}, sort_keys=True, default=repr,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` in one rename unless the file already holds it (its time
    is then kept, so publishing links it instead of copying it); whether it was written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return True


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


def needs_list_data(app: Sphinx) -> dict[str, Any]:
    """What sphinx-needs' needs builder writes to needs.json (``NeedsBuilder.finish``), as
    data; ``tests/test_needs_json.py`` compares the two files."""
    config = NeedsSphinxConfig(app.config)
    needs_list = NeedsList(app.env, app.outdir, app.srcdir)
    if config.file:
        needs_list.load_json(config.file)
    version = getattr(app.config, "version", "unset")
    needs_list.wipe_version(version)
    for need in filter_needs_view(SphinxNeedsData(app.env).get_needs_view(), config,
                                  config.builder_filter,
                                  append_warning="(from need_builder_filter)"):
        needs_list.add_need(version, need)
    # what write_json and dump_json do before encoding (the version, the project); the
    # public dump_json also encodes, which is not needed here
    getattr(needs_list, "_finalise", needs_list.dump_json)()
    return dict(needs_list.needs_list)


def _with_additions(state: BuildState, app: Sphinx, data: dict[str, Any],
                    extra: Mapping[str, Any]) -> Any:
    """The file's data with tom_ext's key; a public build's loses every withheld ID."""
    data[snapshot.KEY] = dict(extra)
    pattern = withhold.id_pattern(state.withheld_need_ids()) if is_public(app.config) else None
    return withhold.scrub(data, pattern) if pattern is not None else data


def write_needs_json(state: BuildState, app: Sphinx, exception: BaseException | None) -> None:
    """build-finished, before sphinx-needs would write the file: tom_ext writes it."""
    state.needs_json_kept = False
    if exception is not None or not app.config.needs_build_json or app.builder.name in (
            "needs", "dummy"):
        return
    app.config.needs_build_json = False  # sphinx-needs' writer stands aside (restored after)
    state.needs_json_kept = True
    path, stamp = Path(app.outdir) / "needs.json", Path(app.doctreedir) / STAMP
    extra = _additions(state, app)
    made_from = digest(_settings(app), extra)
    if not state.pages_read and stamps.current(stamp, made_from, [path]):
        return  # no need was read or removed: the needs are those it was written from
    stamps.forget(stamp)
    data = _with_additions(state, app, needs_list_data(app), extra)
    write_if_changed(path, json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n")
    stamps.record(stamp, made_from)


def add_golden_thread(state: BuildState, app: Sphinx, exception: Exception | None) -> None:
    """build-finished, after sphinx-needs' needs builder wrote needs.json: put what
    coverage needs beside the needs (the section titles of layer pages, the departments
    and the framework), so that ``tom diff`` and a ``tom-changes`` baseline can compare
    coverage with an archived needs.json; a public build's file also loses every withheld
    ID from its text. (An HTML build's file is written whole by :func:`write_needs_json`.)"""
    path = Path(app.outdir) / "needs.json"
    if exception is not None or app.builder.name != "needs" or not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    snapshot.write_json(path, _with_additions(state, app, data, _additions(state, app)),
                        indent=None)


def after_writing(state: BuildState, app: Sphinx, exception: BaseException | None) -> None:
    """build-finished, after tom_ext wrote the file: sphinx-needs' setting as it was."""
    if state.needs_json_kept:
        app.config.needs_build_json = True
        state.needs_json_kept = False


def count_read(state: BuildState, app: Sphinx, *args: Any) -> None:
    """builder-inited: none read yet; env-purge-doc (a page read again or removed): one
    more. Both run in the main process, also when pages are read in parallel."""
    state.pages_read = 0 if not args else state.pages_read + 1


def setup_needs_json(app: Sphinx, state: BuildState) -> None:
    app.connect("builder-inited", with_state(count_read, state))
    app.connect("env-purge-doc", with_state(count_read, state))
    # sphinx-needs writes the file at build-finished, priority 500
    app.connect("build-finished", with_state(write_needs_json, state), priority=450)
    app.connect("build-finished", with_state(add_golden_thread, state), priority=600)
    app.connect("build-finished", with_state(after_writing, state), priority=700)
