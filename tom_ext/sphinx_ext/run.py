"""One Sphinx build in this process, every warning collected: how the ``tom`` command (and a
revision read for ``tom diff``) goes into Sphinx. The command imports this only to build."""

from __future__ import annotations

import io
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sphinx.application import Sphinx
from sphinx.errors import ConfigError, SphinxError
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from tom_ext.changes.git import GitError
from tom_ext.core.needs import Site
from tom_ext.core.problem import Problem, parse, relative_path
from tom_ext.core.project import (
    AUTO_JOBS,
    NOTICES_FILE,
    Paths,
    keep_error_details,
    relative_location,
)
from tom_ext.sphinx_ext import garbage, parallel, warning_log
from tom_ext.sphinx_ext.reading import SITE_READY
from tom_ext.sphinx_ext.settings import SettingsError


class WarningLog(io.StringIO):
    """Sphinx's warning stream: what was printed, one entry per warning. The entries are
    read only for warnings given before tom_ext's record handler took over
    (:mod:`tom_ext.sphinx_ext.warning_log`); every other warning is taken from its record."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[str] = []

    def write(self, text: str) -> int:
        text = text.rstrip("\n")
        if text.strip():
            self.entries.append(text)
        return len(text)

    def isatty(self) -> bool:
        return False


def found_in(log: WarningLog, root: Path) -> list[tuple[Problem, str]]:
    """Each warning of the build as a problem and its printed line: from the records,
    after those printed before the record handler took over (one entry per warning)."""
    handler = warning_log.taken()
    if handler is None or getattr(handler.stream, "stream", None) is not log:
        kept: list[tuple[Problem, str]] = []  # tom_ext was never set up: the text is all
    else:
        kept = handler.found
    early = [relative_location(entry, root) for entry in log.entries[:len(log.entries)
                                                                     - len(kept)]]
    return [(parse(line), line) for line in early] + kept


class Steps(Protocol):
    """What a command shows of a build's progress (:class:`tom_ext.cli.progress.Progress`)."""

    def step(self, what: str, total: int | None = None) -> None: ...
    def advance(self) -> None: ...
    def clear(self) -> None: ...


def report_progress(app: Sphinx, steps: Steps) -> None:
    """The build's steps, as Sphinx's events say them: pages read, then resolved or
    written (a parallel build counts its pages as they come back)."""
    writing = "writing pages" if app.builder.format == "html" else "checking pages"

    def reading(_app: Sphinx, _env: Any, docnames: list[str]) -> None:
        if docnames:
            steps.step("reading pages", len(docnames))

    def read_here(*_: Any) -> None:
        if os.getpid() == here:  # a process reading in parallel has its own count
            steps.advance()

    def read_there(_app: Sphinx, _env: Any, docnames: set[str], _other: Any) -> None:
        for _docname in docnames:
            steps.advance()

    here = os.getpid()
    app.connect("env-before-read-docs", reading)
    app.connect("doctree-read", read_here)
    app.connect("env-merge-info", read_there)
    app.connect("env-updated", lambda *_: steps.step("linking the pages and views"))
    app.connect("write-started", lambda *_: steps.step(writing))
    app.connect("doctree-resolved", lambda *_: steps.advance())
    app.connect("build-finished", lambda *_: steps.clear(), priority=900)


@dataclass
class Outcome:
    found: list[tuple[Problem, str]]
    """Each warning, as a problem and as printed (paths relative to the site's folder)."""
    seconds: float
    error: str = ""
    noticed: list[tuple[Problem, str]] = field(default_factory=list)
    error_listed: bool = False
    """The error sums up warnings already in ``found`` (it is not a problem of its own)."""
    error_kind: str = ""
    """What stopped the build: ``config`` (conf.py), ``build`` (Sphinx), ``stopped``
    (Ctrl-C), ``file`` (the disk) or ``internal``."""

    @property
    def problem_count(self) -> int:
        return len(self.found) + bool(self.error and not self.error_listed)

    @property
    def warnings(self) -> list[str]:
        return [line for _problem, line in self.found]

    @property
    def notices(self) -> list[str]:
        return [line for _problem, line in self.noticed]

    @property
    def ok(self) -> bool:
        return not self.found and not self.error


