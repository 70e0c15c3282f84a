"""The pipeline files for GitLab, GitHub and pre-commit call tom commands that exist."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from tom_ext.cli import main as cli
from tom_ext.core.project import Paths

REPO = Path(__file__).parent.parent


def tom_commands(scripts: list[str]) -> list[list[str]]:
    """The arguments of every ``tom`` command line of the scripts (a script may hold
    several lines)."""
    found = []
    for line in (line for script in scripts for line in script.splitlines()):
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
    # the check keeps what it read between pipelines, where tom check keeps it
    kept = [c for c in check["cache"] if c.get("key", "").startswith("tom-check-")]
    assert [c["paths"] for c in kept] == [[f"{_check_folder()}/"]]
    assert kept[0]["fallback_keys"] == ["tom-check-$CI_DEFAULT_BRANCH"]
    assert {"paths": [".cache/pip"]} in check["cache"]  # the job's cache replaces the global


def _check_folder() -> str:
    root = Path("/site")
    return Paths(root).check.relative_to(root).as_posix()


def test_github_workflow_annotates_and_builds():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    commands = tom_commands([s["run"] for s in steps if "run" in s])
    assert commands == [["check", "--format", "github"], ["build"]]
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == _check_folder()
    assert steps.index(cache) < next(i for i, s in enumerate(steps)
                                     if "tom check" in s.get("run", ""))
    assert all(accepts(argv) for argv in commands)


def test_pre_commit_hook_runs_tom_check():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    (hook,) = config["repos"][0]["hooks"]
    assert shlex.split(hook["entry"]) == ["tom", "check"]
    assert accepts(["check"])


@pytest.mark.parametrize("argv", [["check", "--format", "sarif"], ["publish"],
                                  ["diff"], ["diff", "HEAD", "--format", "html"]])
def test_the_parser_refuses_what_does_not_exist(argv):
    assert not accepts(argv)


def test_gitlab_merge_request_job_publishes_the_change_summary():
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    job = pipeline["changes"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    script = job["script"]
    assert 'git fetch --quiet origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in script
    assert tom_commands(script) == [["diff", "$CI_MERGE_REQUEST_DIFF_BASE_SHA", "HEAD",
                                     "--format", "markdown", "--output", "tom-diff.md"]]
    assert accepts(tom_commands(script)[0])
    assert job["artifacts"]["paths"] == ["tom-diff.md"]
    (note,) = [line for line in script if "curl" in line]
    assert note.startswith('if [ -n "$TOM_DIFF_TOKEN" ]; then curl ')
    assert '--header "PRIVATE-TOKEN: $TOM_DIFF_TOKEN"' in note
    assert '--data-urlencode "body@tom-diff.md"' in note
    assert ("$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
            in note)
    assert any("git" in line and "curl" in line and "apt-get install" in line
               for line in job["before_script"])


def test_github_pull_request_job_writes_the_summary_and_comments():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    job = workflow["jobs"]["changes"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["permissions"]["pull-requests"] == "write"
    checkout = job["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and (
        checkout["with"]["fetch-depth"] == 0)
    runs = [step["run"] for step in job["steps"] if "run" in step]
    commands = tom_commands(runs)
    assert commands == [["diff", "$BASE_SHA", "HEAD", "--format", "markdown", "--output",
                         "tom-diff.md"]]
    assert accepts(commands[0])
    assert any('cat tom-diff.md >> "$GITHUB_STEP_SUMMARY"' in run for run in runs)
    assert any(run.startswith("gh pr comment") and "--body-file tom-diff.md" in run
               for run in runs)


@pytest.mark.parametrize("argv", [["diff", "HEAD"], ["diff", "main", "HEAD", "--format", "json"],
                                  ["diff", "a.json", "b.json", "-o", "x.md", "--exit-code"]])
def test_the_parser_takes_tom_diff(argv):
    assert accepts(argv)
