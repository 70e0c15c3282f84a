"""Sphinx's parallel reading in one batch of pages per process: its own small batches each
send back a whole environment that grows with every batch merged before it was forked, so
reading 150 TOMs with two processes took longer than with one. Upstream report:
docs/upstream.md."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from sphinx import builders
from sphinx.application import Sphinx


def one_batch_per_process(arguments: Sequence[str], nproc: int,
                          maxbatch: int = 10) -> list[list[str]]:
    """``arguments`` in ``nproc`` batches of (nearly) equal size, in order."""
    size = max(1, -(-len(arguments) // max(1, nproc)))
    return [list(arguments[i:i + size]) for i in range(0, len(arguments), size)]


def _reading_in_one_batch_per_process(read: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(read)
    def read_parallel(builder: Any, docnames: list[str], nproc: int) -> Any:
        # only while reading: writing sends nothing back, and small batches balance it
        batches = builders.make_chunks
        builders.make_chunks = one_batch_per_process  # type: ignore[assignment]
        try:
            return read(builder, docnames, nproc)
        finally:
            builders.make_chunks = batches  # type: ignore[assignment]

    read_parallel.tom_one_batch_per_process = True  # type: ignore[attr-defined]
    return read_parallel


def setup_parallel() -> None:
    """Once per process: parallel reading in one batch per process."""
    read = builders.Builder._read_parallel
    if not getattr(read, "tom_one_batch_per_process", False):
        builders.Builder._read_parallel = (  # type: ignore[method-assign]
            _reading_in_one_batch_per_process(read))


def choose_processes(app: Sphinx) -> None:
    """``-j auto``: the processes the application was given only when worth them.

    Not when an extension of the site does not say it is safe in parallel (Sphinx would
    warn, which fails a strict build), and not to read less than half the pages the
    environment already has: each process sends back the whole environment, so a
    rebuild of a few pages of a large site takes longer in parallel."""
    if not all(getattr(ext, "parallel_read_safe", None) and
               getattr(ext, "parallel_write_safe", None) for ext in app.extensions.values()):
        app.parallel = 1
        return

    def few_pages_serially(_app: Sphinx, env: Any, docnames: list[str]) -> None:
        if len(docnames) * 2 < len(env.all_docs):
            app.parallel = 1

    app.connect("env-before-read-docs", few_pages_serially)
