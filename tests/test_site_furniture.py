"""What readers of a Sphinx site expect around its pages: an edit link to the web editor, the
date a page last changed (from git, in UK form, the same for every build of a commit), a 404
page that works at any depth with nothing from the internet, redirects from a renamed TOM
folder, and a sitemap of every page."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import os
import re
import subprocess
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tom_ext.cli import main as cli
from tom_ext.core.config import TomConfig
from tom_ext.sphinx_ext.furniture import Checkout, checkout_of, not_found_prefix
from tom_ext.sphinx_ext.redirects import redirect_pairs

from .conftest import source_date_epoch

BASE = "https://toms.intranet.kestrelford.gov.uk/"
EDIT = "https://gitlab.kestrelford.gov.uk/improvement/toms/-/edit/main/"
TOM = "toms/environment-regeneration/highways/index"
OLD = "toms/environment-regeneration/leisure-and-culture"
NEW = "toms/environment-regeneration/leisure-culture"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: the pages of the site that are not content, left out of the sitemap
NOT_CONTENT = {"search.html", "genindex.html", "404.html", "permalink.html"}


def read(example_site: dict, page: str) -> str:
    return (example_site["html"] / page).read_text(encoding="utf-8")


def edit_links(page: str) -> list[str]:
    return re.findall(r'<div class="tocsection editthispage">\s*<a href="([^"]*)"', page)


def sitemap_pages(html_dir: Path, base: str) -> list[str]:
    root = ElementTree.parse(html_dir / "sitemap.xml").getroot()
    locs = [url.findtext(f"{SITEMAP}loc") or "" for url in root.iter(f"{SITEMAP}url")]
    assert all(loc.startswith(base) for loc in locs), locs[:3]
    return [loc[len(base):] for loc in locs]


def redirect_pages(html_dir: Path) -> set[str]:
    return {p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
            if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")}


@pytest.mark.slow
def test_a_page_links_to_its_own_file_in_the_web_editor(example_site):
    assert example_site["code"] == 0, example_site["stderr"]
    tom = read(example_site, f"{TOM}.html")
    assert edit_links(tom) == [f"{EDIT}source/{TOM}.md"]
    assert re.search(r"editthispage\">\s*<a [^>]*>\s*<i [^>]*></i>\s*Edit on GitLab\s*</a>",
                     tom)
    # a handbook page is linked into source/ from docs/: the file to edit is in docs/
    assert edit_links(read(example_site, "handbook/authoring.html")) == [
        f"{EDIT}docs/authoring.md"]
    for page in ("search.html", "genindex.html", "404.html"):
        assert edit_links(read(example_site, page)) == [], page


@pytest.mark.slow
def test_outside_a_git_checkout_a_page_has_no_date_and_the_build_no_warning(example_site):
    # tests build a copy of the example with no .git: no dates, and a strict build passes
    assert "(0 warnings" in example_site["stdout"]
    tom = read(example_site, f"{TOM}.html")
    assert 'class="last-updated"' not in tom
    assert "article:modified_time" not in tom
    # the page keeps its source link all the same
    assert f'href="../../../_sources/{TOM}.md.txt"' in tom


@pytest.mark.slow
def test_the_404_page_works_at_any_depth_with_nothing_from_elsewhere(example_site):
    html_dir = example_site["html"]
    page = read(example_site, "404.html")
    assert "<title>Page not found" in page
    assert re.findall(r"<h1>(.*?)</h1>", page) == ["Page not found"]
    assert ('<li><a href="/index.html">Go to the home page</a></li>\n'
            '<li><a href="/search.html">Search the site</a></li>') in page
    urls = [html_lib.unescape(u) for u in re.findall(r'\s(?:href|src)="([^"]*)"', page)]
    canonical = f"{BASE}404.html"
    assert f'<link rel="canonical" href="{canonical}" />' in page
    # every other address starts at the site's root, so it works wherever the server
    # shows the page, and each is a file of the site
    elsewhere = [u for u in urls if not u.startswith(("/", "#")) or u.startswith("//")]
    assert elsewhere == [canonical]
    missing = [u for u in urls if u.startswith("/") and not u.startswith("//")
               and not (html_dir / u.split("#")[0].split("?")[0].lstrip("/")).is_file()]
    assert missing == []
    # the site's look: its stylesheet, its header navigation, its footer
    assert 'href="/_static/tom.css' in page
    assert '<a class="nav-link nav-internal" href="/toms/index.html">' in page
    assert '<a href="/accessibility.html">Accessibility statement</a>' in page
    scripts = re.findall(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", page, re.S)
    assert scripts and all(' src="/' in attrs and not body.strip() for attrs, body in scripts)


@pytest.mark.slow
def test_the_renamed_tom_folders_old_addresses_send_the_reader_on(example_site):
    html_dir = example_site["html"]
    new_pages = sorted(p.stem for p in (example_site["root"] / "source" / NEW).glob("*.md"))
    assert len(new_pages) == 10
    assert sorted(p.stem for p in (html_dir / OLD).glob("*.html")) == new_pages
    assert read(example_site, f"{OLD}/index.html") == (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta http-equiv="refresh" content="0; url=../leisure-culture/index.html">\n'
        "<title>This page has moved</title>\n</head>\n<body>\n"
        "<h1>This page has moved</h1>\n"
        '<p><a href="../leisure-culture/index.html">Go to its new address</a>.</p>\n'
        "</body>\n</html>\n")
    for name in new_pages:
        text = read(example_site, f"{OLD}/{name}.html")
        target = re.search(r'url=([^"]*)"', text)
        assert target and target.group(1) == f"../leisure-culture/{name}.html", name
        assert (html_dir / OLD / target.group(1)).resolve() == \
            (html_dir / NEW / f"{name}.html").resolve()
        assert (html_dir / NEW / f"{name}.html").is_file()
    assert redirect_pages(html_dir) == {f"{OLD}/{name}.html" for name in new_pages}


@pytest.mark.slow
def test_the_sitemap_lists_every_page_of_content_at_its_address(example_site):
    html_dir = example_site["html"]
    listed = sitemap_pages(html_dir, BASE)
    pages = {p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
             if p.relative_to(html_dir).parts[0] != "_static"}
    expected = pages - NOT_CONTENT - redirect_pages(html_dir)
    assert listed == sorted(expected)
    assert len(listed) == len(pages) - len(NOT_CONTENT) - 10
    assert {"index.html", f"{TOM}.html", "handbook/authoring.html"} <= set(listed)
    # outside a git checkout no page has a date to give
    assert "<lastmod>" not in (html_dir / "sitemap.xml").read_text(encoding="utf-8")


def git(root: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def dated_build(root: Path, capsys) -> str:
    code = cli.main(["-C", str(root), "build", "-q"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "(0 warnings" in out
    return out


LAYER = "toms/env/lib/technology"
OTHER = "toms/env/lib/people"


def test_last_updated_comes_from_git_in_uk_form_and_each_build_of_a_commit_is_the_same(
        project, tmp_path, capsys, monkeypatch):
    """The date of a page is its last commit's (author) date in London, whatever the build
    machine's zone; two builds of one commit, in other folders, give the same bytes; an
    incremental build still lists every page in the sitemap."""
    root = project("basic")
    with (root / "conf.py").open("a") as conf:
        conf.write('\nhtml_theme = "pydata_sphinx_theme"\n'
                   'html_baseurl = "https://toms.example.org/site/"\n')
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date(2027, 1, 15)))
    # the build machine in another zone: the dates are London's all the same
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        check_dates(root, tmp_path / "other" / "deeper", capsys)
    finally:
        monkeypatch.undo()
        time.tzset()


def check_dates(root: Path, clone: Path, capsys) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "conf.py", "source")
    # 23:30 on 30 June in UTC is half past midnight on 1 July in London (summer time)
    git(root, "commit", "-q", "-m", "first", date="2026-06-30T23:30:00+00:00")
    git(root, "clone", "-q", str(root), str(clone))
    dated_build(root, capsys)
    html_dir = root / "_build/html"
    page = (html_dir / f"{LAYER}.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="last-updated">\s*Last updated on 1 July 2026\.\s*</p>', page)
    assert '<meta property="article:modified_time" content="2026-07-01T00:30:00+01:00" />' \
        in page
    assert re.findall(r"<lastmod>([^<]*)</lastmod>",
                      (html_dir / "sitemap.xml").read_text()) == ["2026-06-30T23:30:00Z"] * 17

    dated_build(clone, capsys)
    first, second = (
        {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*"))
         if p.is_file()} for d in (html_dir, clone / "_build/html"))
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []

    # a change, committed on 3 December: that page's date, and a sitemap that still has
    # every page though the build wrote only some of them
    source = root / "source" / f"{LAYER}.md"
    source.write_text(source.read_text() + "\nOne more line.\n")
    git(root, "commit", "-q", "-am", "second", date="2026-12-03T10:00:00+00:00")
    dated_build(root, capsys)
    page = (html_dir / f"{LAYER}.html").read_text(encoding="utf-8")
    assert re.search(r"Last updated on 3 December 2026\.", page)
    assert re.search(r"Last updated on 1 July 2026\.",
                     (html_dir / f"{OTHER}.html").read_text(encoding="utf-8"))
    listed = sitemap_pages(html_dir, "https://toms.example.org/site/")
    assert listed == sorted(listed) and len(listed) == 17
    assert f"{LAYER}.html" in listed and f"{OTHER}.html" in listed
    assert "404.html" not in listed
    not_found = (html_dir / "404.html").read_text(encoding="utf-8")
    assert '<a href="/site/index.html">Go to the home page</a>' in not_found


def test_a_checkout_is_told_from_a_folder_outside_git(tmp_path):
    assert checkout_of(tmp_path) == Checkout(tracked=False)
    assert checkout_of(tmp_path).quiet_warnings() == ["git.subprocess_error"]
    git(tmp_path, "init", "-q")
    assert checkout_of(tmp_path) == Checkout()
    assert Checkout().quiet_warnings() == []
    assert Checkout(git=False, tracked=False).quiet_warnings() == [
        "git.command_not_found", "git.subprocess_error"]
    assert Checkout(shallow=True).quiet_warnings() == ["git.too_shallow"]


@pytest.mark.parametrize("baseurl,prefix", [
    ("", "/"), ("https://toms.intranet.example.gov.uk/", "/"),
    ("https://toms.intranet.example.gov.uk", "/"),
    ("https://intranet.example.gov.uk/toms", "/toms/"),
    ("https://group.gitlab.example.org/toms/", "/toms/")])
def test_the_404_pages_links_start_where_the_site_is_served(baseurl, prefix):
    assert not_found_prefix(baseurl) == prefix


def test_redirects_of_a_folder_and_of_a_page_and_what_is_wrong_with_them():
    pages = {"toms/parks/index", "toms/parks/people", "toms/other/index"}
    assert redirect_pairs({"toms/old-parks/": "toms/parks/",
                           "toms/gone": "toms/other/index"}, pages) == (
        {"toms/old-parks/index": "toms/parks/index",
         "toms/old-parks/people": "toms/parks/people",
         "toms/gone": "toms/other/index"}, [])
    assert redirect_pairs({"toms/a": "toms/nowhere", "toms/b/": "toms/none/",
                           "toms/parks/index": "toms/other/index"}, pages) == ({}, [
        "moves 'toms/a' to 'toms/nowhere', which is not a page of the site",
        "moves 'toms/b/' to 'toms/none/', but no page is under 'toms/none/'",
        "moves 'toms/parks/index', which is still a page of the site (its redirect would "
        "replace it)"])
    # a public build withholds the new page: no redirect, and nothing to report
    assert redirect_pairs({"toms/a": "toms/secret/index"}, pages,
                          withheld={"toms/secret/index"}) == ({}, [])


@pytest.mark.parametrize("value,problem", [
    ({"../../etc/": "toms/"}, "names '../../etc/'"),
    ({"/toms/a": "toms/b"}, "names '/toms/a'"),
    ({"toms/a/": "toms/b"}, "map a page to a page and a folder to a folder"),
    ({"toms/a b": "toms/b"}, "names 'toms/a b'"),
    (["toms/a"], "must be a dict")])
def test_a_redirect_outside_the_site_or_of_a_folder_to_a_page_is_refused(value, problem):
    (found,) = TomConfig(redirects=value).problems()
    assert found.startswith("tom_redirects ") and problem in found


@pytest.mark.parametrize("value", ["gitlab.example.org/x/-/edit/main/",
                                   "https://gitlab.example.org/x/-/edit/main",
                                   "javascript:alert(1)//"])
def test_an_edit_url_must_be_a_web_address_of_a_folder(value):
    (found,) = TomConfig(edit_url=value).problems()
    assert found.startswith("tom_edit_url must be the web editor's address")
