"""The pipeline files for GitLab, GitHub and pre-commit call tom commands that exist."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from tom_ext import cli

REPO = Path(__file__).parent.parent


def tom_commands(scripts: list[str]) -> list[list[str]]:
    found = []
    for line in scripts:
        words = shlex.split(line.split(">")[0])
        if words and words[0] == "tom":
            found.append(words[1:])
    return found


def accepts(argv: list[str]) -> bool:
    """True when the tom parser takes these arguments (without running anything)."""
    try:
        cli.parser().parse_args(argv)
    except SystemExit:
        return False
    return True


def test_gitlab_pipeline_checks_previews_and_publishes():
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    check, preview, pages = pipeline["check"], pipeline["preview"], pipeline["pages"]
    assert tom_commands(check["script"]) == [["check", "--format", "gitlab"]]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "gl-code-quality-report.json" in check["script"][0]
    assert tom_commands(preview["script"]) == [["build"]]
    assert preview["artifacts"]["paths"] == ["_build/html/"]
    assert tom_commands(pages["script"]) == [["build"]]
    assert pages["artifacts"]["paths"] == ["public"]
    for job in (check, preview, pages):
        for argv in tom_commands(job["script"]):
            assert accepts(argv), argv


def test_github_workflow_annotates_and_builds():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    commands = tom_commands([s["run"] for s in steps if "run" in s])
    assert commands == [["check", "--format", "github"], ["build"]]
    assert all(accepts(argv) for argv in commands)


def test_pre_commit_hook_runs_tom_check():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    (hook,) = config["repos"][0]["hooks"]
    assert shlex.split(hook["entry"]) == ["tom", "check"]
    assert accepts(["check"])


@pytest.mark.parametrize("argv", [["check", "--format", "sarif"], ["publish"]])
def test_the_parser_refuses_what_does_not_exist(argv):
    assert not accepts(argv)
