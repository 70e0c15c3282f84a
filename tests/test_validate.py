"""Validation of authored needs, on hand-made records (no Sphinx)."""

from __future__ import annotations

import datetime as dt

from tom_ext.core.framework import NINE_LAYERS
from tom_ext.core.messages import TomWarning
from tom_ext.core.model import Model
from tom_ext.core.needs import NeedRecord, Site
from tom_ext.core.validate import check_date, validate

MODEL = Model(layer_keys=NINE_LAYERS.keys())


def rec(id, type, docname, lineno=1, lines=None, body=(), **options):
    lines = lines or {name: lineno + 1 + i for i, name in enumerate(options)}
    return NeedRecord(id=id, type=type, title=f"{type} {id}", docname=docname,
                      lineno=lineno, options=options, option_lines=lines,
                      body_options=tuple(body))


def base_records():
    records = [
        rec("PLAN_CORP", "plan", "thread", owner="CEO", plan_kind="corporate-plan"),
        rec("PRI_01", "priority", "thread", 20, part_of="PLAN_CORP"),
        rec("STR_IT", "strategy", "it", owner="Head of IT"),
        rec("DEC_2025_CABINET", "decision", "thread", 30, meeting="Cabinet",
            date="2025-07-14"),
        rec("TOM_LIB", "tom", "toms/env/lib/index", 3, owner="Head of Libraries",
            stage="approved", review_by="2027-03-31", approved_by="DEC_2025_CABINET"),
    ]
    for layer in NINE_LAYERS.layers:
        records.append(rec(f"LYR_LIB_{layer.code}", "layer", f"toms/env/lib/{layer.key}", 3))
    return records


def action(**overrides):
    options = {"owner": "Head of Libraries", "due": "2026-03-31", "status": "on-track",
               "supports": "STR_IT"}
    options.update(overrides)
    options = {k: v for k, v in options.items() if v is not None}
    return rec("ACT_LIB_TEC_01", "action", "toms/env/lib/technology", 10, **options)


SECTIONS = {f"toms/env/lib/{layer.key}": ["Current operating model",
                                          "Target operating model", "Route"]
            for layer in NINE_LAYERS.layers}
NOTICES = tuple(kind for kind in TomWarning if kind.is_notice)


def findings(*extra, departments=None, sections=None, notices=False):
    site = Site([*base_records(), *extra], MODEL, NINE_LAYERS,
                departments=departments or {"env": "Env"})
    return [(f.docname, f.lineno, f.subtype, f.message)
            for f in validate(site, departments or {"env": "Env"}, sections or SECTIONS)
            if notices or f.subtype not in NOTICES]


def test_a_clean_site_has_no_findings():
    assert findings(action()) == []


def test_file_implies_the_layer_tom_and_department():
    site = Site([*base_records(), action()], MODEL, NINE_LAYERS, departments={"env": "Env"})
    act = site.by_id["ACT_LIB_TEC_01"]
    assert act.links["part_of"] == ["LYR_LIB_TEC"]
    assert site.tom_of(act).id == "TOM_LIB"
    assert site.by_id["LYR_LIB_TEC"].fields["layer_key"] == "technology"
    assert site.by_id["TOM_LIB"].fields["department"] == "env"
    assert [n.id for n in site.incoming("STR_IT", "supports")] == ["ACT_LIB_TEC_01"]


def test_unknown_status_lists_allowed_values_and_the_closest():
    assert findings(action(status="on-trak")) == [(
        "toms/env/lib/technology", 13, TomWarning.BAD_VALUE,
        "status 'on-trak' is not allowed — did you mean 'on-track'? use one of: "
        "not-started, on-track, at-risk, off-track, complete")]


def test_link_to_a_tom_where_a_strategy_is_expected():
    assert findings(action(supports="TOM_LIB")) == [(
        "toms/env/lib/technology", 14, TomWarning.WRONG_LINK_TYPE,
        "supports: TOM_LIB is a tom, but :supports: of an action must name a strategy or "
        "priority — link to the strategy or priority instead")]


def test_unknown_link_suggests_the_closest_ids():
    (found,) = findings(action(supports="STR_ITT"))
    assert found[2] is TomWarning.UNKNOWN_LINK
    assert found[3] == "supports: no need has the ID STR_ITT — did you mean STR_IT?"


def test_uk_date_is_told_the_iso_form():
    assert check_date("31/03/2026") == (
        "'31/03/2026' is not an ISO date — write it as 2026-03-31 (year-month-day)")
    assert check_date("2026-02-30") == "'2026-02-30' is not a real date — check the day and month"
    assert check_date("2026-02-28") is None
    (found,) = findings(action(due="31/03/2026"))
    assert found[:3] == ("toms/env/lib/technology", 12, TomWarning.BAD_DATE)


