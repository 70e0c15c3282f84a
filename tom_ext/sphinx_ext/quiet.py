"""A rebuild that read no page, on the same day and with the same settings and baselines as
the last build, is *quiet*: what that build worked out from the whole council (the author
checks, which pages show which data, the downloads, the papers, sphinx-needs' links) still
holds, so it is not worked out again; its findings are given again as they were.

The last build leaves a record beside the doctrees (``tom-quiet.json``) only when it
finished without an exception; the record names the environment it was made with (the
pickle's size and time, which a build that reads nothing leaves as it is), so a record and
an environment from different builds (a CI cache, a forgotten environment) never match. The
record is removed when a build starts and written again when it ends well.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from tom_ext.changes import git
from tom_ext.core import versions
from tom_ext.core.config import TomConfig
from tom_ext.core.needs import Site
from tom_ext.core.project import QUIET_RECORD
from tom_ext.core.stamps import code_stamp as _code_stamp  # a name tests replace
from tom_ext.core.stamps import file_stamp
from tom_ext.sphinx_ext.listeners import wrap_listener
from tom_ext.sphinx_ext.state import BuildState, with_state

RECORD = QUIET_RECORD


def outside_inputs(app: Sphinx) -> dict[str, Any]:
    """What the whole-council work depends on besides the pages: the environment it was
    made in, the day (overdue actions), the settings and the baselines compared with."""
    config = TomConfig.from_sphinx(app.config)
    root = Path(app.confdir)
    info = getattr(app.builder, "build_info", None)
    previous = versions.previous(config.versions)
    return {
        "environment": file_stamp(Path(app.doctreedir) / ENV_PICKLE_FILENAME),
        "today": config.today().isoformat(),
        "builder": app.builder.name,
        "settings": [getattr(info, "config_hash", ""), getattr(info, "tags_hash", "")],
        "baselines": [_baseline(root, config.changes_baseline),
                      _baseline(root, previous.revision if previous else "")],
        "outputs": (Path(app.outdir) / "downloads").is_dir(),
        "code": _code_stamp(),
    }


def _baseline(root: Path, value: str) -> Any:
    """An archived needs.json by its size and time; a git revision by the commit it names
    now (a tag moved to another commit changes what is compared)."""
    value = value.strip()
    if not value:
        return ""
    path = root / value
    if value.endswith(".json") or path.is_file():
        return [value, file_stamp(path)]
    try:
        return [value, git.resolve_revision(root, value)[0]]
    except git.GitError:
        return [value, None]


def forget_record(state: BuildState, app: Sphinx) -> None:
    """builder-inited: the last build's record read and removed; it is written again only
    if this build ends well."""
    state.quiet = state.baselines_as_before = state.baseline_failed = False
    path = Path(app.doctreedir) / RECORD
    try:
        state.last_record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state.last_record = {}
    path.unlink(missing_ok=True)


def judge(state: BuildState, app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-get-updated, before tom_ext's other handlers: is this build quiet?"""
    last, state.last_record = state.last_record, {}
    inputs = outside_inputs(app)
    read_well = last.get("baselines_read") is True
    state.baselines_as_before = read_well and \
        last.get("inputs", {}).get("baselines") == inputs["baselines"]
    state.quiet = (not state.pages_read and read_well and last.get("inputs") == inputs)
    if state.quiet:
        state.reported = list(last.get("reported", []))
    return []


def keep_record(state: BuildState, app: Sphinx, exception: BaseException | None) -> None:
    """build-finished, last: what the next build needs to know it is quiet."""
    if exception is not None:
        return
    record = {"inputs": outside_inputs(app), "reported": state.reported,
              "baselines_read": not state.baseline_failed}
    path = Path(app.doctreedir) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record), encoding="utf-8")


def compare_unless_quiet(state: BuildState, site: Site, key: tuple[object, ...],
                         compute: Callable[[], object]) -> None:
    """A comparison with an earlier site, worked out now so that its warnings come before
    any page is written; in a quiet build only if a page written all the same asks."""
    site.defer(key, compute)
    if not state.quiet:
        site.memo(key, compute)


def needs_processed_unless_quiet(state: BuildState, app: Sphinx) -> None:
    """sphinx-needs post-processes every need at ``write-started`` of every build
    (``ensure_post_process_needs_data``), so that its warnings are given even when no page
    changed: the whole council's links, every build. A quiet build follows a build that
    gave them; a page that is written all the same still has its needs processed, when it
    first asks for them. See ``docs/upstream.md``."""
    wrap_listener(app, "write-started", "sphinx_needs.needs", "ensure_post_process_needs_data",
                  lambda handler: _unless_quiet(state, handler))


def _unless_quiet(state: BuildState, handler: Any) -> Any:
    def ensure_unless_quiet(app: Sphinx, builder: Builder) -> None:
        if not state.quiet:
            handler(app, builder)

    return ensure_unless_quiet


def setup_quiet(app: Sphinx, state: BuildState) -> None:
    app.connect("builder-inited", with_state(forget_record, state))
    app.connect("builder-inited", with_state(needs_processed_unless_quiet, state),
                priority=900)
    app.connect("env-get-updated", with_state(judge, state), priority=100)
    app.connect("build-finished", with_state(keep_record, state), priority=950)
