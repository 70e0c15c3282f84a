"""Earlier refreshes stay readable: ``tom build --versions`` on a clone of this repository
(its history holds the example's 2023–2025 refresh), the banner, the switcher, every link,
the comparison pages, ``tom diff`` by a version's name, and the public archive."""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import subprocess
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pytest

from tom_ext.changes import snapshot
from tom_ext.cli import main as cli
from tom_ext.core import audience, versions
from tom_ext.core.framework import resolve
from tom_ext.core.model import Model
from tom_ext.core.needs import NeedRecord, Site

from .conftest import make_project, needs_of

ARCHIVE = "archive/2023-2025"
_REF = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "//")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(versioned_site: dict) -> dict:
    assert versioned_site["code"] == 0, versioned_site["stderr"] + versioned_site["stdout"]
    return versioned_site


# -- the settings, the switcher and the banners' targets (no build) ---------------------

def test_tom_versions_is_checked_with_a_sentence_that_says_what_to_write():
    good = {"2023-2025": {"revision": "abc1234", "title": "The 2023–2025 TOMs",
                          "replaced": "2025-09-15", "by": "DEC_2025_CABINET"}}
    assert versions.check(good) is None
    assert versions.check({"current": good["2023-2025"]}).startswith("names a version 'current'")
    assert versions.check({"a b": {}}).startswith("names a version 'a b'")
    assert versions.check({"v": {"revision": "x", "title": "T"}}) == "['v'] needs 'replaced'"
    assert versions.check({"v": {**good["2023-2025"], "when": "x"}}) == (
        "['v'] has 'when', which is not one of revision, title, replaced, by")
    assert versions.check({"v": {**good["2023-2025"], "replaced": "15/09/2025"}}) == (
        "['v']['replaced'] must be an ISO date such as 2025-09-15, not '15/09/2025'")
    newest = {"old": {**good["2023-2025"], "replaced": "2023-09-18"}, **good}
    assert [v.name for v in versions.read(newest)] == ["2023-2025", "old"]
    assert versions.previous(newest).name == "2023-2025"


def test_each_versions_switcher_gives_every_root_relative_to_its_own():
    found = versions.read({"2023-2025": {"revision": "a", "title": "The 2023–2025 TOMs",
                                         "replaced": "2025-09-15"}})
    assert [e["url"] for e in versions.switcher(found)] == ["", "archive/2023-2025/"]
    assert [e["url"] for e in versions.switcher(found, "2023-2025")] == [
        "../../", "../../archive/2023-2025/"]
    assert versions.switcher(found)[0] == {"name": "Current TOMs", "version": "current",
                                           "url": "", "preferred": True}


def _site(*records: tuple[str, str, str]) -> Site:
    made = [NeedRecord(id=i, type=t, title=i, docname=d, lineno=n)
            for n, (i, t, d) in enumerate(records, 1)]
    return Site(made, Model(layer_keys=resolve("nine-layer").keys()), resolve("nine-layer"))


def test_a_banner_leads_to_the_same_tom_or_layer_wherever_it_is_now():
    old = _site(("TOM_A", "tom", "toms/a/index"), ("LYR_A_PEO", "layer", "toms/a/people"),
                ("LYR_A_OLD", "layer", "toms/a/channels"), ("TOM_B", "tom", "toms/b/index"))
    new = _site(("TOM_A", "tom", "toms/moved/index"),
                ("LYR_A_PEO", "layer", "toms/moved/people"))
    docs = ["toms/a/index", "toms/a/people", "toms/a/channels", "toms/b/index", "themes",
            "gone"]
    found = versions.banner_targets(old, docs, new, {"toms/moved/index", "toms/moved/people",
                                                      "themes", "index"})
    assert found == {
        "toms/a/index": {"doc": "toms/moved/index", "kind": "tom"},
        "toms/a/people": {"doc": "toms/moved/people", "kind": "layer"},
        # a layer gone since: its TOM's page
        "toms/a/channels": {"doc": "toms/moved/index", "kind": "tom"},
        "toms/b/index": {"doc": "index", "kind": "home"},
        "themes": {"doc": "themes", "kind": "page"},
        "gone": {"doc": "index", "kind": "home"},
    }


