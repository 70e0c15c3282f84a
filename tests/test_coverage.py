"""Coverage matrix on hand-made needs: every cell state, what a partial cell lacks, totals."""

from __future__ import annotations

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import Model
from tom_ext.core.needs import Site
from tom_ext.views.coverage import coverage

from .conftest import rec

MODEL = Model(layer_keys=NINE_LAYERS.keys())
ALL = ["Current operating model", "Target operating model", "Route"]



SECTIONS = {"toms/d1/a/technology": ALL, "toms/d1/a/people": ALL,
            "toms/d2/b/technology": ALL[:2]}


def site_with(*extra):
    records = [
        rec("STR_IT", "strategy", "it", owner="x"),
        rec("TOM_A", "tom", "toms/d1/a/index", owner="x"),
        rec("TOM_B", "tom", "toms/d2/b/index", owner="x"),
        # A: technology complete, people partial (no actions, no strategy), customers N/A
        rec("LYR_A_TEC", "layer", "toms/d1/a/technology", guided_by="STR_IT"),
        rec("ACT_A_TEC_01", "action", "toms/d1/a/technology", supports="STR_IT"),
        rec("LYR_A_PEO", "layer", "toms/d1/a/people"),
        rec("LYR_A_CUS", "layer", "toms/d1/a/customers", applicable="no", reason="r"),
        # B: technology without its route section
        rec("LYR_B_TEC", "layer", "toms/d2/b/technology", guided_by="STR_IT"),
        rec("ACT_B_TEC_01", "action", "toms/d2/b/technology", supports="STR_IT"),
        *extra,
    ]
    return Site(records, MODEL, NINE_LAYERS, departments={"d2": "Second", "d1": "First"},
                sections=SECTIONS)


def test_every_cell_state_and_what_is_missing():
    cov = coverage(site_with())
    assert [r.tom_id for r in cov.rows] == ["TOM_B", "TOM_A"]  # departments in site order
    a = {c.layer_key: c for c in cov.rows[1].cells}
    assert a["technology"].state == "complete"
    assert a["people"].state == "partial"
    assert a["people"].missing == ("actions", "guiding strategy")
    assert a["customers"].state == "not-applicable"
    assert a["channels"].state == "missing"
    b = {c.layer_key: c for c in cov.rows[0].cells}
    assert (b["technology"].state, b["technology"].missing) == ("partial", ("route",))


def test_totals_by_row_and_column():
    cov = coverage(site_with())
    assert [(r.complete, r.applicable) for r in cov.rows] == [(0, 9), (1, 8)]
    tech = [key for key, _ in cov.layers].index("technology")
    assert cov.column_complete()[tech] == 1
    assert cov.column_applicable()[0] == 1  # customers: N/A in A, missing in B


def test_restrict_to_a_department_or_a_layer():
    cov = coverage(site_with(), department="d1", layer="technology")
    assert cov.layers == (("technology", "Technology"),)
    assert [(r.tom_id, [c.state for c in r.cells]) for r in cov.rows] == [
        ("TOM_A", ["complete"])]
