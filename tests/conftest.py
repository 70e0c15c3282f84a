"""Shared fixtures: fixture sites under tests/roots/, and the example site built once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tom_ext import cli
from tom_ext.records import NeedRecord

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


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


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The repository's own site, built once per test session with ``tom build``."""
    dest = tmp_path_factory.mktemp("example")
    shutil.copy(REPO / "conf.py", dest / "conf.py")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "source", dest / "source", symlinks=True)
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["-C", str(dest), "build", "-q"])
    return {"root": dest, "html": dest / "_build" / "html", "code": code,
            "stdout": out.getvalue(), "stderr": err.getvalue()}