def test_versions_without_a_revision_stop_before_anything_is_built(project):
    root = project("basic")
    conf = root / "conf.py"
    conf.write_text(conf.read_text() + "\ntom_versions = {\n    'old': {\n"
                    "        'revision': 'no-such-tag', 'title': 'The old TOMs',\n"
                    "        'replaced': '2025-09-15'},\n}\n")
    line = conf.read_text().splitlines().index("    'old': {") + 1
    code, _out, err = _run("-C", str(root), "build", "--versions")
    assert code == 2
    assert err.startswith(f"tom build: conf.py:{line}: tom_versions['old']: ")
    assert not (root / "_build" / "html").exists()


@pytest.mark.slow
def test_versions_on_a_site_without_any_builds_the_site_alone(project):
    """A pipeline can always publish with --versions, also before a refresh is kept."""
    root = project("basic")
    code, out, err = _run("-C", str(root), "build", "--versions")
    assert code == 0, err
    assert out.startswith("tom build: conf.py names no earlier refresh (tom_versions): the "
                          "site is built without an archive.\n")
    assert (root / "_build" / "html" / "index.html").is_file()
    assert not (root / "_build" / "html" / "archive").exists()
    assert "version-switcher" not in (root / "_build" / "html" / "index.html").read_text()


# -- a failing archive: nothing is published, the message names the version and the line --

def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.slow
def test_a_broken_archive_leaves_the_published_site_as_it_was(tmp_path):
    root = make_project("basic", tmp_path / "site")
    _git(root, "init", "-q")
    page = next(p for p in sorted((root / "source").rglob("*.md")) if "{action}" in
                p.read_text())
    text = page.read_text()
    page.write_text(text.replace(":status:", ":statuss:", 1))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "old, with a mistyped option")
    old = _git(root, "rev-parse", "HEAD")
    page.write_text(text)
    assert _run("-C", str(root), "build")[0] == 0
    published = root / "_build" / "html" / "index.html"
    before = published.stat().st_mtime_ns
    conf = root / "conf.py"
    conf.write_text(conf.read_text() + f"\ntom_versions = {{\n    'old': {{'revision': '{old}',"
                    " 'title': 'The old TOMs', 'replaced': '2025-09-15'},\n}\n")
    code, out, err = _run("-C", str(root), "build", "--versions")
    assert code == 1, out + err
    assert "Building the old TOMs" in out and "failed." in out, out + err
    relative = page.relative_to(root).as_posix()
    assert re.search(rf"^old at {old[:7]}: {re.escape(relative)}:\d+: ", err, re.M), err
    assert "nothing was published" in err
    assert published.stat().st_mtime_ns == before
    assert not (root / "_build" / "html" / "archive").exists()


# -- the example's history, built from a clone ----------------------------------------

def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


@pytest.mark.slow
def test_the_current_site_and_the_archive_have_the_switcher_on_every_page(site):
    html_dir = site["html"]
    themed = [p for p in _pages(html_dir) if 'id="pst-header"' in p.read_text("utf-8")]
    archived = [p for p in themed if ARCHIVE in p.as_posix()]
    assert len(themed) - len(archived) > 150 and len(archived) > 100
    missing = [p for p in themed if "version-switcher__container" not in p.read_text("utf-8")]
    assert missing == []
    for root, match in (("", "current"), (f"{ARCHIVE}/", "2023-2025")):
        entries = json.loads((html_dir / root / versions.SWITCHER_FILE).read_text("utf-8"))
        assert [e["version"] for e in entries] == ["current", "2023-2025"]
        page = (html_dir / root / "index.html").read_text("utf-8")
        assert f"&#34;theme_switcher_version_match&#34;: &#34;{match}&#34;" in page or \
            f"&quot;theme_switcher_version_match&quot;: &quot;{match}&quot;" in page
    assert "Building the 2023–2025 TOMs (" in site["stdout"]


def _banner_link(page: Path) -> Path:
    text = page.read_text("utf-8")
    found = re.search(r'<p class="tom-archive-banner">.*?<a class="tom-archive-current" '
                      r'href="([^"]+)">', text, re.S)
    assert found, f"{page}: no banner"
    return (page.parent / html.unescape(found.group(1))).resolve()


