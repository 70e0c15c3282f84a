"""The Excel workbook with typed cells, so a layer lead can filter by date and sum savings.

A ``Sheet`` holds the values as the needs give them (an ISO date, ``"35"``), which is what
its CSV writes; its column kinds say what each column is, and only here are the cells typed
from them: real dates, numbers with £k and FTE formats, a list of statuses to pick from, and
a total row under the summed columns that follows the filters, as the total row of an
Excel table does (``SUBTOTAL(109, …)``: a layer lead who filters to one strategy sees its
total), with the figure stored beside the formula so a reader that does not calculate (a
preview, a script) still sees it. No Sphinx.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tom_ext.core.model import STATUSES
from tom_ext.core.office import fixed_zip_dates
from tom_ext.core.values import is_number, iso_date, number
from tom_ext.views.actions import status_label

Kind = Literal["text", "date", "money", "fte", "count", "status"]
"""What a column holds: ``money`` is £k, ``fte`` a change in posts, ``status`` a word of
``STATUSES``; ``text`` is written as it is."""

NUMBERS: frozenset[Kind] = frozenset({"money", "fte", "count"})

#: "31 Oct 2026", as the site's tables show a due date: the day first as a UK reader
#: expects, and unambiguous in any locale (a "dd/mm/yyyy" date is read month first by
#: US-trained eyes, and Excel draws its "/" in the reader's own date separator)
DATE_FORMAT = "d mmm yyyy"
#: (whole, fractional) formats: "£35k" and "£12.5k" as the site writes a saving, "-2 FTE"
FORMATS: dict[Kind, tuple[str, str]] = {
    "money": ('"£"#,##0"k"', '"£"#,##0.0#"k"'),
    "fte": ('+0" FTE";-0" FTE";0" FTE"', '+0.0#" FTE";-0.0#" FTE";0" FTE"'),
}
#: narrowest column that shows the formatted value rather than "####"
MIN_WIDTHS: dict[Kind, int] = {"date": 13, "money": 12, "fte": 11}


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    """Sheet name, and the CSV file's name without ``.csv``."""
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    kinds: tuple[Kind, ...] = ()
    """One per column (a column past the end is text)."""
    total: bool = False
    """Whether the workbook adds a "Total" row under the number columns."""

    def kind(self, column: int) -> Kind:
        return self.kinds[column] if column < len(self.kinds) else "text"


def typed(kind: Kind, value: object) -> object:
    """The cell value: a date or a number where the text is one; empty as no value; any
    other text (an author's "TBC") as it is, so nothing is lost."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        return value
    if kind == "date":
        return iso_date(value) or value
    if kind in NUMBERS and is_number(value) and math.isfinite(number(value)):
        amount = number(value)
        return int(amount) if amount.is_integer() else amount
    return value


def totals(sheet: Sheet) -> list[object]:
    """The total row's figures: "Total" first, then the sum of each number column."""
    row: list[object] = ["Total"] + [None] * (len(sheet.header) - 1)
    for column in range(1, len(sheet.header)):
        if sheet.kind(column) in NUMBERS:
            values = [typed(sheet.kind(column), r[column]) for r in sheet.rows]
            summed = math.fsum(v for v in values if isinstance(v, int | float))
            row[column] = int(summed) if summed.is_integer() else summed
    return row


def _number_format(kind: Kind, value: object) -> str | None:
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if kind in FORMATS and isinstance(value, int | float):
        whole, fractional = FORMATS[kind]
        return whole if float(value).is_integer() else fractional
    return None


def _cells(ws: Any, sheet: Sheet, values: Sequence[object], bold: bool = False) -> list[Any]:
    """The typed values, as styled cells where they need a format or bold type (only
    there: a plain value is written faster)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for column, value in enumerate(values):
        value = typed(sheet.kind(column), value)
        shown = _number_format(sheet.kind(column), value)
        if shown is None and not (bold and value is not None):
            cells.append(value)
            continue
        cell = WriteOnlyCell(ws, value=value)
        if shown:
            cell.number_format = shown
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _total_formula(sheet: Sheet, column: int) -> str:
    """The sum of the column's rows that the filters show (109: hidden rows left out)."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column + 1)
    return f"SUBTOTAL(109,{letter}2:{letter}{len(sheet.rows) + 1})"


def _total_cells(ws: Any, sheet: Sheet) -> tuple[list[Any], dict[bytes, object]]:
    """The total row, a formula in each summed column, and each formula's figure."""
    cells = _cells(ws, sheet, totals(sheet), bold=True)
    figures: dict[bytes, object] = {}
    if not sheet.rows:
        return cells, figures
    for column, cell in enumerate(cells):
        if sheet.kind(column) in NUMBERS:
            figures[_total_formula(sheet, column).encode()] = cell.value
            cell.value = "=" + _total_formula(sheet, column)
    return cells, figures


def _with_figures(figures: dict[bytes, object]) -> Callable[[bytes], bytes]:
    """A sheet's XML with each total formula's figure stored: openpyxl writes a formula
    with an empty value, which Excel fills on opening but a preview shows as blank."""
    def fill(xml: bytes) -> bytes:
        for formula, figure in figures.items():
            xml = xml.replace(b"<f>%s</f><v></v>" % formula,
                              b"<f>%s</f><v>%s</v>" % (formula, repr(figure).encode()))
        return xml
    return fill


def _status_choices(ws: Any, sheet: Sheet) -> None:
    """A drop-down of the status words on each status column."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    words = [status_label(status)[1] for status in STATUSES]
    for column in range(len(sheet.header)):
        if sheet.kind(column) == "status" and sheet.rows:
            letter = get_column_letter(column + 1)
            choice = DataValidation(type="list", formula1=f'"{",".join(words)}"',
                                    allow_blank=True, showErrorMessage=True,
                                    errorTitle="Status", error="Choose one of: "
                                    + ", ".join(words))
            choice.add(f"{letter}2:{letter}{len(sheet.rows) + 1}")
            ws.data_validations.append(choice)


def _layout(ws: Any, sheet: Sheet) -> None:
    """Frozen header, filters over the rows (not the total), widths that fit."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{len(sheet.rows) + 1}"
    for index, title in enumerate(sheet.header):
        longest = max([len(str(title)), *(len(str(r[index])) for r in sheet.rows)])
        width = max(longest + 2, 8, MIN_WIDTHS.get(sheet.kind(index), 0))
        ws.column_dimensions[get_column_letter(index + 1)].width = min(width, 60)


def write_workbook(sheets: Sequence[Sheet], path: Path, when: dt.date) -> None:
    from openpyxl import Workbook

    # write-only: rows are streamed out instead of kept as cell objects (40% faster for
    # the thousands of actions of a large council); the sheet's settings come first
    book = Workbook(write_only=True)
    stamp = dt.datetime(when.year, when.month, when.day)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "Golden Thread"
    edits = {}
    for position, sheet in enumerate(sheets, start=1):
        ws = book.create_sheet(sheet.name[:31])
        _layout(ws, sheet)
        _status_choices(ws, sheet)
        ws.append(list(sheet.header))
        for row in sheet.rows:
            ws.append(_cells(ws, sheet, row))
        if sheet.total:
            # a blank row first: Excel's sort and filter take the list down to it
            ws.append([])
            cells, figures = _total_cells(ws, sheet)
            ws.append(cells)
            edits[f"xl/worksheets/sheet{position}.xml"] = _with_figures(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(fixed_zip_dates(buffer.getvalue(), when, edits))
