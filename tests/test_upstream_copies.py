"""Three overrides of upstream work done for nothing on every page and need: sphinx-needs'
deep copies of field defaults (tom_ext/sphinx_ext/need_defaults.py), MyST's throwaway
document (tom_ext/sphinx_ext/myst_document.py) and Sphinx's docutils settings made afresh
for each page (tom_ext/sphinx_ext/doc_settings.py), with the guards that say when they can
go (docs/upstream.md)."""

from __future__ import annotations

import copy
import dataclasses
import inspect

import pytest
import sphinx.util.docutils as sphinx_docutils
import sphinx_needs.api.need as need_api
from docutils.parsers.rst import Parser as RSTParser
from docutils.readers import standalone
from myst_parser.mdit_to_docutils import base
from sphinx_needs.need_item import NeedLink
from sphinx_needs.needs_schema import FieldLiteralValue, LinksLiteralValue

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import doc_settings, myst_document, need_defaults


def test_sphinx_needs_still_deep_copies_each_default_through_its_module_global():
    """Fails once sphinx-needs copies defaults otherwise: then the override should go."""
    for function in (need_api._get_field_default, need_api._get_links_default):
        source = inspect.getsource(function)
        assert "return deepcopy(scheme.default)" in source
    assert need_defaults.UPSTREAM_DEEPCOPY is copy.deepcopy


@pytest.mark.parametrize("value", [
    "", "on-track", 0, 3.5, True, None, b"x", [], ["STR_IT", "STR_DATA"],
    [["nested"]], {"a": [1]}, ("t", ["u"]), [1, {"b": 2}],
    FieldLiteralValue(False), FieldLiteralValue([]), FieldLiteralValue(["a"]),
    LinksLiteralValue([]), LinksLiteralValue([NeedLink(id="STR_IT")]),
])
def test_the_quick_deepcopy_gives_what_deepcopy_gives(value):
    quick, slow = need_defaults.deepcopy(value), copy.deepcopy(value)
    assert quick == slow and type(quick) is type(slow)
    assert (quick is value) == (slow is value)  # a new container exactly where deepcopy's is
    if isinstance(value, list):
        quick.append("more")
        assert value != quick  # the default is never changed through its copy
    if isinstance(value, (FieldLiteralValue, LinksLiteralValue)) and isinstance(
            value.value, list):
        assert quick.value is not value.value


def test_sphinx_needs_holders_of_a_default_hold_one_value():
    """The quick copy makes a holder from its one field: fails when a holder gets more."""
    for holder in need_defaults.HOLDERS:
        assert [f.name for f in dataclasses.fields(holder)] == ["value"]


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


def test_sphinx_still_makes_each_page_s_settings_with_a_new_option_parser():
    """Fails once Sphinx keeps the settings between pages: then the override should go."""
    source = inspect.getsource(sphinx_docutils._parse_str_to_doctree)
    assert "settings = _get_settings(" in source
    assert "option_parser = OptionParser(" in inspect.getsource(
        doc_settings.UPSTREAM_GET_SETTINGS)


def test_each_page_gets_settings_of_its_own_equal_to_sphinx_s():
    cache = doc_settings.SettingsCache()
    env_value = ["en"]
    defaults = {"traceback": True, "smartquotes_locales": env_value, "halt_level": 5}
    made = [cache.get_settings(standalone.Reader, RSTParser(), defaults=defaults,
                               read_config_files=True) for _ in range(2)]
    fresh = doc_settings.UPSTREAM_GET_SETTINGS(standalone.Reader, RSTParser(),
                                               defaults=defaults, read_config_files=True)
    assert vars(made[0]).keys() == vars(fresh).keys()
    assert all(getattr(made[0], name) == getattr(fresh, name) for name in vars(fresh)
               if name != "record_dependencies")
    assert made[0] is not made[1]
    assert made[0].record_dependencies is not made[1].record_dependencies
    made[0]._source = "a.md"
    assert made[1]._source != "a.md"
    # a default that is another object now: the settings are made again from it
    changed = cache.get_settings(standalone.Reader, RSTParser(),
                                 defaults={**defaults, "halt_level": 4},
                                 read_config_files=True)
    assert changed.halt_level == 4


def test_a_build_uses_them(project, monkeypatch):
    monkeypatch.setattr(need_api, "deepcopy", copy.deepcopy)
    monkeypatch.setattr(base.DocutilsRenderer, "setup_render",
                        myst_document.UPSTREAM_SETUP_RENDER)
    monkeypatch.setattr(sphinx_docutils, "_get_settings", doc_settings.UPSTREAM_GET_SETTINGS)
    assert cli.main(["-C", str(project("basic")), "check"]) == 0
    assert need_api.deepcopy is need_defaults.deepcopy
    assert base.DocutilsRenderer.setup_render is myst_document.setup_render
    assert isinstance(sphinx_docutils._get_settings.__self__, doc_settings.SettingsCache)


def test_each_page_still_records_the_files_it_includes(project):
    """The dependency list is the page's own: a changed snippet rewrites the page that
    includes it, and only that page is read again."""
    root = project("basic")
    (root / "source/snippet.md").write_text("First wording of the snippet.\n",
                                            encoding="utf-8")
    page = root / "source/index.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\n```{include} snippet.md\n```\n", encoding="utf-8")
    conf = root / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8")
                    + '\nexclude_patterns = [*globals().get("exclude_patterns", []), '
                      '"snippet.md"]\n', encoding="utf-8")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    html = root / "_build/html/index.html"
    assert "First wording" in html.read_text(encoding="utf-8")
    others = {path: path.stat().st_mtime_ns
              for path in (root / "_build/.work/doctrees").rglob("*.doctree")
              if path.name != "index.doctree"}
    (root / "source/snippet.md").write_text("Second wording of the snippet.\n",
                                            encoding="utf-8")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert "Second wording" in html.read_text(encoding="utf-8")
    assert {path: path.stat().st_mtime_ns for path in others} == others
