"""sphinx-needs forgets a page's needs before the page is read (``purge_needs`` at
``env-purge-doc``) by walking every need of the site and every page list it keeps: on a
fresh read every page pays for all the pages read before it, so reading is quadratic in
the council (about 3 s of a fresh ``tom check`` at 150 TOMs). A page the environment has
never read has nothing to forget, so tom_ext calls it only for a page read before.
Upstream report: docs/upstream.md."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from tom_ext.sphinx_ext.listeners import wrap_listener


def only_pages_read_before(purge: Callable[..., Any]) -> Callable[..., Any]:
    def purge_needs_of_pages_read_before(app: Sphinx, env: BuildEnvironment,
                                         docname: str) -> None:
        if docname in env.all_docs:
            purge(app, env, docname)

    return purge_needs_of_pages_read_before


def wrap_purge(app: Sphinx) -> None:
    """builder-inited: sphinx-needs' listener, called only for a page read before."""
    wrap_listener(app, "env-purge-doc", "sphinx_needs.directives.need", "purge_needs",
                  only_pages_read_before)


def setup_needs_purge(app: Sphinx) -> None:
    app.connect("builder-inited", wrap_purge, priority=900)
