"""Section templates made in Sphinx's writer processes (``-j N``) handed back to the build's
own process: Sphinx forks the writers after reading and keeps nothing they made, so without
this the sidebars kept for the next build were only those of the pages the build's own
process wrote, and the first rebuild after a parallel build rendered every other section
with the theme again (1 s at 150 TOMs). A writer appends each template it makes to a file of
its own beside the doctrees; the build's process takes them in before it keeps the store."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

#: a writer's file, by its process ID, in the doctree folder
PREFIX = ".tom-navigation-made."


class Templates(dict[tuple[Any, ...], Any]):
    """The build's section templates; one made in another process than ``owner`` is also
    appended to that process's file in ``folder``."""

    def __init__(self, templates: dict[tuple[Any, ...], Any], folder: Path) -> None:
        super().__init__(templates)
        self.owner = os.getpid()
        self.folder = folder

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        super().__setitem__(key, value)
        if os.getpid() != self.owner:
            with (self.folder / f"{PREFIX}{os.getpid()}").open("ab") as file:
                pickle.dump((key, value), file, pickle.HIGHEST_PROTOCOL)


def forget_made(folder: Path) -> None:
    """The files of an earlier build's writers (one that did not end well)."""
    for path in folder.glob(f"{PREFIX}*"):
        path.unlink(missing_ok=True)


def take_made(folder: Path, into: dict[tuple[Any, ...], Any]) -> None:
    """Every template the writers made, added where the build's own process has none (a
    file cut short is read up to where it was cut); the files are removed."""
    for path in sorted(folder.glob(f"{PREFIX}*")):
        try:
            with path.open("rb") as file:
                while True:
                    key, value = pickle.load(file)
                    into.setdefault(key, value)
        except Exception:  # the end of the file, or a record cut short: the rest is lost
            pass
        path.unlink(missing_ok=True)
