"""Sphinx 9's singlehtml builder writes a link to an anchor on another page as
``#document-page#anchor`` (two anchors: a browser follows neither), because a page's address
there is itself an anchor and Sphinx 9 stopped mending such links (its ``fix_refuris`` is
deprecated). tom_ext's own links are written right (``views.common.anchor_uri``); this
mends the others (MyST's links to a heading of another page) until Sphinx or MyST does.
Upstream report: docs/upstream.md."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: where the override stops being needed: its test fails when Sphinx mends these again
DOCUMENT_ANCHOR = "#document-"


def single_anchor(uri: str) -> str:
    """``#document-page#anchor`` → ``#anchor``; any other address as it is."""
    if uri.startswith(DOCUMENT_ANCHOR) and uri.count("#") == 2:
        return "#" + uri.rsplit("#", 1)[1]
    return uri


class SingleAnchor(SphinxPostTransform):
    """Each link of a singlehtml page with one anchor, not two."""

    default_priority = 900
    builders = ("singlehtml",)

    def run(self, **kwargs: Any) -> None:
        for reference in self.document.findall(nodes.reference):
            if "refuri" in reference:
                reference["refuri"] = single_anchor(reference["refuri"])


def setup_singlehtml(app: Sphinx) -> None:
    app.add_post_transform(SingleAnchor)
