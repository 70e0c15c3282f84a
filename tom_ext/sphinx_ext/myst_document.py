"""MyST makes a whole docutils document for every page it renders and throws it away:
``DocutilsRenderer.setup_render`` does ``options.get("document", make_document())``, so the
default (a new set of docutils settings, built option by option) is made even when Sphinx
passed the page's own document, as it always does. About 1.3 s of a fresh read at 150
TOMs. tom_ext's ``setup_render`` lets MyST's run with a ``make_document`` that makes
nothing when the options hold the document (the default is then never used), and with
MyST's own otherwise. Upstream report: docs/upstream.md."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from myst_parser.mdit_to_docutils import base

#: MyST's own, for the test that says when upstream mended it
UPSTREAM_SETUP_RENDER = base.DocutilsRenderer.setup_render
UPSTREAM_MAKE_DOCUMENT = base.make_document


def _unused(*_args: Any, **_kwargs: Any) -> None:
    """The default of ``options.get("document", …)`` when the document is there."""


def setup_render(self: base.DocutilsRenderer, options: dict[str, Any],
                 env: MutableMapping[str, Any]) -> None:
    if "document" not in options:
        UPSTREAM_SETUP_RENDER(self, options, env)
        return
    base.make_document = _unused  # type: ignore[assignment]
    try:
        UPSTREAM_SETUP_RENDER(self, options, env)
    finally:
        base.make_document = UPSTREAM_MAKE_DOCUMENT


def setup_myst_document() -> None:
    """Once per process: no document made for nothing by MyST's renderer."""
    base.DocutilsRenderer.setup_render = setup_render  # type: ignore[method-assign]