@pytest.mark.slow
def test_every_archived_tom_page_has_a_banner_leading_to_its_page_now(site):
    html_dir = site["html"].resolve()
    old, now = needs_of(site["html"] / ARCHIVE), needs_of(site["html"])
    toms = [n for n in old.values() if n["type"] in ("tom", "layer")]
    assert len([n for n in toms if n["type"] == "tom"]) == 10
    for need in toms:
        target = _banner_link(site["html"] / ARCHIVE / f"{need['docname']}.html")
        assert target.is_file(), need["id"]
        expected = now[need["id"]]["docname"] if need["id"] in now else "index"
        assert target == html_dir / f"{expected}.html", need["id"]
    text = (site["html"] / ARCHIVE / f"{toms[0]['docname']}.html").read_text("utf-8")
    assert "This page is from the 2023–2025 TOMs, replaced on 15 September 2025 by " in text
    assert "Cabinet approval of the Target Operating Models 2025–2030</a>" in text
    # the current site has no banner
    assert "tom-archive-banner" not in (site["html"] / "index.html").read_text("utf-8")


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        cache[page] = set(_ID.findall(page.read_text("utf-8", errors="replace")))
    return cache[page]


@pytest.mark.slow
def test_no_broken_internal_link_anywhere_in_the_output(site):
    """Every href and src of every page, the archive's included, names a file of the
    output, and every #fragment an element of that page."""
    html_dir = site["html"].resolve()
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    checked = 0
    # the theme's Jinja macros are copied into _static/ as they are: not a page
    pages = [p for p in _pages(html_dir) if "_static" not in p.relative_to(html_dir).parts]
    for page in pages:
        for ref in set(_REF.findall(page.read_text("utf-8"))):
            ref = html.unescape(ref)
            if not ref or ref.startswith(_EXTERNAL):
                continue
            path, _, fragment = ref.partition("#")
            path = urllib.parse.unquote(path.split("?")[0])
            # the 404 page's addresses start at the site's root (it is served anywhere)
            base = html_dir if path.startswith("/") else page.parent
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            where = f"{page.relative_to(html_dir)}: {ref}"
            if not target.is_relative_to(html_dir) or not target.is_file():
                broken.append(where)
            elif fragment and target.suffix == ".html" and fragment not in _ids(target, ids):
                broken.append(f"{where} (no #{fragment})")
    assert broken == []
    assert checked > 50_000


def _actions_by_tom(needs: dict) -> dict[str, set[str]]:
    """Each TOM's actions, by the folder of the TOM's page (independent of tom_ext)."""
    tom_of_folder = {n["docname"].rsplit("/", 1)[0]: n["id"] for n in needs.values()
                     if n["type"] == "tom"}
    found: dict[str, set[str]] = defaultdict(set)
    for need in needs.values():
        if need["type"] == "action":
            found[tom_of_folder[need["docname"].rsplit("/", 1)[0]]].add(need["id"])
    return found


def _listed(page: str, kind: str) -> set[str]:
    ids: set[str] = set()
    for table in re.findall(rf'<table class="[^"]*\btom-compare-{kind}\b[^"]*">(.*?)</table>',
                            page, re.S):
        ids |= set(re.findall(r'<span class="tom-id">([A-Z0-9_]+)</span>', table))
    return ids


@pytest.mark.slow
def test_each_toms_comparison_lists_exactly_the_actions_added_closed_and_carried(site):
    old, now = needs_of(site["html"] / ARCHIVE), needs_of(site["html"])
    before, after = _actions_by_tom(old), _actions_by_tom(now)
    all_old = {i for n in before.values() for i in n}
    all_new = {i for n in after.values() for i in n}
    totals = defaultdict(int)
    for tom_id in sorted(after):
        page = (site["html"] / "changes" / "refresh" / f"{tom_id}.html").read_text("utf-8")
        expected = {"added": after[tom_id] - all_old,
                    "closed": before.get(tom_id, set()) - all_new,
                    "carried": after[tom_id] & all_old}
        for kind, ids in expected.items():
            assert _listed(page, kind) == ids, (tom_id, kind)
            totals[kind] += len(ids)
        tom_page = (site["html"] / f"{now[tom_id]['docname']}.html").read_text("utf-8")
        assert (f'href="{"../" * now[tom_id]["docname"].count("/")}changes/refresh/'
                f'{tom_id}.html">What changed since the 2023–2025 TOMs</a>') in tom_page
    assert min(totals.values()) > 20, totals
    page = (site["html"] / "changes/refresh/TOM_CSI.html").read_text("utf-8")
    assert "slipped by" in page and "Layers rewritten" in page
    new_tom = (site["html"] / "changes/refresh/TOM_TRF.html").read_text("utf-8")
    assert "is new: the 2023–2025 TOMs had no TOM with its ID" in new_tom


