"""What every command that builds shares: publishing a finished build in one step, printing
the outcome, forgetting a failed build's environment, and conf.py's settings read once."""

from __future__ import annotations

import argparse
import filecmp
import os
import runpy
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tom_ext.core.audience import AUDIENCES
from tom_ext.core.config import TomConfig
from tom_ext.core.problem import Problem
from tom_ext.core.project import QUIET_RECORD, Paths
from tom_ext.core.words import plural

if TYPE_CHECKING:  # the Sphinx side is imported only by a command that builds
    from tom_ext.sphinx_ext.run import Outcome


def publish(work_html: Path, published: Path, extra: Mapping[str, Path] | None = None,
            files: Mapping[str, str] | None = None) -> None:
    """Replace the published site with the finished build in two renames, so a reader
    or a web server never sees a half-written site. ``extra``: other finished builds to
    publish with it, by their folder in the site (the archived refreshes); ``files``: text
    files to add, by their path in the site (their switcher.json)."""
    staging = published.with_name(published.name + ".new")
    retired = published.with_name(published.name + ".old")
    if not extra and not files and as_published(work_html, published):
        return  # a rebuild that changed nothing: the published site is this build already
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(work_html, staging, ignore=shutil.ignore_patterns(".doctrees"),
                    copy_function=_reusing(work_html, published))
    for folder, built in sorted((extra or {}).items()):
        shutil.copytree(built, staging / folder, ignore=shutil.ignore_patterns(".doctrees"),
                        copy_function=_reusing(built, published / folder))
    for name, text in sorted((files or {}).items()):
        path = staging / name
        path.unlink(missing_ok=True)  # never write through a link to a published file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if published.exists():
        published.rename(retired)
    staging.rename(published)
    if retired.exists():
        shutil.rmtree(retired)


#: more files than this rewritten by the build: publish without comparing their bytes
FEW_REWRITTEN = 50


def as_published(work_html: Path, published: Path) -> bool:
    """Whether the published site is the finished build already: the same files, each of
    the same size and time (a published file is a copy or a link of the build's, with its
    time) or, for the few Sphinx writes again on every build (the search index, the
    general index, its static files), the same bytes. Walking both trees costs a
    twentieth of publishing them again."""
    if not published.is_dir():
        return False
    try:
        built, shown = _stamps(work_html), _stamps(published)
        if built.keys() != shown.keys():
            return False
        rewritten = [name for name, stamp in built.items() if shown[name] != stamp]
        return len(rewritten) <= FEW_REWRITTEN and all(
            filecmp.cmp(work_html / name, published / name, shallow=False)
            for name in rewritten)  # which compares the sizes first
    except OSError:
        return False  # changed while walked: publish


def _stamps(top: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for folder, subfolders, names in os.walk(top, onerror=_raise):
        subfolders[:] = [name for name in subfolders if name != ".doctrees"]
        for name in names:
            path = os.path.join(folder, name)
            stat = os.stat(path)
            found[os.path.relpath(path, top)] = (stat.st_size, stat.st_mtime_ns)
    return found


def _raise(error: OSError) -> None:
    raise error


def _reusing(work_html: Path, published: Path) -> Callable[[str, str], object]:
    """Copy a file into the staged site, or link the published one when the build left it
    as it was (same size and time): a rebuild writes a few pages of a site of thousands.
    Only published files are linked, never the build's own, which Sphinx rewrites in
    place; a published file is never written, only replaced by the next publication."""

    def copy(src: str, dst: str) -> object:
        old = published / os.path.relpath(src, work_html)
        try:
            new, was = os.stat(src), os.stat(old)
            if (new.st_size, new.st_mtime_ns) == (was.st_size, was.st_mtime_ns):
                os.link(old, dst)
                return dst
        except OSError:
            pass  # not published yet, or no hard links here: copy
        return shutil.copy2(src, dst)

    return copy


def audience_override(paths: Paths) -> dict[str, Any]:
    return {} if paths.audience == "intranet" else {"tom_audience": paths.audience}


def add_audience_option(command: argparse.ArgumentParser, text: str) -> None:
    command.add_argument("--audience", choices=AUDIENCES, default="intranet", help=text)


def forget_environment(doctreedir: Path) -> None:
    """After a build with warnings, the next one re-reads every page, so that the warnings
    of pages that did not change are given again instead of silently passing."""
    (doctreedir / "environment.pickle").unlink(missing_ok=True)
    (doctreedir / QUIET_RECORD).unlink(missing_ok=True)


def print_outcome(outcome: Outcome, stream: Any = None, *, notices: bool = True) -> None:
    """The problems in the order of the files and lines they are on, then the notices."""
    for _problem, line in sorted(outcome.found, key=lambda found: _place(found[0])):
        print(line, file=stream or sys.stderr)
    if notices:
        for entry in outcome.notices:
            print(entry, file=stream or sys.stdout)
    if outcome.error:
        print(outcome.error, file=stream)


def _place(problem: Problem) -> tuple[str, int]:
    return problem.path, problem.line


def notices_note(outcome: Outcome, listed: bool) -> str:
    count = len(outcome.notices)
    if not count:
        return ""
    note = plural(count, "notice")
    return f"; {note}" if listed else f"; {note} (--notices lists them)"


def site_settings(root: Path) -> TomConfig:
    """The ``tom_*`` settings of the site's conf.py, for a command that does not build
    (``tom new``, ``tom diff`` of needs.json files), which runs conf.py once."""
    namespace = runpy.run_path(str(root / "conf.py"))
    return TomConfig(**{name: namespace[f"tom_{name}"]
                        for name in TomConfig.__dataclass_fields__
                        if f"tom_{name}" in namespace})
