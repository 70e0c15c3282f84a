"""The benchmark's generator and status check: a small synthetic council builds clean, and
a rebuild after one action's status changed shows the new status everywhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import generate, statuses

pytestmark = pytest.mark.slow


def tom_build(root: Path) -> None:
    """``tom build`` in its own process, as an author runs it (a second build in one
    process sees the theme's changes to the configuration and rewrites every page)."""
    done = subprocess.run([sys.executable, "-m", "tom_ext.cli", "-C", str(root), "build",
                           "-q"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def headings(root: Path) -> dict[str, list[str]]:
    return {p.relative_to(root).as_posix(): re.findall(r"^#+ .*$", p.read_text(), re.M)
            for p in sorted((root / "source").rglob("*.md"))}


def test_generator_is_seeded_and_sized_as_the_issue_says(tmp_path):
    council = generate.council(14, seed=3)
    actions = list(council.actions)
    assert len(actions) == 14 * 9 * 6 == 756
    assert len({a.id for a in actions}) == len(actions)
    assert all(1 <= len(a.supports) <= 2 for a in actions)
    strategies = {s for a in actions for s in a.supports}
    assert len(strategies) == len(generate.STRATEGIES) == 20
    again = generate.council(14, seed=3)
    assert [(a.id, a.status, a.due, a.supports) for a in again.actions] == \
           [(a.id, a.status, a.due, a.supports) for a in actions]
    for variant in generate.VARIANTS:
        generate.write_site(council, variant, tmp_path / variant)
    # the same pages and headings in every variant: only what is under them differs
    floor = headings(tmp_path / "floor")
    assert len(floor) == 14 * 10 + 49  # 14 TOMs, 5 departments, the rest of the site
    assert headings(tmp_path / "stock") == floor == headings(tmp_path / "tom")
    assert "{needtable}" in (tmp_path / "stock/source/strategies/it.md").read_text()
    assert "{action}" not in (tmp_path / "floor/source" / generate.target_page(council)
                              ).read_text()


def test_synthetic_council_builds_clean_and_a_status_change_shows_everywhere(tmp_path):
    council = generate.council(2)
    root = generate.write_site(council, "tom", tmp_path / "tom")
    tom_build(root)
    action = council.target[2]
    html = root / "_build/html"
    before = statuses.verdict(html, action.id, "on-track")
    assert before.ok, before.words()
    page = root / "source" / generate.target_page(council)
    text = page.read_text()
    at = text.index(":status: on-track", text.index(f":id: {action.id}"))
    page.write_text(text[:at] + ":status: off-track" + text[at + len(":status: on-track"):])
    tom_build(root)
    after = statuses.verdict(html, action.id, "off-track")
    assert after.ok, after.words()
    shown = {s.path for s in after.shown}
    # its page, both strategies, its layer, the theme, the overdue list, the changes since
    # the board, and every download
    assert {generate.target_page(council).replace(".md", ".html"), "strategies/it.html",
            "strategies/climate.html", "layers/technology.html", "themes.html",
            "progress.html", "changes.html", "downloads/actions.csv",
            "downloads/golden-thread.xlsx", "needs.json"} <= shown
