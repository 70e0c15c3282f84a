"""The section navigation made once per section (tom_ext/sphinx_ext/navigation.py): the
theme's markup on every page, byte for byte, and the theme left to do what the template does
not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tom_ext.sphinx_ext import navigation

ROOTS = Path(__file__).parent / "roots"


def _sidebars(tmp: Path, cache: bool) -> dict[str, str]:
    made: list[object] = []  # the section templates the build made
    real = navigation.template

    def counting(markup: str, page_uri: str) -> object:
        found = real(markup, page_uri)
        made.extend([found] if found is not None else [])
        return found

    navigation.template = counting  # type: ignore[assignment]
    app = SphinxTestApp("html", srcdir=_copy(tmp / ("on" if cache else "off")),
                        confoverrides={"tom_navigation_cache": cache})
    try:
        app.build()
        assert app._warning.getvalue() == ""
        out = Path(app.outdir)
        served = len(made)
        pages = {}
        for page in sorted(out.rglob("*.html")):
            text = page.read_text()
            start = text.find('<nav class="bd-docs-nav')
            pages[page.relative_to(out).as_posix()] = (
                text[start:text.index("</nav>", start)] if start >= 0 else "")
        pages["<templates>"] = str(served)
        return pages
    finally:
        navigation.template = real  # type: ignore[assignment]
        app.cleanup()


def _copy(dest: Path) -> Path:
    import shutil

    shutil.copytree(ROOTS / "test-navigation", dest)
    return dest


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    tmp = tmp_path_factory.mktemp("navigation")
    return _sidebars(tmp, True), _sidebars(tmp, False)


def test_every_page_has_the_themes_own_sidebar(both):
    mine, theirs = both
    assert mine.pop("<templates>") != "0"  # the cache served the build
    theirs.pop("<templates>")
    assert mine.keys() == theirs.keys()
    for page in mine:
        assert mine[page] == theirs[page], page
    # and the sidebars are the real thing: the page's own entry marked, nothing else
    p2 = mine["a/x/p2.html"]
    assert p2.count('aria-current="page"') == 1
    assert '<a aria-current="page" class="current reference internal" href="#">X two</a>' \
        in p2
    assert '<a class="reference internal" href="p1.html">X one</a>' in p2
    assert '<a class="reference internal" href="../y/q.html">Y q</a>' in mine["a/x/p1.html"]
    assert '<a class="reference internal" href="x/p1.html">X one</a>' in mine["a/page.html"]
    assert 'href="https://example.org/"' in mine["b/r.html"]


def test_the_current_chain_is_opened_and_marked():
    markup = (  # as the theme made it for a/x/p2.html
        '<ul class="current nav bd-sidenav">\n'
        '<li class="toctree-l1 current active has-children"><a class="reference internal" '
        'href="index.html">X</a><details open="open"><summary aria-label="Pages under X">'
        '</summary><ul class="current">\n'
        '<li class="toctree-l2"><a class="reference internal" href="p1.html">P1</a></li>\n'
        '<li class="toctree-l2 current active"><a aria-current="page" class="current '
        'reference internal" href="#">P2</a></li>\n'
        '</ul>\n</details></li>\n'
        '<li class="toctree-l1"><a class="reference internal" href="../page.html">Page</a>'
        '</li>\n</ul>\n')
    made = navigation.template(markup, "a/x/p2.html")
    assert made is not None
    assert made.render("a/x/p2.html") == markup  # the page it was made from: the same
    other = made.render("a/page.html")
    assert '<li class="toctree-l1 current active"><a aria-current="page" class="current ' \
        'reference internal" href="#">Page</a></li>' in other
    assert '<a class="reference internal" href="x/p2.html">P2</a>' in other
    assert "open=" not in other and '<ul class="current nav bd-sidenav">' in other
    assert made.render("elsewhere.html") is None  # not in this section: the theme's job


@pytest.mark.parametrize("markup", [
    '<ul><li class="toctree-l1"><a class="reference internal" href="#x">X</a></li></ul>',
    '<ul><li class="toctree-l1"><a class="reference internal" href="p.html">P</a></ul>',
    '<ul><li class="toctree-l1"><a class="reference internal" href="p.html">P</a></li>',
    # a marker of the page it was made for that the template would keep
    '<ul><li class="toctree-l1 has-children current"><a class="reference internal" '
    'href="p.html">P</a></li></ul>',
])
def test_markup_it_does_not_know_is_left_to_the_theme(markup):
    assert navigation.template(markup, "a/p.html") is None


def test_the_setting_is_in_the_handbooks_list():
    from tom_ext.core.config import config_values

    (help_text,) = [text for name, _d, text in config_values()
                    if name == "tom_navigation_cache"]
    assert "once per section" in help_text  # docs/maintainers.md lists config_values()
