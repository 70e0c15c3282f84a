"""The example council: ``tom check`` against ``tom build``, and the views at 1x-16x.

1. ``tom check`` against ``tom build`` on the example council, both from a fresh
   environment (-E) and after a one-line change, alternating the two commands and reporting
   medians and the ratio check/build.
2. The views computed from the example's needs.json at 1x, 4x and 16x its size.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


PAPERS_SETTING = "tom_papers = True"


def _copy_site(dest: Path, papers: bool = False) -> Path:
    """The example site in ``dest``; ``papers``: whether its builds write the committee
    papers (``tom check`` never does, so the comparison with it leaves them out; their cost
    is measured on its own by ``papers.py``)."""
    dest.mkdir(parents=True, exist_ok=True)
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    if PAPERS_SETTING not in conf:
        raise SystemExit(f"benchmark: conf.py no longer says {PAPERS_SETTING!r}")
    (dest / "conf.py").write_text(conf.replace(PAPERS_SETTING, f"tom_papers = {papers}"),
                                  encoding="utf-8")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "source", dest / "source", symlinks=True)
    return dest


def _timed(argv: list[str]) -> float:
    """Wall time of one ``tom`` command in its own process, as an author runs it (themes
    keep state between builds in one process, which would distort the figures)."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "tom_ext.cli", *argv],
                            capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark: tom {' '.join(argv)} failed with exit "
                         f"{result.returncode}:\n{result.stdout}{result.stderr}")
    return seconds


def _touch(root: Path) -> Callable[[int], None]:
    page = root / "source/toms/environment-regeneration/parking/technology.md"
    original = page.read_text()

    def change(n: int) -> None:
        page.write_text(original.replace(":status: on-track", ":status: at-risk", 1)
                        if n % 2 else original)

    return change


def _as_cloned(root: Path) -> None:
    """Every file of the site newer than anything built, as after ``git clone``."""
    later = time.time() + 1
    for path in root.rglob("*"):
        if path.is_file() and "_build" not in path.parts:
            os.utime(path, (later, later))


def check_vs_build(runs: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = _copy_site(Path(tmp))
        base = ["-C", str(root)]
        fresh: dict[str, list[float]] = {"build": [], "check": []}
        warm: dict[str, list[float]] = {"build": [], "check": []}
        clone: dict[str, list[float]] = {"build": fresh["build"], "check": []}
        _timed([*base, "build", "-q"])  # warm the caches of both
        _timed([*base, "check"])
        change = _touch(root)
        for n in range(runs):
            fresh["build"].append(_timed([*base, "build", "-q", "-E"]))
            fresh["check"].append(_timed([*base, "check", "-E"]))
            change(n + 1)
            warm["build"].append(_timed([*base, "build", "-q"]))
            warm["check"].append(_timed([*base, "check"]))
            # a merge request's pipeline: a fresh clone (every file newer than the kept
            # environment) with _build/.check/ restored from the CI cache, one page changed
            _as_cloned(root)
            change(n)
            clone["check"].append(_timed([*base, "check"]))
            print(f"run {n + 1}/{runs} done", file=sys.stderr)
    rows = []
    for label, data in (("full (fresh environment, -E)", fresh),
                        ("after changing one action's status", warm),
                        ("merge request in CI: fresh clone, `_build/.check/` from the CI "
                         "cache, one page changed (build column: the full build)", clone)):
        b, c = statistics.median(data["build"]), statistics.median(data["check"])
        rows.append(f"| {label} | {b:.2f} | {c:.2f} | {c / b:.2f} |")
    return rows


def check_before_after(runs: int, before: Path, site: Path) -> list[str]:
    """``tom check`` after a one-page change, this tom_ext against the one in ``before``,
    on the same site (``site``: one both can build), alternating, in one run."""
    env_before = {**os.environ, "PYTHONPATH": str(before)}
    env_after = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    times: dict[str, list[float]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for name in times:
            roots[name] = Path(tmp) / name
            shutil.copytree(site, roots[name], symlinks=True,
                            ignore=shutil.ignore_patterns("_build"))
        changes = {name: _touch(root) for name, root in roots.items()}
        for name, env in (("before", env_before), ("after", env_after)):
            _timed_in(roots[name], env, ["check"])  # the environment a merge request has
        for n in range(runs):
            for name, env in (("before", env_before), ("after", env_after)):
                changes[name](n + 1)
                times[name].append(_timed_in(roots[name], env, ["check"]))
    b, a = statistics.median(times["before"]), statistics.median(times["after"])
    return [f"| `tom check` after one action's status changed | {b:.2f} | {a:.2f} | "
            f"{a / b:.2f} |"]


def _timed_in(root: Path, env: dict[str, str], argv: list[str]) -> float:
    """:func:`_timed` with the site as the working folder and ``env`` (so PYTHONPATH
    decides which tom_ext runs); a check that finds problems still counts."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tom_ext.cli", *argv], cwd=root, env=env,
                   capture_output=True, text=True, check=False)
    return time.perf_counter() - start


def views_timing(runs: int) -> list[str]:
    """The views of the example council computed from its needs.json, and from copies of
    its TOMs 4 and 16 times as many: seconds and microseconds per need."""
    import json

    from tom_ext.core.config import TomConfig
    from tom_ext.core.model import Model
    from tom_ext.core.needs import Site, records_from_needs_json
    from tom_ext.views.exports import all_sheets

    with tempfile.TemporaryDirectory() as tmp:
        root = _copy_site(Path(tmp))
        _timed(["-C", str(root), "export"])
        data = json.loads((root / "_build/export/needs.json").read_text())
    config = TomConfig(departments={"children-schools-families": "", "community-housing": "",
                                    "corporate-services": "", "environment-regeneration": ""})
    framework = config.resolved_framework()
    model = Model(layer_keys=framework.keys())
    base = records_from_needs_json(data["versions"][data["current_version"]]["needs"], model)
    rows = []
    for copies in (1, 4, 16):
        records = list(base) + [_copied(r, n) for n in range(1, copies) for r in base
                                if r.type in ("tom", "layer", "action")]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            site = Site(records, model, framework, departments=config.departments,
                        today=config.today())
            all_sheets(site, site.today)  # coverage, traceability x2, progress, orphans
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        rows.append(f"| {copies} | {len(records)} | {seconds:.3f} | "
                    f"{seconds / len(records) * 1e6:.0f} |")
    return rows


def _copied(record: Any, copy: int) -> Any:
    """A TOM, layer or action of the ``copy``-th copy of the council: IDs and pages renamed,
    linking to the same strategies and priorities."""
    from dataclasses import replace

    options = dict(record.options)
    if "part_of" in options:
        options["part_of"] = f"{options['part_of']}_C{copy}"
    return replace(record, id=f"{record.id}_C{copy}", options=options,
                   docname=record.docname.replace("toms/", f"toms/copy{copy}/", 1))


