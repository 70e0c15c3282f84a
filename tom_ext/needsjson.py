"""needs.json is written again only when what it would hold changed.

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
from pathlib import Path
from typing import Any

from . import stamps

STAMP = "tom-needs-json.sha256"
_STATE = "_tom_needs_json"


def digest(needs: Any, settings: dict[str, Any], extra: Any) -> str:
    """sha256 of what needs.json is made from (pure: no Sphinx)."""
    made = {"needs": {key: dict(value) for key, value in needs.items()},
            "settings": settings, "extra": extra}
    text = json.dumps(made, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _settings(app: Any) -> dict[str, Any]:
    from importlib.metadata import version

    from . import __version__

    names = sorted(value.name for value in app.config
                   if value.name.startswith(("needs_", "tom_"))
                   or value.name in ("project", "version"))
    return {"values": {name: getattr(app.config, name) for name in names},
            "versions": [version("sphinx-needs"), __version__]}


def skipped(app: Any) -> bool:
    """Whether this build leaves the last needs.json as it is."""
    return bool(app.__dict__.get(_STATE, {}).get("skipped"))


def before_writing(app: Any, exception: BaseException | None) -> None:
    """build-finished, before sphinx-needs writes the file."""
    from sphinx_needs.data import SphinxNeedsData

    from . import _domain, snapshot
    from .config import TomConfig

    state: dict[str, Any] = {}
    app.__dict__[_STATE] = state
    if exception is not None or not app.config.needs_build_json or app.builder.name in (
            "needs", "dummy"):
        return
    config = TomConfig.from_sphinx(app.config)
    extra = snapshot.additions(_domain(app.env).sections, config.departments,
                               config.framework)
    state["digest"] = digest(SphinxNeedsData(app.env).get_needs_view(), _settings(app),
                             extra)
    stamp = Path(app.doctreedir) / STAMP
    if stamps.current(stamp, state["digest"], [Path(app.outdir) / "needs.json"]):
        state["skipped"] = True
        app.config.needs_build_json = False
    else:
        stamps.forget(stamp)


def after_writing(app: Any, exception: BaseException | None) -> None:
    """build-finished, after sphinx-needs and tom_ext have written the file."""
    state = app.__dict__.pop(_STATE, {})
    if state.get("skipped"):
        app.config.needs_build_json = True
    elif "digest" in state and exception is None and (Path(app.outdir) / "needs.json").is_file():
        stamps.record(Path(app.doctreedir) / STAMP, state["digest"])


def setup(app: Any) -> None:
    app.connect("build-finished", before_writing, priority=450)
    app.connect("build-finished", after_writing, priority=700)
