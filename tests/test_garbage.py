"""The garbage collector during a build: fewer full collections, what is read is frozen,
and everything is given back afterwards."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from tom_ext.sphinx_ext import garbage


def test_lean_collector_restores_the_settings_and_unfreezes():
    before = gc.get_threshold()
    with garbage.lean():
        assert gc.get_threshold()[2] >= garbage.FULL_AFTER
        gc.freeze()
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_after_reading_the_doctree_cache_is_dropped_and_the_rest_frozen(monkeypatch):
    handlers = {}
    app = SimpleNamespace(connect=lambda event, handler, priority: handlers.setdefault(
        event, (handler, priority)))
    garbage.freeze_after_reading(app)
    assert set(handlers) == {"env-purge-doc", "env-get-updated"}
    count, _ = handlers["env-purge-doc"]
    freeze, priority = handlers["env-get-updated"]
    assert priority > 500  # after tom_ext's own handler
    collected = []
    monkeypatch.setattr(gc, "collect", lambda: collected.append(True))
    env = SimpleNamespace(_write_doc_doctree_cache={"index": object()})
    try:
        assert freeze(None, env) == []  # names no page to write
        assert env._write_doc_doctree_cache == {}
        assert gc.get_freeze_count() > 0
        assert collected == []  # nothing read: no full pass over what was loaded
        count(None, env, "index")
        freeze(None, env)
        assert collected == [True]  # a page read: its garbage goes before the freeze
    finally:
        gc.unfreeze()


def test_a_process_that_ends_with_the_build_keeps_its_heap_frozen():
    """The tom program: no full pass over the dead environment just before exiting."""
    before = gc.get_threshold()
    try:
        with garbage.lean(keep_frozen=True):
            gc.freeze()
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
