"""The data model, frameworks and settings as plain data."""

from __future__ import annotations

import pytest

from tom_ext.core.config import TomConfig
from tom_ext.core.framework import NINE_LAYERS, SEVEN_S, FrameworkError, resolve
from tom_ext.core.model import STATUSES, TYPES, Model, needs_links_config, needs_types_config


def test_nine_layers_in_the_reports_order_with_guiding_questions():
    assert [layer.title for layer in NINE_LAYERS.layers] == [
        "Customers", "Channels", "Services", "Organisation", "Processes", "Information",
        "Technology", "Physical location", "People"]
    assert NINE_LAYERS.get("technology").question == (
        "What technology, support and devices do we need to succeed?")
    assert len({layer.code for layer in NINE_LAYERS.layers}) == 9


def test_seven_s_is_selectable_by_name():
    assert resolve("7s") is SEVEN_S
    assert SEVEN_S.keys() == ("strategy", "structure", "systems", "style", "staff", "skills",
                              "shared-values")


def test_a_council_defines_its_own_framework():
    framework = resolve({"name": "three", "layers": [
        {"key": "people", "title": "People", "code": "PEO", "question": "Who?"},
        {"key": "place", "title": "Place", "code": "PLA", "question": "Where?"},
    ]})
    assert framework.keys() == ("people", "place")
    assert framework.by_code("PLA").title == "Place"


@pytest.mark.parametrize(("value", "words"), [
    ("nine", "is not a known framework; use one of '7s', 'nine-layer'"),
    ({"layers": []}, "'layers' must be a non-empty list"),
    ({"layers": [{"key": "Bad Key", "title": "T", "code": "AB", "question": "Q"}]},
     "layer key 'Bad Key' must be lower-case"),
    ({"layers": [{"key": "a", "title": "A", "code": "AA", "question": "Q"},
                 {"key": "b", "title": "B", "code": "AA", "question": "Q"}]},
     "duplicate layer codes ['AA']"),
    ({"layers": [{"key": "a", "title": "A"}]}, "layer 1 lacks code, question"),
])
def test_bad_frameworks_say_what_is_wrong(value, words):
    with pytest.raises(FrameworkError, match=words.replace("[", r"\[").replace("]", r"\]")):
        resolve(value)


def test_every_type_the_issue_names_exists_with_its_links():
    by = {t.directive: t for t in TYPES}
    assert set(by) == {"plan", "priority", "strategy", "tom", "layer", "action", "theme",
                       "principle", "decision"}
    assert by["action"].link("supports").targets == ("strategy", "priority")
    assert by["strategy"].link("delivers").targets == ("priority",)
    assert by["tom"].link("aligns").targets == ("priority",)
    assert by["tom"].link("embodies").targets == ("principle",)
    assert by["tom"].link("approved_by").targets == ("decision",)
    assert by["layer"].link("part_of").targets == ("tom",)
    assert by["layer"].link("guided_by").targets == ("strategy",)
    assert by["action"].field("status").allowed == STATUSES
    assert by["tom"].field("stage").allowed == (
        "first-draft", "second-draft", "final", "approved")


def test_sphinx_needs_config_gives_every_field_an_explicit_string_schema():
    types = needs_types_config(Model(layer_keys=("a",)))
    action = next(t for t in types if t["directive"] == "action")
    assert action["fields"]["due"] == {
        "description": "Due date (ISO, e.g. 2026-03-31).", "schema": {"type": "string"},
        "nullable": True}
    # status is sphinx-needs' own core field, not declared again
    assert "status" not in action["fields"]
    assert set(action["links"]) == {"part_of", "supports", "themes"}
    assert needs_links_config(Model())["supports"] == {
        "outgoing": "supports", "incoming": "supported by"}


def test_settings_report_each_bad_value_by_name():
    config = TomConfig(framework="eight", departments={"a": 1}, build_date="31/03/2026")
    problems = config.problems()
    assert problems[0].startswith("tom_framework 'eight' is not a known framework")
    assert problems[1] == ("tom_departments must be a dict of department key to department "
                           "name, both strings")
    assert problems[2] == "tom_build_date must be an ISO date such as 2026-03-31, not '31/03/2026'"


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert TomConfig().today().isoformat() == "2026-09-21"
    assert TomConfig(build_date="2026-01-02").today().isoformat() == "2026-01-02"


@pytest.mark.sphinx("html", testroot="basic")
def test_sphinx_needs_schema_pass_is_off_as_tom_ext_checks_every_field(app):
    assert app.config.needs_schema_validation_enabled is False


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"needs_schema_definitions": {
    "schemas": [{"select": {"properties": {"type": {"const": "action"}}},
                 "validate": {"local": {"required": ["owner"]}}}]}})
def test_a_site_with_schemas_of_its_own_keeps_the_schema_pass(app):
    assert app.config.needs_schema_validation_enabled is True
