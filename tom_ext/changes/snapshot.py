"""A site's needs as needs.json with Golden Thread's additions, read as a diff side (no Sphinx).

sphinx-needs' ``needs.json`` holds every need with its fields, links and text, but not
what coverage also needs: the section titles of each layer page. A build adds them, with
the departments and the framework, under a top-level ``golden_thread`` key, which readers
of the exchange format ignore. A ``needs.json`` without it still diffs; only its coverage
is not compared.
"""

from __future__ import annotations

import contextlib
import json
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import ub_needs_exchange

from tom_ext.changes.diff import Snapshot
from tom_ext.core.framework import FrameworkError, resolve
from tom_ext.core.model import TYPES, Model
from tom_ext.core.needs import Site, records_from_needs_json
from tom_ext.core.stamps import code_stamp, file_stamp
from tom_ext.core.whole_files import written_whole

#: the top-level key of needs.json that holds what Golden Thread adds
KEY = "golden_thread"
#: version of what is under KEY (and of the cached snapshots of revisions)
FORMAT = 1
#: version of the cached snapshots of revisions (2: each layer's models as digests too)
CACHE_FORMAT = 2


class SnapshotError(Exception):
    """A needs.json that cannot be read, with the reason in words."""


def additions(sections: Mapping[str, Sequence[str]], departments: Mapping[str, str],
              framework: str | Mapping[str, Any], **more: Any) -> dict[str, Any]:
    """What a build adds to its needs.json: layer pages' section titles and settings."""
    return {"format": FORMAT, "sections": {doc: list(titles) for doc, titles
                                           in sorted(sections.items())},
            "departments": dict(departments), "framework": framework, **more}


def add_to_needs_json(path: Path, extra: Mapping[str, Any]) -> None:
    """Write ``extra`` under :data:`KEY` in the needs.json at ``path``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data[KEY] = dict(extra)
    write_json(path, data, indent=None)


def write_json(path: Path, data: Mapping[str, Any], indent: int | None = 1) -> None:
    """Write in one rename, so a reader never sees half a file."""
    with written_whole(path) as partial:
        partial.write_text(json.dumps(data, indent=indent, sort_keys=True,
                                      ensure_ascii=False) + "\n", encoding="utf-8")


def compact(data: Mapping[str, Any]) -> dict[str, Any]:
    """The current version of a needs.json with only what a diff reads (each need's
    identity, text, place, and the model's fields and links, empty ones left out):
    about a quarter of the size. Still a needs.json."""
    version = _version(data)
    keep = {"id", "type", "title", "content", "docname", "lineno"}
    keep |= {f.name for spec in TYPES for f in spec.fields}
    keep |= {lk.name for spec in TYPES for lk in spec.links}
    needs = {}
    for record in version.records():
        needs[record.key] = {k: v for k, v in sorted(record.fields.items())
                             if k in keep and v not in (None, "", [], {})}
    result: dict[str, Any] = {
        "current_version": version.name,
        "versions": {version.name: {"needs": needs, "needs_amount": len(needs)}},
    }
    for key in ("created", "project", KEY):
        if key in data:
            result[key] = data[key]
    return result


def read(data: Mapping[str, Any], label: str, *,
         departments: Mapping[str, str] | None = None,
         framework: str | Mapping[str, Any] | None = None) -> Snapshot:
    """One side of a diff from a needs.json's data. ``departments`` and ``framework`` are
    used when the file does not carry its own (a needs.json from elsewhere)."""
    extra = data.get(KEY)
    extra = extra if isinstance(extra, Mapping) else {}
    if extra and extra.get("format") != FORMAT:
        raise SnapshotError(f"its {KEY} data is of format {extra.get('format')!r}; this "
                            f"version of Golden Thread reads format {FORMAT}")
    try:
        layers = resolve(extra.get("framework", framework or "nine-layer"))
    except FrameworkError as err:
        raise SnapshotError(f"its framework cannot be read: {err}") from err
    version = _version(data)
    model = Model(layer_keys=layers.keys())
    needs = {record.key: record.fields for record in version.records()}
    records = records_from_needs_json(needs, model)
    sections = extra.get("sections")
    site = Site(records, model, layers, departments=extra.get("departments", departments or {}),
                sections=sections if isinstance(sections, Mapping) else {})
    models = extra.get("models")
    return Snapshot(str(extra.get("label") or label), site, isinstance(sections, Mapping),
                    models if isinstance(models, Mapping) else {})


def load(path: Path, label: str = "", **settings: Any) -> Snapshot:
    """:func:`read` of the needs.json file at ``path``."""
    try:
        document = ub_needs_exchange.load(path)
    except ub_needs_exchange.ExchangeError as err:
        raise SnapshotError(f"{path} is not a needs.json: {err.message}") from err
    try:
        return read(document.data, label or str(path), **settings)
    except SnapshotError as err:
        raise SnapshotError(f"{path}: {err}") from err


def load_kept(path: Path, label: str, kept: Path, **settings: Any) -> Snapshot:
    """:func:`load`, kept as a pickle at ``kept`` and taken from there while the file, its
    label, the settings and tom_ext are as they were: a baseline is read on every build
    that compares with it, and reading a large needs.json into a site costs a quarter of
    a second at 150 TOMs, taking the kept one a third of that."""
    key = repr((CACHE_FORMAT, code_stamp(), str(path.resolve()), file_stamp(path), label,
                sorted(settings.items())))
    try:
        with kept.open("rb") as stream:
            if pickle.load(stream) == key:
                found = pickle.load(stream)
                if isinstance(found, Snapshot):
                    return found
    except Exception:  # none, half written, or of another layout: read the file again
        pass
    snapshot = load(path, label, **settings)
    with contextlib.suppress(OSError), written_whole(kept) as partial, partial.open("wb") as stream:
        # not kept when it cannot be written: the next build reads the file again
        pickle.dump(key, stream, pickle.HIGHEST_PROTOCOL)
        pickle.dump(snapshot, stream, pickle.HIGHEST_PROTOCOL)
    return snapshot


def _version(data: Mapping[str, Any]) -> ub_needs_exchange.Version:
    try:
        return ub_needs_exchange.Document(data).select_version(None)
    except ub_needs_exchange.ExchangeError as err:
        raise SnapshotError(err.message) from err