def test_missing_required_fields_each_named_at_the_directive():
    found = findings(action(owner=None, status=None))
    assert [(f[1], f[2]) for f in found] == [(10, TomWarning.MISSING_FIELD)] * 2
    assert found[0][3] == ("action 'ACT_LIB_TEC_01' has no :owner: — add a line such as "
                           "':owner: Head of Libraries': the role title of the officer "
                           "accountable (never a person's name)")


def test_duplicate_id_names_both_places():
    dupe = rec("ACT_LIB_TEC_01", "action", "toms/env/lib/technology", 40, owner="x",
               due="2026-01-01", status="complete", supports="STR_IT")
    found = findings(action(), dupe)
    assert found == [("toms/env/lib/technology", 40, TomWarning.DUPLICATE_ID,
                      "ID ACT_LIB_TEC_01 is already used by the action at "
                      "toms/env/lib/technology:10 — give this action its own ID")]


def test_options_turned_into_body_text_are_reported_on_their_lines():
    bad = rec("", "action", "toms/env/lib/technology", 30,
              body=[(32, ":id: ACT_LIB_TEC_02"), (33, ":owner: Head")])
    found = findings(action(), bad)
    # one blank line, one message, at the first option it cut off
    assert [(f[1], f[2]) for f in found] == [(32, TomWarning.OPTIONS_IN_BODY)]
    assert "the 2 options from ':id: ACT_LIB_TEC_02' on (:id:, :owner:) are body text" in (
        found[0][3])


def test_missing_layer_and_reasonless_not_applicable_layer():
    records = [r for r in base_records() if r.id != "LYR_LIB_PEO"]
    records = [r if r.id != "LYR_LIB_LOC" else
               rec("LYR_LIB_LOC", "layer", "toms/env/lib/physical-location", 3,
                   applicable="no") for r in records]
    site = Site([*records, action()], MODEL, NINE_LAYERS, departments={"env": "Env"})
    found = [(f.docname, f.subtype, f.message) for f in validate(site, {"env": "Env"})
             if f.subtype not in NOTICES]
    assert found == [
        ("toms/env/lib/index", TomWarning.MISSING_LAYER,
         "TOM TOM_LIB has no People layer — add the page toms/env/lib/people.md (or mark it "
         "':applicable: no' with a ':reason:')"),
        ("toms/env/lib/physical-location", TomWarning.LAYER_REASON,
         "layer LYR_LIB_LOC is marked not applicable without a reason — add ':reason: <why "
         "this layer does not apply>'"),
    ]


def test_action_outside_a_layer_page_and_unknown_department():
    stray = rec("ACT_X_01", "action", "it", 40, owner="x", due="2026-01-01",
                status="complete", supports="STR_IT")
    tom = rec("TOM_B", "tom", "toms/b/index", 2, owner="x", stage="final",
              review_by="2027-01-01", department="enviroment")
    found = findings(action(), stray, tom, departments={"environment": "Env"})
    messages = [f[3] for f in found]
    assert ("action ACT_X_01 is not on a layer page — move it to the page of the layer "
            "whose route it belongs to") in messages
    assert ("department 'enviroment' is not one of the site's departments — did you mean "
            "'environment'? use one of: environment (conf.py tom_departments)") in messages


def test_layer_without_its_three_sections():
    sections = dict(SECTIONS)
    sections["toms/env/lib/technology"] = ["Current operating model", "Route"]
    assert findings(action(), sections=sections) == [(
        "toms/env/lib/technology", 3, TomWarning.MISSING_SECTION,
        "layer LYR_LIB_TEC has no 'Target operating model' section — add a heading "
        "'## Target operating model' and write it (or mark the layer ':applicable: no' with "
        "a ':reason:')")]


def test_id_convention_names_the_next_free_id():
    second = rec("ACT_LIB_TEC_02", "action", "toms/env/lib/technology", 20,
                 owner="Libraries Manager", due="2026-01-01", status="complete",
                 supports="STR_IT")
    stray = rec("ACT_LIBTEC3", "action", "toms/env/lib/technology", 30,
                owner="Libraries Manager", due="2026-01-01", status="complete",
                supports="STR_IT")
    assert findings(action(), second, stray) == [(
        "toms/env/lib/technology", 30, TomWarning.ID_CONVENTION,
        "ID ACT_LIBTEC3 does not follow the convention ACT_<TOM>_<LAYER>_<NN> for an action "
        "— use ACT_LIB_TEC_03")]
    strategy = rec("IT_STRATEGY", "strategy", "it2", owner="Head of IT")
    assert ("it2", 1, TomWarning.ID_CONVENTION,
            "ID IT_STRATEGY does not follow the convention STR_<NAME> for a strategy — use "
            "STR_IT_STRATEGY") in findings(action(), strategy)
    plan = rec("PRI_COMMUNITY", "plan", "thread", 50, owner="Chief Executive",
               plan_kind="mtfs")
    assert ("thread", 50, TomWarning.ID_CONVENTION,
            "ID PRI_COMMUNITY does not follow the convention PLAN_<NAME> for a plan — use "
            "PLAN_COMMUNITY") in findings(action(), plan)


