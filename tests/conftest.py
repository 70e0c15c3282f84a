"""Shared fixtures: fixture sites under tests/roots/, and the example site built once."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from tom_ext.cli import main as cli
from tom_ext.core.needs import NeedRecord

ROOTS = Path(__file__).parent / "roots"

# property tests (tests/test_properties.py): quick by default, thorough on request
settings.register_profile("default", max_examples=150, deadline=None)
settings.register_profile("deep", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
REPO = Path(__file__).parent.parent
# the commands' progress lines (which CI=true turns on) are tested in tests/test_progress_lines.py;
# everywhere else a command's output is only what it says of the outcome
os.environ["TOM_PROGRESS"] = "none"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing's ``@pytest.mark.sphinx(testroot=...)`` finds fixture sites."""
    return ROOTS


def rec(id: str, type: str, docname: str, **options: str) -> NeedRecord:
    """A hand-made need record for the unit tests of the pure views (title = ID)."""
    return NeedRecord(id=id, type=type, title=id, docname=docname, lineno=1, options=options)


def make_project(root: str, dest: Path) -> Path:
    """Lay a fixture site out as a Golden Thread project: conf.py beside source/."""
    src = ROOTS / f"test-{root}"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "conf.py", dest / "conf.py")
    shutil.copytree(src, dest / "source", ignore=shutil.ignore_patterns("conf.py", "_build"))
    return dest


@pytest.fixture
def project(tmp_path: Path):
    """A factory: ``project("basic")`` copies tests/roots/test-basic to a fresh folder."""

    def factory(root: str = "basic") -> Path:
        return make_project(root, tmp_path / root)

    return factory


def needs_of(html_dir: Path) -> dict[str, dict]:
    data = json.loads((html_dir / "needs.json").read_text())
    version = data["current_version"]
    return data["versions"][version]["needs"]


def copy_example(dest: Path) -> Path:
    """The repository's own site (conf.py, docs/, source/) copied to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "conf.py", dest / "conf.py")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "source", dest / "source", symlinks=True)
    return dest


def source_date_epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The repository's own site, built once per test session with ``tom build``, dated
    today through SOURCE_DATE_EPOCH (as a reproducible build is), so that a second build
    can be given the same date."""
    dest = copy_example(tmp_path_factory.mktemp("example"))
    import contextlib
    import io

    today = dt.date.today()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(today))
        code = cli.main(["-C", str(dest), "build", "-q"])
    return {"root": dest, "html": dest / "_build" / "html", "code": code, "today": today,
            "stdout": out.getvalue(), "stderr": err.getvalue()}


@pytest.fixture(scope="session")
def versioned_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A clone of this repository (so the 2023–2025 refresh is in its history) with the
    working tree's site laid over it, built once with ``tom build --versions``."""
    import contextlib
    import io
    import runpy
    import subprocess

    from tom_ext.core.versions import read

    dest = tmp_path_factory.mktemp("versions") / "site"
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(REPO), str(dest)], check=True)
    copy_example(dest)
    for version in read(runpy.run_path(str(dest / "conf.py"))["tom_versions"]):
        found = subprocess.run(["git", "cat-file", "-e", f"{version.revision}^{{commit}}"],
                               cwd=dest, capture_output=True, check=False)
        if found.returncode:  # a shallow clone: under CI (which has the history) a failure
            missing = (f"the history holding {version.title} ({version.revision[:7]}) is "
                       "not in this clone: git fetch --unshallow")
            if os.environ.get("CI"):
                pytest.fail(missing)
            pytest.skip(missing)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date.today()))
        code = cli.main(["-C", str(dest), "build", "-q", "--versions"])
    return {"root": dest, "html": dest / "_build" / "html", "code": code,
            "stdout": out.getvalue(), "stderr": err.getvalue()}
