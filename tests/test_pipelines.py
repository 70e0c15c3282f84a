"""The pipeline files for GitLab, GitHub and pre-commit call tom commands that exist, pass
their own validators (check-jsonschema's built-in schemas, zizmor's audits) and keep least
privilege: timeouts everywhere, Pages written only by the deploy job, nothing published
from a pull or merge request."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

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
    assert tom_commands(check["script"]) == [["check", "--format", "gitlab"], ["linkcheck"]]
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "gl-code-quality-report.json" in check["script"][0]
    assert tom_commands(preview["script"]) == [["build"]]
    assert preview["artifacts"]["paths"] == ["_build/html/"]
    assert tom_commands(pages["script"]) == [["build", "--versions"]]
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
    assert commands == [["check", "--format", "github"], ["build"], ["linkcheck"]]
    (cache,) = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == _check_folder()
    assert steps.index(cache) < next(i for i, s in enumerate(steps)
                                     if "tom check" in s.get("run", ""))
    assert all(accepts(argv) for argv in commands)
    pages = workflow["jobs"]["pages"]["steps"]
    published = tom_commands([s["run"] for s in pages if "run" in s])
    assert published == [["build", "--versions"]] and accepts(published[0])
    checkouts = [s for s in [*steps, *pages] if s.get("uses", "").startswith("actions/checkout")]
    assert all(s["with"]["fetch-depth"] == 0 for s in checkouts)  # dates and archives need it


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


# -- the shipped pipelines checked by their own validators ------------------------------------

BIN = Path(sys.executable).parent
WORKFLOW = ".github/workflows/site.yml"
GITLAB = ".gitlab-ci.yml"
SEVERE = ("Medium", "High")


def _run(*argv: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=300)


@pytest.mark.parametrize(("path", "schema"), [
    (WORKFLOW, "vendor.github-workflows"),
    (WORKFLOW, "custom.github-workflows-require-timeout"),
    (GITLAB, "vendor.gitlab-ci"),
])
def test_the_pipelines_pass_their_json_schemas(path, schema):
    # the schemas vendored in check-jsonschema: no download, the same answer offline
    done = _run(BIN / "check-jsonschema", "--builtin-schema", schema, path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_the_schema_check_refuses_a_job_without_a_timeout(tmp_path):
    # a check of the checker: the timeout schema fails the workflow as it was before
    workflow = yaml.safe_load((REPO / WORKFLOW).read_text())
    del workflow["jobs"]["changes"]["timeout-minutes"]
    bad = tmp_path / "site.yml"
    bad.write_text(yaml.safe_dump(workflow))
    done = _run(BIN / "check-jsonschema", "--builtin-schema",
                "custom.github-workflows-require-timeout", bad)
    assert done.returncode == 1
    assert "$.jobs.changes" in done.stdout


def _zizmor(path: Path | str) -> list[dict[str, Any]]:
    """zizmor's findings on ``path`` (offline: no GitHub token, no network)."""
    done = _run(BIN / "zizmor", "--offline", "--format", "json", path)
    assert done.stdout.strip(), done.stderr  # a crash writes no JSON at all
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    assert (done.returncode == 0) == (findings == []), done.stderr
    return findings


def _severe(findings: list[dict[str, Any]]) -> list[str]:
    """Each finding at medium or above as ``ident (severity) at jobs.x.steps[0]``."""
    named = []
    for finding in findings:
        severity = finding["determinations"]["severity"]
        if severity not in SEVERE:
            continue
        route = finding["locations"][0]["symbolic"]["route"]["route"]
        where = "".join(f"[{part['Index']}]" if "Index" in part else f".{part['Key']}"
                        for part in route).lstrip(".")
        named.append(f"{finding['ident']} ({severity}) at {where}")
    return named


def test_zizmor_finds_nothing_at_medium_or_above_in_the_github_workflow():
    assert _severe(_zizmor(WORKFLOW)) == []


def test_zizmor_names_what_the_workflow_used_to_do(tmp_path):
    # a check of the checker: tag-pinned actions, Pages rights for every job, a checkout
    # keeping its token are all reported at medium or above
    bad = tmp_path / ".github/workflows/site.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("""\
name: site
on: [push, pull_request]
permissions:
  contents: read
  pages: write
  id-token: write
jobs:
  check:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _build/html
  deploy:
    needs: check
    runs-on: ubuntu-latest
    timeout-minutes: 5
    environment:
      name: github-pages
    steps:
      - uses: actions/deploy-pages@v4
