"""The Sphinx side of Golden Thread: the only package that imports Sphinx, docutils, MyST or
sphinx-needs. Sphinx's ``setup`` is :func:`tom_ext.sphinx_ext.extension.setup`; this file
imports nothing, so that importing one module of the package loads only what it needs."""
