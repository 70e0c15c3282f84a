"""Two builds of one commit give the same files: what sphinx-needs leaves to chance, fixed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

#: sphinx-needs names each need box ``SNCB-`` + 8 random hex digits (its collapse script
#: finds the box by that prefix)
BOX_PREFIX = "SNCB-"
#: sphinx-needs' schema report: these two give how fast the validation ran
TIMINGS = ("validation_summary", "validated_needs_per_second")


def stable_need_box_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``, after sphinx-needs drew the need boxes: name each box after
    its page and its need instead of a random number."""
    seen: set[str] = set()
    for index, box in enumerate(doctree.findall(nodes.container)):
        ids = box.get("ids", [])
        if not ids or not ids[0].startswith(BOX_PREFIX):
            continue
        inner = next((n["ids"][0] for n in box.findall(nodes.Element)
                      if n is not box and n.get("ids")), str(index))
        key = f"{docname}/{inner}"
        while key in seen:
            key += "+"
        seen.add(key)
        box["ids"] = [BOX_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:8], *ids[1:]]


def steady_schema_report(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: sphinx-needs' ``schema_violations.json`` without how long the
    validation took (which differs on every build); counts and findings stay."""
    path = Path(app.outdir) / "schema_violations.json"
    if exception is not None or not path.is_file():
        return
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return
    if not isinstance(report, dict) or not any(key in report for key in TIMINGS):
        return
    for key in TIMINGS:
        report.pop(key, None)
    path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def setup_reproducible(app: Sphinx) -> None:
    app.connect("doctree-resolved", stable_need_box_ids, priority=800)
    app.connect("build-finished", steady_schema_report)
