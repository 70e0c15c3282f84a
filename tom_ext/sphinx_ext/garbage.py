"""Python's cyclic garbage collector during a build: fewer full passes over a large heap.

A build of a large council holds hundreds of thousands of long-lived objects (the
environment, the needs, the site) while it makes and drops a docutils tree per page. With
Python's default settings every few thousand pages' worth of garbage starts a full
collection that walks the whole heap again: about 30 % of a 50-TOM build's time. So, for
the ``tom`` command's build only:

- full collections wait for 100 younger ones instead of 10;
- once every page is read, what is alive is frozen (``gc.freeze``), so later collections
  skip it (after a full collection only when a fair share of the site was read);
  Sphinx's cache of the doctrees just read is dropped first (it would be frozen and kept
  to the end), and writing reads each doctree from its pickle instead, as an incremental
  or parallel build does.

Everything is given back (thresholds, frozen objects) when the build ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: younger collections before a full one (Python's default is 10)
FULL_AFTER = 100


@contextmanager
def lean(*, keep_frozen: bool = False) -> Iterator[None]:
    """Fewer full collections for the duration of a build; everything restored after.
    ``keep_frozen``: for a process that ends with the build (the ``tom`` program), what
    was frozen stays frozen, and what the build left is frozen too: giving it back to the
    collector costs a full pass over the whole environment (0.6 s at 150 TOMs) just
    before the process frees it all anyway."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_AFTER))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if keep_frozen:
            # and what the build left alive (the pages written, the application): the
            # collections of the little left to do (reading the notices, publishing)
            # would walk it all again (0.5 s after a rebuild at 150 TOMs)
            gc.freeze()
        else:
            gc.unfreeze()


@contextmanager
def loading() -> Iterator[None]:
    """No collection while Sphinx starts, and what it loaded frozen after: the environment
    of a large council is millions of objects, none of them garbage. Collected as they
    load, they are walked again and again (a fifth of the load at 150 TOMs); left young,
    the first collections after walk them all (0.5 s of a rebuild with nothing changed).
    What of it a rebuild drops stays frozen until the build ends, unless the rebuild read
    enough for a full collection (:func:`freeze_after_reading`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def freeze_after_reading(app: Any, *, collect: bool = True) -> None:
    """Freeze what is alive once every page is read (after tom_ext's own handler).
    ``collect=False``: never a full collection first (a check that ends its process and
    writes nothing: what reading left is given back with the process)."""

    read: list[str] = []

    def count(_app: Any, _env: Any, docname: str) -> None:
        read.append(docname)

    def freeze(_app: Any, env: Any) -> list[str]:
        cache = getattr(env, "_write_doc_doctree_cache", None)
        if isinstance(cache, dict):
            cache.clear()  # Sphinx reads each doctree from its pickle when it is gone
        if collect and worth_a_full_pass(len(read), len(getattr(env, "all_docs", ()))):
            gc.unfreeze()  # what was loaded too: a fair share of it was read again
            gc.collect()
        gc.freeze()
        return []

    app.connect("env-purge-doc", count, priority=500)
    app.connect("env-get-updated", freeze, priority=900)


#: a build that read fewer than one page in this many freezes its garbage with the rest
SMALL_SHARE = 10


def worth_a_full_pass(read: int, pages: int) -> bool:
    """Whether the pages read made garbage worth a full collection before the freeze. A
    rebuild that read a few pages of thousands made little, and a full pass walks the
    whole environment it loaded (0.5 s at 150 TOMs): what little it made stays frozen
    until the build ends."""
    return read > 0 and read * SMALL_SHARE >= pages
