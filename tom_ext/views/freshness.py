"""Which written pages are out of date after an incremental read (no Sphinx).

sphinx-needs re-writes only re-read pages, so a page showing data of needs in other
files goes stale (upstream issue #354). Each page gets a fingerprint of everything it
shows from other files' needs; a page whose fingerprint changed is written again, and
only those.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tom_ext.core.needs import Site

ViewRows = Callable[[Site, Mapping[str, Any]], Sequence[Any]]


def page_fingerprints(
    site: Site,
    views: Mapping[str, Sequence[Mapping[str, Any]]],
    rows_of: ViewRows,
) -> dict[str, str]:
    """docname → digest of the views on the page and the links into its needs."""
    parts: dict[str, list[Any]] = {}
    for docname, page_views in views.items():
        parts.setdefault(docname, []).extend(
            [dict(view), [repr(row) for row in rows_of(site, view)]] for view in page_views
        )
    for docname, needs in site.by_doc.items():
        for need in needs:
            incoming = site.back.get(need.id, {})
            parts.setdefault(docname, []).append([
                need.id,
                sorted((link, sorted(ids)) for link, ids in incoming.items()),
                sorted((name, need.links.get(name) or need.fields.get(name))
                       for name in need.derived),
            ])
    return {
        docname: hashlib.sha256(
            json.dumps(value, sort_keys=True, default=str).encode()
        ).hexdigest()
        for docname, value in parts.items()
    }


def changed_pages(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    """Pages whose fingerprint differs from the one they were last written with."""
    return sorted(doc for doc, digest in new.items() if old.get(doc) != digest)
