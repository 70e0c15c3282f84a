"""sphinx-needs' back links added in linear time (tom_ext/sphinx_ext/backlinks.py), with the
guards that say when the override can go (docs/upstream.md)."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest
from sphinx_needs.directives import need as need_directive
from sphinx_needs.need_item import NeedItem, NeedLink

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import backlinks


def test_upstream_still_searches_the_whole_list_for_each_back_link():
    """Fails once sphinx-needs mends it: then tom_ext's override should go."""
    source = inspect.getsource(backlinks.UPSTREAM_ADD_BACKLINK)
    assert "if backlink not in self._backlinks[link_type]:" in source


def test_its_only_caller_adds_one_need_s_back_links_after_another():
    """What makes comparing with the last link enough: the caller's loop, from empty lists."""
    source = inspect.getsource(need_directive.build_backlinks)
    assert "for key, need in needs.items():" in source
    assert "linked_need.add_backlink(link_type, NeedLink(id=key))" in source
    callers = [name for name, function in inspect.getmembers(need_directive,
                                                             inspect.isfunction)
               if "add_backlink(" in inspect.getsource(function)]
    assert callers == ["build_backlinks"]


def test_a_repeated_back_link_is_added_once_and_the_order_is_kept():
    need = SimpleNamespace(_backlinks={"supports": []})
    for source in ("ACT_1", "ACT_1", "ACT_2", "ACT_3", "ACT_3"):
        backlinks.add_backlink(need, "supports", NeedLink(id=source))
    backlinks.add_backlink(need, "supports", "ACT_4")
    assert [link.id for link in need._backlinks["supports"]] == [
        "ACT_1", "ACT_2", "ACT_3", "ACT_4"]
    with pytest.raises(KeyError, match="'guided_by' does not exist"):
        backlinks.add_backlink(need, "guided_by", "ACT_1")


def test_a_build_uses_it(project, monkeypatch):
    monkeypatch.setattr(NeedItem, "add_backlink", backlinks.UPSTREAM_ADD_BACKLINK)
    assert cli.main(["-C", str(project("basic")), "check"]) == 0
    assert NeedItem.add_backlink is backlinks.add_backlink
