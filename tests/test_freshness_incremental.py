"""Issue 20, rebuild speed: a rebuild works out again only the page fingerprints a page read
again can have changed, and marks exactly the pages a full recomputation would mark."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import pytest

from tests.conftest import copy_example, source_date_epoch
from tom_ext.cli import main as cli
from tom_ext.views import freshness

PARKING = Path("source/toms/environment-regeneration/parking")
HIGHWAYS = Path("source/toms/environment-regeneration/highways")
MOVED = """
```{action} Give enforcement officers council-owned smartphones running the enforcement app
:id: ACT_PRK_TEC_02
:owner: Enforcement Contract Manager
:due: 2027-06-30
:status: on-track
:supports: STR_IT, PRI_06
```
"""
ADDED = """
```{action} Publish the parking account's figures every quarter
:id: ACT_PRK_TEC_09
:owner: Head of Parking Services
:due: 2026-01-31
:status: on-track
:supports: STR_IT
```
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


#: (what an author did, the edit in the site's folder)
EDITS = [
    ("an action's status", lambda root: _replace(
        root / PARKING / "technology.md", ":status: off-track", ":status: complete")),
    ("an action's due date and saving", lambda root: (
        _replace(root / PARKING / "technology.md", ":due: 2027-01-31", ":due: 2027-02-28"),
        _replace(root / PARKING / "technology.md", ":saving: 70", ":saving: 90"))),
    ("a section added to a layer's page", lambda root: _replace(
        root / PARKING / "technology.md", "## Route",
        "## Risks\n\nThe supplier may not renew the contract.\n\n## Route")),
    ("a layer's guiding strategy removed", lambda root: _replace(
        root / PARKING / "technology.md", ":guided_by: STR_IT\n", "")),
    ("a layer's guiding strategy put back", lambda root: _replace(
        root / PARKING / "technology.md", ":id: LYR_PRK_TEC\n",
        ":id: LYR_PRK_TEC\n:guided_by: STR_IT\n")),
    ("a strategy's title", lambda root: _replace(
        root / "source/strategies/climate.md", "{strategy} Climate Emergency Strategy",
        "{strategy} Net Zero Strategy")),
    ("a supports link removed", lambda root: _replace(
        root / PARKING / "technology.md", ":supports: STR_IT, PRI_06\n:saving:",
        ":supports: PRI_06\n:saving:")),
    ("an action added", lambda root: _append(root / PARKING / "technology.md", ADDED)),
    ("an action removed", lambda root: _replace(
        root / PARKING / "technology.md", ADDED, "")),
    # (its ID follows it: an action's ID names its TOM and layer)
    ("an action moved to another TOM's page", lambda root: (
        _replace(root / PARKING / "technology.md", MOVED, ""),
        _append(root / HIGHWAYS / "technology.md",
                MOVED.replace("ACT_PRK_TEC_02", "ACT_HWY_TEC_09")))),
    ("an action moved to another layer", lambda root: (
        _replace(root / HIGHWAYS / "technology.md",
                 MOVED.replace("ACT_PRK_TEC_02", "ACT_HWY_TEC_09"), ""),
        _append(root / PARKING / "people.md",
                MOVED.replace("ACT_PRK_TEC_02", "ACT_PRK_PEO_09")))),
    ("a layer's title", lambda root: _replace(
        root / PARKING / "technology.md", "{layer} Technology", "{layer} Technology and data")),
    ("a TOM's title", lambda root: _replace(
        root / PARKING / "index.md", "{tom} Parking Services TOM", "{tom} Parking TOM")),
    ("a priority's title", lambda root: _replace(
        root / "source/golden-thread/corporate-plan.md",
        "{priority} Residents live independent, healthy lives",
        "{priority} Residents live independently and well")),
    ("a plan's title", lambda root: _replace(
        root / "source/golden-thread/corporate-plan.md",
        "{plan} Kestrelford Corporate Plan 2025–2029",
        "{plan} Kestrelford Council Plan 2025–2029")),
]


@pytest.fixture
def checked_builds(tmp_path, monkeypatch):
    """The example site, and a build of it that records, for the build's fingerprints,
    the last ones, the ones worked out incrementally, the ones worked out afresh and the
    pages worked out again (None: all)."""
    root = copy_example(tmp_path / "site")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date(2026, 11, 30)))
    seen: list[dict] = []
    incremental = freshness.updated_fingerprints

    def checked(site, views, rows_of, scope_of, old, before, now, authored):
        new = incremental(site, views, rows_of, scope_of, old, before, now, authored)
        seen.append({"old": dict(old), "new": new,
                     "full": freshness.page_fingerprints(site, views, rows_of),
                     "redone": freshness.pages_to_recompute(site, views, scope_of, before,
                                                            now, authored)})
        return new

    monkeypatch.setattr(freshness, "updated_fingerprints", checked)

    def build() -> dict:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = cli.main(["-C", str(root), "build", "-q"])
        assert code == 0, out.getvalue()
        assert len(seen) == 1, "one build works the fingerprints out once"
        return seen.pop()

    return root, build


def test_a_rebuild_marks_the_pages_a_full_recomputation_marks(checked_builds):
    root, build = checked_builds
    first = build()
    assert first["redone"] is None and first["new"] == first["full"]
    for what, edit in EDITS:
        edit(root)
        found = build()
        changed = set(freshness.changed_pages(found["old"], found["new"]))
        assert changed == set(freshness.changed_pages(found["old"], found["full"])), what
        assert found["new"] == found["full"], what
        assert changed or what == "a section added to a layer's page", what
        assert found["redone"] is not None, f"{what}: every page worked out again"
        if what == "an action's status":
            # the point of it: most of the council's pages are kept as they were
            assert len(found["redone"]) < len(found["full"]) / 2, what
            # a strategy's list of actions: only where the action is one of them
            assert "strategies/it" in found["redone"], what
            assert "strategies/housing" not in found["redone"], what
            # a layer's page across the TOMs: only the action's layer
            assert "layers/technology" in found["redone"], what
            assert "layers/people" not in found["redone"], what
        if what in ("an action's status", "an action's due date and saving"):
            # traceability and coverage show no action's progress
            assert not {"traceability", "coverage"} & found["redone"], what
        if what == "a section added to a layer's page":
            # a page's sections reach coverage: worked out again, and found the same
            assert "coverage" in found["redone"] and "coverage" not in changed, what
        if what.startswith("a layer's guiding strategy"):
            assert "coverage" in changed, what


def test_a_new_build_date_works_every_fingerprint_out_again(checked_builds, monkeypatch):
    root, build = checked_builds
    build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date(2026, 12, 1)))
    _replace(root / PARKING / "technology.md", ":status: off-track", ":status: complete")
    found = build()
    assert found["redone"] is None and found["new"] == found["full"]
