"""What a long command is doing while it does it: a live line on a terminal, a line per
step in a CI log, nothing when asked (``TOM_PROGRESS=none``) or when nobody is watching.

Written here rather than taken from tqdm or rich: a command has a handful of steps with
known counts, and both libraries would be a dependency for one line of output (rich alone
is larger than the rest of the command line)."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

MODES = ("bar", "lines", "none")
#: a live line is redrawn at most this often (seconds)
REDRAW = 0.1


def chosen_mode(stream: TextIO) -> str:
    """``TOM_PROGRESS`` when set; else a live line on a terminal, lines in a CI job (which
    sets ``CI``), nothing otherwise (a pipe, a test)."""
    asked = os.environ.get("TOM_PROGRESS", "").strip().lower()
    if asked in MODES:
        return asked
    if stream.isatty():
        return "bar"
    return "lines" if os.environ.get("CI") else "none"


class Progress:
    """Steps (``step``), each with its items counted (``advance``), said on ``stream``."""

    def __init__(self, command: str, stream: TextIO | None = None,
                 mode: str | None = None) -> None:
        self.command = command
        self.stream = stream or sys.stderr
        self.mode = mode or chosen_mode(self.stream)
        self.what = ""
        self.total: int | None = None
        self.count = 0
        self.next_line = 0
        self.drawn = 0.0

    def step(self, what: str, total: int | None = None) -> None:
        """A new step: ``what`` ("reading pages"), of ``total`` items when known."""
        self.clear()
        self.what, self.total, self.count = what, total, 0
        self.next_line = self._quarter(1)
        if self.mode == "lines":
            of = f" ({total})" if total else ""
            self._print(f"{self.command}: {what}{of} …")
        self._draw(force=True)

    def advance(self) -> None:
        self.count += 1
        if self.mode == "lines" and self.total and self.count >= self.next_line:
            self._print(f"{self.command}: {self.what}: {self.count} of {self.total}")
            self.next_line = self._quarter(self.count * 4 // self.total + 1)
        self._draw()

    def clear(self) -> None:
        """Take the live line away (before the command prints its outcome)."""
        if self.mode == "bar" and self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = 0.0

    def _quarter(self, n: int) -> int:
        """The count at which the ``n``-th quarter of the step is done."""
        return max(1, -(-(self.total or 0) * n // 4)) if self.total else 0

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.mode != "bar" or (not force and now - self.drawn < REDRAW):
            return
        count = f" {self.count}/{self.total}" if self.total else (
            f" {self.count}" if self.count else "")
        self.stream.write(f"\r\033[K{self.command}: {self.what}{count} …")
        self.stream.flush()
        self.drawn = now

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)
