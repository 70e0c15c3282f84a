"""The data and the rules of a TOM site: model, framework, settings, the Site and its checks.

Nothing here imports Sphinx, docutils, MyST or sphinx-needs (tests/test_architecture.py).
"""
