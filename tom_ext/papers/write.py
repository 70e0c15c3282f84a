"""Write a paper in each format asked for, whole or not at all: a reader of the folder
never sees half a document, and a failure leaves the last good one in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from tom_ext.core.whole_files import written_whole
from tom_ext.papers.document import Paper

FORMATS = ("docx", "pdf")


def write_paper(paper: Paper, folder: Path, when: dt.date,
                formats: Sequence[str] = FORMATS) -> list[Path]:
    """``folder/<name>.<format>`` for each format; the paths written."""
    from tom_ext.papers.pdf import write_pdf
    from tom_ext.papers.word import write_docx

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = folder / f"{paper.name}.{fmt}"
        with written_whole(path) as partial:
            if fmt == "docx":
                write_docx(paper, partial, when)
            else:
                write_pdf(paper, partial)
        written.append(path)
    return written
