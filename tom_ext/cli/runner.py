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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tom_ext.core.audience import AUDIENCES
from tom_ext.core.config import TomConfig
from tom_ext.core.problem import Problem
from tom_ext.core.project import AUTO_JOBS, QUIET_RECORD, Paths
from tom_ext.core.words import plural

if TYPE_CHECKING:  # the Sphinx side is imported only by a command that builds
    from tom_ext.sphinx_ext.run import Outcome


def publish(work_html: Path, published: Path, extra: Mapping[str, Path] | None = None,
            files: Mapping[str, str] | None = None) -> None:
    """Replace the published site with the finished build in two renames, so a reader
    or a web server never sees a half-written site. The site it replaces is kept aside
    (:func:`spare_of`) and brought up to date for the next publication, which then
    replaces the few files a rebuild wrote instead of linking the thousands of the site
    again. ``extra``: other finished builds to publish with it, by their folder in the
    site (the archived refreshes); ``files``: text files to add, by their path in the site
    (their switcher.json)."""
    staging = published.with_name(published.name + ".new")
    retired = published.with_name(published.name + ".old")
    built = _Tree.of(work_html)
    if not extra and not files and as_published(work_html, published, built):
        return  # a rebuild that changed nothing: the published site is this build already
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    _stage(work_html, built, published, staging)
    for folder, archive in sorted((extra or {}).items()):
        shutil.rmtree(staging / folder, ignore_errors=True)
        shutil.copytree(archive, staging / folder, ignore=shutil.ignore_patterns(".doctrees"),
                        copy_function=_reusing(archive, published / folder))
    for name, text in sorted((files or {}).items()):
        path = staging / name
        path.unlink(missing_ok=True)  # never write through a link to a published file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if published.exists():
        published.rename(retired)
    staging.rename(published)
    if retired.exists():
        retired.rename(spare_of(published))


def spare_of(published: Path) -> Path:
    """Where the site a publication replaced is kept for the next one (beside it, so that
    a rename moves it)."""
    return published.with_name(f".{published.name}.spare")


@dataclass(frozen=True, slots=True)
class _Tree:
    """The files under a folder (path from it → size and time) and its folders, the
    ``.doctrees`` left out."""

    stamps: dict[str, tuple[int, int]]
    folders: set[str]

    @classmethod
    def of(cls, top: Path) -> _Tree | None:
        """None when the folder changed while walked."""
        folders: set[str] = set()
        try:
            return cls(_stamps(top, folders), folders)
        except OSError:
            return None


def _stage(work_html: Path, built: _Tree | None, published: Path, staging: Path) -> None:
    """The finished build at ``staging``: the spare site brought up to date when there is
    one, a new tree of links and copies otherwise."""
    spare = spare_of(published)
    if spare.is_dir():
        if built is not None:
            try:
                _bring_up_to_date(spare, work_html, built, published)
                spare.rename(staging)
                return
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
        # the build changed while walked, or the spare while synced: made afresh below,
        # and the site this publication replaces becomes the spare
        shutil.rmtree(spare, ignore_errors=True)
    shutil.copytree(work_html, staging, ignore=shutil.ignore_patterns(".doctrees"),
                    copy_function=_reusing(work_html, published))


def _bring_up_to_date(tree: Path, work_html: Path, built: _Tree, published: Path) -> None:
    """Make ``tree``, an earlier publication, hold the files of ``work_html`` (``built``):
    a file the build left as it was (same size and time) stays, another is replaced —
    removed first, never written through, for it may be a link of a published file —, and
    files and folders the build no longer has go."""
    kept_folders: set[str] = set()
    kept = _stamps(tree, kept_folders)
    for name in kept.keys() - built.stamps.keys():
        os.unlink(tree / name)
    for folder in sorted(kept_folders - built.folders, reverse=True):
        shutil.rmtree(tree / folder)
    for folder in sorted(built.folders - kept_folders):
        (tree / folder).mkdir(parents=True, exist_ok=True)
    copy = _reusing(work_html, published)
    for name, stamp in built.stamps.items():
        if kept.get(name) != stamp:
            (tree / name).unlink(missing_ok=True)
            copy(str(work_html / name), str(tree / name))


#: more files than this rewritten by the build: publish without comparing their bytes
FEW_REWRITTEN = 50


def as_published(work_html: Path, published: Path, tree: _Tree | None = None) -> bool:
    """Whether the published site is the finished build already: the same files, each of
    the same size and time (a published file is a copy or a link of the build's, with its
    time) or, for the few Sphinx writes again on every build (the search index, the
    general index, its static files), the same bytes. Walking both trees costs a
    twentieth of publishing them again. ``tree``: the build's files, when walked."""
    if not published.is_dir():
        return False
    try:
        built = tree.stamps if tree is not None else _stamps(work_html)
        shown = _stamps(published)
        if built.keys() != shown.keys():
            return False
        rewritten = [name for name, stamp in built.items() if shown[name] != stamp]
        return len(rewritten) <= FEW_REWRITTEN and all(
            filecmp.cmp(work_html / name, published / name, shallow=False)
            for name in rewritten)  # which compares the sizes first
    except OSError:
        return False  # changed while walked: publish


def _stamps(top: Path, folders: set[str] | None = None) -> dict[str, tuple[int, int]]:
    """Each file under ``top`` (path from it → size and time), the ``.doctrees`` left out;
    its folders added to ``folders`` when given."""
    found = {}
    for folder, subfolders, names in os.walk(top, onerror=_raise):
        subfolders[:] = [name for name in subfolders if name != ".doctrees"]
        if folders is not None:
            folders.update(os.path.relpath(os.path.join(folder, name), top)
                           for name in subfolders)
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


def jobs_value(text: str) -> int:
    """``-j``: a number of processes, or ``auto`` (:data:`AUTO_JOBS`)."""
    if text == "auto":
        return AUTO_JOBS
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes: give 1 "
                                         "or more, or auto")
    return jobs


def add_jobs_option(command: argparse.ArgumentParser, default: str, text: str) -> None:
    command.add_argument("-j", "--jobs", type=jobs_value, default=default, metavar="N",
                         help=f"{text} with N processes, or auto: one per core of the "
                              f"machine when every extension of the site allows it "
                              f"(default: {default})")


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