def run_sphinx(
    paths: Paths,
    builder: str,
    outdir: Path,
    doctreedir: Path,
    *,
    jobs: int = 1,
    quiet: bool = True,
    fresh: bool = False,
    confoverrides: dict[str, Any] | None = None,
    prepare: Callable[[Sphinx], None] | None = None,
    on_site: Callable[[Sphinx, Site], None] | None = None,
    steps: Steps | None = None,
    last_in_process: bool = False,
) -> Outcome:
    """Run one Sphinx build in this process and collect every warning it gives.
    ``prepare`` may connect to the application's events before it builds; ``on_site`` is
    given the site once every page is read (as its audience sees it); ``steps`` is told
    what the build is doing as it does it (not with Sphinx's own output, ``quiet=False``);
    ``last_in_process``: the process ends after this build (see :func:`garbage.lean`);
    ``jobs``: processes, or :data:`AUTO_JOBS` for one per core when worth it
    (:func:`parallel.choose_processes`)."""
    nocolor()
    log = WarningLog()
    status = None if quiet else sys.stdout
    start = time.perf_counter()
    try:
        with (patch_docutils(paths.root), docutils_namespace(),
              garbage.lean(keep_frozen=last_in_process)):
            with garbage.loading():
                app = Sphinx(
                    str(paths.source), str(paths.root), str(outdir), str(doctreedir),
                    builder, confoverrides=confoverrides or {}, status=status,
                    warning=log, freshenv=fresh, parallel=jobs or os.cpu_count() or 1,
                    keep_going=True,
                )
            if jobs == AUTO_JOBS:
                parallel.choose_processes(app)
            garbage.freeze_after_reading(
                app, collect=not (last_in_process and builder == "dummy"))
            if steps is not None and quiet:
                report_progress(app, steps)
            if prepare is not None:
                prepare(app)
            if on_site is not None:
                app.connect(SITE_READY, on_site)
            app.build()
    except (Exception, KeyboardInterrupt) as err:  # said in words, never a traceback
        kind, said = stopped_by(err, doctreedir, paths.root)
        return Outcome(found_in(log, paths.root), time.perf_counter() - start, said,
                       error_listed=isinstance(err, SettingsError), error_kind=kind)
    finally:
        if steps is not None:
            steps.clear()
    return Outcome(found_in(log, paths.root), time.perf_counter() - start,
                   noticed=read_notices(doctreedir, paths.root))


def stopped_by(err: BaseException, doctreedir: Path, root: Path) -> tuple[str, str]:
    """What stopped the build (:attr:`Outcome.error_kind`) and what the author is told."""
    if isinstance(err, SphinxError):
        return ("config" if isinstance(err, ConfigError) else "build"), \
            f"{err.category}: {err}"
    if isinstance(err, KeyboardInterrupt):
        return "stopped", "Stopped (Ctrl-C) before the build ended."
    if isinstance(err, OSError):  # the machine's, not the pages' or the code's
        return "file", (f"A file could not be read or written: {err}. Free space on the "
                        "disk, or let this user write to the site's folder, and build again.")
    return "internal", internal_error(err, doctreedir, root)


def internal_error(err: BaseException, doctreedir: Path, root: Path) -> str:
    """What the author is told of an exception nothing expected: that it is not in their
    pages, and the file with the details for whoever maintains the site."""
    detail = "".join(traceback.format_exception(err))
    shown = keep_error_details(doctreedir, root, detail)
    where = f"the details are in {shown}" if shown else f"the details:\n{detail}"
    return (f"Internal error: {type(err).__name__}: {err}. This is a fault in Golden Thread "
            f"or another extension, not in your pages; {where}: send them to whoever "
            "maintains the site.")


def read_notices(doctreedir: Path, root: Path) -> list[tuple[Problem, str]]:
    """The build's notices (never failures), each as a problem and as printed:
    ``file:line: notice: message [type]``."""
    try:
        items = json.loads((doctreedir / NOTICES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    noticed = []
    resolved: dict[str, str] = {}  # many notices share a page: each path resolved once
    for item in items:
        written = str(item["path"])
        if written not in resolved:
            resolved[written] = relative_path(written, root)
        path = resolved[written]
        problem = Problem(path, int(item["line"]), "notice", item["message"], item["type"])
        noticed.append((problem, f"{path}:{problem.line}: notice: {problem.message} "
                                 f"[{problem.type}]"))
    return noticed


def read_needs(root: Path, out: Path, what: str, steps: Steps | None = None) -> int:
    """Read every page of the site in ``root`` with sphinx-needs' ``needs`` builder into
    ``out/needs.json``; the number of warnings. Raises :class:`GitError` when the site
    cannot be read at all (the reader :func:`tom_ext.changes.git.revision_snapshot`
    takes)."""
    try:
        if steps is not None:
            steps.step(f"reading {what}")
        outcome = run_sphinx(Paths(root), "needs", out, out / "doctrees", quiet=True,
                             confoverrides={"tom_draw": False}, steps=steps)
    except Exception as err:  # a broken conf.py or extension of the revision
        raise GitError(f"the site of {what} could not be read: {err}") from err
    if outcome.error or not (out / "needs.json").is_file():
        # what stopped it (a setting of its conf.py, say) is among its warnings
        why = "; ".join([*outcome.warnings[:3], outcome.error or "no needs.json was written"])
        raise GitError(f"the site of {what} could not be read: {why}")
    return len(outcome.warnings)


def serve(argv: list[str]) -> None:
    """sphinx-autobuild with ``argv``: a live preview that builds again on every save."""
    from sphinx_autobuild.__main__ import main as autobuild

    autobuild(argv)
