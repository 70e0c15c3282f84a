"""Files written whole or not at all: a reader (a browser, the next build, a layer lead's
Excel) never sees half a file, and a failure leaves the last good one in place."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A file beside ``path`` to write, put in its place in one rename when the block ends
    well and removed when it does not. Its name starts with a dot and holds the
    process's number, so two processes never write the same one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
