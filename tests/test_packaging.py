"""The package as a Sphinx user installs it: the wheel and sdist built by ``python -m build``
and checked by their own validators (twine, validate-pyproject), with the metadata a user
and an index expect (PEP 639 licence, classifiers, typed, no unused dependency, the live
preview's server in an extra)."""

from __future__ import annotations

import email.parser
import email.policy
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.message import Message
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

pytestmark = pytest.mark.slow

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
#: what the sdist is built from: the working tree without what a build or a run leaves
LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "_build", "build", "dist", "test-results",
                                  "*.egg-info", "__pycache__", ".pytest_cache",
                                  ".mypy_cache", ".ruff_cache", ".hypothesis")


def _backend_installed() -> bool:
    """True when this environment already has the build backend pyproject.toml asks for, so
    the build needs no isolated environment (and no download)."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for spec in pyproject["build-system"]["requires"]:
        requirement = Requirement(spec)
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            return False
        if not requirement.specifier.contains(installed, prereleases=True):
            return False
    return True


def run(*argv: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=600)


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel (built from the sdist, as ``python -m build`` does), from a
    copy of the working tree so the build writes nothing into the repository."""
    tmp = tmp_path_factory.mktemp("dist")
    tree = tmp / "tree"
    shutil.copytree(REPO, tree, ignore=LEFT_OUT, symlinks=True)
    out = tmp / "out"
    isolation = ["--no-isolation"] if _backend_installed() else []
    done = run(sys.executable, "-m", "build", *isolation, "--outdir", out, tree, cwd=tree)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


def _metadata(text: str) -> Message:
    return email.parser.Parser(policy=email.policy.compat32).parsestr(text)


def _wheel_metadata(wheel: Path) -> tuple[list[str], Message, str]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (info,) = {name.split("/")[0] for name in names if ".dist-info/" in name}
        return names, _metadata(archive.read(f"{info}/METADATA").decode()), info


def test_twine_passes_the_wheel_and_the_sdist_strictly(dists):
    done = run(BIN / "twine", "check", "--strict", dists["wheel"], dists["sdist"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_validate_pyproject_passes_the_project_table():
    done = run(BIN / "validate-pyproject", "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Valid file: pyproject.toml" in done.stdout


def test_the_wheel_ships_the_marker_the_template_and_the_licence(dists):
    names, meta, info = _wheel_metadata(dists["wheel"])
    assert "tom_ext/py.typed" in names
    assert "tom_ext/papers/paper.typ" in names
    assert f"{info}/licenses/LICENSE" in names
    with zipfile.ZipFile(dists["wheel"]) as archive:
        licence = archive.read(f"{info}/licenses/LICENSE").decode()
    assert licence == (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 The Golden Thread developers\n")
    assert meta.get_all("License-File") == ["LICENSE"]


def test_the_wheels_metadata_is_current_and_complete(dists):
    _, meta, _ = _wheel_metadata(dists["wheel"])
    assert tuple(int(n) for n in meta["Metadata-Version"].split(".")) >= (2, 4)
    assert meta["License-Expression"] == "MIT"
    assert meta["License"] is None  # the deprecated free-text field is gone
    classifiers = meta.get_all("Classifier")
    for wanted in ("Framework :: Sphinx :: Extension", "Typing :: Typed",
                   "Programming Language :: Python :: 3 :: Only",
                   "Topic :: Documentation :: Sphinx"):
        assert wanted in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # PEP 639: expression
    urls = dict(line.split(", ", 1) for line in meta.get_all("Project-URL"))
    assert sorted(urls) == ["Documentation", "Homepage", "Issues", "Source"]
    assert all(url.startswith("https://") for url in urls.values())
    assert meta["Requires-Python"] == ">=3.11"


def test_no_unused_dependency_and_the_server_only_in_its_extra(dists):
    _, meta, _ = _wheel_metadata(dists["wheel"])
    requirements = [Requirement(line) for line in meta.get_all("Requires-Dist")]
    assert [r for r in requirements if r.name == "matplotlib"] == []
    autobuild = [str(r) for r in requirements if r.name == "sphinx-autobuild"]
    assert autobuild == ['sphinx-autobuild>=2024.10; extra == "serve"']
    assert "serve" in meta.get_all("Provides-Extra")
    # the test extras run every test without the server
    test_extra = [r.name for r in requirements
                  if r.marker and r.marker.evaluate({"extra": "test"})]
    assert test_extra and "sphinx-autobuild" not in test_extra


def test_the_sdist_carries_the_licence_and_the_same_metadata(dists):
    with tarfile.open(dists["sdist"]) as archive:
        names = archive.getnames()
        (root,) = {name.split("/")[0] for name in names}
        assert f"{root}/LICENSE" in names
        assert f"{root}/tom_ext/py.typed" in names
        assert f"{root}/tom_ext/papers/paper.typ" in names
        pkg_info = archive.extractfile(f"{root}/PKG-INFO")
        assert pkg_info is not None
        meta = _metadata(pkg_info.read().decode())
    assert meta["License-Expression"] == "MIT"
    assert "Framework :: Sphinx :: Extension" in meta.get_all("Classifier")
