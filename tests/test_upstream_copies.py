"""Two overrides of upstream work done for nothing on every page and need: sphinx-needs'
deep copies of field defaults (tom_ext/sphinx_ext/need_defaults.py) and MyST's throwaway
document (tom_ext/sphinx_ext/myst_document.py), with the guards that say when they can go
(docs/upstream.md)."""

from __future__ import annotations

import copy
import inspect

import pytest
import sphinx_needs.api.need as need_api
from myst_parser.mdit_to_docutils import base

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import myst_document, need_defaults


def test_sphinx_needs_still_deep_copies_each_default_through_its_module_global():
    """Fails once sphinx-needs copies defaults otherwise: then the override should go."""
    for function in (need_api._get_field_default, need_api._get_links_default):
        source = inspect.getsource(function)
        assert "return deepcopy(scheme.default)" in source
    assert need_defaults.UPSTREAM_DEEPCOPY is copy.deepcopy


@pytest.mark.parametrize("value", [
    "", "on-track", 0, 3.5, True, None, b"x", [], ["STR_IT", "STR_DATA"],
    [["nested"]], {"a": [1]}, ("t", ["u"]), [1, {"b": 2}],
])
def test_the_quick_deepcopy_gives_what_deepcopy_gives(value):
    quick, slow = need_defaults.deepcopy(value), copy.deepcopy(value)
    assert quick == slow and type(quick) is type(slow)
    assert (quick is value) == (slow is value)  # a new container exactly where deepcopy's is
    if isinstance(value, list):
        quick.append("more")
        assert value != quick  # the default is never changed through its copy


def test_myst_still_makes_a_document_it_may_not_use():
    """Fails once MyST makes the default document only when it is missing."""
    source = inspect.getsource(myst_document.UPSTREAM_SETUP_RENDER)
    assert 'options.get("document", make_document())' in source


def test_the_page_s_document_is_used_and_none_is_made(monkeypatch):
    made = []
    page = base.new_document("page.md", base.get_default_settings(base.RSTParser))
    other = base.new_document("other.md", base.get_default_settings(base.RSTParser))
    monkeypatch.setattr(base, "make_document", lambda *a, **k: made.append(1) or other)
    monkeypatch.setattr(myst_document, "UPSTREAM_MAKE_DOCUMENT", base.make_document)
    renderer = base.DocutilsRenderer.__new__(base.DocutilsRenderer)
    options = {"myst_config": base.MdParserConfig(), "document": page}
    myst_document.setup_render(renderer, options, {})
    assert renderer.document is page and made == []
    assert base.make_document is myst_document.UPSTREAM_MAKE_DOCUMENT  # put back
    del options["document"]
    myst_document.setup_render(renderer, options, {})
    assert renderer.document is other and made == [1]  # MyST's own when it is missing


def test_a_build_uses_both(project, monkeypatch):
    monkeypatch.setattr(need_api, "deepcopy", copy.deepcopy)
    monkeypatch.setattr(base.DocutilsRenderer, "setup_render",
                        myst_document.UPSTREAM_SETUP_RENDER)
    assert cli.main(["-C", str(project("basic")), "check"]) == 0
    assert need_api.deepcopy is need_defaults.deepcopy
    assert base.DocutilsRenderer.setup_render is myst_document.setup_render
