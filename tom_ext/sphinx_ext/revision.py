"""``python -m tom_ext.sphinx_ext.revision ROOT REVISION``: read a git revision's needs into
the cache and print the file's path. A ``tom-changes`` baseline that is a revision runs this
in a process of its own: a Sphinx build cannot run inside another."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from tom_ext.changes.git import GitError, revision_snapshot
from tom_ext.core.project import Paths
from tom_ext.sphinx_ext.run import read_needs


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m tom_ext.sphinx_ext.revision ROOT REVISION", file=sys.stderr)
        return 2
    paths = Paths(Path(args[0]).resolve())
    try:
        print(revision_snapshot(paths.root, paths.diff_cache, args[1], read_needs))
    except GitError as err:
        print(err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
