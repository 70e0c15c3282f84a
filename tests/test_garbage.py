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
    env = SimpleNamespace(_write_doc_doctree_cache={"index": object()},
                          all_docs=dict.fromkeys(["index", "a", "b"]))
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
            frozen = gc.get_freeze_count()
            left = [[index] for index in range(1000)]  # what the build leaves alive
        assert gc.get_threshold() == before
        assert left and gc.get_freeze_count() > frozen  # frozen with the rest
    finally:
        gc.unfreeze()


def test_a_full_pass_only_when_a_fair_share_of_the_site_was_read():
    assert not garbage.worth_a_full_pass(0, 3)
    assert garbage.worth_a_full_pass(1, 3)  # a small site: any page is a fair share
    assert garbage.worth_a_full_pass(155, 1549)  # a tenth of the site
    assert not garbage.worth_a_full_pass(1, 1549)  # one page of 150 TOMs: frozen with it
    assert not garbage.worth_a_full_pass(154, 1549)


def test_a_check_that_ends_its_process_freezes_without_a_full_pass(monkeypatch):
    handlers = {}
    app = SimpleNamespace(connect=lambda event, handler, priority: handlers.setdefault(
        event, handler))
    garbage.freeze_after_reading(app, collect=False)
    collected = []
    monkeypatch.setattr(gc, "collect", lambda: collected.append(True))
    env = SimpleNamespace(all_docs={"index": 1})
    try:
        handlers["env-purge-doc"](None, env, "index")  # the whole site read
        handlers["env-get-updated"](None, env)
        assert collected == [] and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_no_collection_while_sphinx_starts_and_what_it_loaded_frozen():
    assert gc.isenabled()
    try:
        with garbage.loading():
            assert not gc.isenabled()
            loaded = [[index] for index in range(100)]
        assert gc.isenabled() and loaded
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        gc.disable()
        with garbage.loading():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
        gc.unfreeze()
