"""A digest, kept beside the doctrees, of what a build's files were last written from:
the same digest with the files still there means there is nothing to write again.

Used for the downloads (``exports.write_all``) and for needs.json (``needsjson``); the
file and code stamps say what a quiet build's record and the kept navigation were made from.
"""

from __future__ import annotations

import hashlib
import os
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


def file_stamp(path: Path) -> list[int]:
    """A file's size and time ([] when there is none): what a kept result was made from."""
    try:
        found = os.stat(path)
    except OSError:
        return []
    return [found.st_size, found.st_mtime_ns]


def code_stamp() -> str:
    """tom_ext's own files as installed, its templates too (each one's size and time): an
    upgrade, or an edit to an editable install, changes what the pages show."""
    root = Path(__file__).resolve().parent.parent
    stamps = sorted((str(path.relative_to(root)), path.stat().st_size, path.stat().st_mtime_ns)
                    for path in root.rglob("*")
                    if path.is_file() and "__pycache__" not in path.parts)
    return hashlib.sha256(repr(stamps).encode()).hexdigest()
