"""Committee papers (tom paper, tom_papers): read back as a committee officer's tools read
them — python-docx and pandoc for Word, pypdf and poppler's pdftotext for the PDF."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from tests.conftest import copy_example, needs_of
from tom_ext.cli import main as cli
from tom_ext.core import audience
from tom_ext.papers.pdf import pdf_bytes

STATUS_WORDS = {"not-started": "Not started", "on-track": "On track", "at-risk": "At risk",
                "off-track": "Off track", "complete": "Complete"}


def word_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file, as python-docx reads it."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pdf_text(path: Path | bytes) -> str:
    data = path if isinstance(path, bytes) else path.read_bytes()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text with its line breaks and hyphenation undone, for searching."""
    return " ".join(text.split())


def tool(name: str) -> str:
    """A command-line reader the tests need: .ci/run installs it; on a developer's
    machine without it the test is skipped (under CI it fails)."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def tom_actions(needs: dict, tom_id: str) -> dict[str, dict]:
    layers = {i for i, n in needs.items() if n["type"] == "layer" and tom_id in n["part_of"]}
    return {i: n for i, n in needs.items()
            if n["type"] == "action" and set(n["part_of"]) & layers}


# --- the example site's build (tom_papers = True) --------------------------------------


def test_the_build_writes_each_paper_and_the_pages_link_to_them(example_site):
    papers = example_site["html"] / "downloads" / "papers"
    needs = needs_of(example_site["html"])
    toms = sorted(i for i, n in needs.items() if n["type"] == "tom")
    assert sorted(p.name for p in papers.iterdir()) == sorted(
        f"{name}.{fmt}" for name in ["board", *toms] for fmt in ("docx", "pdf"))
    page = (example_site["html"] / "toms/environment-regeneration/leisure-culture/"
            "index.html").read_text()
    assert ('Committee paper: <a class="reference external" '
            'href="../../../downloads/papers/TOM_LEI.docx">Word</a>') in page
    progress = (example_site["html"] / "progress.html").read_text()
    assert ("The Improvement Board’s progress report: " in progress
            or "The Improvement Board's progress report: " in progress)
    assert 'href="downloads/papers/board.pdf">PDF</a>' in progress


def test_a_build_rewrites_only_the_papers_whose_content_changed(tmp_path):
    import datetime as dt

    from tom_ext.papers.document import Cover, Paper, Para, Section
    from tom_ext.sphinx_ext.papers import _write_if_changed

    def paper(name: str, text: str) -> Paper:
        cover = Cover("Council", "Cabinet", "1 May 2027", "All", name, "Officer", "Member",
                      "Contact")
        return Paper(name, name, cover, ("That it works.",), (Section("One", (Para(text),)),))

    day = dt.date(2027, 5, 1)
    folder, stamps = tmp_path / "papers", tmp_path / "stamps"

    def write(*papers: Paper) -> dict[str, tuple[int, int]]:
        for each in papers:
            _write_if_changed(each, folder, stamps / f"{each.name}.sha256", day)
        return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}

    first = write(paper("a", "one"), paper("b", "two"))
    assert sorted(first) == ["a.docx", "a.pdf", "b.docx", "b.pdf"]
    second = write(paper("a", "one"), paper("b", "changed"))
    assert [n for n in sorted(first) if first[n] != second[n]] == ["b.docx", "b.pdf"]
    (folder / "a.pdf").unlink()  # a file gone from the site is written again
    assert "a.pdf" in write(paper("a", "one"), paper("b", "changed"))


def test_a_toms_word_paper_holds_its_title_every_action_and_its_status(example_site):
    needs = needs_of(example_site["html"])
    path = example_site["html"] / "downloads/papers/TOM_LEI.docx"
    text = flat(word_text(path))
    assert "Leisure and Culture TOM 2025–2030" in text
    actions = tom_actions(needs, "TOM_LEI")
    assert len(actions) > 20
    for action_id, action in actions.items():
        row = re.search(re.escape(f"({action_id})") + r".{0,120}?(" + "|".join(
            STATUS_WORDS.values()) + ")", text)
        assert row, action_id
        assert row.group(1) == STATUS_WORDS[action["status"]], action_id


def test_the_word_paper_is_a_council_report(example_site):
    document = docx.Document(str(example_site["html"] / "downloads/papers/TOM_LEI.docx"))
    front = document.tables[0]
    assert [(r.cells[0].text, r.cells[1].text) for r in front.rows][:5] == [
        ("Committee:", "Cabinet"), ("Date:", "To write: the date of the meeting"),
        ("Wards:", "All wards"), ("Subject:", "Leisure and Culture TOM 2025–2030"),
        ("Lead officer:", "Director of Environment and Regeneration")]
    assert front.rows[5].cells[1].text == "Cabinet Member for Environment and Regeneration"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[:6] == ["Recommendations", "1  Purpose of report and executive summary",
                            "2  The target operating model", "3  The layers of the TOM",
                            "4  Savings and staffing against the Medium Term Financial "
                            "Strategy", "5  Decisions so far"]
    for title in ("Financial, resource and property implications",
                  "Legal and statutory implications",
                  "Human rights, equalities and community cohesion implications",
                  "Crime and disorder implications",
                  "Risk management and health and safety implications"):
        assert any(h.endswith(title) for h in headings), title
    assert document.core_properties.title == ("Leisure and Culture TOM 2025–2030: report to "
                                              "Cabinet")
    assert document.core_properties.language == "en-GB"


def test_word_tables_repeat_their_header_and_keep_rows_whole(example_site):
    document = docx.Document(str(example_site["html"] / "downloads/papers/TOM_LEI.docx"))
    actions = [t for t in document.tables if t.rows[0].cells[0].text == "Action"]
    assert actions
    for table in actions:
        first = table.rows[0]._tr.trPr
        assert first.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_word_pictures_have_text_alternatives(example_site):
    document = docx.Document(str(example_site["html"] / "downloads/papers/board.docx"))
    pictures = document.inline_shapes
    assert len(pictures) == 1
    descr = pictures[0]._inline.docPr.get("descr")
    assert descr == ("Bar chart: actions by status and department; the table after it "
                     "gives the same numbers.")


def test_a_second_reader_finds_the_same_in_the_word_paper(example_site):
    pandoc = tool("pandoc")
    path = example_site["html"] / "downloads/papers/TOM_LEI.docx"
    text = flat(subprocess.run([pandoc, "-t", "plain", "--wrap=none", str(path)],
                               capture_output=True, text=True, check=True).stdout)
    assert "Leisure and Culture TOM 2025–2030" in text
    needs = needs_of(example_site["html"])
    for action_id in tom_actions(needs, "TOM_LEI"):
        assert f"({action_id})" in text, action_id


def test_the_pdf_paper_holds_the_same_and_is_tagged(example_site):
    path = example_site["html"] / "downloads/papers/TOM_LEI.pdf"
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged: a structure tree for screen readers
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Leisure and Culture TOM 2025–2030: report to Cabinet"
    text = flat(pdf_text(path))
    assert "Leisure and Culture TOM 2025–2030" in text
    needs = needs_of(example_site["html"])
    for action_id in tom_actions(needs, "TOM_LEI"):
        assert action_id in text, action_id
    poppler = flat(subprocess.run([tool("pdftotext"), "-layout", str(path), "-"],
                                  capture_output=True, text=True, check=True).stdout)
    assert all(action_id in poppler for action_id in tom_actions(needs, "TOM_LEI"))


def _overdue_on_the_progress_page(html_dir: Path) -> list[str]:
    page = (html_dir / "progress.html").read_text()
    table = page[page.index('tom-overdue'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<span class="tom-id">(ACT_\w+)</span>', table)


def test_the_boards_overdue_list_is_the_progress_pages(example_site):
    on_page = _overdue_on_the_progress_page(example_site["html"])
    assert len(on_page) > 10
    document = docx.Document(str(example_site["html"] / "downloads/papers/board.docx"))
    overdue = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == [
        "Action", "TOM", "Owner", "Due", "Overdue by", "Status"])
    in_paper = [re.search(r"\((ACT_\w+)\)$", row.cells[0].text).group(1)
                for row in overdue.rows[1:]]
    assert in_paper == on_page
    pdf = flat(pdf_text(example_site["html"] / "downloads/papers/board.pdf"))
    assert f"Overdue actions ({len(on_page)})" in pdf


def test_the_boards_report_says_what_changed_since_the_baseline(example_site):
    text = flat(word_text(example_site["html"] / "downloads/papers/board.docx"))
    assert "What changed since the Improvement Board of 14 September 2026" in text
    assert re.search(r"Worsened or slipped \(\d+\)", text)


# --- tom paper on the small fixture ------------------------------------------------------


def test_tom_paper_writes_word_and_pdf_and_says_what_is_left_to_write(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "paper", "tom_lib", "--date", "2027-01-20"]) == 0
    out = capsys.readouterr().out
    assert out == ("tom paper: wrote TOM_LIB.docx and TOM_LIB.pdf to _build/papers/; 9 "
                   "parts for you to write, marked 'To write:'\n")
    text = flat(word_text(root / "_build/papers/TOM_LIB.docx"))
    assert "Date: 20 January 2027" in text.replace(":\n", ": ")
    assert "To write: the lead member for Environment" in text
    assert "That Cabinet notes the Libraries TOM, approved by Cabinet on" in text


@pytest.mark.parametrize(("stage", "asked"), [
    ("first-draft", "That Cabinet comments on the first draft of the Libraries TOM, so that "
                    "its comments shape the next draft."),
    ("final", "That Cabinet approves the Libraries TOM."),
])
def test_the_decision_sought_follows_the_stage(project, capsys, stage, asked):
    root = project("basic")
    index = root / "source/toms/env/lib/index.md"
    index.write_text(index.read_text().replace(":stage: approved", f":stage: {stage}")
                     .replace(":approved_by: DEC_2025_CABINET\n", ""))
    assert cli.main(["-C", str(root), "paper", "TOM_LIB", "--format", "docx",
                     "--committee", "Overview and Scrutiny Commission"]) == 0
    text = flat(word_text(root / "_build/papers/TOM_LIB.docx"))
    assert asked.replace("Cabinet", "Overview and Scrutiny Commission") in text


def test_two_runs_on_one_date_give_the_same_bytes(project, capsys, monkeypatch):
    root = project("basic")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796256000")
    for out in ("one", "two"):
        assert cli.main(["-C", str(root), "paper", "TOM_LIB", "board", "-o", out]) == 0
    for name in ("TOM_LIB.docx", "TOM_LIB.pdf", "board.docx", "board.pdf"):
        assert (root / "one" / name).read_bytes() == (root / "two" / name).read_bytes(), name


def test_an_unknown_tom_is_refused_with_the_ids_there_are(project, capsys):
    root = project("basic")
    assert cli.main(["-C", str(root), "paper", "TOM_LIBS"]) == 2
    assert capsys.readouterr().err == (
        "tom paper: no TOM has the ID 'TOM_LIBS' — did you mean TOM_LIB? (the TOMs: "
        "TOM_LIB; or 'board' for the board's progress report)\n")
    assert not (root / "_build/papers").exists()


def test_a_site_with_problems_gets_no_paper(project, capsys):
    root = project("basic")
    page = root / "source/toms/env/lib/technology.md"
    page.write_text(page.read_text().replace(":status: on-track", ":status: green", 1))
    assert cli.main(["-C", str(root), "paper", "TOM_LIB"]) == 1
    err = capsys.readouterr().err
    assert "status 'green' is not allowed" in err
    assert err.endswith("tom paper: fix the problems above first (tom check lists them); no "
                        "paper was written.\n")
    assert not (root / "_build/papers").exists()


def test_the_pdf_of_any_text_an_author_writes_is_typeset_as_text():
    """Author text is data for the template, never typst markup."""
    from tom_ext.papers.document import Cover, Paper, Para, Section

    hostile = '#set page(fill: red) ] ) } $x$ @ref <label> `raw` \\ #read("/etc/passwd")'
    cover = Cover("Council", "Cabinet", "1 May 2027", "All", "Subject", "Officer", "Member",
                  "Contact")
    paper = Paper("x", "Title", cover, ("That it works.",),
                  (Section("One", (Para(hostile),)),))
    assert hostile in flat(pdf_text(pdf_bytes(paper)))


# --- the public audience -----------------------------------------------------------------


def test_public_papers_leave_out_everything_withheld(example_site, tmp_path, capsys):
    from tom_ext.changes import snapshot
    from tom_ext.core.audience import read_pages, withheld_pages

    root = copy_example(tmp_path / "site")
    site = snapshot.load(example_site["html"] / "needs.json", "intranet").site
    hidden = audience.withheld_ids(site)
    pages = withheld_pages(read_pages(root / "source", [".md"]))
    hidden |= {need_id for found in pages.values() for _kind, need_id, _level in found}
    assert {"TOM_CAH", "TOM_PRK"} & {site.tom_of(site.by_id[i]).id for i in hidden
                                       if i in site.by_id and site.tom_of(site.by_id[i])}
    assert cli.main(["-C", str(root), "paper", "TOM_CAH", "TOM_PRK", "TOM_LEI", "board",
                     "--audience", "public"]) == 0
    titles = {site.by_id[i].title for i in hidden
              if i in site.by_id and site.by_id[i].type == "action"}
    folder = root / "_build/papers-public"
    for path in sorted(folder.iterdir()):
        text = flat(word_text(path) if path.suffix == ".docx" else pdf_text(path))
        leaked = sorted(i for i in hidden if re.search(rf"\b{i}\b", text))
        assert not leaked, (path.name, leaked[:5])
        assert not [t for t in titles if flat(t) in text], path.name
    assert "OFFICIAL-SENSITIVE and is left out of this public paper" in flat(
        word_text(folder / "TOM_PRK.docx"))
