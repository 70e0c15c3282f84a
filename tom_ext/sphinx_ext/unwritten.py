"""Pages a change must write again, kept on disk until a build has written them: the
environment that records the change (the page fingerprints) is saved before any page is
written, so a build stopped between the two (an error, Ctrl-C, a machine switched off)
would otherwise leave those pages stale for every build after it.

The list (``tom-unwritten.json`` beside the doctrees) is written when the pages to write
are known, before the environment is saved, and removed when a build ends without an
exception; a build that finds it writes those pages as well as its own.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx

from tom_ext.core.whole_files import written_whole

FILE = "tom-unwritten.json"


def carry_over(doctreedir: str | Path, changed: list[str]) -> list[str]:
    """``changed`` and the pages a stopped build left to write, written down until a
    build ends well."""
    path = Path(doctreedir) / FILE
    try:
        left = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        left = []
    pages = list(dict.fromkeys([*changed, *(p for p in left if isinstance(p, str))]))
    if pages:
        with written_whole(path) as partial:
            partial.write_text(json.dumps(pages), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)
    return pages


def forget_written(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: every page is written; nothing is left for the next build."""
    if exception is None:
        Path(app.doctreedir, FILE).unlink(missing_ok=True)


def setup_unwritten(app: Sphinx) -> None:
    app.connect("build-finished", forget_written)
