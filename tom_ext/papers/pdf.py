"""A paper as a tagged, accessible PDF (PDF/UA-1: a structure tree, the title and the
language in its metadata, text alternatives for its pictures).

Written by the ``typst`` wheel: a whole typesetting engine in one PyPI package, with its
own fonts, so a fresh machine needs no TeX, no browser and no system library (WeasyPrint
needs Pango from the system; a TeX distribution is gigabytes); and it writes tagged PDF,
which a committee's pack must be for screen-reader users.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import typst

from tom_ext.papers.document import Paper


class PdfError(RuntimeError):
    """typst could not typeset the paper (a fault of tom_ext, never of an author)."""


def pdf_bytes(paper: Paper) -> bytes:
    template = resources.files("tom_ext.papers").joinpath("paper.typ").read_bytes()
    data = json.dumps(paper.as_data(), ensure_ascii=False, sort_keys=True)
    try:
        # only typst's own fonts: the same glyphs, so the same bytes, on every machine
        pdf = typst.compile(template, sys_inputs={"paper": data}, pdf_standards=["ua-1"],
                            ignore_system_fonts=True)
    except typst.TypstError as err:
        raise PdfError(f"typst could not write {paper.name}.pdf: {err}") from err
    assert isinstance(pdf, bytes)
    return pdf


def write_pdf(paper: Paper, path: Path) -> None:
    path.write_bytes(pdf_bytes(paper))
