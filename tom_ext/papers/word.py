"""A paper as a Word document, for the committee system: python-docx writes .docx with
no Word, no LibreOffice and no system library (a PyPI wheel of pure Python and lxml)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable

from tom_ext.core.office import fixed_zip_dates
from tom_ext.papers.document import (
    PROMPT_MARK,
    Block,
    Bullets,
    Figure,
    Heading,
    Paper,
    Para,
    Table,
    numbered,
)
from tom_ext.papers.pictures import png_of

#: the text's width on A4 with the margins below
TEXT_WIDTH_CM = 16.0
FONT = "Arial"


def write_docx(paper: Paper, path: Path, when: dt.date) -> None:
    """Write ``paper`` to ``path``, dated ``when`` (the build date) wherever Word keeps a
    date, so that two runs give the same bytes."""
    doc = Document()
    _set_up(doc, paper, when)
    _front_sheet(doc, paper)
    counter = {"table": 0, "figure": 0}
    for number, section in enumerate(paper.sections, start=1):
        doc.add_heading(f"{number}  {section.title}", level=2)
        for block, label in numbered(section.blocks, number):
            _block(doc, block, label, counter)
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(fixed_zip_dates(buffer.getvalue(), when))


def _set_up(doc: DocxDocument, paper: Paper, when: dt.date) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    _language(normal.element, paper.language)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption"):
        style = doc.styles[name]
        style.font.name, style.font.color.rgb = FONT, RGBColor(0, 0, 0)
    props = doc.core_properties
    stamp = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
    props.title, props.author, props.language = paper.title, paper.cover.council, \
        paper.language
    props.created = props.modified = stamp
    props.last_modified_by, props.revision, props.comments = paper.cover.council, 1, ""
    footer = section.footer.paragraphs[0]
    footer.text = f"{paper.cover.classification}\tPage "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _language(element: Any, language: str) -> None:
    """Word's proofing language for the style (en-GB: British spelling)."""
    rpr = element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)


def _field(paragraph: object, code: str) -> None:
    """A Word field (page number, number of pages) in ``paragraph``."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)  # type: ignore[attr-defined]


def _front_sheet(doc: DocxDocument, paper: Paper) -> None:
    council = doc.add_paragraph()
    council.add_run(paper.cover.council).bold = True
    doc.add_heading(paper.cover.subject, level=1)
    rows = paper.cover.rows()
    table = doc.add_table(rows=len(rows), cols=2)
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].paragraphs[0].add_run(f"{label}:").bold = True
        _text(row.cells[1].paragraphs[0], value, value.startswith(PROMPT_MARK))
    _widths(table, (4, 12))
    doc.add_heading("Recommendations", level=2)
    for recommendation in paper.recommendations:
        doc.add_paragraph(recommendation, style="List Number")


def _text(paragraph: object, text: str, prompt: bool) -> None:
    """Text, or a prompt the author replaces: highlighted, in italics, and starting
    "To write:" (the words say it, not only the colour)."""
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    if prompt:
        run.italic = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _block(doc: DocxDocument, block: Block, label: str,
           counter: dict[str, int]) -> None:
    if isinstance(block, Heading):
        doc.add_heading(block.text, level=min(block.level + 1, 4))
    elif isinstance(block, Para):
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(1.2)
        paragraph.paragraph_format.first_line_indent = Cm(-1.2)
        paragraph.add_run(f"{label}\t")
        _text(paragraph, block.text, block.prompt)
    elif isinstance(block, Bullets):
        for item in block.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        counter["table"] += 1
        doc.add_paragraph(f"Table {counter['table']}: {block.caption}", style="Caption")
        _table(doc, block)
    elif isinstance(block, Figure):
        counter["figure"] += 1
        _figure(doc, block, counter["figure"])


def _table(doc: DocxDocument, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, values in enumerate((block.header, *block.rows)):
        row = table.rows[row_index]
        _row_property(row, "w:cantSplit")  # a row is never cut across two pages
        if row_index == 0:
            _row_property(row, "w:tblHeader")  # the header row repeats on every page
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(value).bold = row_index == 0
            if row_index and column in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, block.widths or (1,) * len(block.header))


def _row_property(row: object, name: str) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    properties.append(element)


def _widths(table: DocxTable, weights: tuple[int, ...]) -> None:
    total = sum(weights)
    table.autofit = False
    for row in table.rows:
        for cell, weight in zip(row.cells, weights, strict=True):
            cell.width = Cm(TEXT_WIDTH_CM * weight / total)


def _figure(doc: DocxDocument, block: Figure, number: int) -> None:
    picture = png_of(block.svg)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = paragraph.add_run().add_picture(io.BytesIO(picture.data),
                                            width=Cm(min(TEXT_WIDTH_CM, picture.width_cm)))
    properties = shape._inline.docPr
    properties.set("descr", block.alt)  # the text alternative Word reads out
    properties.set("title", block.caption)
    doc.add_paragraph(f"Figure {number}: {block.caption}", style="Caption")
