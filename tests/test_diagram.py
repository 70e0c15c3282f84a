"""The golden thread diagram: DOT from hand-made needs, and SVG from graphviz-pure."""

from __future__ import annotations

import re

import pytest

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import Model
from tom_ext.core.needs import Site
from tom_ext.views.diagram import DotError, find_dot, golden_thread_dot, render_svg

from .conftest import rec

SITE = Site([
    rec("PLAN_COMMUNITY", "plan", "p"), rec("PLAN_CORP", "plan", "p", informed_by="PLAN_COMMUNITY"),
    rec("PRI_01", "priority", "p", part_of="PLAN_CORP"),
    rec("PRI_02", "priority", "p", part_of="PLAN_CORP"),
    rec("STR_IT", "strategy", "it", delivers="PRI_01"),
    rec("STR_HR", "strategy", "hr", delivers="PRI_02"),
    rec("TOM_A", "tom", "toms/d/a/index", aligns="PRI_01"),
    rec("TOM_B", "tom", "toms/d/b/index"),
    rec("LYR_A_TEC", "layer", "toms/d/a/technology"),
    rec("LYR_B_PEO", "layer", "toms/d/b/people"),
    rec("ACT_A_TEC_01", "action", "toms/d/a/technology", supports="STR_IT"),
    rec("ACT_B_PEO_01", "action", "toms/d/b/people", supports="STR_HR"),
], Model(layer_keys=NINE_LAYERS.keys()), NINE_LAYERS, departments={"d": "D"})


def url(need):
    return f"{need.docname}.html#{need.id}"


def edges(dot: str) -> list[str]:
    return [line.strip() for line in dot.splitlines() if "->" in line]


def test_the_councils_thread_is_the_chain_from_community_plan_to_strategies():
    # no TOMs: every TOM to every strategy grows with the council and cannot be read (the
    # traceability matrices show that, and each TOM's page draws its own thread)
    assert edges(golden_thread_dot(SITE, url)) == [
        '"PLAN_COMMUNITY" -> "PLAN_CORP";', '"PLAN_CORP" -> "PRI_01";',
        '"PLAN_CORP" -> "PRI_02";', '"PRI_01" -> "STR_IT";', '"PRI_02" -> "STR_HR";']


def test_thread_scoped_to_one_tom_and_boxes_link_to_pages():
    dot = golden_thread_dot(SITE, url, "TOM_A")
    assert edges(dot) == ['"PLAN_COMMUNITY" -> "PLAN_CORP";', '"PLAN_CORP" -> "PRI_01";',
                          '"PRI_01" -> "STR_IT";', '"STR_IT" -> "TOM_A";']
    assert 'URL="it.html#STR_IT"' in dot
    assert "TOM_B" not in dot and "STR_HR" not in dot


def test_graphviz_pure_draws_it_at_its_own_size_in_css_pixels():
    svg = render_svg(golden_thread_dot(SITE, url, "TOM_A"), find_dot())
    size = re.match(r'<svg width="(\d+)" height="(\d+)"\s+viewBox="[\d.]+ [\d.]+ ([\d.]+) '
                    r'([\d.]+)"', svg)
    assert size, svg[:200]
    width, height, points_wide, points_high = (float(v) for v in size.groups())
    # Graphviz's points as CSS pixels: its 11 pt text shows at about 15 px, never shrunk
    assert abs(width - points_wide * 4 / 3) <= 1 and abs(height - points_high * 4 / 3) <= 1
    assert 'font-size="11.00"' in svg and "max-width" not in svg
    assert 'href="it.html#STR_IT"' in svg


def test_a_missing_dot_program_says_how_to_get_one(monkeypatch):
    monkeypatch.setattr("tom_ext.views.diagram.shutil.which", lambda _name: None)
    with pytest.raises(DotError, match=r"no Graphviz 'dot' program: install Golden Thread "
                                       r"with pip .* or set tom_dot in conf\.py"):
        find_dot("/nonexistent/dot")
