"""The needs of a git revision, the working tree or a needs.json file, as one side of a diff.

A revision's tree is exported with ``git archive`` and read with sphinx-needs' ``needs``
builder, which reads every page and writes ``needs.json`` without writing any HTML. The
result is cached per commit under ``_build/.diff/``, so a revision is read once.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import snapshot
from .diff import Snapshot

if TYPE_CHECKING:
    from .cli import Paths

CACHE_DIR = ".diff"
WORKTREE = "the working tree"


class SideError(Exception):
    """A side of a diff that cannot be read; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Side:
    snapshot: Snapshot
    problems: int = 0
    """Warnings reading the site gave (its own problems; ``tom check`` lists them)."""


def read_side(paths: Paths, spec: str | None, settings: dict[str, Any]) -> Side:
    """``None``: the working tree; a ``.json`` path or an existing file: a needs.json;
    anything else: a git revision. ``settings`` (departments, framework) are used for a
    needs.json that does not carry its own."""
    if spec is None:
        return read_worktree(paths)
    if spec.endswith(".json") or Path(spec).is_file():
        path = Path(spec)
        if not path.is_file():
            raise SideError(f"no such needs.json file: {spec}")
        try:
            return Side(snapshot.load(path, spec, **settings))
        except snapshot.SnapshotError as err:
            raise SideError(str(err)) from err
    return read_revision(paths, spec)


def read_worktree(paths: Paths) -> Side:
    """The site as it is on disk, uncommitted changes included (read incrementally)."""
    out = paths.build / CACHE_DIR / "worktree"
    problems = _read_site(paths, out, WORKTREE)
    data = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    return Side(snapshot.read(data, WORKTREE), problems)


def read_revision(paths: Paths, revision: str) -> Side:
    sha, prefix = resolve_revision(paths.root, revision)
    label = sha[:7] if sha.startswith(revision) else f"{revision} ({sha[:7]})"
    cache = revision_snapshot(paths, sha, prefix, revision)
    data = json.loads(cache.read_text(encoding="utf-8"))
    return Side(snapshot.read(data, label), int(data[snapshot.KEY].get("problems", 0)))


def git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              check=False)
    except FileNotFoundError as err:
        raise SideError("git is not installed; give two needs.json files instead") from err
    if done.returncode:
        raise subprocess.CalledProcessError(done.returncode, args, done.stdout, done.stderr)
    return done.stdout.strip()


def resolve_revision(root: Path, revision: str) -> tuple[str, str]:
    """The commit a revision names, and the site's folder inside the repository."""
    try:
        prefix = git(root, "rev-parse", "--show-prefix")
    except subprocess.CalledProcessError as err:
        raise SideError(f"{root} is not in a git repository, so {revision!r} names no "
                        "revision; compare two needs.json files instead") from err
    try:
        sha = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{revision}^{{commit}}")
    except subprocess.CalledProcessError as err:
        raise SideError(f"unknown revision {revision!r}: no branch, tag or commit of this "
                        "repository has that name (a shallow clone may lack it: fetch it "
                        "first, e.g. git fetch origin main)") from err
    return sha, prefix.rstrip("/")


def cache_key(sha: str, prefix: str) -> str:
    from . import __version__

    return f"{snapshot.FORMAT}:{__version__}:{prefix}:{sha}"


def cached(paths: Paths, sha: str, prefix: str) -> Path | None:
    """The cached needs.json of a commit, if this version of Golden Thread wrote it."""
    cache = paths.build / CACHE_DIR / f"{sha}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return cache if data[snapshot.KEY]["cache"] == cache_key(sha, prefix) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def revision_snapshot(paths: Paths, sha: str, prefix: str, revision: str) -> Path:
    """The cached needs.json of a commit, read from its tree when not cached yet."""
    found = cached(paths, sha, prefix)
    if found is not None:
        return found
    cache = paths.build / CACHE_DIR / f"{sha}.json"
    key = cache_key(sha, prefix)
    conf = f"{prefix}/conf.py" if prefix else "conf.py"
    try:
        git(paths.root, "cat-file", "-e", f"{sha}:{conf}")
    except subprocess.CalledProcessError as err:
        raise SideError(f"revision {revision!r} has no {conf}: the site did not exist there "
                        "yet") from err
    with tempfile.TemporaryDirectory(prefix="tom-diff-") as tmp:
        tree = Path(tmp) / "tree"
        _export(paths.root, sha, prefix, tree)
        from .cli import Paths as SitePaths

        out = Path(tmp) / "out"
        problems = _read_site(SitePaths(tree), out, f"revision {revision!r}")
        data = snapshot.compact(json.loads((out / "needs.json").read_text(encoding="utf-8")))
    data[snapshot.KEY] = {**data.get(snapshot.KEY, {}), "cache": key, "revision": sha,
                          "problems": problems}
    snapshot.write_json(cache, data)
    return cache


def _export(root: Path, sha: str, prefix: str, dest: Path) -> None:
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
        raise SideError(f"cannot export commit {sha[:7]}: {error or problem}")


def _read_site(paths: Paths, out: Path, what: str) -> int:
    """Read every page with the ``needs`` builder into ``out/needs.json``; the number of
    warnings. Raises :class:`SideError` when the site cannot be read at all."""
    from .cli import run_sphinx

    try:
        outcome = run_sphinx(paths, "needs", out, out / "doctrees", quiet=True,
                             confoverrides={"tom_draw": False})
    except Exception as err:  # a broken conf.py or extension of the revision
        raise SideError(f"the site of {what} could not be read: {err}") from err
    if outcome.error or not (out / "needs.json").is_file():
        raise SideError(f"the site of {what} could not be read: "
                        f"{outcome.error or 'no needs.json was written'}")
    return len(outcome.warnings)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tom_ext.revisions ROOT REVISION``: cache a revision's needs and print
    the path (what a build runs for a ``tom-changes`` baseline that is a revision)."""
    from .cli import Paths as SitePaths

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m tom_ext.revisions ROOT REVISION", file=sys.stderr)
        return 2
    paths = SitePaths(Path(args[0]).resolve())
    try:
        sha, prefix = resolve_revision(paths.root, args[1])
        print(revision_snapshot(paths, sha, prefix, args[1]))
    except SideError as err:
        print(err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
