"""The section navigation made once per section (tom_ext/sphinx_ext/navigation.py): the
theme's markup on every page, byte for byte, and the theme left to do what the template does
not know; the templates kept for the next build only while nothing they are made from
changes, and a kept file that cannot be trusted ignored."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tom_ext.sphinx_ext import navigation

ROOTS = Path(__file__).parent / "roots"


@dataclass
class Built:
    """What one build of a site did to the navigation."""

    sidebars: dict[str, str]  # every page in the output -> its sidebar's markup
    written: set[str]  # the pages this build wrote
    templates: int  # the sections the theme rendered and the cache took apart
    warnings: str


def _build(srcdir: Path, cache: bool = True, freshenv: bool = False, parallel: int = 0,
           **settings: object) -> Built:
    made: list[object] = []
    real = navigation.template

    def counting(markup: str, page_uri: str) -> object:
        found = real(markup, page_uri)
        made.extend([found] if found is not None else [])
        return found

    navigation.template = counting  # type: ignore[assignment]
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=freshenv, parallel=parallel,
                        confoverrides={"tom_navigation_cache": cache, **settings})
    written: set[str] = set()
    app.connect("html-page-context", lambda _app, page, *_: written.add(f"{page}.html"))
    try:
        app.build()
        out = Path(app.outdir)
        sidebars = {}
        for page in sorted(out.rglob("*.html")):
            text = page.read_text()
            start = text.find('<nav class="bd-docs-nav')
            sidebars[page.relative_to(out).as_posix()] = (
                text[start:text.index("</nav>", start)] if start >= 0 else "")
        return Built(sidebars, written, len(made), app._warning.getvalue())
    finally:
        navigation.template = real  # type: ignore[assignment]
        app.cleanup()


def _sidebars(tmp: Path, cache: bool) -> dict[str, str]:
    built = _build(_copy(tmp / ("on" if cache else "off")), cache)
    assert built.warnings == ""
    return {**built.sidebars, "<templates>": str(built.templates)}


def _copy(dest: Path) -> Path:
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


# ------------------------------------------------- the templates kept from build to build

def _edit(src: Path, path: str, old: str, new: str) -> None:
    page = src / path
    text = page.read_text()
    assert old in text, (path, old)
    page.write_text(text.replace(old, new))


def _reword_p2(src: Path) -> None:  # the body only: no page's navigation changes
    _edit(src, "a/x/p2.md", "Text.", "Other text.")


def _rename_p1(src: Path) -> None:
    _edit(src, "a/x/p1.md", "# X one", "# X one, renamed")


def _list_lonely(src: Path) -> None:  # a page already there, listed now
    _edit(src, "a/x/index.md", "p2\n", "p2\n/lonely\n")


def _unlist_p2(src: Path) -> None:  # the page stays, listed nowhere
    _edit(src, "a/x/index.md", "p2\n", "")
    _edit(src, "a/x/p2.md", "# X two", "---\norphan: true\n---\n# X two")


def _add_p3(src: Path) -> None:
    (src / "a/x/p3.md").write_text("# X three\n\nText.\n")
    _edit(src, "a/x/index.md", "p2\n", "p2\np3\n")


def _remove_p2(src: Path) -> None:
    _edit(src, "a/x/index.md", "p2\n", "")
    (src / "a/x/p2.md").unlink()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Built]:
    """The sidebars of an edited site built from scratch by the theme alone."""
    done: dict[object, Built] = {}

    def build(*edits: Callable[[Path], None]) -> Built:
        if edits not in done:
            src = _copy(tmp_path_factory.mktemp("fresh") / "site")
            for edit in edits:
                edit(src)
            done[edits] = _build(src, cache=False)
        return done[edits]

    return build


def _assert_as_fresh(built: Built, fresh: Built) -> list[str]:
    """Every page the rebuild wrote has the sidebar of a build from scratch; returns the
    sidebars of those that have one (search and the index have none)."""
    assert built.warnings == ""
    for page in sorted(built.written):
        assert built.sidebars[page] == fresh.sidebars[page], page
    sidebars = [built.sidebars[page] for page in sorted(built.written) if built.sidebars[page]]
    assert sidebars, "the rebuild wrote no page with a sidebar"
    return sidebars


def test_a_rebuild_that_changes_no_navigation_renders_no_section_again(tmp_path, fresh):
    src = _copy(tmp_path / "site")
    assert _build(src).templates >= 2  # sections a and b
    assert (src / "_build/doctrees" / navigation.STORE_FILE).is_file()
    _reword_p2(src)
    again = _build(src)
    assert again.templates == 0  # every section's sidebar came from the kept templates
    assert "a/x/p2.html" in again.written
    _assert_as_fresh(again, fresh(_reword_p2))


@pytest.mark.parametrize(("edit", "shown"), [
    (_rename_p1, "X one, renamed"),
    (_list_lonely, "Lonely"),
    (_unlist_p2, None),
    (_add_p3, "X three"),
    (_remove_p2, None),
], ids=["title changed", "page listed", "page unlisted", "page added", "page removed"])
def test_a_changed_navigation_is_rendered_again(tmp_path, fresh, edit, shown):
    src = _copy(tmp_path / "site")
    _build(src)
    edit(src)
    again = _build(src)
    assert again.templates >= 1
    sidebars = _assert_as_fresh(again, fresh(edit))
    if shown:
        assert all(shown in sidebar for sidebar in sidebars)
    else:
        assert all("X two" not in sidebar for sidebar in sidebars)


def test_sections_made_by_parallel_writers_are_kept_for_the_next_build(tmp_path, fresh):
    """-j 2: Sphinx writes pages in worker processes; what they make comes back."""
    src = _copy(tmp_path / "site")
    _build(src, parallel=2)
    doctrees = src / "_build/doctrees"
    assert not list(doctrees.glob(".tom-navigation-made.*"))  # taken in and removed
    _reword_p2(src)
    again = _build(src)
    assert again.templates == 0  # every section's sidebar came from the kept templates
    _assert_as_fresh(again, fresh(_reword_p2))


def test_a_build_that_reads_every_page_again_renders_every_section_again(tmp_path):
    src = _copy(tmp_path / "site")
    _build(src)
    assert _build(src, freshenv=True).templates >= 2  # tom build -E: nothing kept is used


def test_a_builder_without_the_sidebar_keeps_nothing(tmp_path):
    src = _copy(tmp_path / "site")
    app = SphinxTestApp("dummy", srcdir=src)  # as tom check builds
    try:
        app.build()
    finally:
        app.cleanup()
    assert not (Path(app.doctreedir) / navigation.STORE_FILE).exists()


def test_a_changed_setting_renders_every_section_again(tmp_path):
    src = _copy(tmp_path / "site")
    _build(src)
    again = _build(src, html_link_suffix="")  # links without ".html": every page written
    assert again.templates >= 2
    sidebars = _assert_as_fresh(again, _build(_copy(tmp_path / "fresh"), cache=False,
                                              html_link_suffix=""))
    assert all('.html"' not in sidebar for sidebar in sidebars)


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x05not a pickle at all")


def _cut_after_the_header(path: Path) -> None:
    with path.open("rb") as file:
        pickle.load(file)
        end = file.tell()
    path.write_bytes(path.read_bytes()[:end])


def _rewrite_header(**changes: object) -> Callable[[Path], None]:
    def rewrite(path: Path) -> None:
        with path.open("rb") as file:
            header, templates = pickle.load(file), pickle.load(file)
        with path.open("wb") as file:
            pickle.dump({**header, **changes}, file)
            pickle.dump(templates, file)

    return rewrite


@pytest.mark.parametrize("spoil", [
    _garbage,
    _cut_after_the_header,
    _rewrite_header(format=0),  # another layout
    _rewrite_header(code="another tom_ext"),
    _rewrite_header(documents=[]),  # not the shape this version writes
], ids=["garbage", "cut short", "another format", "another tom_ext", "another shape"])
def test_a_kept_file_that_cannot_be_trusted_is_ignored(tmp_path, fresh, spoil):
    src = _copy(tmp_path / "site")
    _build(src)
    spoil(src / "_build/doctrees" / navigation.STORE_FILE)
    _reword_p2(src)
    again = _build(src)
    assert again.templates >= 1  # made again, not taken from the file
    _assert_as_fresh(again, fresh(_reword_p2))


def test_a_kept_file_from_another_environment_is_ignored(tmp_path, fresh):
    """A file left by an earlier build (a cache restored, a build that failed after saving
    the environment) holds the hashes of pages as they were then: never trusted."""
    src = _copy(tmp_path / "site")
    _build(src)
    kept = src / "_build/doctrees" / navigation.STORE_FILE
    before_rename = kept.read_bytes()
    _rename_p1(src)
    _build(src)
    kept.write_bytes(before_rename)  # p1 hashed as "X one", in a digest that still matches
    _reword_p2(src)
    again = _build(src)
    assert again.templates >= 1
    _assert_as_fresh(again, fresh(_rename_p1, _reword_p2))
    assert "X one, renamed" in again.sidebars["a/x/p2.html"]
