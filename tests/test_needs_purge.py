"""sphinx-needs' purge called only for a page read before (tom_ext/sphinx_ext/needs_purge.py),
with the guard that says when upstream changed it (docs/upstream.md)."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives import need as need_directive

from tom_ext.cli import main as cli
from tom_ext.sphinx_ext import needs_purge

from .conftest import needs_of


def test_upstream_still_walks_every_need_for_each_page():
    """Fails once sphinx-needs keeps its needs by page: then the override can go."""
    source = inspect.getsource(SphinxNeedsData.remove_doc)
    assert "for need_id in list(self._env_needs):" in source
    assert "SphinxNeedsData(env).remove_doc(docname)" in inspect.getsource(
        need_directive.purge_needs)


def test_the_listener_sphinx_needs_connects_is_the_one_wrapped(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "index.md").write_text("# Home\n")
    (tmp_path / "conf.py").write_text('extensions = ["tom_ext"]\n')
    with docutils_namespace():
        app = Sphinx(str(source), str(tmp_path), str(tmp_path / "out"),
                     str(tmp_path / "dt"), "html", status=None, warning=None)
    handlers = [listener.handler for listener in app.events.listeners["env-purge-doc"]]
    assert need_directive.purge_needs not in handlers
    assert "purge_needs_of_pages_read_before" in [h.__name__ for h in handlers]


def test_a_page_never_read_has_nothing_to_forget_and_one_read_before_does():
    calls = []
    purge = needs_purge.only_pages_read_before(lambda *args: calls.append(args[2]))
    env = SimpleNamespace(all_docs={"toms/a/index": 1})
    purge(None, env, "toms/b/index")
    purge(None, env, "toms/a/index")
    assert calls == ["toms/a/index"]


def test_a_need_moved_out_of_a_page_read_again_is_gone(project):
    root = project("basic")
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert "ACT_LIB_TEC_02" in needs_of(root / "_build/html")
    page = root / "source/toms/env/lib/technology.md"
    text = page.read_text()
    start = text.index("```{action} Second technology action")
    end = text.index("```\n", text.index("ACT_LIB_TEC_02")) + 4
    page.write_text(text[:start] + text[end:])
    assert cli.main(["-C", str(root), "build", "-q"]) == 0
    assert "ACT_LIB_TEC_02" not in needs_of(root / "_build/html")
    assert "ACT_LIB_TEC_01" in needs_of(root / "_build/html")
