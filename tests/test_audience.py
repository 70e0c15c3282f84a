"""Audiences: the public build holds nothing OFFICIAL-SENSITIVE in any file; the intranet
build holds it all, marked."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path

import pytest

from tom_ext.cli import main as cli
from tom_ext.core import audience
from tom_ext.core.framework import resolve
from tom_ext.core.model import Model
from tom_ext.core.needs import Site
from tom_ext.sphinx_ext.withhold import filter_toctrees

from .conftest import copy_example, needs_of, rec, source_date_epoch

#: distinctive phrases of the example's sensitive content (lower case: the search index
#: keeps words in lower case)
CANARIES = (
    "canary-marshlane-q7v3", "by 11.5 fte",  # a sensitive action (waste)
    "canary-brookfield-k2m8", "brookfield day centre", "ashgrove kitchen",  # (adults)
    "canary-tender-p4r9", "1.84m", "310k below",  # a sensitive layer page (parking)
    "canary-s188-w5n1", "workforce reductions", "workforce-reductions",  # a sensitive page
)


def file_texts(root: Path) -> dict[str, str]:
    """Every file written under ``root`` as lower-case text, the workbook's parts and
    objects.inv's compressed body included."""
    texts = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        name = path.relative_to(root).as_posix()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    texts[f"{name}!{member}"] = book.read(member).decode("utf-8", "replace")
            continue
        if path.name == "objects.inv":
            header, _, body = data.partition(b"zlib.\n")
            data = header + zlib.decompress(body)
        texts[name] = data.decode("utf-8", "replace")
    return {name: text.lower() for name, text in texts.items()}


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    dest = copy_example(tmp_path_factory.mktemp("public"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(dt.date.today()))
        code = cli.main(["-C", str(dest), "build", "-q", "--audience", "public"])
    return {"root": dest, "html": dest / "_build" / "public", "code": code,
            "stdout": out.getvalue(), "stderr": err.getvalue()}


def sensitive_ids(example_site: dict) -> list[str]:
    needs = needs_of(example_site["html"])
    return sorted(i for i, n in needs.items() if n.get("classification") == audience.SENSITIVE)


def test_public_build_is_clean_and_separate(public_site: dict) -> None:
    assert public_site["code"] == 0, public_site["stderr"]
    assert "0 warnings" in public_site["stdout"]
    assert not (public_site["root"] / "_build" / "html").exists()
    assert (public_site["html"] / "index.html").is_file()
    assert not any((public_site["html"] / "_sources").rglob("*.txt"))


def test_no_file_of_the_public_site_holds_anything_sensitive(public_site: dict,
                                                              example_site: dict) -> None:
    ids = sensitive_ids(example_site)
    # the sensitive layer, its actions, and actions told or inheriting OFFICIAL-SENSITIVE
    assert {"LYR_PRK_TEC", "ACT_PRK_TEC_01", "ACT_WST_ORG_01", "ACT_CAH_PEO_04"} <= set(ids)
    texts = file_texts(public_site["html"])
    assert any(name.startswith("downloads/") and "!" in name for name in texts)
    assert "searchindex.js" in texts and "objects.inv" in texts and "needs.json" in texts
    hits = [(name, word) for name, text in texts.items()
            for word in (*CANARIES, *(i.lower() for i in ids)) if word in text]
    assert hits == []


def test_the_intranet_site_holds_it_all(example_site: dict) -> None:
    texts = "\n".join(file_texts(example_site["html"]).values())
    missing = [w for w in (*CANARIES, *(i.lower() for i in sensitive_ids(example_site)))
               if w not in texts]
    assert missing == []


def test_intranet_marks_sensitive_items_and_pages(example_site: dict) -> None:
    page = (example_site["html"] / "toms/community-housing/community-and-housing/people.html")
    html = page.read_text()
    # the page says so at the top, and each sensitive item's card carries the marking
    assert "tom-marking-banner" in html and 'class="tom-badge tom-badge-marking"' in html
    assert "OFFICIAL-SENSITIVE" in html
    whole = (example_site["html"] / "workforce-reductions.html").read_text()
    assert "this page is intranet only" in whole


def test_views_count_what_is_withheld(public_site: dict) -> None:
    for page in ("coverage.html", "progress.html"):
        html = (public_site["html"] / page).read_text()
        assert "1 layer and 29 actions are withheld from this public site" in html
    tom = (public_site["html"] / "toms/environment-regeneration/parking/index.html").read_text()
    assert "of this TOM are withheld from this public site" in tom


def test_a_withheld_layer_reads_withheld_in_the_coverage_matrix(public_site: dict,
                                                                example_site: dict) -> None:
    import re

    def parking_row(html_dir: Path) -> list[str]:
        html = (html_dir / "coverage.html").read_text()
        row = html[html.index(">Parking"):]
        row = row[:row.index("</tr>")]
        return re.sub(r"<[^>]+>", " ", row).split()

    # parking's technology layer (the 7th of the nine) is OFFICIAL-SENSITIVE; its people
    # layer (the 9th) has no actions yet, which screen readers hear after "Partial"
    assert parking_row(public_site["html"])[1:] == (
        ["Services"] + ["●", "Complete"] * 6 + ["⊘", "Withheld"] + ["●", "Complete"]
        + ["◐", "Partial", ":", "no", "actions"] + ["7", "of", "9"])
    assert "Withheld" not in parking_row(example_site["html"])


def test_the_public_sitemap_lists_the_public_pages_only(public_site: dict,
                                                        example_site: dict) -> None:
    from .test_site_furniture import BASE, NOT_CONTENT, redirect_pages, sitemap_pages

    public, intranet = (sitemap_pages(site["html"], BASE) for site in (public_site,
                                                                       example_site))
    html_dir = public_site["html"]
    pages = {p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
             if p.relative_to(html_dir).parts[0] != "_static"}
    assert public == sorted(pages - NOT_CONTENT - redirect_pages(html_dir))
    assert sorted(set(intranet) - set(public)) == WITHHELD_PAGES
    assert set(public) < set(intranet)
    # nor does a public page link to the intranet's repository
    assert not any("editthispage" in (html_dir / page).read_text() for page in public)


#: the example's pages a public build leaves out
WITHHELD_PAGES = ["toms/environment-regeneration/parking/technology.html",
                  "workforce-reductions.html"]


def test_links_to_withheld_items_read_withheld(public_site: dict) -> None:
    # a {need} role in a public action, and a Markdown link to a withheld page
    channels = (public_site["html"]
                / "toms/environment-regeneration/parking/channels.html").read_text()
    assert "delayed (<span class=\"tom-withheld\">withheld</span>)" in channels
    progress = (public_site["html"] / "progress.html").read_text()
    assert "summarised in <span class=\"tom-withheld\">withheld</span>" in progress


# --- the pure parts ---------------------------------------------------------------------

def test_withheld_pages_front_matter_sensitive_tom_folder_and_layer() -> None:
    sensitive = ":classification: OFFICIAL-SENSITIVE"
    pages = {
        "index": "# Home\n",
        "secret": "---\nclassification: OFFICIAL-SENSITIVE\n---\n# S\n",
        "toms/d/a/index": f"```{{tom}} A\n:id: TOM_A\n{sensitive}\n```\n",
        "toms/d/a/people": "```{layer} People\n:id: LYR_A_PEO\n```\n",
        "toms/d/b/index": "```{tom} B\n:id: TOM_B\n```\n",
        "toms/d/b/people": f"```{{layer}} People\n:id: LYR_B_PEO\n{sensitive}\n```\n"
                           "```{action} X\n:id: ACT_B_PEO_01\n```\n",
        "toms/d/b/technology": f"```{{action}} Y\n:id: ACT_B_TEC_01\n{sensitive}\n```\n",
    }
    found = audience.withheld_pages(pages)
    assert sorted(found) == ["secret", "toms/d/a/index", "toms/d/a/people",
                             "toms/d/b/people"]
    assert found["toms/d/b/people"] == [("layer", "LYR_B_PEO", audience.SENSITIVE),
                                        ("action", "ACT_B_PEO_01", "")]


def test_an_action_inherits_its_layers_classification_before_its_toms() -> None:
    records = [
        rec("TOM_A", "tom", "toms/d/a/index", classification="OFFICIAL"),
        rec("LYR_A_PEO", "layer", "toms/d/a/people", classification="OFFICIAL-SENSITIVE"),
        rec("ACT_A_PEO_01", "action", "toms/d/a/people"),
        rec("ACT_A_PEO_02", "action", "toms/d/a/people", classification="OFFICIAL"),
    ]
    layers = resolve("nine-layer")
    site = Site(records, Model(layer_keys=layers.keys()), layers)
    assert audience.withheld_ids(site) == {"LYR_A_PEO", "ACT_A_PEO_01"}
    public = audience.public_site(site)
    assert sorted(public.by_id) == ["ACT_A_PEO_02", "TOM_A"]
    assert public.withheld == {("layer", "TOM_A"): 1, ("action", "TOM_A"): 1}
    assert audience.withheld_sentence(public.withheld, "TOM_A") == (
        "1 layer and 1 action of this TOM are withheld from this public site "
        "(OFFICIAL-SENSITIVE).")
    assert audience.withheld_sentence(public.withheld, "TOM_B") == ""


def test_toctrees_drop_withheld_entries_only() -> None:
    text = ("# T\n\n```{toctree}\n:hidden:\n\npeople\nSecret <secret>\n/toms/x/index\n"
            "technology\n```\n\npeople\n")
    out = filter_toctrees(text, "toms/d/a/index", {"toms/d/a/secret", "toms/x/index",
                                                      "toms/d/a/technology"})
    assert out == "# T\n\n```{toctree}\n:hidden:\n\npeople\n```\n\npeople\n"
