"""What ``tom_papers`` costs a build of the example council: the same site built with and
without its committee papers, alternating in one run, from a fresh clone and after one
action's status changed."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from .example import _copy_site, _timed, _touch


def measure(runs: int) -> list[str]:
    """Rows of ``| what | without (s) | with (s) | with - without | with / without |``."""
    times: dict[tuple[str, bool], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        roots = {papers: _copy_site(Path(tmp) / f"papers-{papers}", papers)
                 for papers in (False, True)}
        for root in roots.values():
            _timed(["-C", str(root), "build", "-q"])  # warm the caches of both
        changes = {papers: _touch(root) for papers, root in roots.items()}
        for n in range(runs):
            for papers, root in roots.items():
                shutil.rmtree(root / "_build")  # as from a fresh clone: every paper written
                times.setdefault(("full", papers), []).append(
                    _timed(["-C", str(root), "build", "-q"]))
                changes[papers](n + 1)
                times.setdefault(("one", papers), []).append(
                    _timed(["-C", str(root), "build", "-q"]))
            print(f"papers: run {n + 1}/{runs} done", file=sys.stderr)
    rows = []
    for what, label in (("full", "full build from a fresh clone (no `_build/`)"),
                        ("one", "rebuild after changing one action's status")):
        off = statistics.median(times[(what, False)])
        on = statistics.median(times[(what, True)])
        rows.append(f"| {label} | {off:.2f} | {on:.2f} | {on - off:+.2f} | {on / off:.2f} |")
    return rows
