"""sphinx-needs builds every back link with ``NeedItem.add_backlink``, which looks for the
new link in the whole list first: a strategy that thousands of actions support costs
thousands × thousands comparisons, on every build that post-processes the needs (0.3 s at 50
TOMs, growing with the square of the council). Its only caller, ``build_backlinks``, adds
the back links of one need after another, starting from empty lists, so a repeat can only
be the last link added; tom_ext's ``add_backlink`` compares with that one. The lists are
sorted and made unique afterwards all the same (``NeedItem.sort_links``).
Upstream report: docs/upstream.md."""

from __future__ import annotations

from sphinx_needs.need_item import NeedItem, NeedLink

#: sphinx-needs' own, for the test that says when upstream mended it
UPSTREAM_ADD_BACKLINK = NeedItem.add_backlink


def add_backlink(self: NeedItem, link_type: str, backlink: str | NeedLink) -> None:
    """Add a back link unless it is the one just added (see the module's text)."""
    found = self._backlinks.get(link_type)
    if found is None:
        raise KeyError(f"Link type {link_type!r} does not exist in backlinks.")
    if isinstance(backlink, str):
        backlink = NeedLink.from_string(backlink)
    if not found or found[-1] != backlink:
        found.append(backlink)


def setup_backlinks() -> None:
    """Once per process: sphinx-needs' back links added in linear time."""
    NeedItem.add_backlink = add_backlink  # type: ignore[method-assign]
