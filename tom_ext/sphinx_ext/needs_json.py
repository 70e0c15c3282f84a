"""needs.json written in one pass with Python's C encoder, and only when its text changed.

sphinx-needs writes ``needs.json`` at the end of every build with ``json.dump``, which
Python always runs in its pure-Python encoder (only ``json.dumps`` takes the C one): 1.3 s
of a 50-TOM rebuild, after which tom_ext read the file back, added its own key and wrote it
again. So for an HTML build tom_ext stands sphinx-needs' writer aside and writes the file
itself: the same data (sphinx-needs' ``NeedsList``, filled as its needs builder fills it)
with Golden Thread's additions, encoded once by ``json.dumps`` and written only when the
text differs from the file there (docs/upstream.md has the report for sphinx-needs). When no
page was read or removed and the settings and additions are as when the file was last
written, it is kept without being made at all. Otherwise it is made and written by a child
process (:func:`~tom_ext.sphinx_ext.downloads.beside`) from the moment the needs are final
(``write-started``), beside the pages: a rebuild after one change need not wait for it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx_needs.config import NeedsSphinxConfig
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.filter_common import filter_needs_view
from sphinx_needs.needsfile import NeedsList

from tom_ext.changes import snapshot
from tom_ext.changes.tom_compare import model_digests
from tom_ext.core import stamps
from tom_ext.core.config import TomConfig
from tom_ext.core.whole_files import written_whole
from tom_ext.sphinx_ext import withhold
from tom_ext.sphinx_ext.domain import TomDomain
from tom_ext.sphinx_ext.downloads import beside, failed_beside
from tom_ext.sphinx_ext.reading import current_site
from tom_ext.sphinx_ext.settings import is_public
from tom_ext.sphinx_ext.state import BuildState, with_state
from tom_ext.version import __version__

STAMP = "tom-needs-json.sha256"

#: waits for needs.json to be written and says what went wrong ('' when nothing did);
#: records the stamp when it was written and the build ended well (the argument)
NeedsJsonWriter = Callable[[bool], str]


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
    with written_whole(path) as partial:
        partial.write_text(text, encoding="utf-8")
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


def _writes_it(app: Sphinx) -> bool:
    """Whether tom_ext writes this build's needs.json: sphinx-needs' needs builder writes
    its own, the dummy builder none."""
    return bool(app.config.needs_build_json) and app.builder.name not in ("needs", "dummy")


def _start(state: BuildState, app: Sphinx,
           run: Callable[[Callable[[], object]], Callable[[], str]]) -> NeedsJsonWriter:
    """needs.json made and written by ``run`` (in a child process, or at once), unless the
    file there was written from the same needs, settings and additions."""
    path, stamp = Path(app.outdir) / "needs.json", Path(app.doctreedir) / STAMP
    extra = _additions(state, app)
    made_from = digest(_settings(app), extra)
    if not state.pages_read and stamps.current(stamp, made_from, [path]):
        return lambda build_ended_well: ""  # no need read or removed: the file is current
    stamps.forget(stamp)  # recorded again once the file is written and the build ended well

    def make_and_write() -> None:
        data = _with_additions(state, app, needs_list_data(app), extra)
        write_if_changed(path, json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n")

    wait = run(make_and_write)

    def finish(build_ended_well: bool) -> str:
        failure = wait()
        if not failure and build_ended_well:
            stamps.record(stamp, made_from)
        return failure

    return finish


def _at_once(work: Callable[[], object]) -> Callable[[], str]:
    """``work`` done now, in this process (its exception is the caller's)."""
    work()
    return lambda: ""


def start_needs_json(state: BuildState, app: Sphinx, builder: Builder) -> None:
    """write-started, after sphinx-needs post-processed the needs (500), in the main
    process also when pages are written in parallel: needs.json begins to be made and
    written by a child process, beside the pages."""
    state.needs_json = _start(state, app, beside) if _writes_it(app) else None


def write_needs_json(state: BuildState, app: Sphinx, exception: BaseException | None) -> None:
    """build-finished, before sphinx-needs would write the file (500): sphinx-needs' writer
    stands aside (:func:`after_writing` restores it) and the child is waited for; its
    failure fails the build. A build stopped before its pages were written leaves the file
    to sphinx-needs, as before; a failed build leaves no stamp."""
    finish, state.needs_json = state.needs_json, None
    if finish is None and exception is None and _writes_it(app):
        finish = _start(state, app, _at_once)  # a builder that never started writing
    if finish is not None:
        app.config.needs_build_json = False
        state.needs_json_kept = True  # also through Sphinx's second build-finished, on failure
    failure = finish(exception is None) if finish is not None else ""
    if exception is not None:
        stamps.forget(Path(app.doctreedir) / STAMP)
    elif failure:
        raise failed_beside(app, "needs.json could not be written", failure)


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
    # after sphinx-needs' post-processing (write-started, 500): the needs are final
    app.connect("write-started", with_state(start_needs_json, state), priority=600)
    # sphinx-needs writes the file at build-finished, priority 500
    app.connect("build-finished", with_state(write_needs_json, state), priority=450)
    app.connect("build-finished", with_state(add_golden_thread, state), priority=600)
    app.connect("build-finished", with_state(after_writing, state), priority=700)
