"""Progress on hand-made needs: statuses, overdue logic, savings against MTFS targets."""

from __future__ import annotations

import datetime as dt

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.model import Model
from tom_ext.core.needs import Site
from tom_ext.core.values import parse_targets
from tom_ext.views.progress import (
    SavingsRow,
    overdue_actions,
    savings_rows,
    savings_total,
    status_rows,
)

from .conftest import rec

MODEL = Model(layer_keys=NINE_LAYERS.keys())
TODAY = dt.date(2026, 11, 23)



def site():
    return Site([
        rec("PLAN_MTFS", "plan", "mtfs", plan_kind="mtfs", targets="d1=100, d2=50"),
        rec("TOM_A", "tom", "toms/d1/a/index"), rec("TOM_B", "tom", "toms/d2/b/index"),
        rec("LYR_A_TEC", "layer", "toms/d1/a/technology"),
        rec("LYR_B_TEC", "layer", "toms/d2/b/technology"),
        # due yesterday, at risk: overdue; due yesterday, complete: not overdue
        rec("ACT_A_TEC_01", "action", "toms/d1/a/technology", due="2026-11-22",
            status="at-risk", saving="60"),
        rec("ACT_A_TEC_02", "action", "toms/d1/a/technology", due="2026-11-22",
            status="complete", saving="1,000"),
        # due today: not overdue yet; long overdue and off track
        rec("ACT_B_TEC_01", "action", "toms/d2/b/technology", due="2026-11-23",
            status="on-track"),
        rec("ACT_B_TEC_02", "action", "toms/d2/b/technology", due="2025-01-31",
            status="off-track", saving="20"),
    ], MODEL, NINE_LAYERS, departments={"d1": "One", "d2": "Two"}, today=TODAY)


def test_overdue_is_due_before_the_build_date_and_not_complete():
    assert [a.id for a in overdue_actions(site(), TODAY)] == ["ACT_B_TEC_02", "ACT_A_TEC_01"]
    assert [a.id for a in overdue_actions(site(), dt.date(2026, 11, 24))] == [
        "ACT_B_TEC_02", "ACT_A_TEC_01", "ACT_B_TEC_01"]


def test_status_rows_per_department_and_tom():
    rows = status_rows(site(), TODAY)
    assert [(r.label, r.counts, r.total, r.overdue) for r in rows] == [
        ("One", (0, 0, 1, 0, 1), 2, 1),
        ("Two", (0, 1, 0, 1, 0), 2, 1),
    ]
    assert [r.label for r in status_rows(site(), TODAY, by="tom")] == ["TOM_A", "TOM_B"]


def test_savings_against_targets():
    rows = savings_rows(site())
    assert [(r.department, r.planned, r.target, r.gap) for r in rows] == [
        ("One", 1060.0, 100.0, 960.0), ("Two", 20.0, 50.0, -30.0)]
    # delivered: the savings of the complete actions (ACT_A_TEC_02's "1,000")
    assert [r.delivered for r in rows] == [1000.0, 0.0]
    total = savings_total(rows)
    assert (total.department, total.planned, total.delivered, total.target, total.gap) == (
        "All", 1080.0, 1000.0, 150.0, 930.0)
    assert savings_total([SavingsRow("One", 5.0, None)]).target is None


def test_the_home_pages_savings_figure_is_the_savings_tables_all_row():
    from tom_ext.views.dashboard import headline_figures

    savings = next(f for f in headline_figures(site()) if f.key == "savings")
    assert (savings.value, savings.detail) == (
        "£1m", "delivered, of £1.1m planned against the MTFS's £150k")


def test_the_savings_download_is_the_savings_table_in_thousands():
    from tom_ext.views.exports import savings_sheet, to_csv

    assert to_csv(savings_sheet(site())) == (
        "Department,Planned (£k),Delivered (£k),MTFS target (£k),Planned less target (£k)\n"
        "One,1060,1000,100,960\n"
        "Two,20,0,50,-30\n")


def test_parse_targets_names_bad_items():
    assert parse_targets("a=1, b = £2.5") == ({"a": 1.0, "b": 2.5}, [])
    assert parse_targets("a=x, 12, =3")[1] == ["a=x", "12", "=3"]


def test_chart_is_scalable_svg_with_patterns_text_alternatives_and_escaped_labels():
    from tom_ext.views.charts import stacked_bars

    series = [("Not started", [1, 0]), ("On track", [2, 3]), ("At risk", [0, 1])]
    svg = stacked_bars(["Children & Families", "Highways"], series, "Actions by status")
    assert svg == stacked_bars(["Children & Families", "Highways"], series,
                               "Actions by status")  # deterministic
    assert svg.startswith("<svg ") and 'style="max-width:100%;height:auto"' in svg
    assert 'fill="currentColor"' in svg and "viewBox=" in svg
    assert "Children &amp; Families" in svg and "Children & Families" not in svg
    # a tooltip per drawn segment (none for zero), a hatch for all but the first status
    assert svg.count("<title>") == 4
    assert "<title>Highways: On track 3</title>" in svg
    assert svg.count("<pattern ") == 2


def test_a_toms_route_tables_know_each_overdue_actions_days():
    from tom_ext.views.cards import overdue_badge
    from tom_ext.views.overview import overview

    technology = next(lay for lay in overview(site(), "TOM_B") if lay.key == "technology")
    # due 31 January 2025, off track: 661 days overdue on 23 November 2026; due today: none
    assert technology.overdue == (("ACT_B_TEC_02", 661),)
    assert technology.days_overdue("ACT_B_TEC_02") == 661
    assert technology.days_overdue("ACT_B_TEC_01") == 0
    assert overdue_badge(661).words == "Overdue by 661 days"
    assert overdue_badge(1).words == "Overdue by 1 day"


def test_a_layer_keys_actions_are_every_action_of_a_layer_of_that_key_once_a_build():
    from tom_ext.views.actions import ActionQuery, action_rows

    council = site()
    technology = action_rows(council, ActionQuery(layer_key="technology"))
    assert [r.id for r in technology] == [
        "ACT_B_TEC_02", "ACT_A_TEC_01", "ACT_A_TEC_02", "ACT_B_TEC_01"]
    assert action_rows(council, ActionQuery(layer_key="customers")) == []
    # worked out once: the page's fingerprint and the page share the list
    assert action_rows(council, ActionQuery(layer_key="technology")) is technology
