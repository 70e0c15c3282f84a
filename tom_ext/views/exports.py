"""Downloads of every view: a CSV per matrix and one Excel workbook (no Sphinx).

Each view is one ``Sheet`` of rows as the needs give them, which the CSV writes as they are;
the sheet's column kinds let ``views.workbook`` type the workbook's cells (dates, £k, FTE,
statuses, a total row). Everything is sorted and dated with the build date, so two builds
of the same commit give the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

from tom_ext.core import stamps
from tom_ext.core.model import STATUSES
from tom_ext.core.needs import Site
from tom_ext.views import workbook
from tom_ext.views.actions import is_overdue, status_label
from tom_ext.views.coverage import cell_text, coverage
from tom_ext.views.progress import savings_rows, status_rows
from tom_ext.views.traceability import orphans, traceability
from tom_ext.views.workbook import Kind, Sheet, write_workbook

TEXT: Kind = "text"
COUNT: Kind = "count"


def coverage_sheet(site: Site) -> Sheet:
    cov = coverage(site)
    rows = []
    for row in cov.rows:
        cells = [cell_text(cell.state, cell.missing) for cell in row.cells]
        rows.append((row.department, row.tom_id, row.tom_title, *cells, row.complete,
                     row.applicable))
    return Sheet("coverage", ("Department", "TOM ID", "TOM", *(t for _, t in cov.layers),
                              "Complete layers", "Applicable layers"), tuple(rows),
                 (TEXT,) * (3 + len(cov.layers)) + (COUNT, COUNT))


def traceability_sheet(site: Site, kind: str) -> Sheet:
    trace = traceability(site, kind)
    rows = tuple((r.target_id, r.target_title, *(len(c) for c in r.cells), r.total)
                 for r in trace.rows)
    label = kind.capitalize()
    return Sheet(f"{kind}-by-tom", (f"{label} ID", label, *(t for _, t, _ in trace.toms),
                                    "Total"), rows,
                 (TEXT, TEXT, *(COUNT for _ in trace.toms), COUNT))


def actions_sheet(site: Site, today: dt.date) -> Sheet:
    rows = []
    for action in sorted(site.by_type.get("action", []), key=lambda a: a.id):
        tom, layer = site.tom_of(action), site.layer_of(action)
        rows.append((
            action.id, action.title,
            site.departments.get(tom.get("department"), "") if tom else "",
            tom.short_title if tom else "", layer.title if layer else "",
            action.get("owner"), action.get("due"), status_label(action.get("status"))[1],
            "yes" if is_overdue(action, today) else "no",
            action.get("saving"), action.get("fte"),
            ", ".join(action.links.get("supports", [])),
            action.get("classification"),
        ))
    return Sheet("actions", ("ID", "Action", "Department", "TOM", "Layer", "Owner", "Due",
                             "Status", "Overdue", "Saving (£k)", "FTE", "Supports",
                             "Classification"), tuple(rows),
                 (TEXT,) * 6 + ("date", "status", TEXT, "money", "fte"), total=True)


def progress_sheet(site: Site, today: dt.date) -> Sheet:
    rows = tuple((r.label, *r.counts, r.total, r.overdue)
                 for r in status_rows(site, today, by="tom"))
    return Sheet("progress-by-tom", ("TOM", *(status_label(s)[1] for s in STATUSES), "Total",
                                     "Overdue"), rows,
                 (TEXT, *(COUNT for _ in STATUSES), COUNT, COUNT), total=True)


def savings_sheet(site: Site) -> Sheet:
    """The Progress page's savings table in £k (the workbook adds up its All row)."""
    rows = tuple((r.department, *(_thousands(v) for v in (r.planned, r.delivered, r.target,
                                                         r.gap)))
                 for r in savings_rows(site))
    return Sheet("savings-by-department", ("Department", "Planned (£k)", "Delivered (£k)",
                                           "MTFS target (£k)", "Planned less target (£k)"),
                 rows, (TEXT, "money", "money", "money", "money"), total=True)


def _thousands(value: float | None) -> str:
    """£k as the CSV writes it: ``4312``, ``12.5``; no target: empty."""
    if value is None:
        return ""
    return f"{round(value, 2) + 0.0:.2f}".rstrip("0").rstrip(".")  # + 0.0: never "-0"


def orphans_sheet(site: Site) -> Sheet:
    found = orphans(site)
    rows = [(kind, need_id, site.by_id[need_id].title)
            for kind, ids in (("strategy no action supports", found.strategies),
                              ("priority nothing serves", found.priorities),
                              ("action that supports nothing", found.actions),
                              ("TOM aligned to no priority", found.toms))
            for need_id in ids]
    return Sheet("orphans", ("Kind", "ID", "Title"), tuple(rows))


def all_sheets(site: Site, today: dt.date) -> list[Sheet]:
    return [coverage_sheet(site), traceability_sheet(site, "strategy"),
            traceability_sheet(site, "priority"), progress_sheet(site, today),
            savings_sheet(site), actions_sheet(site, today), orphans_sheet(site)]


def to_csv(sheet: Sheet) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(sheet.header)
    writer.writerows(sheet.rows)
    return out.getvalue()


WORKBOOK = "golden-thread.xlsx"


def digest(sheets: Sequence[Sheet], today: dt.date) -> str:
    """What the downloads are made from (the data, the date, and the modules that write
    them): the same digest, the same files."""
    made = hashlib.sha256(Path(__file__).read_bytes() + Path(workbook.__file__).read_bytes())
    made.update((repr(list(sheets)) + today.isoformat()).encode())
    return made.hexdigest()


def write_all(site: Site, folder: Path, today: dt.date, stamp: Path | None = None) -> list[Path]:
    """Every CSV and the workbook into ``folder``; the paths written. With ``stamp`` (a
    file outside ``folder``), nothing is written when the files there were made from the
    same data, as the digest in ``stamp`` says (a rebuild that changed no need)."""
    sheets = all_sheets(site, today)
    made_from = digest(sheets, today)
    expected = [folder / f"{sheet.name}.csv" for sheet in sheets] + [folder / WORKBOOK]
    if stamp is not None:
        if stamps.current(stamp, made_from, expected):
            return []
        stamps.forget(stamp)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        path = folder / f"{sheet.name}.csv"
        path.write_text(to_csv(sheet), encoding="utf-8")
        written.append(path)
    book = folder / WORKBOOK
    write_workbook(sheets, book, today)
    written.append(book)
    if stamp is not None:
        stamps.record(stamp, made_from)
    return written
