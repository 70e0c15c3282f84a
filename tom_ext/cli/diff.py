"""``tom diff``: what changed in the TOMs between two revisions, needs.json files or the
files on disk, in words (text, Markdown for a merge request, JSON)."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tom_ext.changes import git, snapshot, words
from tom_ext.changes.diff import Snapshot, diff
from tom_ext.cli.progress import Progress
from tom_ext.cli.runner import site_settings
from tom_ext.core import versions
from tom_ext.core.project import Paths

WORKTREE = "the working tree"

DIFF_EXAMPLES = """\
examples:
  tom diff HEAD                  what your uncommitted changes do to the TOMs
  tom diff main                  this branch's files against main
  tom diff 2023-2025 HEAD        a version conf.py names (tom_versions) against HEAD
  tom diff v2026-09 HEAD --format markdown --output tom-diff.md
  tom diff board.json _build/html/needs.json

exit status: 0, also when something changed (with --exit-code: 1 when something
changed, 0 when nothing did); 2 when a side cannot be read.
"""


@dataclass(frozen=True, slots=True)
class Side:
    snapshot: Snapshot
    problems: int = 0
    """Warnings reading the site gave (its own problems; ``tom check`` lists them)."""


def is_needs_json(spec: str) -> bool:
    return spec.endswith(".json") or Path(spec).is_file()


def read_side(paths: Paths, spec: str | None, settings: dict[str, Any]) -> Side:
    """``None``: the working tree; a ``.json`` path or an existing file: a needs.json;
    anything else: a git revision. ``settings`` (departments, framework) are used for a
    needs.json that does not carry its own."""
    if spec is None:
        return _read_worktree(paths)
    if is_needs_json(spec):
        path = Path(spec)
        if not path.is_file():
            raise git.GitError(f"no such needs.json file: {spec}")
        try:
            return Side(snapshot.load(path, spec, **settings))
        except snapshot.SnapshotError as err:
            raise git.GitError(str(err)) from err
    return _read_revision(paths, spec)


def _read_worktree(paths: Paths) -> Side:
    """The site as it is on disk, uncommitted changes included (read incrementally)."""
    from tom_ext.sphinx_ext.run import read_needs

    out = paths.diff_cache / "worktree"
    problems = read_needs(paths.root, out, WORKTREE, Progress("tom diff"))
    data = json.loads((out / "needs.json").read_text(encoding="utf-8"))
    return Side(snapshot.read(data, WORKTREE), problems)


def _read_revision(paths: Paths, revision: str) -> Side:
    from tom_ext.sphinx_ext.run import read_needs

    named = _version_named(paths, revision)
    if named is not None:
        revision = named.revision
    sha, prefix = git.resolve_revision(paths.root, revision)
    steps = Progress("tom diff")
    cache = git.commit_snapshot(paths.root, paths.diff_cache, (sha, prefix), revision,
                                lambda tree, out, what: read_needs(tree, out, what, steps))
    data = json.loads(cache.read_text(encoding="utf-8"))
    label = f"{named.title} ({sha[:7]})" if named else git.label(revision, sha)
    return Side(snapshot.read(data, label), int(data[snapshot.KEY].get("problems", 0)))


def _version_named(paths: Paths, name: str) -> versions.Version | None:
    """The earlier refresh conf.py names ``name`` (tom_versions), if any: ``tom diff
    2023-2025`` compares with it."""
    if not (paths.root / "conf.py").is_file():
        return None
    try:
        found = versions.read(site_settings(paths.root).versions)
    except Exception:  # a revision's diff must not depend on conf.py running here
        return None
    return next((v for v in found if v.name == name), None)


def _settings_for_plain_json(paths: Paths) -> dict[str, Any]:
    """conf.py's framework and departments, for a needs.json that lacks its own."""
    try:
        settings = site_settings(paths.root)
    except Exception:  # a needs.json diff must not depend on conf.py running here
        return {}
    return {"framework": settings.framework, "departments": settings.departments}


def cmd_diff(args: argparse.Namespace, paths: Paths) -> int:
    specs = [args.old, args.new]
    plain = any(spec and is_needs_json(spec) for spec in specs)
    settings = _settings_for_plain_json(paths) if plain else {}
    try:
        sides = [read_side(paths, spec, settings) for spec in specs]
    except git.GitError as err:
        print(f"tom diff: {err}", file=sys.stderr)
        return 2
    for side in sides:
        if side.problems:
            many = side.problems != 1
            print(f"tom diff: note: {side.snapshot.label} has {side.problems} "
                  f"problem{'s' * many} (tom check lists {'them' if many else 'it'}); "
                  "compared as read.", file=sys.stderr)
    result = diff(sides[0].snapshot, sides[1].snapshot)
    text = words.render(result, args.format)
    if args.output:
        target = Path(args.output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        what = words.summary(result) if not result.empty else "no changes to TOMs."
        print(f"tom diff: wrote {args.output}: {what}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return int(args.exit_code and not result.empty)


def add_diff_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "diff", help="what changed in the TOMs between two revisions or needs.json files",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=DIFF_EXAMPLES,
        description=textwrap.fill(  # the raw formatter keeps the epilog's layout
            "Summarise what changed in the TOMs between two versions of the site: needs "
            "added, removed, renamed (same title and text under a new ID) and changed, "
            "with each changed field old → new (a worsened status, a slipped due date and "
            "by how many days), links added and removed, and coverage cells whose state "
            "changed, grouped by department, TOM and layer. OLD and NEW are git revisions "
            "(branch, tag, commit), the name of an earlier refresh that conf.py's "
            "tom_versions gives, or needs.json files; without NEW, OLD is compared with "
            "the files on disk, uncommitted changes included. Only the needs data is read, "
            "no HTML is built; a revision is read once and cached under _build/.diff/.",
            80))
    parser.add_argument("old", metavar="OLD",
                        help="git revision, earlier refresh (tom_versions) or needs.json file")
    parser.add_argument("new", metavar="NEW", nargs="?", default=None,
                        help="git revision or needs.json file (default: the files on disk)")
    parser.add_argument("--format", choices=words.FORMATS, default="text",
                        help="text (default); markdown: for a merge-request comment; json")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="write the summary to FILE (relative to the current folder) "
                             "instead of the standard output")
    parser.add_argument("--exit-code", action="store_true",
                        help="exit 1 when something changed, like git diff --exit-code")
    parser.set_defaults(func=cmd_diff)
