"""Golden Thread: a council's Target Operating Models as a Sphinx site with traceability.

The package root stays small: importing it (as the ``tom`` command and every core module
do) loads nothing of Sphinx. Sphinx calls :func:`setup`, which hands over to
:mod:`tom_ext.sphinx_ext.extension`.
"""

from __future__ import annotations

from typing import Any

from tom_ext.version import __version__

__all__ = ["__version__", "setup"]


def setup(app: Any) -> dict[str, Any]:
    from tom_ext.sphinx_ext.extension import setup as setup_sphinx_side

    return setup_sphinx_side(app)