def test_orphans_past_review_dates_and_overdue_actions_are_notices():
    site = Site([*base_records(), action()], MODEL, NINE_LAYERS, departments={"env": "Env"})
    import datetime as dt

    found = [(f.docname, f.subtype, f.message, f.subtype.is_notice)
             for f in validate(site, {"env": "Env"}, SECTIONS, dt.date(2027, 4, 1))]
    assert found == [
        ("thread", TomWarning.ORPHAN, "no TOM aligns to priority PRI_01 — name it in the "
         "':aligns:' of the TOMs that deliver it", True),
        ("toms/env/lib/index", TomWarning.ORPHAN, "TOM TOM_LIB aligns to no priority — add "
         "':aligns:' with the priorities it delivers", True),
        ("toms/env/lib/index", TomWarning.REVIEW_OVERDUE, "TOM TOM_LIB was due for review by "
         "2027-03-31 — review it and set a new ':review_by:' date", True),
        ("toms/env/lib/technology", TomWarning.OVERDUE, "action ACT_LIB_TEC_01 was due on "
         "31 March 2026 (366 days ago) and is not complete — set its new ':due:' date, or "
         "its ':status:' (complete when it is done)", True),
    ]
    site = Site(base_records(), MODEL, NINE_LAYERS, departments={"env": "Env"})
    assert ("it", TomWarning.ORPHAN, "no action supports strategy STR_IT — link actions to "
            "it with ':supports:', or retire the strategy", True) in [
        (f.docname, f.subtype, f.message, f.subtype.is_notice)
        for f in validate(site, {"env": "Env"}, SECTIONS)]


def test_one_next_action_id_rule_for_the_check_and_tom_new():
    from tom_ext.core import ids

    used = ["ACT_LIB_TEC_01", "ACT_LIB_TEC_09", "ACT_LIB_TECH_99", "ACT_LIB_TEC_3", "LYR_LIB_TEC"]
    assert ids.next_action_id("ACT_LIB_TEC", used) == "ACT_LIB_TEC_10"
    assert ids.next_action_id("ACT_LIB_PEO", used) == "ACT_LIB_PEO_01"
    assert list(ids.written_ids(":id: A\n  :id:   B  \n:ids: C\n")) == ["A", "B"]


def test_a_site_without_some_needs_keeps_everything_else():
    site = Site([*base_records(), action()], MODEL, NINE_LAYERS, departments={"env": "Env"},
                sections={"toms/env/lib/technology": ["Route"]}, today=dt.date(2026, 1, 2))
    less = site.without({"ACT_LIB_TEC_01"})
    assert "ACT_LIB_TEC_01" in site.by_id and "ACT_LIB_TEC_01" not in less.by_id
    assert set(less.by_id) == set(site.by_id) - {"ACT_LIB_TEC_01"}
    assert (less.departments, less.sections, less.today) == (
        site.departments, site.sections, site.today)


def test_a_prompt_left_in_is_a_fault_and_starter_text_a_notice():
    site = Site([*base_records(), action()], MODEL, NINE_LAYERS, departments={"env": "Env"})
    prompts = {"toms/env/lib/technology": [
        (30, "TODO: how it will work at the end of the five years."),
        (34, "Not written yet: what \"done\" means.")]}
    found = [(f.lineno, f.subtype, f.message, f.subtype.is_notice)
             for f in validate(site, {"env": "Env"}, SECTIONS, prompts=prompts)
             if f.docname == "toms/env/lib/technology"]
    assert found == [
        (30, TomWarning.NOT_WRITTEN, "not written yet: TODO: how it will work at the end of "
         "the five years. — replace the prompt with your text", False),
        (34, TomWarning.STARTER_TEXT, "starter text still to write: what \"done\" means. — "
         "replace it with your own text", True)]


def test_an_action_id_follows_its_layer_s_stem_with_two_digits_or_more():
    from tom_ext.core.ids import _numbered

    assert _numbered("ACT_LIB_TEC_01", "ACT_LIB_TEC")
    assert _numbered("ACT_LIB_TEC_123", "ACT_LIB_TEC")
    for wrong in ("ACT_LIB_TEC_1", "ACT_LIB_TECH_01", "ACT_LIB_TEC_0a", "ACT_LIB_TEC",
                  "ACT_LIB_TEC_01_02", "ACT_LIB_TEC_٠١x"):
        assert not _numbered(wrong, "ACT_LIB_TEC"), wrong
