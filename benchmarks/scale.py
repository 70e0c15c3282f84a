"""The synthetic council at N TOMs, built as floor, stock and tom in the same run.

For each run: a full build of each variant (and of tom with ``-j 2``), a rebuild with
nothing changed, a rebuild after one action's status changed (checked on every page and
export that shows it), then ``tom check`` fresh and after a one-line change. The variants
alternate within each step, in an order that rotates from run to run, so that a slow spell
of the shared machine falls on all of them. Each command runs in a fresh process.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import generate, measure, statuses

#: the variant built with ``-j 2``, compared with ``tom`` (``-j 1``)
TOM_J2 = "tom -j 2"
#: the product built with an earlier tom_ext (``--before DIR``), in the same run
BEFORE = "tom-before"
#: the floor with tom_ext's section navigation and nothing else: how much of tom's lead
#: over the floor is the navigation (a reference, full build only)
FLOOR_NAV = "floor-nav"
FULL_ORDER = ("floor", "stock", "tom", TOM_J2, FLOOR_NAV)


@dataclass
class Site:
    variant: str
    root: Path
    env: dict[str, str] | None = None
    """Added to the environment of its commands (``PYTHONPATH`` of an earlier tom_ext)."""

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"

    def build_command(self, jobs: int = 1) -> list[str]:
        if self.variant in ("tom", BEFORE):
            return [sys.executable, "-m", "tom_ext.cli", "-C", str(self.root), "build", "-q",
                    "-j", str(jobs)]
        build = self.root / "_build"
        return [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", str(jobs),
                "-c", str(self.root), str(self.root / "source"), str(build / "html"),
                "-d", str(build / "doctrees")]


@dataclass
class Samples:
    """Every measurement of one size, by name (``full floor``, ``change tom`` …)."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    memory: dict[str, list[float]] = field(default_factory=dict)
    checks: dict[str, list[str]] = field(default_factory=dict)
    stale: dict[str, list[int]] = field(default_factory=dict)
    shown: dict[str, list[int]] = field(default_factory=dict)

    def add(self, name: str, measured: measure.Measured) -> None:
        self.seconds.setdefault(name, []).append(measured.seconds)
        self.memory.setdefault(name, []).append(measured.maxrss_mb)


