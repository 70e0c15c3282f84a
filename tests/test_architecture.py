"""The layout keeps its promises: a core that never loads Sphinx, imports that point one way
down (no cycles, even inside functions), a small package root, no standard-library names."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
PACKAGE = REPO / "tom_ext"
#: what no core module may load, directly or through anything it imports
SPHINX_SIDE = ("sphinx", "docutils", "myst_parser", "sphinx_needs", "sphinx_autobuild")
#: the packages that never import Sphinx
CORE_PACKAGES = ("core", "views", "safety", "changes", "papers")
#: package -> the packages its modules may import (at load time or inside a function)
MAY_IMPORT = {
    "core": {"core", "version"},
    "safety": {"safety", "core", "version"},
    "views": {"views", "core", "version"},
    "changes": {"changes", "views", "core", "version"},
    "papers": {"papers", "changes", "views", "core", "version"},
    "sphinx_ext": {"sphinx_ext", "papers", "changes", "views", "safety", "core", "version"},
    "cli": {"cli", "papers", "changes", "views", "safety", "core", "version"},
    "version": set(),
    "": {"version", "sphinx_ext"},  # the package root: the version, and setup() lazily
}
#: the one module of the Sphinx side the command may import (only when it builds)
COMMAND_ENTRY = "tom_ext.sphinx_ext.run"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The tom_ext modules ``name`` imports anywhere in its text (functions included)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return {m for m in found if m == "tom_ext" or m.startswith("tom_ext.")}


GRAPH = {name: imports_of(name) for name in MODULES}


def package_of(name: str) -> str:
    return name.split(".")[1] if "." in name else ""


def test_the_graph_sees_the_imports_it_must():
    # a check of the checker: module-level, relative and in-function imports are all seen
    assert "tom_ext.core.needs" in GRAPH["tom_ext.core.validate"]
    assert "tom_ext.sphinx_ext.extension" in GRAPH["tom_ext"]  # setup()'s lazy import
    assert "tom_ext.sphinx_ext.run" in GRAPH["tom_ext.cli.build"]  # inside cmd_build


def with_parent_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Python runs a package's ``__init__`` before any module in it: an import of
    ``a.b.c`` imports ``a.b`` first. (A module that imports nothing of tom_ext needs
    nothing of its package, so the root may import the version.)"""
    found = {name: set(targets) for name, targets in graph.items()}
    for name, targets in graph.items():
        parent = name.rpartition(".")[0]
        if parent in graph and targets:
            found[name].add(parent)
    return found


def test_no_import_cycle_inside_tom_ext():
    """Package ``__init__`` files count: one that imports its own modules would make every
    import of one of them load the whole package."""
    graph = with_parent_packages(GRAPH)
    cycles = []
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state[target] == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif state[target] == 0:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if state[name] == 0:
            visit(name)
    assert cycles == []


def test_imports_point_one_way_down():
    wrong = []
    for name, targets in sorted(GRAPH.items()):
        allowed = MAY_IMPORT[package_of(name)]
        for target in sorted(targets):
            ok = package_of(target) in allowed or (
                package_of(name) == "cli" and target == COMMAND_ENTRY)
            if not ok:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_only_the_sphinx_side_names_sphinx_in_its_imports():
    named = []
    for name, path in MODULES.items():
        if package_of(name) == "sphinx_ext":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                roots = [node.module or ""]
            else:
                continue
            named += [f"{name}: {r}" for r in roots if r.split(".")[0] in SPHINX_SIDE]
    # the one exception: the safety scan reads a page with MyST's own markdown-it set-up,
    # so it sees the tokens the build sees; it imports it when it scans, never on import
    assert named == ["tom_ext.safety.markup: myst_parser.config.main",
                     "tom_ext.safety.markup: myst_parser.parsers.mdit",
                     "tom_ext.safety.markup: myst_parser.config.main"]


def _loaded_by(code: str) -> list[str]:
    """The Sphinx-side modules a fresh interpreter has loaded after running ``code``."""
    probe = (f"import sys, json\n{code}\n"
             f"print(json.dumps(sorted(m for m in sys.modules "
             f"if m.split('.')[0] in {SPHINX_SIDE!r})))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_importing_a_core_package_loads_no_sphinx(package):
    names = [n for n in MODULES if package_of(n) == package]
    assert names
    code = "\n".join(f"import {n}" for n in names)
    assert _loaded_by(code) == []


def test_tom_help_and_every_command_module_load_no_sphinx():
    names = [n for n in MODULES if package_of(n) == "cli" and not n.endswith("__main__")]
    code = "\n".join(f"import {n}" for n in names) + (
        "\nfrom tom_ext.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert _loaded_by(code) == []


def test_tom_diff_of_two_needs_json_files_loads_no_sphinx():
    board = REPO / "source/_baselines/2026-09-board.json"
    code = ("from tom_ext.cli.main import main\n"
            f"assert main(['-C', {str(REPO)!r}, 'diff', {str(board)!r}, {str(board)!r}]) == 0")
    assert _loaded_by(code) == []


def test_the_safety_scan_loads_myst_but_no_sphinx():
    code = ("from tom_ext.safety import markup\n"
            "from tom_ext.core.config import DEFAULT_ALLOWED\n"
            "from pathlib import Path\n"
            "rules = markup.Rules(allowed=DEFAULT_ALLOWED, files=markup.Files(Path('.'), '',"
            " (Path('.').resolve(),)), md=markup.parser(None))\n"
            "assert markup.scan('<script>x</script>', rules)")
    loaded = _loaded_by(code)
    assert loaded and all(m.split(".")[0] in ("myst_parser", "docutils") for m in loaded), \
        loaded
    assert not any(m.split(".")[0] in ("sphinx", "sphinx_needs") for m in loaded)


def test_the_package_root_is_small_and_the_top_level_holds_packages():
    root = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert len(root.splitlines()) <= 30
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "version.py"]
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == ["changes", "cli", "core", "papers", "safety", "sphinx_ext", "views"]


def test_no_module_shadows_a_standard_library_module():
    shadowing = [name for name in MODULES
                 if name.rpartition(".")[2] in sys.stdlib_module_names]
    assert shadowing == []


def test_no_private_attribute_is_hung_on_app_or_env():
    hung = []
    for name, path in MODULES.items():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(f"{owner}{attr}" in line for owner in ("app.", "env.", "app.env.")
                   for attr in ("_tom", "tom_source", "__dict__")) or "setattr(app" in line \
                    or "setattr(env" in line:
                hung.append(f"{name}:{number}: {line.strip()}")
    assert hung == []


def test_every_message_the_handbook_lists_is_one_tom_ext_gives():
    from tom_ext.core.messages import TomWarning

    code = "\n".join(path.read_text(encoding="utf-8") for name, path in MODULES.items()
                     if name != "tom_ext.core.messages")
    never = [w.name for w in TomWarning if f"TomWarning.{w.name}" not in code]
    assert never == []


def test_no_function_is_longer_than_sixty_lines():
    """Small functions with names that explain them: a longer one is split."""
    found = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 60:
                    found.append(f"{name}.{node.name}: {lines} lines")
    assert found == []
