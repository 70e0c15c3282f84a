"""How long the ``tom`` command takes to start, and how much it loads: ``tom --help`` and an
import of the checks module, for this tom_ext and (``--before DIR``) an earlier one, in one
run. Each is measured in a fresh interpreter run in an empty folder, so ``PYTHONPATH``
decides which tom_ext is imported."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: what is started, per layout: the command's help, and the module of the author checks
#: (``tom_ext.validate`` before the layout of issue 14, ``tom_ext.core.validate`` after)
COMMANDS = {
    "`tom --help`": lambda old: ["-m", "tom_ext.cli", "--help"],
    "import the checks module": lambda old: [
        "-c", f"import tom_ext.{'validate' if old else 'core.validate'}"],
}
SPHINX_SIDE = ("sphinx", "docutils", "myst_parser", "sphinx_needs")


def _is_old(path: Path | None) -> bool:
    return path is not None and (path / "tom_ext" / "validate.py").is_file()


def _run(args: list[str], env: dict[str, str], cwd: str) -> tuple[float, list[str]]:
    """Wall time, and the modules imported (from ``-X importtime``)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    modules = [line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:") and "|" in line
               and not line.rstrip().endswith("package")]
    return seconds, modules


def measure(runs: int, before: Path | None) -> list[dict[str, object]]:
    """One row per command and tom_ext: median seconds of ``runs`` alternating runs, the
    number of modules imported and whether any of Sphinx's was."""
    variants = {"this": None, **({"before": before} if before else {})}
    times: dict[tuple[str, str], list[float]] = {}
    loaded: dict[tuple[str, str], list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="tom-startup-") as empty:
        for _ in range(runs):
            for what, make in COMMANDS.items():
                for name, path in variants.items():
                    env = dict(os.environ)
                    env.pop("PYTHONPATH", None)
                    if path is not None:
                        env["PYTHONPATH"] = str(path)
                    seconds, modules = _run(make(_is_old(path)), env, empty)
                    times.setdefault((what, name), []).append(seconds)
                    loaded[(what, name)] = modules
    rows = []
    for (what, name), seconds in times.items():
        modules = loaded[(what, name)]
        sphinx = [m for m in modules if m.split(".")[0] in SPHINX_SIDE]
        rows.append({"what": what, "tom_ext": name, "seconds": statistics.median(seconds),
                     "modules": len(modules), "sphinx_modules": len(sphinx)})
    return rows
