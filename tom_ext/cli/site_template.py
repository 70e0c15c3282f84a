"""The files of a new council's site (``tom init``), rendered from the Jinja2 templates in
``init_templates/`` so that a council's name or a department can never break a page.

Jinja2 rather than copier: Sphinx already installs Jinja2, while copier would add a dozen
packages and want git, for a handful of pages and settings."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2

from tom_ext.changes import snapshot
from tom_ext.core.framework import Framework, Layer
from tom_ext.version import __version__

TEMPLATE_FOLDER = "init_templates"
#: where each shipped pipeline goes in a new site → its copy in init_templates/, kept byte
#: for byte equal to the repository's own (tests/test_init.py compares them)
PIPELINES: Mapping[str, Mapping[str, str]] = {
    "gitlab": {".gitlab-ci.yml": "gitlab-ci.yml"},
    "github": {".github/workflows/site.yml": "github-site.yml"},
}
#: top-level files: where each goes → its template (rendered when it ends in .jinja)
TOP_LEVEL = {"conf.py": "conf.py.jinja", "pyproject.toml": "pyproject.toml.jinja",
             "README.md": "README.md.jinja", ".gitignore": "gitignore",
             # the repository's own hooks, byte for byte (tests/test_init.py compares)
             ".pre-commit-config.yaml": "pre-commit-config.yaml"}
#: templates under source/ written once per layer or per department, not once
STRATEGY_PAGE = "source/strategies/strategy.md.jinja"
LAYER_PAGE = "source/layers/layer.md.jinja"
DEPARTMENT_PAGE = "source/toms/department.md.jinja"
#: what "Changes since …" compares with at first (conf.py's tom_changes_baseline names it)
BASELINE = "source/_baselines/start.json"


@dataclass(frozen=True, slots=True)
class Council:
    """What ``tom init`` was told about the council, checked."""

    name: str
    departments: Mapping[str, str]
    framework: Framework
    pipelines: tuple[str, ...]
    today: dt.date

    @property
    def first_department(self) -> str:
        return next(iter(self.departments))


def strategy_id(layer: Layer) -> str:
    return f"STR_{layer.code}"


def strategy_title(layer: Layer) -> str:
    """The starting name of the strategy that leads a layer (7S has a layer "Strategy")."""
    return "Corporate strategy" if layer.key == "strategy" else f"{layer.title} strategy"


def slug(text: str) -> str:
    """Small letters, digits and hyphens: a folder or package name made of ``text``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def site_files(council: Council, first_tom: str) -> dict[str, str]:
    """Every file of the new site but the first TOM and CODEOWNERS: path → text.
    ``first_tom`` is the first TOM's folder, for the README."""
    templates = _environment()
    context = _context(council, first_tom)
    files = {path: _render_or_copy(templates, name, context)
             for path, name in TOP_LEVEL.items()}
    for pipeline in council.pipelines:
        files.update({path: _text(name) for path, name in PIPELINES[pipeline].items()})
    for name in templates.list_templates():
        if name.startswith("source/") and name not in (STRATEGY_PAGE, LAYER_PAGE,
                                                       DEPARTMENT_PAGE):
            files[name.removesuffix(".jinja")] = _render_or_copy(templates, name, context)
    for layer in council.framework.layers:
        files[f"source/strategies/{layer.key}.md"] = templates.get_template(
            STRATEGY_PAGE).render(context, layer=layer, title=strategy_title(layer),
                                  strategy_id=strategy_id(layer))
        files[f"source/layers/{layer.key}.md"] = templates.get_template(
            LAYER_PAGE).render(context, layer=layer)
    # a department's page lists its TOMs by a glob, which must match one: only the
    # department of the first TOM has a page until another starts its first TOM
    key = council.first_department
    files[f"source/toms/{key}/index.md"] = templates.get_template(DEPARTMENT_PAGE).render(
        context, name=council.departments[key])
    files[BASELINE] = empty_baseline(council)
    return files


def empty_baseline(council: Council) -> str:
    """The needs.json of the site before anything was written in it: what "Changes since
    …" compares with (every view of changes needs a baseline) until the first board."""
    label = f"the site's start on {_in_words(council.today)}"
    data = {"current_version": "", "project": f"{council.name} TOMs",
            snapshot.KEY: snapshot.additions({}, council.departments,
                                             council.framework.name, label=label),
            "versions": {"": {"needs": {}, "needs_amount": 0}}}
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _environment() -> jinja2.Environment:
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("tom_ext.cli", TEMPLATE_FOLDER),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
        lstrip_blocks=True, autoescape=False)
    # a string literal for conf.py and pyproject.toml alike, whatever the text holds
    templates.filters["quoted"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    return templates


def _context(council: Council, first_tom: str) -> dict[str, Any]:
    return {
        "council": council.name, "slug": slug(council.name) or "council",
        "departments": council.departments, "first_department": council.first_department,
        "framework": council.framework, "pipelines": council.pipelines,
        "year": council.today.year,
        "today_in_words": _in_words(council.today),
        "version": __version__, "first_tom": first_tom,
    }


def _in_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _render_or_copy(templates: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    if name.endswith(".jinja"):
        return templates.get_template(name).render(context)
    return _text(name)  # a file Sphinx itself renders (a theme template), or plain text


def _text(name: str) -> str:
    return (resources.files("tom_ext.cli") / TEMPLATE_FOLDER / name).read_text(
        encoding="utf-8")
