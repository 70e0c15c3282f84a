"""The sidebar's toggles get names (pydata-sphinx-theme leaves its <summary> empty)."""

from __future__ import annotations

from tom_ext.sphinx_ext.theme import _label_toggles

TOGGLE = '<summary><span class="toctree-toggle"></span></summary>'
SIDEBAR = (
    '<ul class="nav bd-sidenav">\n'
    '<li class="toctree-l1 has-children"><a class="reference internal" href="a.html">'
    f"Adults &amp; Health</a><details>{TOGGLE}<ul>\n"
    '<li class="toctree-l2"><a class="reference internal" href="a/x.html">Plain page</a>'
    "</li>\n"
    '<li class="toctree-l2 current active has-children"><a aria-current="page" '
    'class="current reference internal" href="#">Libraries <code>TOM</code></a>'
    f'<details open="open">{TOGGLE}<ul>\n'
    "</ul></details></li>\n</ul></details></li>\n"
    '<li class="toctree-l1"><a class="reference external" href="https://example.org">Out</a>'
    "<details><summary>x</summary></details></li>\n</ul>")


def test_each_toggle_is_named_after_its_entry_and_nothing_else_changes():
    out = _label_toggles(SIDEBAR)
    assert '<details><summary aria-label="Pages under Adults &amp; Health">' in out
    assert '<details open="open"><summary aria-label="Pages under Libraries TOM">' in out
    # an external link is not the theme's toggle markup: left alone
    assert '<a class="reference external" href="https://example.org">Out</a><details>' \
           '<summary>x</summary>' in out
    assert out.replace(' aria-label="Pages under Adults &amp; Health"', "").replace(
        ' aria-label="Pages under Libraries TOM"', "") == SIDEBAR
    assert _label_toggles(out) == out  # a labelled toggle is left as it is
