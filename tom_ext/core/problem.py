"""One problem or notice of a build, where it is and of which kind: what the command prints,
sorts and turns into the CI formats, without reading it back from text."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    """Relative to the site's folder ("" when the problem has no file)."""
    line: int
    severity: str
    """``error`` fails the check; ``notice`` does not."""
    message: str
    type: str
    """``tom.bad_value``, ``myst.header``, … ("" when the message gave none)."""


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root`` (symbolic links resolved: the handbook's pages are
    read through ``source/handbook``); an outside path as it is."""
    if not os.path.isabs(path):
        return path
    try:
        return Path(os.path.realpath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def split_location(location: str) -> tuple[str, int]:
    """``/path/page.md:12`` → (path, 12); ``/path/page.md`` → (path, 0)."""
    path, colon, line = location.rpartition(":")
    if colon and line.isdigit():
        return path, int(line)
    return location, 0


_ENTRY = re.compile(
    r"^(?:(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: )?"
    r"(?P<level>WARNING|ERROR|CRITICAL|notice): (?P<message>.*?)"
    r"(?: \[(?P<type>[\w.-]+)\])?$", re.S)


def parse(entry: str) -> Problem:
    """One printed line of a warning (or a notice) as a problem: for the few warnings
    given before tom_ext's record handler is in place (see ``sphinx_ext/warning_log.py``)."""
    match = _ENTRY.match(entry.strip())
    if not match:
        return Problem("", 0, "error", entry.strip(), "")
    return Problem(
        path=match.group("path") or "",
        line=int(match.group("line") or 0),
        severity="notice" if match.group("level") == "notice" else "error",
        message=match.group("message").strip(),
        type=match.group("type") or "",
    )