def _cells(row: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", html.unescape(c)).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


@pytest.mark.slow
def test_the_page_of_every_comparison_has_each_toms_figures_and_leads_to_its_page(site):
    html_dir = site["html"]
    page = (html_dir / "changes/refresh/index.html").read_text("utf-8")
    table = re.search(r'<table class="[^"]*\btom-compare-index\b.*?</table>', page, re.S)
    header, *rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)
    assert _cells(header) == ["TOM", "Added", "Closed", "Carried over", "Due later",
                              "Layers rewritten",
                              "Strategies newly supported"]
    *toms, total = rows
    tom_ids = sorted(p.stem for p in (html_dir / "changes/refresh").glob("TOM_*.html"))
    assert sorted(re.search(r'<span class="tom-id">(\w+)</span>', r)[1] for r in toms) == \
        tom_ids
    sums = [0] * 5
    for row in toms:
        tom_id = re.search(r'<span class="tom-id">(\w+)</span>', row)[1]
        assert f'href="{tom_id}.html"' in row
        compared = (html_dir / f"changes/refresh/{tom_id}.html").read_text("utf-8")
        figures = [int(c) for c in _cells(row)[1:]]
        listed = [len(_listed(compared, kind)) for kind in ("added", "closed", "carried")]
        assert figures[:3] == listed, tom_id
        assert figures[3] == compared.count("slipped by"), tom_id
        sums = [a + b for a, b in zip(sums, figures[:5], strict=True)]
        # each comparison leads back to the page of them all
        assert 'href="index.html">What changed in each TOM since the 2023–2025 TOMs</a>' in \
            compared
    assert _cells(total)[0] == "All TOMs" and [int(c) for c in _cells(total)[1:6]] == sums
    intro = " ".join(re.sub(r"<[^>]+>", " ", page.split("<table", 1)[0]).split())
    assert (f"The {len(tom_ids)} TOMs compared with the 2023–2025 TOMs, replaced on "
            f"15 September 2025: {sums[0]} actions added, {sums[1]} closed, "
            f"{sums[2]} carried over ({sums[3]} with a later due date)") in intro
    # the Refresh page leads to it
    assert ('href="changes/refresh/index.html">What changed in each TOM since the 2023–2025 '
            "TOMs</a>") in (html_dir / "refresh.html").read_text("utf-8")


@pytest.mark.slow
def test_a_second_build_rebuilds_no_archive(site):
    html_dir = site["html"]
    kept = [html_dir / ARCHIVE / "index.html",
            site["root"] / "_build" / ".versions" / "2023-2025" / "html" / "index.html",
            site["root"] / "_build" / ".versions" / "2023-2025" / "stamp.sha256"]
    before = [p.stat().st_mtime_ns for p in kept]
    code, out, err = _run("-C", str(site["root"]), "build", "--versions")
    assert code == 0, err
    assert "The 2023–2025 TOMs (" in out and "): reused" in out
    assert "Building the 2023–2025" not in out
    assert [p.stat().st_mtime_ns for p in kept] == before


@pytest.mark.slow
def test_tom_diff_takes_a_versions_name(site):
    code, out, err = _run("-C", str(site["root"]), "diff", "2023-2025", "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    assert result["from"].startswith("The 2023–2025 TOMs (")
    added = {c["id"] for c in result["needs"] if c["kind"] == "added"}
    assert {"TOM_TRF", "TOM_PRK", "TOM_REG", "TOM_BLD"} <= added


@pytest.mark.slow
def test_a_public_build_archives_only_public_content(site):
    root = site["root"]
    code, out, err = _run("-C", str(root), "build", "--versions", "--audience", "public")
    assert code == 0, err + out
    public = root / "_build" / "public"
    assert (public / ARCHIVE / "index.html").is_file()
    assert not (public / ARCHIVE / "workforce-reductions.html").exists()
    assert not (public / "workforce-reductions.html").exists()
    hidden: set[str] = set()
    for needs_json in (site["html"] / "needs.json", site["html"] / ARCHIVE / "needs.json"):
        data = json.loads(needs_json.read_text("utf-8"))
        hidden |= audience.withheld_ids(snapshot.read(data, "x").site)
    assert len(hidden) > 20
    pattern = re.compile(r"\b(" + "|".join(sorted(hidden)) + r")\b")
    leaks = []
    for path in sorted(public.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".txt", ".csv", ".xml"):
            found = pattern.search(path.read_text("utf-8", errors="replace"))
            if found:
                leaks.append(f"{path.relative_to(public)}: {found.group(0)}")
    assert leaks == []
