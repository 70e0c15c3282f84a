"""The needs of a git revision, read once per commit and kept under ``_build/.diff/``.

A revision's tree is exported with ``git archive`` and read by a function the caller gives
(the Sphinx side's ``needs`` builder, which reads every page and writes ``needs.json``
without any HTML): this module runs git and keeps the cache, and never imports Sphinx.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from tom_ext.changes import snapshot
from tom_ext.version import __version__

#: reads the site in a folder into ``out/needs.json``; returns its number of warnings
#: (its own problems) and raises :class:`GitError` when the site cannot be read at all
ReadSite = Callable[[Path, Path, str], int]


class GitError(Exception):
    """A revision that cannot be read; the message says why and what to do."""


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError as err:
        raise GitError("git is not installed; give two needs.json files instead") from err
    if done.returncode:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout.strip()


def resolve_revision(root: Path, revision: str) -> tuple[str, str]:
    """The commit a revision names, and the site's folder inside the repository."""
    try:
        prefix = git(root, "rev-parse", "--show-prefix")
    except subprocess.CalledProcessError as err:
        raise GitError(f"{root} is not in a git repository, so {revision!r} names no "
                       "revision; compare two needs.json files instead") from err
    try:
        sha = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{revision}^{{commit}}")
    except subprocess.CalledProcessError as err:
        raise GitError(f"unknown revision {revision!r}: no branch, tag or commit of this "
                       "repository has that name (a shallow clone may lack it: fetch it "
                       "first, e.g. git fetch origin main)") from err
    return sha, prefix.rstrip("/")


def cache_key(sha: str, prefix: str) -> str:
    return f"{snapshot.FORMAT}.{snapshot.CACHE_FORMAT}:{__version__}:{prefix}:{sha}"


def cached(cache_dir: Path, sha: str, prefix: str) -> Path | None:
    """The cached needs.json of a commit, if this version of Golden Thread wrote it."""
    cache = cache_dir / f"{sha}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return cache if data[snapshot.KEY]["cache"] == cache_key(sha, prefix) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def revision_snapshot(root: Path, cache_dir: Path, revision: str, read_site: ReadSite) -> Path:
    """The cached needs.json of the commit ``revision`` names, read from its tree with
    ``read_site`` when not cached yet."""
    sha, prefix = resolve_revision(root, revision)
    return commit_snapshot(root, cache_dir, (sha, prefix), revision, read_site)


def commit_snapshot(root: Path, cache_dir: Path, commit: tuple[str, str], revision: str,
                    read_site: ReadSite) -> Path:
    """:func:`revision_snapshot` of a resolved ``(sha, prefix)``."""
    sha, prefix = commit
    found = cached(cache_dir, sha, prefix)
    if found is not None:
        return found
    conf = f"{prefix}/conf.py" if prefix else "conf.py"
    try:
        git(root, "cat-file", "-e", f"{sha}:{conf}")
    except subprocess.CalledProcessError as err:
        raise GitError(f"revision {revision!r} has no {conf}: the site did not exist there "
                       "yet") from err
    with tempfile.TemporaryDirectory(prefix="tom-diff-") as tmp:
        tree, out = Path(tmp) / "tree", Path(tmp) / "out"
        export_tree(root, sha, prefix, tree)
        problems = read_site(tree, out, f"revision {revision!r}")
        data = snapshot.compact(json.loads((out / "needs.json").read_text(encoding="utf-8")))
    data[snapshot.KEY] = {**data.get(snapshot.KEY, {}), "cache": cache_key(sha, prefix),
                          "revision": sha, "problems": problems}
    cache = cache_dir / f"{sha}.json"
    snapshot.write_json(cache, data)
    return cache


def label(revision: str, sha: str) -> str:
    """How a revision is named in a diff: its short commit, after the name given if other."""
    return sha[:7] if sha.startswith(revision) else f"{revision} ({sha[:7]})"


def export_tree(root: Path, sha: str, prefix: str, dest: Path) -> None:
    """The commit's tree of the site's folder, extracted into ``dest``."""
    dest.mkdir(parents=True)
    top = git(root, "rev-parse", "--show-toplevel")  # archive paths are from the top
    command = ["git", "archive", "--format=tar", f"{sha}:{prefix}"]
    with subprocess.Popen(command, cwd=top, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        problem = ""
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
                archive.extractall(dest, filter="data")
        except tarfile.TarError as err:
            problem = str(err)
        error = proc.stderr.read().decode(errors="replace").strip()
    if proc.returncode or problem:
        raise GitError(f"cannot export commit {sha[:7]}: {error or problem}")
