"""`tom init`: a new council's site that builds and checks with no warnings at once, from an
empty folder, with either framework; refusals that say what to give; the pipelines it
writes never drift from the repository's own."""

from __future__ import annotations

import contextlib
import io
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from validate_pyproject import api as pyproject_api

from tom_ext.cli import main as cli
from tom_ext.cli.runner import site_settings
from tom_ext.cli.site_template import PIPELINES, TEMPLATE_FOLDER, TOP_LEVEL
from tom_ext.core.framework import BUILTIN
from tom_ext.core.model import PROMPT

REPO = Path(__file__).parent.parent
KESTRELFORD = ["--council", "Borough of Kestrelford",
               "--department", "environment-regeneration=Environment & Regeneration",
               "--department", "corporate-services=Corporate Services"]


@pytest.fixture(scope="module")
def kestrelford(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A site started once for the tests that only read what tom init wrote."""
    site = tmp_path_factory.mktemp("init") / "kestrelford"
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        assert cli.main(["init", str(site), *KESTRELFORD]) == 0
    return site, said.getvalue()


def test_the_first_tom_is_the_first_departments_from_the_template(kestrelford):
    site, _said = kestrelford
    tom = site / "source/toms/environment-regeneration/environment-regeneration"
    layers = BUILTIN["nine-layer"].layers
    assert sorted(p.name for p in tom.iterdir()) == sorted(
        ["index.md", *(f"{layer.key}.md" for layer in layers)])
    index = (tom / "index.md").read_text(encoding="utf-8")
    assert index.startswith("# Environment & Regeneration\n\n```{tom} Environment & "
                            "Regeneration TOM ")
    assert ":id: TOM_ER\n" in index
    assert ":owner: Director of Environment & Regeneration\n" in index
    assert ":aligns: PRI_01\n" in index
    assert ":stage: first-draft\n" in index
    technology = (tom / "technology.md").read_text(encoding="utf-8")
    assert ":id: LYR_ER_TEC\n:guided_by: STR_TEC\n" in technology
    assert ("Not written yet: how it will work at the end of the five years.\n"
            in technology)
    for page in tom.iterdir():
        assert PROMPT not in page.read_text(encoding="utf-8"), page.name
    # only the first department has a page (its toctree's glob must match a TOM)
    assert sorted(p.name for p in (site / "source/toms").iterdir()) == [
        "environment-regeneration", "index.md"]


def test_conf_py_names_the_council_its_departments_and_framework(kestrelford):
    site, _said = kestrelford
    settings = site_settings(site)
    assert settings.departments == {"environment-regeneration": "Environment & Regeneration",
                                    "corporate-services": "Corporate Services"}
    assert settings.framework == "nine-layer"
    assert settings.council == "Borough of Kestrelford"
    assert settings.changes_baseline == "source/_baselines/start.json"
    assert (site / settings.changes_baseline).is_file()
    assert settings.problems() == []


def test_the_site_installs_golden_thread_as_its_pipelines_do(kestrelford):
    site, _said = kestrelford
    project = tomllib.loads((site / "pyproject.toml").read_text(encoding="utf-8"))
    pyproject_api.Validator()(project)
    assert project["project"]["name"] == "borough-of-kestrelford-toms"
    assert project["project"]["dependencies"] == ["golden-thread==0.1.0"]
    assert project["tool"]["setuptools"] == {"py-modules": [], "packages": []}


def test_init_writes_the_pipelines_codeowners_and_says_what_next(kestrelford):
    site, said = kestrelford
    for path in (".gitlab-ci.yml", ".github/workflows/site.yml", ".gitignore",
                 "README.md", "CODEOWNERS", ".pre-commit-config.yaml"):
        assert f"tom init: wrote {path}\n" in said, path
    for path in (".gitlab-ci.yml", ".pre-commit-config.yaml"):
        assert (site / path).read_bytes() == (REPO / path).read_bytes(), path
    assert (site / ".gitignore").read_text(encoding="utf-8").splitlines()[0] == "_build/"
    codeowners = (site / "CODEOWNERS").read_text(encoding="utf-8")
    assert codeowners.startswith("# Written by `tom codeowners`")
    assert ("# no lead handle for layer 'technology': set :handle: on the strategy that "
            "leads it, or tom_layer_leads in conf.py\n") in codeowners
    assert said.splitlines()[-1] == (
        f"tom init: started Borough of Kestrelford's site in {site}. Next: cd {site} && "
        "tom build (then tom serve to preview it, and tom check before each commit)")
    assert not (site / "_build").exists()  # what tom codeowners built is not left behind
    assert [p.name for p in site.parent.iterdir()] == ["kestrelford"]  # nor the staging


def test_the_pipeline_copies_equal_the_repositorys_own():
    templates = resources.files("tom_ext.cli") / TEMPLATE_FOLDER
    copies = {path: name for pipeline in PIPELINES.values() for path, name in pipeline.items()}
    assert sorted(copies) == [".github/workflows/site.yml", ".gitlab-ci.yml"]
    copies[".pre-commit-config.yaml"] = TOP_LEVEL[".pre-commit-config.yaml"]
    for path, name in copies.items():
        assert (templates / name).read_bytes() == (REPO / path).read_bytes(), (
            f"{path} changed: copy it to tom_ext/cli/{TEMPLATE_FOLDER}/{name}, which "
            "tom init writes into new sites")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("ours", encoding="utf-8")
    assert cli.main(["init", str(site)]) == 2
    assert capsys.readouterr().err == (
        f"tom init: {site} is not empty (it holds notes.txt): tom init starts a site only "
        "in a new or empty folder\n")
    assert [p.name for p in site.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_init_takes_its_folder_from_dash_c_as_git_does(tmp_path, capsys):
    (tmp_path / "work" / "toms").mkdir(parents=True)
    (tmp_path / "work" / "toms" / "notes.txt").write_text("ours", encoding="utf-8")
    assert cli.main(["-C", str(tmp_path / "work"), "init", "toms"]) == 2
    assert capsys.readouterr().err.startswith(
        f"tom init: {tmp_path / 'work' / 'toms'} is not empty (it holds notes.txt)")


def test_init_refuses_a_file(tmp_path, capsys):
    (tmp_path / "site").write_text("ours", encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "site")]) == 2
    assert capsys.readouterr().err == (
        f"tom init: {tmp_path / 'site'} is a file: give a new or empty folder\n")


def test_init_refuses_a_bad_department_key(tmp_path, capsys):
    site = tmp_path / "site"
    assert cli.main(["init", str(site), "--department",
                     "Corporate Services=Corporate Services"]) == 2
    assert capsys.readouterr().err == (
        "tom init: --department 'Corporate Services=Corporate Services' cannot be used: "
        "give KEY=Name, the key in small letters, digits and hyphens (it is a folder and "
        "part of every page's address), e.g. --department "
        "corporate-services=\"Corporate Services\"\n")
    assert not site.exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["--council", "Borough <b>of</b> Kestrelford"],
     "--council 'Borough <b>of</b> Kestrelford' cannot be used: give the council's name on "
     "one line, without < > or `"),
    (["--department", "env=<i>Environment</i>"],
     "--department 'env=<i>Environment</i>' cannot be used: give its name on one line, "
     "without < > or `"),
    (["--department", "env=Environment", "--department", "env=Environs"],
     "--department env is given twice: give each department once"),
    (["--tom-code", "9LIB"],
     "--tom-code '9LIB' cannot be used: give 2-8 capital letters or digits, starting with a "
     "letter, e.g. CUS"),
])
def test_init_refuses_what_it_cannot_use(tmp_path, capsys, argv, message):
    assert cli.main(["init", str(tmp_path / "site"), *argv]) == 2
    assert capsys.readouterr().err == f"tom init: {message}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["nine-layer", "7s"])
def test_a_new_site_builds_and_checks_with_no_warnings(tmp_path, capsys, monkeypatch,
                                                       framework):
    site = tmp_path / "toms"
    (site / ".git").mkdir(parents=True)  # a fresh clone's folder is empty enough
    assert cli.main(["init", str(site), "--framework", framework]) == 0
    capsys.readouterr()
    monkeypatch.chdir(site)  # as the next step says: cd DIR && tom build

    assert cli.main(["build", "--notices"]) == 0
    out, err = capsys.readouterr()
    layers = BUILTIN[framework].layers
    assert "WARNING" not in out + err
    starters = sorted(  # the starter text init wrote, found in the pages themselves
        (path.relative_to(site).as_posix(), number)
        for path in (site / "source").rglob("*.md")
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("Not written yet: "))
    assert starters
    expected = len(layers) + len(starters)
    assert re.search(rf"\(0 warnings; {expected} notices\)", out), out
    notices = [line for line in out.splitlines() if ": notice: " in line]
    # the notices: no action supports the strategies yet, which the first TOM's actions
    # will change, and each starter text still to replace, at its line
    assert sorted(n for n in notices if n.endswith("[tom.orphan]")) == sorted(
        f"source/strategies/{layer.key}.md:3: notice: no action supports strategy "
        f"STR_{layer.code} — link actions to it with ':supports:', or retire the strategy "
        "[tom.orphan]" for layer in layers)
    starter_notices = [n for n in notices if n.endswith("[tom.starter_text]")]
    assert sorted((n.split(":")[0], int(n.split(":")[1])) for n in starter_notices) == starters
    assert all(": notice: starter text still to write: " in n for n in starter_notices)
    tom = site / "_build/html/toms/corporate-services/corporate-services/index.html"
    assert "Corporate Services" in tom.read_text(encoding="utf-8")
    # the Refresh page is there, in the header, and says no refresh is under way until
    # conf.py's tom_refresh (written, commented out) sets one
    html = site / "_build/html"
    assert "No refresh of the TOMs is under way." in (html / "refresh.html").read_text()
    assert 'href="refresh.html"' in (html / "index.html").read_text()
    assert '\n# tom_refresh = {\n#     "name": ' in (site / "conf.py").read_text()

    assert cli.main(["check"]) == 0
    out, err = capsys.readouterr()
    assert "WARNING" not in out + err
    assert re.fullmatch(rf"tom check: no problems \(\d+\.\d s\); {expected} notices "
                        r"\(--notices lists them\)\.", out.splitlines()[-1]), out
