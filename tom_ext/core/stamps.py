"""A digest, kept beside the doctrees, of what a build's files were last written from:
the same digest with the files still there means there is nothing to write again.

Used for the downloads (``exports.write_all``) and for needs.json (``needsjson``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def current(stamp: Path, digest: str, outputs: Iterable[Path]) -> bool:
    """Whether every file of ``outputs`` is there and was written from ``digest``."""
    if not all(path.is_file() for path in outputs):
        return False
    try:
        return stamp.read_text(encoding="utf-8") == digest
    except OSError:
        return False


def forget(stamp: Path) -> None:
    """Before the files are written again: a build that stops half-way leaves no stamp
    that a later build with the old data could trust."""
    stamp.unlink(missing_ok=True)


def record(stamp: Path, digest: str) -> None:
    """Once the files are written in full."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, encoding="utf-8")