class Runner:
    def __init__(self, n: int, seed: int, work: Path, log: Callable[[str], None],
                 before: Path | None = None):
        self.council = generate.council(n, seed)
        self.work = work
        self.log = log
        self.sites = {v: Site(v, generate.write_site(self.council, v, work / v))
                      for v in generate.VARIANTS}
        root = generate.write_site(self.council, "floor", work / FLOOR_NAV)
        with (root / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(generate.NAVIGATION_CONF)
        self.sites[FLOOR_NAV] = Site("floor", root)
        self.order: tuple[str, ...] = FULL_ORDER
        if before is not None:
            root = generate.write_site(self.council, "tom", work / BEFORE)
            self.sites[BEFORE] = Site(BEFORE, root, {"PYTHONPATH": str(before)})
            self.order = (*FULL_ORDER, BEFORE)
        self.samples = Samples()
        self._action = self.council.target[2]
        self._statuses = (self._action.status, "off-track")

    def _run(self, name: str, command: list[str], env: dict[str, str] | None = None,
             expect_ok: bool = True) -> None:
        log_file = self.work / f"{name.replace(' ', '_')}.log"
        # in the work folder, where no tom_ext package is (see measure.run)
        measured = measure.run(command, log_file, env, cwd=self.work)
        if expect_ok and measured.returncode != 0:
            raise RuntimeError(f"{name} failed (exit {measured.returncode}):\n"
                               + log_file.read_text()[-3000:])
        self.samples.add(name, measured)
        self.log(f"  {name}: {measured.seconds:.1f} s, {measured.maxrss_mb:.0f} MB")

    def _set_status(self, variant: str, status: str) -> None:
        page = self.sites[variant].root / "source" / generate.target_page(self.council)
        text = page.read_text(encoding="utf-8")
        if self.sites[variant].variant == "floor":
            old = f"**{self._action.id}**"
            start = text.index(old)
            end = text.index("\n", start)
            line = text[start:end]
            for s in statuses.STATUS_WORDS:
                line = line.replace(f"status: {s};", f"status: {status};")
            page.write_text(text[:start] + line + text[end:], encoding="utf-8")
            return
        start = text.index(f":id: {self._action.id}\n")
        at = text.index(":status: ", start)
        end = text.index("\n", at)
        page.write_text(text[:at] + f":status: {status}" + text[end:], encoding="utf-8")

    def one_run(self, index: int) -> None:
        rotate = index % len(self.order)
        order = self.order[rotate:] + self.order[:rotate]
        variants = [v for v in order if v not in (TOM_J2, FLOOR_NAV)]
        old, new = self._statuses
        for name in order:
            site = self.sites["tom" if name == TOM_J2 else name]
            shutil.rmtree(site.root / "_build", ignore_errors=True)
            self._run(f"full {name}", site.build_command(2 if name == TOM_J2 else 1),
                      site.env)
        for name in variants:
            self._run(f"no-change {name}", self.sites[name].build_command(),
                      self.sites[name].env)
        for name in variants:
            site = self.sites[name]
            self._set_status(name, new)
            self._run(f"change {name}", site.build_command(), site.env)
            result = statuses.verdict(site.html, self._action.id, new)
            self.samples.checks.setdefault(name, []).append(result.words())
            self.samples.stale.setdefault(name, []).append(len(result.stale))
            self.samples.shown.setdefault(name, []).append(len(result.shown))
            self.log(f"  {name} after the status change: {result.words()}")
        products = [v for v in variants if v in ("tom", BEFORE)]
        for name in products:
            self._check("check fresh", name, "-E")
        self._check("check fresh -j 1", "tom", "-E", "-j", "1")  # reading in one process
        for name in variants:
            self._set_status(name, old)  # back, so every run makes the same change
        for name in products:
            self._check("check change", name)

    def _check(self, what: str, name: str, *options: str) -> None:
        """``tom check`` of the product (``name``: tom or the earlier tom_ext)."""
        site = self.sites[name]
        command = [sys.executable, "-m", "tom_ext.cli", "-C", str(site.root), "check",
                   *options]
        self._run(f"{what}{' before' if name == BEFORE else ''}", command, site.env)


def summary(samples: Samples) -> dict[str, Any]:
    """Medians and the ratios the targets are stated in."""
    med = {k: statistics.median(v) for k, v in samples.seconds.items()}
    mem = {k: statistics.median(v) for k, v in samples.memory.items()}

    def ratio(a: str, b: str) -> float:
        return med[a] / med[b]

    return {
        "seconds": med,
        "memory_mb": mem,
        "ratios": {
            "tom change / floor change": ratio("change tom", "change floor"),
            "tom no-change / floor no-change": ratio("no-change tom", "no-change floor"),
            "tom check after a change / floor change": ratio("check change", "change floor"),
            "tom check fresh / floor-nav full": ratio("check fresh", f"full {FLOOR_NAV}"),
            "tom check fresh -j 1 / floor-nav full": ratio("check fresh -j 1",
                                                           f"full {FLOOR_NAV}"),
            "stock full / floor full": ratio("full stock", "full floor"),
            "tom full / floor full": ratio("full tom", "full floor"),
            "tom change / tom full": ratio("change tom", "full tom"),
            "tom no-change / tom full": ratio("no-change tom", "full tom"),
            "tom check fresh / tom full": ratio("check fresh", "full tom"),
            "tom check after a change / tom full": ratio("check change", "full tom"),
            "tom memory / floor memory": mem["full tom"] / mem["full floor"],
            "tom full / floor-nav full": ratio("full tom", f"full {FLOOR_NAV}"),
            "tom memory / floor-nav memory": mem["full tom"] / mem[f"full {FLOOR_NAV}"],
            "tom -j 2 / tom -j 1": ratio(f"full {TOM_J2}", "full tom"),
        },
        "correct": {name: {"stale": samples.stale[name], "shown": samples.shown[name],
                           "last": samples.checks[name][-1]}
                    for name in samples.checks},
        "before": {what: (med[f"{what} before" if what.startswith("check") else
                              f"{what} {BEFORE}"], med[what if what.startswith("check")
                                                       else f"{what} tom"])
                   for what in ("full", "no-change", "change", "check fresh", "check change")
                   if f"full {BEFORE}" in med},
    }


def run_size(n: int, runs: int, seed: int = 1, keep: Path | None = None,
             log: Callable[[str], None] = print, before: Path | None = None) -> dict[str, Any]:
    """Every measurement at ``n`` TOMs, ``runs`` times; the sites are kept in ``keep``;
    with ``before``, a folder holding an earlier ``tom_ext``, that one is measured too."""
    start = time.time()
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        runner = Runner(n, seed, work, log, before)
        pages = sum(1 for _ in generate.pages(runner.council, "tom"))
        actions = sum(1 for _ in runner.council.actions)
        log(f"{n} TOMs: {pages} pages, {actions} actions; {runs} run(s)")
        for index in range(runs):
            log(f"run {index + 1}/{runs} at {n} TOMs")
            runner.one_run(index)
        result = summary(runner.samples)
        result["samples"] = asdict(runner.samples)
    result.update({"toms": n, "pages": pages, "actions": actions, "runs": runs,
                   "seed": seed, "minutes": (time.time() - start) / 60,
                   "changed": runner._action.id})
    return result
