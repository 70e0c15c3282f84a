"""Traceability and orphans on hand-made needs."""

from __future__ import annotations

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import Model
from tom_ext.core.needs import Site
from tom_ext.views.traceability import orphans, traceability

from .conftest import rec

MODEL = Model(layer_keys=NINE_LAYERS.keys())



SITE = Site([
    rec("PRI_01", "priority", "p"), rec("PRI_02", "priority", "p"), rec("PRI_03", "priority", "p"),
    rec("STR_IT", "strategy", "it", delivers="PRI_01"),
    rec("STR_HR", "strategy", "hr"),
    rec("TOM_A", "tom", "toms/d/a/index", aligns="PRI_01"),
    rec("TOM_B", "tom", "toms/d/b/index"),
    rec("LYR_A_TEC", "layer", "toms/d/a/technology"),
    rec("LYR_B_TEC", "layer", "toms/d/b/technology"),
    rec("ACT_A_TEC_01", "action", "toms/d/a/technology", supports="STR_IT"),
    rec("ACT_A_TEC_02", "action", "toms/d/a/technology", supports="STR_IT, PRI_02"),
    rec("ACT_B_TEC_01", "action", "toms/d/b/technology", supports="PRI_02"),
    rec("ACT_B_TEC_02", "action", "toms/d/b/technology"),
], MODEL, NINE_LAYERS, departments={"d": "Dept"})


def test_strategy_by_tom_counts_actions():
    trace = traceability(SITE, "strategy")
    assert [t[0] for t in trace.toms] == ["TOM_A", "TOM_B"]
    assert [(r.target_id, r.cells, r.total) for r in trace.rows] == [  # by title
        ("STR_HR", ((), ()), 0),
        ("STR_IT", (("ACT_A_TEC_01", "ACT_A_TEC_02"), ()), 2),
    ]


def test_priorities_count_actions_through_the_strategies_that_deliver_them():
    trace = traceability(SITE, "priority")
    cells = {r.target_id: r.cells for r in trace.rows}
    assert cells["PRI_01"] == (("ACT_A_TEC_01", "ACT_A_TEC_02"), ())
    assert cells["PRI_02"] == (("ACT_A_TEC_02",), ("ACT_B_TEC_01",))
    assert cells["PRI_03"] == ((), ())


def test_orphans_both_ways():
    assert orphans(SITE) == orphans(SITE)
    found = orphans(SITE)
    assert found.strategies == ("STR_HR",)
    assert found.priorities == ("PRI_03",)
    assert found.actions == ("ACT_B_TEC_02",)
    assert found.toms == ("TOM_B",)