""")
    assert sorted(_severe(_zizmor(bad))) == [
        "artipacked (Medium) at jobs.check.steps[0]",
        "excessive-permissions (High) at permissions.id-token",
        "excessive-permissions (High) at permissions.pages",
        "unpinned-uses (High) at jobs.check.steps[0]",
        "unpinned-uses (High) at jobs.check.steps[1]",
        "unpinned-uses (High) at jobs.deploy.steps[0]",
    ]


def _github_jobs() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((REPO / WORKFLOW).read_text())["jobs"]


def test_github_jobs_hold_only_their_own_permissions_and_have_timeouts():
    workflow = yaml.safe_load((REPO / WORKFLOW).read_text())
    assert workflow["permissions"] == {}  # nothing by default: each job says what it uses
    jobs = workflow["jobs"]
    assert sorted(jobs) == ["changes", "check", "deploy", "pages"]
    for name, job in jobs.items():
        assert isinstance(job.get("timeout-minutes"), int), name
        assert 0 < job["timeout-minutes"] <= 60, name
        granted = job.get("permissions", {})
        if name != "deploy":
            assert "pages" not in granted and "id-token" not in granted, name
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert jobs["pages"]["permissions"] == {"contents": "read"}
    assert jobs["changes"]["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_no_pages_artifact_and_no_deploy_from_a_pull_request():
    jobs = _github_jobs()
    on_main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    uploads = [name for name, job in jobs.items()
               if any(step.get("uses", "").startswith("actions/upload-pages-artifact@")
                      for step in job["steps"])]
    assert uploads == ["pages"]
    deploys = [name for name, job in jobs.items()
               if any(step.get("uses", "").startswith("actions/deploy-pages@")
                      for step in job["steps"])]
    assert deploys == ["deploy"]
    assert jobs["pages"]["if"] == on_main_only
    assert jobs["deploy"]["if"] == on_main_only
    assert jobs["deploy"]["needs"] == "pages"
    # a pull request's preview is an ordinary artifact, uploaded only for pull requests
    (preview,) = [step for step in jobs["check"]["steps"]
                  if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert preview["if"] == "github.event_name == 'pull_request'"
    assert preview["with"]["path"] == "_build/html"


def test_every_action_is_pinned_to_a_commit_and_no_checkout_keeps_its_token():
    text = (REPO / WORKFLOW).read_text()
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", text, flags=re.MULTILINE)
    assert len(uses) == 10
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)
    for name, job in _github_jobs().items():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def _gitlab_jobs() -> dict[str, dict[str, Any]]:
    pipeline = yaml.safe_load((REPO / GITLAB).read_text())
    return {name: job for name, job in pipeline.items()
            if isinstance(job, dict) and "script" in job}


def test_gitlab_jobs_have_timeouts_and_only_the_default_branch_publishes():
    jobs = _gitlab_jobs()
    assert sorted(jobs) == ["changes", "check", "pages", "preview"]
    for name, job in jobs.items():
        assert re.fullmatch(r"\d+ minutes", job["timeout"]), name
    # a newer push cancels a merge request's jobs; a publication under way finishes
    assert {name: job["interruptible"] for name, job in jobs.items()} == {
        "changes": True, "check": True, "pages": False, "preview": True}
    assert jobs["pages"]["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "when": "never"},
        {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"},
    ]
    publishing = [name for name, job in jobs.items()
                  if "public" in job.get("artifacts", {}).get("paths", [])]
    assert publishing == ["pages"]


def test_pre_commit_validates_the_pipelines_with_the_installed_validators():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    repos = {repo["repo"]: repo for repo in config["repos"]}
    schemas = repos["https://github.com/python-jsonschema/check-jsonschema"]
    assert schemas["rev"] == metadata.version("check-jsonschema")
    assert [hook["id"] for hook in schemas["hooks"]] == [
        "check-github-workflows", "check-github-workflows-require-timeout", "check-gitlab-ci"]
    audits = repos["https://github.com/zizmorcore/zizmor-pre-commit"]
    assert audits["rev"] == f"v{metadata.version('zizmor')}"
    (zizmor,) = audits["hooks"]
    assert zizmor["id"] == "zizmor"
    assert zizmor["args"] == ["--offline", "--min-severity", "medium"]
    assert re.match(zizmor["files"], WORKFLOW)
