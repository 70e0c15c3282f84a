"""Where a site's files are: its inputs, and the folders and files each kind of build writes."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

SOURCE_DIR = "source"
BUILD_DIR = "_build"
#: the notices of the last build (never failures), for the ``tom`` command: in the doctrees
NOTICES_FILE = "tom-notices.json"
#: ``-j auto``: one process per core of the machine, when every extension allows it
AUTO_JOBS = 0
#: beside the doctrees: what the last build that ended well needs the next to know to be
#: quiet (``tom_ext.sphinx_ext.quiet``); forgotten with the environment
QUIET_RECORD = "tom-quiet.json"
#: where the details of an error in the code (not the pages) are written, beside the doctrees
ERROR_LOG = "tom-error.log"
#: needs.json of git revisions, read once per commit by ``tom diff`` and ``tom-changes``
DIFF_CACHE_DIR = ".diff"

_LOCATION = re.compile(r"^(?P<path>/[^:\n]+?)(?P<line>:\d+)?: ")


@dataclass
class Paths:
    """Where a project's inputs are and where a build writes (each audience its own)."""

    root: Path
    audience: str = "intranet"

    @property
    def suffix(self) -> str:
        return "" if self.audience == "intranet" else f"-{self.audience}"

    @property
    def source(self) -> Path:
        return self.root / SOURCE_DIR

    @property
    def build(self) -> Path:
        return self.root / BUILD_DIR

    @property
    def published(self) -> Path:
        return self.build / ("html" if self.audience == "intranet" else self.audience)

    @property
    def work(self) -> Path:
        """The incremental build's own output, published by copy only when it is clean."""
        return self.build / f".work{self.suffix}"

    @property
    def check(self) -> Path:
        return self.build / f".check{self.suffix}"

    @property
    def diff_cache(self) -> Path:
        return self.build / DIFF_CACHE_DIR


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds ``conf.py`` and ``source/``."""
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file() and (folder / SOURCE_DIR).is_dir():
            return folder
    return None


def relative_location(message: str, root: Path) -> str:
    """``/abs/root/source/handbook/x.md:3: …`` → ``docs/x.md:3: …`` (links resolved)."""
    match = _LOCATION.match(message)
    if not match:
        return message
    path = Path(os.path.realpath(match.group("path")))
    try:
        shown = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return message
    return f"{shown}{match.group('line') or ''}: {message[match.end():]}"


def keep_error_details(doctreedir: Path, root: Path, detail: str) -> str | None:
    """Write what went wrong in the code (a traceback) to :data:`ERROR_LOG` beside the
    doctrees, which a CI job keeps with the build; its path from ``root``, or None when it
    could not be written."""
    log = doctreedir / ERROR_LOG
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(detail, encoding="utf-8")
        return log.resolve().relative_to(root.resolve()).as_posix()
    except (OSError, ValueError):
        return None
