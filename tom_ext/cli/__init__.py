"""The ``tom`` command: one module per command, what building commands share (runner),
and the templates of ``tom new``. Sphinx is imported only by a command that builds, and
only through :mod:`tom_ext.sphinx_ext.run`.
"""
