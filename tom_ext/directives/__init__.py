"""Directives of tom_ext: each returns a placeholder that is rendered at doctree-resolved."""
